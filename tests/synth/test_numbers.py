"""Tests of gik_nlp.synth.numbers: generated statistics pass the checks of record.md."""

from __future__ import annotations

import random

import pytest

from gik_nlp.synth.numbers import APPLICANTS, RESULTS, apply_rows, break_one_check, national_values, pre2019_values

KINDS = [("gov", "county"), ("bureau", "county"), ("town", "town"), ("city_gov", "city"), ("ministry", "national")]
CHANNELS = ("proactive.gazette", "proactive.website", "proactive.weibo", "proactive.wechat", "proactive.other")
REPLIES = ("reply.already_public", "reply.granted", "reply.partly_granted", "reply.refused", "reply.not_this_agency",
           "reply.nonexistent", "reply.amend", "reply.other_channel")


@pytest.mark.parametrize("kind,level", KINDS)
def test_numbers_pre2019_consistent(kind: str, level: str) -> None:
    for seed in range(30):
        v = pre2019_values(random.Random(seed), kind, level, 2017)
        assert all(v[c] <= v["proactive.total"] for c in CHANNELS)
        assert sum(v[c] for c in CHANNELS) <= v["proactive.total"]
        assert v["request.on_time"] + v["request.extended"] == v["request.completed"] <= v["request.received"]
        assert sum(v[r] for r in REPLIES) == v["reply.total"]
        assert v["org.staff"] == v["org.staff_fulltime"] + v["org.staff_parttime"]
        for family in ("review", "litigation"):
            assert sum(v[f"{family}.{r}"] for r in ("upheld", "corrected", "other")) == v[f"{family}.total"]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
@pytest.mark.parametrize("kind,level", KINDS)
def test_numbers_national_tables_balance(fmt: str, kind: str, level: str) -> None:
    outcome = [r for r in apply_rows(fmt) if r not in ("new", "carried_in", "total", "carried_out")]
    for seed in range(15):
        v = national_values(random.Random(seed), kind, level, fmt)
        for col in APPLICANTS + ("total",):
            assert sum(v[f"apply.{r}.{col}"] for r in outcome) == v[f"apply.total.{col}"]
            assert v[f"apply.new.{col}"] + v[f"apply.carried_in.{col}"] == \
                v[f"apply.total.{col}"] + v[f"apply.carried_out.{col}"]
        for row in apply_rows(fmt):
            assert sum(v[f"apply.{row}.{c}"] for c in APPLICANTS) == v[f"apply.{row}.total"]
        for block in ("review", "litigation_direct", "litigation_after_review"):
            assert sum(v[f"{block}.{r}"] for r in RESULTS) == v[f"{block}.total"]


@pytest.mark.parametrize("fmt,rows", [("2019", {"other"}), ("2021", {"other.no_amendment", "other.no_fee", "other.other"})])
def test_numbers_apply_rows_by_format(fmt: str, rows: set[str]) -> None:
    assert rows <= set(apply_rows(fmt)) and len(apply_rows(fmt)) == (23 if fmt == "2019" else 25)


@pytest.mark.parametrize("fmt,kind,level", [("pre2019", "city_gov", "city"), ("2021", "city_gov", "city")])
def test_numbers_break_one_check_names_the_check(fmt: str, kind: str, level: str) -> None:
    rng = random.Random(3)
    for _ in range(10):
        v = pre2019_values(rng, kind, level, 2017) if fmt == "pre2019" else national_values(rng, kind, level, fmt)
        warnings = break_one_check(rng, v, fmt)
        if warnings:
            assert all("!=" in w or ">" in w for w in warnings)
            return
    pytest.fail("no check could be broken")


def test_pre2019_parts_are_the_templates_identities():
    from gik_nlp.schema.templates import templates
    from gik_nlp.synth.numbers import BLOCK_RESULTS, CHANNELS, REFUSAL_REASONS, REPLY_KINDS, REQUEST_CHANNELS, apply_outcomes
    from gik_nlp.synth.tables import PRE2019_ROWS

    assert CHANNELS == ("proactive.gazette", "proactive.website", "proactive.weibo", "proactive.wechat",
                        "proactive.other")
    assert REQUEST_CHANNELS == ("request.in_person", "request.fax", "request.online", "request.letter")
    assert len(REPLY_KINDS) == 8 and "reply.other" not in REPLY_KINDS and len(REFUSAL_REASONS) == 6
    assert BLOCK_RESULTS == ("upheld", "corrected", "other")
    assert apply_outcomes("2019")[-1] == "other" and apply_outcomes("2021")[-3:] == [
        "other.no_amendment", "other.no_fee", "other.other"]
    printed = [fid for fid, *_ in PRE2019_ROWS if fid]
    assert printed == [r.id for r in templates()["pre2019_national"].rows if r.id != "reply.other"]
