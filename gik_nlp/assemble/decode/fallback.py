"""The fallback row reader: tagged values paired with their row (and column) by the row's own
separators, for the table rows no template decodes.

The decoder (``decode/__init__.py``) reads the tables of the templates (表二/表三/表四, the 统计表
of Fujian) against their rows and identities; its cells take precedence (``decode/records.py``).
This reader goes over every table row of the text and pairs the values the tagger tagged: it is
what reads the national pre-2019 统计表 (a template the decoder does not decode), the short 附表,
tables of no template, and whatever a decoded table left out.

A table reaches us as lines (docs/spec/formats.md, "Table renderings"): one cell per
line (led by a tab, followed by a ``|`` line, or between blank lines), a row per line
(cells between tabs or pipes, or a row header followed by space-separated numbers, as in
PDF text layers), and 表四's fifteen numbers on one line. ``scan_rows`` turns the lines
into rows — a row is its header cells (labels) and the cells after them — and
``read_rows_fallback`` gives each tagged value its field id from the row's name and, in a
matrix (表二/表三/表四), from the column the value stands in.

The column of a value is taken from the row's cell structure only: where separators keep
blank cells (tabs, pipes, ``|`` lines, the empty line an empty cell leaves between blank-
line-separated cells) and the row has as many cells as the table has columns. A row whose
values cannot be placed is left out with a warning; a matrix is never filled by counting
numbers. The one inference from tags: in the short 附表 only the year's figure is tagged
(the 历年累计 column never is), so a row's single tagged number is the year's.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Sequence

from gik_nlp import limits
from gik_nlp.assemble.fields import (TABLE4_BLOCKS, FieldContext, families_in, match_field, match_target,
                                     matrix_columns)
from gik_nlp.assemble.lines import iter_lines
from gik_nlp.assemble.pairing import Pairing
from gik_nlp.schema import FIELDS
from gik_nlp.schema.templates import templates
from gik_nlp.types import Span

# Cell kinds.
LABEL, NUMBER, UNIT, BLANK, PLACEHOLDER = "label", "number", "unit", "blank", "placeholder"

#: Measure words printed in a 单位 column (a cell holding only one of these is a unit cell).
UNITS = frozenset({"条", "件", "次", "个", "人", "人次", "篇", "万元", "元", "项", "宗", "份", "期",
                   "场", "家", "户", "%", "（条）", "（件）", "（次）", "（个）", "（人）"})

#: Cells that say "nothing here": never a value, never zero (record.md).
PLACEHOLDERS = frozenset({"—", "——", "———", "－", "-", "--", "/", "／", "\\", "不适用", "无", "―", "－－",
                          "…", "/ ", "空"})

_NUMBER_CELL = re.compile(
    r"^(?:约|近|超过|共)?[+\-＋－]?\d[\d,，]*(?:\.\d+)?(?:余|多)?\s*"
    r"(?:万元|元|条|件|次|个|人次|人|篇|项|宗|份|%)?(?:余|多|以上)?$"
    r"|^[零〇一二两三四五六七八九十百千万]+(?:余|多)?(?:条|件|次|个|人次|人|篇|项)?$")
_SPACES = " \t\u3000\xa0"
_PAGE_MARKER = re.compile(r"^\s*[-—－]\s*\d+\s*[-—－]\s*$|^\s*第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?\s*$")
_RULE_LINE = re.compile(r"^[\s|:：\-—=+]*$")
# A row header followed by space-separated numbers (PDF text layers), or numbers alone.
_NUMBER_TOKEN = r"(?:[+\-＋]?\d[\d,]*(?:\.\d+)?(?:万元|元|%)?|—+|/|-)"
_NUMERIC_TAIL = re.compile(
    rf"(?:(?<=^)|(?<=[{_SPACES}]))(?:{_NUMBER_TOKEN}[{_SPACES}]+)*{_NUMBER_TOKEN}[{_SPACES}]*$")
_TOP_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
#: A line longer than this (or holding a full stop) is prose, not a table cell.
MAX_CELL_CHARS = 60

#: 表三 (its columns in print order; both formats print the same) and 表四 (its fifteen cells:
#: blocks × results), as schema/templates.yaml defines them.
_APPLY = templates()["apply_2021"]
_TABLE4 = templates()["table4"]
_TABLE4_CELLS = _TABLE4.cells()   # listed once, not again for every row read

#: Column headers of the short 附表 (seed 002): the year's figure and the running total.
ANNEX_YEAR = re.compile(r"^(?:本年|本年度|\d{4}年(?:度)?)$")
ANNEX_CUMULATIVE = ("历年累计", "累计")


@dataclass(frozen=True)
class Cell:
    """One table cell: trimmed offsets into the text (empty cells have start == end)."""

    start: int
    end: int
    kind: str
    text: str
    explicit: bool = True  # its position is kept by a separator (tab, pipe, "|" line)


@dataclass
class Row:
    """A table row: header cells, then the cells after them (values, units, blanks)."""

    labels: list[Cell] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    families: frozenset[str] = frozenset()
    headers: tuple[str, ...] = ()   # header rows above (column names), nearest last

    @property
    def explicit(self) -> bool:
        return all(c.explicit for c in self.cells)



@dataclass
class TableReading:
    """What the tables of a document gave."""

    pairings: list[Pairing] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    consumed: set[tuple[int, int]] = field(default_factory=set)   # value spans read as cells
    markers: set[str] = field(default_factory=set)                # format evidence (field ids seen)
    matrices: set[str] = field(default_factory=set)               # matrices found (apply, table4 …)


def cell_kind(text: str) -> str:
    """What a trimmed cell holds.

    >>> [cell_kind(t) for t in ("", "——", "条", "7254", "123.45万元", "+1036", "不适用", "规章")]
    ['blank', 'placeholder', 'unit', 'number', 'number', 'number', 'placeholder', 'label']
    """
    text = text.strip(_SPACES)
    if not text:
        return BLANK
    if text in PLACEHOLDERS or re.fullmatch(r"[—\-－/／―]+", text):
        return PLACEHOLDER
    if text in UNITS:
        return UNIT
    if _NUMBER_CELL.match(text.replace(" ", "")):
        return NUMBER
    return LABEL


def _cell(text: str, start: int, end: int, explicit: bool = True) -> Cell:
    """A cell over text[start:end], trimmed of spaces (offsets follow the trim)."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip(_SPACES))
    right = len(piece.rstrip(_SPACES))
    if right <= left:
        return Cell(start, start, BLANK, "", explicit)
    s, e = start + left, start + right
    return Cell(s, e, cell_kind(text[s:e]), text[s:e], explicit)


