"""Layout noise of scraped copies, applied to an annotated real document.

A real report reaches users in the layouts its copies give it (shared/real/openings/README.md
and its manifest notes): a mirror's page title ``<title> - <site>`` above or in place of the
title, a stray ``?`` before the text, a title run into the first paragraph, the whole page
on one line, a title broken over two lines, a title spaced out character by character; and the
table renderings of docs/spec/formats.md (a cell per line, tab-separated rows) in place of pipe rows.
Each noise here rewrites a document that way and moves its gold spans with their text; the
gold record stays right, because none of them changes what the report says.

Two users: training adds noisy copies of the real training reports (``data.real_noise`` in
training/*.yaml), and ``gik evaluate --noise NAME`` scores a split under one noise, which
measures how much a figure depends on the layout the rules and the tagger were fitted on.

>>> doc = AnnotatedDocument("x", "某县人民政府2017年政府信息公开工作年度报告\\n一、总体情况",
...                         (Span(0, 6, "AGENCY", "某县人民政府"),))
>>> noisy = with_noise(doc, "stray_mark", random.Random(0))
>>> noisy.text[:4], noisy.spans[0].text, noisy.spans[0].start
('?某县人', '某县人民政府', 1)
>>> with_noise(doc, "title_runon", random.Random(0)).text[-11:]
'年度报告 一、总体情况'
>>> split = with_noise(doc, "title_split", random.Random(0))
>>> split.text[:8], split.spans[0].text
('某县人民政府\\n2', '某县人民政府')
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Callable

from gik_nlp.corpus.format import AnnotatedDocument
from gik_nlp.types import Span

#: What a mirror puts before a page's text, as printed (marks of assemble.lines.STRAY_MARKS, which
#: the assembler reads past; tests/corpus/test_noise.py holds them to it).
STRAY_MARKS = ("? ", "?", "？")
#: How a page title joins the report's title to its site's name.
SITE_SEPARATORS = (" - ", "_", " | ", "-")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")


def _first_line(text: str) -> tuple[int, int]:
    """Start and end of the first line holding any text (the title in most reports)."""
    m = re.search(r"\S[^\n]*", text)
    return (m.start(), m.end()) if m else (0, 0)


def _title_line(text: str) -> tuple[int, int] | None:
    """The first line when it reads as a report's title (holds 报告, no field or sentence marks)."""
    start, end = _first_line(text)
    line = text[start:end]
    return (start, end) if re.search("[报報]告", line) and not re.search(r"[|:：。，,]", line) else None


def _edited(doc: AnnotatedDocument, inserts: list[tuple[int, str]]) -> AnnotatedDocument:
    """``doc`` with each ``(position, string)`` inserted; a span grows by what is inserted
    strictly inside it and moves by what is inserted before it (at its start: before it)."""
    inserts = sorted(inserts)
    pieces, last = [], 0
    for at, string in inserts:
        pieces += [doc.text[last:at], string]
        last = at
    text = "".join(pieces) + doc.text[last:]

    def moved(offset: int, is_end: bool) -> int:
        return offset + sum(len(s) for at, s in inserts if at < offset or (at == offset and not is_end))

    spans = []
    for span in doc.spans:
        start, end = moved(span.start, False), moved(span.end, True)
        spans.append(Span(start, end, span.label, text[start:end], span.score))
    return replace(doc, text=text, spans=tuple(spans), text_ref=None)


