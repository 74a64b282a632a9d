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
#: (Some pages print the form's whole explanatory note there: ``规范性文件（行政机关制定发布的决定、公告…）``.)
_NOTE = re.compile(r"\s*(?:[（(][^（）()]{0,200}[）)])")
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


#: Words a scraped mirror's machine conversion (to traditional characters and back) replaced:
#: 文件 became 檔案 (OpenCC's phrase table), so ``规范性文件`` prints as ``规范性档案``.
_CONVERTED = {"文件": "档案"}


@functools.cache
def _label_pattern(label: str) -> re.Pattern[str]:
    """The label as a pattern: gaps allowed between its characters, converted words accepted.

    >>> bool(_label_pattern("规范性文件").fullmatch("规范性档案")), bool(_label_pattern("规章").fullmatch("规 章"))
    (True, True)
    """
    parts = re.split("(" + "|".join(_CONVERTED) + ")", label)
    out = []
    for part in parts:
        if part in _CONVERTED:
            out.append("(?:" + "|".join(_GAP.join(re.escape(ch) for ch in w) for w in (part, _CONVERTED[part])) + ")")
        elif part:
            out.append(_GAP.join(re.escape(ch) for ch in part))
    return re.compile(_GAP.join(out))


def find_label(text: str, row: TemplateRow, start: int, end: int) -> tuple[int, int] | None:
    """The first place in ``text[start:end]`` that prints one of the row's labels (the
    most specific label that is there wins at equal positions)."""
    best = None
    for label in row.labels:
        match = _label_pattern(label).search(text, start, end)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.end())
    return best


_ANY_NOTE = re.compile(r"[（(][^（）()]{0,200}[）)]")


def _window_end(text: str, start: int, end: int) -> int:
    """Where the search for the next row's label stops: ``ROW_WINDOW`` characters on, not
    counting bracketed notes (the form's explanations printed in its labels and headers).

    >>> _window_end("x" * 300, 0, 300), _window_end("（" + "注" * 100 + "）" + "x" * 300, 0, 400)
    (260, 362)
    """
    stop = min(end, start + ROW_WINDOW)
    for note in _ANY_NOTE.finditer(text, start, min(end, start + 4 * ROW_WINDOW)):
        if note.start() >= stop:
            break
        stop = min(end, stop + note.end() - note.start())
    return stop


def align_rows(text: str, template: Template, start: int, end: int | None = None) -> list[RowHit]:
    """The template's rows found from ``start`` on (the first row must start within
    ``ROW_WINDOW``), with each row's cell stretch."""
    end = len(text) if end is None else end
    found: list[tuple[TemplateRow, int, int]] = []
    cursor = start
    for row in template.rows:
        at = find_label(text, row, cursor, _window_end(text, cursor, end))
        if at is None:
            continue
        found.append((row, at[0], at[1]))
        note = _NOTE.match(text, at[1], end)
        # the next label is searched after this one's note (a note may list other rows' names)
        cursor = note.end() if note else at[1]
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
