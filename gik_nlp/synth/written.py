"""Numbers, dates and document numbers in the forms real reports print them.

Each writer takes the true value and a form name and returns the printed text; the gold
record keeps the true value (or, for an approximation, the printed number).
"""

from __future__ import annotations

import random

_CN_DIGITS = "〇一二三四五六七八九"
_CN_UNITS = ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"))
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def chinese_count(n: int) -> str:
    """A count in Chinese numerals, as prose writes it.

    >>> [chinese_count(n) for n in (0, 7, 10, 12, 20, 105, 3200, 10811)]
    ['零', '七', '十', '十二', '二十', '一百零五', '三千二百', '一万零八百一十一']
    """
    if n == 0:
        return "零"
    if n < 0:
        raise ValueError(f"cannot write {n} as a Chinese count")
    out: list[str] = []
    rest = n
    gap = False
    for unit, name in _CN_UNITS:
        digit, rest = divmod(rest, unit)
        if unit == 10000 and digit >= 10:
            out.append(chinese_count(digit) + name)
            gap = False
            continue
        if digit:
            if gap and out:
                out.append("零")
            out.append(_CN_DIGITS[digit] + name)
            gap = False
        elif out:
            gap = True
    if rest:
        if gap and out:
            out.append("零")
        out.append(_CN_DIGITS[rest])
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def chinese_year(year: int, zero: str = "〇") -> str:
    """A year digit by digit: ``二〇一八``; some documents print the circle ○ for zero.

    >>> chinese_year(2018), chinese_year(2010, "○")
    ('二〇一八', '二○一○')
    """
    return "".join(_CN_DIGITS[int(d)] for d in str(year)).replace("〇", zero)


def chinese_day(n: int) -> str:
    """Month or day numbers: ``一``, ``十``, ``十九``, ``二十五``, ``三十一``.

    >>> [chinese_day(n) for n in (1, 10, 19, 25, 31)]
    ['一', '十', '十九', '二十五', '三十一']
    """
    return chinese_count(n)


def fullwidth(text: str) -> str:
    """Arabic digits as full-width digits (the reader folds them back)."""
    return text.translate(_FULLWIDTH)


def thousands(n: int) -> str:
    """``10811`` → ``10,811``."""
    return f"{n:,}"


#: Date forms and their weights for dates in running text (the signature date has its own).
DATE_FORMS = {"cn": 60, "cn_pad": 6, "iso": 8, "dot": 5, "slash": 4, "spaced": 3, "chinese": 4, "fullwidth": 3}


def write_date(year: int, month: int, day: int, form: str) -> str:
    """A full date in one of the printed forms of ``DATE_FORMS``.

    >>> [write_date(2018, 1, 9, f) for f in ("cn", "cn_pad", "iso", "dot", "slash", "spaced", "chinese")]
    ['2018年1月9日', '2018年01月09日', '2018-01-09', '2018.1.9', '2018/1/9', '2018 年 1 月 9 日', '二〇一八年一月九日']
    """
    if form == "cn":
        return f"{year}年{month}月{day}日"
    if form == "cn_pad":
        return f"{year}年{month:02d}月{day:02d}日"
    if form == "iso":
        return f"{year}-{month:02d}-{day:02d}"
    if form == "dot":
        return f"{year}.{month}.{day}"
    if form == "slash":
        return f"{year}/{month}/{day}"
    if form == "spaced":
        return f"{year} 年 {month} 月 {day} 日"
    if form == "chinese":
        return f"{chinese_year(year)}年{chinese_day(month)}月{chinese_day(day)}日"
    if form == "chinese_circle":
        return f"{chinese_year(year, '○')}年{chinese_day(month)}月{chinese_day(day)}日"
    if form == "fullwidth":
        return fullwidth(f"{year}年{month}月{day}日")
    raise ValueError(f"unknown date form {form!r}")