def _replaced(doc: AnnotatedDocument, edits: list[tuple[int, int, str]]) -> AnnotatedDocument:
    """``doc`` with each ``(start, end, string)`` replacing its text; spans move with their text.
    An edit that would cut into a span is left out (the noise never rewrites gold text); ``end >
    start`` for every edit (an insertion at a span's edge is ``_edited``'s).

    >>> doc = AnnotatedDocument("x", "规章 | 0 | 3 |", (Span(9, 10, "STAT_VALUE", "3"),))
    >>> moved = _replaced(doc, [(2, 5, "\\t"), (6, 9, "\\t"), (10, 12, "")])
    >>> moved.text, moved.spans[0].start, moved.spans[0].text
    ('规章\\t0\\t3', 5, '3')
    """
    edits = [(start, end, string) for start, end, string in sorted(edits)
             if not any(start < span.end and span.start < end for span in doc.spans)]
    pieces, last = [], 0
    for start, end, string in edits:
        pieces += [doc.text[last:start], string]
        last = end
    text = "".join(pieces) + doc.text[last:]

    def moved(offset: int) -> int:
        return offset + sum(len(string) - (end - start) for start, end, string in edits if end <= offset)

    spans = [Span(moved(s.start), moved(s.end), s.label, text[moved(s.start):moved(s.end)], s.score)
             for s in doc.spans]
    return replace(doc, text=text, spans=tuple(spans), text_ref=None)


def _same_length(doc: AnnotatedDocument, text: str) -> AnnotatedDocument:
    return replace(doc, text=text, spans=tuple(replace(s, text=text[s.start:s.end]) for s in doc.spans),
                   text_ref=None)


def stray_mark(doc: AnnotatedDocument, rng: random.Random) -> AnnotatedDocument:
    """A mirror's stray mark before the text: ``? 某县人民政府…``."""
    return _edited(doc, [(0, rng.choice(STRAY_MARKS))])


def site_title(doc: AnnotatedDocument, rng: random.Random) -> AnnotatedDocument:
    """A mirror's page title: ``<title> - <site>``, as the first line or above it; unchanged
    when the first line is no title."""
    from gik_nlp.synth.noise import spam_name

    title = _title_line(doc.text)
    if title is None:
        return doc
    start, end = title
    suffix = rng.choice(SITE_SEPARATORS) + spam_name(rng)
    if rng.random() < 0.5:
        return _edited(doc, [(end, suffix)])
    return _edited(doc, [(start, doc.text[start:end] + suffix + "\n")])


def title_runon(doc: AnnotatedDocument, rng: random.Random) -> AnnotatedDocument:
    """The first line run into the next: its line breaks become spaces."""
    _, end = _first_line(doc.text)
    m = re.match(r"\s*", doc.text[end:])
    gap = m.group(0) if m else ""
    return _same_length(doc, doc.text[:end] + re.sub(r"\n", " ", gap) + doc.text[end + len(gap):])


def one_line(doc: AnnotatedDocument, rng: random.Random) -> AnnotatedDocument:
    """The whole page on one line: every line break becomes a space."""
    return _same_length(doc, doc.text.replace("\n", " "))


def title_split(doc: AnnotatedDocument, rng: random.Random) -> AnnotatedDocument:
    """The title broken before its year (``某县人民政府`` / ``2017年…报告``); unchanged when the
    first line is no title or no year follows its first character."""
    title = _title_line(doc.text)
    m = _YEAR.search(doc.text, title[0] + 1, title[1]) if title else None
    return _edited(doc, [(m.start(), "\n")]) if m else doc


def spaced_title(doc: AnnotatedDocument, rng: random.Random) -> AnnotatedDocument:
    """The title spaced out: ``某 县 人 民 政 府 …``; unchanged when the first line is no title."""
    title = _title_line(doc.text)
    if title is None:
        return doc
    start, end = title
    return _edited(doc, [(at, " ") for at in range(start + 1, end) if not doc.text[at - 1].isspace()
                         and not doc.text[at].isspace()])


#: A pipe row's separators: the pipes between its cells with the spaces around them, and the
#: pipes (with the blank cells between them) that end it.
_CELL_SEPARATOR = re.compile(r"[ \t]*\|[ \t|]*")


