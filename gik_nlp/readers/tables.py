"""Tables as the file gives them: grids of cells with offsets, beside the flattened text.

Readers that see a table's structure (html, docx, pdf, markdown pipe tables) put
``metadata["tables"]``: ``FileTable``s whose offsets refer to the EXTRACTED text (the text
the reader returns); ``readers.read`` moves them onto ``Document.tables`` with offsets into
the normalised text (``to_document``). The text itself is not changed by any of this.

Grids: every row is as wide as the table; a merged cell is the same ``FileCell`` object in
every slot it covers (its text and offsets repeat), so ``a is b`` tells a merged slot from
two cells that print the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gik_nlp.readers.normalize import OffsetMap
from gik_nlp.types import FileCell, FileTable

#: The most grid columns a merged cell may cover (HTML clamps colspan at 1000; government
#: tables have a dozen columns): a page's colspan="9999" must not make a huge grid.
MAX_SPAN = 64

#: The most cells (grid slots) kept per document: a report's tables hold a few thousand; a
#: 24 MB file of pipes would hold millions (gigabytes as objects). Tables past the budget are
#: not kept (their text is read as flattened text, like any other).
MAX_CELLS = 200_000


def line_starts(lines: Sequence[str]) -> list[int]:
    """Where each line starts in ``"\\n".join(lines)`` (the readers' texts, whose cells are offsets).

    >>> line_starts(["ab", "", "c"])
    [0, 3, 4]
    """
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def within(budget: int, tables: Sequence[FileTable]) -> list[FileTable]:
    """The leading ``tables`` whose cells fit in ``budget`` (see ``MAX_CELLS``).

    >>> cell = FileCell("1", 0, 1)
    >>> len(within(3, [FileTable(((cell, cell),), 0, 1)] * 2))
    1
    """
    out = []
    for table in tables:
        budget -= sum(len(row) for row in table.rows)
        if budget < 0:
            break
        out.append(table)
    return out


def cells_of_line(line: str, offset: int, texts: Sequence[str]) -> list[FileCell]:
    """The cells of a row printed as ``"\\t".join(texts)`` at ``offset``.

    >>> [(c.text, c.start, c.end) for c in cells_of_line("总计\\t\\t26", 10, ["总计", "", "26"])]
    [('总计', 10, 12), ('', 13, 13), ('26', 14, 16)]
    """
    cells = []
    at = offset
    for text in texts:
        cells.append(FileCell(text, at, at + len(text)))
        at += len(text) + 1
    if at - 1 != offset + len(line):
        raise ValueError(f"cells {texts!r} do not print the line {line!r}")
    return cells


def expand(rows: Sequence[Sequence[tuple[FileCell, int, int]]]) -> list[list[FileCell]]:
    """Rows of ``(cell, colspan, rowspan)`` as printed (HTML) → the grid, merged cells repeated.

    A slot taken by a cell spanning down from a row above is skipped when placing a row's
    own cells, as a browser lays the table out; rows are padded to the widest with empty cells
    at their row's end. Spans are clamped to ``1..MAX_SPAN`` (rowspan also to the rows left).

    >>> a, b, c, d = (FileCell(t, i, i + 1) for i, t in enumerate("abcd"))
    >>> grid = expand([[(a, 1, 2), (b, 2, 1)], [(c, 1, 1)], [(d, 1, 1)]])
    >>> [[cell.text for cell in row] for row in grid]
    [['a', 'b', 'b'], ['a', 'c', ''], ['d', '', '']]
    >>> grid[0][1] is grid[0][2], grid[0][0] is grid[1][0]
    (True, True)
    """
    taken: dict[int, dict[int, FileCell]] = {}   # row → column → cell spanning down into it
    grid: list[dict[int, FileCell]] = []
    for r, row in enumerate(rows):
        slots = taken.pop(r, {})
        column = 0
        for cell, colspan, rowspan in row:
            while column in slots:
                column += 1
            if colspan == rowspan == 1:
                slots[column] = cell
                column += 1
                continue
            colspan = min(max(colspan, 1), MAX_SPAN)
            rowspan = min(max(rowspan, 1), MAX_SPAN, len(rows) - r)
            for dc in range(colspan):
                slots[column + dc] = cell
                for dr in range(1, rowspan):
                    taken.setdefault(r + dr, {})[column + dc] = cell
            column += colspan
        grid.append(slots)
    return pad([[slots[c] if c in slots else None for c in range(max(slots, default=-1) + 1)] for slots in grid],
               [_row_end(row) for row in rows])


def _row_end(row: Sequence[tuple[FileCell, int, int]]) -> int:
    return max((cell.end for cell, _, _ in row), default=0)


def pad(rows: Sequence[Sequence[FileCell | None]], ends: Sequence[int]) -> list[list[FileCell]]:
    """Every row as wide as the widest: a hole (None) or a missing slot is an empty cell at the
    row's end offset ``ends[i]`` (the file prints nothing there).

    >>> a = FileCell("a", 0, 1)
    >>> [[(c.text, c.start) for c in row] for row in pad([[a, None], [a]], [1, 5])]
    [[('a', 0), ('', 1)], [('a', 0), ('', 5)]]
    """
    width = max((len(row) for row in rows), default=0)
    out = []
    for row, end in zip(rows, ends):
        filled = [cell if cell is not None else FileCell("", end, end) for cell in row]
        filled += [FileCell("", end, end) for _ in range(width - len(filled))]
        out.append(filled)
    return out


def table_of(rows: Sequence[Sequence[FileCell]]) -> FileTable | None:
    """A FileTable of grid rows (None when there are no rows or no cells)."""
    if not rows or not any(rows):
        return None
    starts = [cell.start for row in rows for cell in row]
    ends = [cell.end for row in rows for cell in row]
    return FileTable(tuple(tuple(row) for row in rows), min(starts), max(ends))


# A markdown table row: starts with a pipe (after indentation) and holds another one.
_PIPE_ROW = re.compile(r"[ \t]*\|.*\|")
# A GFM delimiter row: |---|:---:| (leading/trailing pipes optional, at least one pipe)
_DELIMITER = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+(?:[ \t]*:?-{3,}:?[ \t]*)?[ \t]*")
#: Markdown cells: split at pipes not escaped by a backslash.
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def pipe_cells(line: str, offset: int) -> list[FileCell]:
    """A markdown row's cells (the text between pipes, its spaces stripped) with offsets.

    >>> [(c.text, c.start, c.end) for c in pipe_cells("| 总计 |  | 26 |", 0)]
    [('总计', 2, 4), ('', 6, 6), ('26', 10, 12)]
    >>> [c.text for c in pipe_cells("合计 | 3", 0)]
    ['合计', '3']
    """
    bounds = [m.start() for m in _UNESCAPED_PIPE.finditer(line)]
    stripped = line.rstrip(" \t\r")
    edges = [-1] + bounds + [len(stripped)]
    pieces = list(zip(edges, edges[1:]))
    if bounds and not line[:bounds[0]].strip(" \t"):
        pieces = pieces[1:]       # nothing before the leading pipe
    if bounds and bounds[-1] == len(stripped) - 1:
        pieces = pieces[:-1]      # nothing after the trailing pipe
    cells = []
    for left, right in pieces:
        raw = line[left + 1:right]
        inner = raw.strip(" \t\r\u3000")
        # an empty cell stands right after its pipe (as the decoder's tokens put it)
        at = left + 1 + (raw.index(inner) if inner else 0)
        cells.append(FileCell(inner, offset + at, offset + at + len(inner)))
    return cells


def pipe_tables(text: str) -> list[FileTable]:
    """Markdown pipe tables in ``text``: two or more lines in a row that start with a pipe,
    or a header line above a GFM delimiter row (``|---|---|``, which is no row of the grid).

    >>> table = pipe_tables("说明\\n| 项目 | 数量 |\\n|---|---:|\\n| 申请 | 3 |\\n完")[0]
    >>> [[c.text for c in row] for row in table.rows], table.start, table.end
    ([['项目', '数量'], ['申请', '3']], 5, 34)
    """
    tables: list[FileTable] = []
    rows: list[list[FileCell]] = []
    ends: list[int] = []
    kept = 0   # cells so far (MAX_CELLS)
    lines = text.split("\n")
    starts = line_starts(lines)

    def close() -> None:
        if len(rows) >= 2 or (rows and delimited):
            table = table_of(pad(rows, ends))
            if table is not None:
                tables.append(table)
        rows.clear()
        ends.clear()

    delimited = False
    for i, line in enumerate(lines):
        delimiter = "|" in line and _DELIMITER.fullmatch(line.rstrip("\r")) is not None
        if delimiter and (rows or (i and "|" in lines[i - 1])):
            if not rows:
                # a header row without a leading pipe (GFM): the line above
                rows.append(pipe_cells(lines[i - 1], starts[i - 1]))
                ends.append(starts[i - 1] + len(lines[i - 1].rstrip(" \t\r")))
            delimited = True
            continue
        if _PIPE_ROW.match(line) or (delimited and rows and "|" in line):
            rows.append(pipe_cells(line, starts[i]))
            ends.append(starts[i] + len(line.rstrip(" \t\r")))
            kept += len(rows[-1])
            if kept > MAX_CELLS:
                rows.clear()
                break
            continue
        close()
        delimited = False
    close()
    return tables


def to_document(tables: Sequence[FileTable], offset_map: OffsetMap, text: str) -> tuple[FileTable, ...]:
    """Tables with offsets into the EXTRACTED text → the same with offsets into the normalised
    ``text`` (``offset_map`` as ``normalize`` gives it); a merged cell stays one object.

    >>> from gik_nlp.readers.normalize import normalize
    >>> text, offsets = normalize("a\\r\\n１２\\tb")
    >>> cell = FileCell("１２", 3, 5)
    >>> moved = to_document([FileTable(((cell, cell),), 3, 5)], offsets, text)[0]
    >>> moved.rows[0][0], moved.rows[0][0] is moved.rows[0][1]
    (FileCell(text='12', start=2, end=4), True)
    """
    out = []
    for table in tables:
        moved: dict[int, FileCell] = {}
        rows = []
        for row in table.rows:
            new_row = []
            for cell in row:
                new = moved.get(id(cell))
                if new is None:
                    start = offset_map.position(cell.start)
                    end = max(start, offset_map.position(cell.end))
                    new = moved[id(cell)] = FileCell(text[start:end], start, end)
                new_row.append(new)
            rows.append(tuple(new_row))
        mapped = table_of(rows)
        if mapped is not None:
            out.append(mapped)
    return tuple(out)


__all__ = ["MAX_CELLS", "MAX_SPAN", "cells_of_line", "expand", "line_starts", "pad", "pipe_cells", "pipe_tables", "table_of",
           "to_document", "within"]