def write_month_day(month: int, day: int, form: str) -> str:
    """The second end of a range whose year carries over: ``12月31日``."""
    if form in ("chinese", "chinese_circle"):
        return f"{chinese_day(month)}月{chinese_day(day)}日"
    if form == "cn_pad":
        return f"{month:02d}月{day:02d}日"
    if form == "fullwidth":
        return fullwidth(f"{month}月{day}日")
    return f"{month}月{day}日"


def lost_digit_date(year: int, month: int, day: int) -> str:
    """A date whose 年/月 were lost in extraction: ``202011日`` for 2020年1月1日.

    >>> lost_digit_date(2020, 1, 1), lost_digit_date(2020, 12, 31)
    ('202011日', '20201231日')
    """
    return f"{year}{month}{day}日"


def iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


#: 文号 bracket variants seen in real reports, with weights; "std" is 〔〕.
DOC_NUMBER_FORMS = {"std": 80, "square": 5, "paren": 4, "lenticular": 3, "small": 3, "ascii_paren": 2}
#: Broken 文号 forms (noise): a lost bracket, or a stray bracket after the issuer.
BROKEN_DOC_NUMBER_FORMS = {"lost_open": 4, "lost_close": 3, "stray": 2, "square": 3, "lenticular": 1}


def write_doc_number(issuer: str, year: int, serial: int, form: str) -> str:
    """A 文号 as printed. Every form normalises to ``{issuer}〔{year}〕{serial}号``.

    >>> [write_doc_number("华政办", 2018, 2, f) for f in ("std", "square", "lost_open", "lost_close", "stray")]
    ['华政办〔2018〕2号', '华政办[2018]2号', '华政办2018〕2号', '华政办〔20182号', '华政办）〔2018〕2号']
    """
    brackets = {"std": "〔〕", "square": "[]", "paren": "（）", "lenticular": "【】", "small": "﹝﹞",
                "ascii_paren": "()"}
    if form in brackets:
        left, right = brackets[form]
        return f"{issuer}{left}{year}{right}{serial}号"
    if form == "lost_open":
        return f"{issuer}{year}〕{serial}号"
    if form == "lost_close":
        return f"{issuer}〔{year}{serial}号"
    if form == "stray":
        return f"{issuer}）〔{year}〕{serial}号"
    raise ValueError(f"unknown 文号 form {form!r}")


def doc_number_record(printed: str, issuer: str, year: int, serial: int) -> dict:
    """The record.md object for a 文号."""
    return {"text": printed, "normalized": f"{issuer}〔{year}〕{serial}号", "issuer": issuer,
            "year": year, "serial": serial}


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    """One key of ``weights``, drawn with its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def write_count(rng: random.Random, value: int | float, unit: str, *, approximate: float = 0.0,
                chinese: float = 0.0, full_width: float = 0.0) -> tuple[str, int | float, bool]:
    """A count as prose prints it with its measure word; returns (text, printed value, approximate).

    An approximation rounds the value down and adds 余/多 (or 近/约 in front, rounding to the
    nearest): the printed number is what the record keeps.

    >>> write_count(random.Random(0), 12, "件")
    ('12件', 12, False)
    """
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}{unit}", value, False
    value = int(value)
    if value >= 20 and rng.random() < approximate:
        magnitude = 10 ** (len(str(value)) - 1)
        if magnitude >= 100 and rng.random() < 0.5:
            magnitude //= 10
        shown = value // magnitude * magnitude
        word = rng.choice(["余", "余", "多", "近", "约", "以上"])
        if word in ("近", "约"):
            shown = round(value / magnitude) * magnitude
            return f"{word}{shown}{unit}", shown, True
        if word == "以上":
            return f"{shown}{unit}以上", shown, True
        return f"{shown}{word}{unit}", shown, True
    # never 零件/零条: a zero is written in digits
    if 0 < value <= 99 and rng.random() < chinese or value in (100, 200, 300, 500, 1000) and rng.random() < chinese / 3:
        return f"{chinese_count(value)}{unit}", value, False
    text = str(value)
    if value >= 1000 and rng.random() < 0.08:
        text = thousands(value)
    if rng.random() < full_width:
        text = fullwidth(text)
    return f"{text}{unit}", value, False
