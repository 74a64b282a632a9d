"""The head of a report's record from its lines and spans: title, year, 文号 (its own and the
ones it cites), the period covered, the signature, the agency and the date it was published.

Spans are the evidence (AGENCY, DATE, DOCNO); the text's layout supports them where a rule is
principled rather than tuned to one report: the title is the last heading ending in 报告 above
the body (past page titles, breadcrumbs and a publishing notice), the signature is a body's name
on its own line followed by a date line, the report's own 文号 stands alone on a line above or
just below the title. The agency and the date follow head.py's order of trust (head.py reads the
places pages print them: metadata blocks, titles, publishing and contact sentences). Decisions
read the text in simplified characters; what the record quotes is as printed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Sequence

from gik_nlp.assemble.dates import parse_date, parse_period, year_of_report
from gik_nlp.assemble.docno import OPEN_BRACKETS, find_doc_numbers, issuer_start, parse_doc_number
from gik_nlp.assemble.fields import simplified
from gik_nlp.assemble.head import (_LEVEL_FIRST, _OFFICE_SUFFIX, _value_bounds, CHINESE_YEAR, DISCLOSURE_WORK, PLACE_END, YEAR,
                                   Found, _speaks_as_office, contact_agency, date_notice, fullest, head_place, metadata_agency,
                                   metadata_dates, notice_agency, notice_place, page_date, plausible, pronoun_body,
                                   subject_agency, subject_place, title_agency)
from gik_nlp.assemble.lines import STRAY_MARKS, Line, spans_in, spans_of
from gik_nlp.assemble.prose import SENTENCE_BREAKS, clause_bounds
from gik_nlp.types import DocNumber, Period, Span

#: How many non-blank lines from the top are searched for the title and the report's 文号.
HEAD_LINES = 40
#: A title line, a signature line or a date line is short; longer lines are prose.
MAX_HEADING_CHARS = 60
MAX_SIGNATURE_CHARS = 30
#: A line at least this long with sentence punctuation is a paragraph of the body.
BODY_LINE_CHARS = 40
#: The most characters between the two dates of a period (起至, 至, —, ~).
PERIOD_CONNECTOR_CHARS = 4

_BODY_SUFFIX = re.compile(r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|局|厅|委|办|中心|镇|乡|街道办事处|"
                          r"街道|院|署|部|处|所|站|队|小组|公司|总局|分局)$")
# Websites, platforms and columns are no agencies (县网信办 is: only the end decides).
_LEAD_VERB = re.compile(r"^(?:利用|通过|依托|按照|根据|依据|现公开|现公布|现发布|现将|请联系|请与|联系|了|由)")
#: A site's name the tagger glued before a body (体彩网交通运输局, 官网市市场监管局); not 网信办, 网络….
#: A clause a tagger's span took in before a body's name: 在 … 公开/发布/公布, … 栏中公开 (the name
#: follows the verb).
_CLAUSE_BEFORE = re.compile(r"^.{0,8}?在.{1,16}(?:公开|发布|公布)|^.{1,16}?[中上](?:公开|发布|公布)")
_SITE_LEAD = re.compile(r"^[\u4e00-\u9fff]{0,12}?网(?![信络])")
#: A sentence the tagger ran a body's name into (省政府办公厅在做好…): cut after the body.
_RUN_ON = re.compile(r"(?:(?<=办公厅)|(?<=办公室)|(?<=人民政府)|(?<=委员会)|(?<=办事处)|(?<=局))"
                     r"(?:在|对|于|做好|认真|坚持|按照|根据|编制|公布|发布)")
_NOT_AGENCY = re.compile(r"(?:网|网站|网址|平台|公众号|微博|微信|栏目|专栏)$|http|www")
#: The staff a tagger's span ran into after the body (由党政办专人负责: 党政办).
_STAFF_TAIL = re.compile(r"(?:专人|专职人员|工作人员|人员|同志|负责人)$")
_LEADING_YEAR = re.compile(rf"^{YEAR}年度?")
_SUBJECT_END = re.compile(rf"关于|\d{{4}}|{CHINESE_YEAR}年|{DISCLOSURE_WORK}")
_NOTICE = re.compile(r"关于(?:印发|公布|发布|转发).{0,60}报告.{0,4}的通知")
_METADATA_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[:：]")
_NAVIGATION = re.compile(r"[【】>|]|首页|当前位置|打印|关闭")
_PLACE = re.compile(rf"^[\u4e00-\u9fff]{{1,12}}?{PLACE_END}$")
_HEADING_BREAKS = re.compile(r"[。，；;|：:]")
_SITE_SEPARATORS = re.compile(r"\s+[-–—_|]\s+|_|(?<=[报報]告)[-–—|]")
_PUBLISH_WORDS = ("发布", "公布", "印发", "公开")
_AUTHOR_VERBS = ("编制", "编写", "公布", "发布")
_BY_AUTHOR = re.compile(r"\s*(?:编制|编写|制作|负责|根据|依据|按照)")
#: The office that compiles its body's report: what follows the body's name.
_COMPILING_OFFICE = re.compile(r"(?:(?<=人民政府)(?:政府信息公开|信息公开|政务公开)?(?:办公室|办公厅|办)|"
                               r"(?<=[局委厅部])(?:办公室|办公厅))$")
#: A place's government's office printed with at most the place's level (区管委会办公室, 政府办公室).
_PLACE_GOVERNMENT_OFFICE = re.compile(r"^([省市县区州盟旗镇乡]?)((?:人民)?政府|管委会|管理委员会)(?:办公室|办公厅|办)$")
_GROUP_OF_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,12}(?:省|自治区|市|县|区|旗|镇|乡|街道))(?:人民政府|政府)?"
                             r"[\u4e00-\u9fff]{0,12}领导小组(?:办公室)?$")
_PERIOD_WORDS = ("统计", "期限", "时限", "数据", "涵盖", "期间")

def _without(text: str, sites: Sequence[str]) -> str:
    """``text`` without the mirror's site names, each with the separator that joins it to a
    page title (``…年度报告 - 某某官方网`` → ``…年度报告``).

    >>> _without("某县2017年年度报告 - 快乐官方网", ["快乐官方网"]), _without("快乐官方网:某县", ["快乐官方网"])
    ('某县2017年年度报告', ':某县')
    """
    for site in sites:
        text = re.sub(r"(?:\s*[-–—_|]\s*)?" + re.escape(site), "", text)
    return text


# --- head of the report ---------------------------------------------------------------


def site_names(lines: Sequence[Line]) -> list[str]:
    """Names of a scraping mirror, read from a page-title line "<report title> - <site>".

    >>> site_names([Line(0, 0, "? 某县人民政府关于2017年度政府信息公开工作年度报告 - 快乐官方网")])
    ['快乐官方网']
    >>> site_names([Line(0, 0, "某县2017年政府信息公开工作年度报告-六合彩投注网")])
    ['六合彩投注网']
    """
    names = []
    for line in lines[:3]:
        parts = _SITE_SEPARATORS.split(line.text)
        if len(parts) >= 2 and "报告" in simplified(parts[0]) and "报告" not in simplified(parts[-1]) \
                and len(parts[-1]) <= 20:
            names.append(parts[-1].strip())
    return names


def _title_part(line: Line) -> bool:
    view = line.view
    return (len(view) <= MAX_HEADING_CHARS and not _HEADING_BREAKS.search(view) and not line.tabbed
            and not _NAVIGATION.search(view) and not find_doc_numbers(view) and parse_date(view) is None
            and not _FULL_DATE.search(view))


#: A full date inside a line ("安徽省人民政府办公厅  2016/3/28"): an issuer's date line, no title part.
_FULL_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


def _joined(parts: Sequence[Line], attr: str, sites: Sequence[str]) -> str:
    joined = re.sub(r"\s+", "", "".join(getattr(p, attr) for p in parts))
    return _without(joined, sites).strip("《》“”\" " + STRAY_MARKS)


@dataclass(frozen=True)
class _Title:
    text: str                 # as printed
    view: str                 # in simplified characters
    bounds: tuple[int, int]   # from the first part's start to the last part's end
    index: int                # its first line's index among the lines


def _title_at(lines: Sequence[Line], i: int, sites: Sequence[str],
              view_sites: Sequence[str]) -> tuple[_Title, int] | None:
    """A title of 1–3 short lines starting at line ``i``, and how many lines it takes (``view_sites``:
    ``sites`` in simplified characters)."""
    parts: list[Line] = []
    for line in lines[i:i + 3]:
        if not _title_part(line) or any("报告" in p.view for p in parts):
            break
        parts.append(line)
        view = _joined(parts, "view", view_sites)
        if _titled(view):
            rest = _joined(parts[1:], "view", view_sites)
            first = simplified(parts[0].view)
            if len(parts) > 1 and _titled(rest) and re.search(YEAR + "年", rest) \
                    and not _BODY_SUFFIX.search(first) and not _PLACE.match(first):
                return None  # "政府信息公开" / "X2016年政府信息公开工作年度报告": a column name above the title
            return _Title(_joined(parts, "text", sites), view, (parts[0].start, parts[-1].end), i), len(parts)
    return None


_RUN_ON_TITLE = re.compile(r"^[^。，；,;]{4,80}?(?:报告|年报)\s+\S")


#: A line longer than this is a page run onto one line (no paragraph of a report's head runs so long).
ONE_LINE_PAGE_CHARS = 400
#: How many of such a line's first pieces may hold its title.
ONE_LINE_HEAD_PIECES = 40


def _pieces(line: Line) -> list[Line]:
    """A line that runs its title on into what follows (``X2019年…年度报告 一、总体情况 2019年，…``:
    a copy that lost its line breaks), or a title line of 2–3 spaced pieces (``政府信息公开 X2016年…报告``:
    a column's name before it), as its whitespace-separated pieces, which the title finder reads
    as lines; any other line as itself (a title spaced out character by character stays whole).

    >>> [p.text for p in _pieces(Line(0, 27, "某县2019年政府信息公开年度报告  一、总体情况 2019年，本县…",
    ...                               "某县2019年政府信息公开年度报告  一、总体情况 2019年，本县…"))]
    ['某县2019年政府信息公开年度报告', '一、总体情况', '2019年，本县…']
    >>> len(_pieces(Line(0, 20, "本报告由县政府办公室编制。全文包括 总体情况", "本报告由县政府办公室编制。全文包括 总体情况")))
    1
    >>> page = ("索引号: 11-2020-00471 主题分类: 政务信息 发布机构: 西大街街道办 发文日期: 2020-01-03 有效期: "
    ...         "名称: 西大街街道办事处2019年政府信息公开年度报告 " + "一、总体情况" * 80)
    >>> [p.text for p in _pieces(Line(0, len(page), page, page))][9:11]
    ['名称:', '西大街街道办事处2019年政府信息公开年度报告']
    """
    pieces = line.view.split()
    heading = 1 < len(pieces) <= 3 and all(len(p) > 1 for p in pieces) and line.view.endswith(("报告", "年报"))
    # a page run onto one line: its head's pieces (metadata, navigation, the title) are its lines
    one_line_page = len(line.view) > ONE_LINE_PAGE_CHARS and any(
        len(p) <= MAX_HEADING_CHARS and _titled(p) for p in pieces[:ONE_LINE_HEAD_PIECES])
    if not (heading or one_line_page or _RUN_ON_TITLE.match(line.view)):
        return [line]
    return [Line(line.start + m.start(), line.start + m.end(), m.group(), line.view[m.start():m.end()], line.tabbed)
            for m in re.finditer(r"\S+", line.text)]


def _titled(view: str) -> bool:
    """Whether a heading reads as a report's title: a year, 公开 or 年度, and 报告/年报 at its end."""
    return view.endswith(("报告", "年报")) and ("公开" in view or "年度" in view) and "年" in view


#: A page's metadata field holding the title (``标 题 | X关于2017年度…的报告 |``; cells split by
#: tabs where a PDF text layer or a cell-per-line page printed it).
_TITLE_FIELD = re.compile(r"^(?:标\s*题|信息名称|文章标题|名\s*称)(?:\s*[|:：]|\t)\s*([^|\t]+?)\s*(?:[|\t]|$)")


def _is_body(line: Line) -> bool:
    """A paragraph of the report's text (not a page's 文章摘要:/发布时间: field)."""
    return (len(line.view) > BODY_LINE_CHARS and bool(re.search(r"[，。；]", line.view))
            and not _METADATA_FIELD.match(line.view))


def find_title(lines: Sequence[Line], sites: Sequence[str]) -> _Title | None:
    """The report's own title: the last heading (1–3 short lines ending in 报告/年报) above
    the first paragraph of the body; a page title or a breadcrumb above it is passed over.
    Under a publishing notice wrapped around the report ("关于印发《…年度报告》的通知",
    its 文号 and a few lines), the title is the first heading after the notice.
    """
    head = [piece for line in lines[:HEAD_LINES] for piece in _pieces(line)]
    notice = next((i for i, line in enumerate(head) if _NOTICE.search(line.view)), None)
    if notice is not None:
        following = _titles(head[notice + 1:], sites)
        if following:
            return replace(following[0], index=following[0].index + notice + 1)
    titles = _titles(head, sites)
    body = next((i for i, line in enumerate(head) if _is_body(line)), len(head))
    above = [t for t in titles if t.index < body]
    if above or titles:
        return above[-1] if above else titles[0]
    for i, line in enumerate(head):  # the title only in the page's metadata block
        field = _TITLE_FIELD.match(line.view)
        if field and _titled(re.sub(r"\s+", "", field.group(1))):
            start = line.start + field.start(1)
            printed = line.text[field.start(1):field.end(1)]
            return _Title(re.sub(r"\s+", "", printed), re.sub(r"\s+", "", field.group(1)),
                          (start, start + len(printed)), i)
    return None


def _titles(head: Sequence[Line], sites: Sequence[str]) -> list[_Title]:
    """Every title-like heading of the head lines, top down."""
    titles: list[_Title] = []
    view_sites = [simplified(s) for s in sites]
    i = 0
    while i < len(head):
        found = _title_at(head, i, sites, view_sites)
        if found:
            titles.append(found[0])
            i += found[1]
        else:
            i += 1
    return titles


def find_year(title: _Title | None, lines: Sequence[Line], period: Period | None) -> int | None:
    """The year the report covers: from the title, a head line, or the period."""
    if title:
        year = year_of_report(title.view)
        if year:
            return year
    # a heading (not a document-sharing site's file name, "某镇2016年…年度报告.doc"), the period, then a
    # sentence naming the report ("现将我局2020年度政府信息公开情况报告如下"; in a sentence only a year the
    # report's words follow: not "2019年度部门决算"; after the period: "发布了2019年度政府信息公开年报")
    named = [line.view for line in lines[:HEAD_LINES]
             if ("报告" in line.view or "年度" in line.view) and not _FILE_NAME.search(line.view)]
    for heading in named:
        year = year_of_report(heading) if len(heading) <= MAX_HEADING_CHARS else None
        if year:
            return year
    if period:
        return int(period.start[:4])
    for line in named:
        if len(line) <= MAX_HEADING_CHARS:
            continue
        for sentence in re.split(r"(?<=[。；;])", line):
            # only a sentence about this report ("现将…报告如下", "编制本报告"), not one listing what was
            # published ("公开了…及2018年度信息公开工作报告")
            year = year_of_report(sentence, titled_only=True) if _THIS_REPORT.search(sentence) else None
            if year:
                return year
    # No title or period: the year the report's own paragraphs or sentences open with ("2012年，某区人民
    # 政府…", "…。2016年，市公安局…"), the first one among the first, when the next ones agree.
    opening = [int(m.group(1)) for line in lines[:HEAD_LINES]
               for m in _OPENING_YEAR.finditer(line.view)]
    if opening and len(set(opening[:3])) == 1:
        return opening[0]
    return None


#: Words of a sentence that presents the report itself.
_THIS_REPORT = re.compile(r"现将|现予|现公布|现发布|特向|本报告|本年度报告|如下|编制|予以公布|向社会公布")
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|wps|xlsx?)(?:$|_)", re.IGNORECASE)
#: A year a paragraph or sentence opens with ("2012年，某区人民政府…"), also after a heading a page run
#: onto one line keeps beside it ("一、概述 2014年，我区…"), or with the body speaking of itself right
#: after it ("2019年度我局共收到…").
_OPENING_YEAR = re.compile(r"(?:^|(?<=[。；;\s]))\s*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)?((?:19|20)\d{2})\s*年度?\s*(?:[，,、]|(?=[我本]))")


