"""The table decoder: national (and provincial) tables read against their templates.

Four steps, one module each:

1. regions (here, ``_starts``): where a table of a template may begin — its first row's label,
   or for a table printed header-first (表四) its header words;
2. align (``align.py``): the template's rows found in order, each with its label and the
   stretch after it that holds its cells;
3. grid (``grid.py``): each row's cells as tokens: from the table the reader kept
   (``Document.tables``) where the row's label stands in one, else from the stretch's text
   (tabs/pipes keep blank cells; spaces separate; scraped text runs numbers together);
4. fill (``fill.py``): every reading of each row, kept when the template's identities
   accept it; a cell is filled when all accepted readings agree on it, else it is left out
   with a typed warning naming the cells and why.

Table rows no template decodes (the national pre-2019 统计表, other tables) are read by the
fallback row reader (``fallback.py``); ``records.py`` turns decoded cells into the record
builder's pairings, taking precedence over the fallback's.

The template is chosen per table (a report may print a 2021 表二 above a 2019 表三). Cells
come from the text, not from the tagger: a number the template and its identities prove is
read whether or not it was tagged.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from gik_nlp.assemble.decode.align import ROW_WINDOW, RowHit, align_rows, find_label
from gik_nlp.assemble.decode.fill import (Cell, Reading, Solution, TooManyReadings, blank_readings, failing,
                                          holds, readings, row_ok, solve)
from gik_nlp.assemble.decode.fill import parse_number as fill_number
from gik_nlp.assemble.decode.grid import FileCells, numeric_part, tokens
from gik_nlp.assemble.fields import matrix_columns
from gik_nlp.schema.templates import Template, templates
from gik_nlp.types import FileTable

#: Confidence of a cell printed on its own (one reading) and of one the identities single out.
PRINTED_CONFIDENCE = 1.0
PROVEN_CONFIDENCE = 0.95
#: ... and of one singled out only by a figure the report states elsewhere.
STATED_CONFIDENCE = 0.85
#: ... and of one singled out by an identity across consecutive reports of the body (series.py):
#: an identity of the form, but it rests on the other report's reading and on the two being one body's.
SERIES_CONFIDENCE = 0.9
#: A table is taken when at least this share of its template's rows is found with cells.
MIN_ROW_SHARE = 0.5

# Warning kinds (each warning starts with one).
AMBIGUOUS = "table-ambiguous"
UNREADABLE = "table-unreadable"
INCONSISTENT = "table-source-inconsistent"
NOT_FOUND = "table-rows-not-found"
SERIES = "table-series"


@dataclass(frozen=True)
class SeriesLimit:
    """What another report of the same body proves of one row (series.py): the value tuples of
    the row's readings that satisfy a series identity with some reading of that report.

    template / row: the template's name and the row id; values: the readings' values, in the
    row's column order; identity: the identity's text; source: the other report, as the warning
    names it (its year and file)."""

    template: str
    row: str
    values: frozenset[tuple[float | int | None, ...]]
    identity: str
    source: str


@dataclass(frozen=True)
class DecodedCell:
    """One filled cell.

    field_id: the field, or None for a cell kept as an other statistic (``name`` says what).
    value: the number; None for a placeholder (—, /, 不适用: not applicable, never 0).
    span: the cell's offsets; label_span: its row label's offsets.
    """

    field_id: str | None
    name: str
    value: float | int | None
    text: str
    span: tuple[int, int]
    label_span: tuple[int, int]
    confidence: float
    template: str


@dataclass
class DecodedTable:
    template: Template
    start: int
    end: int
    cells: list[DecodedCell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_found: int = 0
    left_out: list[str] = field(default_factory=list)   # field ids (or names) not filled
    format_known: bool = True   # False when a template of another format reads it as well
    blanks: int = 0             # blank cells read inside its rows (a template that fits needs fewer)
    rows_expected: int = 0      # the template's rows up to the last one found (all of them unless cut)
    rows_missing: int = 0       # its rows (not optional) before the last one found that are not printed
    headers: int = 0            # its columns whose header is printed in or just above it
    #: each row's readings that its row identities accept (row id → (columns, readings)): what
    #: a series identity across reports chooses among (series.py)
    options: dict[str, tuple[tuple[str, ...], list[Reading]]] = field(default_factory=dict)

    @property
    def score(self) -> tuple[int, int, int, int]:
        """Rows read less the template's rows not printed (a sibling template with a row more
        reads as many labels, but not its own row), cells read, then (between templates that
        read as much) the one whose column headers are printed, and the one that leaves fewer
        cells blank."""
        return self.rows_found - self.rows_missing, len(self.cells), self.headers, -self.blanks


#: How far above a table its column headers may stand (a title, a 第二十条第（一）项 line).
HEADER_REACH = 120


def _headers(text: str, table: DecodedTable) -> int:
    """How many of the table's template columns print one of their headers in or above it.

    >>> from gik_nlp.schema.templates import templates
    >>> t = "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\\n规章 | 0 | 0 | 0"
    >>> [_headers(t, DecodedTable(templates()[n], 30, len(t))) for n in ("disclosure_2019", "disclosure_2021")]
    [1, 3]
    """
    names = dict(matrix_columns().get(table.template.matrix, ()))
    window = text[max(0, table.start - HEADER_REACH):table.end]
    columns = {c for row in table.template.rows for c in row.columns}
    return sum(1 for c in columns if any(name in window for name in names.get(c, ())))


@dataclass
class Decoding:
    """Every table the decoder read in a text."""

    tables: list[DecodedTable] = field(default_factory=list)

    @property
    def cells(self) -> list[DecodedCell]:
        return [c for t in self.tables for c in t.cells]

    @property
    def warnings(self) -> list[str]:
        return [w for t in self.tables for w in t.warnings]

    @property
    def ambiguous(self) -> bool:
        return any(t.left_out for t in self.tables)

    def covers(self, start: int, end: int) -> bool:
        return any(t.start <= start and end <= t.end for t in self.tables)


def _starts(text: str, template: Template) -> list[int]:
    """Where a table of the template may begin."""
    if template.layout == "header_then_values":
        # its header words (结果维持, or 行政复议 heading a small table or a broken header)
        words = list(template.anchors) + [template.rows[0].labels[0]]
        return sorted({m.start() for w in words for m in re.finditer(re.escape(w), text)})
    first = template.rows[0]
    out = []
    cursor = 0
    while True:
        at = find_label(text, first, cursor, len(text))
        if at is None:
            return out
        out.append(at[0])
        cursor = at[1]


def _row_name(template: Template, row_id: str, column: str) -> str:
    label = template.row(row_id).labels[0]
    if column in template.other_columns:
        return f"{label}（{'历年累计' if column == 'cumulative' else column}）"
    return label


def _emit(table: DecodedTable, hits: Mapping[str, RowHit], solution: Solution,
          options: Mapping[str, tuple[tuple[str, ...], list[Reading]]], stated: set[str],
          chained: Mapping[str, tuple[SeriesLimit, list[Reading]]] | None = None) -> None:
    """The solution's cells into the table, with their confidence, and its warnings.
    ``chained``: rows a series limit narrowed (row id → (the limit, its readings before))."""
    template = table.template
    chained = chained or {}
    table.options = dict(options)
    proven_by: dict[str, list[str]] = {}
    out_by_row: dict[str, list[str]] = {}
    for rid, (cols, rs) in options.items():
        row_cells = solution.cells.get(rid)
        hit = hits[rid]
        for index, column in enumerate(cols):
            field_id = template.field_id(rid, column)
            cell = row_cells[index] if row_cells else None
            if cell is None:
                table.left_out.append(field_id or _row_name(template, rid, column))
                out_by_row.setdefault(rid, []).append(field_id or f"{rid}:{column}")
                continue
            value, s, e, printed = cell
            if value is None and not printed:
                table.blanks += 1
                continue  # blank stays blank
            before = chained[rid][1] if rid in chained else rs
            confidence = PRINTED_CONFIDENCE if len(before) == 1 else (
                STATED_CONFIDENCE if rid in stated else PROVEN_CONFIDENCE)
            if len({r[index] for r in before}) > 1 and len({r[index] for r in rs}) == 1 and rid in chained:
                # the readings of the report alone disagree here: the other report chose
                confidence = min(confidence, SERIES_CONFIDENCE)
                proven_by.setdefault(rid, []).append(field_id or _row_name(template, rid, column))
            table.cells.append(DecodedCell(field_id, _row_name(template, rid, column), value, printed,
                                           (s, e), (hit.label_start, hit.label_end), confidence,
                                           template.name))
    if solution.ambiguous:
        # the cells left out by their field ids (record_warnings reads them into "fields")
        parts = [f"{rid} ({why}: {', '.join(out_by_row.get(rid, ()))})" if out_by_row.get(rid)
                 else f"{rid} ({why})" for rid, why in solution.ambiguous.items()]
        others = [f for rid, fields in out_by_row.items() if rid not in solution.ambiguous for f in fields]
        if others:   # 表四 read flat: the readings are the whole table's
            parts.append("cells left out: " + ", ".join(others))
        table.warnings.append(f"{AMBIGUOUS}: {template.title}: rows left out or partly out: "
                              + "; ".join(parts))
    for rid, cells in proven_by.items():
        limit = chained[rid][0]
        table.warnings.append(f"{SERIES}: {template.title}: row {rid} ({', '.join(cells)}) read with "
                              f"{limit.source}: {len(options[rid][1])} of its {len(chained[rid][1])} readings satisfy "
                              f"{limit.identity}")


def _prefer(template: Template, options, hints: Mapping[str, set[float | int]]) -> dict[str, set[float | int]]:
    out = {}
    for rid, (cols, _) in options.items():
        for column in cols:
            field_id = template.field_id(rid, column)
            if field_id and field_id in hints:
                out[f"{rid}:{column}"] = hints[field_id]
    return out


def _row_readings(template: Template, cols: tuple[str, ...], toks) -> list[Reading] | None:
    """A row's readings that its row identities accept (all of them when the print leaves
    one reading: a broken identity is then the source's); None when too many to enumerate."""
    accept = (lambda r: row_ok(template, cols, r))
    toks = list(toks)
    # empty cells kept by tabs under a label merged over several columns (PDF and Word text),
    # or after the last column: more cells than the row has
    while len(toks) > len(cols) and toks[0].explicit and toks[0].kind == "blank":
        toks.pop(0)
    while len(toks) > len(cols) and toks[-1].explicit and toks[-1].kind == "blank":
        toks.pop()
    try:
        rs = readings(toks, len(cols), None if len(toks) == len(cols) else accept)
    except TooManyReadings:
        return None
    # fewer numbers than cells: run together, or blank cells collapsed (`921 22 19 962` may be
    # either): both kinds of reading stand until the identities choose
    collapsed = [r for r in blank_readings(toks, len(cols)) if row_ok(template, cols, r)]
    return rs + [r for r in collapsed if r not in rs]


