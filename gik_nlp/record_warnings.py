"""Typed warnings: each warning of a record is written ``{"kind", "fields", "message"}``.

The assembler says what it doubts in one sentence (``message``, unchanged); this module
gives that sentence its ``kind`` (what sort of doubt, for filtering and counting) and the
field ids it names (``fields``, for marking cells). docs/spec/record.md lists the kinds.
A warning read back from a record (a dict) or from an older record (a plain string) gives
the same typed form, so gold warnings stay comparable by their message.
"""

from __future__ import annotations

import re
from typing import Any

#: Kinds, in the order they are tried; docs/spec/record.md describes each.
KINDS = ("reader", "table-ambiguous", "table-unreadable", "table-source-inconsistent", "table-rows-not-found",
         "table-unplaced", "unreadable-value", "approximate", "conflict", "check", "other")

#: What a reader's warning starts with (pipeline.extract_document puts it there).
READER_PREFIX = "reader: "

_FIELD_ID = re.compile(r"[a-z][a-z_]*(?:\.[a-z0-9_]+)+")
_CONFLICT = re.compile(r"^[a-z][\w.]*: (?:table|prose) (?:gives two values|says)")
_CHECK = re.compile(r"!=|≠| > |^表[三四] ")


def message_of(warning: str | dict[str, Any]) -> str:
    """The sentence of a warning given as a string or as a typed dict."""
    return str(warning.get("message", "")) if isinstance(warning, dict) else str(warning)


def kind_of(message: str) -> str:
    """The kind of a warning's sentence.

    >>> kind_of("request.received: table says 12, prose says 13 (收到申请13件)")
    'conflict'
    >>> kind_of("request.received: prose says 200余件 (approximate), table says 200")
    'approximate'
    >>> kind_of("request.on_time + request.extended != request.completed: 3 + 1 = 4 ≠ 5")
    'check'
    >>> kind_of("table-ambiguous: 表三: rows left out or partly out: x")
    'table-ambiguous'
    """
    if message.startswith(READER_PREFIX):
        return "reader"
    head = message.split(":", 1)[0]
    if head in KINDS and head.startswith("table-"):
        return head
    if message.startswith("table: "):
        return "table-unplaced"
    if message.startswith("unreadable value"):
        return "unreadable-value"
    if "(approximate)" in message:
        return "approximate"
    if _CONFLICT.match(message) or ": prose says " in message and "the table's" in message:
        return "conflict"
    if _CHECK.search(message):
        return "check"
    return "other"


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
    return {"kind": kind_of(message), "fields": fields_of(message), "message": message}
