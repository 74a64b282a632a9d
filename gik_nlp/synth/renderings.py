"""Synthetic 表二/表三/表四 in the renderings real files give them, with their gold cells.

Each rendering is one way a converter, a scraper or a careless author leaves a national
table in text (issue "Tables decoded against the national templates"): markdown tables from
PDF converters, 表四 as three small tables or as one line of 15 numbers or under a two-line
header, 表三 without (or with a wrong) column header or split over two tables, header words
split by spaces with page markers inside, labels in one block and numbers in another with a
stray number line, rows whose blank cells collapsed, a 2021 表二
without header rows, a sub-row after an empty merged cell, cells run together with no
separator, units inside cells. Row order, labels and columns come from the templates
(schema/templates.yaml); the values from ``synth.numbers.national_values`` (they satisfy the
identities).

A rendering prints one or more of the tables (``PARTS``: "t2" 表二, "t3" 表三, "t4" 表四); each
part writes its text with every cell (and every row label's name) marked, so the same text
serves twice:

- ``synthetic_tables(rendering, n, seed)`` gives ``n`` (text, gold) pairs, table-only texts
  (bench/tables_synth.py): gold maps field id → value for every cell the text prints (blank
  cells are absent);
- ``report_tables(r, rendering, fmt, values)`` gives a whole synthetic report's blocks for the
  tables the rendering prints, with gold spans: each row name a STAT_NAME, each cell a
  STAT_VALUE registered as the report's table statistic (``gik synth --table-rendering``).
"""

from __future__ import annotations

import functools
import random
import re
from typing import Callable, NamedTuple

from gik_nlp.schema import FIELDS, schema
from gik_nlp.schema.templates import Template, templates
from gik_nlp.synth.blocks import Para, Seg
from gik_nlp.synth.numbers import national_values
from gik_nlp.synth.tables import GROUPS, HANDLED

Values = dict[str, "int | float"]

#: Column headers as the national tables print them (fields.yaml's matrix columns).
_APPLY_HEADER = ["申请人情况", *(c["zh"] for c in schema().matrices["apply"]["columns"])]
_T4_HEADER_1 = "行政复议 行政诉讼"
_T4_COLUMNS = [c["zh"] for c in schema().matrices["review"]["columns"]]

# Marks around a cell ("\ue000field id\ue002printed\ue003") and a row's name ("\ue001row
# id\ue002name\ue003") in a part's text: private-use characters no report prints.
_CELL, _NAME, _SEP, _END = "\ue000", "\ue001", "\ue002", "\ue003"
_MARK = re.compile(f"([{_CELL}{_NAME}])([^{_SEP}]*){_SEP}([^{_END}]*){_END}")


class _Value(NamedTuple):
    """A cell to print: its field id and value (None when the values leave it out)."""

    field_id: str
    value: "int | float | None"


def _printed_label(template: Template, row_id: str) -> str:
    """The row's label as the national format prints it (with its enumerator)."""
    if template.matrix and "rows" in schema().matrices.get(template.matrix, {}):
        for row in schema().matrices[template.matrix]["rows"]:
            if row["id"] == row_id:
                return row["zh"]
    return template.row(row_id).labels[0]


def _marked_label(template: Template, row_id: str, printed: str) -> str:
    """``printed`` with the row's name (its label without enumerator) marked."""
    name = template.row(row_id).labels[0]
    at = printed.rfind(name)
    if at < 0:
        return printed
    return f"{printed[:at]}{_NAME}{row_id}{_SEP}{name}{_END}{printed[at + len(name):]}"


def _plain(text: str) -> str:
    """A part's text without its marks.

    >>> _plain(_fmt(_Value("apply.new.total", 12), "件") + " " + _marked_label(templates()["table4"], "review", "行政复议"))
    '12件 行政复议'
    """
    return _MARK.sub(lambda m: m.group(3), text)


def _fmt(value: "_Value | int | float", unit: str = "") -> str:
    """A cell as printed, marked when it is a template cell (``unit``: printed inside it)."""
    field_id = ""
    if isinstance(value, _Value):
        field_id, value = value
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    return f"{_CELL}{field_id}{_SEP}{text}{unit}{_END}" if field_id else text + unit