#: What may follow the last row of a table cut by the end of an excerpt: the start of the next
#: row's label at most (``（二）部分``), no further cells.
MAX_CUT_TAIL = 40
#: What ends a cell: a cell with none of these after it at the end of the text may be cut.
_CELL_END = ("|", "\t", "\n")


def _cut_by_end(text: str, template: Template, hits: list[RowHit]) -> bool:
    """Whether the text ends inside the table (an excerpt cut mid-table, docs/spec/annotation.md
    D12): after the last row found, at most the start of another label and no digit.

    >>> from gik_nlp.schema.templates import templates
    >>> t, cut = templates()["apply_2021"], "一、本年新收政府信息公开申请数量 | 0 | 0 |\\n（二"
    >>> _cut_by_end(cut, t, align_rows(cut, t, 0)), _cut_by_end(cut + "部分公开 | 0 | 0 |", t, align_rows(cut, t, 0))
    (True, False)
    """
    if not hits or hits[-1].row.id == template.rows[-1].id:
        return False
    last = hits[-1]
    s, e = numeric_part(text, last.cells_start, len(text))
    rest = text[e:].strip(" \t\u3000\xa0\r\n|")
    return len(rest) <= MAX_CUT_TAIL and not re.search(r"\d|[。；;]", rest)


def _proven(template: Template, cols: tuple[str, ...], toks: list) -> bool:
    """Whether the tokens, one per column, satisfy every row identity, and there is one to check."""
    if len(toks) != len(cols) or any(t.kind != "number" for t in toks):
        return False
    reading = readings(toks, len(cols))
    if len(reading) != 1:
        return False
    cells = dict(zip(cols, reading[0]))
    checks = [holds(i, template, cells) for i in template.identities if i.per == "row"]
    return bool(checks) and all(c is True for c in checks)


