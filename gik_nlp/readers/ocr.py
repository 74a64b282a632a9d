"""OCR for pages without a text layer: scanned PDF pages and images of pages.

Offline: rapidocr-onnxruntime carries PP-OCR's Chinese detection and recognition models in
its wheel, so nothing is downloaded at run time. It is an optional extra
(``pip install "gik_nlp[ocr]"``); without it a scan raises ``ReadError`` kind
``no_text_layer`` naming what to install.

What comes out (``page_text``): the page's text in reading order, one visual row a line.
OCR returns one box per run of text with a box per character; a gap between two
characters wider than ``CELL_GAP`` times the line height starts a new cell, so a table
row reads like the PDF and HTML readers' rows: cells joined by ``"\\t"``. Boxes whose
vertical middles fall inside each other's extent are one row, ordered left to right. A
paragraph's wrapped rows are joined into one line as the PDF reader joins a text layer's
(readers.layout), rows of one cell only: a table's row never runs on.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from typing import Any

from gik_nlp.readers.layout import BodyLayout, joined, runs_on
from gik_nlp.readers.tables import line_starts
from gik_nlp.readers.text import ReadError

#: A gap between two characters wider than this share of the line height is a cell border:
#: table cells are separated by at least a character's width, letters of a word by a few pixels.
CELL_GAP = 0.6

#: How far a row's height may be off the body's and still be its print: an OCR box stretches
#: with brackets and quotes (（一）, “…”), so looser than a text layer's lines.
OCR_SIZE_RATIO = 1.5

#: Pages are rendered at this resolution for OCR: PP-OCR reads 10.5-pt CJK text reliably from ~150 dpi up.
RENDER_DPI = 200

#: A straight dark run longer than this share of the page's short side is a table ruling.
RULE_LENGTH = 0.04
#: ... and never shorter than this (px): the longest stroke of a 60-px character (一) stays.
RULE_MIN_PX = 80

#: The short side PP-OCR's detector works at (rapidocr's det limit_side_len).
DETECTOR_SIDE = 736

#: Modes of ``--ocr``.
OCR_MODES = ("auto", "always", "never")

INSTALL_HINT = 'OCR needs the optional extra: pip install "gik_nlp[ocr]" (rapidocr-onnxruntime)'

_WIDE_PUNCT = frozenset("，。、；：？！《》〈〉（）【】〔〕［］「」『』“”‘’…—·")

_ZERO_LOOKALIKES = frozenset({"D", "O", "o", "Q"})

# OCR reads the enumerator 一 as a dash: "（—）予以公开", "—、总体情况". Only in enumerator position.
_DASH_ENUMERATORS = (
    (re.compile(r"([（(])[—－–-]([）)])"), r"\g<1>一\g<2>"),
    (re.compile(r"(?m)^(\s*)[—－–-]([、.．])"), r"\g<1>一\g<2>"),
)


@dataclass(frozen=True)
class OcrBox:
    """One run of recognised text: its text, its box, and one box per character when known.

    chars: (x0, x1) per character, or () when OCR gave no per-character boxes.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    chars: tuple[tuple[float, float], ...] = ()

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def fix_enumerators(text: str) -> str:
    """Undo OCR's dash-for-一 in enumerators.

    >>> fix_enumerators("（—）予以公开")
    '（一）予以公开'
    >>> fix_enumerators("—、总体情况\\n2020—2021年")
    '一、总体情况\\n2020—2021年'
    """
    for pattern, replacement in _DASH_ENUMERATORS:
        text = pattern.sub(replacement, text)
    return text


def cells_of(box: OcrBox) -> list[str]:
    """Split one OCR box into cells where the gap between characters is wide.

    >>> cells_of(OcrBox("收到申请120", 0, 0, 200, 30, ((0, 28), (28, 56), (56, 84), (84, 112), (150, 160), (160, 170), (170, 180))))
    ['收到申请', '120']
    >>> cells_of(OcrBox("》（以", 0, 0, 90, 30, ((0, 14), (40, 60), (60, 90))))
    ['》（以']
    >>> cells_of(OcrBox("12 3", 0, 0, 50, 30))
    ['12 3']
    """
    if len(box.chars) != len(box.text) or not box.text:
        return [box.text]
    cells, current = [], box.text[0]
    for i in range(1, len(box.text)):
        gap = box.chars[i][0] - box.chars[i - 1][1]
        # Full-width punctuation carries its blank half inside the glyph: 》（ looks like a gap.
        if gap > CELL_GAP * box.height and box.text[i - 1] not in _WIDE_PUNCT and box.text[i] not in _WIDE_PUNCT:
            cells.append(current)
            current = ""
        current += box.text[i]
    cells.append(current)
    return [c.strip() for c in cells if c.strip()]


def rows_of(boxes: list[OcrBox]) -> list[list[OcrBox]]:
    """Group boxes into visual rows (top to bottom), each row left to right.

    Two boxes share a row when each one's vertical middle lies within the other's extent.

    >>> rows = rows_of([OcrBox("b", 300, 10, 340, 40), OcrBox("c", 0, 60, 50, 90), OcrBox("a", 0, 12, 200, 42)])
    >>> [[b.text for b in row] for row in rows]
    [['a', 'b'], ['c']]
    """
    rows: list[list[OcrBox]] = []
    for box in sorted(boxes, key=lambda b: (b.middle, b.x0)):
        row = rows[-1] if rows else None
        if row and all(b.top <= box.middle <= b.bottom and box.top <= b.middle <= box.bottom for b in row[:1]):
            row.append(box)
        else:
            rows.append([box])
    return [sorted(row, key=lambda b: b.x0) for row in rows]