def _split(text: str, start: int, end: int, separator: str) -> list[Cell]:
    cells, cursor = [], start
    while True:
        cut = text.find(separator, cursor, end)
        if cut < 0:
            cells.append(_cell(text, cursor, end))
            return cells
        cells.append(_cell(text, cursor, cut))
        cursor = cut + 1


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    mode: str              # blank, skip, prose, terminator, single, row
    cells: tuple[Cell, ...] = ()


def _read_line(text: str, start: int, end: int) -> _Line:
    line = text[start:end]
    stripped = line.strip(_SPACES)
    if not line:
        return _Line(start, end, "blank")
    if not stripped:
        # Whitespace only: a blank cell in renderings that print one (seed 002's " " lines),
        # its position kept when a tab leads it (Word-as-text).
        return _Line(start, end, "single", (Cell(start, start, BLANK, "", "\t" in line),))
    if _PAGE_MARKER.match(line):
        return _Line(start, end, "skip")
    if stripped == "|":
        return _Line(start, end, "terminator")
    if "\t" in line:
        cells = _split(text, start, end, "\t")
        if line.startswith("\t"):
            cells = cells[1:]  # Word-as-text leads each cell line with a tab
        return _Line(start, end, "row" if len(cells) > 1 else "single", tuple(cells))
    if "|" in line and not _RULE_LINE.match(line):
        cells = _split(text, start, end, "|")
        if stripped.endswith("|"):
            cells = cells[:-1]
        if stripped.startswith("|"):
            cells = cells[1:]
        return _Line(start, end, "row" if len(cells) > 1 else "single", tuple(cells))
    if "|" in line:
        return _Line(start, end, "skip")  # a markdown rule |---|---|
    tail = _NUMERIC_TAIL.search(line)
    if tail and (tail.start() > 0 or len(line.split()) > 1 or cell_kind(stripped) == NUMBER):
        head_end = start + tail.start()
        cells = []
        if text[start:head_end].strip(_SPACES):
            cells.append(_cell(text, start, head_end, explicit=False))
        for token in re.finditer(r"\S+", text[head_end:end]):
            s = head_end + token.start()
            cells.append(Cell(s, s + len(token.group()), cell_kind(token.group()), token.group(), False))
        return _Line(start, end, "row" if len(cells) > 1 else "single", tuple(cells))
    if "。" in stripped or len(stripped) > MAX_CELL_CHARS:
        return _Line(start, end, "prose")
    return _Line(start, end, "single", (_cell(text, start, end, explicit=False),))


