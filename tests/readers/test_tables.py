"""Tables as the file gives them (Document.tables): merged cells expanded, offsets into the text.

Every fixture is written here by hand; the expected texts are what the readers gave before
tables were kept (the text the tagger sees must not change), the expected grids and offsets
are counted by hand.
"""

from __future__ import annotations

import io

import docx
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from gik_nlp.readers import read_bytes, read_text
from gik_nlp.readers.tables import expand, pipe_tables
from gik_nlp.types import Document, FileCell, FileTable

HTML = """<html><body><p>表三</p>
<table border="1">
<tr><td colspan="2" rowspan="2">项目</td><td colspan="2">申请人</td></tr>
<tr><td>自然人</td><td>总计</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td></tr>
<tr><td>2.其他</td><td>1</td><td>1</td></tr>
<tr><td colspan="2">（七）总计</td><td>１２</td><td></td></tr>
</table>
<p>完</p></body></html>"""
HTML_TEXT = ("表三\n项目\t申请人\n自然人\t总计\n（三）不予公开\t1.属于国家秘密\t0\t0\n2.其他\t1\t1\n"
             "（七）总计\t12\t\n完")


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("表三")
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 1))   # two columns, two rows: gridSpan + vMerge
    table.cell(0, 2).merge(table.cell(0, 3))   # two columns
    table.cell(2, 0).merge(table.cell(2, 1))
    for (r, c), value in {(0, 0): "项目", (0, 2): "申请人", (1, 2): "自然人", (1, 3): "总计",
                          (2, 0): "（七）总计", (2, 2): "12", (2, 3): "3"}.items():
        table.cell(r, c).text = value
    document.add_paragraph("完")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_TEXT = "表三\n项目\t申请人\n\t自然人\t总计\n（七）总计\t12\t3\n完"

FONT = "STSong-Light"


def _pdf() -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    style = ParagraphStyle("cn", fontName=FONT, fontSize=12, leading=16)
    table = Table([["项目", "申请人", "", ""], ["不予公开", "国家秘密", "0", "0"], ["", "其他", "1", "1"],
                   ["总计", "", "12", ""]])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("SPAN", (1, 0), (3, 0)), ("SPAN", (0, 1), (0, 2)), ("SPAN", (0, 3), (1, 3))]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph("表三", style), table, Paragraph("完", style)])
    return buffer.getvalue()


PDF_TEXT = "表三\n项目\t申请人\t\t\n不予公开\t国家秘密\t0\t0\n\t其他\t1\t1\n总计\t\t12\t\n完"

# CRLF line ends and full-width digits: normalisation moves offsets, the cells follow.
MARKDOWN = "说明\r\n| 项目 | 数量 |\r\n|---|---:|\r\n| 申请 | １２ |\r\n| 复议 |  |\r\n"
MARKDOWN_TEXT = "说明\n| 项目 | 数量 |\n|---|---:|\n| 申请 | 12 |\n| 复议 |  |\n"


def _grid(doc: Document, index: int = 0) -> list[list[tuple[str, int, int]]]:
    return [[(cell.text, cell.start, cell.end) for cell in row] for row in doc.tables[index].rows]


def _cells_point_into_text(doc: Document) -> None:
    for table in doc.tables:
        assert len({len(row) for row in table.rows}) == 1
        for row in table.rows:
            for cell in row:
                assert doc.text[cell.start:cell.end] == cell.text
                assert table.start <= cell.start <= cell.end <= table.end or cell.start == cell.end


@pytest.mark.parametrize("data,name,text", [
    (HTML.encode("utf-8"), "t.html", HTML_TEXT),
    (_docx(), "t.docx", DOCX_TEXT),
    (_pdf(), "t.pdf", PDF_TEXT),
    (MARKDOWN.encode("utf-8"), "t.md", MARKDOWN_TEXT),
    (MARKDOWN.encode("utf-8"), "t.txt", MARKDOWN_TEXT),
])
def test_text_is_as_before_and_cells_point_into_it(data: bytes, name: str, text: str) -> None:
    doc = read_bytes(data, name)
    assert doc.text == text
    assert "tables" not in doc.metadata
    assert len(doc.tables) == 1
    _cells_point_into_text(doc)


