"""BIO tags: the only place they exist. Everything outside the tagger speaks in spans.

``TAGS`` is derived from ``schema.LABELS``: ``O`` first, then ``B-``/``I-`` per label,
in label order. A tag id is an index into ``TAGS``. ``spans_to_tag_ids`` turns gold
spans into per-character tag ids for training; ``tag_ids_to_spans`` turns predicted
tag ids back into spans, repairing invalid BIO on the way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Sequence

import numpy as np

from gik_nlp.schema import LABELS
from gik_nlp.types import Span

OUTSIDE = "O"

#: O, B-AGENCY, I-AGENCY, B-DATE, … (never typed out by hand anywhere else).
TAGS: tuple[str, ...] = (OUTSIDE,) + tuple(f"{prefix}-{label}" for label in LABELS for prefix in "BI")
#: tag → tag id (its index in TAGS).
TAG_IDS: dict[str, int] = {tag: i for i, tag in enumerate(TAGS)}

#: Label id 0 is "no label"; label of tag id t is ``TAG_LABEL[t]`` (index into ("",) + LABELS).
_TAG_LABEL = np.array([0] + [1 + i for i in range(len(LABELS)) for _ in "BI"], dtype=np.int64)
_TAG_IS_BEGIN = np.array([False] + [p == "B" for _ in LABELS for p in "BI"], dtype=bool)

#: Characters a span never starts or ends with, and never crosses (a newline).
_EDGE_WHITESPACE = " \t\n"


def begin_id(label: str) -> int:
    """Tag id of ``B-<label>``.

    >>> TAGS[begin_id("DATE")]
    'B-DATE'
    """
    return 1 + 2 * LABELS.index(label)


def inside_id(label: str) -> int:
    """Tag id of ``I-<label>``.

    >>> TAGS[inside_id("DATE")]
    'I-DATE'
    """
    return 2 + 2 * LABELS.index(label)


def spans_to_tag_ids(length: int, spans: Sequence[Span]) -> np.ndarray:
    """Per-character tag ids (int64, ``length`` of them) for sorted, non-overlapping spans.

    Raises ValueError for a span outside ``[0, length)``, with an unknown label, or
    overlapping an earlier one.

    >>> [TAGS[t] for t in spans_to_tag_ids(5, [Span(1, 3, "DATE", "")])]
    ['O', 'B-DATE', 'I-DATE', 'O', 'O']
    """
    tags = np.zeros(length, dtype=np.int64)
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.label not in LABELS:
            raise ValueError(f"span {span.start}-{span.end}: unknown label {span.label!r}")
        if not 0 <= span.start < span.end <= length:
            raise ValueError(f"span {span.start}-{span.end} is outside the text (length {length})")
        if tags[span.start:span.end].any():
            raise ValueError(f"span {span.start}-{span.end} {span.label} overlaps an earlier span")
        tags[span.start] = begin_id(span.label)
        tags[span.start + 1:span.end] = inside_id(span.label)
    return tags


def tag_ids_to_spans(text: str, tag_ids: Sequence[int] | np.ndarray,
                     tag_scores: Sequence[float] | np.ndarray | None = None) -> list[Span]:
    """Spans from per-character tag ids, with BIO repaired.

    Repairs: an ``I-X`` after ``O`` or after another label starts a new span (as if
    ``B-X``); newlines are never inside a span (annotation.md); leading and trailing
    whitespace is trimmed. A span's score is the mean of its characters' ``tag_scores``
    (the probability of the chosen tag), 1.0 when none are given.

    >>> ids = [0, 2, 2, 0, 1, 2, 3]  # O I-AGENCY I-AGENCY O B-AGENCY I-AGENCY B-DATE
    >>> [(s.start, s.end, s.label) for s in tag_ids_to_spans("abcdefg", ids)]
    [(1, 3, 'AGENCY'), (4, 6, 'AGENCY'), (6, 7, 'DATE')]
    >>> [(s.text, s.label) for s in tag_ids_to_spans("1\\n2", [9, 10, 10])]
    [('1', 'STAT_VALUE'), ('2', 'STAT_VALUE')]
    """
    ids = np.asarray(tag_ids, dtype=np.int64)
    if len(ids) != len(text):
        raise ValueError(f"{len(ids)} tag ids for a text of {len(text)} characters")
    scores = np.ones(len(ids)) if tag_scores is None else np.asarray(tag_scores, dtype=np.float64)
    labels = _TAG_LABEL[ids]
    if len(text):
        newline = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) == ord("\n")
        labels = np.where(newline, 0, labels)
    # A span starts where the label changes, or at an explicit B- of the same label.
    previous = np.concatenate(([0], labels[:-1]))
    starts_here = (labels != 0) & ((labels != previous) | _TAG_IS_BEGIN[ids])
    ends_after = np.concatenate((starts_here[1:], [True])) | (np.concatenate((labels[1:], [0])) != labels)
    starts = np.flatnonzero(starts_here)
    ends = np.flatnonzero((labels != 0) & ends_after) + 1
    cumulative = np.concatenate(([0.0], np.cumsum(scores)))
    spans: list[Span] = []
    for start, end in zip(starts.tolist(), ends.tolist()):
        label = LABELS[labels[start] - 1]
        while start < end and text[start] in _EDGE_WHITESPACE:
            start += 1
        while end > start and text[end - 1] in _EDGE_WHITESPACE:
            end -= 1
        if start < end:
            spans.append(Span(start, end, label, text[start:end],
                              min(1.0, float((cumulative[end] - cumulative[start]) / (end - start)))))
    return spans


#: How far past a window's nominal edge a line break is looked for before cutting mid-line.
_LINE_SEARCH = 4_096


def line_windows(text: str, size: int, margin: int) -> list[tuple[int, int, int, int]]:
    """(window start, window end, kept start, kept end) covering ``text``.

    The kept ranges tile the text and end at line breaks where one is near; each window
    adds ``margin`` characters of whole lines on each side. A text of up to 1.5 ``size``
    is one window.

    >>> line_windows("ab\\ncd\\nef\\ngh\\n", size=3, margin=2)
    [(0, 6, 0, 3), (0, 9, 3, 6), (3, 12, 6, 9), (6, 12, 9, 12)]
    >>> line_windows("abc", size=10, margin=2)
    [(0, 3, 0, 3)]
    """
    n = len(text)
    if n <= size + size // 2:
        return [(0, n, 0, n)]
    out: list[tuple[int, int, int, int]] = []
    kept_start = 0
    while kept_start < n:
        kept_end = _line_start_after(text, kept_start + size) if kept_start + size + size // 2 < n else n
        window_start = _line_start_before(text, kept_start - margin) if kept_start > margin else 0
        window_end = _line_start_after(text, kept_end + margin) if kept_end + margin < n else n
        out.append((window_start, window_end, kept_start, kept_end))
        kept_start = kept_end
    return out


#: ``tag_window(window, first, last)``: tag ids and scores of ``window[first:last]`` (numpy arrays
#: of ``last - first`` each), the characters around that part serving as context.
WindowTagger = Callable[[str, int, int], tuple[np.ndarray, np.ndarray]]


def tag_in_windows(text: str, size: int, margin: int, tag_window: WindowTagger) -> list[Span]:
    """Spans of ``text`` tagged one window at a time: the one way a tagger windows a long text.

    ``line_windows(text, size, margin)`` cuts the text; ``tag_window`` tags each window's kept
    part with the whole window as context. The kept parts tile the text, so each character takes
    the tags of the one window that keeps it, and spans come from the tags joined as if the text
    had been tagged in one piece: a span crossing the edge between two kept parts stays one span
    (its score the mean over all its characters). Tags are turned into spans up to the last
    character that can be in no span (``O`` or a newline) after each window, so memory stays
    that of one window. RETURNS spans with offsets into ``text``, sorted, non-overlapping.

    A tagger that marks digits as ``I-STAT_VALUE``; the first window keeps ``ab1``, the next ``234``
    (no line break near, so the kept parts end mid-line and the windows reach back to the start):

    >>> def digits(window, first, last):
    ...     part = window[first:last]
    ...     return np.array([inside_id("STAT_VALUE") if c.isdigit() else 0 for c in part]), np.ones(len(part))
    >>> line_windows("ab1234cd", size=3, margin=1)
    [(0, 4, 0, 3), (0, 7, 3, 6), (0, 8, 6, 8)]
    >>> [(s.start, s.end, s.text) for s in tag_in_windows("ab1234cd", 3, 1, digits)]
    [(2, 6, '1234')]
    """
    spans: list[Span] = []
    n = len(text)
    done = 0  # text[:done] is turned into spans; tags of text[done:kept_start] wait in pending_*
    pending_ids: np.ndarray = np.zeros(0, dtype=np.int64)
    pending_scores: np.ndarray = np.zeros(0, dtype=np.float64)
    for window_start, window_end, kept_start, kept_end in line_windows(text, size, margin):
        first, last = kept_start - window_start, kept_end - window_start
        ids, scores = tag_window(text[window_start:window_end], first, last)
        if len(ids) != last - first or len(scores) != last - first:
            raise ValueError(f"the window tagger gave {len(ids)} tags and {len(scores)} scores "
                             f"for {last - first} characters")
        pending_ids = np.concatenate((pending_ids, np.asarray(ids, dtype=np.int64)))
        pending_scores = np.concatenate((pending_scores, np.asarray(scores, dtype=np.float64)))
        cut = len(pending_ids)
        if kept_end < n:  # a span may go on into the next window: keep the tags after the last free character
            free = (_TAG_LABEL[pending_ids] == 0) | (
                np.frombuffer(text[done:kept_end].encode("utf-32-le"), dtype=np.uint32) == ord("\n"))
            cut = int(np.flatnonzero(free)[-1]) if free.any() else 0
        spans.extend(Span(s.start + done, s.end + done, s.label, s.text, s.score) for s in
                     tag_ids_to_spans(text[done:done + cut], pending_ids[:cut], pending_scores[:cut]))
        done += cut
        pending_ids, pending_scores = pending_ids[cut:], pending_scores[cut:]
    return spans


#: ``window_marginals(window, first, last)``: every tag's probability at each character of
#: ``window[first:last]`` (an array [last - first, len(TAGS)]), the characters around that part
#: serving as context.
WindowMarginals = Callable[[str, int, int], np.ndarray]


def marginals_in_windows(text: str, size: int, margin: int, window_marginals: WindowMarginals) -> np.ndarray:
    """Every character's probability of every tag, float32 [len(text), len(TAGS)], computed one
    window at a time: the one way a tagger windows a long text's marginals.

    The windows are those of ``tag_in_windows`` (``line_windows(text, size, margin)``), and each
    character takes the row ``window_marginals`` gives it in the one window whose kept part holds
    it: the kept parts tile the text, so no row is averaged or overwritten. An empty text is one
    empty window.

    A fake that puts all probability on tag id ``k`` in the ``k``-th window it is called for: the
    first window keeps ``ab1``, the next ``234``, the last ``cd`` (see ``tag_in_windows``):

    >>> calls = []
    >>> def numbered(window, first, last):
    ...     calls.append((window, first, last))
    ...     rows = np.zeros((last - first, len(TAGS)))
    ...     rows[:, len(calls)] = 1.0
    ...     return rows
    >>> marginals_in_windows("ab1234cd", 3, 1, numbered).argmax(axis=1).tolist()
    [1, 1, 1, 2, 2, 2, 3, 3]
    >>> calls
    [('ab12', 0, 3), ('ab1234c', 3, 6), ('ab1234cd', 6, 8)]
    """
    out = np.zeros((len(text), len(TAGS)), dtype=np.float32)
    for window_start, window_end, kept_start, kept_end in line_windows(text, size, margin):
        first, last = kept_start - window_start, kept_end - window_start
        rows = window_marginals(text[window_start:window_end], first, last)
        if rows.shape != (last - first, len(TAGS)):
            raise ValueError(f"the window marginals have shape {rows.shape}, not {(last - first, len(TAGS))}")
        out[kept_start:kept_end] = rows
    return out


def _line_start_after(text: str, at: int) -> int:
    """The first line start at or after ``at`` (``at`` itself when none is near)."""
    if at <= 0 or text[at - 1] == "\n":
        return at
    found = text.find("\n", at, at + _LINE_SEARCH)
    return found + 1 if found >= 0 else at


def _line_start_before(text: str, at: int) -> int:
    """The last line start at or before ``at`` (``at`` itself when none is near)."""
    if at <= 0 or text[at - 1] == "\n":
        return max(at, 0)
    found = text.rfind("\n", max(0, at - _LINE_SEARCH), at)
    if found >= 0:
        return found + 1
    return 0 if at <= _LINE_SEARCH else at
