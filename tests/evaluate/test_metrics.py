"""Span and record metrics against hand-computed counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gik_nlp.evaluate.metrics import (PRF, RECORD_FIELDS, RecordScores, Scores, record_outcomes, record_scores,
                                      span_counts, span_scores)
from gik_nlp.schema import LABELS
from gik_nlp.tagging.tags import TAGS, spans_to_tag_ids
from gik_nlp.types import Span

TEXT = "易门县人民政府办公室2018年1月25日印发易政办发〔2017〕45号，收到申请数12件"


def _span(start: int, end: int, label: str) -> Span:
    return Span(start, end, label, TEXT[start:end])


AGENCY = _span(0, 10, "AGENCY")
DATE = _span(10, 20, "DATE")
DOCNO = _span(22, 34, "DOCNO")
NAME = _span(35, 40, "STAT_NAME")
VALUE = _span(40, 43, "STAT_VALUE")
GOLD = [AGENCY, DATE, DOCNO, NAME, VALUE]


@pytest.mark.parametrize("tp,fp,fn,precision,recall,f1", [
    (3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35),
    (0, 0, 0, 0.0, 0.0, 0.0),
    (0, 2, 0, 0.0, 0.0, 0.0),
    (0, 0, 4, 0.0, 0.0, 0.0),
    (5, 0, 0, 1.0, 1.0, 1.0),
])
def test_metrics_prf_scores(tp: int, fp: int, fn: int, precision: float, recall: float, f1: float) -> None:
    prf = PRF(tp, fp, fn)
    assert prf.precision == pytest.approx(precision)
    assert prf.recall == pytest.approx(recall)
    assert prf.f1 == pytest.approx(f1)
    assert PRF.from_dict(prf.to_dict()) == prf


@pytest.mark.parametrize("predicted,expected", [
    # identical
    (GOLD, {label: PRF(1, 0, 0) for label in LABELS}),
    # empty prediction: every gold span missed
    ([], {label: PRF(0, 0, 1) for label in LABELS}),
    # duplicate spans count once (a set, as a tag sequence would be)
    (GOLD + [DATE, DATE], {label: PRF(1, 0, 0) for label in LABELS}),
    # boundary off by one: one FP and one FN, no partial credit
    ([AGENCY, _span(10, 19, "DATE"), DOCNO, NAME, VALUE],
     {**{label: PRF(1, 0, 0) for label in LABELS}, "DATE": PRF(0, 1, 1)}),
    # right boundaries, wrong label: FP under the predicted label, FN under the gold one
    ([AGENCY, DATE, DOCNO, _span(35, 40, "STAT_VALUE"), VALUE],
     {**{label: PRF(1, 0, 0) for label in LABELS}, "STAT_NAME": PRF(0, 0, 1), "STAT_VALUE": PRF(1, 1, 0)}),
])
def test_metrics_span_counts_hand_computed(predicted: list[Span], expected: dict[str, PRF]) -> None:
    assert span_counts(GOLD, predicted, LABELS) == expected


@pytest.mark.parametrize("predicted", [{"a": GOLD}])
def test_metrics_span_scores_missing_document_is_all_fn(predicted: dict) -> None:
    gold = {"a": GOLD, "b": [AGENCY, DATE]}
    scores = span_scores(gold, {**predicted, "not-in-gold": [AGENCY]})
    assert scores.per_key["AGENCY"] == PRF(1, 0, 1)
    assert scores.per_key["DATE"] == PRF(1, 0, 1)
    assert scores.per_key["DOCNO"] == PRF(1, 0, 0)
    assert scores.micro == PRF(5, 0, 2)
    assert scores.micro.f1 == pytest.approx(2 * 1 * (5 / 7) / (1 + 5 / 7))


@pytest.mark.parametrize("per_key,micro_f1,macro_f1,n", [
    # micro pools counts; macro averages labels with any gold or predicted item
    ({"A": PRF(8, 2, 0), "B": PRF(0, 0, 2), "C": PRF()}, 2 * 0.8 * 0.8 / 1.6, (2 * 0.8 / 1.8 + 0) / 2, 2),
    ({"A": PRF()}, 0.0, 0.0, 0),
])
def test_metrics_scores_micro_and_macro(per_key: dict, micro_f1: float, macro_f1: float, n: int) -> None:
    scores = Scores(per_key)
    assert scores.micro.f1 == pytest.approx(micro_f1)
    assert scores.macro["f1"] == pytest.approx(macro_f1)
    assert scores.macro["n"] == n


@pytest.mark.parametrize("seqeval_macro", [0.5])
def test_metrics_span_macro_matches_seqeval_label_set(seqeval_macro: float) -> None:
    # seqeval averages over the labels in gold ∪ predicted: a label only predicted (FP) counts as F1 0.
    gold = [AGENCY]
    predicted = [AGENCY, DATE]
    scores = Scores(span_counts(gold, predicted, LABELS))
    assert scores.macro["f1"] == pytest.approx(seqeval_macro)


GOLD_RECORD = {
    "agency": "易门县人民政府办公室",
    "year": 2017,
    "doc_number": None,
    "published": "2018-01-25",
    "period": {"start": "2017-01-01", "end": "2017-12-31"},
    "cited_documents": [{"text": "易政办发〔2017〕45号", "normalized": "易政办发〔2017〕45号"},
                        {"text": "易政办函〔2017〕36号", "normalized": "易政办函〔2017〕36号"}],
    "statistics": {"request.received": {"value": 12, "unit": "件"},
                   "proactive.total": {"value": 7254, "unit": "条"},
                   "fee.total": {"value": 0.5, "unit": "万元"}},
}


def _counts(gold: dict, predicted: dict | None) -> dict[str, PRF]:
    scores = RecordScores.from_outcomes(record_outcomes(gold, predicted))
    return {k: v for k, v in {**scores.fields.per_key, **scores.statistics.per_key}.items() if not v.empty}


@pytest.mark.parametrize("predicted,expected", [
    # perfect, with whitespace in the agency and a float that equals within tolerance
    ({**GOLD_RECORD, "agency": "易门县人民政府 办公室",
      "statistics": {**GOLD_RECORD["statistics"], "fee.total": {"value": 0.5 + 1e-9}}},
     {"agency": PRF(1, 0, 0), "year": PRF(1, 0, 0), "published": PRF(1, 0, 0), "period": PRF(1, 0, 0),
      "cited_documents": PRF(2, 0, 0), "request.received": PRF(1, 0, 0), "proactive.total": PRF(1, 0, 0),
      "fee.total": PRF(1, 0, 0)}),
    # empty prediction (a record with nothing in it): every stated gold value is an FN
    ({}, {"agency": PRF(0, 0, 1), "year": PRF(0, 0, 1), "published": PRF(0, 0, 1), "period": PRF(0, 0, 1),
          "cited_documents": PRF(0, 0, 2), "request.received": PRF(0, 0, 1), "proactive.total": PRF(0, 0, 1),
          "fee.total": PRF(0, 0, 1)}),
    # no prediction at all for the document: the same
    (None, {"agency": PRF(0, 0, 1), "year": PRF(0, 0, 1), "published": PRF(0, 0, 1), "period": PRF(0, 0, 1),
            "cited_documents": PRF(0, 0, 2), "request.received": PRF(0, 0, 1), "proactive.total": PRF(0, 0, 1),
            "fee.total": PRF(0, 0, 1)}),
    # wrong values are FP + FN; a doc_number where gold says null is an FP; an extra cited 文号 is an FP,
    # a duplicate cited 文号 counts once; a statistic absent from gold is an FP; a missing one an FN
    ({"agency": "易门县人民政府", "year": 2017, "doc_number": {"text": "易政发[2018]1号", "normalized": "易政发〔2018〕1号"},
      "published": "2018-01-26", "period": {"start": "2017-01-01", "end": "2018-01-01"},
      "cited_documents": [{"normalized": "易政办发〔2017〕45号"}, {"normalized": "易政办发〔2017〕45号"},
                          {"normalized": "易政办发〔2017〕9号"}],
      "statistics": {"request.received": {"value": 13}, "proactive.total": {"value": 7254},
                     "review.total": {"value": 0}}},
     {"agency": PRF(0, 1, 1), "year": PRF(1, 0, 0), "doc_number": PRF(0, 1, 0), "published": PRF(0, 1, 1),
      "period": PRF(0, 1, 1), "cited_documents": PRF(1, 1, 1), "request.received": PRF(0, 1, 1),
      "proactive.total": PRF(1, 0, 0), "review.total": PRF(0, 1, 0), "fee.total": PRF(0, 0, 1)}),
])
def test_metrics_record_outcomes_hand_computed(predicted: dict | None, expected: dict[str, PRF]) -> None:
    assert _counts(GOLD_RECORD, predicted) == expected


@pytest.mark.parametrize("gold,predicted,expected", [
    # keys absent from gold are not scored at all
    ({"year": 2017}, {"year": 2017, "agency": "某县", "statistics": {"request.received": {"value": 1}}},
     {"year": PRF(1, 0, 0)}),
    # null in gold and null in prediction: nothing to count
    ({"doc_number": None, "statistics": {}}, {"doc_number": None, "statistics": {}}, {}),
    # an empty statistics block in gold is scored: every predicted statistic is an FP
    ({"statistics": {}}, {"statistics": {"apply.new.total": {"value": 3}}}, {"apply.new.total": PRF(0, 1, 0)}),
    # a value that is not a number never matches
    ({"statistics": {"org.staff": {"value": 3}}}, {"statistics": {"org.staff": {"value": "三"}}},
     {"org.staff": PRF(0, 1, 1)}),
])
def test_metrics_record_outcomes_only_gold_keys(gold: dict, predicted: dict, expected: dict[str, PRF]) -> None:
    assert _counts(gold, predicted) == expected


@pytest.mark.parametrize("kind_of", [{"agency": "wrong", "doc_number": "spurious", "fee.total": "missing",
                                      "year": "correct"}])
def test_metrics_outcome_kind(kind_of: dict[str, str]) -> None:
    outcomes = record_outcomes(GOLD_RECORD, {"agency": "某县", "year": 2017, "doc_number": "某政发〔2018〕1号"})
    kinds = {o.field: o.kind for o in outcomes}
    for name, kind in kind_of.items():
        assert kinds[name] == kind


@pytest.mark.parametrize("n_docs", [2])
def test_metrics_record_scores_sum_documents_and_families(n_docs: int) -> None:
    gold = {f"d{i}": GOLD_RECORD for i in range(n_docs)}
    scores = record_scores(gold, {"d0": GOLD_RECORD})  # d1 missing
    assert list(scores.fields.per_key) == list(RECORD_FIELDS)
    assert scores.fields.per_key["agency"] == PRF(1, 0, 1)
    assert scores.fields.per_key["cited_documents"] == PRF(2, 0, 2)
    assert scores.families.per_key["request"] == PRF(1, 0, 1)
    assert scores.families.per_key["fee"] == PRF(1, 0, 1)
    assert scores.micro == PRF(9, 0, 9)
    assert scores.micro.f1 == pytest.approx(2 / 3)


# --- oracle: strict IOB2 chunk matching, as seqeval's strict mode and conlleval count it -----

LENGTH = 40


def _chunks(tags: list[str]) -> set[tuple[int, int, str]]:
    """Chunks of an IOB2 sequence: B-X starts one, I-X of the same X continues it."""
    chunks, start, label = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and tag != f"I-{label}":
            chunks.add((start, i, label))
            start = None
        if tag.startswith("B-"):
            start, label = i, tag[2:]
    return chunks


@st.composite
def _spans(draw: st.DrawFn) -> list[Span]:
    cuts = sorted(draw(st.sets(st.integers(0, LENGTH), max_size=12)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        if end > start:
            spans.append(Span(start, end, draw(st.sampled_from(LABELS)), "x" * (end - start)))
    return spans


@settings(max_examples=150, deadline=None)
@given(gold=_spans(), predicted=_spans())
def test_metrics_span_counts_match_iob2_strict_oracle(gold: list[Span], predicted: list[Span]) -> None:
    g = _chunks([TAGS[i] for i in spans_to_tag_ids(LENGTH, gold)])
    p = _chunks([TAGS[i] for i in spans_to_tag_ids(LENGTH, predicted)])
    expected = {label: PRF(len({c for c in g & p if c[2] == label}), len({c for c in p - g if c[2] == label}),
                           len({c for c in g - p if c[2] == label})) for label in LABELS}
    assert span_counts(gold, predicted, LABELS) == expected


def test_a_gold_statistic_printed_in_wan_is_scored_in_the_fields_unit():
    # the page prints 200万条; the record holds proactive.total in 条 (docs/spec/record.md)
    gold = {"statistics": {"proactive.total": {"value": 200, "unit": "万条"}}}
    right = record_outcomes(gold, {"statistics": {"proactive.total": {"value": 2000000}}})
    wrong = record_outcomes(gold, {"statistics": {"proactive.total": {"value": 200}}})
    assert [o.kind for o in right] == ["correct"]
    assert [o.kind for o in wrong] == ["wrong"]