def fix_zero(cell: str) -> str:
    """A cell that is a lone letter shaped like 0 is the digit: PP-OCR reads an isolated 0 as D or O.

    >>> [fix_zero(c) for c in ("D", "O", "o", "0", "DO", "行政处罚")]
    ['0', '0', '0', '0', 'DO', '行政处罚']
    """
    return "0" if cell in _ZERO_LOOKALIKES else cell


def row_cells(row: list[OcrBox]) -> list[str]:
    """The cells of one visual row: boxes closer than a cell gap are one cell (OCR splits some words).

    >>> row_cells([OcrBox("(一)", 0, 0, 40, 30), OcrBox("）予以公开", 42, 0, 160, 30), OcrBox("D", 300, 0, 315, 30)])
    ['(一)）予以公开', '0']
    """
    cells: list[str] = []
    previous: OcrBox | None = None
    for box in row:
        parts = cells_of(box)
        if previous is not None and cells and box.x0 - previous.x1 <= CELL_GAP * box.height:
            cells[-1] += parts[0]
            parts = parts[1:]
        cells.extend(parts)
        previous = box
    return [fix_zero(cell) for cell in cells]


def page_text(boxes: list[OcrBox], layout: BodyLayout | None = None) -> str:
    """The page's text: one row a line, cells joined by tabs. With ``layout`` (the document's,
    this page's rows added to it) a paragraph's wrapped rows are one line (readers.layout).

    >>> page_text([OcrBox("（—）予以公开", 0, 0, 180, 30), OcrBox("5", 400, 2, 412, 31), OcrBox("标题", 0, -60, 60, -30)])
    '标题\\n（一）予以公开\\t5'
    """
    lines: list[dict[str, Any]] = []
    for row in rows_of(boxes):
        cells = row_cells(row)
        lines.append({"x0": min(b.x0 for b in row), "x1": max(b.x1 for b in row), "top": min(b.top for b in row),
                      "bottom": max(b.bottom for b in row), "text": "\t".join(cells), "cells": len(cells)})
    prose = [line for line in lines if line["cells"] == 1]
    body = None
    if layout is not None:
        layout.add(prose)
        body = layout.body()
    out: list[dict[str, Any]] = []
    for line in lines:
        last = out[-1] if out else None
        if (body is not None and last is not None and last["cells"] == 1 and line["cells"] == 1
                and runs_on(last, line, body, size_ratio=OCR_SIZE_RATIO)):
            out[-1] = {**line, "text": joined(last["text"], line["text"])}
        else:
            out.append(line)
    return fix_enumerators("\n".join(line["text"] for line in out))


_local = threading.local()


def _engine() -> Any:
    # One engine per thread: the ONNX sessions are not documented as safe to share across threads.
    engine = getattr(_local, "engine", None)
    if engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise ImportError(INSTALL_HINT) from exc
        engine = _local.engine = RapidOCR()
    return engine


def ocr_available() -> bool:
    """Whether the OCR engine can be imported."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def remove_rules(pixels: Any) -> Any:
    """A greyscale page (numpy uint8) with table rulings whitened.

    Ruled cells put a lone digit beside a long line, which PP-OCR's detector then misses or
    misreads (4 → +); a dark run longer than RULE_LENGTH × the page's short side (and than
    RULE_MIN_PX) is a ruling, not a character (a CJK character at 200-300 dpi is 20-40 px).
    """
    import cv2

    dark = (pixels < 160).astype("uint8")
    length = max(RULE_MIN_PX, int(RULE_LENGTH * min(pixels.shape)))
    horizontal = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    rules = cv2.dilate(horizontal | vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    cleaned = pixels.copy()
    cleaned[rules > 0] = 255
    return cleaned


def recognize(image: Any) -> list[OcrBox]:
    """OCR one page image (a PIL image) → its text boxes (rulings removed first)."""
    import numpy as np

    pixels = remove_rules(np.asarray(image.convert("L")))
    # PP-OCR upscales an image whose short side is under its detector's size, which blurs lone
    # digits until the detector misses them: pad with white instead (boxes keep their coordinates).
    height, width = pixels.shape
    if min(height, width) < DETECTOR_SIDE:
        padded = np.full((max(height, DETECTOR_SIDE), max(width, DETECTOR_SIDE)), 255, dtype=pixels.dtype)
        padded[:height, :width] = pixels
        pixels = padded
    result, _ = _engine()(np.stack([pixels] * 3, axis=-1), return_word_box=True)
    boxes = []
    for item in result or []:
        points, text = item[0], item[1]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        chars: tuple[tuple[float, float], ...] = ()
        if len(item) > 3 and item[3]:
            chars = tuple((min(p[0] for p in c), max(p[0] for p in c)) for c in item[3])
        boxes.append(OcrBox(text, min(xs), min(ys), max(xs), max(ys), chars))
    return boxes


def read_image(data: bytes, name: str, ocr: str = "auto") -> tuple[str, dict[str, Any]]:
    """An image of a page (.png, .jpg, .tif; every frame of a multi-page TIFF) → its OCR text.

    ocr: "auto" and "always" read it; "never" refuses it (an image has no text layer).
    RETURNS: (text, metadata) with ``pages`` and ``ocr_pages`` (1-based).
    """
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if ocr == "never":
        raise ReadError(name, "no_text_layer", "an image holds no text layer and OCR is off (--ocr never)")
    if not ocr_available():
        raise ReadError(name, "no_text_layer", f"an image holds no text layer; {INSTALL_HINT}")
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError) as exc:
        raise ReadError(name, "corrupt", f"not a readable image ({exc})") from exc
    layout = BodyLayout()
    texts = [page_text(recognize(frame), layout) for frame in frames]
    return "\n".join(texts), {"pages": len(frames), "page_starts": line_starts(texts),
                              "ocr_pages": list(range(1, len(frames) + 1))}
