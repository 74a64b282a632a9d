"""Reports rendered to HTML, DOCX or PDF files and read back through gik_nlp.readers.

The model must see what the readers make of a file, so the document is rendered to a
file in memory, read with ``readers.read_bytes``, and every span and keyed piece is
found again in the reader's output by aligning a plain rendering of the same blocks
with it, character by character (``relocate``). A span that does not come out whole and
exactly as printed raises ``PassThroughError`` and the caller falls back to a text
rendering: a misaligned span is never emitted.
"""

from __future__ import annotations

import difflib
import functools
import html
import io
import random
import re
from typing import Callable

from gik_nlp.synth.blocks import Block, Cell, Normalised, Para, RawText, Seg, Table, normalise

EXTENSIONS = {"html": ".html", "docx": ".docx", "pdf": ".pdf"}


class PassThroughError(RuntimeError):
    """A file rendering could not be aligned with its blocks (or the reader failed)."""


def pass_through(blocks: list[Block], kind: str, rng: random.Random) -> Normalised:
    """Render ``blocks`` as a ``kind`` file, read it back, and relocate every piece."""
    from gik_nlp.readers import ReadError, read_bytes, normalize

    if kind == "html":
        data = render_html(blocks, rng)
    elif kind == "docx":
        data = render_docx(blocks, rng)
    elif kind == "pdf":
        data = render_pdf(blocks, rng)
    else:
        raise PassThroughError(f"unknown file kind {kind!r}")
    try:
        doc = read_bytes(data, "synth" + EXTENSIONS[kind])
    except ReadError as exc:
        raise PassThroughError(f"the {kind} reader failed: {exc}") from exc
    if normalize(doc.text)[0] != doc.text:
        raise PassThroughError("the reader's text is not a fixed point of normalize")
    plain = normalise(plain_text(blocks))
    return relocate(plain, doc.text)


def plain_text(blocks: list[Block]) -> RawText:
    """The blocks' pieces in reading order, one line per paragraph and per cell."""
    out = RawText()
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    out.segs(cell.segs)
                    out.write("\n")
        else:
            out.segs(block.segs)
            out.write("\n")
    return out


def relocate(plain: Normalised, text: str) -> Normalised:
    """Move every span and keyed piece of ``plain`` onto the reader's ``text``.

    The two texts are aligned character by character, whitespace and ``|`` aside (a
    reader lays cells and lines out its own way): identical texts map directly, others
    through difflib's matching blocks, so text the reader adds or drops between pieces
    (a pinyin gloss split over a PDF line, a page furniture line) no longer derails the
    search for a repeated word (行政复议 in a heading before its table row). A span must
    come out whole: every character aligned, consecutively, and ``text`` holding exactly
    the span's text; a keyed region (evidence, title) must have its first and last
    characters aligned. Otherwise ``PassThroughError``: a misaligned span is never emitted.
    Text the reader adds must stay junk, not content: no digit (a count left untagged) and
    at most ``MAX_ADDED_SHARE`` of the text.
    """
    to_text = _alignment(plain.text, text)
    placed = set(to_text)
    added = [ch for j, ch in enumerate(text) if j not in placed and not _ignored(ch)]
    if any(ch.isdigit() for ch in added) or len(added) > MAX_ADDED_SHARE * len(text):
        raise PassThroughError(f"the reader's output adds {len(added)} characters to the plain rendering "
                               f"({''.join(added)[:30]!r})")

    def span_at(s: int, e: int, what: str) -> tuple[int, int]:
        inside = [to_text[i] for i in range(s, e) if not _ignored(plain.text[i])]
        if not inside or any(j < 0 for j in inside) or any(b <= a for a, b in zip(inside, inside[1:])):
            raise PassThroughError(f"{what} {plain.text[s:e]!r} is not in the reader's output as printed")
        ns, ne = inside[0], inside[-1] + 1
        if text[ns:ne] != plain.text[s:e]:
            raise PassThroughError(f"{what} {plain.text[s:e]!r} reads {text[ns:ne]!r} in the reader's output")
        return ns, ne

    def region_at(s: int, e: int, what: str) -> tuple[int, int]:
        kept = [i for i in range(s, e) if not _ignored(plain.text[i])]
        if not kept:   # an empty marker: the next character that has a place
            after = next((i for i in range(s, len(plain.text)) if to_text[i] >= 0), None)
            at = to_text[after] if after is not None else len(text)
            return at, at
        first, last = to_text[kept[0]], to_text[kept[-1]]
        if first < 0 or last < 0:
            raise PassThroughError(f"{what} {plain.text[s:e][:20]!r} has no place in the reader's output")
        return first, last + 1

    spans = [(*span_at(s, e, label), label, key) for s, e, label, key in plain.spans]
    span_regions = {key: (s, e) for s, e, _, key in spans if key}
    regions: dict[str, tuple[int, int]] = {}
    markers: dict[str, list[int]] = {}
    for key, (s, e) in plain.regions.items():
        if key.endswith(("<", ">")):
            markers.setdefault(key[:-1], [s, e])[0 if key.endswith("<") else 1] = s if key.endswith("<") else e
        elif key in span_regions:
            regions[key] = span_regions[key]
        else:
            regions[key] = region_at(s, e, key)
    for key, (s, e) in markers.items():
        ms, me = region_at(s, e, key)
        regions[key + "<"], regions[key + ">"] = (ms, ms), (me, me)
    for s, e, _, _ in spans:
        piece = text[s:e]
        if not piece or "\n" in piece or piece != piece.strip():
            raise PassThroughError(f"span {piece!r} crosses a line in the reader's output")
    return Normalised(text, spans, regions)


