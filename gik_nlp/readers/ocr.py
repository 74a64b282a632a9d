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
from collections.abc import Sequence
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

#: Rulings closer than this many pixels are one line of a table's grid (a ruling is 1-3 px thick).
RULE_SNAP_PX = 6

#: A pixel darker than this (0-255 grey) is ink: a ruling's or a character's.
INK_LEVEL = 160
#: An empty cell of a ruled table with at least this many dark pixels holds something the
#: detector missed (PP-OCR's detector drops lone digits): it is read again alone.
INK_PIXELS = 20
#: What a cell read alone may give for a figure: the number in it, or a circle read as 0.
_CELL_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CELL_ZERO = frozenset("。○〇0OoDQ")

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


@dataclass(frozen=True)
class RuledTable:
    """A table's grid as the page draws it: row lines ``ys`` and column lines ``xs`` (pixels, top
    down and left to right), and each cell as the slots it covers, (first row, first column, last
    row, last column): a merged cell covers several."""

    ys: tuple[int, ...]
    xs: tuple[int, ...]
    cells: tuple[tuple[int, int, int, int], ...]

    @property
    def slots(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        """(row, column) of each slot → the cell covering it."""
        return {(row, column): cell for cell in self.cells
                for row in range(cell[0], cell[2] + 1) for column in range(cell[1], cell[3] + 1)}

    def contains(self, box: OcrBox) -> bool:
        x, y = (box.x0 + box.x1) / 2, box.middle
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]

    def slot_of(self, box: OcrBox) -> tuple[int, int]:
        """(row, column) of the slot the middle of ``box`` falls in (clamped to the grid)."""
        return _slot(self.ys, box.middle), _slot(self.xs, (box.x0 + box.x1) / 2)

    @property
    def top(self) -> int:
        return self.ys[0]


