"""PDF files: the text layer, page by page, with ruled tables as tab-separated rows.

What comes out (``read_pdf``):

- each page's text line by line as pdfplumber groups its characters (duplicate
  characters that fake bold type are removed first);
- a table pdfplumber finds from its ruling lines is placed where it stands on the
  page, one row a line, cells joined by ``"\\t"``; a cell spanned by its neighbour
  (pdfplumber's None) is an empty string, so every row of a table has the same
  number of cells; a cell's wrapped lines are joined (with a space only between two
  narrow characters: wraps in a PDF cell are soft, so ``商业\\n企业`` reads ``商业企业``). Boxes of a single
  column (page frames, framed paragraphs) and tables with a cell longer than
  ``FRAME_CELL_CHARS`` are read as ordinary lines instead; ``metadata["tables"]`` keeps
  each table read as rows as a grid of pdfplumber's cells, a slot that a merged cell
  covers repeating that cell (readers.tables); OCR'd pages give none;
- a paragraph's lines that the page wrapped are joined into one line (readers.layout:
  ``BodyLayout``, ``runs_on``): a line that reaches the body's right margin runs on into the next when that one
  starts at the left margin in the same print (not indented, not a table's smaller print, not a
  numbered heading after a full stop), so ``主动公开各类政⏎府信息`` reads ``主动公开各类政府信息``
  as a web page prints it;
- pages joined with ``"\\n"``; metadata ``pages`` (count), ``page_starts`` (offset where
  each page starts; ``readers.read`` turns these into offsets of the normalised text)
  and, when some pages carry no text, ``pages_without_text`` (1-based numbers).

A page without a usable text layer (a scan, or fonts without a Unicode map, pdfminer's
``(cid:N)`` placeholders) is read by OCR (readers.ocr) when ``ocr`` is "auto" and the OCR
extra is installed; "always" OCRs every page, "never" none. A PDF left without any text
raises ReadError "no_text_layer", naming what to install or the ``--ocr`` setting.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

from gik_nlp.readers.layout import PAGE_NUMBER, BodyLayout, joined, runs_on
from gik_nlp.readers.tables import cells_of_line, table_of, within
from gik_nlp.readers.text import ReadError
from gik_nlp.types import FileCell, FileTable

#: A table cell longer than this (characters) means the "table" is a frame around text.
FRAME_CELL_CHARS = 1000

#: Share of unmapped-glyph placeholders above which the text layer counts as unreadable.
MAX_UNMAPPED_SHARE = 0.5

#: Where a PDF header may start (pdfminer tolerates leading junk, as readers do).
HEADER_SEARCH_BYTES = 1024

NO_TEXT_REASON = "the PDF has no text layer (a scanned document?)"


def _is_data_table(rows: list[list[str | None]]) -> bool:
    if len(rows) < 1 or max((len(row) for row in rows), default=0) < 2:
        return False
    return all(len(cell or "") <= FRAME_CELL_CHARS for row in rows for cell in row)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def cell_text(text: str | None) -> str:
    """A table cell's text on one line: wrapped lines joined, with a space only between narrow characters.

    Lines inside a PDF cell are soft wraps, so ``商业\\n企业`` is one word.

    >>> cell_text("申请人逾期未按收费通知要求缴纳\\n费用、行政机关")
    '申请人逾期未按收费通知要求缴纳费用、行政机关'
    >>> cell_text("1.\\n其他\\n(万元)\\nper\\nyear 26")
    '1.其他(万元) per year 26'
    >>> cell_text(None)
    ''
    """
    lines = [" ".join(line.split()) for line in (text or "").split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and not _wide(out[-1]) and not _wide(line[0]):
            out += " "
        out += line
    return out


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


#: A page's printed items in reading order: (top, order, lines, what): ``what`` is the pdfplumber
#: text line (a dict) of a line, or (table, its cells' texts) of a ruled table.
Placed = tuple[float, int, list[str], Any]


def page_items(page: Any, layout: BodyLayout | None = None) -> list[Placed]:
    """One pdfplumber page → its text lines and ruled tables (as tab-separated rows) in reading
    order, top down. With ``layout`` (the document's, this page's lines added to it) a paragraph's
    wrapped lines are joined (``runs_on``); without, every printed line stays a line."""
    page = page.dedupe_chars()
    placed: list[Placed] = []
    boxes: list[tuple[float, float, float, float]] = []
    for table in page.find_tables():
        rows = table.extract()
        if not _is_data_table(rows):
            continue
        boxes.append(table.bbox)
        texts = [[cell_text(cell) for cell in row] for row in rows]
        lines = ["\t".join(row) for row in texts if any(row)]
        placed.append((table.bbox[1], len(placed), lines, (table, texts)))
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) \
        if boxes else page
    lines = text_page.extract_text_lines(strip=True, return_chars=False)
    for line in lines:
        placed.append((line["top"], len(placed), [line["text"]], line))
    placed.sort(key=lambda item: (item[0], item[1]))
    if layout is not None:
        layout.add(lines)
        placed = _unwrapped(placed, layout.body())
    return placed


def rendered(placed: Sequence[Placed], base: int = 0) -> tuple[str, list[FileTable]]:
    """A page's items as its text, one line each, and its ruled tables as grids (pdfplumber's
    cells; a slot a merged cell covers repeats it), offsets into the page text plus ``base``."""
    out: list[str] = []
    tables: list[FileTable] = []
    offset = base
    for _, _, lines, found in placed:
        if isinstance(found, tuple):
            grid = _grid(found[0], found[1], offset)
            if grid is not None:
                tables.append(grid)
        for line in lines:
            out.append(line)
            offset += len(line) + 1
    return "\n".join(out), tables


def _page_number(item: Placed) -> bool:
    return isinstance(item[3], dict) and bool(PAGE_NUMBER.match(item[2][0]))


def across_break(before: Sequence[Placed], after: Sequence[Placed], body: tuple[int, int, int] | None
                 ) -> tuple[int, int] | None:
    """Whether the last paragraph of a page (items ``before``) runs on at the top of the next
    (``after``), past the page numbers between them: (how many page-number items end ``before``,
    how many start ``after``), or None. Only lines of body text run on (``runs_on``, without
    its gap: the page break is the gap)."""
    if body is None:
        return None
    tail = next((n for n in range(len(before)) if not _page_number(before[len(before) - 1 - n])), None)
    head = next((n for n in range(len(after)) if not _page_number(after[n])), None)
    if tail is None or head is None:
        return None
    last, first = before[len(before) - 1 - tail][3], after[head][3]
    if not isinstance(last, dict) or not isinstance(first, dict) or not runs_on(last, first, body, across_pages=True):
        return None
    return tail, head


def _unwrapped(placed: list[Placed], body: tuple[int, int, int] | None) -> list[Placed]:
    """``placed`` (a page's text lines and tables in reading order) with each run of wrapped text
    lines joined into its first; tables and lines that end their paragraph stay as they are."""
    if body is None:
        return placed
    out: list[Placed] = []
    last: dict[str, Any] | None = None   # the previous item's line, when it is a text line
    for item in placed:
        line = item[3] if isinstance(item[3], dict) else None
        if line is not None and last is not None and runs_on(last, line, body):
            top, order, texts, _ = out[-1]
            out[-1] = (top, order, [joined(texts[0], line["text"])], line)
        else:
            out.append(item)
        last = line
    return out


def _grid(table: Any, texts: list[list[str]], offset: int) -> FileTable | None:
    """A pdfplumber table's printed rows (``texts``, one line each from ``offset`` on, rows
    without text not printed) as a grid: pdfplumber leaves None where a merged cell covers a
    slot; that slot repeats the cell to its left or above whose box covers it."""
    xs = sorted({cell[0] for cell in table.cells})
    tops = sorted({cell[1] for cell in table.cells})
    grid: list[list[FileCell]] = []
    boxes: list[list[tuple[float, float, float, float] | None]] = []
    printed: list[bool] = []
    at = offset
    for r, (row, row_texts) in enumerate(zip(table.rows, texts)):
        line = "\t".join(row_texts)
        shown = any(row_texts)
        placed = cells_of_line(line, at, row_texts) if shown else [FileCell("", at, at) for _ in row_texts]
        cells: list[FileCell] = []
        row_boxes: list[tuple[float, float, float, float] | None] = []
        for c, (cell, box) in enumerate(zip(placed, row.cells)):
            if box is None and r < len(tops) and c < len(xs):
                x, y = xs[c], tops[r]
                for cover, cover_box in ((cells[-1], row_boxes[-1]) if c else (None, None),
                                         (grid[-1][c], boxes[-1][c]) if grid and c < len(grid[-1]) else (None, None)):
                    if cover_box is not None and cover_box[0] <= x < cover_box[2] and cover_box[1] <= y < cover_box[3]:
                        cell, box = cover, cover_box
                        break
            cells.append(cell)
            row_boxes.append(box)
        grid.append(cells)
        boxes.append(row_boxes)
        printed.append(shown)
        if shown:
            at += len(line) + 1
    return table_of([row for row, shown in zip(grid, printed) if shown])


def _ocr_page(pdf: Any, index: int, layout: BodyLayout | None = None) -> str:
    """OCR page ``index`` (0-based) of ``pdf`` (a pypdfium2.PdfDocument): rendered at RENDER_DPI,
    then read (readers.ocr), its wrapped rows joined by ``layout``."""
    from gik_nlp.readers.ocr import RENDER_DPI, read_page

    page = pdf[index]
    try:
        image = page.render(scale=RENDER_DPI / 72).to_pil()
    finally:
        page.close()
    return read_page(image, layout)


def read_pdf(data: bytes, name: str, ocr: str = "auto") -> tuple[str, dict[str, Any]]:
    """A PDF file's bytes → its text and ``{"pages", "page_starts"[, "pages_without_text", "ocr_pages"]}``.

    ocr: "auto" reads a page without a usable text layer by OCR (when the OCR extra is
    installed), "always" reads every page by OCR, "never" never does (readers.ocr).
    ``ocr_pages`` lists the 1-based pages whose text came from OCR.
    """
    import pdfplumber

    from gik_nlp.readers.ocr import INSTALL_HINT, OCR_MODES, ocr_available

    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    can_ocr = ocr != "never" and ocr_available()
    if ocr == "always" and not can_ocr:
        raise ReadError(name, "no_text_layer", f"--ocr always was asked for; {INSTALL_HINT}")
    ocr_pages: list[int] = []

    if b"%PDF-" not in data[:HEADER_SEARCH_BYTES]:
        raise ReadError(name, "corrupt", "the file is not a PDF (no %PDF- header)")
    texts: list[str] = []
    separators: list[str] = []   # what comes before each page's text: "" for the first and where a paragraph runs on
    without_text: list[int] = []
    chars = unmapped = 0
    scan = None   # the PDF as pypdfium2 opens it to render pages for OCR: once, at the first such page

    def pages(pdf: Any) -> Iterator[FileTable]:
        """Read each page of ``pdf`` into ``texts`` (and the counts above); yield its ruled tables
        as grids, for ``within`` to keep or leave out (page by page: only one page's grids wait)."""
        nonlocal chars, unmapped, scan
        base = 0   # where the next page starts in the joined text
        layout = BodyLayout()
        ocr_layout = BodyLayout()   # OCR's rows are in pixels of the rendered page, not in points
        previous: list[Placed] = []   # the items of the page before, when read from its text layer
        for number, page in enumerate(pdf.pages, start=1):
            page_chars = page.chars
            page_unmapped = sum(1 for ch in page_chars if ch["text"].startswith("(cid:"))
            unreadable = not page_chars or page_unmapped > MAX_UNMAPPED_SHARE * len(page_chars)
            page_tables: list[FileTable] = []
            if ocr == "always" or (unreadable and can_ocr):
                if scan is None:
                    import pypdfium2

                    scan = pypdfium2.PdfDocument(data)
                texts.append(_ocr_page(scan, number - 1, ocr_layout))
                ocr_pages.append(number)
                chars += len(texts[-1])
                if not texts[-1]:
                    without_text.append(number)
            else:
                chars += len(page_chars)
                unmapped += page_unmapped
                if not page_chars:
                    without_text.append(number)
                items = page_items(page, layout) if page_chars else []
                runs_over = across_break(previous, items, layout.body())
                if runs_over:
                    # the paragraph runs on over the page break: the page numbers between go
                    tail, head = runs_over
                    cut = sum(len(item[2][0]) + 1 for item in previous[len(previous) - tail:])
                    texts[-1] = texts[-1][:len(texts[-1]) - cut]
                    base -= cut + 1
                    items = items[head:]
                text, page_tables = rendered(items, base)
                texts.append(text)
                separators.append("" if runs_over or not separators else "\n")
                previous = items
            if len(separators) < len(texts):   # an OCR'd page: its lines have no geometry to run on
                separators.append("\n" if separators else "")
                previous = []
            base += len(texts[-1]) + 1
            page.close()  # drop the page's parsed objects: long reports stay small in memory
            yield from page_tables

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            tables, warnings = within(pages(pdf))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for damaged files
        encrypted = "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower()
        reason = "the PDF is encrypted" if encrypted else "the PDF cannot be parsed"
        raise ReadError(name, "corrupt", f"{reason} ({type(exc).__name__}: {exc})") from exc
    finally:
        if scan is not None:
            scan.close()
    if not texts:
        raise ReadError(name, "corrupt", "the PDF has no pages")
    if chars == 0:
        if ocr == "never":
            why = " (--ocr never)"
        elif can_ocr:
            why = f" and OCR found no text on its {len(texts)} page(s)"
        else:
            why = f"; {INSTALL_HINT}"
        raise ReadError(name, "no_text_layer", NO_TEXT_REASON + why)
    if unmapped > MAX_UNMAPPED_SHARE * chars:
        raise ReadError(name, "no_text_layer", "the PDF's fonts carry no Unicode map, so its text layer "
                                               "cannot be read; run OCR first")
    starts, offset = [], 0
    for separator, text in zip(separators, texts):
        starts.append(offset + len(separator))
        offset += len(separator) + len(text)
    metadata: dict[str, Any] = {"pages": len(texts), "page_starts": starts}
    if without_text:
        metadata["pages_without_text"] = without_text
    if ocr_pages:
        metadata["ocr_pages"] = ocr_pages
    if warnings:
        metadata["warnings"] = warnings
    if tables:
        metadata["tables"] = tables
    return "".join(separator + text for separator, text in zip(separators, texts)), metadata
