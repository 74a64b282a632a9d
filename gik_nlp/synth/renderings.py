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

``synthetic_tables(rendering, n, seed)`` gives ``n`` (text, gold) pairs: gold maps field id →
value for every cell the text prints (blank cells are absent).
"""

from __future__ import annotations

import random
from typing import Callable

from gik_nlp.schema import FIELDS, schema
from gik_nlp.schema.templates import Template, templates
from gik_nlp.synth.numbers import national_values

Values = dict[str, "int | float"]

#: Column headers as the national tables print them (fields.yaml's matrix columns).
_APPLY_HEADER = ["申请人情况", *(c["zh"] for c in schema().matrices["apply"]["columns"])]
_T4_HEADER_1 = "行政复议 行政诉讼"
_T4_COLUMNS = [c["zh"] for c in schema().matrices["review"]["columns"]]
_GROUPS = {"refused": "（三）不予公开", "unable": "（四）无法提供", "unprocessed": "（五）不予处理", "other": "（六）其他处理"}


def _printed_label(template: Template, row_id: str) -> str:
    """The row's label as the national format prints it (with its enumerator)."""
    if template.matrix and "rows" in schema().matrices.get(template.matrix, {}):
        for row in schema().matrices[template.matrix]["rows"]:
            if row["id"] == row_id:
                return row["zh"]
    return template.row(row_id).labels[0]


def _fmt(value: int | float) -> str:
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def _cells(template: Template, row_id: str, values: Values) -> list[int | float | None]:
    return [values.get(template.field_id(row_id, c) or "") for c in template.row(row_id).columns]


def _gold(template: Template, values: Values, blanks: set[str] = frozenset()) -> Values:
    out = {}
    for row in template.rows:
        for column in row.columns:
            field_id = template.field_id(row.id, column)
            if field_id in values and field_id not in blanks:
                out[field_id] = values[field_id]
    return out


def _apply_labels(template: Template) -> list[tuple[str, str]]:
    """(row id, label) with the group headers the national table puts before a group."""
    out, seen = [], set()
    for row in template.rows:
        label = _printed_label(template, row.id)
        group = row.id.split(".")[0]
        if "." in row.id and group in _GROUPS and group not in seen:
            seen.add(group)
            label = _GROUPS[group] + label
        if row.id == "granted":
            label = "三、本年度办理结果" + label
        out.append((row.id, label))
    return out


# --- renderings ------------------------------------------------------------------------


