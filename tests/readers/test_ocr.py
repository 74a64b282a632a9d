"""OCR: row grouping and cell splitting on hand-made boxes; a rendered page read back."""

from __future__ import annotations

import io
from typing import Any
from pathlib import Path

import pytest

from gik_nlp.readers import ReadError, read_bytes
from gik_nlp.readers.layout import BodyLayout
from gik_nlp.readers.ocr import (OcrBox, cells_of, fix_enumerators, missed_figures, ocr_available, page_text,
                                 remove_rules, rows_of, ruled_tables)

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="the OCR extra (rapidocr-onnxruntime) is not installed")
needs_font = pytest.mark.skipif(not CJK_FONT.exists(), reason=f"no CJK font at {CJK_FONT} (Debian: fonts-noto-cjk)")


def _chars(x0: float, widths: list[float], gaps: list[float]) -> tuple[tuple[float, float], ...]:
    out, x = [], x0
    for width, gap in zip(widths, gaps + [0]):
        out.append((x, x + width))
        x += width + gap
    return tuple(out)


@pytest.mark.parametrize("text,gaps,expected", [
    ("收到申请数120", [2, 2, 2, 2, 40, 1, 1], ["收到申请数", "120"]),
    ("5000005", [30, 30, 30, 30, 30, 30], ["5", "0", "0", "0", "0", "0", "5"]),
    ("1213", [1, 30, 1], ["12", "13"]),
    ("予以公开", [3, 3, 3], ["予以公开"]),
])
def test_ocr_cells_split_at_wide_gaps(text: str, gaps: list[float], expected: list[str]) -> None:
    box = OcrBox(text, 0, 0, 999, 30, _chars(0, [20] * len(text), gaps))
    assert cells_of(box) == expected


def test_ocr_cells_without_char_boxes_keep_the_box_whole() -> None:
    assert cells_of(OcrBox("收到 申请", 0, 0, 100, 30, ((0, 10),))) == ["收到 申请"]


def test_ocr_rows_group_by_vertical_overlap_and_order_left_to_right() -> None:
    boxes = [OcrBox("13", 500, 103, 530, 131), OcrBox("标题", 10, 10, 200, 40),
             OcrBox("（七）总计", 12, 100, 200, 130), OcrBox("0", 300, 101, 312, 129)]
    assert [[b.text for b in row] for row in rows_of(boxes)] == [["标题"], ["（七）总计", "0", "13"]]


def test_ocr_page_text_is_rows_of_tab_separated_cells() -> None:
    boxes = [OcrBox("（—）予以公开", 10, 100, 200, 130), OcrBox("5", 300, 100, 312, 130),
             OcrBox("三、收到和处理政府信息公开申请情况", 10, 40, 600, 70)]
    assert page_text(boxes) == "三、收到和处理政府信息公开申请情况\n（一）予以公开\t5"


def test_ocr_page_text_joins_a_paragraphs_wrapped_rows() -> None:
    """Rows as PP-OCR gives them for a page at 200 dpi (huaian-2024.pdf, page 1): ends a few
    pixels apart at the right margin, a box stretched by brackets. The paragraph is one line; the
    heading, the table's row and the page number are not run into it."""
    boxes = [OcrBox("一、总体情况", 295, 1228, 565, 1279),
             OcrBox("（一）主动公开情况。2024年，市政府网站主动公开各类政", 302, 1291, 1441, 1350),
             OcrBox("府信息5500余条，全年新增公开市政府规章1件、市政府及市", 211, 1375, 1435, 1418),
             OcrBox("政府办政策性文件11件，通过文字、图片等形式制作政策解读", 209, 1454, 1436, 1496),
             OcrBox("21个，制作《淮安市人民政府公报》6期。", 207, 1531, 1000, 1575),
             OcrBox("行政许可", 230, 1650, 400, 1690), OcrBox("447228", 1200, 1650, 1340, 1690),
             OcrBox("-1 -", 1376, 2196, 1444, 2239)]
    assert page_text(boxes, BodyLayout()).split("\n") == [
        "一、总体情况",
        "（一）主动公开情况。2024年，市政府网站主动公开各类政府信息5500余条，全年新增公开市政府规章1件、"
        "市政府及市政府办政策性文件11件，通过文字、图片等形式制作政策解读21个，制作《淮安市人民政府公报》6期。",
        "行政许可\t447228",
        "-1 -",
    ]


@pytest.mark.parametrize("raw,fixed", [("（—）部分公开", "（一）部分公开"), ("(－)予以公开", "(一)予以公开"),
                                       ("—、总体情况", "一、总体情况"), ("2020—2021年", "2020—2021年")])
def test_ocr_fix_enumerators(raw: str, fixed: str) -> None:
    assert fix_enumerators(raw) == fixed


