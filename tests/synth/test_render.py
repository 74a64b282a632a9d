"""Tests of gik_nlp.synth.render: each table rendering of formats.md, spans kept exact."""

from __future__ import annotations

import random

import pytest

from gik_nlp.synth.blocks import Cell, Para, Seg, Table, normalise
from gik_nlp.synth.render import TextStyle, render_text


def table4() -> Table:
    names = [Cell([Seg("行政复议", "STAT_NAME", "n1")], 5), Cell([Seg("行政诉讼")], 10)]
    values = [Cell([Seg(str(i % 3), "STAT_VALUE", f"v{i}")], value=True) for i in range(15)]
    return Table([names, values], "t4", 15, header_rows=1, flat_values_row=1)


def stats_table() -> Table:
    header = [Cell([Seg("统计指标")]), Cell([Seg("单位")]), Cell([Seg("统计数")])]
    row = [Cell([Seg("（一）"), Seg("主动公开政府信息数", "STAT_NAME", "n")]), Cell([Seg("条")]),
           Cell([Seg("7254", "STAT_VALUE", "v")], value=True)]
    blank = [Cell([Seg("其中："), Seg("主动公开规范性文件数", "STAT_NAME", "m")]), Cell([Seg("条")]), Cell([], value=True),
             Cell([], value=True)]
    return Table([header, row, blank], "stats", 3, header_rows=1)


@pytest.mark.parametrize("table,expect", [
    ("tab_cells", "\t（一）主动公开政府信息数\n\t条\n\t7254\n"),
    ("blank_cells", "（一）主动公开政府信息数\n\n条\n\n7254\n\n"),
    ("pipe_cells", "（一）主动公开政府信息数\n|\n条\n|\n7254\n|\n"),
    ("pipe_rows", "（一）主动公开政府信息数 | 条 | 7254 |\n"),
    ("space_rows", "（一）主动公开政府信息数 条 7254\n"),
])
def test_render_table_renderings(table: str, expect: str) -> None:
    raw = render_text([Para([Seg("附件")]), stats_table()], TextStyle(table=table), random.Random(0))
    assert expect in raw.text
    norm = normalise(raw)
    assert [norm.text[s:e] for s, e, _, _ in norm.spans] == ["主动公开政府信息数", "7254", "主动公开规范性文件数"]


@pytest.mark.parametrize("seed", range(3))
def test_render_collapsed_pipes_lose_columns(seed: int) -> None:
    raw = render_text([stats_table()], TextStyle(table="pipe_rows", collapse=True), random.Random(seed))
    line = next(ln for ln in raw.text.split("\n") if "规范性文件数" in ln)
    assert line.startswith("其中：主动公开规范性文件数 | 条 | ") and line.rstrip().endswith("|")


@pytest.mark.parametrize("table", ["tab_cells", "pipe_rows", "space_rows"])
def test_render_table4_flat_line_of_15_numbers(table: str) -> None:
    raw = render_text([table4()], TextStyle(table=table, flat_t4=True), random.Random(1))
    flat = [ln for ln in raw.text.split("\n") if len(ln.split()) == 15]
    assert len(flat) == 1 and all(tok.isdigit() for tok in flat[0].split())
    norm = normalise(raw)
    assert sum(1 for _, _, label, _ in norm.spans if label == "STAT_VALUE") == 15


def apply_row(blanks: tuple[int, ...]) -> Table:
    """A 表三 row: its header and seven value cells, ``blanks`` of them blank."""
    cells = [Cell([Seg("本年新收政府信息公开申请数量", "STAT_NAME", "n")], 3)]
    cells += [Cell([] if i in blanks else [Seg(str(i), "STAT_VALUE", f"v{i}")], value=True) for i in range(7)]
    return Table([cells], "t3", 10, matrix_rows={0: ("apply.new", 7)})


@pytest.mark.parametrize("table,blanks,lost", [
    ("space_rows", (1, 2, 3, 4, 5), ("v0", "v6")),   # "…申请数量 0 6": the columns of 0 and 6 are gone
    ("space_rows", (), ()),                          # all seven numbers: every column known
    ("tab_cells", (1, 2, 3, 4, 5), ()),              # a tab line per cell keeps the blanks
    ("blank_cells", (1, 2, 3, 4, 5), ()),
    ("pipe_cells", (1, 2, 3, 4, 5), ()),
    ("pipe_rows", (1, 2, 3, 4, 5), ()),              # not collapsed: "| |" keeps each blank
])
def test_render_matrix_row_without_columns_is_lost(table: str, blanks: tuple[int, ...], lost: tuple[str, ...]) -> None:
    raw = render_text([apply_row(blanks)], TextStyle(table=table), random.Random(0))
    assert [row.value_keys for row in raw.lost] == ([lost] if lost else [])
    assert all(row.target == "apply.new" and row.columns == 7 for row in raw.lost)
    norm = normalise(raw)
    assert norm.lost == tuple(raw.lost)
    assert sum(label == "STAT_VALUE" for *_, label, _ in norm.spans) == 7 - len(blanks)   # spans stay


@pytest.mark.parametrize("seed", range(12))
def test_render_collapsed_pipes_lost_unless_count_is_exact(seed: int) -> None:
    raw = render_text([apply_row((1, 2, 3, 4, 5))], TextStyle(table="pipe_rows", collapse=True), random.Random(seed))
    line = raw.text.split("\n")[0]
    cells = line.rstrip().removesuffix("|").split("|")
    assert bool(raw.lost) == (len(cells) != 8), line   # the header and 7 cells, or the columns are lost


@pytest.mark.parametrize("seed", range(6))
def test_render_flat_table4_with_blank_cells(seed: int) -> None:
    table = table4()
    table.rows[1][4] = Cell([], value=True)
    table.matrix_rows = {1: ("表四", 15)}
    raw = render_text([table], TextStyle(table="tab_cells", flat_t4=True), random.Random(seed))
    flat = next(ln for ln in raw.text.split("\n") if len(ln.split()) == 14)
    assert bool(raw.lost) == ("\t" not in flat), repr(flat)   # tabs keep the blank cell, spaces lose it
