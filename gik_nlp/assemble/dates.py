"""Dates and periods as reports print them, read to ISO ``YYYY-MM-DD``.

Written forms (record.md, "Dates"; formats.md, "Noise"):

- ``2018年1月25日`` (also ``号`` for ``日``, spaces between the parts, full-width digits);
- ``2018-01-09``, ``2018.1.9``, ``2018/1/9`` (four-digit year first, one separator kind);
- Chinese numerals: ``二〇一〇年一月十九日``, ``二○一八年元月五日`` (元月 is January;
  〇, ○, 零 and the letter O all read as zero in a year; 廿/卅 read as 20/30 in a day);
- a date whose 年 and 月 were lost, ``202011日`` or ``20201231日``: the first four digits
  are the year, the rest month and day, read only when exactly one split is a valid date;
  one whose 年 was lost, ``20231月1日``; the end of a range whose 月 was lost, ``…至1231日``;
- ``12月31日`` without a year takes the year of the date it ends a range with
  (``2017年1月1日至12月31日``), or ``default_year`` where the caller gives one;
  ``至31日`` after a full date takes its year and month.

A range's connector is 至, 到, -, ~, –, — (optionally after 起); an end without its own
year that would fall before its start is taken to be in the next year
(``2017年12月1日至1月31日``). Impossible dates (``2月30日``) are not dates. A period that
ends on the 1st of the next year (``2020年1月1日至2021年1月1日``) is kept as printed:
the record says what the report says; whether it means 2020 is for the year field to
decide (``year_of_report``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gik_nlp.types import Period

__all__ = ["parse_date", "parse_period", "find_dates", "year_of_report"]

# Full-width digits and separators read as ASCII, one character for one so offsets hold.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")

# Chinese digits. 〇 (U+3007), ○ (U+25CB, a circle typed for zero), 零 and the letters
# O/o (typed for zero, "二O一八年") all read as 0.
_CN_DIGIT_VALUE = {**{ch: 0 for ch in "〇○零Oo"},
                   **{ch: i for i, ch in enumerate("一二三四五六七八九", start=1)}}
_CN_DIGITS = "".join(_CN_DIGIT_VALUE)

_S = r"[ \t\u3000]*"  # spaces inside a date; never a line break
_YEAR = rf"(?:19|20)\d\d|[一二][{_CN_DIGITS}]{{3}}"
# Alternatives longest first, so that 十二 is not read as 十 (regex alternation takes
# the first that matches).
_MONTH = r"1[0-2]|0?[1-9]|十[一二]|十|[一二三四五六七八九]|元|正"
_DAY = (r"3[01]|[12]\d|0?[1-9]"
        r"|[二三]十[一二三四五六七八九]?|十[一二三四五六七八九]?|[廿卅][一二三四五六七八九]?|[一二三四五六七八九]")
_NOT_AFTER_DIGIT = rf"(?<![\d{_CN_DIGITS}十廿卅])"

_DATE = re.compile(rf"""
    {_NOT_AFTER_DIGIT}(?P<full_y>{_YEAR}){_S}年{_S}(?P<full_m>{_MONTH}){_S}月{_S}(?P<full_d>{_DAY}){_S}[日号]
  | (?<![\d.])(?P<num_y>(?:19|20)\d\d)(?P<sep>[-./])(?P<num_m>\d{{1,2}})(?P=sep)(?P<num_d>\d{{1,2}})(?![\d])
  | (?<!\d)(?P<lost_y>(?:19|20)\d\d)(?P<lost_md>\d{{2,4}})日                  # 年 and 月 lost
  | (?<!\d)(?P<ly_y>(?:19|20)\d\d)(?P<ly_m>1[0-2]|0?[1-9]){_S}月{_S}(?P<ly_d>{_DAY}){_S}[日号]   # 年 lost
  | (?<!\d)(?P<lm_md>\d{{3,4}})日                                             # 月 lost, only after a range connector
  | {_NOT_AFTER_DIGIT}(?P<md_m>{_MONTH}){_S}月{_S}(?P<md_d>{_DAY}){_S}[日号]   # no year
  | {_NOT_AFTER_DIGIT}(?P<day>{_DAY}){_S}[日号]                               # only after a range connector
""", re.VERBOSE)

# What joins the two ends of a range: "至", "起至", "-", "——", "~" …
_CONNECTOR = re.compile(rf"{_S}起?{_S}(?:至|到|~|～|-|–|—{{1,2}}|－){_S}")

# A period given in months: "2017年1月至12月" (seed 003).
_MONTH_RANGE = re.compile(rf"""
    {_NOT_AFTER_DIGIT}(?P<y1>{_YEAR}){_S}年{_S}(?P<m1>{_MONTH}){_S}月份?
    {_S}起?{_S}(?:至|到|~|～|-|–|—{{1,2}}){_S}
    (?:(?P<y2>{_YEAR}){_S}年{_S})?(?P<m2>{_MONTH}){_S}月份?(?:底|末)?
    (?!{_S}(?:{_DAY}){_S}[日号])