def _cut_row(text: str, template: Template, toks: list, cols: tuple[str, ...],
             spaced: bool = True) -> tuple[list, tuple[str, ...]]:
    """The cells of the last row of a cut table (D12): every cell followed by its delimiter
    (``|``, a tab, a line break) counts, the last one with none after it may be cut and does
    not — unless the row prints all its cells and its identities prove them; the columns are
    the first ones, as many as cells remain (read left to right). Cells separated by spaces
    only are read so when the table's other rows print one token a cell (``spaced``); numbers
    run together are left to the identities, as in any row.

    >>> from gik_nlp.assemble.decode.grid import tokens as tk
    >>> from gik_nlp.schema.templates import templates
    >>> t, tpl = " | 0 | 1 | 2 ", templates()["apply_2021"]
    >>> toks, cols = _cut_row(t, tpl, tk(t, 0, len(t)), ("natural_person", "business", "research", "nonprofit"))
    >>> [x.text for x in toks], cols
    (['0', '1'], ('natural_person', 'business'))
    >>> t = "3 1 0 0 0 0 4"
    >>> [x.text for x in _cut_row(t, tpl, tk(t, 0, len(t)), tpl.columns)[0]]
    ['3', '1', '0', '0', '0', '0', '4']
    """
    toks = list(toks)
    if not spaced and not all(t.explicit for t in toks):
        return toks, cols
    if (toks and toks[-1].kind != "blank" and not _proven(template, cols, toks)
            and not text[toks[-1].end:].lstrip(" \u3000\xa0").startswith(_CELL_END)):
        toks.pop()
    while toks and toks[-1].kind == "blank" and len(toks) > len(cols):
        toks.pop()
    if len(toks) >= len(cols):
        return toks, cols
    if not all(t.explicit or (t.kind == "number" and fill_number(t.text) is not None) for t in toks):
        return [], cols   # run-together digits of a cut row: no way to tell its cells
    return toks, tuple(cols[:len(toks)])