#: How many column-header rows above a row are kept as its context (表四 prints three).
HEADERS_KEPT = 4


@functools.cache
def _column_names() -> tuple[str, ...]:
    names = {"统计数", "单位", *ANNEX_CUMULATIVE}
    for columns in matrix_columns().values():
        for _, printed in columns:
            names.update(printed)
    names.update(name for _, block in TABLE4_BLOCKS for name in block)
    return tuple(sorted(names - {"其他", "总计"}))


def is_column_header(text: str) -> bool:
    """Whether a header row names table columns (统计数, 历年累计, 本年制发件数, 结果维持 …).

    >>> is_column_header("信息内容 本年处理决定数量"), is_column_header("（一）予以公开")
    (True, False)
    """
    squeezed = re.sub(r"\s+", "", text)
    return any(name in squeezed for name in _column_names())



def scan_rows(text: str) -> list[Row]:
    """Every table row of a text, in order (prose lines end a table)."""
    rows: list[Row] = []
    current: Row | None = None
    headers: list[str] = []
    families: frozenset[str] = frozenset()
    since_terminator = False

    def close() -> None:
        nonlocal current
        if current is not None:
            above = current.labels[:-1] if current.cells else current.labels
            text = " ".join(c.text for c in above)
            if is_column_header(text):
                headers.append(text)
            if current.cells:
                current.headers = tuple(headers[-HEADERS_KEPT:])
                rows.append(current)
        current = None

    empty_run = 0
    for start, end in iter_lines(text):
        line = _read_line(text, start, end)
        if line.mode == "blank":
            empty_run += 1
            continue
        run, empty_run = empty_run, 0
        if line.mode == "skip":
            continue
        if line.mode == "terminator":
            # Rendering 3: a "|" line ends a cell; one with no cell before it ends a blank cell.
            if current is not None and current.cells and since_terminator:
                current.cells[-1] = replace(current.cells[-1], explicit=True)
            elif current is not None and not since_terminator:
                current.cells.append(Cell(start, start, BLANK, "", True))
            since_terminator = False
            continue
        if line.mode == "prose":
            close()
            headers.clear()
            stripped = text[start:end].strip(_SPACES)
            if _TOP_SECTION.match(stripped):
                families = families_in(stripped[:40])
            continue
        since_terminator = True
        cells = list(line.cells)
        labels = []
        while cells and cells[0].kind == LABEL:
            labels.append(cells.pop(0))
        for label in labels:
            if _TOP_SECTION.match(label.text):
                families = families_in(label.text)
        if line.mode == "row":
            if not cells:
                text_of_labels = " ".join(c.text for c in labels)
                if is_column_header(text_of_labels):
                    close()
                    headers.append(text_of_labels)
                    continue
                # Header cells only: a row header broken inside its cell ("（四）无法提供 |
                # 1.本机关不掌握" then "相关政府信息 | 0 | …") continues on the next line.
                if current is not None and current.cells:
                    close()
                current = current or Row(families=families)
                current.labels.extend(labels)
                continue
            pending = current.labels if current is not None and not current.cells else []
            current = None if pending else current
            close()
            row = Row(pending + labels, cells, families)
            current = row
            close()
            continue
        # One cell on the line.
        cell = (labels or cells)[0]
        plain = "\t" not in text[start:end] and "|" not in text[start:end]
        if plain and current is not None and run >= 3 and (current.cells or cell.kind != LABEL):
            # Rendering 2 puts one empty line between cells; an empty cell adds its own
            # empty line, so a run of 2k+1 empty lines holds k empty cells.
            current.cells.extend(Cell(start, start, BLANK, "", False) for _ in range((run - 1) // 2))
        if cell.kind == LABEL:
            if current is not None and current.cells:
                close()
            if current is None:
                current = Row(families=families)
            current.labels.append(cell)
            current.families = families
        else:
            if current is None:
                current = Row(families=families)
            current.cells.append(cell)
    close()
    return rows


# --- reading rows ---------------------------------------------------------------------


class _SortedSpans(list):
    """Spans sorted by start, with their starts and the longest length, so the spans that
    overlap a range are found by bisection: reading every row stays linear in the text."""

    def __init__(self, spans: Sequence[Span]) -> None:
        super().__init__(spans)
        self.starts = [s.start for s in self]
        self.longest = max((s.end - s.start for s in self), default=0)

    def overlapping(self, start: int, end: int) -> list[Span]:
        # s.end > start needs s.start > start - longest; s.start < end
        first = bisect_left(self.starts, start - self.longest + 1)
        return [s for s in self[first:bisect_left(self.starts, end)] if s.end > start]


def _spans_in(spans: Sequence[Span], start: int, end: int) -> list[Span]:
    if end <= start:
        return []
    if isinstance(spans, _SortedSpans):
        return spans.overlapping(start, end)
    return [s for s in spans if s.start < end and s.end > start]


def _name_candidates(row: Row, names: Sequence[Span]) -> list[tuple[str, tuple[int, int] | None, Cell]]:
    """(text, evidence span, label cell) for the row's header cells: tagged cells first, then
    untagged ones as support, each group most specific (last) first.

    A header broken over lines is tagged as two spans on consecutive label cells; their
    texts are joined (the later part starts without an enumerator), then offered alone.
    """
    tagged, untagged = [], []
    labels = row.labels
    index = len(labels) - 1
    while index >= 0:
        cell = labels[index]
        inside = _spans_in(names, cell.start, cell.end)
        if not inside:
            untagged.append((cell.text, None, cell))
            # Two header cells run together with a space (PDF text): "（四）无 1.本机关不掌握…".
            parts = cell.text.split()
            if len(parts) > 1:
                untagged.extend((part, None, cell) for part in reversed(parts))
            index -= 1
            continue
        parts = [inside]
        first = index
        while (first > 0 and not _ENUMERATED.match(labels[first].text)
               and _spans_in(names, labels[first - 1].start, labels[first - 1].end)):
            first -= 1
            parts.insert(0, _spans_in(names, labels[first].start, labels[first].end))
        joined = [s for part in parts for s in part]
        tagged.append(("".join(s.text for s in joined), (joined[0].start, joined[0].end), labels[first]))
        if len(joined) > 1:
            tagged.extend((s.text, (s.start, s.end), labels[first]) for s in reversed(joined))
        index = first - 1
    return tagged + untagged


_ENUMERATED = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、]|其中)")


