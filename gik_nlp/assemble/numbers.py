"""Numbers and quantities as reports print them: ``7254``, ``７２５４``, ``7,254``, ``三千二百余条``.

``parse_number`` reads a number, ``parse_quantity`` a STAT_VALUE span (number, measure
word, approximation), ``find_quantities`` every quantity in a text (a table cell, a
clause of prose). Rules (record.md, "Numbers"):

- digits may be ASCII or full-width, grouped by ``,``/``，`` in threes, with a decimal
  point and a sign (``+1036``, ``-3``);
- Chinese numerals, plain (三千二百, 两万, 十二, 一百零五, 〇/零), financial
  (壹仟贰佰叁拾), positional (二〇一七), colloquial (a last digit without 零 counts in
  the place below the multiplier before it: 三千二 = 3200, 两万五 = 25000, 1万5 = 15000),
  with 点 decimals (三点五), and mixed with digits (3千, 1.2万; but 十/百/千 only after a
  single digit, so 7254百 is not a number);
- 万 and 亿 directly followed by a measure word are part of the unit, as printed
  (record.md: "Amounts stay in the printed unit (万元 stays 万元)"): ``123.45万元`` is
  123.45 万元, ``6.8万份`` is 6.8 万份, ``3万人次`` 3 万人次; as a plain multiplier, with
  no measure word right after them, they multiply (``两万`` and ``1.2万`` are 20000 and
  12000, ``2万余份`` is 20000 份, ``三万二千人`` 32000 人);
- 余/多/几/来 after the number, 以上/左右/上下/有余/之多 after the measure word and
  约/近/逾/超过/不少于… before the number keep the number and set ``approximate``;
- a value that is not printed (``""``, ``/``, ``—``, ``——``, ``-``, ``不适用``) is
  None, never 0; so is ``无``: a table's 无 says "nothing to report", and only a printed
  0 or a negation in prose is a 0 (record.md, the assembler handles negations).

A span of ``find_quantities`` keeps ``（次）`` (``300人（次）``) so that it reads back to
the same Quantity; annotation.md tags only ``300人`` as the STAT_VALUE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from gik_nlp.assemble.dates import find_dates
from gik_nlp.assemble.docno import find_doc_numbers

__all__ = ["Quantity", "UNITS", "parse_number", "parse_quantity", "find_quantities", "shown"]


@dataclass(frozen=True)
class Quantity:
    """A number with its measure word, e.g. ``200余条`` → (200, "条", approximate=True).

    value: int when the number is integral, else float; amounts stay in the printed
        unit (``123.45万元`` → 123.45, "万元").
    unit: the measure word as ``UNITS`` spells it (``人（次）`` → ``人次``), ``%`` for a
        percentage, ``""`` for a bare number.
    approximate: the report gives a rounded or bounded figure (余, 多, 约, 近, 以上 …).
    """

    value: int | float
    unit: str
    approximate: bool


#: Measure words read after a number. A unit is matched by trying these in order and
#: taking the first that the text starts with, so a longer unit must come before any
#: unit that is its prefix: 人次 before 人, 个工作日 and 个月 before 个, 万元 before 元.
#: 万/亿 directly before any of these start the unit (万份, 万人次: ``_big_unit``). 余 is not
#: a unit but an approximation, 年/月/日 are not units but dates.
UNITS: tuple[str, ...] = (
    "个工作日", "个百分点",
    "个月", "人次", "件次", "场次", "批次", "户次", "册次", "万元", "亿元", "小时", "分钟", "大类", "小类",
    "条", "件", "次", "篇", "个", "人", "元", "项", "家", "场", "期", "份", "批", "户", "宗", "名", "位",
    "本", "册", "张", "处", "所", "座", "块", "组", "类", "种", "部", "封", "起", "例", "天", "页", "幅",
    "台", "套", "则", "轮", "%", "‰",
)

# Digits, the full-width sign, point and percent read as ASCII; one character for one,
# so offsets found in the translated text hold in the original.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－−．％", "0123456789+--.%")

_CN_ZERO = "〇○零"
_CN_DIGIT_VALUE = {
    **{ch: 1 for ch in "一壹"}, **{ch: 2 for ch in "二贰貳两兩"}, **{ch: 3 for ch in "三叁參"},
    **{ch: 4 for ch in "四肆"}, **{ch: 5 for ch in "五伍"}, **{ch: 6 for ch in "六陆陸"},
    **{ch: 7 for ch in "七柒"}, **{ch: 8 for ch in "八捌"}, **{ch: 9 for ch in "九玖"},
}
_CN_SMALL_UNIT = {**{ch: 10 for ch in "十拾"}, **{ch: 100 for ch in "百佰"}, **{ch: 1000 for ch in "千仟"}}
_CN_BIG_UNIT = {**{ch: 10_000 for ch in "万萬"}, **{ch: 100_000_000 for ch in "亿億"}}
_CN_NUMERAL_CHARS = _CN_ZERO + "".join(_CN_DIGIT_VALUE) + "".join(_CN_SMALL_UNIT) + "".join(_CN_BIG_UNIT)

# An Arabic number: grouped thousands first, so "7,254" is not read as 7.
_ARABIC = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?")

# Words around a number that make it approximate. Longest first in each alternation,
# so that 大约 is not read as 约 after an unread 大.
_APPROX_BEFORE = ("不少于", "不低于", "不超过", "大约", "将近", "接近", "超过", "多达", "不足", "不到",
                  "约", "近", "逾")
_APPROX_AFTER_NUMBER = "余多几来"
_APPROX_AFTER_UNIT = ("以上", "左右", "上下", "有余", "之多")
# Words before a number that say nothing about it (parse_quantity skips them).
_NEUTRAL_BEFORE = ("共计", "合计", "累计", "总计", "共", "计", "达")
# Printed "no value": record.md, these never become 0.
_NOT_VALUES = frozenset({"", "/", "／", "\\", "无", "暂无", "没有", "空", "不适用", "未", "—", "——",
                         "-", "--", "－", "－－", "–", "―", "…", "……", "×", "*"})
# Words that start with a measure word but are not one: 六部分 is "six parts", not 6 部;
# 一次性 is "one-off".
_NOT_UNIT_WORDS = ("部分", "部门", "次性", "条例", "条件", "项目", "名称", "名单", "期间", "处理", "所有",
                   "起草", "起诉", "批准", "场所", "家庭", "种类", "类别", "类型", "本级", "台账", "组织",
                   "组成", "件事", "天然")
_DASHES = frozenset("-—–―－_/／ 　")
_FREE_UNIT = re.compile(r"[\u4e00-\u9fff]{1,3}")
# A second measure word in brackets or after a slash: 人（次）, 人/次, 片（条）.
_UNIT_ALTERNATIVE = re.compile(r"[（(]([\u4e00-\u9fff]{1,2})[）)]|/([\u4e00-\u9fff])")


def _to_python(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _digit_value(ch: str) -> int | None:
    if ch in _CN_ZERO:
        return 0
    return _CN_DIGIT_VALUE.get(ch)


@dataclass(frozen=True)
class _Token:
    kind: str  # "num" (a digit or an Arabic number), "zero", "small" (十百千), "big" (万亿)
    value: Decimal
    end: int
    arabic: bool = False


def _measure_word(text: str, pos: int) -> str:
    """The measure word of ``UNITS`` that ``text`` has at ``pos`` ("" when none)."""
    unit = next((u for u in UNITS if text.startswith(u, pos)), "")
    return "" if unit and text.startswith(_NOT_UNIT_WORDS, pos) else unit


def _free_word(text: str, pos: int) -> str:
    """A measure word outside ``UNITS`` that is all the text left from ``pos`` (an
    approximation word after it aside): ``平方米`` in ``3万平方米``; "" when none."""
    free = _FREE_UNIT.match(text, pos)
    if not free or text[pos] in _APPROX_AFTER_NUMBER or any(ch in _CN_NUMERAL_CHARS for ch in free[0]):
        return ""
    word = free[0]
    for suffix in _APPROX_AFTER_UNIT:
        at = word.find(suffix)
        if at >= 0:
            word = word[:at]
    rest = text[pos + len(word):]
    return word if word and (not rest or rest in _APPROX_AFTER_UNIT) else ""


def _big_unit(text: str, pos: int, free_unit: bool) -> str:
    """The unit starting with 万/亿 at ``pos`` (``万份``, ``亿元``), "" when the character
    there is no 万/亿 directly followed by a measure word (then it multiplies)."""
    if pos >= len(text) or text[pos] not in _CN_BIG_UNIT:
        return ""
    word = _measure_word(text, pos + 1) or (_free_word(text, pos + 1) if free_unit else "")
    if not word or word[0] in _CN_BIG_UNIT:
        return ""   # 二万万元: the first 万 multiplies, the second starts 万元
    return ("万" if _CN_BIG_UNIT[text[pos]] == 10_000 else "亿") + word


def _tokens(text: str, pos: int, stop_at_units: bool, free_unit: bool = False) -> list[_Token]:
    """The numeral tokens from ``pos`` on; ``stop_at_units`` stops before a 万/亿 that
    starts a measure word (``万元``, ``万份``; ``free_unit``: also one outside UNITS)."""
    tokens: list[_Token] = []
    i, n = pos, len(text)
    while i < n:
        arabic = _ARABIC.match(text, i)
        if arabic:
            if tokens and tokens[-1].kind == "num":
                break
            tokens.append(_Token("num", Decimal(re.sub("[,，]", "", arabic.group())), arabic.end(), True))
            i = arabic.end()
            continue
        ch = text[i]
        if ch in _CN_ZERO:
            tokens.append(_Token("zero", Decimal(0), i + 1))
        elif ch in _CN_DIGIT_VALUE:
            tokens.append(_Token("num", Decimal(_CN_DIGIT_VALUE[ch]), i + 1))
        elif ch in _CN_SMALL_UNIT:
            tokens.append(_Token("small", Decimal(_CN_SMALL_UNIT[ch]), i + 1))
        elif ch in _CN_BIG_UNIT:
            # 万 after a 亿 is inside the numeral (一亿一千万条 is 110000000 条)
            inside = _CN_BIG_UNIT[ch] == 10_000 and any(t.kind == "big" and t.value > 10_000 for t in tokens)
            if stop_at_units and not inside and _big_unit(text, i, free_unit):
                break
            tokens.append(_Token("big", Decimal(_CN_BIG_UNIT[ch]), i + 1))
        elif ch == "点" and tokens and tokens[-1].kind in ("num", "zero") and i + 1 < n \
                and _digit_value(text[i + 1]) is not None:
            # 三点一四: the digits after 点 are a decimal fraction of the number before it.
            j, fraction = i + 1, ""
            while j < n and _digit_value(text[j]) is not None:
                fraction += str(_digit_value(text[j]))
                j += 1
            last = tokens.pop()
            tokens.append(_Token("num", last.value + Decimal("0." + fraction), j, last.arabic))
            i = j
            continue
        else:
            break
        i += 1
    return tokens


def _positional(tokens: list[_Token]) -> Decimal | None:
    """二〇一七 → 2017: digits without multipliers, read place by place."""
    if len(tokens) == 1:
        return tokens[0].value
    if any(t.arabic for t in tokens):
        return None
    value = Decimal(0)
    for token in tokens:
        value = value * 10 + token.value
    return value


def _evaluate(tokens: list[_Token]) -> Decimal | None:
    """The value of a numeral's tokens, or None when they do not form one."""
    if not tokens:
        return None
    if all(t.kind in ("num", "zero") for t in tokens):
        return _positional(tokens)
    total = current = section = Decimal(0)  # above 亿, 万 part, part below 万
    number: Decimal | None = None
    last_small: Decimal | None = None  # the multiplier just used in this section
    last_unit: Decimal | None = None  # the multiplier just used at all
    last_big: Decimal | None = None
    zero_seen = number_arabic = False
    for token in tokens:
        if token.kind == "zero":
            if number is not None:
                return None
            zero_seen = True
        elif token.kind == "num":
            if number is not None:
                return None
            number, number_arabic = token.value, token.arabic
        elif token.kind == "small":
            if last_small is not None and token.value >= last_small:
                return None  # 一百千
            if number is not None and number_arabic and number >= 10:
                return None  # 3千 is 3000, but 7254百 is no number
            if number is None:
                # 十二 means 一十二; 百余人 means 一百; otherwise a multiplier needs a number.
                if not (token.value == 10 or (section == 0 and last_small is None)):
                    return None
                number = Decimal(1)
            section += number * token.value
            number, last_small, last_unit, zero_seen = None, token.value, token.value, False
        else:  # big
            part = section + (number if number is not None else 0)
            if token.value == 10_000:
                if part == 0 or last_big == 10_000:
                    return None  # 万 alone, 一万二万
                current += part * token.value
            else:
                part += current  # 三万亿: the 万 part is multiplied too
                if part == 0:
                    return None
                total = (total + part) * token.value
                current = Decimal(0)
            section, number, last_small, last_unit, last_big, zero_seen = (
                Decimal(0), None, None, token.value, token.value, False)
    if number is not None and last_unit is not None and not zero_seen \
            and number == number.to_integral_value() and 1 <= number <= 9:
        # Colloquial: 三千二 is 3200, 两万五 (1万5) 25000 (15000), and 十二 12 by the same rule.
        number *= last_unit / 10
    return total + current + section + (number if number is not None else 0)


