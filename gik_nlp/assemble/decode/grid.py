"""Grid: the cells a row prints after its label, as tokens with offsets.

Where the row's label stands in a table the reader kept (``Document.tables``: html and docx
tables with merged cells expanded, pdfplumber's cells, markdown pipe tables), the row's
cells are that table's cells after the label's cell (``FileCells.row``). Otherwise, from the
flattened text: a row's value stretch runs from the end of its label to the start of the
next row's label. Its leading numeric part is the row's cells: tabs and pipes separate cells and
keep blank ones (two separators with nothing between); spaces separate cells without
keeping blanks; and where a page was scraped, numbers run together with nothing between
them (one token then holds several cells: the fill step enumerates its readings).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from gik_nlp.types import FileTable

#: Cells that say "nothing here": not applicable, never zero (record.md).
PLACEHOLDER_TOKENS = ("不适用", "——", "—", "－", "-", "/", "／", "\\", "无")

_SPACE = " \u3000\xa0\r\n"
_UNIT_WORDS = ("万元", "人次", "元", "件", "条", "次", "个", "人", "篇", "项", "%")
# a row's numeric part: digits, signs, separators, the unit words (longest first) and 不适用
_NUMERIC = re.compile(r"(?:[0-9.,，+＋\-－—／/ \u3000\xa0\t|\r\n]|" + "|".join(map(re.escape, _UNIT_WORDS))
                      + r"|不适用)*")
_PAGE_MARKER = re.compile(r"(?<![\d—－-])[-—－]\s*\d{1,3}\s*[-—－](?=\s|$)|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?")


@dataclass(frozen=True)
class Token:
    """A piece of a row's cells: ``text`` at ``[start, end)``.

    kind: "number" (digits, perhaps several cells run together), "blank" (an empty cell
    kept by a separator) or "placeholder" (—, /, 不适用 …).
    explicit: its bounds are separators that keep cells (tabs, pipes): it is one cell.
    """

    start: int
    end: int
    text: str
    kind: str
    explicit: bool = False


def numeric_part(text: str, start: int, end: int, next_enum: str = "") -> tuple[int, int]:
    """The leading stretch of ``text[start:end]`` that holds the row's cells.

    A row label's enumerator glued to the last cell ("00000002.其他…", with ``next_enum``
    "2") is cut off; page markers ("- 3 -") inside a table are kept for ``tokens`` to skip.

    >>> t = "0000000 2.其他法律"
    >>> s, e = numeric_part(t, 0, len(t), "2"); t[s:e]
    '0000000 '
    """
    match = _NUMERIC.match(text, start, end)
    stop = match.end() if match else start
    # a page marker in the middle of a table: the row's cells may continue after it
    while stop < end:
        marker = _PAGE_MARKER.match(text, stop)
        if not marker:
            break
        again = _NUMERIC.match(text, marker.end(), end)
        stop = again.end() if again else marker.end()
    piece = text[start:stop]
    if next_enum:
        # "…0 0 2、政府公报…": the 、 stops the part; "…00000002.其他…": the . is inside it
        after = text[stop:stop + 1]
        glued = (re.search(rf"{re.escape(next_enum)}\s*[.．]\s*$", piece)
                 or (after in "、.．" and after and re.search(rf"{re.escape(next_enum)}\s*$", piece)))
        if glued:
            stop = start + glued.start()
    tail = re.search(r"\n[ \t\u3000\xa0|]*$", text[start:stop])
    if tail:
        # the next line's leading pipe or indent belongs to the next row
        stop = start + tail.start()
    return start, stop


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The tokens of a numeric part (see ``numeric_part``).

    >>> [(t.text, t.kind) for t in tokens("| 3 |  | — |", 0, 12)]
    [('3', 'number'), ('', 'blank'), ('—', 'placeholder')]
    >>> [t.text for t in tokens("150 000015", 0, 10)]
    ['150', '000015']
    """
    piece = _PAGE_MARKER.sub(lambda m: " " * len(m.group()), text[start:end])
    out: list[Token] = []
    if "\t" in piece or "|" in piece:
        cells = re.split(r"[\t|]", piece)
        cursor = start
        if piece.strip(_SPACE)[:1] in ("|", "\t") or piece.lstrip(_SPACE)[:1] == "\t":
            # the separator that ends the label's own cell
            lead = len(cells[0]) + 1
            cells, cursor = cells[1:], start + lead
        if piece.strip(_SPACE).endswith("|"):
            cells = cells[:-1]
        if cells and not cells[-1].strip(_SPACE) and piece.rstrip(" \u3000\xa0").endswith("\t"):
            cells = cells[:-1]
        for cell in cells:
            stripped = cell.strip(_SPACE)
            at = cursor + (cell.index(stripped) if stripped else 0)
            if not stripped:
                out.append(Token(at, at, "", "blank", True))
            else:
                for token in _soft(stripped, at):
                    out.append(Token(token.start, token.end, token.text, token.kind, True))
            cursor += len(cell) + 1
        return out
    return _soft(piece, start)