def _segments(mask: Any, horizontal: bool) -> list[tuple[int, int, int]]:
    """The ruling segments of a mask: (position across, start, end along) each, in pixels."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, 8)
    out = []
    for x, y, width, height, _ in stats[1:count]:
        out.append((int(y + height // 2), int(x), int(x + width)) if horizontal
                   else (int(x + width // 2), int(y), int(y + height)))
    return out


def _snapped(positions: list[int]) -> list[int]:
    """Positions within RULE_SNAP_PX of the one before are one line (the first of them).

    >>> _snapped([519, 221, 320, 222, 1027])
    [221, 320, 519, 1027]
    """
    out: list[int] = []
    for position in sorted(positions):
        if not out or position - out[-1] > RULE_SNAP_PX:
            out.append(position)
    return out


def grid_of(horizontal: list[tuple[int, int, int]], vertical: list[tuple[int, int, int]]) -> RuledTable | None:
    """The grid that one table's ruling segments draw: its lines, and its cells, two neighbouring
    slots being one cell where no ruling between them is drawn. None for fewer than two rows'
    lines or two columns: a box of one column is a frame around text (a page's border, a boxed
    paragraph), as the PDF reader reads it, not a table.

    >>> t = grid_of([(0, 0, 300), (50, 100, 300), (100, 0, 300)], [(0, 0, 100), (100, 0, 100), (300, 0, 100)])
    >>> t.ys, t.xs, t.cells   # the first column's two rows are one cell: no ruling under its first row
    ((0, 50, 100), (0, 100, 300), ((0, 0, 1, 0), (0, 1, 0, 1), (1, 1, 1, 1)))
    >>> grid_of([(0, 0, 300), (100, 0, 300)], [(0, 0, 100), (300, 0, 100)]) is None   # a frame
    True
    """
    ys, xs = _snapped([y for y, _, _ in horizontal]), _snapped([x for x, _, _ in vertical])
    if len(ys) < 2 or len(xs) < 3:
        return None

    def drawn(segments: list[tuple[int, int, int]], at: int, middle: float) -> bool:
        return any(abs(across - at) <= RULE_SNAP_PX and start - RULE_SNAP_PX <= middle <= end + RULE_SNAP_PX
                   for across, start, end in segments)

    covered: set[tuple[int, int]] = set()
    cells: list[tuple[int, int, int, int]] = []
    for row in range(len(ys) - 1):
        for column in range(len(xs) - 1):
            if (row, column) in covered:
                continue
            middle_y = (ys[row] + ys[row + 1]) / 2
            last_column = column
            while last_column + 1 < len(xs) - 1 and not drawn(vertical, xs[last_column + 1], middle_y):
                last_column += 1
            middle_x = (xs[column] + xs[last_column + 1]) / 2
            last_row = row
            while last_row + 1 < len(ys) - 1 and not drawn(horizontal, ys[last_row + 1], middle_x):
                last_row += 1
            covered.update((r, c) for r in range(row, last_row + 1) for c in range(column, last_column + 1))
            cells.append((row, column, last_row, last_column))
    return RuledTable(tuple(ys), tuple(xs), tuple(cells))


def ruled_tables(pixels: Any, masks: tuple[Any, Any] | None = None) -> list[RuledTable]:
    """The ruled tables of a greyscale page (numpy uint8), from its rulings (``_rule_masks``, or
    ``masks`` already made of it): segments that cross or touch are one table."""
    horizontal_mask, vertical_mask = masks if masks is not None else _rule_masks(pixels)
    horizontal, vertical = _segments(horizontal_mask, True), _segments(vertical_mask, False)
    # union the segments that touch into tables
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(horizontal):
        for j, (x, y0, y1) in enumerate(vertical):
            if x0 - RULE_SNAP_PX <= x <= x1 + RULE_SNAP_PX and y0 - RULE_SNAP_PX <= y <= y1 + RULE_SNAP_PX:
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]] = {}
    for i, segment in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(segment)
    for j, segment in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(segment)
    tables = [grid_of(h, v) for h, v in groups.values()]
    return sorted((t for t in tables if t is not None), key=lambda t: t.top)


def _slot(bounds: tuple[int, ...], at: float) -> int:
    """Which gap between ``bounds`` position ``at`` falls in (clamped to the outer ones)."""
    for index in range(len(bounds) - 1):
        if at < bounds[index + 1]:
            return index
    return len(bounds) - 2


def table_rows(table: RuledTable, boxes: list[OcrBox]) -> list[str]:
    """A ruled table's rows as text, cells joined by tabs: each box's characters go to the cell
    their middle falls in (a box OCR ran across a ruling is split there), a cell's lines joined
    top down; a merged cell's text stands in its first slot, the slots it covers are empty, as the
    PDF reader prints a text layer's table. Rows without text are left out.

    >>> t = grid_of([(0, 0, 300), (50, 100, 300), (100, 0, 300)], [(0, 0, 100), (100, 0, 100), (300, 0, 100)])
    >>> table_rows(t, [OcrBox("三、办理结果", 5, 30, 95, 60), OcrBox("予以公开 5", 110, 10, 290, 40,
    ...     ((110, 130), (130, 150), (150, 170), (170, 190), (190, 200), (280, 290))), OcrBox("7", 280, 60, 290, 90)])
    ['三、办理结果\\t予以公开 5', '\\t7']
    """
    owner = table.slots
    pieces: dict[tuple[int, int, int, int], list[OcrBox]] = {cell: [] for cell in table.cells}
    for box in boxes:
        row = _slot(table.ys, box.middle)
        spans = box.chars if len(box.chars) == len(box.text) else ((box.x0, box.x1),) * len(box.text)
        parts: dict[tuple[int, int, int, int], list[int]] = {}
        for index, (x0, x1) in enumerate(spans):
            parts.setdefault(owner[row, _slot(table.xs, (x0 + x1) / 2)], []).append(index)
        for cell, indices in parts.items():
            text = "".join(box.text[i] for i in indices)
            left, right = spans[indices[0]][0], spans[indices[-1]][1]
            pieces[cell].append(OcrBox(text, left, box.top, right, box.bottom))
    texts = {cell: "".join(piece.text for line in rows_of(found) for piece in line).strip()
             for cell, found in pieces.items()}
    rows = []
    for row in range(len(table.ys) - 1):
        line = []
        for column in range(len(table.xs) - 1):
            cell = owner[row, column]
            first = (cell[0], cell[1]) == (row, column)
            line.append(fix_zero(texts[cell]) if first else "")
        if any(line):
            rows.append("\t".join(line))
    return rows


def page_text(boxes: list[OcrBox], layout: BodyLayout | None = None, tables: Sequence[RuledTable] = ()) -> str:
    """The page's text: one row a line, cells joined by tabs. With ``layout`` (the document's,
    this page's rows added to it) a paragraph's wrapped rows are one line (readers.layout); the
    boxes inside a ruled table of ``tables`` are read by its grid (``table_rows``), where it stands.

    >>> page_text([OcrBox("（—）予以公开", 0, 0, 180, 30), OcrBox("5", 400, 2, 412, 31), OcrBox("标题", 0, -60, 60, -30)])
    '标题\\n（一）予以公开\\t5'
    """
    lines: list[dict[str, Any]] = []
    for table in tables:
        inside = [box for box in boxes if table.contains(box)]
        boxes = [box for box in boxes if not table.contains(box)]
        lines += [{"x0": table.xs[0], "x1": table.xs[-1], "top": table.top + order, "bottom": table.top + order,
                   "text": text, "cells": text.count("\t") + 1} for order, text in enumerate(table_rows(table, inside))]
    for row in rows_of(boxes):
        cells = row_cells(row)
        lines.append({"x0": min(b.x0 for b in row), "x1": max(b.x1 for b in row), "top": min(b.top for b in row),
                      "bottom": max(b.bottom for b in row), "text": "\t".join(cells), "cells": len(cells)})
    lines.sort(key=lambda line: line["top"])
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


def _rule_masks(pixels: Any) -> tuple[Any, Any]:
    """The horizontal and vertical rulings of a greyscale page (numpy uint8) as masks: dark runs
    longer than RULE_LENGTH × the page's short side (and than RULE_MIN_PX)."""
    import cv2

    dark = (pixels < INK_LEVEL).astype("uint8")
    length = max(RULE_MIN_PX, int(RULE_LENGTH * min(pixels.shape)))
    horizontal = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    return horizontal, vertical