def _read_numeral(text: str, pos: int, stop_at_units: bool, free_unit: bool = False
                  ) -> tuple[int, Decimal] | None:
    """The longest numeral at ``pos``: (end, value)."""
    tokens = _tokens(text, pos, stop_at_units, free_unit)
    for k in range(len(tokens), 0, -1):
        value = _evaluate(tokens[:k])
        if value is not None:
            return tokens[k - 1].end, value
    return None


def parse_number(text: str) -> int | float | None:
    """Read a number printed alone; None when ``text`` is not exactly a number.

    万 and 亿 after digits multiply (``1.2万`` → 12000); a measure word, a unit or any
    other text makes it not a number (use ``parse_quantity``). A sign is kept.

    >>> parse_number("7254"), parse_number("７２５４"), parse_number("7,254"), parse_number("7，254")
    (7254, 7254, 7254, 7254)
    >>> parse_number("123.45"), parse_number("+1036"), parse_number("-3"), parse_number("5.0")
    (123.45, 1036, -3, 5)
    >>> parse_number("三千二百"), parse_number("两万"), parse_number("十二"), parse_number("一百零五")
    (3200, 20000, 12, 105)
    >>> parse_number("〇"), parse_number("零"), parse_number("壹仟贰佰叁拾"), parse_number("二〇一七")
    (0, 0, 1230, 2017)
    >>> parse_number("3千"), parse_number("1.2万"), parse_number("三千二"), parse_number("三点五")
    (3000, 12000, 3200, 3.5)
    >>> parse_number("7254条"), parse_number("无"), parse_number(""), parse_number("一百千")
    (None, None, None, None)
    """
    core = text.strip().translate(_FULL_WIDTH)
    sign = 1
    if core[:1] in ("+", "-"):
        sign, core = (-1 if core[0] == "-" else 1), core[1:]
    if not core:
        return None
    read = _read_numeral(core, 0, stop_at_units=False)
    if read is None or read[0] != len(core):
        return None
    return _to_python(sign * read[1])