def _narrow(template: Template, options: dict[str, tuple[tuple[str, ...], list[Reading]]],
            series: Mapping[tuple[str, str], SeriesLimit]) -> dict[str, tuple[SeriesLimit, list[Reading]]]:
    """Rows whose readings a series limit narrows, narrowed in ``options`` (a limit no reading
    meets says nothing: the row keeps its readings); row id → (the limit, its readings before)."""
    out = {}
    for rid, (cols, rs) in list(options.items()):
        limit = series.get((template.name, rid))
        if limit is None:
            continue
        kept = [r for r in rs if tuple(c[0] for c in r) in limit.values]
        if kept and len(kept) < len(rs):
            out[rid] = (limit, rs)
            options[rid] = (cols, kept)
    return out


def _decode_rows(text: str, template: Template, start: int, hints: Mapping[str, set[float | int]],
                 cells: FileCells | None = None,
                 series: Mapping[tuple[str, str], SeriesLimit] | None = None) -> DecodedTable | None:
    hits = align_rows(text, template, start)
    if not hits:
        return None
    table = DecodedTable(template, hits[0].label_start, hits[-1].cells_end)
    options: dict[str, tuple[tuple[str, ...], list[Reading]]] = {}
    by_row: dict[str, RowHit] = {}
    ends = []
    overflow: set[str] = set()
    cut = _cut_by_end(text, template, hits)
    spaced = True   # every row so far prints one token a cell
    for index, hit in enumerate(hits):
        from_file = cells.row(text, hit.label_end, hit.cells_start) if cells is not None else None
        cols = hit.row.columns
        last_cut = cut and index == len(hits) - 1
        if from_file:
            toks, e = from_file
        else:
            next_enum = hits[index + 1].row.enum if index + 1 < len(hits) else ""
            s, e = numeric_part(text, hit.cells_start, hit.cells_end, next_enum)
            toks = tokens(text, s, e)
            if last_cut:
                toks, cols = _cut_row(text, template, toks, cols, spaced and index > 0)
        if toks and not last_cut:
            spaced = spaced and len(toks) == len(cols)
        if not toks:
            continue
        rs = _row_readings(template, cols, toks)
        if rs is None:
            overflow.add(hit.row.id)
            rs = []
        options[hit.row.id] = (cols, rs)
        by_row[hit.row.id] = hit
        ends.append(e)
    table.rows_found = sum(1 for cols, rs in options.values() if rs)
    if len(hits) > 2 and sum(1 for h in hits[:-1] if h.row.id not in options) * 2 >= len(hits) - 1:
        return _numbers_apart(text, template, hits, hints)
    if not options:
        return None
    table.end = max(ends)
    order = [r.id for r in template.rows]
    table.rows_expected = (order.index(hits[-1].row.id) + 1) if cut else len(order)
    found = {h.row.id for h in hits}
    missing = [r.id for r in template.rows[:table.rows_expected] if r.id not in found and not r.optional]
    table.rows_missing = len(missing)
    if missing:
        # not printed, or printed out of the template's order: never read as another row
        table.warnings.append(f"{NOT_FOUND}: {template.title}: rows not found in the template's order: "
                              + ", ".join(missing))
    chained = _narrow(template, options, series) if series else {}
    prefer = _prefer(template, options, hints)
    solution = solve(template, options, prefer)
    for rid in overflow:
        solution.ambiguous[rid] = "too many ways to cut its run-together digits to try"
    stated = {key.split(":")[0] for key in prefer}
    _emit(table, by_row, solution, options, stated, chained)
    if solution.accepted:
        return table
    complete = {rid: (cols, rs[0]) for rid, (cols, rs) in options.items() if len(rs) == 1}
    problems = failing(template, complete)
    if problems:
        table.warnings.append(f"{INCONSISTENT}: {template.title}: the printed cells break "
                              + "; ".join(problems[:8]) + ("" if len(problems) <= 8 else " …"))
    return table


