"""Scoring per document: matching predictions to gold, missing documents, texts that differ."""

from __future__ import annotations

import pytest

from gik_nlp.evaluate.gold import GoldItem, GoldSet
from gik_nlp.evaluate.metrics import PRF
from gik_nlp.evaluate.score import evaluate_tagger, match_predictions, score_document, score_predictions
from gik_nlp.types import Document, ReportRecord, Span, Statistic

TEXT_A = "某县人民政府2018年1月5日发布。收到申请数12件。"
TEXT_B = "某镇人民政府2019年2月1日发布。"


def _item(doc_id: str, text: str, fmt: str, spans: tuple[Span, ...] | None, record: dict) -> GoldItem:
    return GoldItem(Document(doc_id, f"reports/{doc_id}.txt", text), record, fmt, "real", spans)


SPANS_A = (Span(0, 6, "AGENCY", "某县人民政府"), Span(6, 15, "DATE", "2018年1月5日"),
           Span(18, 23, "STAT_NAME", "收到申请数"), Span(23, 26, "STAT_VALUE", "12件"))
ITEM_A = _item("a", TEXT_A, "pre2019", SPANS_A,
               {"agency": "某县人民政府", "published": "2018-01-05",
                "statistics": {"request.received": {"value": 12, "unit": "件"}}})
ITEM_B = _item("b", TEXT_B, "2021", None, {"agency": "某镇人民政府", "year": 2019})
GOLD = GoldSet((ITEM_A, ITEM_B))


def _record(item: GoldItem, spans: tuple[Span, ...] = (), **fields) -> dict:
    return ReportRecord(source=item.document.source, spans=spans, text_sha256=item.document.text_sha256,
                        **fields).to_dict()


@pytest.mark.parametrize("record,expected_id", [
    ({"source": "elsewhere/a.txt", "text_sha256": ""}, "a"),             # by file name
    ({"source": "x/b.html", "text_sha256": ""}, "b"),                    # by stem
    ({"source": "renamed.txt", "text_sha256": ITEM_A.document.text_sha256}, "a"),  # by text hash
    ({"source": "c.txt", "text_sha256": "0" * 64}, None),                # nothing
])
def test_score_match_predictions(record: dict, expected_id: str | None) -> None:
    matched, unmatched = match_predictions(GOLD.items, [record])
    if expected_id is None:
        assert matched == {} and unmatched == [record["source"]]
    else:
        assert list(matched) == [expected_id] and unmatched == []


@pytest.mark.parametrize("spans,span_micro", [
    (SPANS_A, PRF(4, 0, 0)),
    (SPANS_A[:2] + (SPANS_A[1],), PRF(2, 0, 2)),  # duplicate counted once
    ((), PRF(0, 0, 4)),                            # empty prediction
])
def test_score_predictions_spans_and_records(spans: tuple[Span, ...], span_micro: PRF) -> None:
    records = [_record(ITEM_A, spans, agency="某县人民政府", published="2018-01-05",
                       statistics={"request.received": Statistic(12, "件")}),
               _record(ITEM_B, agency="某镇人民政府", year=2018)]
    ev = score_predictions(GOLD, records, name="t")
    assert ev.spans().micro == span_micro
    assert ev.spans("2021") is None  # b has no gold spans
    records_all = ev.records()
    assert records_all.fields.per_key["agency"] == PRF(2, 0, 0)
    assert records_all.fields.per_key["year"] == PRF(0, 1, 1)
    assert records_all.statistics.per_key["request.received"] == PRF(1, 0, 0)
    assert ev.records("pre2019").micro == PRF(3, 0, 0)
    assert ev.formats == ["pre2019", "2021"]
    assert [e.field for e in ev.errors] == ["year"]


@pytest.mark.parametrize("n_records", [1])
def test_score_predictions_missing_document_scores_as_empty(n_records: int) -> None:
    ev = score_predictions(GOLD, [_record(ITEM_B, agency="某镇人民政府", year=2019)][:n_records], name="t")
    assert ev.missing == ["a"]
    assert ev.spans().micro == PRF(0, 0, 4)
    assert ev.records("pre2019").micro == PRF(0, 0, 3)
    data = ev.to_dict()
    assert data["missing"] == ["a"] and data["per_document"][0]["predicted"] is False
    assert data["by_format"]["2021"]["records"]["micro"]["f1"] == 1.0


@pytest.mark.parametrize("other_hash", ["f" * 64])
def test_score_document_other_text_scores_record_only(other_hash: str) -> None:
    record = {**_record(ITEM_A, SPANS_A, agency="某县人民政府"), "text_sha256": other_hash}
    result = score_document(ITEM_A, record)
    assert result.spans is None  # offsets into another text cannot be compared
    assert result.records.fields.per_key["agency"] == PRF(1, 0, 0)


class GoldTagger:
    """A tagger that returns the gold spans it was built with."""

    name = "gold-tagger"

    def __init__(self, spans: dict[str, tuple[Span, ...]]) -> None:
        self.spans = spans

    def tag(self, doc: Document) -> list[Span]:
        return list(self.spans.get(doc.id, ()))


@pytest.mark.parametrize("spans,expected", [({"a": SPANS_A}, PRF(4, 0, 0)), ({}, PRF(0, 0, 4))])
def test_score_evaluate_tagger_runs_the_assembler(spans: dict, expected: PRF) -> None:
    ev = evaluate_tagger(GoldTagger(spans), GOLD, name="t")
    assert ev.model == "gold-tagger"
    assert ev.spans().micro == expected
    assert [d.id for d in ev.documents] == ["a", "b"] and not ev.missing
    assert ev.records().fields.per_key["agency"].support == 2


@pytest.mark.parametrize("private", [True, False])
def test_score_private_text_stays_out_of_files(private: bool) -> None:
    item = _item("p", TEXT_A, "2021", None, {"agency": "某县人民政府"})
    item = GoldItem(item.document, item.record, item.format, "real", None, private=private)
    ev = score_predictions(GoldSet((item,)), [_record(item, agency="某镇")], name="t")
    assert "某县人民政府" in ev.errors[0].gold_evidence  # on screen: the evidence line
    (written,) = ev.to_dict()["errors"]
    assert (written["gold_evidence"] == "") is private
    assert written["gold"] == "某县人民政府"  # the value is a fact of the gold record, kept