def _header_columns(headers: Sequence[str], labels: Sequence[Cell]) -> list[str]:
    """表二 column ids named in the nearest header text (a header row or header cells)."""
    columns = matrix_columns()["disclosure"]
    texts = list(headers) + [" ".join(c.text for c in labels)]
    for text in reversed(texts):
        squeezed = re.sub(r"\s+", "", text)
        found = []
        for cid, names in columns:
            positions = [squeezed.find(n) for n in names if n in squeezed]
            if positions:
                found.append((min(positions), cid))
        if found:
            return [cid for _, cid in sorted(found)]
    return []


def _annex_columns(headers: Sequence[str], labels: Sequence[Cell]) -> list[str] | None:
    """The short 附表's numeric columns (year, cumulative) when its header is in sight:
    in the row's own header cells, else in the nearest header row above."""
    sources = [[c.text for c in labels]] + [h.split() for h in reversed(headers)]
    for texts in sources:
        squeezed = [re.sub(r"\s+", "", t) for t in texts]
        if not any(t in ANNEX_CUMULATIVE for t in squeezed):
            continue
        columns = []
        for t in squeezed:
            if ANNEX_YEAR.match(t):
                columns.append("year")
            elif t in ANNEX_CUMULATIVE:
                columns.append("cumulative")
        return columns if "year" in columns else None
    return None


def _slots(row: Row, ncols: int) -> list[Cell] | None:
    """The row's cells by column (len ncols), or None when the columns cannot be known."""
    slots = [c for c in row.cells if c.kind != UNIT]
    if len(slots) == ncols:
        return slots
    if row.explicit and len(slots) > ncols and all(c.kind == BLANK for c in slots[:len(slots) - ncols]):
        return slots[len(slots) - ncols:]  # a leading blank cell under a merged header
    return None