""", re.VERBOSE)

_REPORT_YEAR = re.compile(rf"""
    {_NOT_AFTER_DIGIT}(?P<year>{_YEAR}){_S}年(?P<du>度)?
    (?!{_S}(?:{_MONTH}){_S}月)          # 2018年1月… is a date, not a report year
""", re.VERBOSE)
# What follows a report year in a title: "2017年政府信息公开工作年度报告", "2016年度…".
_REPORT_WORDS = re.compile(r"[^\n。]{0,8}?(?:信息公开|政务公开|年度报告|年报)")


def _cn_number(text: str) -> int:
    """A Chinese month/day/year numeral as int: 十二 → 12, 廿一 → 21, 二〇一〇 → 2010."""
    if text in ("元", "正"):
        return 1
    text = text.replace("廿", "二十").replace("卅", "三十")
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGIT_VALUE[tens] if tens else 1) * 10 + (_CN_DIGIT_VALUE[units] if units else 0)
    value = 0
    for ch in text:
        value = value * 10 + _CN_DIGIT_VALUE[ch]
    return value


def _int(text: str) -> int:
    return int(text) if text.isascii() else _cn_number(text)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _recover_lost(year: int, month_day: str) -> dt.date | None:
    """``1231`` after a year → 12-31; None unless exactly one month/day split is valid."""
    candidates = {_make_date(year, int(month_day[:k]), int(month_day[k:]))
                  for k in (1, 2) if 0 < len(month_day) - k <= 2}
    candidates.discard(None)
    return candidates.pop() if len(candidates) == 1 else None


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    date: dt.date


def _scan(text: str, default_year: int | None) -> list[_Found]:
    """Every date in ``text``, year carry-over applied within a range."""
    translated = text.translate(_FULL_WIDTH)
    found: list[_Found] = []
    previous: _Found | None = None
    for match in _DATE.finditer(translated):
        after_range = (previous is not None
                       and _CONNECTOR.fullmatch(translated, previous.end, match.start()) is not None)
        date: dt.date | None = None
        if match["full_y"]:
            date = _make_date(_int(match["full_y"]), _int(match["full_m"]), _int(match["full_d"]))
        elif match["num_y"]:
            date = _make_date(int(match["num_y"]), int(match["num_m"]), int(match["num_d"]))
        elif match["lost_y"]:
            date = _recover_lost(int(match["lost_y"]), match["lost_md"])
        elif match["ly_y"]:
            date = _make_date(int(match["ly_y"]), int(match["ly_m"]), _int(match["ly_d"]))
        elif match["lm_md"]:
            if after_range:  # "201811日至1231日": 年 and 月 lost at the start, 月 at the end
                assert previous is not None
                date = _recover_lost(previous.date.year, match["lm_md"])
                if date is not None and date < previous.date:
                    date = None
        elif match["md_m"]:
            month, day = _int(match["md_m"]), _int(match["md_d"])
            if after_range:
                assert previous is not None
                date = _make_date(previous.date.year, month, day)
                if date is not None and date < previous.date:  # "12月1日至1月31日" runs into the next year
                    date = _make_date(previous.date.year + 1, month, day)
            elif default_year is not None:
                date = _make_date(default_year, month, day)
        elif after_range:  # a bare day: "2017年1月1日至31日"
            assert previous is not None
            date = _make_date(previous.date.year, previous.date.month, _int(match["day"]))
            if date is not None and date < previous.date:
                date = None
        if date is None:
            continue
        # A bare day ends at 日; the span is what the reader sees as the date.
        previous = _Found(match.start(), match.end(), date)
        found.append(previous)
    return found


def parse_date(text: str, default_year: int | None = None) -> str | None:
    """Read one date (a DATE span's text) as ``YYYY-MM-DD``; None when it is not one.

    ``default_year`` is the year of a date printed without one; without it such a
    date is None.

    >>> parse_date("2018年1月25日"), parse_date("2016年１月１日")
    ('2018-01-25', '2016-01-01')
    >>> parse_date("2018-01-09"), parse_date("2018.1.9"), parse_date("2018/1/9")
    ('2018-01-09', '2018-01-09', '2018-01-09')
    >>> parse_date("二〇一〇年一月十九日"), parse_date("二○一八年元月五日")
    ('2010-01-19', '2018-01-05')
    >>> parse_date("12月31日") is None, parse_date("12月31日", default_year=2017)
    (True, '2017-12-31')
    >>> parse_date("20201231日"), parse_date("2020111日") is None   # 年月 lost; 1-11 or 11-1?
    ('2020-12-31', True)
    >>> parse_date("2017年2月30日") is None, parse_date("2017年") is None
    (True, True)
    """
    stripped = text.strip()
    found = _scan(stripped, default_year)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
        return found[0].date.isoformat()
    return None


def parse_period(text: str, default_year: int | None = None) -> Period | None:
    """The first date range in ``text`` as a Period; None when there is none.

    A range is two dates joined by a connector (至, 起至…止, -, ——); the end takes the
    start's year when it has none. A range of whole months (``2017年1月至12月``) runs
    from the first day of the first month to the last day of the last. A range whose
    end is before its start is not a period.

    >>> parse_period("2017年1月1日至12月31日")
    Period(start='2017-01-01', end='2017-12-31')
    >>> parse_period("统计期限自2017年1月1日起至2017年12月31日止。")
    Period(start='2017-01-01', end='2017-12-31')
    >>> parse_period("2016年１月１日至12月31日").end
    '2016-12-31'
    >>> parse_period("2017年1月1日-2017年12月31日").start
    '2017-01-01'
    >>> parse_period("202011日至20201231日")                     # 年 and 月 lost
    Period(start='2020-01-01', end='2020-12-31')
    >>> parse_period("20231月1日起至202312月31日止")               # 年 lost
    Period(start='2023-01-01', end='2023-12-31')
    >>> parse_period("201811日至1231日")                          # 年月 lost, then 月
    Period(start='2018-01-01', end='2018-12-31')
    >>> parse_period("2020年1月1日至2021年1月1日")                # kept as printed
    Period(start='2020-01-01', end='2021-01-01')
    >>> parse_period("2017年1月至12月")
    Period(start='2017-01-01', end='2017-12-31')
    >>> parse_period("1月1日至12月31日") is None, parse_period("1月1日至12月31日", 2019).end
    (True, '2019-12-31')
    >>> parse_period("2018年1月1日至2017年12月31日") is None
    True
    """
    translated = text.translate(_FULL_WIDTH)
    found = _scan(translated, default_year)
    for first, second in zip(found, found[1:]):
        if _CONNECTOR.fullmatch(translated, first.end, second.start):
            if second.date < first.date:
                return None
            return Period(first.date.isoformat(), second.date.isoformat())
    match = _MONTH_RANGE.search(translated)
    if match:
        start_year = _int(match["y1"])
        end_year = _int(match["y2"]) if match["y2"] else start_year
        start = _make_date(start_year, _int(match["m1"]), 1)
        end_month = _int(match["m2"])
        if start is None or not 1 <= end_month <= 12:
            return None
        following = _make_date(end_year + end_month // 12, end_month % 12 + 1, 1)
        assert following is not None
        end = following - dt.timedelta(days=1)
        if end < start:
            return None
        return Period(start.isoformat(), end.isoformat())
    return None


def find_dates(text: str, default_year: int | None = None) -> list[tuple[int, int, str]]:
    """Every date in ``text`` as ``(start, end, "YYYY-MM-DD")``, in text order.

    Each end of a range is its own date; an end printed without a year takes the
    start's year. A date without a year outside a range is left out unless
    ``default_year`` is given. Bare years (``2017年``) and months are not dates.

    >>> find_dates("所列数据的统计期限为2016年１月１日至12月31日。")
    [(10, 19, '2016-01-01'), (20, 26, '2016-12-31')]
    >>> find_dates("发布时间:2018-01-09")
    [(5, 15, '2018-01-09')]
    >>> find_dates("我镇根据5月23日云南省会议的要求"), find_dates("根据5月23日会议", default_year=2017)
    ([], [(2, 7, '2017-05-23')])
    >>> find_dates("截至2017年12月31日止，2017年度，1月至12月")
    [(2, 13, '2017-12-31')]
    """
    return [(f.start, f.end, f.date.isoformat()) for f in _scan(text, default_year)]


def year_of_report(text: str, titled_only: bool = False) -> int | None:
    """The year a report covers, read from its title (or a title-like line).

    Prefers a year followed by the words of a report title (信息公开, 年度报告), then a
    ``YYYY年度``, then any ``YYYY年``; a year that starts a date (``2018年1月25日``) or
    sits in a 文号 is never taken, so a title's publishing date does not count.

    >>> year_of_report("易门县2017年政府信息公开工作年度报告")
    2017
    >>> year_of_report("西吉县人民政府关于2016年政府信息公开工作年度报告")
    2016
    >>> year_of_report("二〇二三年度"), year_of_report("（ 2016年度）")
    (2023, 2016)
    >>> year_of_report("关于公布2017年政府信息公开工作年度报告的通知（X政办发〔2018〕3号）")
    2017
    >>> year_of_report("2018年1月25日"), year_of_report("政府信息公开工作年度报告")
    (None, None)

    ``titled_only``: only a year followed by the words of a report title (a sentence of the body,
    where another year's 部门决算 is no report year):

    >>> year_of_report("准确发布2019年度部门决算信息", titled_only=True)
    >>> year_of_report("现将我局2020年度政府信息公开情况报告如下", titled_only=True)
    2020
    """
    translated = text.translate(_FULL_WIDTH)
    candidates = list(_REPORT_YEAR.finditer(translated))
    if not candidates:
        return None
    titled = [m for m in candidates if _REPORT_WORDS.match(translated, m.end())]
    if titled_only and not titled:
        return None
    chosen = (titled or [m for m in candidates if m["du"]] or candidates)[0]
    return _int(chosen["year"])
