"""Word ``.docx`` files: the body's paragraphs and tables in document order.

What comes out (``read_docx``):

- one line per paragraph, walking the body's XML children in order (paragraphs,
  tables, content controls), so a table sits between the paragraphs around it;
  a manual line break inside a paragraph starts a new line; tab characters stay;
- automatic list numbers are rendered (``一、``, ``（一）``, ``1.`` …) because Word
  reports often number their sections and table rows that way and the number is
  part of the text a reader sees;
- a table row is ONE line, its cells (the ``w:tc`` elements present in the row:
  a horizontally merged cell appears once, a vertically merged continuation cell
  is an empty string) joined by ``"\\t"``; inside a cell, paragraphs, line breaks and
  tabs become single spaces and nested tables are flattened the same way;
  ``metadata["tables"]`` keeps each body table (text boxes' included) as a grid: a
  ``w:gridSpan`` cell fills its grid columns, a ``w:vMerge`` continuation repeats the cell
  above, ``w:gridBefore`` columns are empty cells (readers.tables);
- text boxes are lines after the paragraph that anchors them; deleted revisions,
  field codes, headers, footers, footnotes and comments are left out;
- metadata ``title`` is the core-properties title (None when unset).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from gik_nlp.readers.tables import MAX_SPAN, cells_of_line, line_starts, pad, table_of, within
from gik_nlp.readers.text import ReadError
from gik_nlp.types import FileCell, FileTable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _R = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}r"
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
_TXBX = f"{_W}txbxContent"
_VAL = f"{_W}val"

#: Subtrees of a paragraph that hold no visible text of its own.
_SKIP_IN_PARAGRAPH = frozenset({f"{_W}pPr", f"{_W}rPr", f"{_W}del", f"{_W}moveFrom", f"{_W}instrText",
                                f"{_W}delInstrText", _MC_FALLBACK, _TXBX})

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_CN_DIGITS = "〇一二三四五六七八九"
_CN_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
#: Punctuation that ends a list number without a following space ("一、", "（一）").
_CJK_CLOSERS = "、．。）】〕，：:"


def chinese_count(n: int) -> str:
    """Write ``n`` (0 < n < 10000) in Chinese counting numerals, as Word's chineseCounting does.

    >>> [chinese_count(n) for n in (1, 10, 11, 20, 105, 1010)]
    ['一', '十', '十一', '二十', '一百零五', '一千零一十']
    """
    if n <= 0 or n >= 10000:
        return str(n)
    if 10 <= n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    out = ""
    rest = n
    zero_pending = False
    for value, unit in _CN_UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                out += "零"
            out += _CN_DIGITS[digit] + unit
            zero_pending = False
        elif out:
            zero_pending = True
    if rest:
        out += ("零" if zero_pending else "") + _CN_DIGITS[rest]
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → "aa", 28 → "bb".
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, num_fmt: str) -> str:
    """Format a list counter in a Word ``w:numFmt``; unknown formats fall back to decimal.

    >>> [format_number(3, f) for f in ("decimal", "chineseCounting", "upperRoman", "decimalEnclosedCircle")]
    ['3', '三', 'III', '③']
    """
    if num_fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
                   "chineseLegalSimplified"):
        return chinese_count(n)
    if num_fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if num_fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if num_fmt == "ideographZodiac" and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if num_fmt in ("lowerLetter", "upperLetter") and n > 0:
        letters = _letters(n)
        return letters if num_fmt == "lowerLetter" else letters.upper()
    if num_fmt in ("lowerRoman", "upperRoman") and n > 0:
        roman = _roman(n)
        return roman if num_fmt == "lowerRoman" else roman.upper()
    if num_fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if num_fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if num_fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if num_fmt == "decimalZero":
        return f"{n:02d}"
    if num_fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    return str(n)


class _Numbering:
    """Renders automatic list numbers in document order (one counter set per list)."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self._levels: dict[str, dict[int, dict[str, Any]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numpr: dict[str, tuple[str, int]] = {}
        if numbering is not None:
            self._load_numbering(numbering)
        if styles is not None:
            self._load_styles(styles)

    def _load_numbering(self, numbering: Any) -> None:
        abstract: dict[str, dict[int, dict[str, Any]]] = {}
        for node in numbering.iterchildren(f"{_W}abstractNum"):
            abstract[node.get(f"{_W}abstractNumId", "")] = {
                int(lvl.get(f"{_W}ilvl", "0")): _level(lvl) for lvl in node.iterchildren(f"{_W}lvl")}
        for num in numbering.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = {k: dict(v) for k, v in abstract.get(ref.get(_VAL, "") if ref is not None else "", {}).items()}
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl]["start"] = int(start.get(_VAL, "1"))
            self._levels[num.get(f"{_W}numId", "")] = levels

    def _load_styles(self, styles: Any) -> None:
        based_on: dict[str, str] = {}
        own: dict[str, tuple[str | None, int | None]] = {}
        for style in styles.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            parent = style.find(f"{_W}basedOn")
            if parent is not None:
                based_on[style_id] = parent.get(_VAL, "")
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                own[style_id] = _numpr(numpr)
        for style_id in own.keys() | based_on.keys():
            num_id, ilvl, seen = None, None, set()
            current: str | None = style_id
            while current and current not in seen and (num_id is None or ilvl is None):
                seen.add(current)
                found_id, found_lvl = own.get(current, (None, None))
                num_id = num_id if num_id is not None else found_id
                ilvl = ilvl if ilvl is not None else found_lvl
                current = based_on.get(current)
            if num_id:
                self._style_numpr[style_id] = (num_id, ilvl or 0)

    def label(self, paragraph: Any) -> str:
        """The list number that Word shows before ``paragraph``, with its separator, or ''."""
        ppr = paragraph.find(f"{_W}pPr")
        if ppr is None:
            return ""
        num_id: str | None = None
        ilvl: int | None = None
        style = ppr.find(f"{_W}pStyle")
        if style is not None and style.get(_VAL) in self._style_numpr:
            num_id, ilvl = self._style_numpr[style.get(_VAL)]
        numpr = ppr.find(f"{_W}numPr")
        if numpr is not None:
            own_id, own_lvl = _numpr(numpr)
            num_id = own_id if own_id is not None else num_id
            ilvl = own_lvl if own_lvl is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self._levels:
            return ""
        ilvl = ilvl or 0
        levels = self._levels[num_id]
        level = levels.get(ilvl)
        if level is None or level["fmt"] in ("bullet", "none"):
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = level["text"]
        for k in range(9):
            if f"%{k + 1}" in text:
                lvl = levels.get(k, {"start": 1, "fmt": "decimal"})
                value = counters.get(k, lvl["start"])
                fmt = "decimal" if level["legal"] and k != ilvl else lvl["fmt"]
                text = text.replace(f"%{k + 1}", format_number(value, fmt))
        if not text:
            return ""
        return text if text[-1] in _CJK_CLOSERS or level["suffix"] == "nothing" else text + " "