def _cells(template: Template, row_id: str, values: Values) -> list[_Value]:
    out = []
    for c in template.row(row_id).columns:
        field_id = template.field_id(row_id, c) or ""
        out.append(_Value(field_id, values.get(field_id)))
    return out


def _gold(template: Template, values: Values, blanks: set[str] = frozenset()) -> Values:
    out = {}
    for row in template.rows:
        for column in row.columns:
            field_id = template.field_id(row.id, column)
            if field_id in values and field_id not in blanks:
                out[field_id] = values[field_id]
    return out


def _apply_labels(template: Template) -> list[tuple[str, str]]:
    """(row id, label) with the group headers the national table puts before a group; the
    row's name marked."""
    out, seen = [], set()
    for row in template.rows:
        label = _marked_label(template, row.id, _printed_label(template, row.id))
        group = row.id.split(".")[0]
        if "." in row.id and group in GROUPS and group not in seen:
            seen.add(group)
            label = GROUPS[group] + label
        if row.id == "granted":
            label = HANDLED + label
        out.append((row.id, label))
    return out


def _t4_values(values: Values) -> str:
    t4 = templates()["table4"]
    return " ".join(_fmt(v) for r in t4.rows for v in _cells(t4, r.id, values))


# --- parts: each a table's text in one rendering (rng, fmt, values) -> marked text ---------


def _markdown_t3(rng: random.Random, fmt: str, values: Values) -> str:
    t3 = templates()[f"apply_{fmt}"]
    lines = ["| " + " | ".join(_APPLY_HEADER) + " |", "|" + "---|" * len(_APPLY_HEADER)]
    for rid, label in _apply_labels(t3):
        lines.append("| " + label + " | " + " | ".join(_fmt(v) for v in _cells(t3, rid, values)) + " |")
    return "\n".join(lines) + "\n"


def _markdown_t4(rng: random.Random, fmt: str, values: Values) -> str:
    t4 = templates()["table4"]
    lines = ["| " + " | ".join(["行政复议"] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5) + " |",
             "|" + "---|" * 15, "| " + " | ".join(_T4_COLUMNS * 3) + " |",
             "| " + " | ".join(_fmt(v) for r in t4.rows for v in _cells(t4, r.id, values)) + " |"]
    return "\n".join(lines) + "\n"


def _t4_small(rng: random.Random, fmt: str, values: Values) -> str:
    """表四 as three small tables under their block headings."""
    t4 = templates()["table4"]
    lines = ["四、因政府信息公开申请行政复议、提起行政诉讼的情况"]
    for row in t4.rows:
        heading = {"review": "（一）行政复议", "litigation_direct": "（二）行政诉讼（未经复议直接起诉）",
                   "litigation_after_review": "（三）行政诉讼（复议后起诉）"}[row.id]
        lines += [heading, "\t".join(_T4_COLUMNS), "\t".join(_fmt(v) for v in _cells(t4, row.id, values))]
    return "\n".join(lines) + "\n"


def _t4_line(rng: random.Random, fmt: str, values: Values) -> str:
    """表四 header lines, then its 15 numbers on one line."""
    return (f"{_T4_HEADER_1}\n" + " ".join(_T4_COLUMNS) + " 未经复议直接起诉 复议后起诉\n"
            + " ".join(_T4_COLUMNS * 2) + "\n" + _t4_values(values) + "\n")


def _t4_two_line_header(rng: random.Random, fmt: str, values: Values) -> str:
    """表四 whose column names are broken over two lines (结果 / 维持)."""
    top = " ".join(w[:2] for w in _T4_COLUMNS)
    bottom = " ".join(w[2:] for w in _T4_COLUMNS if len(w) > 2)
    return ("行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n" + top + " " + top + " " + top + "\n"
            + bottom + " " + bottom + " " + bottom + "\n" + _t4_values(values) + "\n")