def _parse_doc_number(printed: str) -> DocNumber | None:
    """A 文号 as printed; a traditional 號 is read as 号 (the text keeps what was printed)."""
    parsed = parse_doc_number(printed) or parse_doc_number(printed.replace("號", "号"))
    if parsed and parsed.text != printed:
        parsed = DocNumber(printed, parsed.normalized, parsed.issuer, parsed.year, parsed.serial)
    return parsed


def _doc_number(text: str, span: Span) -> DocNumber | None:
    parsed = _parse_doc_number(span.text)
    if parsed:
        return parsed
    # A span the tagger cut short: read the 文号 that the text holds around it.
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line = text[line_start:len(text) if line_end < 0 else line_end].replace("號", "号")
    for start, end, number in find_doc_numbers(line):
        if line_start + start < span.end and line_start + end > span.start:
            return _parse_doc_number(text[line_start + start:line_start + end]) or number
    return None


#: The signer printed beside a 文号 on its line (签发人：某某).
_SIGNER = re.compile(r"\s*[签簽]\s*[发發]\s*人\s*[:：]?\s*[\u4e00-\u9fff·]{2,8}\s*$")
#: How many lines below the title's last line the report's own 文号 may stand.
DOC_NUMBER_BELOW_TITLE = 2


def find_doc_number(text: str, lines: Sequence[Line], spans: Sequence[Span],
                    title: _Title | None) -> tuple[DocNumber | None, tuple[int, int] | None]:
    """The report's own 文号: alone on a line above the title or just below it, or in the
    文号 field of a page's metadata. Without DOCNO spans the head lines are read by rule."""
    docnos = spans_of(spans, "DOCNO")
    head = lines[:HEAD_LINES]
    last = max((i for i, l in enumerate(head) if title and l.start < title.bounds[1]), default=None)
    for i, line in enumerate(head):
        inside = spans_in(docnos, line.start, line.end)
        if line.view.startswith("文号") and inside:
            return _doc_number(text, inside[0]), (inside[0].start, inside[0].end)
        if last is not None and i > last + DOC_NUMBER_BELOW_TITLE:
            break
        # "X〔2011〕47号 签发人:某某": the signer is no part, nor a mirror's stray mark before it
        alone = _SIGNER.sub("", line.text).strip("（）()〔〕 " + STRAY_MARKS)
        if inside and alone == inside[0].text.strip("（）() "):
            return _doc_number(text, inside[0]), (inside[0].start, inside[0].end)
        if not docnos:
            found = find_doc_numbers(line.text.replace("號", "号"))
            if len(found) == 1 and alone == line.text[found[0][0]:found[0][1]]:
                start, end = line.start + found[0][0], line.start + found[0][1]
                return _parse_doc_number(text[start:end]) or found[0][2], (start, end)
    return None, None