def _skip_spaces(text: str, pos: int) -> int:
    while text[pos:pos + 1] in (" ", "\u3000"):
        pos += 1
    return pos


def _approx_prefix(text: str, end: int) -> int:
    """Start of an approximation word that ends at ``end`` (``end`` when there is none)."""
    for word in _APPROX_BEFORE:
        start = end - len(word)
        if start >= 0 and text.startswith(word, start):
            # 最近/附近/临近 are not "nearly".
            if word == "近" and start > 0 and text[start - 1] in "最附临靠接将":
                continue
            return start
    return end


def _read_tail(text: str, pos: int, free_unit: bool) -> tuple[int, str, bool]:
    """Approximation, unit and trailing approximation after a number: (end, unit, approximate)."""
    approximate = False
    after = pos + 1 if text[pos:pos + 1] in (" ", "\u3000") else pos   # "5500 余条" (a PDF's text layer)
    if after < len(text) and text[after] in _APPROX_AFTER_NUMBER:
        approximate, pos = True, after + 1
    spaced = pos + 1 if text[pos:pos + 1] in (" ", "\u3000") else pos  # "共计1362 项"
    unit = _big_unit(text, spaced, free_unit) or _measure_word(text, spaced)
    if unit:
        pos = spaced + len(unit)
    elif free_unit:
        free = _FREE_UNIT.match(text, pos)
        if free and not any(free[0].startswith(w) for w in _APPROX_AFTER_UNIT):
            word = free[0]
            for suffix in _APPROX_AFTER_UNIT:  # 5组以上: keep 以上 out of the unit
                at = word.find(suffix)
                if at > 0:
                    word = word[:at]
            unit, pos = word, pos + len(word)
    alternative = _UNIT_ALTERNATIVE.match(text, pos) if unit else None
    second = (alternative[1] or alternative[2]) if alternative else ""
    if second in UNITS:
        # 300人（次） and 300人/次 are 人次 (seed 001), 3万人（次） 万人次; 20余片（条） stays 片.
        assert alternative is not None
        pos = alternative.end()
        if unit.lstrip("万亿") + second in UNITS:
            unit += second
    for word in _APPROX_AFTER_UNIT:
        if text.startswith(word, pos):
            approximate, pos = True, pos + len(word)
            break
    return pos, unit, approximate


