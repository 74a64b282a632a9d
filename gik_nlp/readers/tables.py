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
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from gik_nlp.readers.normalize import OffsetMap
from gik_nlp.types import FileCell, FileTable

#: The most grid columns a merged cell may cover (HTML clamps colspan at 1000; government
#: tables have a dozen columns): a page's colspan="9999" must not make a huge grid.
MAX_SPAN = 64

#: The most cells (grid slots) kept per document: a report's tables hold a few thousand; a
#: 24 MB file of pipes would hold millions (gigabytes as objects). Tables past the budget are
#: not kept (their text is read as flattened text, like any other) and a warning says how many.
#: Every reader counts it through ``within``, which reads it when called.
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


def cells(table: FileTable) -> int:
    """A table's cells as ``MAX_CELLS`` counts them: its grid slots (a merged cell once per slot).

    >>> cell = FileCell("1", 0, 1)
    >>> cells(FileTable(((cell, cell), (cell, cell)), 0, 1))
    4
    """
    return sum(len(row) for row in table.rows)


def _built(item: Any) -> FileTable | None:
    return item


def within(items: Iterable[Any], build: Callable[[Any], FileTable | None] = _built,
           size: Callable[[Any], int] = cells) -> tuple[list[FileTable], list[str]]:
    """A document's tables, kept in order while their cells (``cells``) add up to at most
    ``MAX_CELLS``; from the first that does not fit on, none is kept.

    items: the document's tables in order (FileTables), or what a reader builds each from
    (``build``: the FileTable, None for an item that makes none); size: an item's cells before
    it is built, at most its grid's: an item already too big by it is left out unbuilt (a huge
    table is never built only to be dropped). ``items`` is read to its end, to count the
    tables left out: every item from the first that does not fit on.
    RETURNS: the kept tables, and warnings: none, or one naming how many tables were left out.

    >>> cell = FileCell("1", 0, 1)
    >>> small, huge = FileTable(((cell, cell),), 0, 1), FileTable(((cell,) * MAX_CELLS,), 0, 1)
    >>> kept, warnings = within([small, huge, small])
    >>> kept == [small], [warning.split(":")[0] for warning in warnings]
    (True, ['2 tables not kept as grids'])
    >>> within([small, small]) == ([small, small], [])
    True
    """
    kept: list[FileTable] = []
    room = MAX_CELLS
    left_out = 0
    for item in items:
        quick = size(item)
        if left_out or quick > room:
            left_out += quick > 0   # an item without a cell makes no table: none is left out
            continue
        table = build(item)
        slots = cells(table) if table is not None else 0
        if slots > room:
            left_out += 1
        elif table is not None:
            room -= slots
            kept.append(table)
    if not left_out:
        return kept, []
    tables = "table" if left_out == 1 else "tables"
    return kept, [f"{left_out} {tables} not kept as grids: the document's tables hold more than {MAX_CELLS} cells "
                  "(the most kept); their text is read as any other"]


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


def pipe_tables(text: str) -> tuple[list[FileTable], list[str]]:
    """Markdown pipe tables in ``text``: two or more lines in a row that start with a pipe,
    or a header line above a GFM delimiter row (``|---|---|``, which is no row of the grid).
    RETURNS: the tables ``within`` keeps, and its warnings.

    >>> tables, warnings = pipe_tables("说明\\n| 项目 | 数量 |\\n|---|---:|\\n| 申请 | 3 |\\n完")
    >>> [[c.text for c in row] for row in tables[0].rows], tables[0].start, tables[0].end, warnings
    ([['项目', '数量'], ['申请', '3']], 5, 34, [])
    """
    lines = text.split("\n")
    starts = line_starts(lines)

    def build(found: tuple[int, int, int]) -> FileTable | None:
        first, stop, _ = found
        rows = [first] + [i for i in range(first + 1, stop) if not _is_delimiter(lines[i])]
        return table_of(pad([pipe_cells(lines[i], starts[i]) for i in rows],
                            [starts[i] + len(lines[i].rstrip(" \t\r")) for i in rows]))

    return within(_pipe_spans(lines), build, size=lambda found: found[2])


def _is_delimiter(line: str) -> bool:
    return "|" in line and _DELIMITER.fullmatch(line.rstrip("\r")) is not None


def _fewest_cells(line: str) -> int:
    """The fewest cells ``pipe_cells`` finds in ``line`` without finding them: none for a lone
    pipe, else one between each two unescaped pipes, and at least one.

    >>> [_fewest_cells(line) for line in (" | ", "| a |", "a | b", "| a | b | c |", "| a \\\\| b |")]
    [0, 1, 1, 3, 1]
    """
    if line.lstrip(" \t").rstrip(" \t\r") == "|":
        return 0
    return max(line.count("|") - line.count("\\|") - 1, 1)


def _pipe_spans(lines: Sequence[str]) -> Iterator[tuple[int, int, int]]:
    """Where ``pipe_tables`` finds its tables, found line by line without making cells (a huge
    file of pipes is only scanned): per table its first row's line, the line after its last row
    (rows between are the lines that are no delimiter row), and its fewest cells (for
    ``within``); rows without a cell (lone pipes) make no table."""
    first: int | None = None
    rows = fewest = 0
    delimited = False
    for i, line in enumerate(lines):
        if _is_delimiter(line) and (first is not None or (i and "|" in lines[i - 1])):
            if first is None:
                # a header row without a leading pipe (GFM): the line above
                first, rows, fewest = i - 1, 1, _fewest_cells(lines[i - 1])
            delimited = True
            continue
        if _PIPE_ROW.match(line) or (delimited and first is not None and "|" in line):
            if first is None:
                first, rows, fewest = i, 0, 0
            rows += 1
            fewest += _fewest_cells(line)
            continue
        if first is not None and (rows >= 2 or delimited) and fewest:
            yield first, i, fewest
        first = None
        delimited = False
    if first is not None and (rows >= 2 or delimited) and fewest:
        yield first, len(lines), fewest


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


__all__ = ["MAX_CELLS", "MAX_SPAN", "cells", "cells_of_line", "expand", "line_starts", "pad", "pipe_cells",
           "pipe_tables", "table_of", "to_document", "within"]