def cited_documents(text: str, spans: Sequence[Span], own: DocNumber | None,
                    own_span: tuple[int, int] | None) -> list[DocNumber]:
    """Every other 文号 in order of first mention, once each (by normalized form)."""
    seen = {own.normalized} if own else set()
    docnos = spans_of(spans, "DOCNO")
    # a 文号 printed without its issuer (（〔2019〕—52号）) that the tagger did not tag is read by rule
    untagged = [Span(m.start(1), m.end(1), "DOCNO", m.group(1)) for m in _BARE_NUMBER.finditer(text)
                if not any(s.start < m.end(1) and m.start(1) < s.end for s in docnos)]
    out = []
    for span in sorted(docnos + untagged, key=lambda s: s.start):
        if own_span and (span.start, span.end) == own_span:
            continue
        for number in _cited_numbers(text, span):
            if number.normalized not in seen:
                seen.add(number.normalized)
                out.append(number)
    return out


_BARE_NUMBER = re.compile(r"(?<=[（(])([〔\[［【]\s*\d{4}\s*[〕\]］】][\s—–\-－]*\d+\s*[号號])(?=[）)])")


_SERIAL_LIST = re.compile(r"^(?P<head>.*?[〔\[［【(（]\s*(?P<year>\d{4})\s*[〕\]］】)）])\s*"
                          r"(?P<serials>\d+(?:\s*[、,，和及]\s*\d+)+)\s*[号號]$")