#: Lines of numbers after a block of labels that may be stray (a page number, a year).
MAX_STRAY_LINES = 2


def _numbers_apart(text: str, template: Template, hits: list[RowHit],
                   hints: Mapping[str, set[float | int]]) -> DecodedTable | None:
    """Labels printed in one block, their number rows in another below it (a PDF text layer
    that keeps columns apart). Number lines are given to the rows in order; a stray line (a
    page number) is found by trying each way to leave lines out: the identities must accept
    exactly one."""
    lines: list[tuple[int, int, list]] = []
    cursor = hits[-1].label_end
    while cursor < len(text) and len(lines) < len(hits) + MAX_STRAY_LINES + 1:
        end = text.find("\n", cursor)
        end = len(text) if end < 0 else end
        if text[cursor:end].strip():
            s, e = numeric_part(text, cursor, end)
            if text[e:end].strip():
                break
            toks = tokens(text, s, e)
            if toks:
                lines.append((s, e, toks))
        cursor = end + 1
    extra = len(lines) - len(hits)
    if extra < 0 or extra > MAX_STRAY_LINES:
        return None
    found = []
    for skip in itertools.combinations(range(len(lines)), extra):
        kept = [line for index, line in enumerate(lines) if index not in skip]
        options = {}
        for hit, (_, _, toks) in zip(hits, kept):
            cols = hit.row.columns
            options[hit.row.id] = (hit.row.columns, _row_readings(template, cols, toks) or [])
        if any(not rs for _, rs in options.values()):
            continue
        prefer = _prefer(template, options, hints)
        solution = solve(template, options, prefer)
        if solution.accepted:
            found.append((skip, options, solution, prefer))
    table = DecodedTable(template, hits[0].label_start, lines[-1][1] if lines else hits[-1].label_end)
    if len(found) != 1:
        table.left_out = [template.field_id(h.row.id, c) or h.row.id for h in hits for c in h.row.columns]
        table.warnings.append(f"{AMBIGUOUS}: {template.title}: labels and numbers printed apart; "
                              f"{len(found)} ways to pair {len(lines)} number lines with {len(hits)} rows "
                              "satisfy the identities; cells left out: " + ", ".join(table.left_out))
        return table
    _, options, solution, prefer = found[0]
    table.rows_found = len(hits)
    _emit(table, {h.row.id: h for h in hits}, solution, options, {k.split(":")[0] for k in prefer})
    return table


