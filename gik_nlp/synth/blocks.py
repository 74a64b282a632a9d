"""The generator's document model: paragraphs and tables made of segments.

A report is first built as blocks whose text pieces (``Seg``) carry their label and a key;
renderers then lay the blocks out as text (or as HTML/DOCX/PDF files), and because labels
travel with the pieces, every span is exact by construction. A key names a piece so that
the gold record can point at it (evidence offsets); a keyed piece without a label is a
region used only as evidence (the clause of a zero stated by negation).
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from gik_nlp.readers.normalize import normalize

# the module itself (gik_nlp.readers re-exports the function under the same name)
_normalize_module = importlib.import_module("gik_nlp.readers.normalize")


def _change_pattern() -> re.Pattern[str] | None:
    """A regex matching anything ``normalize`` would change, built from its own tables so
    the two stay in sync; None (always normalise) if those tables are not there."""
    try:
        chars = set(_normalize_module._CHAR_MAP) | set(_normalize_module._DROP)
        gloss = _normalize_module._PINYIN_GLOSS.pattern
    except AttributeError:
        return None
    controls = "".join(chr(c) for c in list(range(0x20)) + list(range(0x7F, 0xA0)) if chr(c) not in "\n\t")
    return re.compile("[" + re.escape("".join(sorted(chars)) + controls + "\r") + "]|" + gloss)


_CHANGES = _change_pattern()
# normalize's one-to-one character map as a str.translate table: applying it first keeps
# every offset and leaves the slow path only for what drops characters (glosses, controls)
_ONE_TO_ONE = {ord(k): v for k, v in getattr(_normalize_module, "_CHAR_MAP", {}).items() if len(v) == 1}


def unchanged_by_normalize(text: str) -> bool:
    """True when ``normalize(text)[0] == text`` (checked cheaply when possible).

    >>> unchanged_by_normalize("7254条"), unchanged_by_normalize("７２５４条"), unchanged_by_normalize("動(dòng)")
    (True, False, False)
    """
    if _CHANGES is None:
        return normalize(text)[0] == text
    return _CHANGES.search(text) is None


class Seg(NamedTuple):
    """A piece of text; ``label`` makes it a span, ``key`` makes its offsets known."""

    text: str
    label: str | None = None
    key: str | None = None


class Para(NamedTuple):
    """A line of text. kind: "p" body paragraph, "h" heading, "title", "sign" (right-aligned
    signature or date), "line" (a raw line: navigation, junk), "blank" (an extra empty line)."""

    segs: list[Seg]
    kind: str = "p"


class Cell(NamedTuple):
    """A table cell; ``value`` marks a number cell (where blank-cell collapsing applies)."""

    segs: list[Seg]
    colspan: int = 1
    rowspan: int = 1
    value: bool = False

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)


@dataclass
class Table:
    """A table as rows of cells in reading order (a spanned cell appears once, in its first row).

    kind: "stats" (pre-2019 统计表), "annex" (short 附表), "t2", "t3", "t4" (表二/三/四).
    ncols: the grid width, for renderers that need it (HTML, DOCX, PDF).
    matrix_rows: row index → (what the row is, as the assembler's warnings name it:
    ``apply.new``, ``disclosure.rules``, ``表四``; how many value columns it has) for the
    rows of a matrix, whose cells are placed by column (a renderer that loses the column
    of a value reports it, and the gold record leaves the row's cells out).
    """

    rows: list[list[Cell]]
    kind: str
    ncols: int
    header_rows: int = 0
    flat_values_row: int = -1   # 表四: the row that may be printed as one line of numbers
    matrix_rows: dict[int, tuple[str, int]] = field(default_factory=dict)


Block = Para | Table


def map_text(blocks: list[Block], transform: Callable[[str, bool], str]) -> list[Block]:
    """The blocks with every piece's text passed once through ``transform(text, labeled)``
    (character noise); labels and keys stay on their pieces, so spans stay exact."""
    def segs(items: list[Seg]) -> list[Seg]:
        return [Seg(transform(s.text, s.label is not None), s.label, s.key) if s.text else s for s in items]

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = [[Cell(segs(c.segs), c.colspan, c.rowspan, c.value) for c in row] for row in block.rows]
            out.append(Table(rows, block.kind, block.ncols, block.header_rows, block.flat_values_row,
                             dict(block.matrix_rows)))
        else:
            out.append(Para(segs(block.segs), block.kind))
    return out


class LostRow(NamedTuple):
    """A matrix row printed so that the column of its values cannot be told (blank cells
    vanished): annotation.md keeps its spans, the gold record leaves its cells out."""

    target: str                 # apply.new, disclosure.rules, 表四
    columns: int                # how many value columns the row has
    value_keys: tuple[str, ...]  # keys of its STAT_VALUE pieces, in order


@dataclass
class RawText:
    """Text being written, with the raw offsets of its spans and keyed pieces, and the
    matrix rows whose columns the layout lost."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    spans: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    regions: dict[str, tuple[int, int]] = field(default_factory=dict)
    lost: list[LostRow] = field(default_factory=list)

    def write(self, text: str) -> None:
        """Layout text (newlines, tabs, pipes, padding): never transformed, never tagged."""
        if text:
            self.parts.append(text)
            self.pos += len(text)

    def seg(self, seg: Seg) -> None:
        start = self.pos
        self.write(seg.text)
        if seg.label:
            self.spans.append((start, self.pos, seg.label, seg.key))
        if seg.key:
            self.regions[seg.key] = (start, self.pos)

    def segs(self, segs: list[Seg]) -> None:
        for seg in segs:
            self.seg(seg)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class AlignmentError(ValueError):
    """A span could not be carried over to the normalised text exactly."""


@dataclass(frozen=True)
class Normalised:
    """Normalised text with span and region offsets moved onto it (and the lost rows)."""

    text: str
    spans: list[tuple[int, int, str, str | None]]
    regions: dict[str, tuple[int, int]]
    lost: tuple[LostRow, ...] = ()


def normalise(raw: RawText) -> Normalised:
    """Normalise the raw text as a reader would and move every offset onto the result.

    Runs normalize until the text is a fixed point (a second pass can drop a pinyin gloss
    that only became visible after the first). Raises AlignmentError if a span comes out
    empty, crossing a line, or with whitespace at an end.
    """
    text = raw.text.translate(_ONE_TO_ONE)
    spans = list(raw.spans)
    regions = dict(raw.regions)
    for _ in range(3):
        if unchanged_by_normalize(text):
            break
        new_text, offsets = normalize(text)
        if new_text == text:
            break
        # a raw offset moves to the first normalised character at or after it
        spans = [(bisect_left(offsets, s), bisect_left(offsets, e), label, key) for s, e, label, key in spans]
        regions = {k: (bisect_left(offsets, s), bisect_left(offsets, e)) for k, (s, e) in regions.items()}
        text = new_text
    for s, e, label, key in spans:
        piece = text[s:e]
        if not piece or "\n" in piece or piece != piece.strip():
            raise AlignmentError(f"span {label} {key} {piece!r} at {s}:{e} is empty, crosses a line "
                                 "or has whitespace at an end")
    return Normalised(text, spans, regions, tuple(raw.lost))