def _apply_rows_text(fmt: str, values: Values, sep: str = " ", header: str | None = None,
                     label_gap: str = " ", unit: str = "") -> str:
    """表三 one row a line: label, ``label_gap``, the cells joined by ``sep`` (each printed with
    ``unit``); ``header`` a line before them."""
    t3 = templates()[f"apply_{fmt}"]
    lines = [header] if header is not None else []
    for rid, label in _apply_labels(t3):
        lines.append(label + label_gap + sep.join(_fmt(v, unit) for v in _cells(t3, rid, values)))
    return "\n".join(lines) + "\n"


def _header_lost(rng: random.Random, fmt: str, values: Values) -> str:
    """表三 without its column header, or with a header naming the wrong columns."""
    header = rng.choice([None, "申请人情况 自然人 法人 其他组织 合计", "项目 数量"])
    return _apply_rows_text(fmt, values, header=header)


def _split_tables(rng: random.Random, fmt: str, values: Values) -> str:
    """表三 split over two tables; the second repeats a wrong header."""
    lines = _apply_rows_text(fmt, values, sep="\t", label_gap="\t").splitlines()
    cut = rng.randint(6, len(lines) - 4)
    lines.insert(cut, "申请人情况\t自然人\t企业\t其他\t总计")
    return "\n".join(lines) + "\n"


def _spaced_words_page_marker(rng: random.Random, fmt: str, values: Values) -> str:
    """Header words split by spaces and a page marker ("- 3 -") inside the table (a name
    split by spaces is not marked)."""
    t3 = templates()[f"apply_{fmt}"]
    lines = []
    for rid, label in _apply_labels(t3):
        spaced = " ".join(_plain(label)) if rng.random() < 0.3 else label
        lines.append(spaced + " " + " ".join(_fmt(v) for v in _cells(t3, rid, values)))
    at = rng.randint(3, len(lines) - 3)
    lines.insert(at, f"- {rng.randint(2, 9)} -")
    return "\n".join(lines) + "\n"


def _collapsed_blanks(rng: random.Random, fmt: str, values: Values) -> str:
    """Zero applicant cells printed blank and the blanks collapsed (space-separated text): a
    collapsed row keeps its other numbers in order and its 总计. Rows collapse only where the
    identities can place their numbers, as a reader with the table in front of him could: the
    row's 总计 is not 0 (the row's sum then proves which number is 总计; a lone 0 could stand in
    any column), and no other collapsed row shares a per-column identity with it (the rows
    printed in full then give each of its cells: two collapsed rows in one sum can trade
    columns). The blank cells are the ones left unmarked (``_render`` reads the gold from the
    marks)."""
    t3 = templates()[f"apply_{fmt}"]
    sums = [set(t3.expand(i.lhs + i.rhs, "column")) for i in t3.identities if i.per == "column"]
    rows = [r.id for r in t3.rows]

    def numbers(rid: str) -> list:
        return [v.value for v in _cells(t3, rid, values)]

    candidates = [rid for rid in rows if numbers(rid)[-1] and 0 in numbers(rid)[:-1]]
    rng.shuffle(candidates)
    collapsed: set[str] = set()
    for rid in candidates:
        if not any(rid in s and s & collapsed for s in sums):
            collapsed.add(rid)
    lines = []
    for rid, label in _apply_labels(t3):
        cells = _cells(t3, rid, values)
        if rid in collapsed:
            lines.append(label + " " + " ".join(_fmt(v) for v in cells[:-1] if v.value != 0) + " " + _fmt(cells[-1]))
        else:
            lines.append(label + " " + " ".join(_fmt(v) for v in cells))
    return "\n".join(lines) + "\n"


def _table2_no_header(rng: random.Random, fmt: str, values: Values) -> str:
    """A 2021 表二 printed without its header rows (only the item rows)."""
    t2 = templates()["disclosure_2021"]
    lines = []
    for row in t2.rows:
        label = _marked_label(t2, row.id, _printed_label(t2, row.id))
        lines.append(label + "\t" + "\t".join(_fmt(v) for v in _cells(t2, row.id, values)))
    return "\n".join(lines) + "\n"


