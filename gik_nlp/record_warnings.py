"""Typed warnings: each warning of a record is written ``{"kind", "fields", "message"}``.

The assembler says what it doubts in one sentence (``message``, unchanged); this module
gives that sentence its ``kind`` (what sort of doubt, for filtering and counting) and the
field ids it names (``fields``, for marking cells). docs/spec/record.md lists the kinds.
A warning read back from a record (a dict) or from an older record (a plain string) gives
the same typed form, so gold warnings stay comparable by their message.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

#: What a reader's warning starts with (pipeline.extract_document puts it there).
READER_PREFIX = "reader: "

#: How a warning's sentence is given its kind: (kind, pattern) tried in this order, the first
#: pattern found in the sentence (re.search) wins, "other" when none is. Each row names the
#: code that writes such sentences; tests/test_record_warnings.py holds an example of each.
#: docs/spec/record.md describes the kinds. (The producers in assemble/ write plain sentences;
#: the kinds are read from them here, in one table, so that the record's JSON stays as documented.)
RULES: tuple[tuple[str, str], ...] = (
    ("reader", "^" + re.escape(READER_PREFIX)),                     # pipeline.extract_document
    ("table-ambiguous", r"^table-ambiguous(?::|$)"),               # assemble/decode (AMBIGUOUS)
    ("table-unreadable", r"^table-unreadable(?::|$)"),             # assemble/decode (UNREADABLE)
    ("table-source-inconsistent", r"^table-source-inconsistent(?::|$)"),  # assemble/decode (INCONSISTENT)
    ("table-rows-not-found", r"^table-rows-not-found(?::|$)"),     # assemble/decode (NOT_FOUND)
    ("table-series", r"^table-series(?::|$)"),                     # assemble/decode (SERIES), batch_series.py
    ("table-unplaced", r"^table: "),                                # assemble/decode/fallback.py: a row's columns unknown
    ("unreadable-value", r"^unreadable value"),                     # assemble/statistics.py: a value not a number
    ("approximate", r"\(approximate\)"),                            # assemble/statistics.py: prose 200余, table 200
    ("conflict", r"^[a-z][\w.]*: (?:table|prose) (?:gives two values|says)"),  # assemble/statistics.py
    ("conflict", r"^(?=.*: prose says )(?=.*the table's)"),         # statistics.derive_headline: prose vs the cells
    ("check", r"!=|≠| > |^表[三四] "),                               # assemble/checks.py
)

#: Kinds, in the order they are tried; docs/spec/record.md describes each.
KINDS = tuple(dict.fromkeys(kind for kind, _ in RULES)) + ("other",)

#: The type of a warning's kind (the service's OpenAPI document lists them from it).
WarningKind = Literal[KINDS]  # type: ignore[valid-type]


@dataclass(frozen=True)
class RecordWarning:
    """A warning as a record writes it: what sort of doubt (one of ``KINDS``), the field ids
    its sentence names, and the sentence. The service's OpenAPI schema is generated from it."""

    kind: WarningKind
    fields: list[str]
    message: str

_FIELD_ID = re.compile(r"[a-z][a-z_]*(?:\.[a-z0-9_]+)+")
_RULES = tuple((kind, re.compile(pattern)) for kind, pattern in RULES)


def message_of(warning: str | dict[str, Any]) -> str:
    """The sentence of a warning given as a string or as a typed dict."""
    return str(warning.get("message", "")) if isinstance(warning, dict) else str(warning)


def kind_of(message: str) -> str:
    """The kind of a warning's sentence: the first of ``RULES`` whose pattern it holds.

    >>> kind_of("request.received: table says 12, prose says 13 (收到申请13件)")
    'conflict'
    >>> kind_of("request.received: prose says 200余件 (approximate), table says 200")
    'approximate'
    >>> kind_of("request.on_time + request.extended != request.completed: 3 + 1 = 4 ≠ 5")
    'check'
    >>> kind_of("table-ambiguous: 表三: rows left out or partly out: x")
    'table-ambiguous'
    """
    return next((kind for kind, pattern in _RULES if pattern.search(message)), "other")


_TABLE3 = re.compile(r"^表三 (row|column) ([^:]+):")


def fields_of(message: str) -> list[str]:
    """The field ids a warning's sentence names, in order, once each; a 表三 check names a row
    or a column by its printed header, which stands for all its cells.

    >>> fields_of("request.on_time + request.extended != request.completed: 3 + 1 = 4 ≠ 5")
    ['request.on_time', 'request.extended', 'request.completed']
    >>> fields_of("表三 row 2.重复申请: Σ applicants != 总计: 1 = 1 ≠ 2")[-1]
    'apply.unprocessed.repeated.total'
    """
    from gik_nlp.schema import FIELDS

    named = [m for m in _FIELD_ID.findall(message) if m in FIELDS]
    table3 = _TABLE3.match(message)
    if table3:
        kind, header = table3.groups()
        named += [f for f, spec in FIELDS.items() if spec.matrix == "apply"
                  and (spec.row_zh if kind == "row" else spec.column_zh) == header.strip()]
    return list(dict.fromkeys(named))


def typed(warning: str | dict[str, Any]) -> dict[str, Any]:
    """A warning as a record writes it: ``{"kind", "fields", "message"}``.

    >>> typed("x")
    {'kind': 'other', 'fields': [], 'message': 'x'}
    """
    message = message_of(warning)
    return asdict(RecordWarning(kind_of(message), fields_of(message), message))