#: Column headers printed only in 表四.
TABLE4_HEADER_WORDS = ("结果维持", "结果纠正", "尚未审结")


def _table4_context(row: Row) -> bool:
    text = " ".join([c.text for c in row.labels] + list(row.headers))
    return any(word in text for word in TABLE4_HEADER_WORDS)


@dataclass
class _Reader:
    text: str
    names: list[Span]
    values: list[Span]
    reading: TableReading = field(default_factory=TableReading)

    def value_spans(self, cell: Cell) -> list[Span]:
        return _spans_in(self.values, cell.start, cell.end) if cell.kind == NUMBER else []

    def emit(self, field_id: str | None, name: str, name_span: tuple[int, int] | None, cell: Cell,
             confidence: float, unit: str = "") -> None:
        spans = self.value_spans(cell)
        if not spans:
            return
        start, end = min(s.start for s in spans), max(s.end for s in spans)
        score = min(s.score for s in spans)
        self.reading.consumed.update((s.start, s.end) for s in spans)
        self.reading.pairings.append(Pairing(
            field_id, name, name_span, (start, end), self.text[start:end], unit,
            confidence * score, "table"))
        if field_id:
            self.reading.markers.add(field_id)

    def unplaced(self, what: str, row: Row, ncols: int) -> None:
        numbers = [c for c in row.cells if self.value_spans(c)]
        if not numbers:
            return
        for cell in numbers:
            for s in self.value_spans(cell):
                self.reading.consumed.add((s.start, s.end))
        printed = " ".join(c.text for c in numbers)
        self.reading.warnings.append(
            f"table: {what}: {len(numbers)} value(s) ({printed}) in a row of {ncols} columns "
            f"whose columns cannot be told apart; left out")

    def read(self, row: Row) -> None:
        if not any(self.value_spans(c) for c in row.cells):
            return
        candidates = _name_candidates(row, self.names)
        slots = [c for c in row.cells if c.kind != UNIT]
        # 表四: its cells under a 行政复议/行政诉讼 header, as one row of 15 (or fewer when
        # blank cells were lost: then left out with a warning), unless the row is one block.
        own_header = " ".join(c.text for c in row.labels)
        block_row = bool(row.labels) and match_target(
            row.labels[-1].text, FieldContext(matrix="table4"))[1] == 1.0
        if not block_row and (
                (len(slots) >= len(_TABLE4_CELLS) - 1 and _table4_context(row))
                or any(word in own_header for word in TABLE4_HEADER_WORDS)
                or (not candidates and _table4_context(row))):
            self.read_table4(row, candidates)
            return
        if not candidates:
            self.unplaced("values without a row header", row, 0)
            return
        disclosure_columns = tuple(_header_columns(row.headers, row.labels[:-1]))
        widths = {"apply": len(_APPLY.columns), "table4": len(_TABLE4.columns),
                  "disclosure": len(disclosure_columns)}
        for text, span, cell in candidates:
            options = []
            for kind in ("apply", "disclosure", "table4", ""):
                context = FieldContext(row.families, kind)
                target, confidence = (match_target(text, context) if kind else match_field(text, context))
                if target is None:
                    continue
                # A matrix row has as many cells as columns (at least two, or its header's
                # count); a plain row holds one value. Fitting the structure comes first.
                fits = (len(slots) >= min(widths[kind], 2) if kind
                        else sum(c.kind == NUMBER for c in slots) <= 1
                        or bool(_annex_columns(row.headers, row.labels)))
                options.append((fits, confidence, kind != "", kind, target))
            if not options:
                continue
            _, confidence, _, kind, target = max(options)
            support = 1.0 if span else UNTAGGED_HEADER_FACTOR
            name_span = span or (cell.start, cell.end)
            if kind == "apply":
                self.read_matrix_row(row, target, _APPLY.columns, text, name_span, confidence * support)
            elif kind == "disclosure":
                self.read_matrix_row(row, target, disclosure_columns, text, name_span, confidence * support)
            elif kind == "table4":
                self.read_matrix_row(row, target, _TABLE4.columns, text, name_span, confidence * support)
            else:
                self.read_plain(row, target, text, name_span, confidence * support)
            return
        text, span, cell = candidates[0]
        self.read_plain(row, None, text, span or (cell.start, cell.end), 1.0)

    def read_matrix_row(self, row: Row, target: str, columns: Sequence[str], name: str,
                        name_span: tuple[int, int], confidence: float) -> None:
        matrix = "table4" if "." not in target else target.split(".")[0]
        self.reading.matrices.add(matrix)
        if not columns:
            self.unplaced(f"{target} (no column header found)", row, 0)
            return
        slots = _slots(row, len(columns))
        if slots is None:
            self.unplaced(target, row, len(columns))
            return
        if matrix == "disclosure" and set(columns) <= set(DISCLOSURE_2021_ONLY_COLUMNS):
            # 表二's 第（五）（六）（八）项 with the one column of the 2021 format (the 2019
            # format prints 上一年项目数量 and 本年增/减 beside it).
            self.reading.markers.add(FORMAT_2021_STRUCTURE)
        for cid, cell in zip(columns, slots):
            field_id = f"{target}.{cid}"
            if field_id not in FIELDS:
                if self.value_spans(cell):
                    self.reading.warnings.append(f"table: {target}: no field for column {cid!r} "
                                                 f"(value {cell.text} left out)")
                continue
            self.emit(field_id, name, name_span, cell, confidence, FIELDS[field_id].unit)

    def read_table4(self, row: Row, candidates) -> None:
        self.reading.matrices.add("table4")
        slots = _slots(row, len(_TABLE4_CELLS))
        name_span = next((span for _, span, _ in candidates if span), None)
        if slots is None:
            self.unplaced("表四", row, len(_TABLE4_CELLS))
            return
        for field_id, cell in zip(_TABLE4_CELLS, slots):
            self.emit(field_id, "表四", name_span, cell, 1.0, FIELDS[field_id].unit)

    def read_plain(self, row: Row, field_id: str | None, name: str, name_span: tuple[int, int],
                   confidence: float) -> None:
        numbers = [c for c in row.cells if c.kind == NUMBER and self.value_spans(c)]
        unit = next((c.text.strip("（）") for c in row.cells if c.kind == UNIT), "")
        annex = _annex_columns(row.headers, row.labels)
        cumulative: list[Cell] = []
        if annex and numbers:
            slots = [c for c in row.cells if c.kind != UNIT]
            if len(slots) == len(annex):
                placed = dict(zip(annex, slots))
                numbers = [placed["year"]] if self.value_spans(placed["year"]) else []
                cumulative = [placed["cumulative"]] if "cumulative" in placed else []
            elif len(numbers) > 1:
                self.unplaced("附表", row, len(annex))
                return
            # else: one tagged number where a blank cell was lost. Annotators tag the year's
            # figure only (历年累计 cells are not tagged: annotation notes of seed 002), so the
            # tag itself places it.
        elif len(numbers) > 1:
            self.unplaced(name or "row", row, 1)
            return
        for cell in numbers:
            self.emit(field_id, name, name_span, cell, confidence if field_id else 1.0, unit)
        for cell in cumulative:
            # 历年累计 counts more than the year: kept with its column as an other statistic.
            self.emit(None, f"{name}（历年累计）", name_span, cell, 1.0, unit)


#: 表二 columns that stand alone only in the 2021 format.
DISCLOSURE_2021_ONLY_COLUMNS = ("decisions", "amount")
#: Marker of format evidence that is a table's shape rather than a field id.
FORMAT_2021_STRUCTURE = "format:2021"


#: A row header the tagger did not tag, read from the cell text: the text is the header,
#: but the tagger's silence is some evidence against it being an indicator.
UNTAGGED_HEADER_FACTOR = 0.9


def read_rows_fallback(text: str, spans: Sequence[Span]) -> TableReading:
    """Pair the tagged values that stand in table cells with their row (and column)."""
    names = _SortedSpans(sorted((s for s in spans if s.label == "STAT_NAME"), key=lambda s: s.start))
    values = _SortedSpans(sorted((s for s in spans if s.label == "STAT_VALUE"), key=lambda s: s.start))
    reader = _Reader(text, names, values)
    if values:
        for row in scan_rows(text):
            limits.check()  # a deadline can stop a long document here (gik_nlp.limits)
            reader.read(row)
    return reader.reading


__all__ = ["Cell", "Row", "TableReading", "cell_kind",
           "is_column_header", "read_rows_fallback", "scan_rows"]