def _subrow_after_merged(rng: random.Random, fmt: str, values: Values) -> str:
    """表三 as a Word table copied as text: a group cell merged over its sub-rows leaves an
    empty cell before each later sub-row."""
    t3 = templates()[f"apply_{fmt}"]
    lines = []
    for rid, label in _apply_labels(t3):
        cells = "\t".join(_fmt(v) for v in _cells(t3, rid, values))
        group = rid.split(".")[0]
        if "." in rid and not any(label.startswith(g) for g in GROUPS.values()) and group in GROUPS:
            lines.append("\t" + label + "\t" + cells)
        else:
            lines.append(label + "\t" + cells)
    return "\n".join(lines) + "\n"


def _run_together_t3(rng: random.Random, fmt: str, values: Values) -> str:
    """Text scraped from a page: every cell of 表三 run together, one line."""
    t3 = templates()[f"apply_{fmt}"]
    text = "三、收到和处理政府信息公开申请情况" + "".join(_APPLY_HEADER)
    for rid, label in _apply_labels(t3):
        text += label + "".join(_fmt(v) for v in _cells(t3, rid, values))
    return text


def _run_together_t4(rng: random.Random, fmt: str, values: Values) -> str:
    t4 = templates()["table4"]
    return ("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼" + "".join(_T4_COLUMNS)
            + "未经复议直接起诉复议后起诉" + "".join(_T4_COLUMNS) * 2
            + "".join(_fmt(v) for r in t4.rows for v in _cells(t4, r.id, values)))


def _units_in_cells(rng: random.Random, fmt: str, values: Values) -> str:
    """Cells that carry their unit (12件)."""
    return _apply_rows_text(fmt, values, sep="\t", label_gap="\t", unit="件")


def _labels_apart(rng: random.Random, fmt: str, values: Values) -> str:
    """表三's labels in one block and its number rows in another, with a stray number line
    (a page number) among them."""
    t3 = templates()[f"apply_{fmt}"]
    labelled = _apply_labels(t3)
    numbers = [" ".join(_fmt(v) for v in _cells(t3, rid, values)) for rid, _ in labelled]
    numbers.insert(rng.randint(0, len(numbers)), str(rng.randint(2, 40)))
    return "\n".join(label for _, label in labelled) + "\n" + "\n".join(numbers) + "\n"


Part = Callable[[random.Random, str, Values], str]

#: The tables each rendering prints, in print order, and how ("t2" 表二, "t3" 表三, "t4" 表四).
PARTS: dict[str, dict[str, Part]] = {
    "markdown": {"t3": _markdown_t3, "t4": _markdown_t4},
    "table4_small_tables": {"t4": _t4_small},
    "table4_one_line": {"t4": _t4_line},
    "table4_two_line_header": {"t4": _t4_two_line_header},
    "table3_header_lost": {"t3": _header_lost},
    "table3_split": {"t3": _split_tables},
    "spaced_words_page_marker": {"t3": _spaced_words_page_marker},
    "collapsed_blanks": {"t3": _collapsed_blanks},
    "table2_2021_no_header": {"t2": _table2_no_header},
    "subrow_after_merged": {"t3": _subrow_after_merged},
    "labels_apart_stray_line": {"t3": _labels_apart},
    "run_together": {"t3": _run_together_t3, "t4": _run_together_t4},
    "units_in_cells": {"t3": _units_in_cells},
}
#: Renderings that print for one format only.
FORMAT_ONLY = {"table2_2021_no_header": "2021"}
#: Text the table-only renderings print between their parts and after the last one (the next
#: section's heading, which bounds a table printed with no line breaks).
_BETWEEN = {"markdown": "\n"}
_AFTER = {"table4_one_line": "五、存在的主要问题及改进情况\n", "run_together": "五、存在的主要问题\n"}