def parse_quantity(text: str) -> Quantity | None:
    """Read a STAT_VALUE span's text as a Quantity; None when it holds no value.

    A measure word outside ``UNITS`` is kept as printed when it is all the text left
    (``42组`` → 组, ``3名`` → 名). ``零件`` is 0 件: a tagged value is a number.

    >>> parse_quantity("7254")
    Quantity(value=7254, unit='', approximate=False)
    >>> parse_quantity("200余条")
    Quantity(value=200, unit='条', approximate=True)
    >>> parse_quantity("2872条"), parse_quantity("98%")
    (Quantity(value=2872, unit='条', approximate=False), Quantity(value=98, unit='%', approximate=False))
    >>> parse_quantity("123.45万元"), parse_quantity("约5万元")
    (Quantity(value=123.45, unit='万元', approximate=False), Quantity(value=5, unit='万元', approximate=True))
    >>> parse_quantity("250000元").value, parse_quantity("+1036").value, parse_quantity("0").value
    (250000, 1036, 0)
    >>> parse_quantity("300人（次）"), parse_quantity("300人次")
    (Quantity(value=300, unit='人次', approximate=False), Quantity(value=300, unit='人次', approximate=False))
    >>> [parse_quantity(t).approximate for t in ("近300人", "10项以上", "20多件", "三千余条", "300条左右")]
    [True, True, True, True, True]
    >>> parse_quantity("三千余条").value, parse_quantity("1.2万").value, parse_quantity("百分之九十八")
    (3000, 12000, Quantity(value=98, unit='%', approximate=False))
    >>> parse_quantity("6.8万份"), parse_quantity("2万余份")
    (Quantity(value=6.8, unit='万份', approximate=False), Quantity(value=20000, unit='份', approximate=True))
    >>> [parse_quantity(t) for t in ("", "/", "—", "——", "-", "－", "不适用", "无", "条")]
    [None, None, None, None, None, None, None, None, None]
    """
    core = text.strip().rstrip("，,。；;、：:").strip().translate(_FULL_WIDTH)
    if core in _NOT_VALUES or set(core) <= _DASHES:
        return None
    pos, approximate = 0, False
    for word in _NEUTRAL_BEFORE:
        if core.startswith(word):
            pos = _skip_spaces(core, pos + len(word))
            break
    for word in _APPROX_BEFORE:
        if core.startswith(word, pos):
            approximate, pos = True, _skip_spaces(core, pos + len(word))
            break
    percent = core.startswith("百分之", pos)
    if percent:
        pos += 3
    sign = 1
    if core[pos:pos + 1] in ("+", "-"):
        sign, pos = (-1 if core[pos] == "-" else 1), _skip_spaces(core, pos + 1)
    read = _read_numeral(core, pos, stop_at_units=True, free_unit=not percent)
    if read is None:
        return None
    end, value = read
    end, unit, approximate_after = _read_tail(core, end, free_unit=not percent)
    if end != len(core) or (percent and unit):
        return None
    return Quantity(_to_python(sign * value), "%" if percent else unit, approximate or approximate_after)