def remove_rules(pixels: Any, masks: tuple[Any, Any] | None = None) -> Any:
    """A greyscale page (numpy uint8) with table rulings (``_rule_masks``, or ``masks`` already
    made of it) whitened.

    Ruled cells put a lone digit beside a long line, which PP-OCR's detector then misses or
    misreads (4 → +); a dark run longer than RULE_LENGTH × the page's short side (and than
    RULE_MIN_PX) is a ruling, not a character (a CJK character at 200-300 dpi is 20-40 px).
    """
    import cv2

    horizontal, vertical = masks if masks is not None else _rule_masks(pixels)
    rules = cv2.dilate(horizontal | vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    cleaned = pixels.copy()
    cleaned[rules > 0] = 255
    return cleaned


def recognize(image: Any) -> list[OcrBox]:
    """OCR one page image (a PIL image) → its text boxes (rulings removed first)."""
    import numpy as np

    return _boxes(remove_rules(np.asarray(image.convert("L"))))


def _boxes(pixels: Any) -> list[OcrBox]:
    """OCR a greyscale page whose rulings are whitened (``remove_rules``) → its text boxes."""
    import numpy as np

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


def missed_figures(clean: Any, table: RuledTable, boxes: list[OcrBox]) -> list[OcrBox]:
    """Figures in the cells of ``table`` where OCR found no text but ink is printed: each such
    cell of ``clean`` (the greyscale page with its rulings whitened, ``remove_rules``) is cropped
    to its ink and recognised alone; a number read there (a lone circle is 0) becomes a box in
    that cell. Only numbers: a label missed stays missed."""
    import numpy as np

    owner = table.slots
    taken = {owner[table.slot_of(box)] for box in boxes if table.contains(box)}
    found = []
    for cell in table.cells:
        if cell in taken:
            continue
        top, bottom = table.ys[cell[0]] + RULE_SNAP_PX, table.ys[cell[2] + 1] - RULE_SNAP_PX
        left, right = table.xs[cell[1]] + RULE_SNAP_PX, table.xs[cell[3] + 1] - RULE_SNAP_PX
        if bottom <= top or right <= left:
            continue
        crop = clean[top:bottom, left:right]
        ink_y, ink_x = np.nonzero(crop < INK_LEVEL)
        if len(ink_y) < INK_PIXELS:
            continue
        y0, y1 = max(0, ink_y.min() - RULE_SNAP_PX), ink_y.max() + RULE_SNAP_PX + 1
        x0, x1 = max(0, ink_x.min() - RULE_SNAP_PX), ink_x.max() + RULE_SNAP_PX + 1
        ink = crop[y0:y1, x0:x1]
        height = ink.shape[0]
        line = np.full((height, ink.shape[1] + height), 255, dtype=ink.dtype)
        line[:, height // 2:height // 2 + ink.shape[1]] = ink
        result, _ = _engine()(np.stack([line] * 3, axis=-1), use_det=False, use_cls=False, use_rec=True)
        value = cell_figure(str(result[0][0]) if result and result[0] else "")
        if value:
            found.append(OcrBox(value, left + x0, top + y0, left + x1, top + y1))
    return found


def cell_figure(text: str) -> str:
    """The figure a cell read alone gives: its number, even with a stray mark read beside it (the
    crop's padding), or 0 for a lone circle; nothing for a label (its numbering is no figure).

    >>> [cell_figure(t) for t in ("¥1288", "21個", "96171.6", "。", "O", "2.重复申请", "属于国家秘密", "")]
    ['1288', '21', '96171.6', '0', '0', '', '', '']
    """
    text = text.strip()
    number = _CELL_NUMBER.search(text)
    if number:
        return number[0] if 2 * len(number[0]) >= len(text) else ""
    return "0" if text and text in _CELL_ZERO else ""


def read_page(image: Any, layout: BodyLayout | None = None) -> str:
    """OCR one page image (a PIL image) → its text (``page_text``), its ruled tables read by their
    grid, figures the detector missed in their cells read again (``missed_figures``)."""
    import numpy as np

    pixels = np.asarray(image.convert("L"))
    masks = _rule_masks(pixels)   # once a page: the rulings OCR reads without and the tables they draw
    clean = remove_rules(pixels, masks)
    boxes = _boxes(clean)
    tables = ruled_tables(pixels, masks)
    for table in tables:
        boxes += missed_figures(clean, table, boxes)
    return page_text(boxes, layout, tables)


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
    texts = [read_page(frame, layout) for frame in frames]
    return "\n".join(texts), {"pages": len(frames), "page_starts": line_starts(texts),
                              "ocr_pages": list(range(1, len(frames) + 1))}