def _level(lvl: Any) -> dict[str, Any]:
    def val(tag: str, default: str) -> str:
        node = lvl.find(f"{_W}{tag}")
        return node.get(_VAL, default) if node is not None else default

    return {"start": int(val("start", "1") or 1), "fmt": val("numFmt", "decimal"), "text": val("lvlText", ""),
            "suffix": val("suff", "tab"), "legal": lvl.find(f"{_W}isLgl") is not None}


def _numpr(numpr: Any) -> tuple[str | None, int | None]:
    num = numpr.find(f"{_W}numId")
    lvl = numpr.find(f"{_W}ilvl")
    return (num.get(_VAL) if num is not None else None,
            int(lvl.get(_VAL, "0")) if lvl is not None else None)


def _inline_text(node: Any, parts: list[str], boxes: list[Any]) -> None:
    for child in node:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == _TXBX:  # a text box: its own lines, after this paragraph
            boxes.append(child)
        elif tag in _SKIP_IN_PARAGRAPH:
            continue
        elif tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab") and node.tag == _R:
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr") and node.tag == _R:
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            _inline_text(child, parts, boxes)


def _blocks(container: Any) -> Iterator[Any]:
    """Paragraphs and tables of a body or cell in order, looking through content controls."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _blocks(inner)


def _children(node: Any, tag: str) -> Iterator[Any]:
    """Children of ``node`` with ``tag``, looking through content controls and custom XML."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _children(inner, tag)


