"""Pair STAT_NAME with STAT_VALUE in sentences, and read zeros stated by negation.

A value pairs with the indicator of its clause (text between ，；。：and line breaks):
the nearest name before it ("微博问政50次，在线回复44次"), unless a name follows the value
directly ("1366项行政职权事项和18,128项责任事项"); failing both, the nearest name after
it in the clause ("开设了…25个重点领域信息公开专栏"), then the nearest before it in the
sentence. One name may count several values ("设置栏目19大类、83小类"). Names printed
alike for two fields take the section of the last keyword before them in the sentence
("申请行政复议1件，其中…被依法纠错1件" is 复议's).

A statistic stated only by negation ("全年未收到政府信息公开申请", "没有发生行政复议、
行政诉讼") is 0 with its clause as evidence (record.md); the assembler uses such a zero only
where neither a table nor a number in prose gives the field.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Iterator, Sequence

from gik_nlp import limits
from gik_nlp.assemble.fields import RUNNING_TOTAL, SECTION_KEYWORDS, FieldContext, families_in, match_field
from gik_nlp.assemble.numbers import find_quantities, parse_quantity
from gik_nlp.assemble.lines import iter_lines
from gik_nlp.assemble.pairing import Pairing
from gik_nlp.types import Span

#: Characters that end a clause for pairing. 、 is not one: it joins the parts of a name
#: ("公开项目建设、住房分配、动态管理核查等信息100余条") and the values of one name.
CLAUSE_BREAKS = "，,；;。！？!?：:\n"
SENTENCE_BREAKS = "；;。！？!?\n"

#: Words that deny a statistic ("未收到", "没有发生", "不存在", "均未"), and words right
#: after 未/无 that make them something else (未按时, 无正当理由, 无法).
_NEGATION = re.compile(r"(?:均未|尚未|未曾|从未|没有|不存在|未|没|无)"
                       r"(?!按|能|及时|经|予|正当|法|论|明显|须|需)")


@dataclass(frozen=True)
class NegationRule:
    """A field denied by a negation: ``keywords`` after the negation in its clause, none of
    ``unless`` in the clause; ``verbs``, when given, must stand between the two."""

    field_id: str
    keywords: tuple[str, ...]
    unless: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    #: a clause matching this denies only part of the field (some requesters): no zero
    partial: str = ""
    #: what may stand between the negation and the keyword instead of a verb (无依申请公开…)
    direct: tuple[str, ...] = ()
    #: words the clause must print as well, after the negation (举报 and 投诉)
    also: tuple[str, ...] = ()


#: Order is the order the zeros are recorded in.
NEGATION_RULES: tuple[NegationRule, ...] = (
    # "未收到依申请公开事项", "未接受政府信息公开申请"; not "未发生因…申请行政复议" (that is 复议).
    # "本年度无依申请公开信息", "没有申请公开政府信息…的情况" deny requests as well (openings'
    # gold); "未收到…的咨询" denies inquiries, "未收到法人或者其他组织…的申请" one kind of
    # requester only, "未收取与…申请有关的费用" fees (docs/spec/annotation.md D6: e057, d013).
    NegationRule("request.received", ("申请",), unless=("复议", "诉讼", "咨询", "费"),
                 verbs=("收到", "接到", "受理", "接受", "收", "有", "发生"),
                 partial=r"^(?!.*(?:公民|自然人|个人|群众)).*法人或者?其他组织", direct=("", "依")),
    # "没有…行政复议及行政诉讼纠错的情况" denies corrections only (D6, c022).
    NegationRule("review.total", ("复议",), unless=("纠错",)),
    NegationRule("litigation.total", ("诉讼",), unless=("纠错",)),
    # 举报投诉 (complaint.total): a negation naming only one of them, or a bare 申诉, denies
    # part of it (seed 002's gold; D6: a005, b025, a057).
    NegationRule("complaint.total", ("举报",), unless=("纠错",), also=("投诉",)),
    NegationRule("fee.total", ("收费", "费用")),
)


#: Publication channels (a website, an account, a platform). From 2019 on, a figure of one
#: channel that is not worded 主动公开 is no proactive.total (docs/spec/annotation.md D3):
#: ``在…门户网站发布信息52条`` is another statistic, ``通过政府网站主动公开信息73条`` the total.
WEBSITE_WORDS = ("网站", "门户", "政务网", "政府网", "官网", "信息网")
CHANNEL_WORDS = WEBSITE_WORDS + ("平台", "微信", "微博", "抖音", "公众号", "新媒体", "客户端", "APP", "栏目", "专栏")
#: Formats whose proactive.total is only what is worded 主动公开 or stands for every channel.
_NATIONAL = ("2019", "2021")
#: Pre-2019 channels of 主动公开 (docs/spec/annotation.md D3): a figure of one channel is that
#: channel's field (the 统计表's 政府网站公开政府信息数, 政务微博…, 政务微信…), of several the total.
WEBSITE = re.compile("|".join(WEBSITE_WORDS))
CHANNEL_FIELDS = (("微博", "proactive.weibo"), ("微信", "proactive.wechat"))
#: News media: a figure released only there is an other statistic unless worded 主动公开.
MEDIA = re.compile(r"新闻媒体|媒体|报刊|报纸|电视|广播")
#: Words that name several channels, or one that is none of the above.
SEVERAL_CHANNELS = re.compile(r"(?<!微信)平台|抖音|公众号|新媒体|客户端|APP|公开栏(?!目)|渠道|方式|形式|载体|查阅|其他|其它")
#: Where a website's name starts: after these words the qualifier of a site (区政府, 中国常熟) begins.
_SITE_STARTS = re.compile(r"在|通过|依托|利用|和|及|与|、|，|,|（|\(|）|\)|上")
#: Words of a site's name that name no body (中国常熟网站 is 常熟's, 政府门户网站 the body's own).
_GENERIC_SITE_WORDS = re.compile(r"中国|人民|政府|门户|官方|\d+年度?|本年度?|全年")
#: A report's own subject (我乡, 我单位, 本局): the level of its body.
_SUBJECT = re.compile(r"[我本](乡|镇|街道|单位|局|委|办|厅|中心|院|所|区|县|市|省)")


#: Words that make a 累计 figure sum several years (``截至2014年12月31日…累计公开846条``,
#: ``到目前累计…``): before the name in its sentence, the figure is no annual statistic.
SINCE_WORDS = ("截至", "截止", "到目前", "至今", "以来", "迄今")


#: A count as of a moment before the year's end (截至目前, 截至12月14日, 截至发文之日): what a channel
#: or account holds by then since it began (pt-2012-syq's 微博, c001), not the year's figure. As of
#: the year's last day (截至12月31日, 截至年底) it is the year's.
_AS_OF = re.compile(r"(?:截至|截止)到?(?:目前|今|当前|发文之日|(?:\d{4}年)?(\d{1,2})月(\d{1,2})日)")
#: Words that set a later figure of the sentence in the report's year again.
_YEAR_AGAIN = re.compile(r"\d{4}年|全年|本年|今年|年内")


def running_total_since(sentence_before: str, name: str) -> bool:
    """Whether a figure's sentence says it sums more than the report's year: a 累计 name after a
    word of since (截至, 以来 …), or any name after an as-of moment before the year's end.

    >>> running_total_since("截至2014年12月31日，在县政府网站", "累计公开政府信息")
    True
    >>> running_total_since("2013年", "累计主动公开政府信息"), running_total_since("截至2014年底，", "主动公开信息")
    (False, False)
    >>> [running_total_since(before, "发布微博") for before in ("截至12月14日，官方微博共", "截至目前共",
    ...  "截至2023年12月31日，共", "截至2023年底，共", "今年以来，共", "截至目前共发布592条信息,2019年",
    ...  "截至目前共收到15564件咨询,已")]
    [True, True, False, False, False, False, True]
    """
    if RUNNING_TOTAL in name and any(word in sentence_before for word in SINCE_WORDS):
        return True
    # the moment governs the figures after it until the sentence names the year again (c001: 截至目前
    # 共发布592条信息,2019年公开政府信息60条 — the 60 is the year's; pt-2018: 截至目前共收到15564件…,
    # 已办结15042件 — both as of the moment)
    return any((m.group(1) is None or (int(m.group(1)), int(m.group(2))) != (12, 31))
               and not _YEAR_AGAIN.search(sentence_before, m.end()) for m in _AS_OF.finditer(sentence_before))


#: Verbs that make a clause count requests (收到1条申请 counts requests, in 条 though it be).
REQUEST_VERBS = ("收到", "受理", "接到", "接受", "办理", "提出", "答复")


def _items_released(clause: str, value_text: str, before: str = "") -> bool:
    """Whether a figure counts items of information released rather than requests or replies:
    no verb of receiving or answering, and counted in 条, or listed after the 主动公开 figures
    of its sentence (``主动公开政府信息0条，依申请公开0件，规章0条``, D5: d041).

    >>> _items_released("依申请公开1条", "1条"), _items_released("我局收到1条申请政府信息公开的受理件", "1条")
    (True, False)
    >>> _items_released("依申请公开3件", "3件"), _items_released("依申请公开0件", "0件", "我局主动公开政府信息0条，")
    (False, True)
    """
    quantity = parse_quantity(value_text)
    return (quantity is not None and not any(verb in clause for verb in REQUEST_VERBS)
            and (quantity.unit == "条" or "主动公开" in before))


def _with_broken_off(text: str, name: Span) -> str:
    """A name's words, led by the clause a line break cut off before it when the name opens its
    line (a PDF's text layer breaks lines mid-word: ``主动公开各类政⏎府信息``; readers.pdf joins a
    paragraph's wrapped lines, but text copied out of a PDF, or an OCR'd page, keeps the breaks).

    >>> t = "2024年，市政府网站主动公开各类政\\n府信息 5500余条"
    >>> _with_broken_off(t, Span(t.index("府信息"), t.index("府信息") + 3, "STAT_NAME", "府信息"))
    '市政府网站主动公开各类政府信息'
    >>> t = "发布举措445条、辟谣信息21条"
    >>> _with_broken_off(t, Span(t.index("辟谣"), t.index("辟谣") + 4, "STAT_NAME", "辟谣信息"))
    '辟谣信息'
    """
    line_start = text.rfind("\n", 0, name.start) + 1
    if line_start == 0 or text[line_start:name.start].strip():
        return name.text
    before = text[:line_start - 1].rstrip(" \t\u3000")
    if not before or before[-1] in CLAUSE_BREAKS:
        return name.text
    left, _ = clause_bounds(text, len(before) - 1, len(before))
    return text[left:len(before)] + name.text


def _other_readings(words_before: str, name: Span, value: Span) -> Iterator[str]:
    """Other readings of a name the matcher gives no field, in the order tried: with the verb before
    its value when the name follows the value (``共收到14件依申请公开``: 收到依申请公开), then its head
    (``_head_of``).

    >>> list(_other_readings("我局共收到", Span(9, 14, "STAT_NAME", "依申请公开"), Span(5, 8, "STAT_VALUE", "14件")))
    ['收到依申请公开']
    """
    verb = _verb_before(words_before) if name.start >= value.end else None
    if verb:
        yield verb + name.text
    head = _head_of(name.text)
    if head:
        yield head


def _with_running(text: str, start: int, end: int, left: int = 0) -> str:
    """The name at text[start:end], with a 累计 printed just before it (from ``left`` on) that the
    tagger left out (``到目前累计|主动公开政府信息``).

    >>> _with_running("通过系统累计主动公开政府信息", 6, 14), _with_running("2019年主动公开政府信息", 5, 13)
    ('累计主动公开政府信息', '主动公开政府信息')
    """
    at = start - len(RUNNING_TOTAL)
    return text[at:end] if at >= left and text[at:start] == RUNNING_TOTAL else text[start:end]


def _verb_before(words: str) -> str | None:
    """The verb of receiving or answering that the words before a value end with, past 共/累计….

    >>> _verb_before("2019年度我局共收到"), _verb_before("我局共"), _verb_before("受理了")
    ('收到', None, '受理')
    """
    head = _TOTAL_GLUE.sub("", words.rstrip())
    return next((verb for verb in REQUEST_VERBS if head.endswith(verb)), None)


def _head_of(name: str) -> str | None:
    """A name's head when a modifier stands before it that lists (、) or follows a verb of receiving
    or answering: the words after its last 的, behind that verb, if any; else None.

    >>> _head_of("受理公民、法人和其他组织提出的政府信息公开申请"), _head_of("收到涉及政府信息公开方面的行政复议")
    ('受理政府信息公开申请', '收到行政复议')
    >>> _head_of("共计产生主动公开的政府信息有"), _head_of("主动公开政府信息"), _head_of("公民、法人的")
    (None, None, None)
    """
    before, _, head = name.rpartition("的")
    verb = next((verb for verb in REQUEST_VERBS if before.startswith(verb)), "")
    if not head or not (verb or "、" in before):
        return None
    return verb + head


def _with_carried_over(text: str, end: int) -> bool:
    """Whether a count is followed by a bracket saying it includes carried-over requests.

    >>> _with_carried_over("申请151件（含上年结转13件），办结146件", 6), _with_carried_over("申请151件，办结", 6)
    (True, False)
    """
    match = re.match(r"\s*[（(]含[^（）()]{0,30}结转", text[end:end + 40])
    return match is not None


def channel_only(clause: str) -> bool:
    """Whether a clause counts what one channel published without calling it 主动 (proactive).

    >>> channel_only("在兴仁市人民政府门户网站发布政务信息共"), channel_only("通过政府网站主动公开信息")
    (True, False)
    >>> channel_only("全年主动公开各类信息"), channel_only("抖音号公开信息")
    (False, True)
    """
    return "主动" not in clause and any(word in clause for word in CHANNEL_WORDS)


def _since_last_figure(text: str, value: Span) -> str:
    """The words of a value's sentence before it, from the figure before it (an item of a list
    after ``其中`` is read without the list's head).

    >>> t = "我区政府门户网站发布信息总数为83条，其中政务动态34条，信息公开7条"
    >>> _since_last_figure(t, Span(t.find("7条"), len(t), "STAT_VALUE", "7条"))
    '，信息公开'
    """
    left, _ = clause_bounds(text, value.start, value.end, SENTENCE_BREAKS)
    figures = find_quantities(text[left:value.start])
    return text[left + figures[-1][1] if figures else left:value.start]


def _own_site(words: str) -> bool:
    """Whether a website the words name is the body's own: a site with no body's name, or named
    with the report's subject (``我区政府门户网站``, ``本单位门户网站``), or with no 我/本 subject.
    A site of another body (``我单位通过区政府门户网站``) is not."""
    subject = _SUBJECT.search(words)
    if subject is None:
        return True
    for match in WEBSITE.finditer(words):
        starts = [m.end() for m in _SITE_STARTS.finditer(words, 0, match.start())]
        qualifier = words[max(starts, default=0):match.start()]
        name = _GENERIC_SITE_WORDS.sub("", qualifier.replace(subject.group(0), subject.group(1)))
        if not name or subject.group(1) in name:
            return True
    return False


def pre2019_channel(words: str) -> str | None:
    """The field of a pre-2019 figure named as the 主动公开 total, from the words of its sentence
    before it (D3): one channel's count is that channel's field, a figure released only in the
    news media an other statistic (None), else proactive.total (also a count on another body's
    site: a township's only outlet, the harmonised rule of b020 and b052).

    >>> pre2019_channel("2012年，四川省气象局通过四川省气象局门户网站主动公开政府信息")
    'proactive.website'
    >>> pre2019_channel("2018年度我区政府门户网站发布信息总数为"), pre2019_channel("我县通过政府门户网站向社会公开政府信息")
    ('proactive.website', 'proactive.website')
    >>> pre2019_channel("2018年，我单位通过区政府门户网站主动公开政府信息"), pre2019_channel("我局在中国常熟网站上共主动公开政府信息")
    ('proactive.total', 'proactive.total')
    >>> pre2019_channel("我镇通过政府信息公开平台、政府网站主动公开政府信息")
    'proactive.total'
    >>> pre2019_channel("通过门户网站和其他信息公开渠道主动公开政府信息"), pre2019_channel("主动公开政府信息")
    ('proactive.total', 'proactive.total')
    >>> pre2019_channel("南关区人民政府依托区政府门户网站政务公开栏目，主动公开政府信息")
    'proactive.website'
    >>> pre2019_channel("常熟商务政务微博共发布各类商务信息"), pre2019_channel("常熟商务微信平台共发布各类信息")
    ('proactive.weibo', 'proactive.wechat')
    >>> pre2019_channel("重要的民政信息在新闻媒体上发布，发布信息") is None
    True
    """
    channels = [field for word, field in CHANNEL_FIELDS if word in words]
    sites = WEBSITE.search(words) is not None
    media = MEDIA.search(words) is not None
    if SEVERAL_CHANNELS.search(words) or len(channels) + sites + media != 1:
        return "proactive.total"
    if channels:
        return channels[0]
    if media:
        return None if "主动" not in words else "proactive.total"
    return "proactive.website" if _own_site(words) else "proactive.total"


def clause_bounds(text: str, start: int, end: int, breaks: str = CLAUSE_BREAKS) -> tuple[int, int]:
    """[start, end) of the clause around text[start:end], trimmed of spaces."""
    # A clause never crosses a line break when "\n" is a break: search within the line only,
    # so finding every clause of a long text stays linear.
    low, high = 0, len(text)
    if "\n" in breaks:
        low = text.rfind("\n", 0, start)
        high = text.find("\n", end)
        high = len(text) if high < 0 else high + 1
        low = max(low, 0)
    left = max(text.rfind(ch, low, start) for ch in breaks) + 1
    rights = [i for i in (text.find(ch, end, high) for ch in breaks) if i >= 0]
    right = min(rights) if rights else len(text)
    while left < right and text[left] in " \t\u3000":
        left += 1
    while right > left and text[right - 1] in " \t\u3000":
        right -= 1
    return left, right


#: A section's numbering in Chinese numerals: 一、 （一）.
_SECTION_NUMBER = r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"


def _section_families(text: str) -> list[tuple[int, frozenset[str]]]:
    """(offset, families) of each heading line (一、… / （一）…), in text order."""
    marks = []
    for start, end in iter_lines(text):
        line = text[start:end].strip(" \t\u3000")
        if re.match(rf"^(?:{_SECTION_NUMBER})", line) and len(line) < 60:
            marks.append((start, families_in(line)))
    return marks


#: A heading's numbering: 一、 （一） 1. 1、 （1）.
_HEADING_NUMBER = re.compile(rf"{_SECTION_NUMBER}|[（(]\d{{1,3}}[）)]|\d{{1,2}}[.．、](?!\d)")
#: The most characters of a heading, also one that opens its paragraph (``（一）主动公开政府信息情况。2019年…``).
MAX_HEADING = 30


def _topic_headings(text: str) -> list[tuple[int, frozenset[str]]]:
    r"""(end, families) of each numbered heading, in text order: a short numbered line, or the
    numbered words that open a paragraph up to its first 。 or ：.

    >>> t = "二、主动公开政府信息的情况\n（一）政府信息公开的内容。2011年我乡公开机构信息共计36条"
    >>> [(t[:end].split("\n")[-1], sorted(families)) for end, families in _topic_headings(t)]
    [('二、主动公开政府信息的情况', ['proactive']), ('（一）政府信息公开的内容', [])]
    """
    out = []
    for start, end in iter_lines(text):
        line = text[start:end]
        stripped = line.lstrip(" \t\u3000")
        if not _HEADING_NUMBER.match(stripped):
            continue
        stop = min((i for i in (stripped.find(c) for c in "。：:") if i >= 0), default=len(stripped))
        if stop <= MAX_HEADING:
            out.append((end - len(stripped) + stop, families_in(stripped[:stop])))
    return out


def proactive_heading_end(headings: Sequence[tuple[int, frozenset[str]]], offset: int) -> int | None:
    r"""The end of the heading that ``offset`` stands under when that heading names 主动公开, else
    None: the nearest heading before it that names a topic (``_topic_headings``); a sub-heading
    without one (``1.信息发布情况``) defers to the heading above it.

    >>> t = "（一）主动公开情况\n1.信息发布情况。2024年，大村镇累计公开政府信息427条。\n（二）依申请公开情况\n收到5件"
    >>> h = _topic_headings(t)
    >>> proactive_heading_end(h, t.find("427")), proactive_heading_end(h, t.find("5件")), proactive_heading_end(h, 0)
    (9, None, None)
    """
    for i in range(bisect_right(headings, offset, key=lambda heading: heading[0]) - 1, -1, -1):
        end, families = headings[i]
        if families:
            return end if "proactive" in families else None
    return None


def _families_at(marks: Sequence[tuple[int, frozenset[str]]], offset: int) -> frozenset[str]:
    """The families of the last heading with any at or before ``offset``."""
    for i in range(bisect_right(marks, offset, key=lambda mark: mark[0]) - 1, -1, -1):
        if marks[i][1]:
            return marks[i][1]
    return frozenset()


def _starting_in(spans: Sequence[Span], starts: Sequence[int], low: int, high: int) -> Sequence[Span]:
    """The spans (sorted by start, ``starts`` their starts) with ``low <= start < high``."""
    return spans[bisect_left(starts, low):bisect_left(starts, high)]


def pair_prose(text: str, spans: Sequence[Span], skip: set[tuple[int, int]],
               report_format: str = "unknown") -> list[Pairing]:
    """Pairings for the tagged values outside tables (those not in ``skip``)."""
    names = sorted((s for s in spans if s.label == "STAT_NAME"), key=lambda s: s.start)
    values = sorted((s for s in spans if s.label == "STAT_VALUE" and (s.start, s.end) not in skip),
                    key=lambda s: s.start)
    marks = _section_families(text)
    name_starts = [n.start for n in names]
    value_starts = [v.start for v in values]
    pairings = []
    for value in values:
        limits.check()  # a deadline can stop a long document here (gik_nlp.limits)
        left, right = clause_bounds(text, value.start, value.end)
        name = _name_for(names, values, value, left, right, name_starts, value_starts)
        if name is None:
            # A list under one name ("其中：工程交易146宗" has its own; "共计1362 项" needs the
            # sentence): look back through the sentence.
            s_left, _ = clause_bounds(text, value.start, value.end, SENTENCE_BREAKS)
            before = [n for n in _starting_in(names, name_starts, s_left, value.start) if n.end <= value.start]
            name = before[-1] if before else None
        if name is None:
            name = _untagged_name(text, value, left)
        if name is None:
            continue
        families = _families_before(text, name.start) or (
            families_in(text[min(left, name.start):max(right, value.end)]) | _families_at(marks, value.start))
        context = FieldContext(families, format=report_format)
        field_id, confidence = match_field(name.text, context)
        for reading in _other_readings(text[left:value.start], name, value):
            if field_id is not None:
                break
            field_id, confidence = match_field(reading, context)
        if field_id == "proactive.total" and _ONE_KIND.search(name.text):
            field_id = None   # "主动公开规章12件": one kind of document, not all that was published (D4)
        if (field_id == "proactive.total" and report_format in _NATIONAL
                and not _PUBLISHED.search(_with_broken_off(text, name))):
            field_id = None   # "辟谣信息21条": information of one kind, not worded as published (D3)
        if (field_id == "proactive.total" and report_format in _NATIONAL
                and channel_only(text[left:value.start])):
            field_id = None   # one channel's count: an other statistic (D3)
        if field_id in ("proactive.total", "proactive.website") and report_format == "pre2019":
            # one channel's count, or a name of a website read with its sentence: several channels,
            # another body's site (the unit's only outlet, b020) are the total (D3)
            field_id = pre2019_channel(_since_last_figure(text, value))
        if field_id and field_id.split(".")[0] in ("request", "reply") and _items_released(
                text[left:right], value.text, text[clause_bounds(text, left, left, SENTENCE_BREAKS)[0]:left]):
            field_id = None   # "依申请公开1条": information released on request, no request count (D5)
        if field_id == "request.received" and _with_carried_over(text, value.end):
            field_id = None   # "151件(含上年结转13件)": more than the year's new requests (D5)
        n_left = clause_bounds(text, name.start, name.end, SENTENCE_BREAKS)[0]
        if field_id and running_total_since(text[n_left:name.start], _with_running(text, name.start, name.end, n_left)):
            field_id = None   # 截至…累计: more than the year
        score = min(name.score, value.score)
        pairings.append(Pairing(field_id, name.text, (name.start, name.end), (value.start, value.end),
                                value.text, "", confidence * score if field_id else score, "prose"))
    return _section_total(text, _plain_over_running(text, _repeated_names(pairings)), report_format)


def _repeated_names(pairings: list[Pairing]) -> list[Pairing]:
    """A name printed twice with two values for one field (``…主动发布信息700余条…主动发布信息400余条``:
    one figure per unit of the body, or per part) gives neither as the field: other statistics.

    >>> a = Pairing("proactive.total", "主动发布信息", (0, 6), (6, 10), "700条", "", 0.9, "prose")
    >>> b = Pairing("proactive.total", "主动发布信息", (20, 26), (26, 30), "400条", "", 0.9, "prose")
    >>> [p.field_id for p in _repeated_names([a, b])]
    [None, None]
    >>> [p.field_id for p in _repeated_names([a, replace(b, value_text="700条")])]   # said twice
    ['proactive.total', 'proactive.total']
    """
    seen: dict[tuple[str, str], list[Pairing]] = {}
    for p in pairings:
        if p.field_id:
            seen.setdefault((p.field_id, p.name), []).append(p)
    drop = set()
    for group in seen.values():
        spans = {p.name_span for p in group}
        if len(spans) > 1 and len({_value_of(p) for p in group}) > 1:
            drop |= {id(p) for p in group}
    return [replace(p, field_id=None) if id(p) in drop else p for p in pairings]


def _value_of(pairing: Pairing) -> float | int | None:
    quantity = parse_quantity(pairing.value_text)
    return quantity.value if quantity else None


#: A name that ends in one kind of document counts that kind (主动公开规章, 规范性文件), not the total.
_ONE_KIND = re.compile(r"(?:规章|规范性文件)$")
#: How a name says that something was published (D3, 2019 and later: the total is worded 主动公开).
_PUBLISHED = re.compile(r"公开|发布|公布")
#: What may stand between a section total's 信息 and its figure ("发布信息共150余条").
_TOTAL_GLUE = re.compile(r"(?:共计|合计|总计|累计|共|计|达|约|为|了|近|超过|逾|有)*$")
#: How a section total's words end before the glue: what was published (``发布信息``, ``信息公开``,
#: ``主动公开文件``); ``规范性文件`` alone counts one kind of document, not the section (D4).
_TOTAL_HEAD = re.compile(r"(?:信息|信息公开|公开文件)$")
#: The units a count of published items takes (``公开文件24条``, ``主动公开文件共5件``).
_TOTAL_UNITS = ("条", "件")
#: A sentence that opens one of the section's points (``一是及时发布各类…信息237件``): its figure is
#: that point's, not the section's (D3).
_POINT = re.compile(r"[\s\u3000]*[一二三四五六七八九十]是")


def _section_total(text: str, pairings: list[Pairing], report_format: str) -> list[Pairing]:
    """With no 主动公开 figure named as such, the first count published (公开/发布; ``_TOTAL_HEAD``,
    ``_TOTAL_UNITS``) in a sentence about 主动公开, or first in a section headed 主动公开, stands for
    the total (D3: ``主动公开…、…等政府信息7074条``); from 2019 on, not one channel's count, and not
    the figure of one of the section's points (``一是…``).

    >>> t = "主动公开疫情防控数据、财政数据等政府信息7074条。"
    >>> p = Pairing(None, "等政府信息", (15, 20), (20, 25), "7074条", "", 0.9, "prose")
    >>> [x.field_id for x in _section_total(t, [p], "2019")]
    ['proactive.total']
    """
    if any(p.field_id and p.field_id.startswith("proactive.") for p in pairings):
        return pairings   # the report names its 主动公开 figures itself
    headings = _topic_headings(text)
    for index, pairing in enumerate(pairings):
        if pairing.field_id is not None:
            continue
        start = pairing.value_span[0]
        left, _ = clause_bounds(text, start, pairing.value_span[1])
        s_left, _ = clause_bounds(text, start, pairing.value_span[1], SENTENCE_BREAKS)
        clause = text[left:start]
        heading_end = proactive_heading_end(headings, start)
        in_section = "主动公开" in text[s_left:start] or (
            # the section's first figure: a later one is one of its parts
            heading_end is not None and not find_quantities(text[heading_end:start]))
        quantity = parse_quantity(pairing.value_text)
        if not in_section or quantity is None or quantity.unit not in _TOTAL_UNITS:
            continue
        head = _TOTAL_GLUE.sub("", clause.rstrip())   # 公开本年度信息 69条: a space before the figure
        if (not _TOTAL_HEAD.search(head) or not _PUBLISHED.search(clause)
                or _POINT.match(text, s_left)
                or running_total_since(text[s_left:start], clause)
                or report_format in _NATIONAL and channel_only(clause)):
            continue
        return pairings[:index] + [replace(pairing, field_id="proactive.total")] + pairings[index + 1:]
    return pairings


def _plain_over_running(text: str, pairings: list[Pairing]) -> list[Pairing]:
    """A field named plainly somewhere (``2019年新增主动公开政府信息362条``) is not also taken from
    a 累计 figure (``通过…系统累计主动公开政府信息4002条``, which may sum earlier years too; the 累计
    in its name or just before a name tagged without it).

    >>> t = "系统累计主动公开政府信息4002条。2019年新增主动公开政府信息362条。"
    >>> a = Pairing("proactive.total", "主动公开政府信息", (4, 12), (12, 17), "4002条", "", 0.9, "prose")
    >>> b = Pairing("proactive.total", "新增主动公开政府信息", (23, 33), (33, 37), "362条", "", 0.9, "prose")
    >>> [p.field_id for p in _plain_over_running(t, [a, b])]
    [None, 'proactive.total']
    >>> [p.field_id for p in _plain_over_running(t, [replace(a, value_text="2条"), b])]   # less than the year's
    ['proactive.total', 'proactive.total']
    """
    def running(p: Pairing) -> bool:
        return RUNNING_TOTAL in (_with_running(text, *p.name_span) if p.name_span else p.name)

    plain: dict[str, list[Pairing]] = {}
    for p in pairings:
        if p.field_id and not running(p):
            plain.setdefault(p.field_id, []).append(p)

    def sums_more(p: Pairing) -> bool:
        # more than the year can only be as much as the year's figure or more: a smaller 累计 figure
        # is the year's, disagreeing (全县累计回应…2次 beside a table's 11, the seed 001: a warning)
        value = _value_of(p)
        return value is None or any(value >= (_value_of(q) or 0) for q in plain.get(p.field_id, ()))

    return [replace(p, field_id=None) if p.field_id in plain and running(p) and sums_more(p) else p
            for p in pairings]


def _families_before(text: str, offset: int) -> frozenset[str]:
    """The family of the last section keyword before ``offset`` in its sentence: in
    "申请行政复议1件，其中维持…0件，被依法纠错1件" the 纠错 counts 复议 cases."""
    left, _ = clause_bounds(text, offset, offset, SENTENCE_BREAKS)
    before = text[left:offset]
    found = [(before.rfind(keyword) + len(keyword), keyword) for keyword, _ in SECTION_KEYWORDS
             if keyword in before]
    if not found:
        return frozenset()
    return families_in(max(found)[1])


#: A name starting this close after a value ("18,128项责任事项") is that value's name.
ADJACENT_NAME = 1
#: The most characters a value's untagged name may have (主动公开政府信息 is 8): a longer run of
#: words is a sentence, not a name.
MAX_UNTAGGED_NAME = 12
#: Where the words before a figure stop being its name: a year, a subject (我局, 省市场监管局, 人民政府),
#: the place it was published (在政府门户网站上, 在政府信息公开专栏: the channel rules read the whole clause).
_NAME_STARTS_AFTER = re.compile(r"\d{4}年度?|[我本该全](?:局|委|办|厅|镇|乡|区|县|市|街|单位|机关|部门)|"
                                r"局|委员会|办公室|人民政府|厅|街道|部门|单位|在|于|从|向|通过|网站上?|平台上|网上|专栏[上中内]?")


def _untagged_name(text: str, value: Span, left: int) -> Span | None:
    """The words of its clause before a value that no tagged name claims, read as its name: after
    the last year or subject (``2023年``, ``我办``, ``省市场监管局``) and without the glue before the
    figure (``共计``, ``达``); None when nothing or more than ``MAX_UNTAGGED_NAME`` characters
    (a sentence) remain, or anything but hanzi.

    >>> t = "2023年省市场监管局主动公开政府信息共计6312条"
    >>> _untagged_name(t, Span(21, 26, "STAT_VALUE", "6312条"), 0).text
    '主动公开政府信息'
    >>> _untagged_name("截至2020年12月31日,我办在专栏主动公开文件共5件", Span(26, 28, "STAT_VALUE", "5件"), 14).text
    '主动公开文件'
    >>> t = "截止2020年12月31日,我办在政府信息公开专栏主动公开文件共5件"
    >>> _untagged_name(t, Span(t.find("5件"), len(t), "STAT_VALUE", "5件"), t.find(",") + 1).text
    '主动公开文件'
    >>> _untagged_name("为群众解决各类实际困难和问题多达15件", Span(16, 19, "STAT_VALUE", "15件"), 0) is None
    True
    >>> t = "全年我镇在政府门户网站上主动公开信息数量为46件"
    >>> _untagged_name(t, Span(t.find("46"), len(t), "STAT_VALUE", "46件"), 0).text
    '主动公开信息数量'
    >>> [_untagged_name(t, Span(t.find(v), len(t), "STAT_VALUE", v), 0).text for t, v in (
    ...     ("我乡在朝天区政府网站公开本年度信息 69条", "69条"), ("全县各级各部门主动公开政府信息共计14189条", "14189条"),
    ...     ("2009年我街政府信息公开的数量有24件", "24件"))]
    ['公开本年度信息', '主动公开政府信息', '政府信息公开的数量']
    """
    words = _TOTAL_GLUE.sub("", text[left:value.start].rstrip())
    cut = max((m.end() for m in _NAME_STARTS_AFTER.finditer(words)), default=0)
    name = words[cut:]
    if not 2 <= len(name) <= MAX_UNTAGGED_NAME or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return None
    return Span(left + cut, left + len(words), "STAT_NAME", name, value.score)


def _name_for(names: Sequence[Span], values: Sequence[Span], value: Span, left: int,
              right: int, name_starts: Sequence[int], value_starts: Sequence[int]) -> Span | None:
    """The clause's name for a value: the nearest before it, unless a name follows the value
    directly and has no value of its own ("对1366项行政职权事项和18,128项责任事项进行了梳理").
    ``names`` and ``values`` are sorted by start; ``name_starts`` / ``value_starts`` are their starts."""
    before = [n for n in _starting_in(names, name_starts, left, value.start) if n.end <= value.start]
    after = [n for n in _starting_in(names, name_starts, value.end, right) if n.end <= right]
    previous = before[-1] if before else None
    following = after[0] if after else None
    if following is None:
        return previous
    if previous is None:
        return following
    gap_after, gap_before = following.start - value.end, value.start - previous.end
    owns_value = bool(_starting_in(values, value_starts, following.end, following.end + ADJACENT_NAME + 1))
    if gap_after <= ADJACENT_NAME and gap_after < gap_before and not owns_value:
        return following
    return previous


@dataclass(frozen=True)
class Negation:
    """A zero stated by negation: the field and the clause that states it."""

    field_id: str
    clause: tuple[int, int]


#: What closes a denied list of events at its sentence's end ("…行政复议，提起行政诉讼的情况。").
_DENIED_CASES = re.compile(r"的(?:情况|情形|事件)(?:发生)?\s*$")
#: What separates a table's cells, and a line.
_CELL_SEPARATOR = re.compile(r"[|\t\n]")
#: A sentence's end within a line (SENTENCE_BREAKS): a cell's words that hold one are prose.
_SENTENCE_END = re.compile("[" + re.escape(SENTENCE_BREAKS.replace("\n", "")) + "]")
#: A clause shorter than this is a table cell (尚未审结), not a sentence that denies a count.
MIN_NEGATION_CLAUSE = 8


def _before_comma(text: str, end: int) -> bool:
    """Whether a clause ending at ``end`` (trimmed of spaces) ends at a comma, not at its sentence's end."""
    while end < len(text) and text[end] in " \t\u3000":
        end += 1
    return end < len(text) and text[end] in "，,"


def find_negations(text: str) -> list[Negation]:
    """Zeros stated by negation in prose, in text order (a field once, at its first clause).

    >>> t = "时间段内，我镇未接受政府信息公开申请。我镇未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"
    >>> [(n.field_id, t[n.clause[0]:n.clause[1]]) for n in find_negations(t)][0]
    ('request.received', '我镇未接受政府信息公开申请')
    >>> [(n.field_id, len(t[n.clause[0]:n.clause[1]])) for n in find_negations(t)][1:]
    [('review.total', 28), ('litigation.total', 28)]
    >>> [n.field_id for n in find_negations("我县没有因政府信息公开申请行政复议、行政诉讼和行政申诉的情况发生")]
    ['review.total', 'litigation.total']
    >>> [n.field_id for n in find_negations("2017年度涟水县没有发生政府信息公开收费及减免情况。")]
    ['fee.total']
    >>> find_negations("申请人无正当理由逾期不补正；受理申请3件，未按时办结0件")
    []
    >>> [n.field_id for n in find_negations("2013年度没有依申请公开信息的情况。")]
    ['request.received']
    >>> find_negations("本局未收到依申请公开信息的咨询。") + find_negations("未收到法人或者其他组织的申请。")
    []
    >>> [n.field_id for n in find_negations("未收到公民、法人或者其他组织提出的政府信息公开申请。")]
    ['request.received']
    >>> [n.field_id for n in find_negations("我乡未发生公民就政府信息公开申请行政复议,提起行政诉讼的情况。")]
    ['review.total', 'litigation.total']
    >>> [n.field_id for n in find_negations("| 收费 | 万元 | 0 | 本年度我镇没有依申请公开政府信息的情况。")]
    ['request.received']
    >>> find_negations("| 未收到政府信息公开申请 | 0 |")
    []
    """
    found: dict[str, Negation] = {}
    separators = [m.start() for m in _CELL_SEPARATOR.finditer(text)]
    for match in _NEGATION.finditer(text):
        left, right = clause_bounds(text, match.start(), match.end(), "，,；;。！？!?\n")
        if _before_comma(text, right):
            _, sentence_end = clause_bounds(text, match.start(), match.end(), SENTENCE_BREAKS)
            if _DENIED_CASES.search(text, right, sentence_end):
                right = sentence_end  # "未发生…申请行政复议,提起行政诉讼的情况": the list runs past its comma
        # Between a table's cell separators: a cell, unless a sentence ends there (a page run onto
        # one line holds its tables and its sentences alike, so the line says nothing)
        k = bisect_left(separators, match.start())
        cell_left = separators[k - 1] + 1 if k else 0
        k = bisect_left(separators, match.end())
        cell_right = separators[k] if k < len(separators) else len(text)
        cell = text[cell_left:cell_right]
        at_separator = ((cell_left > 0 and text[cell_left - 1] != "\n")
                        or (cell_right < len(text) and text[cell_right] != "\n"))
        if at_separator and not _SENTENCE_END.search(cell):
            continue
        left, right = max(left, cell_left), min(right, cell_right)
        clause = text[left:right]
        if len(clause) < MIN_NEGATION_CLAUSE:
            continue
        if find_quantities(clause):
            continue  # a clause that counts is no negation of the count
        after = text[match.end():right]
        for rule in NEGATION_RULES:
            if rule.field_id in found:
                continue
            hit = min((after.find(k) for k in rule.keywords if k in after), default=-1)
            if hit < 0 or any(u in clause for u in rule.unless):
                continue
            if rule.verbs and not any(v in after[:hit] for v in rule.verbs) and after[:hit] not in rule.direct:
                continue
            if rule.partial and re.search(rule.partial, clause):
                continue
            if not all(word in after for word in rule.also):
                continue
            found[rule.field_id] = Negation(rule.field_id, (left, right))
    order = [rule.field_id for rule in NEGATION_RULES]
    return sorted(found.values(), key=lambda n: (n.clause[0], order.index(n.field_id)))


__all__ = ["NEGATION_RULES", "Negation", "clause_bounds", "find_negations", "pair_prose"]
