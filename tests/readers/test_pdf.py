"""PDF reading: text layer page by page, ruled tables as tab-separated rows, scans refused."""

from __future__ import annotations

import io

import pytest
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gik_nlp.readers.pdf import read_pdf
from gik_nlp.readers.ocr import ocr_available
from gik_nlp.readers.text import ReadError

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
STYLE = ParagraphStyle("cn", fontName=FONT, fontSize=12, leading=16)
#: A report's body as word processors set it: justified, each paragraph indented two characters.
BODY = ParagraphStyle("body", parent=STYLE, wordWrap="CJK", firstLineIndent=24, alignment=TA_JUSTIFY)
ROWS = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["规范性文件", "8", "", "18"]]


def report_pdf() -> bytes:
    """Two pages: title, prose, a ruled table, a paragraph; then the signature page."""
    buffer = io.BytesIO()
    table = Table(ROWS)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(buffer, pagesize=A4).build([
        Paragraph("某某县2023年政府信息公开工作年度报告", STYLE),
        Paragraph("二、主动公开政府信息情况", STYLE),
        table,
        Paragraph("三、收到和处理政府信息公开申请情况", STYLE),
        PageBreak(),
        Paragraph("某某县人民政府办公室 2024年1月17日", STYLE),
    ])
    return buffer.getvalue()