_NO_ISSUER = re.compile(r"^[（(]?[〔\[［【]\s*(?P<year>\d{4})\s*[〕\]］】][\s—–\-－]*(?P<serial>\d+)\s*[号號][）)]?$")


#: The longest issuer a DOCNO span may start with and still be a tagger's cut inside the code
#: (``函〔2019〕60、61号`` of ``国办公开办函``): no issuer code is one character.
CUT_ISSUER = 1


def _whole_issuer(text: str, span: Span) -> Span:
    """A DOCNO span from its issuer's start where the tagger began it inside the code.

    >>> t = "按照国办公开办函〔2019〕60、61号文件要求"
    >>> _whole_issuer(t, Span(7, 20, "DOCNO", t[7:20])).text
    '国办公开办函〔2019〕60、61号'
    >>> _whole_issuer(t, Span(2, 20, "DOCNO", t[2:20])).start
    2
    """
    bracket = min((i for i in (span.text.find(c) for c in OPEN_BRACKETS) if i >= 0), default=-1)
    if not 0 < bracket <= CUT_ISSUER:
        return span
    start = issuer_start(text, span.start + bracket)
    return Span(start, span.end, span.label, text[start:span.end], span.score) if start < span.start else span


def _cited_numbers(text: str, span: Span) -> list[DocNumber]:
    """The 文号 a DOCNO span cites: one, or several sharing an issuer and year
    (``国办公开办函〔2019〕60、61号``), or one printed without its issuer (``〔2019〕—52号``).

    >>> [d.normalized for d in _cited_numbers("", Span(0, 18, "DOCNO", "国办公开办函〔2019〕60、61号"))]
    ['国办公开办函〔2019〕60号', '国办公开办函〔2019〕61号']
    >>> [d.normalized for d in _cited_numbers("", Span(0, 10, "DOCNO", "〔2019〕—52号"))]
    ['〔2019〕52号']
    """
    span = _whole_issuer(text, span)
    listed = _SERIAL_LIST.match(span.text.strip())
    if listed:
        numbers = []
        for serial in re.findall(r"\d+", listed["serials"]):
            one = _parse_doc_number(listed["head"] + serial + "号")
            if one:
                numbers.append(DocNumber(span.text, one.normalized, one.issuer, one.year, one.serial))
        if numbers:
            return numbers
    number = _doc_number(text, span)
    if number:
        return [number]
    bare = _NO_ISSUER.match(span.text.strip())
    if bare:
        year, serial = int(bare["year"]), int(bare["serial"])
        return [DocNumber(span.text, f"〔{year}〕{serial}号", "", year, serial)]
    return []


