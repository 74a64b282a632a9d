"""Blocks laid out as plain text, in the table renderings of formats.md.

tab_cells    one cell per line, each starting with a tab, rows separated by a blank line
blank_cells  one cell per line, blank lines between cells
pipe_cells   one cell per line, each followed by a line holding only "|"
pipe_rows    one row per line, ``规章 | 0 | 0 | 0 |``; blank cells may collapse into ``||||``
space_rows   one row per line, values separated by spaces (a PDF text layer); spanned
             header cells broken into fragments, one per line
In every rendering 表四's value row may print as one line of 15 numbers.

Where a layout drops blank cells so that the column of a matrix value cannot be told
(space_rows, collapsed pipes whose count is off, a flat 表四 line of spaces with blank
cells), the row is recorded in ``RawText.lost``: its spans stay, its cells stay out of the
gold record (a matrix is never filled by counting numbers).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from gik_nlp.synth.blocks import Block, Cell, LostRow, Para, RawText, Table

RENDERINGS = ("tab_cells", "blank_cells", "pipe_cells", "pipe_rows", "space_rows")


@dataclass(frozen=True)
class TextStyle:
    """Layout choices of one document."""

    table: str = "tab_cells"
    para_sep: str = "\n\n"
    indent: str = ""
    collapse: bool = False      # pipe_rows: blank cells collapse
    flat_t4: bool = False       # 表四's numbers on one line
    pad_values: bool = False    # tab_cells: value cells padded with ideographic spaces


def sample_style(rng: random.Random, table: str, *, collapse: bool, flat_t4: bool) -> TextStyle:
    return TextStyle(table=table, para_sep=rng.choice(["\n\n", "\n\n", "\n", "\n", "\n \n"]),
                     indent=rng.choice(["", "", "", "    ", "\u3000\u3000", "  "]), collapse=collapse,
                     flat_t4=flat_t4, pad_values=rng.random() < 0.3)


def render_text(blocks: list[Block], style: TextStyle, rng: random.Random) -> RawText:
    """Lay out the blocks; return the raw text with span and key offsets."""
    out = RawText()
    for i, block in enumerate(blocks):
        if i:
            out.write(style.para_sep if not isinstance(block, Table) and not isinstance(blocks[i - 1], Table)
                      else "\n")
        if isinstance(block, Table):
            _table(out, block, style, rng)
        else:
            _para(out, block, style, rng)
    out.write("\n")
    return out


def _para(out: RawText, para: Para, style: TextStyle, rng: random.Random) -> None:
    if para.kind == "p":
        out.write(style.indent)
    elif para.kind == "sign" and rng.random() < 0.5:
        out.write(" " * rng.randint(8, 40))
    elif para.kind == "title" and rng.random() < 0.15:
        out.write(rng.choice([" ", "\u3000", "  "]))
    out.segs(para.segs)


def _is_blank(cell: Cell) -> bool:
    return not cell.text.strip() or cell.text.strip() in ("/", "—", "——", "-", "不适用")


def _cell(out: RawText, cell: Cell, style: TextStyle, rng: random.Random, pad: bool = False) -> None:
    if pad and cell.value and cell.segs:
        out.write(rng.choice(["\u3000", " ", ""]))
        out.segs(cell.segs)
        out.write(rng.choice(["\u3000\u3000\u3000\u3000", "\u3000", ""]))
    else:
        out.segs(cell.segs)


def _fragments(out: RawText, cell: Cell, rng: random.Random) -> None:
    """A spanned header cell as a PDF text layer breaks it: a few characters a line."""
    if any(s.label for s in cell.segs) or len(cell.text) < 4:
        out.segs(cell.segs)
        out.write("\n")
        return
    text = cell.text
    step = rng.choice([1, 1, 2, 3, 5])
    pieces = [text[i:i + step] for i in range(0, len(text), step)]
    for piece in pieces:
        out.segs([cell.segs[0]._replace(text=piece)])
        out.write("\n")


def _table(out: RawText, table: Table, style: TextStyle, rng: random.Random) -> None:
    for r, row in enumerate(table.rows):
        flat = style.flat_t4 and r == table.flat_values_row
        kind = style.table
        columns_kept = True
        if flat:
            sep = rng.choice([" ", " ", "\t", "  "])
            for i, cell in enumerate(row):
                if i:
                    out.write(sep)
                out.segs(cell.segs)
            out.write("\n")
            # spaces merge with an empty cell; tabs keep it (unless it leads the line,
            # where a tab reads as Word-as-text's line prefix)
            columns_kept = all(_visible(c) for c in row) or (sep == "\t" and _visible(row[0]))
        elif kind == "tab_cells":
            for cell in row:
                out.write("\t")
                _cell(out, cell, style, rng, style.pad_values)
                out.write("\n")
            out.write("\n")
        elif kind == "blank_cells":
            for cell in row:
                if cell.segs and cell.text:
                    _cell(out, cell, style, rng)
                else:
                    out.write(rng.choice([" ", ""]))
                out.write("\n\n")
        elif kind == "pipe_cells":
            for cell in row:
                _cell(out, cell, style, rng)
                out.write("\n|\n")
        elif kind == "pipe_rows":
            columns_kept = _pipe_row(out, row, table, style, rng)
        else:
            columns_kept = _space_row(out, row, table, rng)
        if not columns_kept and r in table.matrix_rows:
            keys = tuple(s.key for c in row if c.value for s in c.segs if s.label == "STAT_VALUE" and s.key)
            if keys:
                out.lost.append(LostRow(*table.matrix_rows[r], keys))


def _visible(cell: Cell) -> bool:
    return bool(cell.text.strip())


def _pipe_row(out: RawText, row: list[Cell], table: Table, style: TextStyle, rng: random.Random) -> bool:
    """One row as ``a | b | c |``; True when every cell keeps its place (a collapsed run of
    blank cells keeps it only when it prints exactly one ``|`` per cell)."""
    if len(row) == 1 and row[0].colspan == table.ncols:
        out.segs(row[0].segs)
        out.write(" | " + "|" * (table.ncols - 1) + "\n")
        return True
    collapse = style.collapse and any(c.value and _is_blank(c) for c in row)
    kept = True
    i = 0
    while i < len(row):
        cell = row[i]
        if collapse and cell.value and _is_blank(cell):
            run = 0
            while i < len(row) and row[i].value and _is_blank(row[i]):
                run += 1
                i += 1
            pipes = rng.randint(max(1, run - 2), run + 3)
            kept = kept and pipes == run
            out.write("|" * pipes + (" " if i < len(row) else ""))
            continue
        out.segs(cell.segs)
        out.write(" | " if i < len(row) - 1 else " |")
        i += 1
    out.write("\n")
    return kept


def _space_row(out: RawText, row: list[Cell], table: Table, rng: random.Random) -> bool:
    """One row as a PDF text layer prints it; True unless a blank value cell vanished."""
    labels = [c for c in row if not c.value]
    values = [c for c in row if c.value and not _is_blank(c)]
    spanned = [c for c in labels if c.rowspan > 1 or (not values and c.colspan > 1)]
    if not values:   # a header row: every cell on its own line(s)
        for cell in labels:
            if cell.text:
                _fragments(out, cell, rng) if cell in spanned else (out.segs(cell.segs), out.write("\n"))
        return True
    for cell in spanned:
        _fragments(out, cell, rng)
    inline = [c for c in labels if c not in spanned] + values
    for i, cell in enumerate(inline):
        if i:
            out.write(" ")
        out.segs(cell.segs)
    out.write("\n")
    return all(not _is_blank(c) for c in row if c.value)
