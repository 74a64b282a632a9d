"""Tests for gik_nlp.assemble.dates: dates, periods and report years as printed.

Tables are grouped by where the form was seen: the seed reports (../shared/seeds,
quoted as printed), the forms named in docs/spec (record.md, formats.md), and invented
edge cases. Known failures run as xfail(strict=True); the property tests write random
valid dates in every form and read them back.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gik_nlp.assemble.dates import find_dates, parse_date, parse_period, year_of_report
from gik_nlp.types import Period


# (as printed, ISO)
DATE_SEED_000 = [("2018年1月25日", "2018-01-25"), ("2017年7月25日", "2017-07-25"), ("2017年1月1日", "2017-01-01")]
DATE_SEED_001 = [("2017年1月19日", "2017-01-19"), ("2016年１月１日", "2016-01-01")]
DATE_SEED_002 = [("2018-01-09", "2018-01-09"), ("2018年1月3日", "2018-01-03")]
DATE_SEED_003 = [("2018年1月24日", "2018-01-24"), ("2017年12月31日", "2017-12-31")]
DATE_SPEC = [  # record.md, formats.md
    ("2018.1.9", "2018-01-09"), ("2018/1/9", "2018-01-09"), ("二〇一〇年一月十九日", "2010-01-19"),
    ("二○一八年元月五日", "2018-01-05"), ("20201231日", "2020-12-31"), ("202011日", "2020-01-01"),
]
DATE_EDGE = [  # invented
    ("2018年1月25号", "2018-01-25"), ("2017 年 1 月 1 日", "2017-01-01"), ("二O一八年十二月三十一日", "2018-12-31"),
    ("二〇二〇年二月廿九日", "2020-02-29"), ("2018.01.09", "2018-01-09"), ("２０１８－０１－０９", "2018-01-09"),
    (" 2018年1月25日\n", "2018-01-25"), ("2020年2月29日", "2020-02-29"),
]
DATE_TABLE = DATE_SEED_000 + DATE_SEED_001 + DATE_SEED_002 + DATE_SEED_003 + DATE_SPEC + DATE_EDGE


@pytest.mark.parametrize("printed,iso", DATE_TABLE, ids=[p.strip() for p, _ in DATE_TABLE])
def test_dates_parse_date_forms(printed: str, iso: str) -> None:
    assert parse_date(printed) == iso


@pytest.mark.parametrize("printed,default_year,iso", [
    ("5月23日", 2017, "2017-05-23"),  # seed 003: 根据5月23日云南省电子政务视频会议的要求
    ("12月31日", 2016, "2016-12-31"),
    ("十二月三十一日", 2016, "2016-12-31"),
    ("5月23日", None, None),
    ("2月29日", 2019, None),
])
def test_dates_parse_date_default_year(printed: str, default_year: int | None, iso: str | None) -> None:
    assert parse_date(printed, default_year=default_year) == iso


@pytest.mark.parametrize("text", [
    "", "2017年", "2017年度", "2017年1月", "1月至12月", "2017年2月30日", "2017年13月1日", "2019年2月29日",
    "2018-01/09", "20180109", "2020111日",  # 年月 lost and 1-11 or 11-1 cannot be told apart
    "2018年1月25日印发", "西政发〔2017〕12号",
])
def test_dates_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


# (as printed, start, end)
PERIOD_SEEDS = [
    ("本年度报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。", "2017-01-01", "2017-12-31"),  # 000, 003
    ("2017年1月1日至12月31日，通过易门县政务信息公开门户网站累计公布", "2017-01-01", "2017-12-31"),  # 000
    ("所列数据统计期限为2016年１月１日至12月31日。", "2016-01-01", "2016-12-31"),  # 001
    ("本报告数据统计时限为2017年1月1日至12月31日；", "2017-01-01", "2017-12-31"),  # 004
    ("2017年1月至12月，通过政府门户网站主动公开信息501条", "2017-01-01", "2017-12-31"),  # 003
]
PERIOD_SPEC = [
    ("2017年1月1日-2017年12月31日", "2017-01-01", "2017-12-31"),
    ("202011日至20201231日", "2020-01-01", "2020-12-31"),
    ("2020年1月1日至2021年1月1日", "2020-01-01", "2021-01-01"),  # ends on the 1st of the next year: as printed
]
PERIOD_EDGE = [
    ("2017-01-01至2017-12-31", "2017-01-01", "2017-12-31"),
    ("2017年1月1日——2017年12月31日", "2017-01-01", "2017-12-31"),
    ("2017年1月1日～12月31日", "2017-01-01", "2017-12-31"),
    ("2017年1月1日到2017年12月31日", "2017-01-01", "2017-12-31"),
    ("二〇一七年一月一日至十二月三十一日", "2017-01-01", "2017-12-31"),
    ("2017年12月1日至1月31日", "2017-12-01", "2018-01-31"),  # the end runs into the next year
    ("2017年1月1日至31日", "2017-01-01", "2017-01-31"),
    ("2017年1月-2017年12月", "2017-01-01", "2017-12-31"),
    ("2020年1月至2月份", "2020-01-01", "2020-02-29"),
]
PERIOD_TABLE = PERIOD_SEEDS + PERIOD_SPEC + PERIOD_EDGE


@pytest.mark.parametrize("text,start,end", PERIOD_TABLE, ids=[t[:24] for t, _, _ in PERIOD_TABLE])
def test_dates_parse_period_forms(text: str, start: str, end: str) -> None:
    assert parse_period(text) == Period(start, end)


@pytest.mark.parametrize("text,default_year,expected", [
    ("1月1日至12月31日", 2019, Period("2019-01-01", "2019-12-31")),
    ("1月1日至12月31日", None, None),
    ("2018年1月1日至2017年12月31日", None, None),  # ends before it starts
    ("2018年1月25日", None, None),  # one date is no period
    ("2017年度", None, None),
    ("", None, None),
])
def test_dates_parse_period_needs_a_range(text: str, default_year: int | None, expected: Period | None) -> None:
    assert parse_period(text, default_year=default_year) == expected


# (text, [(date as printed, ISO)])
FIND_SEEDS = [
    ("所列数据统计期限为2016年１月１日至12月31日。本报告电子版", [("2016年１月１日", "2016-01-01"), ("12月31日", "2016-12-31")]),
    ("自2017年1月1日起至2017年12月31日止", [("2017年1月1日", "2017-01-01"), ("2017年12月31日", "2017-12-31")]),
    ("发布时间:2018-01-09\n发布机构:华安县人民政府", [("2018-01-09", "2018-01-09")]),
    ("西吉县人民政府办公室       　    　　 　 2017年1月19日印发", [("2017年1月19日", "2017-01-19")]),
    ("截至2017年12月31日止，全县主动公开信息共10811条", [("2017年12月31日", "2017-12-31")]),
    ("我镇于2018年1月24日将2017年度报告在本镇政府门户网站", [("2018年1月24日", "2018-01-24")]),
    ("我镇根据5月23日云南省电子政务视频会议的要求", []),  # no year, no range: left out
    ("2017年1月至12月，我镇未发生", []),  # months, not dates
    ("（易政办发〔2017〕45号）、电话：0877— 4963900", []),
]


@pytest.mark.parametrize("text,expected", FIND_SEEDS, ids=[t[:16] for t, _ in FIND_SEEDS])
def test_dates_find_dates_sentences(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s:e], iso) for s, e, iso in find_dates(text)] == expected


# The dates of each seed report, in order.
SEED_FILES = {
    "000_1dbe1cc0a1fa5ad3.txt": ["2017-01-01", "2017-12-31", "2017-07-25", "2017-01-01", "2017-12-31", "2018-01-25",
                                 "2018-01-25"],
    "001_7960c88a20672298.txt": ["2016-01-01", "2016-12-31", "2017-01-19", "2017-01-19", "2017-01-19"],
    "002_b5a77726d5a63a67.txt": ["2018-01-09", "2018-01-09", "2017-01-01", "2017-12-31", "2018-01-03"],
    "003_0771e97be29a5800.txt": ["2017-01-01", "2017-12-31", "2018-01-24"],
    "004_5abb703f6c3c372c.txt": ["2017-01-01", "2017-12-31", "2017-12-31"],
}


@pytest.mark.parametrize("name,expected", sorted(SEED_FILES.items()))
def test_dates_find_dates_seed_reports(shared_seeds: Path, name: str, expected: list[str]) -> None:
    path = shared_seeds / name
    assert [iso for _, _, iso in find_dates(path.read_text(encoding="utf-8"))] == expected


@pytest.mark.parametrize("text,year", [
    ("易门县2017年政府信息公开工作\n\n年度报告", 2017),  # seed 000
    ("关于2016年政府信息公开工作年度报告", 2016),  # seed 001
    ("（ 2016年度）", 2016),  # seed 001, the statistics table
    ("? 华安县人民政府办公室关于2017年度政府信息公开工作年度报告 - 广东快乐十分官方网", 2017),  # seed 002
    ("江城镇2017年政府信息公开工作\n年度报告", 2017),  # seed 003
    ("涟水县2017年政府信息公开年度报告", 2017),  # seed 004
    ("2017年政府信息公开工作年度报告", 2017),
    ("二〇二三年度", 2023),
    ("二O一八年度政府信息公开工作年度报告", 2018),
    ("关于公布2017年政府信息公开工作年度报告的通知（X政办发〔2018〕3号）", 2017),
    ("2018年1月25日", None),  # a publishing date is not the year covered
    ("政府信息公开工作年度报告", None),
])
def test_dates_year_of_report_titles(text: str, year: int | None) -> None:
    assert year_of_report(text) == year


@pytest.mark.parametrize("text,start,end", [
    # A dotted date's end "12.31" reads as a decimal number; not taken.
    pytest.param("2017.1.1-12.31", "2017-01-01", "2017-12-31", marks=pytest.mark.xfail(strict=True)),
    # Only one split of the lost digits is taken; 2020111日 could be 1-11 or 11-1.
    pytest.param("2020111日至20201231日", "2020-01-11", "2020-12-31", marks=pytest.mark.xfail(strict=True)),
])
def test_dates_parse_period_known_gaps(text: str, start: str, end: str) -> None:
    assert parse_period(text) == Period(start, end)


def test_dates_real_report_period_matches_its_year(shared_real: Path) -> None:
    """The 2021-format report's period lies in the year its title names."""
    page = (shared_real / "shuyang-fgj-2023.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", re.sub(r"<(script|style).*?</\1>", "", page, flags=re.S))
    title = re.search(r"<title>(.*?)</title>", page, flags=re.S)
    assert title is not None
    year = year_of_report(title[1])
    period = parse_period(text)
    assert year is not None and period is not None
    assert period == Period(f"{year}-01-01", f"{year}-12-31")