def test_html_rowspan_and_colspan_are_expanded() -> None:
    doc = read_bytes(HTML.encode("utf-8"), "t.html")
    head, applicant = ("项目", 3, 5), ("申请人", 6, 9)
    withheld, total = ("（三）不予公开", 17, 24), ("（七）总计", 47, 52)
    assert _grid(doc) == [
        [head, head, applicant, applicant],
        [head, head, ("自然人", 10, 13), ("总计", 14, 16)],
        [withheld, ("1.属于国家秘密", 25, 33), ("0", 34, 35), ("0", 36, 37)],
        [withheld, ("2.其他", 38, 42), ("1", 43, 44), ("1", 45, 46)],
        [total, total, ("12", 53, 55), ("", 56, 56)],
    ]
    rows = doc.tables[0].rows
    assert rows[0][0] is rows[1][1] and rows[0][2] is rows[0][3] and rows[2][0] is rows[3][0]
    assert (doc.tables[0].start, doc.tables[0].end) == (3, 56)


def test_docx_grid_span_and_vertical_merge_are_expanded() -> None:
    doc = read_bytes(_docx(), "t.docx")
    head, total = ("项目", 3, 5), ("（七）总计", 18, 23)
    assert _grid(doc) == [
        [head, head, ("申请人", 6, 9), ("申请人", 6, 9)],
        [head, head, ("自然人", 11, 14), ("总计", 15, 17)],
        [total, total, ("12", 24, 26), ("3", 27, 28)],
    ]
    rows = doc.tables[0].rows
    assert rows[0][0] is rows[1][0] is rows[1][1]


