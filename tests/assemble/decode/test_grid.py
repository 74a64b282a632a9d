"""The grid step: a row's cells from the table the reader kept, from the text otherwise.

Fixtures written by hand (none copied from a report).
"""

from __future__ import annotations

from gik_nlp.assemble import build_record
from gik_nlp.assemble.decode import decode_tables
from gik_nlp.assemble.decode.grid import FileCells
from gik_nlp.readers import read_bytes
from gik_nlp.types import FileCell, FileTable

# 表二 (2021) as a page prints it: single-figure rows under a cell merged across three columns,
# and the page goes on with a paragraph that starts with a year.
TABLE2 = """<html><body><p>二、主动公开政府信息情况</p>
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>5</td></tr>
<tr><td>行政规范性文件</td><td>3</td><td>1</td><td>20</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">120</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">45</td></tr>
<tr><td>行政强制</td><td colspan="3">2</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">12.5</td></tr>
</table>
<p>2024年，本机关将继续做好政府信息公开工作。</p>
</body></html>"""

TABLE2_CELLS = {"disclosure.rules.made": 0, "disclosure.rules.repealed": 0, "disclosure.rules.in_force": 5,
                "disclosure.normative.made": 3, "disclosure.normative.repealed": 1,
                "disclosure.normative.in_force": 20, "disclosure.licensing.decisions": 120,
                "disclosure.punishment.decisions": 45, "disclosure.coercion.decisions": 2,
                "disclosure.fees.amount": 12.5}


def test_cells_from_the_file_grid_where_the_text_runs_into_the_next_paragraph() -> None:
    doc = read_bytes(TABLE2.encode("utf-8"), "t.html")
    # flattened, the last row reads "行政事业性收费\t12.5\n2024年…": two numbers for one cell
    from_text = decode_tables(doc.text)
    assert "disclosure.fees.amount" not in {c.field_id for c in from_text.cells}
    decoding = decode_tables(doc.text, tables=doc.tables)
    assert {c.field_id: c.value for c in decoding.cells} == TABLE2_CELLS
    assert decoding.warnings == []
    fee = next(c for c in decoding.cells if c.field_id == "disclosure.fees.amount")
    assert doc.text[fee.span[0]:fee.span[1]] == "12.5"
    assert doc.text[fee.label_span[0]:fee.label_span[1]] == "行政事业性收费"


def test_the_record_reads_the_file_grid() -> None:
    doc = read_bytes(TABLE2.encode("utf-8"), "t.html")
    record = build_record(doc, [])
    assert record.statistics["disclosure.fees.amount"].value == 12.5
    assert record.statistics["disclosure.licensing.decisions"].value == 120


# One row of a table the reader kept: label | unit | 12件 | (blank) | — , then a row of words.
TEXT = "当面申请数\t件\t12件\t\t—\n备注\t说明文字"
LABEL, UNIT, TWELVE, BLANK, DASH = (FileCell(TEXT[s:e], s, e) for s, e in
                                    ((0, 5), (6, 7), (8, 11), (12, 12), (13, 14)))
NOTE, WORDS = FileCell("备注", 15, 17), FileCell("说明文字", 18, 22)


def _table(*rows: tuple[FileCell, ...]) -> FileTable:
    return FileTable(tuple(rows), 0, 22)


def test_row_cells_skip_the_unit_column_and_keep_blanks_and_placeholders() -> None:
    cells = FileCells([_table((LABEL, UNIT, TWELVE, BLANK, DASH), (NOTE, WORDS, WORDS, WORDS, WORDS))])
    toks, end = cells.row(TEXT, 5, 7)   # alignment put the cells after the unit 件
    assert [(t.text, t.kind, t.start, t.end, t.explicit) for t in toks] == [
        ("12", "number", 8, 10, True), ("", "blank", 12, 12, True), ("—", "placeholder", 13, 14, True)]
    assert end == 14


def test_row_cells_refused_where_the_grid_does_not_say() -> None:
    # the label's own cell holds a number too: read from the text
    crowded = FileCell("当面申请数\t件", 0, 7)
    assert FileCells([_table((crowded, TWELVE))]).row(TEXT, 5, 5) is None
    # a figure coming down from the row above (merged across rows)
    above = FileTable(((NOTE, TWELVE), (LABEL, TWELVE)), 0, 17)
    assert FileCells([above]).row(TEXT, 5, 5) is None
    # no numeric cell after the label
    assert FileCells([_table((LABEL, WORDS))]).row(TEXT, 5, 5) is None
    # not in a table at all
    assert FileCells([_table((NOTE, WORDS))]).row(TEXT, 5, 5) is None


def test_a_cell_merged_across_columns_is_one_token() -> None:
    cells = FileCells([_table((LABEL, TWELVE, TWELVE, TWELVE))])
    toks, _ = cells.row(TEXT, 5, 5)
    assert [t.text for t in toks] == ["12"]