def find_period(view: str, spans: Sequence[Span], lines: Sequence[Line],
                sites: Sequence[str] = ()) -> Period | None:
    """The period the statistics cover: two DATE spans joined by 至/起至/- in the sentence
    that says so (统计期限/统计时限/所列数据…), else that sentence read by rule. A range
    elsewhere ("2016年1月1日至12月31日，不存在申请行政复议的情况") is no statement of it."""
    dates = spans_of(spans, "DATE")
    view_sites = [simplified(site) for site in sites]
    for first, second in zip(dates, dates[1:]):
        # the connector, without a spam site's name spliced into it ("—<site>:")
        between = _without(view[first.end:second.start], view_sites).strip(":： ")
        between = re.sub(r"(?<=起)[,，、]\s*(?=至)", "", between)  # "自2009年1月1日起，至2009年12月31日止"
        if len(between) > PERIOD_CONNECTOR_CHARS or "\n" in between:
            continue
        left, right = clause_bounds(view, first.start, second.end, "。；;\n")
        if not any(word in view[left:right] for word in _PERIOD_WORDS):
            continue
        period = parse_period(view[first.start:first.end] + between + view[second.start:second.end])
        if period:
            return period
    for line in lines:
        if any(word in line.view for word in _PERIOD_WORDS) and ("至" in line.view or "到" in line.view):
            period = parse_period(line.view)
            if period:
                return period
    return None


@dataclass(frozen=True)
class _Signature:
    agency: str | None
    date_span: tuple[int, int] | None
    date: str | None


def _is_date_line(line: Line, dates: Sequence[Span]) -> Span | None:
    inside = spans_in(dates, line.start, line.end)
    if inside and line.text == inside[0].text:
        return inside[0]
    if not dates and parse_date(line.view):
        return Span(line.start, line.end, "DATE", line.view)
    return None


def _usable_agency(name: str, sites: Sequence[str]) -> str | None:
    """A body's name as printed, without a spliced spam site; None for a website or platform.

    >>> _usable_agency("一次在市政府公开栏中公开统计局", []), _usable_agency("市政府公开栏中公开统计局", [])
    ('统计局', '统计局')
    >>> _usable_agency("政务公开办公室", [])
    '政务公开办公室'
    >>> _usable_agency("利用市政府网站", [])
    >>> _usable_agency("党政办专人", []), _usable_agency("？胡市镇人民政府", [])
    ('党政办', '胡市镇人民政府')
    >>> _usable_agency("会", [])  # a tagger's fragment: no body's name is one character
    """
    name = _without(name, sites).strip(" :：" + STRAY_MARKS)   # ？胡市镇人民政府: a stray mark the tagger took in
    view = simplified(name)  # converted again only where the name was cut
    if not name or _NOT_AGENCY.search(view):
        return None
    clause = _CLAUSE_BEFORE.match(view)
    if clause and len(name) - clause.end() >= 3 and _BODY_SUFFIX.search(view[clause.end():]):
        name = name[clause.end():]  # "一次在市政府公开栏中公开统计局": a clause run into the name
        view = simplified(name)
    lead = _LEAD_VERB.match(view)
    if lead and len(name) - lead.end() >= 3:
        name = name[lead.end():]  # a tagger's span that took in the verb before the name (利用X的公众号)
        view = simplified(name)
    site = _SITE_LEAD.match(view)
    if site and len(name) - site.end() >= 3 and _BODY_SUFFIX.search(view):
        name = name[site.end():]
        view = simplified(name)
    staff = _STAFF_TAIL.search(view)
    if staff and staff.start() >= 2:
        name, view = name[:staff.start()], view[:staff.start()]
    run_on = _RUN_ON.search(view)
    if run_on and run_on.start() >= 3:
        name = name[:run_on.start()]
    return name if len(name) >= 2 else None


