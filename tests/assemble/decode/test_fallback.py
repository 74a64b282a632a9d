"""Tables flattened into text: every rendering of formats.md pairs names with values by row and column."""

from __future__ import annotations

import re

import pytest

from gik_nlp.assemble.decode.fallback import NUMBER, cell_kind, read_rows_fallback, scan_rows
from gik_nlp.types import Span

APPLY_ROW = "一、本年新收政府信息公开申请数量"


def tag(text: str, names: list[str]) -> list[Span]:
    """Gold-like spans: each given name (every occurrence) and every number cell of a table row."""
    spans = []
    for name in names:
        for match in re.finditer(re.escape(name), text):
            spans.append(Span(match.start(), match.end(), "STAT_NAME", name))
    for row in scan_rows(text):
        spans += [Span(c.start, c.end, "STAT_VALUE", c.text) for c in row.cells if c.kind == NUMBER]
    return sorted(spans, key=lambda s: s.start)


def values_by_field(text: str, names: list[str]) -> dict[str, str]:
    reading = read_rows_fallback(text, tag(text, names))
    return {p.field_id: p.value_text for p in reading.pairings if p.field_id}


PRE2019_NAMES = ["主动公开政府信息数", "政府网站公开政府信息数", "收到申请数", "兼职人员数"]

# Rendering 1: one cell per line led by a tab, a header cell broken over lines, a blank cell.
TAB_CELLS = ("\t统 计 指 标\n\t单位\n\t统计数\n\n\t一、主动公开情况\n\t——\n\t\u3000\n\n"
             "\t（一）主动公开政府信息数\n\n（不同渠道和方式公开相同信息计1条）\n\t条\n\t\u30007254\n\n"
             "\t2.政府网站公开政府信息数\n\t条\n\t\u3000\n\n"
             "\t三、依申请公开情况\n\t——\n\n\t（一）收到申请数\n\t件\n\t\u30003\n\n"
             "\t2.兼职人员数\n\t人\n\t\u30002\n")
# Rendering 2: one cell per line, blank lines between cells, a blank cell as a " " line.
BLANK_CELLS = ("统计指标\n\n单位\n\n统计数\n\n主动公开政府信息数\n\n条\n\n7254\n\n"
               "政府网站公开政府信息数\n\n条\n\n \n\n收到申请数\n\n件\n\n3\n\n兼职人员数\n\n人\n\n2\n")
# Rendering 3: each cell followed by a line holding only "|"; an empty cell is an empty line.
PIPE_CELLS = ("主动公开政府信息数\n|\n条\n|\n7254\n|\n政府网站公开政府信息数\n|\n条\n|\n\n|\n"
              "收到申请数\n|\n件\n|\n3\n|\n兼职人员数\n|\n人\n|\n2\n|\n")
# Rendering 4: pipe rows.
PIPE_ROWS = ("统计指标 | 单位 | 统计数 |\n主动公开政府信息数 | 条 | 7254 |\n政府网站公开政府信息数 | 条 | |\n"
             "收到申请数 | 件 | 3 |\n兼职人员数 | 人 | 2 |\n")


@pytest.mark.parametrize("text", [TAB_CELLS, BLANK_CELLS, PIPE_CELLS, PIPE_ROWS],
                         ids=["tab_cells", "blank_cells", "pipe_cells", "pipe_rows"])
def test_tables_pre2019_renderings(text):
    assert values_by_field(text, PRE2019_NAMES) == {
        "proactive.total": "7254", "request.received": "3", "org.staff_parttime": "2"}


@pytest.mark.parametrize("text", [TAB_CELLS, PIPE_ROWS], ids=["tab_cells", "pipe_rows"])
def test_tables_unit_column_is_read(text):
    reading = read_rows_fallback(text, tag(text, PRE2019_NAMES))
    units = {p.field_id: p.unit for p in reading.pairings}
    assert units == {"proactive.total": "条", "request.received": "件", "org.staff_parttime": "人"}


