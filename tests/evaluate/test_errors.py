"""The error listing: which fields are wrong, and the text around each value."""

from __future__ import annotations

import pytest

from gik_nlp.evaluate.errors import context, field_errors
from gik_nlp.evaluate.metrics import record_outcomes

TEXT = ("易门县人民政府办公室\n2018年1月25日\n"
        "收到申请数\n件\n12\n"
        "全县未收到行政复议申请。")
RECEIVED = (TEXT.index("收到申请数"), TEXT.index("收到申请数") + 5)
TWELVE = (TEXT.index("12"), TEXT.index("12") + 2)
SENTENCE = (TEXT.index("全县"), len(TEXT) - 1)


@pytest.mark.parametrize("start,end,width,expected", [
    (0, 3, 2, "⟦易门县⟧人民…"),
    (TWELVE[0], TWELVE[1], 3, "…⏎件⏎⟦12⟧⏎全县…"),
    (len(TEXT) - 1, len(TEXT), 2, "…申请⟦。⟧"),
])
def test_errors_context_marks_the_stretch(start: int, end: int, width: int, expected: str) -> None:
    assert context(TEXT, start, end, width) == expected


GOLD = {"agency": "易门县人民政府办公室", "published": "2018-01-25",
        "statistics": {"request.received": {"value": 12, "evidence": {"name": list(RECEIVED), "value": list(TWELVE)}},
                       "review.total": {"value": 0, "evidence": {"sentence": list(SENTENCE)}},
                       "apply.new.total": {"value": 5}}}


@pytest.mark.parametrize("predicted,expected", [
    # right values give no errors
    ({"agency": "易门县人民政府办公室", "published": "2018-01-25",
      "statistics": {"request.received": {"value": 12}, "review.total": {"value": 0},
                     "apply.new.total": {"value": 5}}}, {}),
    # wrong agency, missing date, wrong value, spurious statistic
    ({"agency": "易门县人民政府", "statistics": {
        "request.received": {"value": 1, "evidence": {"value": [TWELVE[0], TWELVE[0] + 1]}},
        "review.total": {"value": 0}, "apply.new.total": {"value": 5},
        "org.staff": {"value": 3, "derived": True, "evidence": {"cells": ["a", "b"]}}}},
     {"agency": ("wrong", "⟦易门县人民政府办公室⟧", "⟦易门县人民政府⟧"),
      "published": ("missing", "⟦2018年1月25日⟧", None),
      "request.received": ("wrong", "⟦12⟧", "⟦1⟧2"),
      "org.staff": ("spurious", None, "derived from a + b")}),
    # no prediction at all: gold evidence from offsets, from a sentence, or found by the field's name
    (None, {"agency": ("missing", "⟦易门县人民政府办公室⟧", None), "published": ("missing", "⟦2018年1月25日⟧", None),
            "request.received": ("missing", "⟦12⟧", None), "review.total": ("missing", "⟦全县未收到行政复议申请⟧", None),
            "apply.new.total": ("missing", "", None)}),
])
def test_errors_field_errors_carry_evidence(predicted: dict | None, expected: dict) -> None:
    outcomes = record_outcomes(GOLD, predicted)
    errors = {e.field: e for e in field_errors("doc", outcomes, GOLD, predicted, TEXT)}
    assert set(errors) == set(expected)
    for name, (kind, gold_mark, predicted_mark) in expected.items():
        error = errors[name]
        assert error.kind == kind and error.document == "doc"
        assert (gold_mark in error.gold_evidence) if gold_mark else error.gold_evidence == ""
        if predicted_mark is None:
            assert error.predicted_evidence == ""
        else:
            assert predicted_mark in error.predicted_evidence


@pytest.mark.parametrize("field_id,name", [("request.received", "收到申请数"),
                                           ("apply.new.total", "一、本年新收政府信息公开申请数量/总计")])
def test_errors_name_the_printed_field(field_id: str, name: str) -> None:
    gold = {"statistics": {field_id: {"value": 7}}}
    errors = field_errors("doc", record_outcomes(gold, {}), gold, {}, "")
    assert errors[0].name == name
    assert errors[0].to_dict()["gold"] == 7 and errors[0].gold_evidence == ""


@pytest.mark.parametrize("text", ["收到申请数 12件"])
def test_errors_no_evidence_from_another_text(text: str) -> None:
    # a prediction made from another reading of the file: its offsets mean nothing here
    gold = {"statistics": {"request.received": {"value": 12}}}
    predicted = {"statistics": {"request.received": {"value": 13, "evidence": {"value": [6, 8]}}}}
    errors = field_errors("doc", record_outcomes(gold, predicted), gold, predicted, text, predicted_text="")
    assert errors[0].predicted_evidence == ""
    assert "⟦收到申请数⟧" in errors[0].gold_evidence


@pytest.mark.parametrize("text", ["县政府办公室印发。\n签发：县政府\n"])
def test_errors_record_field_evidence_prefers_the_tagged_span(text: str) -> None:
    # "县政府" first occurs inside 县政府办公室; the tagged span (the signature) is where it came from
    at = text.rindex("县政府")
    gold = {"agency": "县政府办公室"}
    predicted = {"agency": "县政府", "spans": [{"start": at, "end": at + 3, "label": "AGENCY", "text": "县政府"}]}
    (error,) = field_errors("doc", record_outcomes(gold, predicted), gold, predicted, text)
    assert "签发：⟦县政府⟧" in error.predicted_evidence
    assert error.gold_evidence.startswith("⟦县政府办公室⟧")
