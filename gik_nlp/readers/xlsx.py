"""Spreadsheets (.xlsx): a 统计表 published as a workbook.

What comes out (``read_xlsx``): every sheet in order, its name on a line, then one line
per row with at least one value, cells joined by ``"\\t"`` (the table rows of the other
readers); a merged range's value sits in its first cell, the others are empty. Numbers
print as written (``12``, not ``12.0``); formulas give their cached value.
``metadata["tables"]``: each sheet's printed rows as one grid (readers.tables), rows padded
to the widest; merged ranges are not expanded (the workbook is read in read-only mode, which
does not give them): their other cells are empty, as in the text.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from gik_nlp.readers.tables import cells_of_line, line_starts, pad, table_of, within
from gik_nlp.readers.text import ReadError
from gik_nlp.types import FileTable


def cell_text(value: Any) -> str:
    """A cell value as text.

    >>> [cell_text(v) for v in (12.0, 0.5, None, " 收到申请数 ", datetime(2018, 1, 25))]
    ['12', '0.5', '', '收到申请数', '2018-01-25']
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def read_xlsx(data: bytes, name: str) -> tuple[str, dict[str, Any]]:
    """An .xlsx file's bytes → (text, ``{"sheets": [names]}``)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zipfile/openpyxl raise many types for damaged files
        raise ReadError(name, "corrupt", f"the workbook cannot be opened ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    sheets: list[str] = []
    grids: list[list[tuple[int, list[str]]]] = []   # per sheet: (line index, cell texts) per row
    try:
        for sheet in workbook.worksheets:
            sheets.append(sheet.title)
            lines.append(sheet.title)
            grids.append([])
            for row in sheet.iter_rows(values_only=True):
                cells = [cell_text(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    grids[-1].append((len(lines), cells))
                    lines.append("\t".join(cells))
    finally:
        workbook.close()
    metadata: dict[str, Any] = {"sheets": sheets}
    tables, warnings = _tables(lines, grids)
    if warnings:
        metadata["warnings"] = warnings
    if tables:
        metadata["tables"] = tables
    return "\n".join(lines), metadata


def _tables(lines: list[str], grids: list[list[tuple[int, list[str]]]]) -> tuple[list[FileTable], list[str]]:
    """Each sheet's rows (``grids``) as a grid, offsets into ``"\\n".join(lines)``, as many as
    ``within`` keeps, and its warnings."""
    starts = line_starts(lines)

    def build(rows: list[tuple[int, list[str]]]) -> FileTable | None:
        placed = [cells_of_line(lines[index], starts[index], cells) for index, cells in rows]
        return table_of(pad(placed, [starts[index] + len(lines[index]) for index, _ in rows]))

    # a sheet without rows is no table (not one to count among those left out)
    return within([rows for rows in grids if rows], build, size=lambda rows: sum(len(cells) for _, cells in rows))