def markdown(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """表三 and 表四 as markdown pipe tables (a PDF converter's output)."""
    t3, t4 = templates()[f"apply_{fmt}"], templates()["table4"]
    lines = ["| " + " | ".join(_APPLY_HEADER) + " |", "|" + "---|" * len(_APPLY_HEADER)]
    for rid, label in _apply_labels(t3):
        lines.append("| " + label + " | " + " | ".join(_fmt(v) for v in _cells(t3, rid, values)) + " |")
    lines += ["", "| " + " | ".join(["行政复议"] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5) + " |",
              "|" + "---|" * 15, "| " + " | ".join(_T4_COLUMNS * 3) + " |",
              "| " + " | ".join(_fmt(v) for r in t4.rows for v in _cells(t4, r.id, values)) + " |"]
    return "\n".join(lines) + "\n", {**_gold(t3, values), **_gold(t4, values)}


def table4_small(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """表四 as three small tables under their block headings."""
    t4 = templates()["table4"]
    lines = ["四、因政府信息公开申请行政复议、提起行政诉讼的情况"]
    for row in t4.rows:
        heading = {"review": "（一）行政复议", "litigation_direct": "（二）行政诉讼（未经复议直接起诉）",
                   "litigation_after_review": "（三）行政诉讼（复议后起诉）"}[row.id]
        lines += [heading, "\t".join(_T4_COLUMNS), "\t".join(_fmt(v) for v in _cells(t4, row.id, values))]
    return "\n".join(lines) + "\n", _gold(t4, values)


def table4_line(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """表四 header lines, then its 15 numbers on one line."""
    t4 = templates()["table4"]
    text = (f"{_T4_HEADER_1}\n" + " ".join(_T4_COLUMNS) + " 未经复议直接起诉 复议后起诉\n"
            + " ".join(_T4_COLUMNS * 2) + "\n" + " ".join(_fmt(v) for r in t4.rows for v in _cells(t4, r.id, values))
            + "\n五、存在的主要问题及改进情况\n")
    return text, _gold(t4, values)


def table4_two_line_header(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """表四 whose column names are broken over two lines (结果 / 维持)."""
    t4 = templates()["table4"]
    top = " ".join(w[:2] for w in _T4_COLUMNS)
    bottom = " ".join(w[2:] for w in _T4_COLUMNS if len(w) > 2)
    text = ("行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n" + top + " " + top + " " + top + "\n"
            + bottom + " " + bottom + " " + bottom + "\n"
            + " ".join(_fmt(v) for r in t4.rows for v in _cells(t4, r.id, values)) + "\n")
    return text, _gold(t4, values)


def _apply_rows_text(fmt: str, values: Values, sep: str = " ", header: str | None = None,
                     label_gap: str = " ") -> str:
    t3 = templates()[f"apply_{fmt}"]
    lines = [header] if header is not None else []
    for rid, label in _apply_labels(t3):
        lines.append(label + label_gap + sep.join(_fmt(v) for v in _cells(t3, rid, values)))
    return "\n".join(lines) + "\n"


def header_lost(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """表三 without its column header, or with a header naming the wrong columns."""
    header = rng.choice([None, "申请人情况 自然人 法人 其他组织 合计", "项目 数量"])
    return _apply_rows_text(fmt, values, header=header), _gold(templates()[f"apply_{fmt}"], values)


def split_tables(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """表三 split over two tables; the second repeats a wrong header."""
    text = _apply_rows_text(fmt, values, sep="\t", label_gap="\t")
    lines = text.splitlines()
    cut = rng.randint(6, len(lines) - 4)
    lines.insert(cut, "申请人情况\t自然人\t企业\t其他\t总计")
    return "\n".join(lines) + "\n", _gold(templates()[f"apply_{fmt}"], values)


def spaced_words_page_marker(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """Header words split by spaces and a page marker ("- 3 -") inside the table."""
    t3 = templates()[f"apply_{fmt}"]
    lines = []
    for rid, label in _apply_labels(t3):
        spaced = " ".join(label) if rng.random() < 0.3 else label
        lines.append(spaced + " " + " ".join(_fmt(v) for v in _cells(t3, rid, values)))
    at = rng.randint(3, len(lines) - 3)
    lines.insert(at, f"- {rng.randint(2, 9)} -")
    return "\n".join(lines) + "\n", _gold(t3, values)


def collapsed_blanks(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """Zero applicant cells printed blank and the blanks collapsed (space-separated text): a
    collapsed row keeps its other numbers in order and its 总计. Rows collapse only where the
    identities can place their numbers, as a reader with the table in front of him could: the
    row's 总计 is not 0 (the row's sum then proves which number is 总计; a lone 0 could stand in
    any column), and no other collapsed row shares a per-column identity with it (the rows
    printed in full then give each of its cells: two collapsed rows in one sum can trade
    columns)."""
    t3 = templates()[f"apply_{fmt}"]
    sums = [set(t3.expand(i.lhs + i.rhs, "column")) for i in t3.identities if i.per == "column"]
    rows = [r.id for r in t3.rows]
    candidates = [rid for rid in rows if _cells(t3, rid, values)[-1] and 0 in _cells(t3, rid, values)[:-1]]
    rng.shuffle(candidates)
    collapsed: set[str] = set()
    for rid in candidates:
        if not any(rid in s and s & collapsed for s in sums):
            collapsed.add(rid)
    lines, blanks = [], set()
    for rid, label in _apply_labels(t3):
        cells = _cells(t3, rid, values)
        if rid in collapsed:
            blanks.update(t3.field_id(rid, c) for c, v in zip(t3.columns[:-1], cells) if v == 0)
            lines.append(label + " " + " ".join(_fmt(v) for v in cells[:-1] if v != 0) + " " + _fmt(cells[-1]))
        else:
            lines.append(label + " " + " ".join(_fmt(v) for v in cells))
    return "\n".join(lines) + "\n", _gold(t3, values, blanks)


def table2_no_header(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """A 2021 表二 printed without its header rows (only the item rows)."""
    t2 = templates()["disclosure_2021"]
    values = dict(values)
    lines = []
    for row in t2.rows:
        lines.append(_printed_label(t2, row.id) + "\t" + "\t".join(_fmt(v) for v in _cells(t2, row.id, values)))
    return "\n".join(lines) + "\n", _gold(t2, values)


def subrow_after_merged(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """表三 as a Word table copied as text: a group cell merged over its sub-rows leaves an
    empty cell before each later sub-row."""
    t3 = templates()[f"apply_{fmt}"]
    lines = []
    for rid, label in _apply_labels(t3):
        cells = "\t".join(_fmt(v) for v in _cells(t3, rid, values))
        group = rid.split(".")[0]
        if "." in rid and not any(label.startswith(g) for g in _GROUPS.values()) and group in _GROUPS:
            lines.append("\t" + label + "\t" + cells)
        else:
            lines.append(label + "\t" + cells)
    return "\n".join(lines) + "\n", _gold(t3, values)


def run_together(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """Text scraped from a page: every cell of 表三 and 表四 run together, one line."""
    t3, t4 = templates()[f"apply_{fmt}"], templates()["table4"]
    text = "三、收到和处理政府信息公开申请情况" + "".join(_APPLY_HEADER)
    for rid, label in _apply_labels(t3):
        text += label + "".join(_fmt(v) for v in _cells(t3, rid, values))
    text += ("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼" + "".join(_T4_COLUMNS)
             + "未经复议直接起诉复议后起诉" + "".join(_T4_COLUMNS) * 2
             + "".join(_fmt(v) for r in t4.rows for v in _cells(t4, r.id, values)) + "五、存在的主要问题")
    return text + "\n", {**_gold(t3, values), **_gold(t4, values)}


def units_in_cells(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """Cells that carry their unit (12件)."""
    t3 = templates()[f"apply_{fmt}"]
    lines = []
    for rid, label in _apply_labels(t3):
        lines.append(label + "\t" + "\t".join(_fmt(v) + "件" for v in _cells(t3, rid, values)))
    return "\n".join(lines) + "\n", _gold(t3, values)


def labels_apart(rng: random.Random, fmt: str, values: Values) -> tuple[str, Values]:
    """表三's labels in one block and its number rows in another, with a stray number line
    (a page number) among them."""
    t3 = templates()[f"apply_{fmt}"]
    labelled = _apply_labels(t3)
    numbers = [" ".join(_fmt(v) for v in _cells(t3, rid, values)) for rid, _ in labelled]
    numbers.insert(rng.randint(0, len(numbers)), str(rng.randint(2, 40)))
    return "\n".join(label for _, label in labelled) + "\n" + "\n".join(numbers) + "\n", _gold(t3, values)


RENDERINGS: dict[str, Callable[[random.Random, str, Values], tuple[str, Values]]] = {
    "markdown": markdown, "table4_small_tables": table4_small, "table4_one_line": table4_line,
    "table4_two_line_header": table4_two_line_header, "table3_header_lost": header_lost,
    "table3_split": split_tables, "spaced_words_page_marker": spaced_words_page_marker,
    "collapsed_blanks": collapsed_blanks, "table2_2021_no_header": table2_no_header,
    "subrow_after_merged": subrow_after_merged, "labels_apart_stray_line": labels_apart, "run_together": run_together, "units_in_cells": units_in_cells,
}


def synthetic_tables(rendering: str, n: int, seed: int = 0) -> list[tuple[str, Values]]:
    """``n`` synthetic tables in one rendering, each with its gold cells."""
    render = RENDERINGS[rendering]
    rng = random.Random(f"{rendering}:{seed}")
    out = []
    for _ in range(n):
        fmt = "2021" if rendering == "table2_2021_no_header" else rng.choice(["2019", "2021"])
        kind, level = rng.choice([("gov", "county"), ("bureau", "county"), ("city_gov", "city"),
                                  ("gov", "town"), ("ministry", "national")])
        values = national_values(rng, kind, level, fmt)
        values = {k: v for k, v in values.items() if k in FIELDS and v is not None}
        out.append(render(rng, fmt, values))
    return out


__all__ = ["RENDERINGS", "synthetic_tables"]
