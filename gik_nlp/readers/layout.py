"""Printed lines back into paragraphs: the geometry of a page's body text, and when one printed
line runs on into the next. Read by readers.pdf (a PDF's text layer) and readers.ocr (OCR'd rows).

A word processor wraps each paragraph at the right margin and over page breaks, anywhere in a
word (``主动公开各类政⏎府信息``). A line runs on into the next (``runs_on``) when it reaches the
body's right margin, the next starts at the left margin (a paragraph's first line is indented
two characters, so it never continues the line before), both are in the body's print, no blank
line lies between them, and the next is neither a page number nor a numbered heading after a
full stop. Lines are pdfplumber's text-line dicts (``x0``, ``x1``, ``top``, ``bottom``, ``text``),
in any unit: every tolerance is in characters of the body's size.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

#: How far short of the body's right margin a wrapped line may end, and how far past the left
#: margin the line it runs into may start, in characters of the body's size. A justified CJK line
#: ends at the margin (one ending in punctuation may overhang it); a paragraph's first line is
#: indented two characters, so it never continues the line before.
WRAP_MARGIN_CHARS = 0.5
#: A line's height at most this ratio off the body's: a heading's larger or a table's smaller
#: print is not the body's paragraph.
WRAP_SIZE_RATIO = 1.25
#: At most this many characters of space between a wrapped line and its continuation (more is a
#: blank line: a new block).
WRAP_GAP_CHARS = 1.5
#: Lines of at least this many characters tell the body's margins and size.
BODY_LINE_CHARS = 10

#: A row of figures (``8.属于行政查询事项 105 0 0 0 0 0 105``): a table read as lines, never prose.
ROW_OF_FIGURES = re.compile(r"\d(?:\s+\d[\d.,]*){2,}\s*$")
#: A numbered heading (一、 （一） 1. 第三条) opening a line.
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]\D"
                       r"|第[一二三四五六七八九十百\d]+[章节条部分])")
#: A page number printed as the page's footer or header (``- 2 -``, ``第2页 共6页``, ``2/6``).
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?)\s*$")
#: Ends a sentence: a full-width stop, question or exclamation mark, semicolon or colon.
_SENTENCE_END = "。！？；：.!?;:"


#: Line ends within this many characters of each other count as one margin, heights within this
#: share of each other as one size (an OCR engine's boxes wander by a few pixels).
SAME_EDGE_CHARS = 0.25
SAME_SIZE_SHARE = 0.1
#: The right margin lies within this many characters of the longest line's end (a line ends at
#: the margin or hangs a punctuation mark past it): the most common end of shorter lines (a
#: column of one-line items of like length) is no margin.
OVERHANG_CHARS = 1.5


def _most_common_near(tally: Counter[int], near: float) -> tuple[int, int]:
    """The tallied value with the most values within ``near`` of it (ties: the larger value), and
    how many those are.

    >>> _most_common_near(Counter({518: 3, 519: 9, 527: 2, 346: 1}), 4)
    (519, 12)
    """
    def around(value: int) -> int:
        return sum(count for other, count in tally.items() if abs(other - value) <= near)
    best = max(tally, key=lambda value: (around(value), tally[value], value))
    return best, around(best)


class BodyLayout:
    """The body text's left and right margins and character size, tallied from the lines of prose
    on the pages read so far: the size is the most common line height, the right margin the most
    common line end; the left margin is where the leftmost line that reaches the right margin
    starts (a paragraph's first line is indented, its wrapped lines are not). A document's own,
    so one page of tables does not make its rows look like a paragraph."""

    def __init__(self) -> None:
        self.extents: Counter[tuple[int, int]] = Counter()   # (start, end) of each line
        self.sizes: Counter[int] = Counter()

    def add(self, lines: Sequence[dict[str, Any]]) -> None:
        """Tally text lines (``x0``, ``x1``, ``top``, ``bottom``, ``text``) of prose."""
        for line in lines:
            if len(line["text"]) >= BODY_LINE_CHARS and not ROW_OF_FIGURES.search(line["text"]):
                self.extents[round(line["x0"]), round(line["x1"])] += 1
                self.sizes[round(line["bottom"] - line["top"])] += 1

    def body(self) -> tuple[int, int, int] | None:
        """(left margin, right margin, character size) of the body, or None while no two lines
        share an end and a height (too little prose to tell).

        >>> layout = BodyLayout()
        >>> layout.add([{"x0": x0, "x1": 510, "top": 0, "bottom": 12, "text": "政府信息" * 4} for x0 in (102, 78)])
        >>> layout.body()
        (78, 510, 12)
        >>> items = BodyLayout()   # one-line items of like length, one long line: the margin is the long line's
        >>> items.add([{"x0": 102, "x1": x1, "top": 0, "bottom": 12, "text": "政府信息" * 4} for x1 in (300, 301, 510)])
        >>> items.body() is None
        True
        >>> ocr = BodyLayout()   # OCR'd rows, in pixels: ends a few pixels apart are one margin
        >>> ocr.add([{"x0": 209, "x1": x1, "top": 0, "bottom": 43 + x1 % 2, "text": "政府信息" * 4} for x1 in (1436, 1437, 1429)])
        >>> ocr.body()
        (209, 1437, 44)
        """
        if not self.sizes:
            return None
        size, sized = _most_common_near(self.sizes, 0)
        size, sized = _most_common_near(self.sizes, SAME_SIZE_SHARE * size)
        ends: Counter[int] = Counter()
        for (_, end), count in self.extents.items():
            ends[end] += count
        reach = max(ends) - OVERHANG_CHARS * size
        right, lines = _most_common_near(Counter({end: n for end, n in ends.items() if end >= reach}),
                                         SAME_EDGE_CHARS * size)
        if lines < 2 or sized < 2 or size <= 0:
            return None
        left = min(start for start, end in self.extents if end >= right - WRAP_MARGIN_CHARS * size)
        return left, right, size


def runs_on(line: dict[str, Any], after: dict[str, Any], body: tuple[int, int, int], across_pages: bool = False,
            size_ratio: float = WRAP_SIZE_RATIO) -> bool:
    """Whether pdfplumber text line ``line`` is wrapped into ``after``, the next line of the page:
    ``line`` reaches the body's right margin, ``after`` starts at its left margin just below, both
    in the body's print, and ``after`` is neither a page number nor a numbered heading following a
    full stop. ``across_pages``: ``after`` opens the next page (its position says nothing of a gap).
    ``size_ratio``: how far a line's height may be off the body's (OCR's boxes are looser).

    >>> body = (74, 519, 16)
    >>> def box(x0, x1, top, text, size=16):
    ...     return {"x0": x0, "x1": x1, "top": top, "bottom": top + size, "text": text}
    >>> full = box(74, 519, 100, "2024年，市政府网站主动公开各类政")
    >>> runs_on(full, box(74, 519, 128, "府信息5500余条，全年新增公开"), body)
    True
    >>> runs_on(full, box(106, 519, 128, "（二）依申请公开情况。定期对"), body)   # indented: a new paragraph
    False
    >>> runs_on(box(74, 346, 100, "声音、宣传政策法规、回应舆论关切。"), box(74, 519, 128, "下一段"), body)
    False
    >>> runs_on(box(143, 509, 100, "8.属于行政查询事项 105 0 0 0 0 0 105", 10), box(74, 519, 114, "x", 10), body)
    False
    >>> runs_on(box(74, 527, 100, "不断修改完善，统一规范各类平台。"), box(74, 300, 128, "二、主动公开政府信息情况"), body)
    False
    >>> runs_on(full, box(74, 519, 160, "府信息"), body)   # a blank line between: a new block
    False
    >>> runs_on(full, box(74, 96, 128, "- 2 -", 13), body)   # the page's footer
    False
    """
    left, right, size = body
    margin = WRAP_MARGIN_CHARS * size
    if line["x1"] < right - margin or after["x0"] > left + margin:
        return False
    for box in (line, after):
        height = box["bottom"] - box["top"]
        if not size / size_ratio <= height <= size * size_ratio or ROW_OF_FIGURES.search(box["text"]):
            return False
    gap = after["top"] - line["bottom"]
    if (not across_pages and gap > WRAP_GAP_CHARS * size) or PAGE_NUMBER.match(after["text"]):
        return False
    return not (line["text"].rstrip()[-1:] in tuple(_SENTENCE_END) and _NUMBERED.match(after["text"]))


def joined(before: str, after: str) -> str:
    """Two pieces of one wrapped line: a space only between two Latin letters (a word wrap drops
    the space it breaks at); Chinese and numbers break anywhere, so ``20⏎18`` is 2018.

    >>> joined("主动公开各类政", "府信息"), joined("per", "year"), joined("概述20", "18年以来")
    ('主动公开各类政府信息', 'per year', '概述2018年以来')
    """
    if before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].isalpha():
        return before + " " + after
    return before + after