def _template_of(part: str, fmt: str) -> Template:
    """The schema template of a rendering's part ("t2" 表二, "t3" 表三, "t4" 表四) in format ``fmt``."""
    return templates()[{"t2": f"disclosure_{fmt}", "t3": f"apply_{fmt}", "t4": "table4"}[part]]


def _render(rendering: str, rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """A table-only text of the rendering (its parts, marks removed) and its gold cells."""
    text, gold = "", {}
    for i, (part, write) in enumerate(PARTS[rendering].items()):
        if i:
            text += _BETWEEN.get(rendering, "")
        written = write(rng, fmt, values)
        text += _plain(written)
        printed = {m.group(2) for m in _MARK.finditer(written) if m.group(1) == _CELL}
        template = _template_of(part, fmt)
        # a cell the rendering leaves blank is printed unmarked, or not at all
        gold.update(_gold(template, values, set(template.cells()) - printed))
    return text + _AFTER.get(rendering, ""), gold


RENDERINGS: dict[str, Callable[[random.Random, str, Values], tuple[str, Values]]] = {
    name: functools.partial(_render, name) for name in PARTS}


def synthetic_tables(rendering: str, n: int, seed: int = 0) -> list[tuple[str, Values]]:
    """``n`` synthetic tables in one rendering, each with its gold cells."""
    render = RENDERINGS[rendering]
    rng = random.Random(f"{rendering}:{seed}")
    out = []
    for _ in range(n):
        fmt = FORMAT_ONLY.get(rendering) or rng.choice(["2019", "2021"])
        kind, level = rng.choice([("gov", "county"), ("bureau", "county"), ("city_gov", "city"),
                                  ("gov", "town"), ("ministry", "national")])
        values = national_values(rng, kind, level, fmt)
        values = {k: v for k, v in values.items() if k in FIELDS and v is not None}
        out.append(render(rng, fmt, values))
    return out


def report_tables(r, rendering: str, fmt: str, values: dict) -> dict[str, Para]:
    """A synthetic report's tables printed in ``rendering``: "t2"/"t3"/"t4" → a block holding
    the table's text, with a STAT_NAME span on each row's name and a STAT_VALUE span on each
    cell, registered as the report's table statistics (``r``: the synth Report). Empty when the
    rendering prints no table of ``fmt``, or a table it prints leaves a cell blank (``values``
    None: the renderings print every cell): the report keeps its own tables then.
    """
    parts = PARTS[rendering]
    if FORMAT_ONLY.get(rendering, fmt) != fmt:
        return {}
    if any(values.get(field_id) is None for part in parts for field_id in _template_of(part, fmt).cells()):
        return {}
    out: dict[str, Para] = {}
    for part, write in parts.items():
        template = _template_of(part, fmt)
        row_of = {template.field_id(row.id, c): row for row in template.rows for c in row.columns}
        text = write(r.rng, fmt, values)
        segs: list[Seg] = []
        names: dict[str, tuple[str, str]] = {}   # row id → (name, key)
        cursor = 0
        for match in _MARK.finditer(text):
            if match.start() > cursor:
                segs.append(Seg(text[cursor:match.start()]))
            cursor = match.end()
            kind, ident, printed = match.groups()
            if kind == _NAME:
                key = r.key("tn")
                names[ident] = (printed, key)
                segs.append(Seg(printed, "STAT_NAME", key))
                continue
            row = row_of[ident]
            name, key = names.get(row.id, (row.labels[0], None))
            unit = printed[len(printed.rstrip("件")):] or FIELDS[ident].unit
            segs.append(r.table_stat(ident, name, values[ident], unit, printed, key))
        if cursor < len(text):
            segs.append(Seg(text[cursor:]))
        segs[0] = Seg(segs[0].text.lstrip("\n"), segs[0].label, segs[0].key) if segs and not segs[0].label else segs[0]
        if segs and not segs[-1].label:
            segs[-1] = Seg(segs[-1].text.rstrip("\n"), None, segs[-1].key)
        out[part] = Para(segs, "line")
    return out


__all__ = ["FORMAT_ONLY", "PARTS", "RENDERINGS", "report_tables", "synthetic_tables"]
