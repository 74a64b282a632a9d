"""Document numbers (文号): ``西政发〔2017〕12号`` however it was printed.

A 文号 is an issuer code, the year in brackets, a serial and 号. Reports print the
brackets in many ways and sometimes lose one; ``parse_doc_number`` reads one 文号 (a
DOCNO span's text), ``find_doc_numbers`` finds every 文号 in a text. Both give a
``DocNumber`` whose ``normalized`` form always uses 〔〕 and ASCII digits, so the same
document compares equal however it was printed (record.md, "Document numbers").

Rules, in the order they are applied:

- full-width digits read as digits (``〔２０１７〕`` is ``〔2017〕``);
- any opening bracket of ``OPEN_BRACKETS`` and any closing bracket of
  ``CLOSE_BRACKETS`` may stand for 〔 and 〕, also mixed (``〔2017]``);
- a lost opening bracket (``华政办2018〕2号``) or a lost closing bracket
  (``X政办秘〔201887号``) is restored: the year is always the first four digits and
  must be 19xx or 20xx, the serial is what follows;
- a stray closing bracket between issuer and year (``宁党办）〔2016〕67号``, from
  ``（宁党办）〔2016〕67号）``) is kept in ``text`` and dropped from issuer and
  normalized form;
- the serial keeps its printed digits (``〔2017〕001号`` stays ``001``), an optional
  ``第`` before it is dropped.
"""

from __future__ import annotations

import re

from gik_nlp.assemble.lines import STRAY_MARKS
from gik_nlp.types import DocNumber

__all__ = ["parse_doc_number", "find_doc_numbers", "issuer_start", "OPEN_BRACKETS", "CLOSE_BRACKETS"]

#: Printed stand-ins for 〔: the official one, ASCII and full-width square and round
#: brackets, 【】, the small ﹝ and ﹙ and 〖. Their order does not matter (a class).
OPEN_BRACKETS = "〔[［(（【﹝﹙〖｛{"
#: Printed stand-ins for 〕, matching ``OPEN_BRACKETS`` (pairs may be mixed in print).
CLOSE_BRACKETS = "〕]］)）】﹞﹚〗｝}"

# Full-width digits read as ASCII; one character for one, so offsets stay valid.
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# An issuer code is made of Chinese characters, sometimes with Latin letters
# (placeholders like "X政办秘" or codes like "ZJ政发").
_ISSUER_CHAR = r"\u3400-\u4dbf\u4e00-\u9fffA-Za-z"
_OPEN = re.escape(OPEN_BRACKETS)
_CLOSE = re.escape(CLOSE_BRACKETS)
_SP = r"[ \t\u3000\xa0]*"  # spaces a line may carry inside a 文号, never a line break

# Year part, the three printed shapes: 〔2017〕, 〔2017 (closing lost), 2017〕 (opening lost).
# A year is four digits 19xx/20xx, so in "〔201887号" the year is 2018 and the serial 87.
_YEAR_PART = rf"""
    (?:
        [{_OPEN}]{_SP}(?P<year>(?:19|20)\d\d)(?:{_SP}[{_CLOSE}])?   # 〔2017〕 or 〔2017
      | (?P<year_lost_open>(?:19|20)\d\d){_SP}[{_CLOSE}]            # 2017〕
    )
    {_SP}第?{_SP}(?P<serial>\d{{1,6}}){_SP}[号號]
"""

# One 文号 as a whole string (parse_doc_number): whatever is before the year part, but
# brackets and digits, is the issuer; leading brackets and quotes are stripped separately.
_WHOLE = re.compile(
    rf"""(?P<issuer>[^{_OPEN}{_CLOSE}0-9]+?){_SP}(?P<stray>[)）]?){_SP}{_YEAR_PART}""", re.VERBOSE)

# A 文号 inside running text (find_doc_numbers): the issuer is the run of issuer
# characters that ends at the year part; ``_trim_issuer`` then cuts off prose before it.
_IN_TEXT = re.compile(
    rf"""(?<![{_ISSUER_CHAR}])(?P<issuer>[{_ISSUER_CHAR}]+){_SP}(?P<stray>[)）]?){_SP}{_YEAR_PART}""",
    re.VERBOSE)

# Characters that never occur in an issuer code but often just before one in prose:
# the issuer starts after the last of them ("印发的国办发〔…" -> "国办发").
_BREAKERS = "的和与及或在为是于将对把被了即见按据照"
# Body names are never codes: "国务院办公厅国办发〔…" -> "国办发". Longest first so that
# 人民政府 is cut whole, not as 政府.
_BODY_SUFFIXES = ("人民政府办公室", "人民政府", "办公厅", "办公室", "委员会", "常委会")
# Words that introduce a cited 文号 in prose; stripped from the front of the issuer run.
# Longest first so that 贯彻落实 is stripped whole before 贯彻 could match.
_LEAD_WORDS = ("贯彻落实", "根据", "按照", "依据", "依照", "参照", "遵照", "对照", "印发", "下发",
               "转发", "出台", "制定", "执行", "落实", "贯彻", "详见", "通过", "文件", "精神", "要求",
               "规定", "通知", "经", "以", "由", "从")
#: The longest issuer code kept from running text; longer runs are prose before the code.
MAX_ISSUER_IN_TEXT = 10

_STRIP_LEAD = " \t\u3000\xa0\n（(《〈“\"'‘﹙" + STRAY_MARKS   # a mirror's stray mark the tagger took in
_STRIP_TAIL = " \t\u3000\xa0\n）)》〉”\"'’﹚，,。；;、"


