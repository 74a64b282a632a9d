"""BIO tags: derived from schema.LABELS, spans → tag ids → spans, repairs."""

from __future__ import annotations

import pytest

from gik_nlp.schema import LABELS
import numpy as np

from gik_nlp.tagging.tags import TAGS, begin_id, inside_id, spans_to_tag_ids, tag_ids_to_spans, tag_in_windows
from gik_nlp.types import Span


def _span(text: str, start: int, end: int, label: str) -> Span:
    return Span(start, end, label, text[start:end])


@pytest.mark.parametrize("label", LABELS)
def test_tags_derived_from_labels(label):
    assert TAGS[0] == "O"
    assert len(TAGS) == 1 + 2 * len(LABELS)
    assert TAGS[begin_id(label)] == f"B-{label}" and TAGS[inside_id(label)] == f"I-{label}"


@pytest.mark.parametrize("text,spans", [
    ("易门县人民政府办公室2018年1月25日", [(0, 10, "AGENCY"), (10, 20, "DATE")]),
    ("收到7254条申请", [(0, 2, "STAT_NAME"), (2, 7, "STAT_VALUE")]),
    ("甲乙", [(0, 1, "AGENCY"), (1, 2, "AGENCY")]),  # adjacent spans of one label stay apart
    ("西政发〔2017〕12号", [(0, 12, "DOCNO")]),
    ("", []),
])
def test_tags_round_trip(text, spans):
    gold = [_span(text, *s) for s in spans]
    ids = spans_to_tag_ids(len(text), gold)
    assert tag_ids_to_spans(text, ids) == gold


@pytest.mark.parametrize("text,tags,expected", [
    # I- after O starts a span
    ("abcd", ["O", "I-DATE", "I-DATE", "O"], [(1, 3, "DATE")]),
    # a label switch inside a run starts a new span
    ("abcd", ["B-AGENCY", "I-AGENCY", "I-DATE", "I-DATE"], [(0, 2, "AGENCY"), (2, 4, "DATE")]),
    # a newline is never inside a span
    ("ab\ncd", ["B-STAT_NAME", "I-STAT_NAME", "I-STAT_NAME", "I-STAT_NAME", "I-STAT_NAME"],
     [(0, 2, "STAT_NAME"), (3, 5, "STAT_NAME")]),
    # whitespace at the edges is trimmed; a whitespace-only span disappears
    (" ab \t", ["B-AGENCY", "I-AGENCY", "I-AGENCY", "I-AGENCY", "O"], [(1, 3, "AGENCY")]),
    ("a \tb", ["O", "B-DATE", "I-DATE", "O"], []),
])
def test_tags_repair(text, tags, expected):
    ids = [TAGS.index(t) for t in tags]
    assert [(s.start, s.end, s.label) for s in tag_ids_to_spans(text, ids)] == expected


@pytest.mark.parametrize("scores,expected", [([1.0, 0.5, 0.0], 0.75)])
def test_tags_span_score_is_mean(scores, expected):
    ids = [begin_id("DATE"), inside_id("DATE"), 0]
    (span,) = tag_ids_to_spans("abc", ids, scores)
    assert span.score == pytest.approx(expected)


@pytest.mark.parametrize("spans,message", [
    ([(0, 3, "DATE"), (2, 4, "DATE")], "overlaps"),
    ([(3, 9, "DATE")], "outside"),
    ([(0, 2, "PERSON")], "unknown label"),
])
def test_tags_bad_spans_rejected(spans, message):
    with pytest.raises(ValueError, match=message):
        spans_to_tag_ids(5, [Span(s, e, label, "") for s, e, label in spans])


@pytest.mark.parametrize("length", [3])
def test_tags_length_mismatch_rejected(length):
    with pytest.raises(ValueError, match="tag ids"):
        tag_ids_to_spans("ab", [0] * length)


def _letter_tagger(scores: list[float], calls: list):
    """A window tagger reading the tags off the text: ``B`` → B-AGENCY, any other letter → I-AGENCY,
    ``o`` (and anything else) → O; every character of the n-th window scores ``scores[n]``."""
    def tag_window(window: str, first: int, last: int):
        calls.append((window, first, last))
        part = window[first:last]
        ids = [begin_id("AGENCY") if c == "B" else 0 if c == "o" or not c.isalpha() else inside_id("AGENCY")
               for c in part]
        return np.array(ids), np.full(len(part), scores[len(calls) - 1])
    return tag_window


@pytest.mark.parametrize("text,scores,expected,windows", [
    # kept parts 0-3, 3-6, 6-9 (no line break: cut mid-line); the span 2-7 crosses both edges and
    # stays whole, its score the mean of its characters: (0.5 + 3 × 1.0 + 0.25) / 5
    ("ooBiiiioo", [0.5, 1.0, 0.25], [(2, 7, "AGENCY", 0.75)],
     [("ooBi", 0, 3), ("ooBiiii", 3, 6), ("ooBiiiioo", 6, 9)]),
    # a B- right at the edge (3) begins a span of its own
    ("oiiBiio", [1.0, 1.0], [(1, 3, "AGENCY", 1.0), (3, 6, "AGENCY", 1.0)], [("oiiB", 0, 3), ("oiiBiio", 3, 7)]),
    # edges at line starts: one span a line, the newline in none
    ("ab\ncd\nef\ngh\n", [1.0] * 4, [(0, 2, "AGENCY", 1.0), (3, 5, "AGENCY", 1.0), (6, 8, "AGENCY", 1.0),
                                     (9, 11, "AGENCY", 1.0)],
     [("ab\ncd\n", 0, 3), ("ab\ncd\nef\n", 3, 6), ("cd\nef\ngh\n", 3, 6), ("ef\ngh\n", 3, 6)]),
])
def test_tags_windows_map_spans_back_and_join_across_edges(text, scores, expected, windows):
    calls: list = []
    spans = tag_in_windows(text, 3, 2 if "\n" in text else 1, _letter_tagger(scores, calls))
    assert [(s.start, s.end, s.label) for s in spans] == [e[:3] for e in expected]
    assert [s.text for s in spans] == [text[s:e] for s, e, _, _ in expected]
    assert [s.score for s in spans] == pytest.approx([e[3] for e in expected])
    assert calls == windows  # each window whole, with the range it keeps


def test_tags_windows_short_text_is_one_window():
    calls: list = []
    spans = tag_in_windows("oBio", 10, 2, _letter_tagger([0.5], calls))
    assert [(s.start, s.end, s.score) for s in spans] == [(1, 3, 0.5)] and calls == [("oBio", 0, 4)]


def test_tags_windows_refuse_a_tagger_giving_the_wrong_count():
    with pytest.raises(ValueError, match="2 tags and 2 scores for 3 characters"):
        tag_in_windows("abc", 10, 2, lambda window, first, last: (np.zeros(2, dtype=np.int64), np.ones(2)))