# ------------------------------------------------------------------ properties

CN_DIGITS = "〇一二三四五六七八九"


def _cn_year(year: int, zero: str) -> str:
    return "".join(CN_DIGITS[int(d)] for d in str(year)).replace("〇", zero)


def _cn_small(n: int) -> str:
    """1..31 in Chinese: 9 → 九, 10 → 十, 12 → 十二, 20 → 二十, 31 → 三十一."""
    tens, units = divmod(n, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (CN_DIGITS[units] if units else "")


def _written(date: dt.date, form: str) -> str:
    y, m, d = date.year, date.month, date.day
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    return {
        "cjk": f"{y}年{m}月{d}日",
        "cjk_padded": f"{y}年{m:02d}月{d:02d}日",
        "cjk_hao": f"{y}年{m}月{d}号",
        "cjk_spaced": f"{y} 年 {m} 月 {d} 日",
        "full_width": f"{y}年{m}月{d}日".translate(full_width),
        "iso": date.isoformat(),
        "dash": f"{y}-{m}-{d}",
        "dot": f"{y}.{m}.{d}",
        "slash": f"{y}/{m:02d}/{d:02d}",
        "chinese": f"{_cn_year(y, '〇')}年{_cn_small(m)}月{_cn_small(d)}日",
        "chinese_circle": f"{_cn_year(y, '○')}年{'元' if m == 1 else _cn_small(m)}月{_cn_small(d)}日",
        "lost": f"{y}{m:02d}{d:02d}日" if m >= 10 and d >= 10 else f"{y}年{m}月{d}日",
    }[form]


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
forms = st.sampled_from(["cjk", "cjk_padded", "cjk_hao", "cjk_spaced", "full_width", "iso", "dash", "dot", "slash",
                         "chinese", "chinese_circle", "lost"])


@given(dates, forms)
def test_dates_parse_date_round_trip(date: dt.date, form: str) -> None:
    assert parse_date(_written(date, form)) == date.isoformat()


@given(dates, forms)
def test_dates_find_dates_offsets(date: dt.date, form: str) -> None:
    written = _written(date, form)
    text = f"发布时间：{written}，"
    assert find_dates(text) == [(5, 5 + len(written), date.isoformat())]


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2098, 12, 31)),  # the end stays in 20xx
       st.integers(min_value=0, max_value=365), st.sampled_from(["至", "起至", "-", "——", "到", "～"]))
def test_dates_parse_period_year_carries_over(start: dt.date, days: int, connector: str) -> None:
    end = start + dt.timedelta(days=days)
    end_written = f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
    text = f"统计期限为{start.year}年{start.month}月{start.day}日{connector}{end_written}止"
    assert parse_period(text) == Period(start.isoformat(), end.isoformat())
    assert [iso for _, _, iso in find_dates(text)] == [start.isoformat(), end.isoformat()]


@given(st.integers(min_value=1990, max_value=2099), st.sampled_from(["{}年", "{}年度", "关于{}年政府信息公开工作年度报告"]),
       st.booleans())
def test_dates_year_of_report_round_trip(year: int, pattern: str, chinese: bool) -> None:
    printed = _cn_year(year, "〇") if chinese else str(year)
    assert year_of_report(pattern.format(printed)) == year
