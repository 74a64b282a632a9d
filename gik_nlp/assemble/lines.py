"""The text's lines and the tagged spans on them: what the head of the record and the table
and prose readers walk (offsets are the text's; a line is kept without its newline)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from gik_nlp.types import Span

#: What a mirror site puts before a page's text or a line (``? 某县人民政府…``): read past, never part of a name.
STRAY_MARKS = "?？"


def iter_lines(text: str) -> Iterable[tuple[int, int]]:
    r"""(start, end) of every line, without its newline (str.find per line: no Python loop per character).

    >>> list(iter_lines("ab\n\ncd")), list(iter_lines("")), list(iter_lines("a\n"))
    ([(0, 2), (3, 3), (4, 6)], [(0, 0)], [(0, 1), (2, 2)])
    """
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield start, end
        start = end + 1
    yield start, len(text)


@dataclass(frozen=True)
class Line:
    """A non-blank line: its offsets, its text stripped as printed."""

    start: int
    end: int
    text: str              # stripped, as printed
    view: str = ""         # the same in simplified characters (decisions read this)
    tabbed: bool = False   # the line holds a tab: a table row or a metadata field


def text_lines(text: str, view: str) -> list[Line]:
    """The non-blank lines of ``text`` (``view``: the same text in simplified characters)."""
    out = []
    for start, end in iter_lines(text):
        stripped = text[start:end].strip(" \t\u3000\xa0")
        if stripped:
            offset = text.find(stripped, start, end)
            out.append(Line(offset, offset + len(stripped), stripped, view[offset:offset + len(stripped)],
                             "\t" in text[start:end]))
    return out


def spans_of(spans: Sequence[Span], label: str) -> list[Span]:
    """The spans with ``label``."""
    return [s for s in spans if s.label == label]


def spans_in(spans: Sequence[Span], start: int, end: int) -> list[Span]:
    """The spans inside text[start:end]."""
    return [s for s in spans if start <= s.start and s.end <= end]


__all__ = ["STRAY_MARKS", "Line", "iter_lines", "spans_in", "spans_of", "text_lines"]