def _agency_line(line: Line, agencies: Sequence[Span], sites: Sequence[str]) -> str | None:
    """The body a line names when the line is only that name (a signature line)."""
    text = _without(line.text, sites)
    inside = spans_in(agencies, line.start, line.end)
    if inside and len(inside) == 1 and inside[0].text in text and len(text) - len(inside[0].text) <= 2:
        return _usable_agency(inside[0].text, sites)
    if agencies or len(text) > MAX_SIGNATURE_CHARS:
        return None  # decided before simplifying: this runs on every line of the document
    view = simplified(text)
    if _BODY_SUFFIX.search(view) and not _HEADING_BREAKS.search(view):
        return _usable_agency(text, sites)
    return None


def find_signature(lines: Sequence[Line], spans: Sequence[Span], sites: Sequence[str],
                   after: int) -> _Signature | None:
    """A body's name alone on a line, followed within two lines by a date line."""
    agencies, dates = spans_of(spans, "AGENCY"), spans_of(spans, "DATE")
    for i, line in enumerate(lines):
        if line.start < after:
            continue
        name = _agency_line(line, agencies, sites)
        if not name:
            continue
        for following in lines[i + 1:i + 3]:
            date = _is_date_line(following, dates)
            if date:
                return _Signature(name, (date.start, date.end), parse_date(simplified(date.text)))
    return _run_on_signature(lines[-1] if lines else None, agencies, dates, sites, after)


#: Any character but whitespace: searched within bounds, so a one-line page is not copied to test it.
_NON_SPACE = re.compile(r"\S")


def _after_sentence(text: str, end: int) -> bool:
    """Whether a page's closing signature or date may follow ``text[:end]``: nothing, its last
    sentence's end (SENTENCE_BREAKS), or a space. Reads back from ``end`` only (a one-line page is
    long: no copy of it).

    >>> [_after_sentence(b, len(b)) for b in ("", "加强培训。", "加强培训。 ", "某局 ", "统计期限截至")]
    [True, True, True, True, False]
    """
    return end == 0 or text[end - 1] in SENTENCE_BREAKS or text[end - 1].isspace()


def _run_on_signature(last: Line | None, agencies: Sequence[Span], dates: Sequence[Span], sites: Sequence[str],
                      after: int) -> _Signature | None:
    """A signature on a page run onto one line: the text ends with a body's name and a date, after its
    last sentence and only spaces between (``…业务培训。 某县文广新局 2014年3月25日``)."""
    if last is None or not dates or not agencies:
        return None
    date, name = dates[-1], agencies[-1]
    view, at = last.view, last.start  # offsets into the line's view are the text's less ``at``
    if (date.start < max(after, at) or name.start < at or name.end > date.start
            or _NON_SPACE.search(view, name.end - at, date.start - at) or _NON_SPACE.search(view, date.end - at)
            or not _after_sentence(view, name.start - at)):
        return None
    agency = _usable_agency(name.text, sites)
    return _Signature(agency, (date.start, date.end), parse_date(simplified(date.text))) if agency else None


def _filler(lines: Sequence[Line], spans: Sequence[Span], sites: Sequence[str],
            word: str) -> tuple[str | None, Found | None]:
    """Agency and date (with the date's offsets) of a 填报单位/填报日期-style line (``word`` names it)."""
    agency: str | None = None
    date: Found | None = None
    agencies, dates = spans_of(spans, "AGENCY"), spans_of(spans, "DATE")
    for line in lines:
        if word not in line.view:
            continue
        key_end = line.view.index(word) + len(word)
        # the field's value, not the rest of its line: a page run onto one line is one line
        tail_start, tail_end = (line.start + at for at in _value_bounds(line.view, key_end))
        for span in spans_in(agencies, tail_start, tail_end):
            agency = agency or _usable_agency(span.text, sites)
        for span in spans_in(dates, tail_start, tail_end):
            parsed = parse_date(simplified(span.text))
            if parsed and date is None:
                date = Found(parsed, f"metadata:{word}", (span.start, span.end))
    return agency, date


def _span_of(text: str, name: str | None, after: int = 0) -> tuple[int, int]:
    at = text.find(name, after) if name else -1
    if at < 0 and name:
        at = text.find(name)
    return (at, at + len(name)) if at >= 0 and name else (0, 0)