# ---------------------------------------------------------------- find_quantities

# Stretches whose digits are never quantities: phone and fax numbers, postcodes,
# web addresses and e-mail addresses.
_NOT_QUANTITIES = re.compile(r"""
    (?<!\d)0\d{2,3}[ \t]*[-—－–]+[ \t]*\d{7,8}(?!\d)                   # 0877-4963900, 0877— 4963900
  | (?<!\d)1[3-9]\d{9}(?!\d)                                            # mobile numbers
  | (?:电话|传真|热线|手机|邮编|邮政编码|QQ|qq)(?:号码)?[:：]?[ \t]*[\d \t\-—－–()（）]+  # labelled numbers
  | (?:https?://|www\.)[^\s，。；、）)】"”]+                             # web addresses
  | [A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+                                  # e-mail addresses
  | ^[ \t]*[-—–][ \t]*\d+[ \t]*[-—–][ \t]*$                             # page numbers: - 4 -
""", re.VERBOSE | re.MULTILINE)
_NEXT_VISIBLE = re.compile(r"[ \t\u3000]*(.?)")
# A number directly followed by one of these is part of a date, an address or a time,
# not a count: 2017年, 11月, 3日, 1号, 10时, 第3届, 2楼, 3层, 3点.
_NOT_COUNT_AFTER = frozenset("年月日号时届楼层版岁级点")
# Characters before 一 that make it part of a word (统一, 进一步, 唯一, 之一 …).
_WORD_BEFORE_ONE = frozenset("统进唯第之万同单每任逐其划专")
_NUMERAL_START = re.compile(rf"[0-9０-９{_CN_NUMERAL_CHARS}]")


