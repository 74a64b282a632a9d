"""Spreadsheets: sheets in order, rows as tab-separated lines, merged ranges, numbers as printed."""

from __future__ import annotations

import io

import openpyxl
import pytest

from gik_nlp.readers.text import ReadError
from gik_nlp.readers.xlsx import read_xlsx


def _workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "统计表"
    sheet.append(["统计指标", "单位", "统计数"])
    sheet.append(["一、主动公开情况"])
    sheet.merge_cells("A2:C2")
    sheet.append(["主动公开政府信息数", "条", 7254.0])
    sheet.append(["依申请公开信息收取的费用", "万元", 0.03])
    sheet.append([None, None, None])
    second = workbook.create_sheet("说明")
    second.append(["填报单位", "某某县人民政府办公室"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_read_rows_as_tab_separated_lines() -> None:
    text, metadata = read_xlsx(_workbook(), "t.xlsx")
    assert text == ("统计表\n统计指标\t单位\t统计数\n一、主动公开情况\n主动公开政府信息数\t条\t7254\n"
                    "依申请公开信息收取的费用\t万元\t0.03\n说明\n填报单位\t某某县人民政府办公室")
    tables = metadata.pop("tables")
    assert metadata == {"sheets": ["统计表", "说明"]}
    # one grid per sheet, rows padded to the widest (the merged A2:C2 is not expanded)
    assert [[(c.text, c.start, c.end) for c in row] for row in tables[0].rows] == [
        [("统计指标", 4, 8), ("单位", 9, 11), ("统计数", 12, 15)],
        [("一、主动公开情况", 16, 24), ("", 24, 24), ("", 24, 24)],
        [("主动公开政府信息数", 25, 34), ("条", 35, 36), ("7254", 37, 41)],
        [("依申请公开信息收取的费用", 42, 54), ("万元", 55, 57), ("0.03", 58, 62)]]
    assert [[c.text for c in row] for row in tables[1].rows] == [["填报单位", "某某县人民政府办公室"]]


def test_xlsx_damaged_workbook_is_named() -> None:
    with pytest.raises(ReadError) as caught:
        read_xlsx(b"PK\x03\x04 not really a zip", "bad.xlsx")
    assert caught.value.kind == "corrupt"
    assert str(caught.value).startswith("bad.xlsx: the workbook cannot be opened")
