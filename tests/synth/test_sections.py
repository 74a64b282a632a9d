"""Tests of gik_nlp.synth.sections: statistics in sentences register what the record needs."""

from __future__ import annotations

import random

import pytest

from gik_nlp.synth.agencies import sample_agency
from gik_nlp.synth.config import SynthConfig
from gik_nlp.synth.report import Report
from gik_nlp.synth.sections import fee_prose


def report() -> Report:
    rng = random.Random(0)
    return Report(rng, SynthConfig(), 2016, "pre2019", "prose", sample_agency(rng, 2016, "bureau"))


@pytest.mark.parametrize("fee,printed", [(0.35, "0.35万元"), (2, "2万元")])
def test_sections_fee_charged_is_stated(fee: float, printed: str) -> None:
    """A report that charged fees says how much; it never denies them (a negation is fee 0)."""
    r = report()
    segs = fee_prose(r, {"fee.total": fee})
    assert [s.text for s in segs if s.label == "STAT_VALUE"] == [printed]
    assert [(m.field, m.value, m.unit, m.origin) for m in r.mentions] == [("fee.total", fee, "万元", "prose")]
    assert not any(word in "".join(s.text for s in segs) for word in ("未收取", "没有收取", "没有发生"))


@pytest.mark.parametrize("seed", range(8))
def test_sections_no_fee_is_a_negation(seed: int) -> None:
    r = report()
    r.rng.seed(seed)
    segs = fee_prose(r, {"fee.total": 0})
    assert [(m.field, m.value, m.unit, m.sentence_key is not None) for m in r.mentions] == [("fee.total", 0, "万元", True)]
    assert not any(s.label == "STAT_VALUE" for s in segs)


def test_sections_fee_unknown_says_nothing() -> None:
    r = report()
    assert fee_prose(r, {}) == [] and r.mentions == []
