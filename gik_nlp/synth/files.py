"""Reports rendered to HTML, DOCX or PDF files and read back through gik_nlp.readers.

The model must see what the readers make of a file, so the document is rendered to a
file in memory, read with ``readers.read_bytes``, and every span and keyed piece is
found again in the reader's output by sequential search. The search is checked: the
text between two consecutive pieces must be the same (ignoring whitespace, tabs and
``|``) as in a plain rendering of the same blocks; otherwise ``PassThroughError`` is
raised and the caller falls back to a text rendering. A misaligned span is never emitted.
"""

from __future__ import annotations

import functools
import html
import io
import random
import re

from gik_nlp.synth.blocks import Block, Cell, Normalised, Para, RawText, Seg, Table, normalise

EXTENSIONS = {"html": ".html", "docx": ".docx", "pdf": ".pdf"}
_GAP_NOISE = re.compile(r"[\s|]+")


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
    """Find every span and keyed piece of ``plain`` in ``text``, in order, checking the gaps."""
    items: list[tuple[int, int, str]] = []   # (start, end, id) in plain
    span_keys = {span[3] for span in plain.spans if span[3]}
    for i, (s, e, _, _) in enumerate(plain.spans):
        items.append((s, e, f"s{i}"))
    markers: dict[str, list[int]] = {}
    for key, (s, e) in plain.regions.items():
        if key.endswith(("<", ">")):
            markers.setdefault(key[:-1], [0, 0])[0 if key.endswith("<") else 1] = s if key.endswith("<") else e
        elif key not in span_keys:
            items.append((s, e, f"r{key}"))
    for key, (s, e) in markers.items():
        items.append((s, e, f"m{key}"))
    items.sort(key=lambda it: (it[0], -it[1]))
    found: dict[str, tuple[int, int]] = {}
    placed: list[tuple[int, int, int, int]] = []   # (plain start, plain end, new start, new end)
    for s, e, ident in items:
        piece = plain.text[s:e]
        # anchor: the closest boundary already placed before this piece (the end of an
        # earlier piece, or the start of a piece that contains this one)
        anchors = [(p[1], p[3]) for p in placed if p[1] <= s] + [(p[0], p[2]) for p in placed if p[0] <= s < p[1]]
        plain_at, lower = max(anchors) if anchors else (0, 0)
        if not piece:
            found[ident] = (lower, lower)
            continue
        at = text.find(piece, lower)
        if at < 0:
            raise PassThroughError(f"{piece!r} not found in the reader's output")
        if anchors:
            # the first occurrence whose preceding text matches (行政复议 also occurs in a heading)
            gap = _GAP_NOISE.sub("", plain.text[plain_at:s])
            while at >= 0 and _GAP_NOISE.sub("", text[lower:at]) != gap:
                if len(_GAP_NOISE.sub("", text[lower:at])) > len(gap):
                    at = -1
                    break
                at = text.find(piece, at + 1)
            if at < 0:
                raise PassThroughError(f"text before {piece!r} differs from the plain rendering")
        found[ident] = (at, at + len(piece))
        placed.append((s, e, at, at + len(piece)))
    spans = [(*found[f"s{i}"], label, key) for i, (_, _, label, key) in enumerate(plain.spans)]
    regions: dict[str, tuple[int, int]] = {}
    for key, (s, e) in plain.regions.items():
        if key.endswith(("<", ">")):
            ms, me = found[f"m{key[:-1]}"]
            regions[key] = (ms, ms) if key.endswith("<") else (me, me)
    for (s, e, label, key), (ns, ne, _, _) in zip(plain.spans, spans):
        if key:
            regions[key] = (ns, ne)
    for ident, offsets in found.items():
        if ident.startswith("r"):
            regions[ident[1:]] = offsets
    for s, e, label, key in spans:
        piece = text[s:e]
        if not piece or "\n" in piece or piece != piece.strip():
            raise PassThroughError(f"span {piece!r} crosses a line in the reader's output")
    return Normalised(text, spans, regions)


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


def wrap(segs: list[Seg], width: int) -> list[str]:
    """Lines of at most ``width`` characters that never break inside a labelled piece or
    inside a keyed region (a negation clause, the title): their offsets must survive."""
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
                if line and len(line) + len(piece) > width:
                    lines.append(line)
                    line = ""
                line += piece
                continue
            while piece:
                room = max(width - len(line), 0)
                if room == 0:
                    lines.append(line)
                    line = ""
                    continue
                line += piece[:room]
                piece = piece[room:]
    lines.append(line)
    return [ln for ln in lines if ln.strip()] or [""]


def render_pdf(blocks: list[Block], rng: random.Random) -> bytes:
    """A PDF with a CID font text layer: wrapped lines, ruled tables with spans."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    font = _pdf_font()
    size = 9
    page = landscape(A4)
    style = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.5)
    width_chars = int((page[0] - 100) / size) - 4
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
                data[r][c] = "\n".join(wrap(cell.segs, chars)) if cell.text.strip() else ""
                if cell.rowspan > 1 or cell.colspan > 1:
                    commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
            story.append(PdfTable(data, colWidths=col_widths, style=TableStyle(commands)))
            story.append(Spacer(1, 6))
            continue
        for line in wrap(block.segs, width_chars):
            story.append(Paragraph(html.escape(line) or "&nbsp;", style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=page, leftMargin=50, rightMargin=50, topMargin=40, bottomMargin=40).build(story)
    return buffer.getvalue()