def _soft(piece: str, offset: int) -> list[Token]:
    out = []
    for match in re.finditer(r"[^ \u3000\xa0\r\n]+", piece):
        word = match.group()
        bare = word
        for unit in _UNIT_WORDS:
            if bare.endswith(unit) and len(bare) > len(unit):
                bare = bare[:-len(unit)]
                break
        s = offset + match.start()
        if word in PLACEHOLDER_TOKENS or re.fullmatch(r"[—\-－/／]+", word):
            out.append(Token(s, s + len(word), word, "placeholder"))
        elif word in _UNIT_WORDS:
            continue
        else:
            out.append(Token(s, s + len(bare), bare.replace(",", "").replace("，", ""), "number"))
    return out


class FileCells:
    """The reader's tables (``Document.tables``), to read a row's cells from the file's own grid.

    >>> from gik_nlp.types import FileCell
    >>> text = "予以公开\\t\\t12件\\t—\\n总计\\t3 4"
    >>> label, blank, twelve, dash = (FileCell(text[a:b], a, b) for a, b in ((0, 4), (5, 5), (6, 9), (10, 11)))
    >>> table = FileTable(((label, blank, twelve, dash),), 0, 11)
    >>> toks, end = FileCells([table]).row(text, 4, 4)
    >>> [(t.text, t.kind, t.start, t.explicit) for t in toks], end
    ([('', 'blank', 5, True), ('12', 'number', 6, True), ('—', 'placeholder', 10, True)], 11)
    >>> FileCells([table]).row(text, 14, 14) is None   # not in a table: read from the text
    True
    """

    def __init__(self, tables: Sequence[FileTable]) -> None:
        self.tables = list(tables)
        # every cell with text, at the first row and column it covers: (start, end, table, row, first, last column)
        entries = []
        for t, table in enumerate(self.tables):
            for r, row in enumerate(table.rows):
                c = 0
                while c < len(row):
                    cell, last = row[c], c
                    while last + 1 < len(row) and row[last + 1] is cell:
                        last += 1
                    if cell.end > cell.start and not (r and table.rows[r - 1][c] is cell):
                        entries.append((cell.start, cell.end, t, r, c, last))
                    c = last + 1
        entries.sort()
        self._entries = entries
        self._starts = [entry[0] for entry in entries]

    def row(self, text: str, label_end: int, cells_start: int) -> tuple[list[Token], int] | None:
        """The cells of the table row whose label ends at ``label_end`` (``cells_start``: where
        alignment put the start of its cells, past a note or a unit), as explicit tokens, and
        the end of the last one. A cell merged across columns is one token (the figure is
        printed once: which of its columns it fills is the fill step's to find, as in the text).
        None — read the row from the text instead — when the label is in no table, when its
        cell holds more than the label (numbers too), when a cell after it comes down from the
        row above (merged across rows), or when the row has no numeric cell after the label.
        """
        at = bisect_right(self._starts, label_end - 1) - 1
        if at < 0 or not label_end - 1 < self._entries[at][1]:
            return None
        start, end, t, r, _, last = self._entries[at]
        if text[max(cells_start, label_end):end].strip(_SPACE + "\t|"):
            return None   # the label's cell holds its numbers as well
        rows = self.tables[t].rows
        row = rows[r]
        out: list[Token] = []
        stop = end
        for c in range(last + 1, len(row)):
            cell = row[c]
            if cell is row[c - 1]:
                continue   # a cell merged across columns is one printed cell: one token, as in the text
            if r and c < len(rows[r - 1]) and rows[r - 1][c] is cell:
                return None
            if cell.start < cells_start:
                if cell.end > cells_start:
                    return None
                continue   # a unit column alignment read past (计量单位)
            if not text[cell.start:cell.end].strip(_SPACE):
                out.append(Token(cell.start, cell.start, "", "blank", True))
                continue
            s, e = numeric_part(text, cell.start, cell.end)
            if text[e:cell.end].strip(_SPACE):
                break      # a cell of words: the row's cells end before it
            out.extend(replace(token, explicit=True) for token in tokens(text, s, e))
            stop = cell.end
        if not any(token.kind != "blank" for token in out):
            return None
        return out, max(stop, out[-1].end)


__all__ = ["FileCells", "PLACEHOLDER_TOKENS", "Token", "numeric_part", "tokens"]