def _table_rendered(doc: AnnotatedDocument, separator: str) -> AnnotatedDocument:
    """Every pipe row (``规章 | 0 | 0 | 0 |``) with its cells joined by ``separator`` instead, its
    blank cells dropped; a line of pipes alone (a cell per line, each followed by ``|``) dropped."""
    edits: list[tuple[int, int, str]] = []
    at = 0
    for line in doc.text.split("\n"):
        if "|" in line and not line.replace("|", "").strip():
            edits.append((at, min(at + len(line) + 1, len(doc.text)), ""))
        elif "|" in line:
            for m in _CELL_SEPARATOR.finditer(line):
                first, last = m.start() == 0 or not line[:m.start()].strip(), m.end() == len(line)
                edits.append((at + m.start(), at + m.end(), "" if first or last else separator))
        at += len(line) + 1
    return _replaced(doc, edits)


def table_lines(doc: AnnotatedDocument, rng: random.Random) -> AnnotatedDocument:
    """Tables with one cell per line and blank lines between cells, no separators (formats.md,
    table rendering 2): ``规章 | 0 | 3 |`` → ``规章⏎⏎0⏎⏎3``.

    >>> table_lines(AnnotatedDocument("x", "规章 | 0 | 3 |\\n"), random.Random(0)).text
    '规章\\n\\n0\\n\\n3\\n'
    """
    return _table_rendered(doc, "\n\n")


def table_tabs(doc: AnnotatedDocument, rng: random.Random) -> AnnotatedDocument:
    """Tables as a PDF text layer reads them: one row per line, cells separated by tabs
    (formats.md, table rendering 7): ``规章 | 0 | 3 |`` → ``规章⇥0⇥3``.

    >>> table_tabs(AnnotatedDocument("x", "规章 | 0 | 3 |\\n"), random.Random(0)).text
    '规章\\t0\\t3\\n'
    """
    return _table_rendered(doc, "\t")


#: The noises by name, in the order tables show them.
NOISES: dict[str, Callable[[AnnotatedDocument, random.Random], AnnotatedDocument]] = {
    "stray_mark": stray_mark, "site_title": site_title, "title_runon": title_runon,
    "title_split": title_split, "spaced_title": spaced_title, "one_line": one_line,
    "table_lines": table_lines, "table_tabs": table_tabs,
}


def with_noise(doc: AnnotatedDocument, name: str, rng: random.Random) -> AnnotatedDocument:
    """``doc`` rewritten by the noise ``name`` (one of NOISES), its spans moved with their text.

    The copy has no ``text_ref``: its text is no longer the referenced file's.
    """
    try:
        noise = NOISES[name]
    except KeyError:
        raise ValueError(f"unknown noise {name!r}: one of {', '.join(NOISES)}") from None
    return noise(doc, rng)


def noise_rng(seed: int, doc_id: str, copy: int) -> random.Random:
    """The random source of one noisy copy: the same for the same seed, document and copy."""
    return random.Random(f"{seed}:{doc_id}:{copy}")


def training_copies(doc: AnnotatedDocument, repeat: int, noises: tuple[str, ...], seed: int
                    ) -> list[AnnotatedDocument]:
    """The ``repeat`` copies of a real training document: itself, then copies each rewritten by
    the next of ``noises`` (a document's first noise chosen by its id, so every noise is used
    across the corpus); all copies unchanged when ``noises`` is empty.

    >>> doc = AnnotatedDocument("x", "某县2017年年度报告\\n一、总体情况")
    >>> [c.text[:3] for c in training_copies(doc, 3, ("stray_mark", "one_line"), 1)]
    ['某县2', '？某县', '某县2']
    >>> len(training_copies(doc, 4, (), 1))
    4
    """
    if not noises:
        return [doc] * repeat
    first = noise_rng(seed, doc.id, 0).randrange(len(noises))
    return [doc] + [with_noise(doc, noises[(first + k) % len(noises)], noise_rng(seed, doc.id, k + 1))
                    for k in range(repeat - 1)]