def find_agency(text: str, view: str, lines: Sequence[Line], spans: Sequence[Span], sites: Sequence[str],
                title: _Title | None, signature: _Signature | None) -> Found | None:
    """The report's body by the order of trust of head.py: signature, 填报单位, metadata (发布机构 …),
    the title's body, a publishing sentence, the compiling body, the contact body; its fullest
    printed form. None when the report names itself only by pronoun (我局, 本机关)."""
    def usable(name: str) -> str | None:
        return _usable_agency(name, sites)

    found: Found | None = None
    if signature and signature.agency:
        found = Found(signature.agency, "signature", _span_of(text, signature.agency,
                                                              signature.date_span[0] - 40 if signature.date_span else 0))
        titled = title_agency(text, spans, title.bounds, usable, view) if title else None
        if titled and _OFFICE_SUFFIX.search(simplified(found.value)) \
                and simplified(found.value).startswith(simplified(titled.value)) \
                and _COMPILING_OFFICE.search(simplified(found.value)):
            found = titled  # the office signs its government's report (title 宿州市人民政府2016年…)
    if found is None:
        filler, _ = _filler(lines, spans, sites, "填报单位")
        if filler:
            found = Found(filler, "metadata:填报单位", _span_of(text, filler))
    if found is None:
        meta = metadata_agency(text, view, spans, usable)
        titled = title_agency(text, spans, title.bounds if title else None, usable, view)
        # "发布机构：X人民政府办公室" over a title of X人民政府's report: the report is X人民政府's
        if meta and titled and simplified(meta.value).startswith(simplified(titled.value)) \
                and _OFFICE_SUFFIX.search(simplified(meta.value)):
            meta = None
        if meta and title:
            # 信息来源/发布机构 naming the superior or hosting body that posted a township's or a
            # department's report (annotation.md D2): the title's own body wins over it
            own = titled.value if titled else _title_subject(text, view, spans, sites, title)
            if own and not _names_same_body(meta.value, own):
                meta, titled = None, titled or Found(own, "title", _span_of(text, own, title.bounds[0]))
        found = meta or titled
    if found is None and title:
        subject = _title_subject(text, view, spans, sites, title)
        if subject:
            found = Found(subject, "title", _span_of(text, subject, title.bounds[0]))
    if found is None:
        found = notice_agency(view, spans, usable) or notice_place(text, view)
    if found is None:
        author = _preamble_author(view, spans, sites, title.bounds[1] if title else 0)
        if author:
            found = Found(author, "preamble", _span_of(text, author))
    if found is None:
        found = subject_agency(view, spans, usable) or contact_agency(view, spans, usable)
    if found is None:
        found = head_place(text) or pronoun_body(text, spans, usable, view) or subject_place(text, view)
    return _place_wide(fullest(found, text, spans, usable, view), view) if found else None


#: Sources that name who wrote the words, not whose report it is.
_WRITER_SOURCES = ("preamble", "subject", "contact")
#: A government's general office, printed after the government's name.
_GOVERNMENT_OFFICE = re.compile(r"(?<=人民政府)(?:办公厅|办公室)$")
#: The whole place's disclosure work: a report for all the place's bodies, not one office's.
_PLACE_WIDE_WORK = re.compile(r"全(?:省|市|区|县|州|盟|旗)(?:政府信息公开|政务公开)工作")


def _place_wide(found: Found, view: str) -> Found:
    """A government's office (X人民政府办公厅) read from the words of the report, of a report on the
    whole place's disclosure work (全省政府信息公开工作), gives the government: the office compiles
    the place's report (annotation.md D2: 山東省人民政府, a035; 西藏自治區人民政府, c060). Not from a
    signature, metadata or title, and not for a report that speaks as the office (我办, 本办).

    >>> v = "2009年，江苏省人民政府办公厅在做好日常事务的同时，推动全省政府信息公开工作。"
    >>> _place_wide(Found("江苏省人民政府办公厅", "subject", (6, 16)), v).value
    '江苏省人民政府'
    >>> _place_wide(Found("江苏省人民政府办公厅", "subject", (6, 16)), v + "本办高度重视").value
    '江苏省人民政府办公厅'
    """
    office = _GOVERNMENT_OFFICE.search(simplified(found.value))
    if (found.source not in _WRITER_SOURCES or office is None or _speaks_as_office(view)
            or not _PLACE_WIDE_WORK.search(view)):
        return found
    keep = office.start()
    return Found(found.value[:keep], found.source, (found.span[0], found.span[0] + keep))


def _names_same_body(a: str, b: str) -> bool:
    """Whether two printed names can be the same body: one holds the other (凉州区张义镇人民政府 /
    张义镇人民政府); a superior (昭化区人民政府 over 昭化区寿关镇人民政府) or an office
    (X局办公室 over X局) is not.

    >>> _names_same_body("昭化区人民政府", "昭化区寿关镇人民政府"), _names_same_body("平度市公安局", "公安局")
    (False, True)
    >>> _names_same_body("西藏自治区气象局办公室", "西藏自治区气象局")
    False
    """
    a, b = simplified(a), simplified(b)
    if a in b:
        return not (_OFFICE_SUFFIX.search(b) and not _OFFICE_SUFFIX.search(a))
    if b in a:
        return not (_OFFICE_SUFFIX.search(a) and not _OFFICE_SUFFIX.search(b))
    return False


def _title_subject(text: str, view: str, spans: Sequence[Span], sites: Sequence[str], title: _Title) -> str | None:
    """The title's subject when no AGENCY span marks it: the title's leading body or place."""
    agencies = spans_of(spans, "AGENCY")
    for span in spans_in(agencies, *title.bounds):
        name = _usable_agency(span.text, sites)
        if name and title.text.startswith(name):
            return name
    # "易门县2017年政府信息公开…", "西吉县人民政府关于2016年…", "2024年某旗人民政府政府信息公开…"
    lead = _LEADING_YEAR.match(title.view)
    skip = lead.end() if lead else 0
    cut = _SUBJECT_END.search(title.view, skip)
    subject = title.text[skip:cut.start() if cut else len(title.text)].strip()
    subject_view = simplified(subject)
    if subject and _PLACE.match(subject_view):
        author = _preamble_author(view, spans, sites, title.bounds[1])
        if author:
            # "市信访局" under a title of "昆明市": the full name where the report prints it
            short = simplified(author)
            full = subject_view + short[1:]
            at = view.find(full) if subject_view.endswith(short[0]) and _LEVEL_FIRST.match(short) else -1
            if at < 0 and re.fullmatch(r"[省市县区镇乡]?(?:人民)?政府", short):
                return subject  # "镇政府编制本报告" under a title of 唐村镇: never glue 唐村镇 + 镇政府 (D2)
            office = _PLACE_GOVERNMENT_OFFICE.match(short)
            if office and (not office.group(1) or subject_view.endswith(office.group(1))):
                # "(我)区管委会办公室编制完成了本报告" under a title of 平潭综合实验区: the office compiles its
                # place's report, which is the place government's where printed, else the place's
                government = subject_view + office.group(2)
                at = view.find(government)
                return text[at:at + len(government)] if at >= 0 else subject
            return text[at:at + len(full)] if at >= 0 else author
        # The place's government, as a tagged body's full name ("昭化区寿关镇人民政府" for a
        # title's "寿关镇"), else as printed somewhere in the report.
        full = subject_view + "人民政府"
        for span in agencies:
            if simplified(span.text).endswith(full):
                name = _usable_agency(span.text, sites)
                if name:
                    return name
        at = view.find(full)
        return text[at:at + len(full)] if at >= 0 else subject
    if subject and _BODY_SUFFIX.search(subject_view):
        return _usable_agency(subject, sites)
    return None