def test_docx_nested_table_is_no_table_of_its_own() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "自然人"
    nested = outer.cell(0, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "嵌套1"
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read_bytes(buffer.getvalue(), "n.docx")
    assert doc.text == "自然人\t嵌套1"
    assert _grid(doc) == [[("自然人", 0, 3), ("嵌套1", 4, 7)]]


def test_pdf_cells_a_merged_cell_covers_repeat_it() -> None:
    doc = read_bytes(_pdf(), "t.pdf")
    applicant, withheld, total = ("申请人", 6, 9), ("不予公开", 12, 16), ("总计", 34, 36)
    assert _grid(doc) == [
        [("项目", 3, 5), applicant, applicant, applicant],
        [withheld, ("国家秘密", 17, 21), ("0", 22, 23), ("0", 24, 25)],
        [withheld, ("其他", 27, 29), ("1", 30, 31), ("1", 32, 33)],
        [total, total, ("12", 38, 40), ("", 41, 41)],
    ]


def test_markdown_pipe_table_offsets_follow_normalisation() -> None:
    doc = read_bytes(MARKDOWN.encode("utf-8"), "t.md")
    assert _grid(doc) == [[("项目", 5, 7), ("数量", 10, 12)],
                          [("申请", 28, 30), ("12", 33, 35)],
                          [("复议", 40, 42), ("", 44, 44)]]


def test_pipe_tables_gfm_without_outer_pipes_and_prose_with_a_pipe() -> None:
    tables, warnings = pipe_tables("项目 | 数量\n--- | ---\n申请 | 3\n\n网站首页 | 政务公开\n正文")
    assert len(tables) == 1
    assert [[cell.text for cell in row] for row in tables[0].rows] == [["项目", "数量"], ["申请", "3"]]
    assert warnings == []
    assert pipe_tables("网站首页 | 政务公开\n正文") == ([], [])


def test_read_text_keeps_pipe_tables_too() -> None:
    doc = read_text("| 申请 | 3 |\n| 复议 | 0 |")
    assert _grid(doc) == [[("申请", 2, 4), ("3", 7, 8)], [("复议", 13, 15), ("0", 18, 19)]]


def test_plain_text_has_no_tables() -> None:
    assert read_bytes("总计\t12\t3\n".encode("utf-8"), "t.txt").tables == ()


def test_expand_a_rowspan_past_the_last_row_and_a_huge_colspan_are_clamped() -> None:
    a, b = FileCell("a", 0, 1), FileCell("b", 2, 3)
    grid = expand([[(a, 1, 99), (b, 1000, 1)]])
    assert len(grid) == 1 and len(grid[0]) == 65 and grid[0][1] is grid[0][64] is b


def test_document_round_trip_keeps_merged_cells_one() -> None:
    doc = read_bytes(HTML.encode("utf-8"), "t.html")
    again = Document.from_dict(doc.to_dict())
    assert again.tables == doc.tables
    rows = again.tables[0].rows
    assert rows[0][0] is rows[1][1] and rows[4][3] is not rows[0][0]
    assert "tables" not in Document("d", "d", "x").to_dict()
    assert isinstance(again.tables[0], FileTable)


@pytest.mark.parametrize("grid_before", ["100000000"])
def test_docx_grid_before_is_clamped_like_a_span(grid_before: str) -> None:
    """A row's w:gridBefore sizes the row built from it: a huge number is capped as a gridSpan is."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from gik_nlp.readers.tables import MAX_SPAN

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "总计", "12"
    properties = table.rows[0]._tr.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), grid_before)
    properties.append(before)
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read_bytes(buffer.getvalue(), "t.docx")
    (row,) = doc.tables[0].rows
    assert len(row) == MAX_SPAN + 2 and row[-2].text == "总计" and row[-1].text == "12"


# The cell budget (readers.tables.MAX_CELLS, counted by readers.tables.within for every reader):
# three tables of 2×2, 3×3 and 1×2 cells (4, 9 and 2), in this order, in each kind of file.
BUDGET_GRIDS = [[["甲1", "甲2"], ["甲3", "甲4"]],
                [["乙1", "乙2", "乙3"], ["乙4", "乙5", "乙6"], ["乙7", "乙8", "乙9"]],
                [["丙1", "丙2"]]]


def _budget_html() -> bytes:
    body = "".join(f"<p>表{n}</p><table border=\"1\">"
                   + "".join("<tr>" + "".join(f"<td>{text}</td>" for text in row) + "</tr>" for row in grid)
                   + "</table>" for n, grid in enumerate(BUDGET_GRIDS, start=1))
    return f"<html><body>{body}<p>完</p></body></html>".encode("utf-8")


def _budget_docx() -> bytes:
    document = docx.Document()
    for n, grid in enumerate(BUDGET_GRIDS, start=1):
        document.add_paragraph(f"表{n}")
        table = document.add_table(rows=len(grid), cols=len(grid[0]))
        for r, row in enumerate(grid):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _budget_xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "表1"
    for n, grid in enumerate(BUDGET_GRIDS, start=1):
        sheet = workbook.active if n == 1 else workbook.create_sheet(f"表{n}")
        for row in grid:
            sheet.append(row)
    workbook.create_sheet("空表")   # a sheet without rows makes no table: not one of those left out
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _budget_pdf() -> bytes:
    # a table a page: the pages after the cut must still give their text (the reader reads its
    # pages as ``within`` asks for their grids)
    from reportlab.platypus import PageBreak

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    style = ParagraphStyle("cn", fontName=FONT, fontSize=12, leading=16)
    story = []
    for n, grid in enumerate(BUDGET_GRIDS, start=1):
        table = Table(grid)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [Paragraph(f"表{n}", style), table, PageBreak()]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def _budget_markdown() -> str:
    # each table: its first row, a delimiter row, the rest (a 1-row table is a header alone)
    tables = []
    for n, grid in enumerate(BUDGET_GRIDS, start=1):
        rows = ["| " + " | ".join(row) + " |" for row in grid]
        tables.append("\n".join([f"表{n}", rows[0], "|" + "---|" * len(grid[0]), *rows[1:]]))
    return "\n\n".join(tables) + "\n"


BUDGET_FILES = {"html": (_budget_html, "t.html"), "docx": (_budget_docx, "t.docx"), "xlsx": (_budget_xlsx, "t.xlsx"),
                "pdf": (_budget_pdf, "t.pdf"), "md": (lambda: _budget_markdown().encode("utf-8"), "t.md"),
                "txt": (lambda: _budget_markdown().encode("utf-8"), "t.txt")}


def _texts(doc: Document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row] for row in table.rows] for table in doc.tables]


# budget → (tables kept, the warning's opening): a table is kept while the cells so far fit
# (4 ≤ 10; 4 + 9 = 13 ≤ 13), and none after the first that does not (at 10 the 1×2 table would
# fit after the 2×2 one, but it comes after the 3×3 one that does not).
BUDGETS = [(3, 0, "3 tables not kept as grids"), (10, 1, "2 tables not kept as grids"),
           (13, 2, "1 table not kept as grids"), (15, 3, None)]


@pytest.mark.parametrize("budget,kept,warning", BUDGETS)
@pytest.mark.parametrize("kind", list(BUDGET_FILES) + ["read_text"])
def test_cell_budget_drops_the_tables_past_it_and_a_warning_says_how_many(
        monkeypatch: pytest.MonkeyPatch, kind: str, budget: int, kept: int, warning: str | None) -> None:
    from gik_nlp.readers import tables

    monkeypatch.setattr(tables, "MAX_CELLS", budget)   # the one constant every reader's budget reads
    if kind == "read_text":
        doc = read_text(_budget_markdown())
    else:
        make, name = BUDGET_FILES[kind]
        doc = read_bytes(make(), name)
    assert _texts(doc) == BUDGET_GRIDS[:kept]
    if warning is None:
        assert "warnings" not in doc.metadata
    else:
        assert doc.metadata["warnings"] == [f"{warning}: the document's tables hold more than {budget} cells "
                                            "(the most kept); their text is read as any other"]
    assert "乙9" in doc.text and "丙2" in doc.text   # a table left out keeps its text
    _cells_point_into_text(doc)


@pytest.mark.parametrize("budget,kept", [(3, 0), (4, 1)])
def test_cell_budget_counts_the_grid_a_merged_cell_spans(monkeypatch: pytest.MonkeyPatch, budget: int,
                                                         kept: int) -> None:
    """Two cells printed, four slots in the grid (colspan 3): a budget of 3 leaves the table out."""
    from gik_nlp.readers import tables

    monkeypatch.setattr(tables, "MAX_CELLS", budget)
    doc = read_bytes('<table border="1"><tr><td colspan="3">合计</td><td>5</td></tr></table>'.encode("utf-8"), "t.html")
    assert len(doc.tables) == kept
    assert ("warnings" in doc.metadata) == (not kept)


def test_within_builds_no_item_too_big_by_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Items are cell counts here; a table of n cells is one row of n. Budget 3: the 2 fits
    (1 left), the 5 does not and is never built, the 1 comes after it."""
    from gik_nlp.readers import tables

    monkeypatch.setattr(tables, "MAX_CELLS", 3)
    cell = FileCell("1", 0, 1)
    built = []

    def build(n: int) -> FileTable | None:
        built.append(n)
        return FileTable(((cell,) * n,), 0, 1)

    kept, warnings = tables.within([2, 5, 1], build, size=lambda n: n)
    assert built == [2]
    assert [tables.cells(table) for table in kept] == [2]
    assert [warning.split(":")[0] for warning in warnings] == ["2 tables not kept as grids"]


def test_cell_budget_counts_no_table_that_holds_no_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty <table> after the cut makes no table: only the 2-cell one is said left out."""
    from gik_nlp.readers import tables

    monkeypatch.setattr(tables, "MAX_CELLS", 1)
    page = "<html><body><p>表</p><table><tr><td>甲</td><td>1</td></tr></table><table></table><p>完</p></body></html>"
    doc = read_bytes(page.encode("utf-8"), "t.html")
    assert doc.tables == ()
    assert doc.metadata["warnings"][0].startswith("1 table not kept as grids")