@pytest.mark.parametrize("text,kinds", [
    ("", "blank"), ("——", "placeholder"), ("/", "placeholder"), ("不适用", "placeholder"),
    ("条", "unit"), ("7254", "number"), ("123.45万元", "number"), ("+1036", "number"), ("规章", "label"),
])
def test_tables_cell_kind(text, kinds):
    assert cell_kind(text) == kinds


# 表三 rows as the HTML reader gives them: cells between tabs, blank cells kept empty.
HTML_APPLY = ("自然人\t法人或其他组织\t总计\n商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n"
              f"{APPLY_ROW}\t26\t\t\t\t\t\t26\n"
              "三、本年度办理结果\t（一）予以公开\t20\t1\t\t\t\t\t21\n")


@pytest.mark.parametrize("text", [HTML_APPLY])
def test_tables_blank_matrix_cells_are_absent_not_zero(text):
    found = values_by_field(text, [APPLY_ROW, "予以公开"])
    assert found == {"apply.new.natural_person": "26", "apply.new.total": "26",
                     "apply.granted.natural_person": "20", "apply.granted.business": "1",
                     "apply.granted.total": "21"}


@pytest.mark.parametrize("text", [
    f"{APPLY_ROW} 3001 53 0 0 61 4 3119\n",                 # PDF text layer: space-separated
    f"{APPLY_ROW} | 3001 | 53 | 0 | 0 | 61 | 4 | 3119 |\n",  # pipe row
    f"\t{APPLY_ROW}\n\t3001\n\t53\n\t0\n\t0\n\t61\n\t4\n\t3119\n",  # one cell per line
])
def test_tables_apply_row_by_column(text):
    found = values_by_field(text, [APPLY_ROW])
    assert found["apply.new.natural_person"] == "3001"
    assert found["apply.new.legal_service"] == "61"
    assert found["apply.new.total"] == "3119"
    assert len(found) == 7


@pytest.mark.parametrize("text", [
    f"{APPLY_ROW} | 26 ||| 26 |\n",     # blank cells collapsed into "|||": columns lost
    f"{APPLY_ROW} 26 26\n",              # blank cells lost in a PDF text layer
])
def test_tables_lost_columns_leave_values_out_with_a_warning(text):
    reading = read_rows_fallback(text, tag(text, [APPLY_ROW]))
    assert [p for p in reading.pairings if p.field_id] == []
    assert len(reading.warnings) == 1
    assert "apply.new" in reading.warnings[0] and "26 26" in reading.warnings[0]


TABLE4_HEADER = ("行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n"
                 "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n")


@pytest.mark.parametrize("line", ["0 0 0 1 1 2 0 0 0 2 0 0 3 0 3", "0\t0\t0\t1\t1\t2\t0\t0\t0\t2\t0\t0\t3\t0\t3"])
def test_tables_table4_row_of_fifteen_numbers(line):
    found = values_by_field(TABLE4_HEADER + line + "\n", [])
    assert found == {
        "review.upheld": "0", "review.corrected": "0", "review.other": "0", "review.pending": "1",
        "review.total": "1", "litigation_direct.upheld": "2", "litigation_direct.corrected": "0",
        "litigation_direct.other": "0", "litigation_direct.pending": "0", "litigation_direct.total": "2",
        "litigation_after_review.upheld": "0", "litigation_after_review.corrected": "0",
        "litigation_after_review.other": "3", "litigation_after_review.pending": "0",
        "litigation_after_review.total": "3"}


@pytest.mark.parametrize("line", ["0 0 1 1 2 2 3 3"])
def test_tables_table4_short_row_warns(line):
    reading = read_rows_fallback(TABLE4_HEADER + line + "\n", tag(TABLE4_HEADER + line + "\n", []))
    assert reading.pairings == []
    assert len(reading.warnings) == 1 and "表四" in reading.warnings[0]