def _masked(text: str) -> bytearray:
    """1 for every character inside a date, a 文号, a phone number or an address."""
    mask = bytearray(len(text))
    spans = [(s, e) for s, e, _ in find_dates(text)] + [(s, e) for s, e, _ in find_doc_numbers(text)]
    spans += [m.span() for m in _NOT_QUANTITIES.finditer(text)]
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _line_start(text: str, pos: int) -> bool:
    line_begin = text.rfind("\n", 0, pos) + 1
    return not text[line_begin:pos].strip(" \t\u3000|")


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every number with its measure word in ``text`` as ``(start, end, Quantity)``.

    Offsets are half-open; a span covers approximation words and ``（次）`` too, so
    ``parse_quantity(text[start:end])`` gives the same Quantity. Left out: dates
    (``2017年1月1日``), years (``2017年``), months, 文号, phone numbers, postcodes, web and
    e-mail addresses, addresses (``1号``), ordinals (``第二十条``), enumerators (``（一）``,
    ``1.``, ``2、``, ``（2）``), numbers with a leading 0 (index numbers), and Chinese
    numerals without a measure word (``一是``, ``三公经费``) or inside a word (``统一``).

    >>> [(s, e, q.value, q.unit) for s, e, q in find_quantities("累计公布各类政务信息7254条，答复咨询3次")]
    [(10, 15, 7254, '条'), (20, 22, 3, '次')]
    >>> [(text[s:e], q.approximate) for text in ["共受理群众依申请公开信息200余条"] for s, e, q in find_quantities(text)]
    [('200余条', True)]
    >>> [q.unit for _, _, q in find_quantities("培训2次，培训人员160人次；受训人员达300人（次）")]
    ['次', '人次', '人次']
    >>> find_quantities("2017年1月1日至12月31日，（易政办发〔2017〕45号），电话：0877— 4963900，邮编：651100")
    []
    >>> find_quantities("（一）组织领导\\n2.兼职人员数\\n第二十条第（一）项\\n一是加强领导")
    []
    >>> [(q.value, q.unit) for _, _, q in find_quantities("电子证照已存量6.8万份，网上预审通过率为5.01%")]
    [(6.8, '万份'), (5.01, '%')]
    """
    translated = text.translate(_FULL_WIDTH)
    mask = _masked(translated)
    found: list[tuple[int, int, Quantity]] = []
    cursor = 0
    for start_match in _NUMERAL_START.finditer(translated):
        pos = start_match.start()
        if pos < cursor:
            continue
        if mask[pos]:
            cursor = pos + 1
            continue
        read = _read_numeral(translated, pos, stop_at_units=True)
        if read is None:
            cursor = pos + 1
            continue
        cursor = read[0]  # a rejected numeral is rejected whole: 三千 is not tried again as 千
        quantity = _quantity_at(translated, mask, found[-1][1] if found else 0, pos, *read)
        if quantity is not None:
            found.append(quantity)
            cursor = quantity[1]
    return found


def _quantity_at(text: str, mask: bytearray, floor: int, pos: int, number_end: int,
                 value: Decimal) -> tuple[int, int, Quantity] | None:
    """The quantity whose numeral is ``text[pos:number_end]``, or None when it is no count.

    Words before the number (sign, 百分之, 约) are taken back to ``floor`` at most, the end
    of the quantity found before, so spans never overlap.
    """
    if any(mask[pos:number_end]):
        return None
    end, unit, approximate = _read_tail(text, number_end, free_unit=False)
    before = text[pos - 1] if pos else "\n"
    before2 = text[pos - 2] if pos >= 2 else "\n"
    after = text[number_end] if number_end < len(text) else "\n"
    after2 = text[number_end + 1] if number_end + 1 < len(text) else "\n"
    after_visible = _NEXT_VISIBLE.match(text, number_end)[1]  # type: ignore[index]
    chinese = not text[pos].isdigit()  # 三千二百 is checked as a word; 3千 and 6.8万 as digits
    start = pos
    signed = before in ("+", "-") and not (before2.isascii() and before2.isalnum() or before2 == "-")
    if not chinese and pos > floor and signed:
        start = pos - 1  # +1036
        value = -value if before == "-" else value
    if before == "第" or (not unit and after_visible in _NOT_COUNT_AFTER):
        return None  # 第二十条; 2017年, 11月, 1号
    if not unit and start - 3 >= floor and text.startswith("百分之", start - 3):
        start, unit = start - 3, "%"
    if not unit and after in ".、)）" and _line_start(text, pos):
        return None  # enumerators: 1.  2、 (2)
    if chinese:
        numeral = text[pos:number_end]
        if not unit or numeral[0] in _CN_ZERO or numeral[0] in _CN_BIG_UNIT:
            return None  # 一是, 三公经费, 零件
        if not any(ch in _CN_DIGIT_VALUE for ch in numeral) and numeral[0] not in "十拾":
            return None  # 千家万户, 百姓: a bare multiplier is a word, not a count
        if numeral == "一" and before in _WORD_BEFORE_ONE:
            return None  # 统一, 进一步, 之一
        if end < len(text) and _is_cjk(text[end]):
            return None  # 三个方面, 一项重要工作, 属于三类内部事务信息: a word, not a count
    else:
        if (before.isascii() and (before.isalnum() or before in "._")) or (after.isascii() and after.isalpha()):
            return None  # part of a code, a version or a file name
        if (after in ("-", "/", ":") and after2.isdigit()) or (before in ("-", "/", ":") and before2.isdigit()):
            return None  # 2024-00002, 1/3, 10:30
        if text[pos] == "0" and number_end - pos > 1 and text[pos + 1].isdigit():
            return None  # 014314799: an index or code number
        if not unit and after in (".", "、") and not after2.isdigit() and not after2.isspace():
            return None  # 1.政府网站 or 2、 enumerators inside a flattened row
        if before in ("(", "（") and after in (")", "）"):
            return None  # （2）
    prefix_start = _approx_prefix(text, start)
    if floor <= prefix_start < start:
        start, approximate = prefix_start, True
    return start, end, Quantity(_to_python(value), unit, approximate)


def shown(value: int | float) -> str:
    """A value as a warning prints it: a float without a trailing .0, an int as it is.

    >>> shown(12), shown(3.0), shown(0.03)
    ('12', '3', '0.03')
    """
    return f"{value:g}" if isinstance(value, float) else str(value)
