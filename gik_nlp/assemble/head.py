"""The head of the record from what pages print: ``agency`` and ``published``, with evidence.

Web pages print the report's body and date in more places than a signature: a metadata block
(``发布机构：X局``, ``来源：X``, ``发布时间：2022-02-08 16:34``, ``成文日期 | 2018-01-05``), the
title (``X人民政府2017年政府信息公开工作年度报告``), a publishing sentence (``现公布X2017年政府信息
公开工作年度报告``), a contact sentence (``如对本报告有任何疑问，请与X联系``). The order of trust
(docs/spec/record.md; annotation decisions 3 and 5):

- ``published``: the signature date → 成文日期 / 发文日期 → 发布日期 / 发布时间 / 公开日期 /
  发表日期 (the page's metadata) → 填报日期 → a date alone on a line below the title → a date in
  a sentence that publishes the report. A date before the covered year is never the report's.
- ``agency``: the signature → 发布机构 / 发布单位 / 信息来源 / 来源 / 单位 metadata → the title's
  body → the body a publishing sentence names → the body that says it compiles the report →
  the contact body of the preamble → a place opening the page's head → for a 我局 / 我区 / 我办
  report the body it prints (tagged, or untagged in a 《》 title, website or office name) → an
  untagged place or body a paragraph opens with. Spam spliced into a name is cut (``sites``); the
  fullest printed form of the chosen name is kept (``张义镇人民政府`` → ``凉州区张义镇人民政府``,
  ``市教育局`` → ``铜仁市教育局``, ``X(以下简称Y)``: Y → X where the page prints that); a report
  that names itself only 我局 / 本机关 and prints no name gets null.

Each found value carries its evidence: which of these sources gave it and the offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from gik_nlp.assemble.dates import find_dates, parse_date
from gik_nlp.assemble.fields import simplified
from gik_nlp.assemble.lines import STRAY_MARKS, spans_in, spans_of
from gik_nlp.types import Span

#: Metadata keys of a date, strongest first (decision 3): the document's own date, then the page's.
DOCUMENT_DATE_KEYS = ("成文日期", "发文日期", "印发日期")
PAGE_DATE_KEYS = ("发布日期", "发布时间", "公开日期", "公开时间", "发表日期", "发表时间", "发稿时间")
#: Bare keys a page prints its date under; only at a line start or after a separator.
BARE_DATE_KEYS = ("日期", "时间")
#: Metadata keys of the publishing body, strongest first.
AGENCY_KEYS = ("发布机构", "发布单位", "发文机关", "发文单位", "信息来源", "文章来源", "来源", "单位")
#: How far (characters) after its key a metadata value may start (spaces, ``|`` cells, a colon).
VALUE_GAP = 6
#: A metadata value ends at a line end or at the next key.
#: A metadata key as printed before its value (``发布机构：``).
_FIELD_KEY = r"[\u4e00-\u9fff]{2,5}\s*[:：]"
_VALUE_END = re.compile(r"\n|\s{2,}|\s*\|\s*\||" + _FIELD_KEY + "|浏览|点击|阅读|字体|作者|编辑|时间|日期")
#: A year as printed: Arabic digits or Chinese numerals (二〇一六, 二○一六).
CHINESE_YEAR = "[二〇一三四五六七八九○零]{4}"
YEAR = rf"(?:\d{{4}}|{CHINESE_YEAR})"
#: The disclosure work a report's title names (政府信息公开 before its parts).
DISCLOSURE_WORK = "(?:政府信息公开|政务公开|信息公开)"
#: What a place's name ends with (自治区 and 自治州 end in 区 and 州).
PLACE_END = "(?:省|市|县|区|州|盟|旗|镇|乡|街道)"
#: The levels a place's name ends with, a county and up (a run of places: 某某省某某县) …
_COUNTY_LEVELS = "省|自治区|市|自治州|州|地区|盟|县|自治县|区|旗"
#: … and down to a township (某某省某某县某某镇).
_PLACE_LEVELS = _COUNTY_LEVELS + "|镇|乡|街道"
_PLACE_PREFIX = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:" + _PLACE_LEVELS + "))+$")
_LEVEL_FIRST = re.compile(r"^(?:省|市|县|区|州|旗|镇|乡)")
_PUBLISHING = re.compile(r"(?:现予?|特|特此|现将|向社会)(?:公布|公开|发布|予以公布)|编制(?:发布)?了?|现将")
_CONTACT = re.compile(r"(?:请与|请联系|请联络|联系单位[:：]?|联系方式[:：]?)")
_NOT_A_BODY = re.compile(r"本站|原创|本网|网站|门户|平台|首页|万元|^万|^元|^个|^人|管理组|^统计(?:数|指标)|"
                         r"^[厅局委部处室]?(?:办公室|办公厅|综合科|综合处|信息中心)$")
#: What follows a body's name in a contact sentence and is not part of it (its office, section, work).
_CONTACT_TAIL = re.compile(r"(?:政务公开|信息公开|电子政务|政府信息|办公室|办公厅|党政办|党政|综合|办事处|"
                           r"[\u4e00-\u9fff]{0,6}[科处股室组]|[\u4e00-\u9fff()（）]{0,20}(?:公开|政务|信息)"
                           r"[\u4e00-\u9fff()（）]{0,10}领导小组(?:办公室)?)[\u4e00-\u9fff]{0,12}$")
_CONTACT_BODY_END = re.compile(r"人民政府|政府|委员会|办事处|办公室|办公厅|局|厅|部|署|委|镇|乡|街道|县|市|区|旗")
_WORK = re.compile(r"政务公开|信息公开|电子政务|政府信息|党政|综合")
#: A sub-office a metadata field may name where the title names its body (X人民政府办公室 → X人民政府).
_OFFICE_SUFFIX = re.compile(r"(?:办公室|办公厅)$")
#: What a bare place's body is printed as, in the order tried.
_PLACE_BODIES = ("人民政府", "政府", "街道办事处", "办事处")
_BARE_PLACE = re.compile(PLACE_END + "$")


@dataclass(frozen=True)
class Found:
    """A head value and its evidence: which source gave it and where it is printed."""

    value: str
    source: str
    span: tuple[int, int]

    def evidence(self) -> dict[str, Any]:
        return {"source": self.source, "span": list(self.span)}


#: What follows a metadata key: a colon (after spaces or ``|`` cells), or a value after spaces or cells.
_KEY_FOLLOWED = re.compile(r"[\s|│]*[:：]|[\s|│]+\S")


def _key_positions(view: str, keys: Sequence[str], bare: bool = False) -> list[tuple[int, int, str]]:
    """(start, end of key, key) of each metadata key in the text, in text order."""
    found = []
    for key in keys:
        for m in re.finditer(re.escape(key), view):
            before = view[m.start() - 1] if m.start() else "\n"
            after = view[m.end():m.end() + VALUE_GAP]
            if bare and not (before in "\n \t|│　" or before.isspace()):
                continue
            if not _KEY_FOLLOWED.match(after):
                continue
            found.append((m.start(), m.end(), key))
    return sorted(found)


#: A metadata key where a value would start: the field is empty.
_KEY_AHEAD = re.compile(_FIELD_KEY)
#: The line breaks (and blank cells) between a key ending its line and its value below it.
_LINES_DOWN = re.compile(r"\n[\s|│]*")


def _value_bounds(view: str, key_end: int) -> tuple[int, int]:
    """Where a metadata value sits after its key: skip spaces, ``|`` cells and a colon; stop at the next field.
    A key that ends its line has its value on the next line holding text (a table printed a cell per line).

    >>> v = "发布机构:\\n\\n白洋街道\\n文号:\\n\\n公开日期:\\n2015-07-10"
    >>> [v[slice(*_value_bounds(v, v.index(k) + len(k)))] for k in ("发布机构", "文号", "公开日期")]
    ['白洋街道', '', '2015-07-10']
    """
    start = key_end
    while start < len(view) and start - key_end <= VALUE_GAP and view[start] in " \t　|│:：":
        start += 1
    below = _LINES_DOWN.match(view, start)
    if below and below.end() - key_end <= VALUE_GAP:
        if _KEY_AHEAD.match(view, below.end()):
            return start, start  # an empty field, the next key below it
        start = below.end()
    m = _VALUE_END.search(view, start + 1)
    end = m.start() if m else len(view)
    return start, min(end, start + 60)


def metadata_date(view: str, keys: Sequence[str], year: int | None, bare: bool = False,
                  fits: Callable[[str, int | None], bool] | None = None) -> Found | None:
    """The first date printed as the value of one of ``keys`` (``发布时间：2022-02-08 16:34`` → 2022-02-08)
    that ``fits`` the covered year (default: ``plausible``)."""
    fits = fits or plausible
    for _, key_end, key in _key_positions(view, keys, bare):
        start, _ = _value_bounds(view, key_end)
        for d_start, d_end, iso in find_dates(view[start:start + 20]):
            if d_start == 0 and fits(iso, year):
                return Found(iso, f"metadata:{key}", (start, start + d_end))
            break
    return None


def posted_in_time(iso: str, year: int | None) -> bool:
    """Whether a page's posting date can be the report's (annotation.md D1): in the covered year
    or the next one (a page posted years later is a re-post, its date not the report's).

    >>> posted_in_time("2010-12-31", 2009), posted_in_time("2015-07-27", 2009), posted_in_time("2008-12-01", 2009)
    (True, False, False)
    """
    return plausible(iso, year) and (year is None or int(iso[:4]) <= year + 1)


def plausible(iso: str, year: int | None) -> bool:
    """A report covering ``year`` is dated in that year or later (a news date in the navigation is not its date).

    >>> plausible("2009-01-06", 2008), plausible("2007-12-01", 2008), plausible("2001-01-01", None)
    (True, False, True)
    """
    return year is None or int(iso[:4]) >= year


def metadata_agency(text: str, view: str, spans: Sequence[Span], usable: Callable[[str], str | None]
                    ) -> Found | None:
    """The body a metadata field names (``发布机构：X局``, ``来源：X``): its AGENCY span, else its printed value."""
    best: Found | None = None
    rank = {key: i for i, key in enumerate(AGENCY_KEYS)}
    agencies = spans_of(spans, "AGENCY")
    for key_start, key_end, key in _key_positions(view, AGENCY_KEYS):
        if key == "来源" and view[max(0, key_start - 2):key_start] in ("信息", "文章"):
            continue
        if key == "单位" and view[max(0, key_start - 2):key_start] in ("发布", "发文", "填报", "本"):
            continue
        start, end = _value_bounds(view, key_end)
        inside = spans_in(agencies, start, end)
        found = None
        if inside:
            name = usable(inside[0].text)
            if name and not _NOT_A_BODY.search(simplified(name)):
                found = Found(name, f"metadata:{key}", (inside[0].start, inside[0].end))
        else:
            raw = text[start:end].strip(" |│\t　:：")
            name = usable(raw) if raw else None
            simple = simplified(name) if name else ""
            if name and 2 <= len(name) <= 30 and not _NOT_A_BODY.search(simple) \
                    and re.fullmatch(r"[\u4e00-\u9fff（）()]+", simple):
                found = Found(name, f"metadata:{key}", (start, start + len(raw)))
        if found and (best is None or rank[key] < rank[best.source.split(":", 1)[1]]):
            best = found
    return best


#: A body's name with the 政府 of a following 政府信息 run into it (国务院港澳办政府).
_BODY_THEN_GOVERNMENT = re.compile(r"(?:局|办|委|厅|部|署|院|中心|会|室|所)政府$")


def opens_government_information(view: str, end: int) -> bool:
    """Whether the 政府 that ends at ``end`` of ``view`` opens 政府信息 instead of ending a name:
    no body ends in the 政府 of ``某镇政府信息公开`` or ``国务院港澳办政府信息公开``; 人民政府 is a name.

    >>> opens_government_information("某镇政府信息公开", 4)
    True
    >>> opens_government_information("某镇人民政府信息公开", 6)
    False
    >>> opens_government_information("某镇政府网站", 4)
    False
    """
    return view[end - 2:end] == "政府" and view[end - 4:end - 2] != "人民" and view[end:end + 2] == "信息"


def without_government_information(view: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` as the head reads them: an AGENCY span whose 政府 opens 政府信息 loses it, as the
    guidelines tag such text (annotation.md, "Openings"): a body's name keeps the body
    (``国务院港澳办政府`` → ``国务院港澳办``), a place + 政府 (``某镇政府`` of ``某镇政府信息公开``) is
    no span. Other spans are kept as they are.

    >>> v = "某镇政府信息公开；国务院港澳办政府信息公开；某县人民政府信息公开"
    >>> spans = [Span(0, 4, "AGENCY", "某镇政府"), Span(9, 17, "AGENCY", "国务院港澳办政府"),
    ...          Span(22, 29, "AGENCY", "某县人民政府")]
    >>> [s.text for s in without_government_information(v, spans)]
    ['国务院港澳办', '某县人民政府']
    """
    out = []
    for span in spans:
        if span.label == "AGENCY" and opens_government_information(view, span.end):
            if not _BODY_THEN_GOVERNMENT.search(view[span.start:span.end]):
                continue
            span = Span(span.start, span.end - 2, span.label, span.text[:-2], span.score)
        out.append(span)
    return out


def title_agency(text: str, spans: Sequence[Span], bounds: tuple[int, int] | None,
                 usable: Callable[[str], str | None], view: str | None = None) -> Found | None:
    """The body the title names: the last AGENCY span of the title before its year or 政府信息公开.
    ``view``: ``simplified(text)`` where the caller has it (else it is computed).

    >>> title = "2013年度国务院港澳办政府信息公开工作报告"
    >>> tagged = without_government_information(title, [Span(6, 14, "AGENCY", "国务院港澳办政府")])
    >>> found = title_agency(title, tagged, (0, len(title)), lambda n: n)
    >>> found.value, title[slice(*found.span)]
    ('国务院港澳办', '国务院港澳办')
    >>> title = "某县人民政府2019年政府信息公开工作年度报告"
    >>> title_agency(title, [Span(0, 6, "AGENCY", "某县人民政府")], (0, len(title)), lambda n: n).value
    '某县人民政府'
    """
    if bounds is None:
        return None
    view = simplified(text) if view is None else view
    subjects, issuers = [], []
    for span in spans_in(spans_of(spans, "AGENCY"), *bounds):
        rest = view[span.end:bounds[1]]
        if re.match(rf"^\s*(?:{YEAR}|年度|政府信息|{DISCLOSURE_WORK}|（|\()", rest):
            name = usable(span.text)
            if name:
                subjects.append(Found(name, "title", (span.start, span.end)))
        elif re.match(r"^\s*关于", rest):
            name = usable(span.text)
            if name:
                issuers.append(Found(name, "title", (span.start, span.end)))
    # "X办公厅关于印发Y2008年政府信息公开年度报告的通知": the report is Y's
    return (subjects or issuers or [None])[0]


def notice_agency(view: str, spans: Sequence[Span], usable: Callable[[str], str | None]) -> Found | None:
    """The body a publishing sentence names (``现公布X2017年政府信息公开工作年度报告``)."""
    agencies = spans_of(spans, "AGENCY")
    for m in _PUBLISHING.finditer(view):
        window_end = view.find("报告", m.end())
        if window_end < 0 or window_end - m.end() > 60:
            continue
        for span in spans_in(agencies, m.end(), window_end):
            if span.start - m.end() <= 4:
                name = usable(span.text)
                if name:
                    return Found(name, "notice", (span.start, span.end))
    return None


_NOTICE_PLACE = re.compile(r"(?:现将|现予?公布|现向社会公布|现发布|现公开|特向社会公布|编制了?)[《“\"]?(?:\d{4}年度?)?"
                           r"([\u4e00-\u9fff]{2,15}?)(?:\d{4}年度?)?" + DISCLOSURE_WORK)


def notice_place(text: str, view: str | None = None) -> Found | None:
    """The place or body a publishing sentence names without a tagged span
    (``现将2008年度與兒街鎮政府信息公開年度報告公布如下`` → 與兒街鎮); ``view`` as for ``title_agency``.

    >>> notice_place("现发布《临洮县新添镇2022年政府信息公开工作年度报告》。").value
    '临洮县新添镇'
    >>> notice_place("现将我乡2014年政府信息公开工作报告公开如下") is None
    True
    """
    view = simplified(text) if view is None else view
    for m in _NOTICE_PLACE.finditer(view):
        name = m.group(1)
        if re.search(r"[我本该全各]|年度|工作|报告", name) or name in ("政府", "人民政府", "市政府", "县政府", "区政府"):
            continue
        if _BARE_PLACE.search(name) or re.search(r"(?:人民政府|政府|局|厅|委员会|委|办公室|办事处|部|署|区)$", name):
            return Found(text[m.start(1):m.end(1)], "notice", (m.start(1), m.end(1)))
    return None


_HEAD_PLACE = re.compile(r"(?:^|\n)[ \t　" + STRAY_MARKS + r"]*(?:(?:\d{4}年度?)([\u4e00-\u9fff]{1,12}?" + PLACE_END + ")|"
                         r"([\u4e00-\u9fff]{1,12}?" + PLACE_END + r")\d{4}年度?)" + DISCLOSURE_WORK)


def head_place(text: str, within: int = 600) -> Found | None:
    """The place a line of the page's head opens with, as the subject of the report's name, where no
    title was found (``大竹县2009年政府信息公开工作年度报告(以下简称年报)根据…``).

    >>> head_place("2024年丽水市政府信息公开工作年度报告根据《条例》编制").value
    '丽水市'
    >>> head_place("？大竹县2009年政府信息公开工作年度报告(以下简称年报)根据…").value
    '大竹县'
    >>> head_place("根据要求，现将我县2014年政府信息公开工作报告如下") is None
    True
    """
    view = simplified(text[:within])
    m = _HEAD_PLACE.search(view)
    if not m:
        return None
    group = 1 if m.group(1) else 2
    if re.match(r"[我本该全各]", m.group(group)):
        return None
    return Found(text[m.start(group):m.end(group)], "head place", (m.start(group), m.end(group)))


_PRONOUN = re.compile(r"[我本]([局乡镇区县市省委厅部街办])(?!政府|人民政府)")
#: Pronoun kinds that are a place's level (我县 → 某某县人民政府 / 某某县).
_LEVELS = "乡镇区县市省"
#: What a body's name ends with for each pronoun (我街 → X街道办事处, 我办 → X办公室).
_PRONOUN_ENDINGS = {"街": ("街道办事处", "街道", "办事处"), "办": ("办公室", "办公厅", "办"),
                    "委": ("委员会", "委")}
#: A body that issues or forwards a notice the report cites (根据X转发的《…》) is not its author.
_FORWARDER = re.compile(r"^(?:转发|印发|关于|下发|的通知)")
#: Characters a name can follow in a sentence (请与X联系, 由X编制, 现将X…, 2019年X…) although they are not punctuation.
_NAME_AFTER = "与由在经向和及为将布年好的对至"
#: Characters a name printed inside other words may follow: punctuation, 《, a name-leading word.
_PRINTED_AFTER = _NAME_AFTER + "据照以过用于是《“\"（(，,、：:；;。"


def _body_endings(kind: str) -> tuple[str, ...]:
    """What a body's name ends with for a pronoun's kind (我局 → 局; 我县 → 县人民政府 / 县政府)."""
    if kind in _PRONOUN_ENDINGS:
        return _PRONOUN_ENDINGS[kind]
    if kind in _LEVELS:
        return (kind + "人民政府", kind + "政府", kind)
    return (kind,)


def _ends_like(name: str, kind: str) -> bool:
    """Whether a tagged name can be the body a pronoun stands for: 我局 → ``市统计局``; 我县 → a
    county's government or the county (``某某县人民政府``, not ``县政府``); 我办 → an office that is no
    working group's (``某市人民政府办公室``, not ``…领导小组办公室``).

    >>> _ends_like("某某县人民政府", "县"), _ends_like("县政府", "县"), _ends_like("区政府和市政府", "市")
    (True, False, False)
    >>> _ends_like("市统计局", "局"), _ends_like("省政府信息公开工作领导小组办公室", "办"), _ends_like("省委办公厅", "办")
    (True, False, False)
    >>> _ends_like("通江街道办事处", "街"), _ends_like("街道办事处", "街")
    (True, False)
    """
    for ending in _body_endings(kind):
        if not name.endswith(ending):
            continue
        rest = name[:len(name) - len(ending)]
        if kind in _LEVELS:
            return not re.search(r"政府|[和及与、]", rest) and bool(_PLACE_CHAIN.fullmatch(rest + kind))
        if kind == "办":
            return bool(_PLACE_CHAIN.match(rest)) and not re.search(r"领导小组|政务公开|信息公开", rest)
        return len(name) >= 3 and bool(rest)  # 我街: not a bare 街道办事处
    return False


def printed_bodies(view: str, kind: str) -> list[tuple[int, int]]:
    """Where the page prints a body's full name (a place, then the body) that ends like a pronoun's
    kind, also inside a 《》 title, a website or an office name (annotation.md D2); most printed first,
    then in text order. A body that forwards or issues a cited notice (``X关于…``, ``X转发的``) is left out.

    >>> v = "我局制定了《某某县国土资源局网站信息发布制度》。"
    >>> [v[a:b] for a, b in printed_bodies(v, "局")]
    ['某某县国土资源局']
    >>> v = "我区以某某区人民政府网站为窗口"
    >>> [v[a:b] for a, b in printed_bodies(v, "区")]
    ['某某区人民政府']
    >>> printed_bodies("根据某市政务服务管理局转发的通知，我局…", "局")
    []
    """
    found: dict[str, list[tuple[int, int]]] = {}
    for ending in _body_endings(kind):
        if ending == kind and kind in _LEVELS:
            continue  # a bare place is no body's name (and 市 of 市长 ends none)
        for m in re.finditer(re.escape(ending), view):
            if opens_government_information(view, m.end()):
                continue  # 某镇政府信息公开: a place and 政府信息, no body
            if _FORWARDER.match(view[m.end():m.end() + 4]):
                continue
            window = view[max(0, m.start() - 14):m.start()]
            for k in range(2, len(window) + 1):  # the shortest place + body that starts a phrase
                head = window[-k:]
                before = window[-k - 1] if k < len(window) else (view[m.start() - k - 1] if m.start() - k > 0 else "\n")
                if head[0] in _PRINTED_AFTER or re.search(r"[我本该全各]", head):
                    break  # past the phrase's start
                if _VERB.search(head):
                    break  # 请联系民意乡政府: a verb is no part of a place
                if "\u4e00" <= before <= "\u9fff" and before not in _PRINTED_AFTER \
                        and not _VERB_AT_END.search(view[max(0, m.start() - k - 4):m.start() - k]):
                    continue
                if ending[0] in _LEVELS:  # 某某区 + 人民政府: the place ends with the pronoun's level
                    if not _PLACE_CHAIN.fullmatch(head + ending[0]):
                        break
                elif kind == "街":  # 通江 + 街道办事处: a street's own name
                    if not re.fullmatch(r"[\u4e00-\u9fff]{2,6}", head) or _NOT_IN_PLACE.search(head):
                        break
                elif not _PLACE_CHAIN.match(head):  # 某某县 + 国土资源 + 局
                    break
                name = view[m.start() - k:m.end()]
                if not _NOT_A_BODY.search(name) and _ends_like(name, kind):
                    found.setdefault(name, []).append((m.start() - k, m.end()))
                break
    ranked = sorted(found.values(), key=lambda spans: (-len(spans), spans[0][0]))
    return [spans[0] for spans in ranked]


def pronoun_body(text: str, spans: Sequence[Span], usable: Callable[[str], str | None],
                 view: str | None = None) -> Found | None:
    """The body a report that calls itself 我局 / 我乡 … names somewhere: the longest AGENCY span that
    ends like the pronoun (我局 → 市统计局), else for 我乡 / 我镇 a township printed at the start
    of a phrase (``2014年,南薰乡未收取…``); ``view`` as for ``title_agency``.

    >>> pronoun_body("我乡认真落实。2014年,南薰乡未收取费用。", [], lambda n: n).value
    '南薰乡'
    """
    view = simplified(text) if view is None else view
    m = _PRONOUN.search(view)
    if not m:
        return None
    kind = m.group(1)
    best: Found | None = None
    for span in spans:
        if span.label == "AGENCY" and _ends_like(simplified(span.text), kind) \
                and not _FORWARDER.match(view[span.end:span.end + 4]):
            name = usable(span.text)
            if name and (best is None or len(name) > len(best.value)):
                best = Found(name, "pronoun", (span.start, span.end))
    if best:
        return best
    printed = printed_bodies(view, kind)
    if printed:  # a full name printed only in a 《》 title, a website or an office name (D2)
        start, end = printed[0]
        return Found(text[start:end], "pronoun", (start, end))
    if kind not in "乡镇":
        return None
    for place in re.finditer(r"(?:(?<=[^\u4e00-\u9fff])|(?<=[年在由与《]))(?![年在由与])([\u4e00-\u9fff]{2,3}"
                             + kind + ")", view):
        name = place.group(1)
        if not re.search(r"[我本该全各度]|^[乡城集]|乡镇", name):
            return Found(text[place.start(1):place.end(1)], "pronoun", (place.start(1), place.end(1)))
    return None


#: Where a paragraph's subject starts: after its year, with or without a comma, past a 在…领导下 clause;
#: a paragraph's heading may precede it on the same line (``一、总体情况 2019年，…``: a copy without line breaks).
_SUBJECT_START = re.compile(r"(?:^|\n|。)\s*(?:[一二三四五六七八九十]+[、.．][^\s，。,；;]{2,12}[ \t\u3000]+)?"
                            + YEAR + r"\s*年度?(?:[，,、]\s*)?"
                            r"(?:在[^。，,；]{0,30}(?:领导|指导|部署)下[，,]\s*)?")
_SUBJECT_PLACE = re.compile(r"(?![省市县区镇乡在由与对为将从])((?:[\u4e00-\u9fff]{1,6}?(?:" + _PLACE_LEVELS + "))+)"
                            r"([\u4e00-\u9fff]{0,12}?(?:局|委员会|人民政府|街道办事处|办事处))?")


def subject_place(text: str, view: str | None = None) -> Found | None:
    """An untagged place or body a paragraph of the report opens with (``2015年，眉山市按照…``,
    ``2022年，廣州市交通運輸局在…``), where nothing else names the body; not for a report that calls
    itself by a pronoun of another kind (我局 with only a city printed: the city is not the bureau).

    >>> subject_place("一、概述。2018年，安徽省全面贯彻落实条例。").value
    '安徽省'
    >>> subject_place("一、概述。2022年，某州市交通运输局在市委领导下，我局…").value
    '某州市交通运输局'
    >>> subject_place("一、总体情况 2022年，某州市交通运输局在市委领导下。").value
    '某州市交通运输局'
    >>> subject_place("2019年，我局在市委领导下，某某市深入推进。") is None
    True
    """
    view = simplified(text) if view is None else view
    pronoun = _PRONOUN.search(view)
    for m in _SUBJECT_START.finditer(view):
        place = _SUBJECT_PLACE.match(view, m.end())
        if not place or re.search(r"[我本该全各]", place.group(1)):
            continue
        kind = pronoun.group(1) if pronoun else None
        if place.group(2):
            start, end = place.start(), place.end()
            if kind and not _ends_like(view[start:end], kind) and kind not in _LEVELS:
                continue
        else:
            start, end = place.start(), place.end(1)
            if kind and not (kind in _LEVELS and view[start:end].endswith(kind)):
                continue
        return Found(text[start:end], "subject", (start, end))
    return None


def subject_agency(view: str, spans: Sequence[Span], usable: Callable[[str], str | None]) -> Found | None:
    """The body a paragraph of the report opens with (``2024年，宜城市人民政府办公室坚持…``; ``2023年，在区委、
    区政府的领导下，某街道办事处…``)."""
    agencies = spans_of(spans, "AGENCY")
    for m in _SUBJECT_START.finditer(view):
        for span in spans_in(agencies, m.end(), m.end() + 30):
            if span.start == m.end():
                name = usable(span.text)
                if name:
                    return Found(name, "subject", (span.start, span.end))
            break
    return None


def contact_agency(view: str, spans: Sequence[Span], usable: Callable[[str], str | None]) -> Found | None:
    """The body a preamble asks readers to contact (``如对本报告有任何疑问，请与X联系``), without its sub-office."""
    agencies = spans_of(spans, "AGENCY")
    for m in _CONTACT.finditer(view):
        for span in spans_in(agencies, m.end(), m.end() + 40):
            if span.start - m.end() > 2:
                break
            name = usable(span.text)
            if not name:
                continue
            name = contact_body(name, office=_speaks_as_office(view))
            if name:
                return Found(name, "contact", (span.start, span.start + len(name)))
    return None


def _speaks_as_office(view: str) -> bool:
    """Whether the report calls itself 我办 / 本办 / 我厅 (an office's own report: its office is the body).

    >>> _speaks_as_office("成立了本办政府信息公开工作领导小组"), _speaks_as_office("我办公室"), _speaks_as_office("我局")
    (True, False, False)
    """
    return re.search(r"[我本]办(?!公)", view) is not None


def contact_body(name: str, office: bool = False) -> str | None:
    """The body of a contact name, without its office or section: the longest part that ends a body's
    name and is followed only by an office, a section or a kind of work.

    >>> contact_body("钦州市人民政府办公室文电科"), contact_body("咸宁市交通运输局政务公开工作")
    ('钦州市人民政府', '咸宁市交通运输局')
    >>> contact_body("闽侯县水利局政府信息公开办公室")
    '闽侯县水利局'
    >>> contact_body("东直门街道办事处办公室"), contact_body("凤安镇党政办公室"), contact_body("沙洋县电子政务办公室")
    ('东直门街道办事处', '凤安镇', '沙洋县')
    >>> contact_body("平度市公安局"), contact_body("办公室") is None
    ('平度市公安局', True)

    ``office``: the report is the office's own (我办), so its office is the body. A government's
    信息公开办公室 is its office; a working group's office that does no disclosure work is a body:

    >>> contact_body("钦州市人民政府办公室文电科", office=True), contact_body("某省人民政府信息公开办公室")
    ('钦州市人民政府办公室', '某省人民政府')
    >>> contact_body("某市人民政府重点建设项目领导小组办公室综合科")
    '某市人民政府重点建设项目领导小组办公室'
    """
    view = simplified(name)
    best = None
    previous = 0
    for m in _CONTACT_BODY_END.finditer(view):
        segment = view[previous:m.start()]
        previous = m.end()
        if _WORK.search(segment):
            break  # 电子政务办公室, 政务公开领导小组: what follows is the contact's work, not a body
        if m.end() < 2:
            continue
        group_office = m.group() == "办公室" and re.search(r"领导小组$", view[:m.start()])
        if (m.group() in ("办公室", "办公厅") and not office and not group_office) \
                or (m.group() == "政府" and opens_government_information(view, m.end())):
            continue  # an office is the contact, not the body; 政府 of 政府信息 ends no name
        rest = view[m.end():]
        if not rest or _CONTACT_TAIL.fullmatch(rest):
            best = name[:m.end()]
    if best:
        return best
    return None if _NOT_A_BODY.search(view) or len(view) < 3 else name


def fullest(found: Found, text: str, spans: Sequence[Span], usable: Callable[[str], str | None],
            view: str | None = None) -> Found:
    r"""The fullest printed form of a name: a tagged or printed place + the name (``市人民政府办公室`` →
    ``天门市人民政府办公室``; ``张义镇人民政府`` → ``凉州区张义镇人民政府``); ``view`` as for
    ``title_agency``. A bare place becomes its government as printed, also the government of a
    whole place inside it, never of a piece of its name:

    >>> found = lambda text, place: fullest(Found(place, "title", (0, 0)), text, [], lambda n: n).value
    >>> found("荣成市夏庄镇\n夏庄镇人民政府网站", "荣成市夏庄镇")
    '夏庄镇人民政府'
    >>> found("平潭综合实验区\n实验区政府门户网站", "平潭综合实验区")
    '平潭综合实验区'

    A second name the body holds, printed in parentheses right after it, is part of its name:

    >>> fullest(Found("市市场监管局", "metadata", (6, 12)), "发布机构: 市市场监管局(知识产权局) |", [], lambda n: n).value
    '市市场监管局(知识产权局)'
    """
    view = simplified(text) if view is None else view
    short = simplified(found.value)
    if len(short) < 2:
        return found
    if short.endswith("委") and view.find(short + "员会") >= 0:
        at = view.find(short + "员会")
        found = Found(text[at:at + len(short) + 2], found.source, (at, at + len(short) + 2))
        short = simplified(found.value)
    elif _BARE_PLACE.search(short):
        # a bare place: its body as printed ("荣成市夏庄镇" → "荣成市夏庄镇人民政府"; "平阳县水头镇" →
        # "水头镇人民政府"), never the 政府 of "镇政府信息公开"
        done = False
        for k in range(0, max(1, len(short) - 1)):
            if k and not _PLACE_PREFIX.search(short[:k]):
                continue  # the place is cut only after a whole place (夏庄镇 of 荣成市夏庄镇, never 实验区 of 平潭综合实验区)
            for body in _PLACE_BODIES:
                for m in re.finditer(re.escape(short[k:] + body), view):
                    # also inside a website or office name (大英县人民政府网, D2); 政府信息 is no body, nor
                    # 政府 in a 《》 title (《江城镇政府网站管理办法》: the town's government website)
                    if not opens_government_information(view, m.end()) \
                            and (body != "政府" or not _in_book_title(view, m.start())) \
                            and not done:
                        found = Found(text[m.start():m.end()], found.source, (m.start(), m.end()))
                        done = True
            if done:
                break
        if not done and len(short) >= 5:
            # the place's short name before 人民政府 ("肃南裕固族自治县" → "肃南县人民政府", printed as a website's name)
            pattern = re.escape(short[:2]) + r"[\u4e00-\u9fff]{0,4}?" + re.escape(short[-1]) + "人民政府"
            for m in re.finditer(pattern, view):
                if _subsequence(view[m.start():m.end() - 4], short):
                    found = Found(text[m.start():m.end()], found.source, (m.start(), m.end()))
                    break
        short = simplified(found.value)
    alias = _alias_of(view, spans, short)
    if alias:  # "广西壮族自治区北部湾经济区规划建设管理办公室(以下简称自治区北部湾办)"
        found = Found(text[alias[0]:alias[1]], found.source, alias)
        short = simplified(found.value)
    expanded = _expanded(view, spans, short)
    if expanded:  # "西藏自治区政府国资委" → "西藏自治区人民政府国有资产监督管理委员会" where printed
        found = Found(text[expanded[0]:expanded[1]], found.source, expanded)
        short = simplified(found.value)
    if re.search(r"(?<!人民)政府", short):
        # "清江浦区政府" where "清江浦区人民政府" is printed: the full form
        long_form = re.sub(r"(?<!人民)政府", "人民政府", short)
        at = view.find(long_form)
        if at >= 0 and not _LEVEL_FIRST.match(short):
            found = Found(text[at:at + len(long_form)], found.source, (at, at + len(long_form)))
            short = long_form
    best = found
    printed = printed_prefix(view, short)
    if printed:
        best = Found(text[printed[0]:printed[1]], found.source, printed)
    else:
        spliced = _spliced_place(view, short)
        if spliced:  # "浙江省puroview.com溪下乡人民政府": the printed parts joined, the spam left out
            place, (start, end) = spliced
            best = Found(text[place[0]:place[1]] + text[start:end], found.source, (place[0], end))
    for span in spans:
        if span.label != "AGENCY":
            continue
        name = simplified(span.text)
        if len(name) > len(best.value) and name.endswith(short):  # simplified() keeps the length
            prefix = name[:-len(short)]
            if _PLACE_PREFIX.search(prefix) or (_LEVEL_FIRST.match(short) and len(prefix) <= 6 and
                                                re.fullmatch(r"[\u4e00-\u9fff]+", prefix)):
                full = usable(span.text)
                if full and simplified(full).endswith(short):
                    best = Found(full, found.source, (span.start, span.end))
    alias = _ALIAS_AFTER.match(view, best.span[1]) if best.span[1] > best.span[0] else None
    if alias and best.value and text[best.span[0]:best.span[1]].endswith(best.value):
        # "市市场监管局(知识产权局)": a second name the body holds, printed in parentheses, is part of its
        # name (the evidence may hold spam cut from the front of the name: the name is its end)
        start = best.span[1] - len(best.value)
        best = Found(text[start:alias.end()], best.source, (start, alias.end()))
    return best


#: A body's second name in parentheses right after its name, ending the phrase (市市场监管局(知识产权局) |).
_ALIAS_AFTER = re.compile(r"[（(][\u4e00-\u9fff]{1,10}(?:局|委员会|委|厅|办公室|办)[）)](?=\s|$|[|，,。；;：:])")


#: A run of places down to a township (某某省某某县某某镇).
_PLACE_CHAIN = re.compile(r"(?:[\u4e00-\u9fff]{1,6}?(?:" + _PLACE_LEVELS + "))+")
_PLACE_RUN = re.compile(r"(?:[\u4e00-\u9fff]{1,6}?(?:" + _COUNTY_LEVELS + "))+")
#: Verbs a sentence names a body after (现公布X, 开设X网); no place contains them.
_VERBS = "公布|公开|发布|明确|成立|开设|设立|印发|编制|制定|根据|按照|依据|要求|落实|贯彻|现将|通过|利用|依托|联系|除"
_VERB = re.compile(_VERBS)
_VERB_AT_END = re.compile(f"(?:{_VERBS})$")
#: Characters no place name holds (a body's end, a site's name).
_NOT_IN_PLACE = re.compile(r"[局厅委办室府网站了的]")


def printed_prefix(view: str, short: str) -> tuple[int, int] | None:
    """Where the page prints ``short`` (or its long form: 镇政府 → 镇人民政府, 街道办 → 街道办事处)
    after its place (``联系方式:漳平市赤水镇人民政府办公室`` for 赤水镇人民政府); the longest such
    printing, None when there is none. The place must start a phrase (after punctuation, a line
    start or 与/由/在…), so that no word before it is taken for a place.

    >>> v = "请与宣威市落水镇人民政府党政综合办公室联系"
    >>> v[slice(*printed_prefix(v, "落水镇人民政府"))]
    '宣威市落水镇人民政府'
    >>> v = "地址:五常市民意乡人民政府,邮编"
    >>> v[slice(*printed_prefix(v, "民意乡政府"))]
    '五常市民意乡人民政府'
    >>> printed_prefix("完善落水镇人民政府", "落水镇人民政府") is None
    True
    >>> printed_prefix("公开政府信息的数量区管委会办公室", "管委会办公室") is None  # after 的 a noun, not a place
    True
    >>> v = "成立市统计局政府信息公开工作领导小组"
    >>> v[slice(*printed_prefix(v, "统计局"))]  # the level after a verb is the name's own
    '市统计局'
    """
    forms = [short]
    if re.search(r"(?<!人民)政府", short):
        forms.append(re.sub(r"(?<!人民)政府", "人民政府", short))
    if short.endswith("街道办"):
        forms.append(short + "事处")
    department = re.match(r"^([省市县区])政府(.+[局委办])$", short)
    if department:  # 区政府国资局: the district's 国资局 (浑南区国资局)
        forms.append(department.group(1) + department.group(2))
    best: tuple[int, int] | None = None
    for form in forms:
        level_first = bool(_LEVEL_FIRST.match(form))
        for m in re.finditer(re.escape(form), view):
            if not level_first and m.start() >= 1 and view[m.start() - 1] in "省市县区" \
                    and _VERB_AT_END.search(view[max(0, m.start() - 5):m.start() - 1]) \
                    and (best is None or m.end() - m.start() + 1 > best[1] - best[0]):
                best = (m.start() - 1, m.end())  # 成立市统计局: the level after a verb is the name's (市统计局)
            window = view[max(0, m.start() - 10):m.start()]
            for k in range(1 if level_first else 2, len(window) + 1):  # the shortest place that starts a phrase
                head = window[-k:]
                before = window[-k - 1] if k < len(window) else (view[m.start() - k - 1] if m.start() - k > 0 else "\n")
                # a place before the name, or (市教育局 in 铜仁市教育局) a place whose level the name starts with
                place = _PLACE_RUN.fullmatch(head) or (level_first and _PLACE_RUN.fullmatch(head + form[0]))
                if head[0] in _NAME_AFTER or re.search(r"[我本该全各]", head) or not place:
                    continue
                if _VERB.search(head) or (level_first and _NOT_IN_PLACE.search(head)):
                    break  # 现公布区政府…, 成立市统计局, 编制了县教育局: a verb or a body is no place
                if level_first and len(head) < 2:
                    continue  # 度 + 区政府国资局: a one-character place is not told from a word's end
                if level_first and _VERB_AT_END.search(view[max(0, m.start() - k - 4):m.start() - k]) \
                        and "\u4e00" <= before <= "\u9fff":
                    before = "，"  # 开设大英县人民政府网: the place starts after the verb
                if "\u4e00" <= before <= "\u9fff" and before not in _NAME_AFTER:
                    continue
                if before == "的" and view.count(head) < 2:
                    continue  # 政府信息的数量区管委会办公室: after 的 a noun, unless the place is printed elsewhere
                if level_first:  # 更新长沙市卫生健康委员会: the shortest place the page prints alone
                    k = next((j for j in range(2, k) if _starts_phrase(view, head[-j:] + form[0])), k)
                if best is None or m.end() - (m.start() - k) > best[1] - best[0]:
                    best = (m.start() - k, m.end())
                break
    return best


#: A short form's end and the full form's (国资委 → …委员会, 北部湾办 → …办公室).
_SHORT_ENDS = {"委": "委员会", "办": "办公室"}
#: The longest full name looked for.
MAX_FULL_NAME = 30


def _subsequence(short: str, full: str) -> bool:
    """Whether ``short``'s characters appear in ``full`` in order (国资委 in 国有资产监督管理委员会)."""
    chars = iter(full)
    return all(ch in chars for ch in short)


def _expanded(view: str, spans: Sequence[Span], short: str) -> tuple[int, int] | None:
    """Where the page prints the full form of an abbreviated name (``X政府国资委``, ``X北部湾办``): a tagged
    name or the head of a 《》 title that starts like it, holds its characters in order and ends with
    the full form of its end (委 → 委员会, 办 → 办公室); the shortest such.

    >>> v = "某自治区政府国资委2020年报告。公开了《某自治区人民政府国有资产监督管理委员会2020年度部门预算》。"
    >>> v[slice(*_expanded(v, [], "某自治区政府国资委"))]
    '某自治区人民政府国有资产监督管理委员会'
    >>> v = "《某自治区人民政府国有资产监督管理委员会办公室关于…的通知》"
    >>> v[slice(*_expanded(v, [], "某自治区国资委"))]
    '某自治区人民政府国有资产监督管理委员会'
    >>> _expanded("《某县教育委员会文件》", [], "某县教育局") is None
    True
    """
    end = short[-1:]
    if end not in _SHORT_ENDS or short.endswith(("委员会", "办公室", "办事处")) or len(short) < 4:
        return None
    full_end = _SHORT_ENDS[end]
    candidates = [(s.start, s.end) for s in spans if s.label == "AGENCY"]
    for m in re.finditer("《", view):
        for length in range(len(short) + 1, MAX_FULL_NAME + 1):
            candidates.append((m.end(), m.end() + length))
    best: tuple[int, int] | None = None
    for start, stop in candidates:
        full = view[start:stop]
        if len(full) > len(short) and full.endswith(full_end) and full[:2] == short[:2] \
                and _subsequence(short, full) and (best is None or stop - start < best[1] - best[0]):
            best = (start, stop)
    return best


_SPAM_RUN = re.compile(r"[A-Za-z0-9.\-_/:]*[A-Za-z][A-Za-z0-9.\-_/:]*$")


def _spliced_place(view: str, short: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A place printed before ``short`` with a spam domain spliced between them (annotation.md D2, d050):
    (the place's offsets, the name's offsets).

    >>> v = "地址:浙江省puroview.com溪下乡人民政府党政综合办公室"
    >>> place, name = _spliced_place(v, "溪下乡人民政府")
    >>> v[slice(*place)] + v[slice(*name)]
    '浙江省溪下乡人民政府'
    """
    for m in re.finditer(re.escape(short), view):
        spam = _SPAM_RUN.search(view, max(0, m.start() - 40), m.start())
        if not spam or spam.end() != m.start() or spam.end() - spam.start() < 4:
            continue
        before = view[max(0, spam.start() - 10):spam.start()]
        for k in range(2, len(before) + 1):
            head = before[-k:]
            lead = before[-k - 1] if k < len(before) else (view[spam.start() - k - 1] if spam.start() - k > 0 else "\n")
            if "\u4e00" <= lead <= "\u9fff" and lead not in _NAME_AFTER:
                continue
            if _PLACE_RUN.fullmatch(head) and not _VERB.search(head) and not _NOT_IN_PLACE.search(head):
                return (spam.start() - k, spam.start()), (m.start(), m.end())
            break
    return None


def _in_book_title(view: str, at: int) -> bool:
    """Whether position ``at`` is inside a 《…》 title.

    >>> _in_book_title("《某镇政府网站管理办法》", 3), _in_book_title("《办法》某镇政府网站", 7)
    (True, False)
    """
    return view.rfind("《", 0, at) > view.rfind("》", 0, at)


def _starts_phrase(view: str, place: str) -> bool:
    """Whether the page prints ``place`` at the start of a phrase somewhere (after punctuation, a line
    start or 与/由/在…)."""
    return re.search(f"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[{_NAME_AFTER}])){re.escape(place)}", view) is not None


_ALIAS = re.compile(r"[（(]\s*(?:以下简称|下称|简称)[:：]?\s*[“\"]?([\u4e00-\u9fff]{2,20})[”\"]?\s*[）)]")


def _alias_of(view: str, spans: Sequence[Span], short: str) -> tuple[int, int] | None:
    """Where the full name is printed that the page declares ``short`` the short name of
    (``X(以下简称Y)``): the AGENCY span just before the parenthesis, else the name printed there
    from a phrase's start.

    >>> v = "由某某自治区北部湾经济区规划建设管理办公室(以下简称自治区北部湾办)编制。"
    >>> v[slice(*_alias_of(v, [], "自治区北部湾办"))]
    '某某自治区北部湾经济区规划建设管理办公室'
    """
    for m in _ALIAS.finditer(view):
        if m.group(1) != short:
            continue
        for span in spans:
            if span.label == "AGENCY" and span.end == m.start() and len(span.text) > len(short):
                return span.start, span.end
        before = re.search(r"[\u4e00-\u9fff]{3,40}$", view[max(0, m.start() - 40):m.start()])
        if before:
            start = m.start() - len(before.group())
            lead = re.match(r"[^由经在是]*[由经在是]", view[start:m.start()])
            start = start + lead.end() if lead and m.start() - (start + lead.end()) > len(short) else start
            return start, m.start()
    return None


#: Where a sentence ends for date_notice: its full stop, or its line.
_SENTENCE_END = re.compile("[。\n]")


def date_notice(view: str, spans: Sequence[Span], year: int | None, words: Sequence[str]) -> Found | None:
    """A date in a sentence that publishes the report (``现予公布… 2018年1月5日``)."""
    for span in spans:
        if span.label != "DATE":
            continue
        end = min(len(view), span.end + 40)
        rest = _SENTENCE_END.split(view[span.end:end])[0]  # its own sentence: not the title on the next line
        if any(w in rest for w in words) and ("报告" in rest or "印发" in rest[:4]):
            date = parse_date(view[span.start:span.end], default_year=year)
            if date and plausible(date, year):
                return Found(date, "notice", (span.start, span.end))
    return None


#: A page's date line: a date, then at most a time of day, a source or a site (no sentence).
_SENTENCE = re.compile(r"[。，；;、]|,\S")
#: A month and day alone on a line (``01/20``, ``01-20``), the year on the line above.
_MONTH_DAY = re.compile(r"\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*")
#: A line holding only a year, a mirror's stray mark or a bullet before it allowed: a page date's first line.
_YEAR_LINE = re.compile(r"\s*(?:[" + STRAY_MARKS + r"•·]\s*)?((?:19|20)\d{2})\s*")
#: How many lines from the top a page's date line is looked for in.
PAGE_DATE_LINES = 30


#: How far into a long first line a posting stamp is looked for (a page run onto one line).
PAGE_HEAD_CHARS = 300
_TIME_OF_DAY = re.compile(r"\s*\d{1,2}:\d{2}")
_FULL_DATE = re.compile(r"\d{4}\D{1,3}\d{1,2}\D{1,3}\d{1,2}")


def page_date(lines: Sequence[tuple[int, str]], year: int | None) -> Found | None:
    """A date on a short line of the page's head that is no sentence (``2019-03-28   来源:国家林业和草原局``,
    ``中央政府门户网站 www.gov.cn 2014-03-25 10:21``, ``• 2025-02-10 15:59``); lines are (offset, text).

    >>> page_date([(0, "国家林业和草原局2018年政府信息公开年度报告"), (30, "2019-03-28   来源:国家林业和草原局政府网")], 2018)
    Found(value='2019-03-28', source='page date', span=(30, 40))
    >>> page_date([(0, "本报告统计期限自2018年1月1日至12月31日。")], 2018) is None
    True
    >>> page_date([(0, "2025"), (5, "01/20"), (11, "12:30")], 2024)
    Found(value='2025-01-20', source='page date', span=(5, 10))
    >>> page_date([(0, "? 2025"), (7, "01/20")], 2024).value
    '2025-01-20'
    >>> page_date([(0, "国家林业和草原局2018年政府信息公开年度报告 2019-03-28 10:21 来源:国家林业和草原局政府网 根据《条例》"
    ...              "规定，编制本报告。本报告统计期限自2018年1月1日至12月31日。")], 2018).value
    '2019-03-28'
    """
    lines = list(lines)[:PAGE_DATE_LINES]
    for (offset, line), (next_offset, following) in zip(lines, lines[1:]):
        # a date split over lines ("2025" / "01/20" / "12:30", annotation.md D1): the year, then month and day
        split = _MONTH_DAY.fullmatch(following.strip())
        year_line = _YEAR_LINE.fullmatch(line)
        if year_line and split:
            iso = f"{year_line.group(1)}-{int(split.group(1)):02d}-{int(split.group(2)):02d}"
            if parse_date(iso) == iso and posted_in_time(iso, year):
                at = next_offset + following.index(split.group(0).strip())
                return Found(iso, "page date", (at, at + len(split.group(0).strip())))
    for offset, line in lines:
        if len(line) > 70 or _SENTENCE.search(line) or re.search(r"上传|下载|采集|统计", line):
            continue  # a file-sharing site's upload date, a crawl date, a statistics period are not the report's
        for start, end, iso in find_dates(line):
            if _FULL_DATE.search(line[start:end]) and posted_in_time(iso, year):
                return Found(iso, "page date", (offset + start, offset + end))
    for offset, line in lines:
        # a posting stamp, a full date with its time of day, in the first characters of any head line: also
        # the long line of a page run onto one line, or one with a sentence's punctuation
        for start, end, iso in find_dates(line[:PAGE_HEAD_CHARS]):
            if _TIME_OF_DAY.match(line, end) and _FULL_DATE.search(line[start:end]) and posted_in_time(iso, year):
                return Found(iso, "page date", (offset + start, offset + end))
    return None


def metadata_dates(view: str, year: int | None) -> tuple[Found | None, Found | None]:
    """(the document's own date field, the page's date field), each the first printed."""
    own = metadata_date(view, DOCUMENT_DATE_KEYS, year)
    page = metadata_date(view, PAGE_DATE_KEYS, year, fits=posted_in_time) or \
        metadata_date(view, BARE_DATE_KEYS, year, bare=True, fits=posted_in_time)
    return own, page


__all__ = ["subject_place", "head_place", "pronoun_body", "page_date", "notice_place", "subject_agency", "AGENCY_KEYS", "BARE_DATE_KEYS", "DOCUMENT_DATE_KEYS", "PAGE_DATE_KEYS", "Found",
           "contact_agency", "date_notice", "fullest", "metadata_agency", "metadata_date", "metadata_dates",
           "notice_agency", "opens_government_information", "plausible", "posted_in_time", "title_agency",
           "without_government_information"]