@pytest.mark.parametrize("text,expected", [
    ("第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 1 | 5 |\n"
     "行政规范性文件 | 8 | 0 | 18 |\n",
     {"disclosure.rules.made": "0", "disclosure.rules.repealed": "1", "disclosure.rules.in_force": "5",
      "disclosure.normative.made": "8", "disclosure.normative.repealed": "0",
      "disclosure.normative.in_force": "18"}),
    ("信息内容 本年处理决定数量\n行政处罚 3985758\n行政强制 88283\n第二十条 第（八）项\n"
     "信息内容 本年收费金额（单位：万元）\n行政事业性收费 96171.6\n",
     {"disclosure.punishment.decisions": "3985758", "disclosure.coercion.decisions": "88283",
      "disclosure.fees.amount": "96171.6"}),
])
def test_tables_disclosure_columns_from_header(text, expected):
    assert values_by_field(text, ["规章", "行政规范性文件", "行政处罚", "行政强制", "行政事业性收费"]) == expected


ANNEX = ("指 标 名 称\n\n单位\n\n2017年\n\n历年累计\n\n主动公开文件数\n\n410\n\n1879\n\n"
         "其中:1.政府网站公开数\n\n410\n\n1879\n\n2.政府公报公开数\n\n \n\n \n\n")


@pytest.mark.parametrize("text", [ANNEX])
def test_tables_annex_takes_the_year_column(text):
    names = ["主动公开文件数", "政府网站公开数", "政府公报公开数"]
    spans = [s for s in tag(text, names) if s.text != "1879"]  # 历年累计 cells are not tagged
    reading = read_rows_fallback(text, spans)
    assert {p.field_id: p.value_text for p in reading.pairings} == {
        "proactive.total": "410", "proactive.website": "410"}


@pytest.mark.parametrize("text", ["四、行政复议数量\t件\t2\n（二）被依法纠错数\t件\t1\n"
                                  "五、行政诉讼数量\t件\t3\n（二）被依法纠错数\t件\t2\n"])
def test_tables_section_decides_ambiguous_rows(text):
    found = values_by_field(text, ["行政复议数量", "被依法纠错数", "行政诉讼数量"])
    assert found == {"review.total": "2", "review.corrected": "1", "litigation.total": "3",
                     "litigation.corrected": "2"}


@pytest.mark.parametrize("text", ["\t（二）通过不同渠道和方式回应解读的情况\n\t\n\t0\n"])
def test_tables_unknown_row_is_other_statistic(text):
    reading = read_rows_fallback(text, tag(text, ["通过不同渠道和方式回应解读的情况"]))
    assert [(p.field_id, p.name, p.value_text) for p in reading.pairings] == [
        (None, "通过不同渠道和方式回应解读的情况", "0")]


@pytest.mark.parametrize("text", ["（二）部分公开（区分处理的，只计这一情\n形，不计其他情形） 447 7 0 0 0 0 454\n"])
def test_tables_header_broken_over_lines(text):
    found = values_by_field(text, ["部分公开"])
    assert found["apply.partly_granted.natural_person"] == "447"
    assert found["apply.partly_granted.total"] == "454"


# Rendering 2 prints one empty line between cells; an empty cell adds an empty line of its own.
BLANK_RUNS = "\n\n".join([APPLY_ROW, "3", "", " ", "", "", " ", "3"]) + "\n"


@pytest.mark.parametrize("text", [BLANK_RUNS])
def test_tables_empty_lines_count_empty_cells(text):
    assert values_by_field(text, [APPLY_ROW]) == {"apply.new.natural_person": "3", "apply.new.total": "3"}


@pytest.mark.parametrize("text", ["（四）无法提供 | 1.本机关不掌握\n相关政府信息 | 2 |  |  |  |  |  | 2 |\n"])
def test_tables_header_broken_inside_a_pipe_cell(text):
    found = values_by_field(text, ["本机关不掌握", "相关政府信息"])
    assert found == {"apply.unable.not_held.natural_person": "2", "apply.unable.not_held.total": "2"}


@pytest.mark.parametrize("text", ["指 标 名 称\n单位\n2016年度\n历年累计\n主动公开文件数 273 1078\n其中:1.政府网站公开数 208\n"])
def test_tables_annex_single_tagged_value_is_the_year(text):
    spans = [s for s in tag(text, ["主动公开文件数", "政府网站公开数"]) if s.text != "1078"]
    reading = read_rows_fallback(text, spans)
    assert {p.field_id: p.value_text for p in reading.pairings} == {
        "proactive.total": "273", "proactive.website": "208"}