#: The most text (a share of its characters) a reader may add to the plain rendering:
#: the stray brackets of a gloss split over a PDF line, never whole passages.
MAX_ADDED_SHARE = 0.01


def _ignored(ch: str) -> bool:
    """Layout characters a reader may add, drop or move: whitespace and the ``|`` of cells."""
    return ch.isspace() or ch == "|"


def _alignment(plain: str, text: str) -> list[int]:
    """For each character of ``plain``, its offset in ``text`` (-1: not there).

    Layout characters (``_IGNORED``) are set aside on both sides and map to -1; the rest
    is compared as is, and where it differs difflib's matching blocks pair what is equal.
    """
    a_at = [i for i, ch in enumerate(plain) if not _ignored(ch)]
    b_at = [j for j, ch in enumerate(text) if not _ignored(ch)]
    a = "".join(plain[i] for i in a_at)
    b = "".join(text[j] for j in b_at)
    to_text = [-1] * len(plain)
    if a == b:
        pairs: list[tuple[int, int, int]] = [(0, 0, len(a))]
    else:
        pairs = [tuple(m) for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]
    for i, j, size in pairs:
        for k in range(size):
            to_text[a_at[i + k]] = b_at[j + k]
    return to_text


# --- HTML --------------------------------------------------------------------------------------

def _fragments_html(text: str, rng: random.Random, word_pasted: bool) -> str:
    """Text as Word-pasted HTML writes it: split into <span>/<font> fragments at random
    points (numbers included: ``20</span><span>23``), which a browser joins back."""
    if not word_pasted or len(text) < 2:
        return html.escape(text)
    out = []
    i = 0
    while i < len(text):
        step = rng.randint(1, 12)
        tag = rng.choice(["span", "span", "font"])
        out.append(f"<{tag}>{html.escape(text[i:i + step])}</{tag}>")
        i += step
    return "".join(out)


def _segs_html(segs: list[Seg], rng: random.Random, word_pasted: bool) -> str:
    text = "".join(s.text for s in segs)
    lines = text.split("\n")
    return "<br/>".join(_fragments_html(line, rng, word_pasted) for line in lines)