def _make(text: str, issuer: str, year: int, serial: str) -> DocNumber:
    return DocNumber(text=text, normalized=f"{issuer}〔{year}〕{serial}号", issuer=issuer,
                     year=year, serial=int(serial))


def parse_doc_number(text: str) -> DocNumber | None:
    """Read one 文号 (a DOCNO span's text); None when it is not one.

    The issuer is everything before the year's bracket, without leading （《 and spaces;
    ``text`` is the input as given.

    >>> parse_doc_number("西政发〔2017〕12号")
    DocNumber(text='西政发〔2017〕12号', normalized='西政发〔2017〕12号', issuer='西政发', year=2017, serial=12)
    >>> parse_doc_number("西政發〔2017〕12號").normalized  # traditional copies: 號 reads as 号
    '西政發〔2017〕12号'
    >>> parse_doc_number("国办发[2016]80号").normalized
    '国办发〔2016〕80号'
    >>> parse_doc_number("易政办发（2017）45号").normalized
    '易政办发〔2017〕45号'
    >>> parse_doc_number("闽政【２０１７】３号").normalized
    '闽政〔2017〕3号'
    >>> parse_doc_number("华政办2018〕2号").normalized          # opening bracket lost
    '华政办〔2018〕2号'
    >>> parse_doc_number("X政办秘〔201887号").normalized        # closing bracket lost
    'X政办秘〔2018〕87号'
    >>> d = parse_doc_number("宁党办）〔2016〕67号")            # stray bracket after the issuer
    >>> d.issuer, d.normalized, d.text
    ('宁党办', '宁党办〔2016〕67号', '宁党办）〔2016〕67号')
    >>> parse_doc_number("（易政办函〔2017〕36号）").issuer, parse_doc_number("？侯水利〔2011〕47号").normalized
    ('易政办函', '侯水利〔2011〕47号')
    >>> parse_doc_number("〔2017〕12号") is None, parse_doc_number("2017年12号") is None
    (True, True)
    """
    core = text.translate(_DIGITS).strip(_STRIP_LEAD).rstrip(_STRIP_TAIL)
    match = _WHOLE.fullmatch(core)
    if not match:
        return None
    issuer = match["issuer"].strip(_STRIP_LEAD).rstrip(CLOSE_BRACKETS + _STRIP_LEAD)
    if not issuer:
        return None
    year = match["year"] or match["year_lost_open"]
    return _make(text, issuer, int(year), match["serial"])


def _trim_issuer(run: str) -> str:
    """The issuer code at the end of a run of characters that ends at a 文号's year."""
    cut = max(run.rfind(ch) for ch in _BREAKERS)
    if cut >= 0:
        run = run[cut + 1:]
    for suffix in _BODY_SUFFIXES:
        at = run.rfind(suffix)
        if at >= 0 and at + len(suffix) < len(run):
            run = run[at + len(suffix):]
            break
    stripped = True
    while stripped:
        stripped = False
        for word in _LEAD_WORDS:
            if run.startswith(word) and len(run) > len(word):
                run = run[len(word):]
                stripped = True
                break
    return run[-MAX_ISSUER_IN_TEXT:]


def issuer_start(text: str, year_at: int) -> int:
    """Where the issuer code starts whose year bracket opens at ``text[year_at]``, read as
    ``find_doc_numbers`` reads it (the run of issuer characters before it, cut at the words that
    introduce it); ``year_at`` when none is printed.

    >>> t = "按照国办公开办函〔2019〕60、61号文件要求"
    >>> t[issuer_start(t, t.index("〔")):t.index("〔")]
    '国办公开办函'
    >>> issuer_start("〔2019〕52号", 0)
    0
    """
    run = re.search(rf"[{_ISSUER_CHAR}]+$", text[max(0, year_at - 4 * MAX_ISSUER_IN_TEXT):year_at])
    return year_at - len(_trim_issuer(run.group())) if run else year_at


def find_doc_numbers(text: str) -> list[tuple[int, int, DocNumber]]:
    """Every 文号 in ``text`` as ``(start, end, DocNumber)``, in text order.

    Offsets are half-open into ``text``; the span runs from the issuer to 号, without
    surrounding （）, a stray bracket after the issuer included (annotation.md, DOCNO).
    The issuer of a 文号 run into prose ("按照国办发〔2016〕80号") is cut at the words that
    introduce it, so it may still be too long when nothing marks where the code starts.

    >>> [(s, e, d.normalized) for s, e, d in find_doc_numbers("印发《办法》（易政办发〔2017〕9号），修订")]
    [(7, 19, '易政办发〔2017〕9号')]
    >>> [d.text for _, _, d in find_doc_numbers("《通知》（宁党办）〔2016〕67号）和﹙宁政办发〔2015〕64号）")]
    ['宁党办）〔2016〕67号', '宁政办发〔2015〕64号']
    >>> [d.normalized for _, _, d in find_doc_numbers("按照国办发[2016]80号文件要求")]
    ['国办发〔2016〕80号']
    >>> [d.normalized for _, _, d in find_doc_numbers("华政办2018〕2号\\n关于2017年度")]
    ['华政办〔2018〕2号']
    >>> find_doc_numbers("地址：政府街17号，2018年1月25日")
    []
    """
    found: list[tuple[int, int, DocNumber]] = []
    translated = text.translate(_DIGITS)
    for match in _IN_TEXT.finditer(translated):
        issuer = _trim_issuer(match["issuer"])
        if not issuer:
            continue
        start = match.end("issuer") - len(issuer)
        year = match["year"] or match["year_lost_open"]
        found.append((start, match.end(), _make(text[start:match.end()], issuer, int(year), match["serial"])))
    return found
