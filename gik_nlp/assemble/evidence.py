"""The last pass over a record's statistics: canonical units and checkable evidence.

- Units: a value printed in another unit than its field's (``300元`` for a 万元 field) is
  converted into the field's unit (schema.units); the printed value and unit are kept in
  ``printed``. A unit that cannot be converted stays as printed.
- Evidence: every evidence that points into the text gets ``text``, the characters it
  covers (from the name's start to the value's end), so a reader can check a figure
  without the document; and ``source_span``, the same span as offsets into the text the user
  gave, where the reader keeps such a mapping (plain-text files and texts passed as
  strings: ``Document.offset_map`` leads back to the decoded file). For other inputs the
  offsets stay offsets into the record's normalised text (record.md, "Evidence").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from gik_nlp.schema import FIELDS
from gik_nlp.schema.units import canonical
from gik_nlp.types import Document, OtherStatistic, Statistic

#: Readers whose offset map leads into the text as the user gave it (the decoded file, the string).
SOURCE_MAPPED_READERS = ("txt", "text")

#: Evidence keys holding [start, end] offsets into the record's text.
_SPAN_KEYS = ("name", "value", "sentence", "span")


def in_canonical_unit(field_id: str, statistic: Statistic) -> Statistic:
    """The statistic with its value in its field's unit (``printed`` keeps what was printed)."""
    unit = FIELDS[field_id].unit
    if statistic.unit == unit or not statistic.unit or statistic.printed is not None:
        return statistic if statistic.unit else replace(statistic, unit=unit)
    value = canonical(statistic.value, statistic.unit, unit)
    if value is None:
        return statistic
    return replace(statistic, value=value, unit=unit,
                   printed={"value": statistic.value, "unit": statistic.unit})


def checkable(doc: Document, evidence: dict[str, Any]) -> dict[str, Any]:
    """``evidence`` with ``text`` (what its offsets cover) and, where the reader maps back to
    the user's text, ``source_span`` (those offsets there).

    >>> doc = Document(id="d", source="d.txt", text="收到申请12件", metadata={"reader": "txt"})
    >>> checkable(doc, {"name": [0, 4], "value": [4, 7]})
    {'name': [0, 4], 'value': [4, 7], 'text': '收到申请12件', 'source_span': [0, 7]}
    """
    spans = [evidence[k] for k in _SPAN_KEYS if isinstance(evidence.get(k), (list, tuple)) and len(evidence[k]) == 2]
    if not spans:
        return evidence
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    if not 0 <= start <= end <= len(doc.text):
        return evidence
    out = dict(evidence, text=doc.text[start:end])
    if doc.metadata.get("reader") in SOURCE_MAPPED_READERS:
        out["source_span"] = list(doc.original_offsets(start, end))
    return out


def finish_statistics(doc: Document, statistics: dict[str, Statistic]) -> dict[str, Statistic]:
    """Every statistic in its field's unit, its evidence checkable."""
    return {field_id: replace(in_canonical_unit(field_id, s), evidence=checkable(doc, s.evidence))
            for field_id, s in statistics.items()}


def finish_others(doc: Document, others: tuple[OtherStatistic, ...]) -> tuple[OtherStatistic, ...]:
    """Other statistics with checkable evidence (their units stay as printed: no field, no unit)."""
    return tuple(replace(o, evidence=checkable(doc, o.evidence)) for o in others)

