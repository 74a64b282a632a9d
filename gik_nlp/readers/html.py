"""HTML pages: the text a reader of the page sees, with tables kept as tab-separated rows.

What comes out (``read_html``):

- script, style, noscript, head, forms' controls and other unrendered elements are
  dropped; so are navigation and page furniture: ``nav``/``header``/``footer``/``aside``,
  ARIA navigation roles (but an ``article``'s own header and footer stay), elements whose class or id names them (``mainNav``,
  ``header-t``, ``footer``, ``breadcrumb`` …) and blocks made of nothing but three or
  more links. An element is dropped as furniture only while it holds little text of
  its own (``FURNITURE_MAX_CHARS`` outside links) and no ``h1``, so a report that a
  site wraps in ``<div class="header">`` is kept;
- block elements (p, div, li, h1-h6, tr, table …) and ``<br>`` end a line; inline
  elements add nothing, so Word-pasted ``20</span><span>23`` reads ``2023``;
- whitespace collapses as a browser collapses it; a source line break between two
  CJK characters disappears (CSS Text 3 segment-break rule), so a hard-wrapped
  source does not put spaces inside words; lines are stripped of edge spaces;
- a data-table row becomes ONE line, its cells (those present in the ``<tr>``; no
  colspan/rowspan expansion in the text) joined by ``"\\t"``, empty cells kept as empty strings
  between tabs; a cell's own line breaks become single spaces. ``metadata["tables"]`` keeps
  each data table as a grid with colspan/rowspan expanded (readers.tables). A layout table (one
  holding another table, or a cell of more than ``LAYOUT_CELL_CHARS`` characters) is
  read as ordinary blocks instead;
- runs of blank lines collapse to one blank line.

The encoding comes from a BOM, then the page's ``<meta charset>`` (or XML
declaration) when it decodes strictly, then ``text.decode``'s detection.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from gik_nlp.readers.tables import MAX_SPAN, cells_of_line, expand, line_starts, table_of, within
from gik_nlp.readers.text import ReadError, decode
from gik_nlp.types import FileCell, FileTable

#: Elements whose content is never rendered text.
DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "iframe", "frame",
    "frameset", "object", "embed", "applet", "svg", "canvas", "select", "option", "optgroup", "datalist",
    "button", "input", "textarea", "map", "area", "audio", "video", "source", "track", "param", "rt", "rp",
})

#: Elements that start and end a line.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "listing", "xmp",
    "plaintext",
})

#: Page furniture by tag and by ARIA role.
FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside"})
FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar", "toolbar"})

# Class/id tokens naming furniture: the word alone or followed by -, _ or a digit
# ("header-t", "nav0", "footer_box"), never as a suffix ("article-header" is content).
_FURNITURE_NAME = re.compile(
    r"^(?:nav|navbar|navigation|mainnav|subnav|topnav|menu|menubar|header|head|footer|foot|breadcrumbs?"
    r"|crumbs?|sidebar|share|bdshare|search|toolbar|topbar|copyright|skip|position|location|dqwz|wzdh)"
    r"(?:$|[-_\d])"
)

#: Text outside links (characters) above which an element is content, whatever its name.
FURNITURE_MAX_CHARS = 400

#: A block of nothing but links is navigation from this many links on.
NAV_MIN_LINKS = 3

#: A table with a cell longer than this (characters) lays out a page rather than holding data.
LAYOUT_CELL_CHARS = 1000

_LINK_BLOCK_TAGS = frozenset({"ul", "ol", "menu", "dl", "div", "p"})
_LINK_SEPARATORS = re.compile(r"[\s|｜/·•>›»\-–—]+")
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
_LINE_EDGE = " \t\xa0\u3000"
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: Bytes searched for a declared charset (the HTML spec prescans 1024; saved pages put it later).
CHARSET_PRESCAN_BYTES = 8192


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def collapse_whitespace(text: str) -> str:
    """Collapse HTML whitespace: runs become one space, a line break between CJK characters nothing.

    >>> collapse_whitespace("年度\\n  报告  2023\\n年")
    '年度报告 2023 年'
    """
    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        run = match.group()
        if ("\n" in run or "\r" in run) and 0 < start and end < len(text) \
                and _wide(text[start - 1]) and _wide(text[end]):
            return ""
        return " "

    return _COLLAPSIBLE.sub(replace, text)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta charset>``, XML declaration), or None.

    >>> declared_charset(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb2312'
    """
    head = data[:CHARSET_PRESCAN_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


#: A data table's rows as ``_Lines`` collects them: (index of the row's line in ``_Lines.lines``,
#: or None for a row that prints nothing, and its cells as (text, colspan, rowspan)).
_TableRows = list[tuple["int | None", list[tuple[str, int, int]]]]


class _Lines:
    """Collects rendered lines: inline text accumulates, blocks and <br> end lines; data
    tables' rows are remembered with their cells (``tables``) for ``FileTable``s."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._current: list[str] = []
        self.pre_depth = 0
        self.tables: list[_TableRows] = []

    def text(self, text: str) -> None:
        if not self.pre_depth:
            self._current.append(text)
            return
        # Inside <pre> whitespace is kept: spaces become no-break spaces (which do not
        # collapse and normalise back to spaces) and newlines end lines.
        for i, piece in enumerate(text.split("\n")):
            if i:
                self.line_break()
            self._current.append(piece.replace(" ", "\xa0").replace("\t", "\xa0"))

    def block(self) -> None:
        """End the current line if it holds anything but collapsible whitespace."""
        if self._current and "".join(self._current).strip(" \t\n\r\f"):
            self.line_break()
        else:
            self._current.clear()

    def line_break(self) -> None:
        raw = "".join(self._current)
        self._current.clear()
        self.lines.append(collapse_whitespace(raw).strip(_LINE_EDGE))

    def row(self, cells: list[tuple[str, int, int]]) -> None:
        """A data-table row: one line of its cells' texts joined by tabs (none when all are empty)."""
        index = None
        if any(text for text, _, _ in cells):
            self.block()
            index = len(self.lines)
            self.lines.append("\t".join(text for text, _, _ in cells))
        if self.tables:
            self.tables[-1].append((index, cells))

    def finish(self) -> list[str]:
        out, _ = self.finish_with_index()
        return out

    def finish_with_index(self) -> tuple[list[str], list[int | None]]:
        """The lines, and for each collected line its index among them (None: dropped)."""
        self.block()
        out: list[str] = []
        where: list[int | None] = []
        for line in self.lines:
            if line or (out and out[-1]):
                where.append(len(out))
                out.append(line)
            else:
                where.append(None)
        while out and not out[-1]:
            out.pop()
        return out, where

    def file_tables(self, lines: list[str], where: list[int | None]) -> tuple[list[FileTable], list[str]]:
        """The data tables as grids (colspan/rowspan expanded), offsets into ``"\\n".join(lines)``,
        as many as ``within`` keeps, and its warnings."""
        starts = line_starts(lines)

        def build(rows: _TableRows) -> FileTable | None:
            printed: list[list[tuple[FileCell, int, int]]] = []
            keep: list[bool] = []
            at = None
            for index, cells in rows:
                line_no = where[index] if index is not None else None
                if line_no is not None:
                    placed = cells_of_line(lines[line_no], starts[line_no], [text for text, _, _ in cells])
                    at = starts[line_no] + len(lines[line_no])
                else:
                    # a row that prints nothing: its (empty) cells stand where the table has got to
                    at = at if at is not None else _first_start(rows, where, starts)
                    placed = [FileCell("", at, at) for _ in cells]
                printed.append([(cell, colspan, rowspan) for cell, (_, colspan, rowspan) in zip(placed, cells)])
                keep.append(line_no is not None)
            grid = [row for row, kept in zip(expand(printed), keep) if kept]
            return table_of(grid)

        return within(self.tables, build, size=lambda rows: sum(len(cells) for _, cells in rows))


def _first_start(rows: _TableRows, where: list[int | None], starts: list[int]) -> int:
    for index, _ in rows:
        if index is not None and where[index] is not None:
            return starts[where[index]]
    return 0


def _tag(el: Any) -> str | None:
    """Lower-case tag name, or None for comments and processing instructions."""
    return el.tag.lower() if isinstance(el.tag, str) else None


def _holds_content(el: Any) -> bool:
    outside_links = "".join(_text_without_links(el).split())
    return len(outside_links) > FURNITURE_MAX_CHARS or el.find(".//h1") is not None


def _text_without_links(el: Any) -> str:
    """Rendered text of ``el`` outside links (unrendered elements left out)."""
    parts: list[str] = []
    if el.text and _tag(el) != "a":
        parts.append(el.text)
    for child in el:
        tag = _tag(child)
        if tag is not None and tag != "a" and tag not in DROP_TAGS:
            parts.append(_text_without_links(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _named_furniture(el: Any) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')}".lower().split()
    return any(_FURNITURE_NAME.match(name) for name in names)


def _is_link_list(el: Any) -> bool:
    links = el.findall(".//a")
    if len(links) < NAV_MIN_LINKS:
        return False
    if el.find(".//table") is not None:
        return False
    link_text = [" ".join(a.itertext()).strip() for a in links]
    outside = _LINK_SEPARATORS.sub("", _text_without_links(el))
    return not outside and all(len(text) <= 20 for text in link_text)


def _is_furniture(el: Any, tag: str) -> bool:
    if tag in ("header", "footer") and any(True for _ in el.iterancestors("article", "main")):
        return False  # an article's own header/footer: its title, its signature and date
    if tag in FURNITURE_TAGS or (el.get("role") or "").lower() in FURNITURE_ROLES or _named_furniture(el):
        return not _holds_content(el)
    return tag in _LINK_BLOCK_TAGS and _is_link_list(el)


def _table_rows(table: Any) -> list[Any]:
    """The rows of ``table`` itself (direct, or under thead/tbody/tfoot), not of nested tables."""
    rows: list[Any] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in child if _tag(row) == "tr")
    return rows


def _is_layout_table(table: Any, rows: list[Any]) -> bool:
    if table.find(".//table") is not None:
        return True
    return any(len(cell.text_content()) > LAYOUT_CELL_CHARS
               for row in rows for cell in row if _tag(cell) in ("td", "th"))


def _cell_text(cell: Any) -> str:
    lines = _Lines()
    _walk_children(cell, lines)
    return " ".join(line for line in lines.finish() if line)


_LEADING_DIGITS = re.compile(r"\s*(\d+)")


def _span(cell: Any, name: str) -> int:
    """A cell's colspan/rowspan as a browser reads it: leading digits, else 1 (0 rowspan: the rest)."""
    value = cell.get(name)
    match = _LEADING_DIGITS.match(value) if value else None
    if not match:
        return 1
    value = int(match.group(1))
    return MAX_SPAN if value == 0 and name == "rowspan" else max(value, 1)


def _row_cells(row: Any) -> list[tuple[str, int, int]]:
    """The (text, colspan, rowspan) of a row's cells; stray elements (``<tr><p>…</p></tr>``) count
    as cells rather than get lost."""
    cells: list[tuple[str, int, int]] = []
    for cell in row:
        tag = _tag(cell)
        if tag in ("td", "th"):
            cells.append((_cell_text(cell), _span(cell, "colspan"), _span(cell, "rowspan")))
        elif tag is not None and tag not in DROP_TAGS:
            text = _cell_text(cell)
            if text:
                cells.append((text, 1, 1))
    return cells


def _walk_data_table(el: Any, out: _Lines) -> None:
    """Rows as tab-joined lines; anything else a table holds (caption, stray text) as blocks."""
    if el.text:
        out.text(el.text)
    for child in el:
        tag = _tag(child)
        if tag == "tr":
            out.row(_row_cells(child))
        elif tag in ("thead", "tbody", "tfoot"):
            _walk_data_table(child, out)
        elif tag not in ("colgroup", "col"):
            _walk(child, out)
        if child.tail:
            out.text(child.tail)


def _walk_children(el: Any, out: _Lines) -> None:
    if el.text:
        out.text(el.text)
    for child in el:
        _walk(child, out)
        if child.tail:
            out.text(child.tail)


def _walk(el: Any, out: _Lines) -> None:
    tag = _tag(el)
    if tag is None or tag in DROP_TAGS or _is_furniture(el, tag):
        return
    if tag == "br":
        out.line_break()
        return
    if tag == "table":
        rows = _table_rows(el)
        if not _is_layout_table(el, rows):
            out.block()
            out.tables.append([])
            _walk_data_table(el, out)
            out.block()
            return
    block = tag in BLOCK_TAGS
    if block:
        out.block()
    pre = tag in ("pre", "listing", "xmp", "plaintext")
    out.pre_depth += pre
    _walk_children(el, out)
    out.pre_depth -= pre
    if block:
        out.block()


def _title(root: Any) -> str | None:
    for title in root.iter("title"):
        text = collapse_whitespace(title.text_content()).strip(_LINE_EDGE)
        if text:
            return text
    return None


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Render decoded HTML as text (see the module docstring); return ``(text, title)``.

    >>> html_to_text("<p>统计时限为20</span><span>23年</p><table><tr><td>总计</td><td></td><td>26</td></tr></table>")
    ('统计时限为2023年\\n总计\\t\\t26', None)
    """
    text, title, _, _ = render_tables(markup)
    return text, title


#: Elements nested deeper than this are not walked as a tree: the page is read as plain text.
MAX_TREE_DEPTH = 600

_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|div|br|li|tr|h[1-6]|table|section|article|ul|ol|dl|dt|dd|pre|blockquote)\b[^>]*>",
                        re.IGNORECASE)
_ANY_TAG = re.compile(r"<!--.*?-->|<\s*(script|style)\b.*?</\s*\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)


def render_tables(markup: str) -> tuple[str, str | None, list[str], list[FileTable]]:
    """``html_to_text`` plus warnings and the data tables (colspan/rowspan expanded, offsets into
    the text; readers.tables: as many as ``within`` keeps, a warning naming those left out).
    libxml2 stops building the tree at 256 levels of nesting (deep pages, hundreds of unclosed
    tags) and drops the rest without a word. Such a page is parsed again without that limit;
    one still too deep is read as plain text (tags removed, block tags as line breaks) and a
    warning says so, instead of losing its text.

    >>> text, _, warnings, _ = render_tables("<div>" * 3000 + "深处" + "<p>尾部</p>")
    >>> text.split(), len(warnings)
    (['深处', '尾部'], 1)
    >>> text, _, _, tables = render_tables('<table><tr><td colspan="2">总计</td><td>26</td></tr></table>')
    >>> text, [[(cell.text, cell.start, cell.end) for cell in row] for row in tables[0].rows]
    ('总计\\t26', [[('总计', 0, 2), ('总计', 0, 2), ('26', 3, 5)]])
    """
    import lxml.html
    from lxml.etree import ParserError

    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return "", None, [], []
    try:
        parser = lxml.html.HTMLParser()
        root = lxml.html.document_fromstring(markup, parser=parser)
        if _too_deep(parser):
            parser = lxml.html.HTMLParser(huge_tree=True)
            root = lxml.html.document_fromstring(markup, parser=parser)
    except ParserError:
        return "", None, [], []
    if not _too_deep(parser) and _depth(root) <= MAX_TREE_DEPTH:
        out = _Lines()
        _walk(root, out)
        lines, where = out.finish_with_index()
        tables, warnings = out.file_tables(lines, where)
        return "\n".join(lines), _title(root), warnings, tables
    import html as html_entities

    flat = html_entities.unescape(_ANY_TAG.sub("", _BLOCK_TAG.sub("\n", markup)))
    lines = [collapse_whitespace(line).strip(_LINE_EDGE) for line in flat.split("\n")]
    text = "\n".join(line for line in lines if line)
    warning = (f"the page nests elements more than {MAX_TREE_DEPTH} levels deep (or leaves hundreds of tags "
               "unclosed): it was read as plain text, without its table structure")
    return text, _title(root), [warning], []


def _too_deep(parser: Any) -> bool:
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _depth(root: Any) -> int:
    """The deepest nesting under ``root`` (iteratively: a deep tree must not hit Python's recursion limit)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_TREE_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in element)
    return deepest


def read_html(data: bytes, name: str) -> tuple[str, dict[str, Any]]:
    """An HTML file's bytes → its text and ``{"encoding", "title"}``."""
    markup, encoding = decode(data, name, declared=declared_charset(data))
    try:
        text, title, warnings, tables = render_tables(markup)
    except ValueError as exc:  # lxml rejects some malformed input outright
        raise ReadError(name, "corrupt", f"the HTML cannot be parsed: {exc}") from exc
    if not text.strip():
        raise ReadError(name, "empty", "the page holds no text outside scripts, styles and navigation")
    metadata: dict[str, Any] = {"encoding": encoding, "title": title}
    if warnings:
        metadata["warnings"] = warnings
    if tables:
        metadata["tables"] = tables
    return text, metadata
