"""A value paired with the indicator it counts: what the table decoder, the fallback row reader
and the prose reader give the record builder (assemble/statistics.py turns pairings into
statistics)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pairing:
    """A value paired with the indicator it counts (the assembler turns it into a statistic).

    field_id: the field id, or None when the name maps to none (→ other_statistics).
    name: the indicator as printed (spans of a broken header joined).
    name_span / value_span: evidence offsets; name_span None when no name was found.
    value_text: the printed value (its span's text).
    unit: a unit read from a 单位 column or a column header; "" when none.
    confidence: how sure the pairing and the field id are, in [0, 1].
    source: "table" or "prose".
    tagged: whether a STAT_VALUE span covers the value (the table decoder reads cells the
        tagger missed; the record's evidence then says ``"tagged": false``).
    """

    field_id: str | None
    name: str
    name_span: tuple[int, int] | None
    value_span: tuple[int, int]
    value_text: str
    unit: str = ""
    confidence: float = 1.0
    source: str = "table"
    tagged: bool = True   # False: a decoded table cell the tagger did not tag as STAT_VALUE


__all__ = ["Pairing"]
