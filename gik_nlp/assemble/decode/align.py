"""Align a table's printed rows to a template: where each template row's label stands.

Row labels are found in the template's order, each within ``ROW_WINDOW`` characters of
the previous one, tolerant of words split by spaces or printed one character a line, of
the label's enumerator ("2.", "（一）") and of a note in brackets after it. A row the print
leaves out is skipped; a row found out of order is not found (the row after it is
searched from the previous row on), so a shuffled table aligns badly and is refused.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from gik_nlp.schema.templates import Template, TemplateRow

#: The most characters between one row's label and the next (cells, group headers, notes).
ROW_WINDOW = 260
#: Group headers and notes that may stand between a label and its cells.
_NOTE = re.compile(r"\s*(?:[（(][^（）()]{0,40}[）)])")
_UNIT = re.compile(r"\s*(?:计量\s*单位\s*)?(?:万元|人次|条|件|次|个|人|篇|项|元)(?![\u4e00-\u9fff]{2})")
_GAP = r"[ \t\u3000\xa0\r\n|]*"


@dataclass(frozen=True)
class RowHit:
    """A template row found in the text: its label at ``[label_start, label_end)`` and the
    stretch after it that holds its cells, ``[cells_start, cells_end)``."""

    row: TemplateRow
    label_start: int
    label_end: int
    cells_start: int
    cells_end: int


@functools.cache
def _label_pattern(label: str) -> re.Pattern[str]:
    return re.compile(_GAP.join(re.escape(ch) for ch in label))


def find_label(text: str, row: TemplateRow, start: int, end: int) -> tuple[int, int] | None:
    """The first place in ``text[start:end]`` that prints one of the row's labels (the
    most specific label that is there wins at equal positions)."""
    best = None
    for label in row.labels:
        match = _label_pattern(label).search(text, start, end)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.end())
    return best


def align_rows(text: str, template: Template, start: int, end: int | None = None) -> list[RowHit]:
    """The template's rows found from ``start`` on (the first row must start within
    ``ROW_WINDOW``), with each row's cell stretch."""
    end = len(text) if end is None else end
    found: list[tuple[TemplateRow, int, int]] = []
    cursor = start
    for row in template.rows:
        at = find_label(text, row, cursor, min(end, cursor + ROW_WINDOW))
        if at is None:
            continue
        found.append((row, at[0], at[1]))
        cursor = at[1]
    hits = []
    for index, (row, s, e) in enumerate(found):
        stop = found[index + 1][1] if index + 1 < len(found) else min(end, e + ROW_WINDOW)
        cells = e
        note = _NOTE.match(text, cells, stop)
        if note:
            cells = note.end()
        if template.unit_column:
            unit = _UNIT.match(text, cells, stop)
            if unit:
                cells = unit.end()
        hits.append(RowHit(row, s, e, cells, stop))
    return hits


__all__ = ["ROW_WINDOW", "RowHit", "align_rows", "find_label"]