class _Writer:
    """Writes blocks as lines; a body table's rows are remembered (``tables``) with their line
    and their cells' grid spans, for ``FileTable``s."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        #: per body table: rows as (line index, leading empty grid columns, cells as (text, tc))
        self.tables: list[list[tuple[int, int, list[tuple[str, Any]]]]] = []

    def write(self, block: Any, out: list[str], top: bool = True) -> None:
        """Append ``block``'s lines to ``out`` (``top``: a body table, kept as a grid)."""
        if block.tag == _P:
            self.paragraph(block, out, top)
        else:
            self.table(block, out, top)

    def paragraph(self, paragraph: Any, out: list[str], top: bool) -> None:
        parts: list[str] = [self.numbering.label(paragraph)]
        boxes: list[Any] = []
        _inline_text(paragraph, parts, boxes)
        out.extend("".join(parts).split("\n"))
        for box in boxes:
            for block in _blocks(box):
                self.write(block, out, top)

    def table(self, table: Any, out: list[str], top: bool) -> None:
        rows = []
        for row in _children(table, _TR):
            cells = [(self.cell_text(cell), cell) for cell in _children(row, _TC)]
            rows.append((len(out), _grid_before(row), cells))
            out.append("\t".join(text for text, _ in cells))
        if top:
            self.tables.append(rows)

    def cell_text(self, cell: Any) -> str:
        pieces: list[str] = []
        for block in _blocks(cell):
            lines: list[str] = []
            self.write(block, lines, top=False)  # a nested table is flattened into the cell
            for line in lines:
                flat = " ".join(line.replace("\t", " ").split())
                if flat:
                    pieces.append(flat)
        return " ".join(pieces)

    def file_tables(self, lines: list[str]) -> tuple[list[FileTable], list[str]]:
        """The body tables as grids (gridSpan repeated across, vMerge continuations repeating the
        cell above), offsets into ``"\\n".join(lines)``, as many as ``within`` keeps, and its warnings."""
        starts = line_starts(lines)

        def build(rows: list[tuple[int, int, list[tuple[str, Any]]]]) -> FileTable | None:
            grid: list[list[FileCell | None]] = []
            ends = []
            for index, before, cells in rows:
                placed = cells_of_line(lines[index], starts[index], [text for text, _ in cells])
                slots: list[FileCell | None] = [None] * before
                for cell, (_, tc) in zip(placed, cells):
                    span, merge = _tc_span(tc)
                    for _ in range(span):
                        column = len(slots)
                        above = grid[-1][column] if grid and column < len(grid[-1]) else None
                        slots.append(above if merge == "continue" and above is not None else cell)
                grid.append(slots)
                ends.append(starts[index] + len(lines[index]))
            return table_of(pad(grid, ends))

        return within(self.tables, build, size=lambda rows: sum(len(cells) for _, _, cells in rows))


def _grid_before(row: Any) -> int:
    """A row's empty leading grid columns (``w:gridBefore``), capped as a cell's span is (MAX_SPAN):
    the file's number sizes the row built from it."""
    node = row.find(f"{_W}trPr/{_W}gridBefore")
    return min(max(_int(node.get(_VAL) if node is not None else None, 0), 0), MAX_SPAN)


def _tc_span(tc: Any) -> tuple[int, str]:
    """A cell's grid columns (``w:gridSpan``) and vertical merge: "restart", "continue" or ""."""
    props = tc.find(f"{_W}tcPr")
    if props is None:
        return 1, ""
    span = props.find(f"{_W}gridSpan")
    merge = props.find(f"{_W}vMerge")
    how = "" if merge is None else ("restart" if merge.get(_VAL) == "restart" else "continue")
    return min(max(_int(span.get(_VAL) if span is not None else None, 1), 1), MAX_SPAN), how


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _part_element(document_part: Any, reltype: str) -> Any | None:
    try:
        return document_part.part_related_by(reltype).element
    except (KeyError, AttributeError):
        return None


def read_docx(data: bytes, name: str) -> tuple[str, dict[str, Any]]:
    """A ``.docx`` file's bytes → its text and ``{"title": …}``."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    if data.startswith(_OLE2_SIGNATURE):
        raise ReadError(name, "corrupt", "this is a legacy Word .doc (or other OLE2) file, not .docx; "
                                         "save it as .docx")
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        title = document.core_properties.title or None
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean a damaged file
        raise ReadError(name, "corrupt", f"the .docx cannot be opened ({type(exc).__name__}: {exc})") from exc
    numbering = _Numbering(_part_element(document.part, RT.NUMBERING), _part_element(document.part, RT.STYLES))
    writer = _Writer(numbering)
    lines: list[str] = []
    for block in _blocks(body):
        writer.write(block, lines)
    metadata: dict[str, Any] = {"title": title}
    tables, warnings = writer.file_tables(lines)
    if warnings:
        metadata["warnings"] = warnings
    if tables:
        metadata["tables"] = tables
    return "\n".join(lines), metadata