def _decode_flat(text: str, template: Template, start: int, hints: Mapping[str, set[float | int]]) -> DecodedTable | None:
    """A table printed header-first: every label and column name, then all the numbers
    (表四 on one line, or as small tables under block headings)."""
    columns = [name for _, names in matrix_columns().get(template.matrix, ()) for name in names]
    header_words = sorted({w for r in template.rows for w in r.labels} | {"行政诉讼", "行政复议"}
                          | set(columns) | {c[:2] for c in columns} | {c[2:] for c in columns if len(c) > 2}
                          | {"（", "）", "(", ")"} | set("一二三、"), key=len, reverse=True)
    # header words, with the gaps, pipes and markdown rules (|---|) between them
    header = re.compile(r"(?:(?:[ \t\u3000\xa0\r\n|]|[-:]{3,})*(?:" + "|".join(re.escape(w) for w in header_words)
                        + r"))+(?:[ \t\u3000\xa0\r\n|]|[-:]{3,})*(?=[\d—/-])")
    cursor = start
    ncells = sum(len(r.columns) for r in template.rows)
    toks = []
    spans = []
    first = None
    while len(toks) < ncells:
        match = header.match(text, cursor)
        if not match or match.end() == cursor:
            if first is None:
                return None
            break
        first = first if first is not None else match.start()
        s, e = numeric_part(text, match.end(), min(len(text), match.end() + ROW_WINDOW))
        got = tokens(text, s, e)
        if not got:
            break
        toks += got
        spans.append((s, e))
        cursor = e
    if sum(len(t.text) if t.kind == "number" else 1 for t in toks) < ncells:
        return None   # fewer characters than cells: a figure in prose ("行政复议0件"), no table
    table = DecodedTable(template, start, cursor)
    try:
        rs = readings(toks, ncells) or blank_readings(toks, ncells)
    except TooManyReadings:
        rs = []

    def split(reading: Reading) -> dict[str, tuple[tuple[str, ...], Reading]]:
        out, i = {}, 0
        for r in template.rows:
            out[r.id] = (r.columns, reading[i:i + len(r.columns)])
            i += len(r.columns)
        return out

    single = len(rs) == 1
    if not single:
        rs = [r for r in rs if all(row_ok(template, cols, rr) for cols, rr in split(r).values())]
    hits = {r.id: RowHit(r, start, start, start, start) for r in template.rows}
    options = {r.id: (r.columns, list(dict.fromkeys(split(x)[r.id][1] for x in rs))) for r in template.rows}
    if not rs:
        table.left_out = [template.field_id(r.id, c) or r.id for r in template.rows for c in r.columns]
        table.warnings.append(f"{UNREADABLE}: {template.title}: {len(toks)} number(s) "
                              f"({' '.join(t.text for t in toks)}) cannot be read as its {ncells} cells")
        return table
    table.rows_found = len(template.rows)
    cells: dict[str, list[Cell | None]] = {}
    for r in template.rows:
        per = [split(x)[r.id][1] for x in rs]
        cells[r.id] = [c if all(p[i] == c for p in per) else None for i, c in enumerate(per[0])]
    ambiguous = {} if len(rs) == 1 else {"表四": f"{len(rs)} readings satisfy the identities"}
    solution = Solution(cells, len(rs), {k: v for k, v in ambiguous.items()
                                          if any(c is None for row in cells.values() for c in row)})
    if single:
        options = {r.id: (r.columns, [split(rs[0])[r.id][1]]) for r in template.rows}
    _emit(table, hits, solution, options, set())
    if single:
        problems = failing(template, split(rs[0]))
        if problems:
            table.warnings.append(f"{INCONSISTENT}: {template.title}: the printed cells break "
                                  + "; ".join(problems))
    return table