def graphics_pdf(pages: int = 1) -> bytes:
    """Pages of shapes only, as a scan looks to a text extractor (no characters)."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for _ in range(pages):
        drawing.setFillColor(colors.grey)
        drawing.rect(72, 400, 300, 200, fill=1)
        drawing.line(72, 300, 500, 300)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def test_pdf_read_pages_lines_and_table() -> None:
    text, metadata = read_pdf(report_pdf(), "r.pdf")
    assert text == ("某某县2023年政府信息公开工作年度报告\n"
                    "二、主动公开政府信息情况\n"
                    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
                    "规章\t0\t0\t0\n"
                    "规范性文件\t8\t\t18\n"
                    "三、收到和处理政府信息公开申请情况\n"
                    "某某县人民政府办公室 2024年1月17日")
    second = text.index("某某县人民政府办公室")
    tables = metadata.pop("tables")
    assert metadata == {"pages": 2, "page_starts": [0, second]}
    assert [[cell.text for cell in row] for row in tables[0].rows] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "0"], ["规范性文件", "8", "", "18"]]


@pytest.mark.parametrize("pages", [1, 3])
def test_pdf_read_graphics_only_has_no_text_layer(pages: int) -> None:
    with pytest.raises(ReadError) as caught:
        read_pdf(graphics_pdf(pages), "scan.pdf", ocr="never")
    assert caught.value.kind == "no_text_layer"
    assert str(caught.value) == "scan.pdf: the PDF has no text layer (a scanned document?) (--ocr never)"


@pytest.mark.skipif(not ocr_available(), reason="the OCR extra (rapidocr-onnxruntime) is not installed")
def test_pdf_read_graphics_only_ocr_finds_nothing() -> None:
    with pytest.raises(ReadError) as caught:
        read_pdf(graphics_pdf(2), "scan.pdf")
    assert caught.value.kind == "no_text_layer"
    assert str(caught.value) == ("scan.pdf: the PDF has no text layer (a scanned document?) "
                                 "and OCR found no text on its 2 page(s)")


def test_pdf_read_notes_pages_without_text() -> None:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    drawing.setFont(FONT, 12)
    drawing.drawString(72, 700, "第一页")
    drawing.showPage()
    drawing.rect(72, 400, 300, 200, fill=1)  # a scanned page in between
    drawing.showPage()
    drawing.setFont(FONT, 12)
    drawing.drawString(72, 700, "第三页")
    drawing.showPage()
    drawing.save()
    text, metadata = read_pdf(buffer.getvalue(), "mixed.pdf", ocr="never")
    assert text == "第一页\n\n第三页"
    assert metadata == {"pages": 3, "page_starts": [0, 4, 5], "pages_without_text": [2]}
    if ocr_available():  # the page without a text layer goes to OCR, which finds nothing on a black box
        text, metadata = read_pdf(buffer.getvalue(), "mixed.pdf")
        assert text == "第一页\n\n第三页"
        assert metadata == {"pages": 3, "page_starts": [0, 4, 5], "pages_without_text": [2], "ocr_pages": [2]}


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF",
    b"not a pdf at all",
    report_pdf()[:400],
], ids=["no-root", "no-header", "truncated"])
def test_pdf_read_corrupt(data: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        read_pdf(data, "bad.pdf")
    assert caught.value.kind == "corrupt"
    assert str(caught.value).startswith("bad.pdf: ")


@pytest.mark.parametrize("cells,expected", [
    ([["自然人", "商业\n企业", "总计"], ["26", "", "26"]], "自然人\t商业企业\t总计\n26\t\t26"),
    ([["Total\nrows", "12\n345"]], "Total rows\t12 345"),
], ids=["cjk-wrap", "latin-wrap"])
def test_pdf_read_joins_wrapped_cells(cells: list[list[str]], expected: str) -> None:
    buffer = io.BytesIO()
    table = Table(cells)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(buffer, pagesize=A4).build([table])
    assert read_pdf(buffer.getvalue(), "w.pdf")[0] == expected


def test_pdf_read_joins_a_paragraphs_wrapped_lines() -> None:
    """The page wraps each paragraph into lines of 18 and 21 characters; the text has one line a
    paragraph, as a web page prints it, and the headings and title stay lines of their own."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([
        Paragraph("某某市人民政府2024年政府信息公开工作年度报告", STYLE),
        Paragraph("一、总体情况", BODY),
        Paragraph("本年度，市政府网站主动公开各类政府信息，新增公开市政府规章和市政府办公室政策性文件，"
                  "通过文字、图片等形式制作政策解读，紧紧围绕保障民生、深化改革、科技创新等工作主线组织召开新闻发布会。", BODY),
        Paragraph("定期对政府信息公开申请集中的领域和热点问题进行研判，探索从源头上解决实际问题，"
                  "着力强化与申请人的直接沟通。", BODY),
        Paragraph("二、主动公开政府信息情况", BODY),
    ])
    text, _ = read_pdf(buffer.getvalue(), "wrapped.pdf")
    assert text.split("\n") == [
        "某某市人民政府2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度，市政府网站主动公开各类政府信息，新增公开市政府规章和市政府办公室政策性文件，通过文字、图片等形式制作政策解读，"
        "紧紧围绕保障民生、深化改革、科技创新等工作主线组织召开新闻发布会。",
        "定期对政府信息公开申请集中的领域和热点问题进行研判，探索从源头上解决实际问题，着力强化与申请人的直接沟通。",
        "二、主动公开政府信息情况",
    ]


def test_pdf_read_joins_a_paragraph_over_a_page_break() -> None:
    """A paragraph that starts at the foot of page 1 and ends on page 2 reads as one line; the page
    number between its halves goes, the next page starts where its words do, and page 2's own
    number stays."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4)

    def page_number(drawing: canvas.Canvas, doc: SimpleDocTemplate) -> None:
        drawing.setFont(FONT, 9)
        drawing.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    paragraph = ("定期对政府信息公开申请集中的领域和热点问题进行研判，探索从源头上解决实际问题，"
                 "着力强化与申请人的直接沟通，准确了解申请人诉求，提高答复的及时性和针对性。")
    document.build([Paragraph("一、总体情况", BODY), Spacer(1, document.height - 4 * 16 - 4),
                    Paragraph(paragraph, BODY), Paragraph("二、主动公开政府信息情况", BODY)],
                   onFirstPage=page_number, onLaterPages=page_number)
    text, metadata = read_pdf(buffer.getvalue(), "break.pdf")
    assert text.split("\n") == ["一、总体情况", paragraph, "二、主动公开政府信息情况", "- 2 -"]
    assert metadata["page_starts"] == [0, text.index("性和针对性。")]
