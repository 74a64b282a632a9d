"""Tests of gik_nlp.synth.report: table beats prose, warnings as record.md writes them."""

from __future__ import annotations

import random

import pytest

from gik_nlp.synth.agencies import sample_agency
from gik_nlp.synth.blocks import RawText, Seg, normalise
from gik_nlp.synth.config import SynthConfig
from gik_nlp.synth.report import Report, resolve_statistics


def report(fmt: str = "pre2019") -> Report:
    rng = random.Random(0)
    return Report(rng, SynthConfig(), 2016, fmt, "pre2019_table", sample_agency(rng, 2016, "gov"))


def laid_out(r: Report, segs: list[Seg]):
    raw = RawText()
    raw.segs(segs)
    norm = normalise(raw)
    return resolve_statistics(r, norm.text, norm.regions)


@pytest.mark.parametrize("table,prose,warning", [
    (0, 4, "meeting.total: table says 0, prose says 4 (召开政府信息公开工作会议或专题会议4次)"),
    (4, 4, None),
])
def test_report_table_beats_prose(table: int, prose: int, warning: str | None) -> None:
    r = report()
    name, value = r.prose_stat("meeting.total", "召开政府信息公开工作会议或专题会议", prose, "次", exact=True)
    key = r.key()
    cell = r.table_stat("meeting.total", "召开政府信息公开工作会议或专题会议数", table, "次", str(table), key)
    stats, others, warnings, notes = laid_out(r, [name, value, Seg("。\n"),
                                                  Seg("召开政府信息公开工作会议或专题会议数", "STAT_NAME", key), Seg("\t"), cell])
    assert stats["meeting.total"]["value"] == table
    assert warnings == ([warning] if warning else [])
    assert bool(notes) == (warning is None)


@pytest.mark.parametrize("clause", ["全年未收到政府信息公开申请"])
def test_report_negation_is_zero_with_sentence_evidence(clause: str) -> None:
    r = report()
    segs = r.negation(("request.received",), [Seg(clause)]) + [Seg("。")]
    stats, _, _, _ = laid_out(r, segs)
    assert stats["request.received"] == {"value": 0, "unit": "件", "approximate": False,
                                         "evidence": {"sentence": [0, len(clause)]}}


@pytest.mark.parametrize("new,prose,warned", [(26, 26, False), (26, 30, True)])
def test_report_headline_derived_from_cells(new: int, prose: int, warned: bool) -> None:
    r = report("2021")
    name, value = r.prose_stat("request.received", "收到政府信息公开申请", prose, "件", exact=True)
    key = r.key()
    cell = r.table_stat("apply.new.total", "本年新收政府信息公开申请数量", new, "件", str(new), key)
    stats, _, warnings, _ = laid_out(r, [name, value, Seg("\n"), Seg("本年新收政府信息公开申请数量", "STAT_NAME", key),
                                         Seg(" "), cell])
    assert stats["request.received"] == {"value": new, "unit": "件", "approximate": False, "derived": True,
                                         "evidence": {"cells": ["apply.new.total"]}}
    assert bool(warnings) == warned


def test_report_lost_row_left_out_with_warning() -> None:
    from gik_nlp.synth.blocks import LostRow

    r = report("2021")
    key = r.key()
    person = r.table_stat("apply.new.natural_person", "本年新收政府信息公开申请数量", 3, "件", "3", key)
    total = r.table_stat("apply.new.total", "本年新收政府信息公开申请数量", 3, "件", "3", key)
    raw = RawText()
    raw.segs([Seg("本年新收政府信息公开申请数量", "STAT_NAME", key), Seg(" "), person, Seg(" "), total])
    norm = normalise(raw)
    stats, _, warnings, notes = resolve_statistics(r, norm.text, norm.regions,
                                                   [LostRow("apply.new", 7, (person.key, total.key))])
    assert stats == {}   # neither the cells nor request.received derived from them
    assert warnings == ["table: apply.new: 2 value(s) (3 3) in a row of 7 columns whose columns cannot be told "
                        "apart; left out"]
    assert any("left out of statistics" in n for n in notes)