def render_html(blocks: list[Block], rng: random.Random) -> bytes:
    """A saved web page: page furniture the reader drops, the report in a content div."""
    word_pasted = rng.random() < 0.5
    title = next(("".join(s.text for s in b.segs) for b in blocks if isinstance(b, Para) and b.kind == "title"),
                 "政府信息公开工作年度报告")
    parts = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">", f"<title>{html.escape(title)}</title>",
             "<script>var _hmt = _hmt || [];</script><style>p{margin:0}</style></head><body>"]
    if rng.random() < 0.6:
        parts.append('<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a>'
                     '</li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>')
    parts.append('<div class="article-content">')
    for block in blocks:
        if isinstance(block, Table):
            parts.append('<table border="1" cellspacing="0" cellpadding="0">')
            for row in block.rows:
                parts.append("<tr>")
                for cell in row:
                    attrs = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + \
                            (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
                    body = _segs_html(cell.segs, rng, word_pasted) if cell.text.strip() else "&nbsp;"
                    parts.append(f"<td{attrs}><p>{body}</p></td>")
                parts.append("</tr>")
            parts.append("</table>")
            continue
        body = _segs_html(block.segs, rng, word_pasted)
        if block.kind == "title":
            parts.append(f'<p style="text-align:center"><strong>{body}</strong></p>')
        elif block.kind == "h":
            parts.append(f"<p><strong>{body}</strong></p>")
        elif block.kind == "sign":
            parts.append(f'<p style="text-align:right">{body}</p>')
        elif block.kind == "p":
            parts.append(f'<p style="text-indent:2em">{body}</p>')
        else:
            parts.append(f"<div>{body}</div>")
    parts.append("</div>")
    if rng.random() < 0.6:
        parts.append('<div class="footer"><p>主办单位：人民政府办公室　网站标识码：3213220001</p></div>')
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


# --- grid of a table (for DOCX and PDF merges) ----------------------------------------------------

def grid(table: Table) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell, placing spanned cells as a browser does."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return out


# --- DOCX --------------------------------------------------------------------------------------------

def render_docx(blocks: list[Block], rng: random.Random) -> bytes:
    """A Word document: paragraphs (text split into runs) and tables with merged cells."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()

    def add_runs(paragraph, text: str) -> None:
        lines = text.split("\n")
        for li, line in enumerate(lines):
            i = 0
            while i < len(line):
                step = rng.randint(3, 40)
                paragraph.add_run(line[i:i + step])
                i += step
            if li < len(lines) - 1:
                paragraph.add_run().add_break()

    for block in blocks:
        if isinstance(block, Table):
            cells = grid(block)
            nrows = len(block.rows)
            table = document.add_table(rows=nrows, cols=block.ncols)
            table.style = "Table Grid"
            # table.cell() walks the whole table on every call: take the grid once, write
            # the texts, then merge (a merge keeps the top-left cell's content)
            flat = table._cells
            merges = []
            for r, c, cell in cells:
                if r + cell.rowspan > nrows or c + cell.colspan > block.ncols:
                    raise PassThroughError("table cell outside its grid")
                target = flat[r * block.ncols + c]
                add_runs(target.paragraphs[0], "".join(s.text for s in cell.segs))
                if cell.rowspan > 1 or cell.colspan > 1:
                    merges.append((target, flat[(r + cell.rowspan - 1) * block.ncols + c + cell.colspan - 1]))
            for first, last in merges:
                first.merge(last)
            continue
        paragraph = document.add_paragraph()
        add_runs(paragraph, "".join(s.text for s in block.segs))
        if block.kind in ("title",):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "sign":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------------

@functools.cache
def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def wrap(segs: list[Seg], width: float, measure: Callable[[str], float] = len) -> list[str]:
    """Lines at most ``width`` wide (``measure``: characters by default; the PDF passes the
    font's widths) that never break inside a labelled piece, inside a keyed region (a
    negation clause, the title) or between a character and its pinyin gloss: their
    offsets must survive. A piece that cannot break stands alone on an over-long line."""
    units: list[tuple[str, bool]] = []   # (text, breakable)
    group: list[str] | None = None
    for seg in segs:
        if seg.key and seg.key.endswith("<"):
            group = []
            continue
        if seg.key and seg.key.endswith(">"):
            units.append(("".join(group or []), False))
            group = None
            continue
        if group is not None:
            group.append(seg.text)
        else:
            units.append((seg.text, not seg.label))
    lines: list[str] = []
    line = ""
    for text, breakable in units:
        for pi, piece in enumerate(text.split("\n")):
            if pi:
                lines.append(line)
                line = ""
            if not breakable:
                if line and measure(line) + measure(piece) > width:
                    lines.append(line)
                    line = ""
                line += piece
                continue
            while piece:
                fit = _fitting(piece, width - measure(line), measure)
                cut = _cut(piece, fit) if fit < len(piece) else fit
                if cut == 0 and line:
                    lines.append(line)
                    line = ""
                    continue
                cut = cut or max(fit, 1)   # a line too narrow for one character (and gloss)
                line += piece[:cut]
                piece = piece[cut:]
    lines.append(line)
    return [ln for ln in lines if ln.strip()] or [""]


def _fitting(piece: str, room: float, measure: Callable[[str], float]) -> int:
    """How many leading characters of ``piece`` fit in ``room``."""
    used = 0.0
    for i, ch in enumerate(piece):
        used += measure(ch)
        if used > room:
            return i
    return len(piece)


# A bracketed Latin gloss after a character (動(dòng), 們(men)): it stays on the line of
# its character, or normalize could no longer drop it ("(dòng" / ")" on two lines).
_GLOSS = re.compile(r"[^\s]?[(（][a-zü\u00e0-\u01dc]{1,8}[)）]")


def _cut(piece: str, at: int) -> int:
    """Where to break ``piece`` at most ``at`` characters in: ``at``, or earlier so that no
    character + gloss is split (0 when the piece starts with one that does not fit)."""
    for m in _GLOSS.finditer(piece, max(0, at - 12), at + 12):
        if m.start() < at < m.end():
            return m.start()
    return at


#: Points kept free at each side of a PDF table cell's text (reportlab pads cells by 6).
CELL_PADDING = 6


def render_pdf(blocks: list[Block], rng: random.Random) -> bytes:
    """A PDF with a CID font text layer: wrapped lines, ruled tables with spans."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    font = _pdf_font()
    size = 9
    page = landscape(A4)
    style = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.5)
    width_chars = int((page[0] - 100) / size) - 4   # in ems (one CJK character is one em)

    @functools.lru_cache(maxsize=4096)
    def ems(text: str) -> float:
        return stringWidth(text, font, 10) / 10
    story = []
    for block in blocks:
        if isinstance(block, Table):
            cells = grid(block)
            data = [["" for _ in range(block.ncols)] for _ in block.rows]
            commands = [("FONT", (0, 0), (-1, -1), font, 7), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            label_width = 260 if block.ncols > 4 else 300
            other = (page[0] - 100 - label_width) / max(block.ncols - 1, 1)
            col_widths = [label_width] + [other] * (block.ncols - 1)
            if block.kind == "t3":
                col_widths = [40, 70, 290] + [(page[0] - 100 - 400) / 7] * 7
            elif block.kind == "t4":
                col_widths = [(page[0] - 100) / 15] * 15
            for r, c, cell in cells:
                span_width = sum(col_widths[c:c + cell.colspan])
                chars = max(int(span_width / 7) - 1, 2)
                lines = wrap(cell.segs, chars, ems) if cell.text.strip() else []
                data[r][c] = "\n".join(lines)
                widest = max((stringWidth(line, font, 7) for line in lines), default=0.0)
                if widest > span_width - CELL_PADDING:
                    # a span wider than its cell (no break inside a span): a smaller font keeps
                    # it inside, where a text layer reads it whole
                    commands.append(("FONTSIZE", (c, r), (c, r), 7 * (span_width - 2 * CELL_PADDING) / widest))
                if cell.rowspan > 1 or cell.colspan > 1:
                    commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
            story.append(PdfTable(data, colWidths=col_widths, style=TableStyle(commands)))
            story.append(Spacer(1, 6))
            continue
        for line in wrap(block.segs, width_chars, ems):
            story.append(Paragraph(html.escape(line) or "&nbsp;", style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=page, leftMargin=50, rightMargin=50, topMargin=40, bottomMargin=40).build(story)
    return buffer.getvalue()