def _preamble_author(view: str, spans: Sequence[Span], sites: Sequence[str],
                     after: int) -> str | None:
    """The body that says it compiles or publishes the report, in the clause that says so
    ("海林市林业局面向社会公众公布2017年度…年度报告", "…要求，某局编制本报告")."""
    for span in spans_of(spans, "AGENCY"):
        if span.start < after:
            continue
        # a metadata field's colon ends the clause too: "来源：X 时间：… 根据…编制本报告" is no sentence of X's
        left, right = clause_bounds(view, span.start, span.end, "，,。；;\n：:")
        rest = view[span.end:right]
        if "报告" in rest and any(verb in rest[:rest.index("报告")] for verb in _AUTHOR_VERBS):
            name = _usable_agency(span.text, sites)
            if name:
                office = _COMPILING_OFFICE.search(simplified(name))
                place = re.sub(r"(?:人民政府|政府)$", "", simplified(name)[:office.start()]) if office else ""
                if office and place and "《" + place in rest[:rest.index("报告")]:
                    # "X人民政府办公厅编制了《X2013年…年度报告》": the office compiles its government's report
                    return name[:office.start()]
                return _group_place(name)
        if re.search(r"报告由[^，。]{0,12}$|由$", view[left:span.start]):
            # "本报告由X人民政府办公室编制": the office compiles its government's report; the verb
            # follows the name as read ("由党政办专人负责…" is staff's duty, not a compiling body)
            name = _usable_agency(span.text, sites)
            at = span.text.rfind(name) if name else -1
            if name and _BY_AUTHOR.match(view[span.start + at + len(name) if at >= 0 else span.end:right]):
                m = _COMPILING_OFFICE.search(simplified(name))
                return _group_place(name[:m.start()] if m else name)
    return None


def _group_place(name: str) -> str:
    """A working group's office compiles its place's report: the place (its government's printed
    name is found by head.fullest); any other name unchanged.

    >>> _group_place("南宁市良庆区政务公开工作领导小组办公室"), _group_place("海林市林业局")
    ('南宁市良庆区', '海林市林业局')
    """
    m = _GROUP_OF_PLACE.match(simplified(name))
    return name[:m.end(1)] if m else name


def closing_date(view: str, dates: Sequence[Span], after: int) -> Span | None:
    """The date that ends the text right after its last sentence: a signature's date where the page
    was run onto one line (``…业务培训。 2014年3月25日``); None where anything but spaces follows it or
    it continues a sentence (``截至2014年12月31日``).

    >>> t = "加强业务培训。 2014年3月25日 "
    >>> closing_date(t, [Span(8, 18, "DATE", "2014年3月25日")], 0).text
    '2014年3月25日'
    >>> t = "统计期限截至2014年12月31日"
    >>> closing_date(t, [Span(6, 17, "DATE", "2014年12月31日")], 0) is None
    True
    """
    if not dates:
        return None
    last = dates[-1]
    if (last.start < after or _NON_SPACE.search(view, last.end) or _NON_SPACE.search(view, 0, last.start) is None
            or not _after_sentence(view, last.start)):
        return None
    return last


def find_published(view: str, lines: Sequence[Line], spans: Sequence[Span], sites: Sequence[str],
                   signature: _Signature | None, year: int | None, after: int) -> Found | None:
    """The report's date by decision 3's precedence (head.py): the signature date, 成文/发文日期,
    the page's 发布日期/发布时间/公开日期, 填报日期, a date alone on a line below the title (a
    signature without the body's name, or a page's bare date line), a date in a sentence that
    publishes the report. A date before the covered year is not the report's."""
    if signature and signature.date and plausible(signature.date, year):
        return Found(signature.date, "signature", signature.date_span or (0, 0))
    own, page = metadata_dates(view, year)
    if own or page:
        return own or page
    _, filled = _filler(lines, spans, sites, "填报日期")
    if filled and plausible(filled.value, year):
        return filled
    dates = spans_of(spans, "DATE")
    # a date alone on its line below the title, then one closing a page run onto one line
    below = (_is_date_line(line, dates) for line in lines if line.start >= after)
    for date in itertools.chain(below, [closing_date(view, dates, after)]):
        if date:
            parsed = parse_date(view[date.start:date.end], default_year=year)
            if parsed and plausible(parsed, year):
                return Found(parsed, "date line", (date.start, date.end))
    return page_date([(line.start, line.view) for line in lines], year) or date_notice(view, dates, year,
                                                                                       _PUBLISH_WORDS)


__all__ = ["cited_documents", "find_agency", "find_doc_number", "find_period", "find_published",
           "find_signature", "find_title", "find_year", "site_names"]
