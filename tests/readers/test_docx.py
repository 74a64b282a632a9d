"""Word reading: paragraphs and tables in document order, rows as tab-separated lines."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from gik_nlp.readers.docx import chinese_count, format_number, read_docx
from gik_nlp.readers.text import ReadError


def _save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: docx.document.Document, rows: list[list[str]]) -> docx.table.Table:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    return table


def test_docx_read_keeps_document_order() -> None:
    document = docx.Document()
    document.core_properties.title = "某某县2023年政府信息公开工作年度报告"
    document.add_paragraph("二、主动公开政府信息情况")
    _table(document, [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                      ["规章", "0", "", "0"],
                      ["规范性文件", "8", "0", "18"]])
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    text, metadata = read_docx(_save(document), "r.docx")
    assert text == ("二、主动公开政府信息情况\n"
                    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
                    "规章\t0\t\t0\n"
                    "规范性文件\t8\t0\t18\n"
                    "三、收到和处理政府信息公开申请情况")
    tables = metadata.pop("tables")
    assert metadata == {"title": "某某县2023年政府信息公开工作年度报告"}
    assert [[cell.text for cell in row] for row in tables[0].rows] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "", "0"], ["规范性文件", "8", "0", "18"]]


def test_docx_read_merged_cells_appear_once() -> None:
    document = docx.Document()
    table = _table(document, [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]])
    table.cell(0, 0).merge(table.cell(0, 1))  # horizontal: one w:tc spanning two columns
    table.cell(1, 2).merge(table.cell(2, 2))  # vertical: the continuation cell is empty
    text, _ = read_docx(_save(document), "m.docx")
    assert text.split("\n") == ["a b\tc", "d\te\tf i", "g\th\t"]


def test_docx_read_flattens_cell_content() -> None:
    document = docx.Document()
    table = _table(document, [["自然人", "x"]])
    cell = table.cell(0, 1)
    cell.paragraphs[0].add_run("第一行").add_break()
    cell.paragraphs[0].add_run("第二行\t制表")
    cell.add_paragraph("第二段")
    nested = cell.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "嵌套1"
    nested.cell(0, 1).text = "嵌套2"
    text, _ = read_docx(_save(document), "n.docx")
    assert text == "自然人\tx第一行 第二行 制表 第二段 嵌套1 嵌套2"


def test_docx_read_paragraph_breaks_and_tabs() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("沭阳县发展和改革局")
    paragraph.add_run().add_break()
    paragraph.add_run("2024年1月17日\t")
    text, _ = read_docx(_save(document), "b.docx")
    assert text == "沭阳县发展和改革局\n2024年1月17日\t"


def _numbering_xml(num_fmt: str, lvl_text: str) -> str:
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{num_fmt}"/><w:lvlText w:val="{lvl_text}"/></w:lvl>'
            f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            f'<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>')


@pytest.mark.parametrize("num_fmt,lvl_text,expected", [
    ("chineseCounting", "%1、", ["一、总体情况", "（一）主动公开", "（二）依申请公开", "二、存在问题", "（一）问题"]),
    ("decimal", "%1.", ["1. 总体情况", "（一）主动公开", "（二）依申请公开", "2. 存在问题", "（一）问题"]),
], ids=["chinese", "decimal"])
def test_docx_read_renders_list_numbers(num_fmt: str, lvl_text: str, expected: list[str]) -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_numbering_xml(num_fmt, lvl_text)))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in [("总体情况", 0), ("主动公开", 1), ("依申请公开", 1), ("存在问题", 0), ("问题", 1)]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    assert read_docx(_save(document), "l.docx")[0].split("\n") == expected


@pytest.mark.parametrize("n,expected", [(1, "一"), (9, "九"), (10, "十"), (15, "十五"), (20, "二十"), (99, "九十九"),
                                        (100, "一百"), (101, "一百零一"), (110, "一百一十"), (2024, "二千零二十四")])
def test_docx_chinese_count(n: int, expected: str) -> None:
    assert chinese_count(n) == expected


@pytest.mark.parametrize("n,num_fmt,expected", [(2, "lowerLetter", "b"), (28, "upperLetter", "BB"),
                                                (4, "lowerRoman", "iv"), (3, "ideographTraditional", "丙"),
                                                (12, "ideographDigital", "一二"), (5, "unknownFormat", "5")])
def test_docx_format_number(n: int, num_fmt: str, expected: str) -> None:
    assert format_number(n, num_fmt) == expected


def test_docx_read_content_control_and_deleted_text() -> None:
    document = docx.Document()
    document.add_paragraph("前")
    body = document.element.body
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>控件内</w:t></w:r>'
                    f'<w:del w:id="1" w:author="a"><w:r><w:delText>已删除</w:delText></w:r></w:del>'
                    f'<w:ins w:id="2" w:author="a"><w:r><w:t>已插入</w:t></w:r></w:ins></w:p></w:sdtContent></w:sdt>')
    body.insert(len(body) - 1, sdt)  # before w:sectPr
    document.add_paragraph("后")
    assert read_docx(_save(document), "c.docx")[0] == "前\n控件内已插入\n后"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [
    b"PK\x03\x04 this is not really a zip",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
    _zip({"hello.txt": b"no word document here"}),
    "年度报告".encode("utf-8"),
], ids=["truncated-zip", "legacy-doc", "zip-without-document", "text"])
def test_docx_read_corrupt(data: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        read_docx(data, "bad.docx")
    assert caught.value.kind == "corrupt"
    assert str(caught.value).startswith("bad.docx: ")