#: Templates that read the same table (one is chosen per table).
def _families() -> dict[str, list[Template]]:
    out: dict[str, list[Template]] = {}
    for template in templates().values():
        if not template.decode:
            continue
        key = template.matrix if template.matrix else "pre2019:" + ",".join(template.anchors)
        out.setdefault(key, []).append(template)
    return out


def decode_tables(text: str, hints: Mapping[str, set[float | int]] | None = None,
                  tables: Sequence[FileTable] = (), series: Sequence[SeriesLimit] = ()) -> Decoding:
    """Every template table in ``text``, decoded and verified.

    ``hints``: figures the report states outside its tables (field id → value), used only
    to choose among readings the identities all accept.
    ``tables``: the tables the reader kept (``Document.tables``, offsets into ``text``): a row
    whose label stands in one reads its cells from there (grid.FileCells).
    ``series``: what consecutive reports of the same body prove of rows (series.py): a row
    keeps only the readings its limit allows.
    """
    limits = {(s.template, s.row): s for s in series}
    hints = hints or {}
    cells = FileCells(tables) if tables else None
    decoding = Decoding()
    for family in _families().values():
        candidates: list[DecodedTable] = []
        for template in family:
            for start in _starts(text, template):
                if template.layout == "header_then_values":
                    table = _decode_flat(text, template, start, hints)
                else:
                    table = _decode_rows(text, template, start, hints, cells, limits)
                # a table cut by the end of the text is judged on its rows before the cut
                expected = table.rows_expected or len(template.rows) if table else 0
                if table is None or table.rows_found < MIN_ROW_SHARE * expected:
                    continue
                table.headers = _headers(text, table)
                candidates.append(table)
        candidates.sort(key=lambda t: t.score, reverse=True)
        for table in candidates:
            if any(t.start < table.end and table.start < t.end for t in decoding.tables):
                continue
            # a sibling template that reads the same stretch as well: the rows that tell
            # them apart are not printed, so the table says nothing of the format
            table.format_known = not any(
                other.template is not table.template and other.score == table.score
                and other.start < table.end and table.start < other.end for other in candidates)
            decoding.tables.append(table)
    decoding.tables.sort(key=lambda t: t.start)
    return decoding


__all__ = ["AMBIGUOUS", "DecodedCell", "DecodedTable", "Decoding", "INCONSISTENT", "NOT_FOUND", "SERIES",
           "SeriesLimit", "UNREADABLE", "decode_tables"]