def _page_png(lines: list[str]) -> bytes:
    """An A4 page at 200 dpi with 10.5-pt text; a line's tab-separated cells drawn as table columns."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(CJK_FONT), 29)
    image = Image.new("RGB", (1654, 2339), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        first, *cells = line.split("\t")
        draw.text((150, 150 + 55 * i), first, font=font, fill="black")
        for j, cell in enumerate(cells):
            draw.text((800 + 100 * j, 150 + 55 * i), cell, font=font, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@needs_ocr
@needs_font
def test_ocr_reads_an_image_of_a_table_row_by_row() -> None:
    png = _page_png(["某某县2019年政府信息公开工作年度报告", "（一）予以公开\t5\t0\t0\t0\t0\t0\t5",
                     "发布日期：2020年1月15日"])
    doc = read_bytes(png, "page.png")
    assert doc.metadata["reader"] == "image"
    assert doc.metadata["ocr_pages"] == [1]
    assert doc.text.split("\n") == ["某某县2019年政府信息公开工作年度报告", "（一）予以公开\t5\t0\t0\t0\t0\t0\t5",
                                    "发布日期：2020年1月15日"]


def _ruled_page(cells: dict[tuple[int, int], str] | None = None) -> Any:
    """A page (greyscale numpy array) with one ruled table of 3 rows × 4 columns (rows 150 px,
    columns 200 px from (100, 100)); the first column's last two rows merged (no ruling between
    them); ``cells`` drawn in by (row, column)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1000, 700), 255)
    draw = ImageDraw.Draw(image)
    for row in range(4):
        start = 100 if row != 2 else 300   # row line 2 does not cross the first column
        draw.line([(start, 100 + 150 * row), (900, 100 + 150 * row)], fill=0, width=2)
    for column in range(5):
        draw.line([(100 + 200 * column, 100), (100 + 200 * column, 550)], fill=0, width=2)
    if cells:
        font = ImageFont.truetype(str(CJK_FONT), 32)
        for (row, column), text in cells.items():
            draw.text((100 + 200 * column + 80, 100 + 150 * row + 55), text, font=font, fill=0)
    return np.asarray(image)


def test_ocr_ruled_tables_find_the_grid_and_its_merged_cells() -> None:
    (table,) = ruled_tables(_ruled_page())
    assert [round(y / 10) for y in table.ys] == [10, 25, 40, 55]
    assert [round(x / 10) for x in table.xs] == [10, 30, 50, 70, 90]
    assert (1, 0, 2, 0) in table.cells and (0, 0, 0, 0) in table.cells and len(table.cells) == 11


def test_ocr_a_frame_around_the_text_is_no_table() -> None:
    """A page's border (one column of one row) is not read as a table: its lines stay lines."""
    import numpy as np
    from PIL import Image, ImageDraw

    image = Image.new("L", (1000, 700), 255)
    ImageDraw.Draw(image).rectangle([50, 50, 950, 650], outline=0, width=2)
    tables = ruled_tables(np.asarray(image))
    boxes = [OcrBox("一、总体情况", 100, 100, 300, 140), OcrBox("2024年，我市坚持以习近平新时代", 100, 200, 900, 240)]
    assert tables == []
    assert page_text(boxes, tables=tables) == "一、总体情况\n2024年，我市坚持以习近平新时代"


def test_ocr_page_text_reads_a_ruled_table_by_its_grid() -> None:
    """Boxes OCR gave out of line (a label printed between two rows, a box run across a ruling)
    land in their cells; the prose above stays a line; a merged cell's text stands in its first slot."""
    (table,) = ruled_tables(_ruled_page())
    boxes = [OcrBox("三、收到和处理政府信息公开申请情况", 100, 40, 700, 80),
             OcrBox("信息内容", 120, 160, 280, 200), OcrBox("本年新收", 320, 160, 480, 200),
             OcrBox("上年结转 0", 520, 165, 860, 205, ((520, 560), (560, 600), (600, 640), (640, 680), (680, 690),
                                                     (820, 840))),
             OcrBox("办理结果", 120, 400, 280, 440),
             OcrBox("12", 380, 310, 420, 350), OcrBox("3", 580, 312, 600, 352), OcrBox("15", 780, 308, 820, 348),
             OcrBox("4", 380, 460, 400, 500)]
    assert page_text(boxes, tables=[table]).split("\n") == [
        "三、收到和处理政府信息公开申请情况",
        "信息内容\t本年新收\t上年结转\t0",
        "办理结果\t12\t3\t15",
        "\t4\t\t",
    ]


@needs_ocr
@needs_font
def test_ocr_missed_figures_reads_a_lone_figure_again() -> None:
    """A cell OCR gave no box for, with ink in it, is read alone; an empty cell gives nothing."""
    (table,) = ruled_tables(_ruled_page())
    pixels = remove_rules(_ruled_page({(0, 2): "0", (0, 3): "26"}))
    found = missed_figures(pixels, table, [OcrBox("信息内容", 120, 160, 280, 200)])
    columns = sorted((box.text, int((box.x0 + box.x1) / 2 - 100) // 200) for box in found)   # columns are 200 px from x 100
    assert columns == [("0", 2), ("26", 3)]


def test_ocr_never_refuses_an_image() -> None:
    with pytest.raises(ReadError) as caught:
        read_bytes(b"\x89PNG\r\n\x1a\n", "page.png", ocr="never")
    assert caught.value.kind == "no_text_layer"
    assert "--ocr never" in str(caught.value)


@needs_ocr
def test_ocr_damaged_image_is_named() -> None:
    with pytest.raises(ReadError) as caught:
        read_bytes(b"not an image at all", "broken.jpg")
    assert caught.value.kind == "corrupt"
    assert str(caught.value).startswith("broken.jpg: ")
