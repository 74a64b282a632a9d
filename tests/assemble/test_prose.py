"""assemble/prose.py: pairing names with values in prose (hand-written sentences, spans placed by hand)."""

from __future__ import annotations

import pytest

from gik_nlp.assemble.prose import pair_prose
from gik_nlp.types import Span


def _spans(text: str, *marks: tuple[str, str]) -> list[Span]:
    """Spans at the first occurrence (after the previous mark) of each (label, string)."""
    out, cursor = [], 0
    for label, s in marks:
        start = text.index(s, cursor)
        out.append(Span(start, start + len(s), label, s))
        cursor = start + len(s)
    return out


def _fields(text: str, report_format: str, *marks: tuple[str, str]) -> dict[str, str | None]:
    return {p.value_text: p.field_id for p in pair_prose(text, _spans(text, *marks), set(), report_format)}


@pytest.mark.parametrize("report_format", ["2019", "2021"])
def test_one_channel_not_worded_proactive_is_no_total_from_2019_on(report_format):
    text = "2022年，在某某市人民政府门户网站发布政务信息共52条。"
    assert _fields(text, report_format, ("STAT_NAME", "发布政务信息"), ("STAT_VALUE", "52条")) == {"52条": None}


@pytest.mark.parametrize("text,name,value", [
    ("2021年通过政府网站主动公开信息73条，其中工作动态40条。", "主动公开信息", "73条"),
    ("全年主动公开政府信息124条。", "主动公开政府信息", "124条"),
])
def test_a_figure_worded_proactive_stays_the_total(text, name, value):
    assert _fields(text, "2021", ("STAT_NAME", name), ("STAT_VALUE", value)) == {value: "proactive.total"}


def test_channel_counts_before_2019_keep_their_field():
    # the channel rule is the national formats' (D3); before 2019 the name decides
    text = "2013年，我局在区政府门户网站公开政府信息35条。"
    marks = (("STAT_NAME", "公开政府信息"), ("STAT_VALUE", "35条"))
    assert _fields(text, "pre2019", *marks) == {"35条": "proactive.total"}
    assert _fields(text, "2021", *marks) == {"35条": None}


def test_a_running_total_of_the_year_is_the_years_figure():
    text = "2013年累计主动公开政府信息35条，其中政策法规10条。"
    assert _fields(text, "pre2019", ("STAT_NAME", "累计主动公开政府信息"), ("STAT_VALUE", "35条")) == {
        "35条": "proactive.total"}


def test_a_running_total_since_a_date_is_no_annual_figure():
    text = "截至2014年12月31日，在县政府网站累计主动公开政府信息846条，其中本年度公开214条。"
    fields = _fields(text, "pre2019", ("STAT_NAME", "累计主动公开政府信息"), ("STAT_VALUE", "846条"))
    assert fields == {"846条": None}


def test_a_plain_name_beats_a_running_total_of_the_same_field():
    text = "通过目录系统累计主动公开政府信息4002条。2019年新增主动公开政府信息362条。"
    fields = _fields(text, "2019", ("STAT_NAME", "累计主动公开政府信息"), ("STAT_VALUE", "4002条"),
                     ("STAT_NAME", "新增主动公开政府信息"), ("STAT_VALUE", "362条"))
    assert fields == {"4002条": None, "362条": "proactive.total"}
