"""The head of the record from what pages print (assemble/head.py through build_record); hand-written pages."""

from __future__ import annotations

import pytest

from gik_nlp.assemble import build_record
from gik_nlp.assemble.head import contact_body, notice_place, page_date
from gik_nlp.types import Document, Span


def _spans(text: str, *marks: tuple[str, str, int]) -> list[Span]:
    """Spans from (label, string, n-th occurrence)."""
    out = []
    for label, piece, n in marks:
        at = -1
        for _ in range(n + 1):
            at = text.index(piece, at + 1)
        out.append(Span(at, at + len(piece), label, piece))
    return sorted(out, key=lambda s: s.start)


def _record(text: str, *marks: tuple[str, str, int]) -> dict:
    return build_record(Document("t", "t.txt", text), _spans(text, *marks)).to_dict()


PAGE = ("某某县水利局2021年政府信息公开工作年度报告\n"
        "索引号：001  发布机构：某某县水利局  成文日期：2022-01-20\n"
        "发布时间：2022-01-28 16:34  浏览次数：12\n"
        "根据《中华人民共和国政府信息公开条例》，现公布本报告。\n"
        "一、总体情况\n2021年，我局主动公开政府信息120条。")


def test_head_document_date_before_page_date() -> None:
    record = _record(PAGE, ("AGENCY", "某某县水利局", 0), ("AGENCY", "某某县水利局", 1),
                     ("DATE", "2022-01-20", 0), ("DATE", "2022-01-28", 0))
    assert record["published"] == "2022-01-20"
    assert record["evidence"]["published"] == {"source": "metadata:成文日期", "span": [51, 61]}
    assert record["agency"] == "某某县水利局"
    assert record["evidence"]["agency"]["source"] == "metadata:发布机构"


def test_head_page_date_without_document_date() -> None:
    text = PAGE.replace("成文日期：2022-01-20", "")
    record = _record(text, ("DATE", "2022-01-28", 0))
    assert (record["published"], record["evidence"]["published"]["source"]) == ("2022-01-28", "metadata:发布时间")


def test_head_date_before_covered_year_is_not_the_reports() -> None:
    text = "某某镇人民政府2021年政府信息公开工作年度报告\n发布时间：2020-05-01\n本报告统计期限为2021年1月1日至2021年12月31日。"
    record = _record(text, ("AGENCY", "某某镇人民政府", 0), ("DATE", "2020-05-01", 0),
                     ("DATE", "2021年1月1日", 0), ("DATE", "2021年12月31日", 0))
    assert record["year"] == 2021 and record["published"] is None


@pytest.mark.parametrize("text, agency, source", [
    # the title's body; the office a metadata field names gives way to it
    ("甲市人民政府2019年政府信息公开工作年度报告\n来源：甲市人民政府办公室\n一、总体情况\n2019年，我市主动公开信息10条。",
     "甲市人民政府", "title"),
    # a publishing sentence naming a place without a span; its body as printed elsewhere
    ("根据条例，现将2008年度乙镇政府信息公开年度报告公布如下。\n推进政府信息公开是乙镇人民政府的重要工作。",
     "乙镇人民政府", "notice"),
    # only a contact sentence: its body, without the office
    ("根据条例，编制本报告。如对本报告有任何疑问，请与丙县统计局办公室联系。\n一、总体情况\n本年度我局主动公开信息5条。",
     "丙县统计局", "contact"),
])
def test_head_agency_sources(text: str, agency: str, source: str) -> None:
    marks = [("AGENCY", name, 0) for name in ("甲市人民政府办公室", "甲市人民政府", "乙镇人民政府", "丙县统计局办公室")
             if name in text]
    record = _record(text, *marks)
    assert (record["agency"], record["evidence"]["agency"]["source"]) == (agency, source)


def test_head_pronoun_only_report_has_no_agency() -> None:
    text = ("根据《中华人民共和国政府信息公开条例》要求，现将我局2020年政府信息公开工作情况报告如下：\n"
            "一、总体情况\n2020年，在县委、县政府的领导下，我局主动公开政府信息30条。")
    record = _record(text, ("AGENCY", "县委", 0), ("AGENCY", "县政府", 0))
    assert record["agency"] is None and "agency" not in record["evidence"]


def test_head_spam_cut_from_a_metadata_name() -> None:
    text = ("丁区商务局2020年政府信息公开工作年度报告 - 乐发彩票网_官方网站\n"
            "发布机构：乐发彩票网_官方网站区商务局\n一、总体情况\n2020年，我局主动公开信息3条。")
    record = _record(text, ("AGENCY", "区商务局", 1))
    assert record["agency"] == "区商务局"


@pytest.mark.parametrize("name, body", [("戊市人民政府办公室文电科", "戊市人民政府"), ("己镇党政办公室", "己镇"),
                                        ("庚县电子政务办公室", "庚县"), ("辛街道办事处办公室", "辛街道办事处")])
def test_head_contact_body(name: str, body: str) -> None:
    assert contact_body(name) == body


def test_head_notice_place_and_page_date() -> None:
    assert notice_place("现向社会公布2009年度壬市政府信息公开年度报告。").value == "壬市"
    assert page_date([(0, "上传人：某文库 上传时间:2018-08-08 页数:3")], 2016) is None
    assert page_date([(5, "• 2025-02-10 15:59")], 2024).value == "2025-02-10"


def test_head_superior_in_metadata_gives_way_to_the_titles_body() -> None:
    # D2: the district that posted a township's report is not the report's body
    text = ("甲镇2018年政府信息公开年度报告\n发布时间：2019-01-08\n信息来源：乙区人民政府\n"
            "一、概述\n2018年，乙区甲镇人民政府主动公开政府信息20条。")
    record = _record(text, ("AGENCY", "乙区人民政府", 0), ("AGENCY", "乙区甲镇人民政府", 0), ("DATE", "2019-01-08", 0))
    assert (record["agency"], record["evidence"]["agency"]["source"]) == ("乙区甲镇人民政府", "title")
    assert record["published"] == "2019-01-08"  # D1: the posting date, no signature date printed


def test_head_page_posted_years_later_has_no_published() -> None:
    # D1: a page posted after the covered year + 1 is a re-post
    text = "丙县2009年政府信息公开工作年度报告\n公开日期：2015-07-27 16:32\n一、概述\n2009年，丙县主动公开信息8条。"
    assert _record(text, ("DATE", "2015-07-27", 0))["published"] is None
    assert _record(text.replace("2015-07-27", "2010-03-02"), ("DATE", "2010-03-02", 0))["published"] == "2010-03-02"


def test_head_metadata_printed_a_cell_per_line() -> None:
    # a page's metadata table printed one cell per line, blank lines between (formats.md, rendering 2)
    text = ("索引号:\n\n001\n\n发布机构:\n\n某某县水利局\n文号:\n\n发布时间:\n\n2022-01-28 16:34\n"
            "根据《条例》，现公布2021年政府信息公开工作年度报告。\n一、总体情况\n2021年，主动公开信息20条。")
    record = _record(text, ("AGENCY", "某某县水利局", 0), ("DATE", "2022-01-28", 0))
    assert (record["agency"], record["published"]) == ("某某县水利局", "2022-01-28")
    assert record["evidence"]["agency"]["source"].startswith("metadata")


@pytest.mark.parametrize("separator", ["\t", " | "])
def test_head_reposted_date_above_the_title_is_no_publishing_sentence(separator: str) -> None:
    # D1 as above, the metadata row above the title (cells by tabs, as a PDF text layer reads them):
    # the title on the next line, holding 公开 and 报告, is not a sentence that publishes on that date
    text = (f"文号:{separator}公开日期:{separator}2015-07-27 16:32\n丙县2009年政府信息公开工作年度报告\n"
            "一、概述\n2009年，丙县主动公开信息8条。")
    assert _record(text, ("DATE", "2015-07-27", 0))["published"] is None
    assert _record("现公布丙县2009年政府信息公开工作年度报告。2010年3月2日印发。",
                   ("DATE", "2010年3月2日", 0))["published"] == "2010-03-02"


@pytest.mark.parametrize("text, marks, agency", [
    # the office compiles its government's report
    ("本报告根据《条例》要求，由丁县人民政府办公室编制。全文由概述等部分组成。",
     [("AGENCY", "丁县人民政府办公室", 0)], "丁县人民政府"),
    # a place opening the page's first line, no title found
    ("戊县2009年政府信息公开工作年度报告(以下简称年报)根据《条例》进行编制，全文包括概述等6个部分。", [], "戊县"),
    # the fullest printing: the place before the name in a contact line
    ("己镇人民政府2012年政府信息公开工作年度报告\n联系方式:庚市己镇人民政府办公室，联系电话:0000。",
     [("AGENCY", "己镇人民政府", 0)], "庚市己镇人民政府"),
])
def test_head_agency_fallbacks(text: str, marks: list, agency: str) -> None:
    assert _record(text, *marks)["agency"] == agency


def test_head_staff_made_responsible_is_no_compiling_body() -> None:
    # "由党政办专人负责…": a tagger's span run into the staff is cut, and the office that remains
    # is not followed by the verb: no body compiles the report there; the title's place stands
    text = "甲镇2017年政府信息公开工作年度报告\n一、概述\n严格按照相关要求，由党政办专人负责使用、保管网站服务器。"
    assert _record(text, ("AGENCY", "党政办专人", 0))["agency"] == "甲镇"


# --- issue 11, rules from the errors on the openings' train and dev splits (hand-written pages) ---


@pytest.mark.parametrize("text, marks, agency", [
    # 我局: the body's full name printed only inside a 《》 title (D2)
    ("根据条例编制本报告。\n一、概述\n2010年，我局制定了《甲县国土资源局网站信息发布制度》，规范信息发布。",
     [], "甲县国土资源局"),
    # 我区: the government's name printed only as its website's name
    ("根据条例编制本报告。\n一、总体情况\n2020年，我区以乙山区人民政府网站为主要公开窗口，主动公开信息30条。",
     [], "乙山区人民政府"),
    # 我街: a tagged 街道办事处
    ("现对我街2009年度政府信息公开工作报告如下。\n丙街道办事处是丁区政府的派出机构。",
     [("AGENCY", "丙街道办事处", 0), ("AGENCY", "丁区政府", 0)], "丙街道办事处"),
])
def test_head_pronoun_report_takes_the_name_it_prints(text: str, marks: list, agency: str) -> None:
    assert _record(text, *marks)["agency"] == agency


def test_head_forwarder_of_a_notice_is_not_the_pronoun_body() -> None:
    # annotation.md D2: a body printed only as the forwarder of a notice is not the owner
    text = "根据市政务服务管理局转发的《关于做好年度报告工作的通知》要求，现将我局2020年度政府信息公开情况报告如下。"
    assert _record(text, ("AGENCY", "市政务服务管理局", 0))["agency"] is None


def test_head_pronoun_never_takes_a_mayors_name_or_a_bare_government() -> None:
    text = "2009年，本市各级政府部门推进公开。2009年4月，戊正市长主持召开会议，市政府下发通知。"
    assert _record(text, ("AGENCY", "市政府", 0))["agency"] is None


@pytest.mark.parametrize("name, office, body", [
    ("甲市人民政府办公室文电科", True, "甲市人民政府办公室"),        # 我办: the office's own report
    ("乙省人民政府信息公开办公室", False, "乙省人民政府"),           # the government's disclosure office
    ("丙市人民政府重点建设项目领导小组办公室综合科", False, "丙市人民政府重点建设项目领导小组办公室"),
    ("丁县水利局政府信息公开工作领导小组办公室", False, "丁县水利局"),  # a disclosure working group is no body
])
def test_head_contact_body_offices(name: str, office: bool, body: str) -> None:
    assert contact_body(name, office=office) == body


def test_head_contact_of_an_office_speaking_as_wo_ban() -> None:
    text = ("本报告根据条例编制。如对本报告有任何疑问，请与甲市人民政府办公室文电科联系。\n"
            "一、基本情况\n我办把政府信息公开工作列入日常工作。")
    assert _record(text, ("AGENCY", "甲市人民政府办公室文电科", 0))["agency"] == "甲市人民政府办公室"


@pytest.mark.parametrize("text, marks, agency", [
    # a bare place → the body printed as its website's name (D2: b001-like)
    ("根据条例，特结合我镇实际，编制甲县乙镇2014年政府信息公开工作年度报告。\n信息在甲县人民政府网站和乙镇政府网站公开。",
     [], "乙镇政府"),
    # …but 政府 inside a 《》 title names no body (seed 003): the place stays
    ("丙镇2017年政府信息公开工作年度报告\n我镇制定了《丙镇政府网站管理办法》。", [], "丙镇"),
    # 政府 → 人民政府 where the page prints the full form
    ("根据条例，丁区政务公开领导小组办公室编制了2019年丁区人民政府信息公开工作年度报告。\n丁区政府办公室负责日常工作，由丁区政府编制本报告。",
     [("AGENCY", "丁区政务公开领导小组办公室", 0), ("AGENCY", "丁区政府", 1)], "丁区人民政府"),
    # a name that starts with its level (市教育局) completed by the place printed before it
    ("一、总体情况\n2020年，市教育局坚持公开。制定了《戊仁市教育局信息公开制度》。",
     [("AGENCY", "市教育局", 0)], "戊仁市教育局"),
    # …never by a verb before it (现公布区政府国资局); the heading prints the district's name
    ("己南区国资局\n根据条例，现公布区政府国资局2022年政府信息公开工作年度报告。",
     [("AGENCY", "己南区国资局", 0), ("AGENCY", "区政府国资局", 0)], "己南区国资局"),
    # a short name the page declares (以下简称) → the full name
    ("庚区北部湾办2022年政府信息公开工作年度报告\n本报告由庚区北部湾经济区规划建设管理办公室(以下简称庚区北部湾办)编制。",
     [("AGENCY", "庚区北部湾办", 0), ("AGENCY", "庚区北部湾经济区规划建设管理办公室", 0)],
     "庚区北部湾经济区规划建设管理办公室"),
])
def test_head_fullest_printed_name(text: str, marks: list, agency: str) -> None:
    assert _record(text, *marks)["agency"] == agency


@pytest.mark.parametrize("text, marks, agency", [
    # the office signs under the title of its government's report (D2)
    ("甲市人民政府2016年\n政府信息公开工作年度报告\n甲市人民政府办公室\n2017年3月8日\n本报告根据条例编制，全文包括概述等部分。",
     [("AGENCY", "甲市人民政府", 0), ("AGENCY", "甲市人民政府办公室", 0), ("DATE", "2017年3月8日", 0)], "甲市人民政府"),
    # the 办公厅 compiles the report named after its place
    ("根据条例要求，乙自治区人民政府办公厅编制了《乙自治区2013年政府信息公开工作年度报告》。全文包括七部分。",
     [("AGENCY", "乙自治区人民政府办公厅", 0)], "乙自治区人民政府"),
    # a government's 信息公开办 compiles it; the 来源 field names the posting office
    ("政府信息公开\n丙市丁区2016年政府信息公开工作年度报告\n来源:区人民政府办公室 时间:2017-01-12 10:01\n"
     "本报告根据条例要求，由丙市丁区人民政府信息公开办编制。",
     [("AGENCY", "区人民政府办公室", 0), ("AGENCY", "丙市丁区人民政府信息公开办", 0)], "丙市丁区人民政府"),
    # the place's government office compiles the place's report: its government as printed (pingtan 2015-2019)
    ("戊综合实验区2015年度政府信息公开工作年度报告\n根据条例要求，我区管委会办公室编制完成了本报告。"
     "详见戊综合实验区管委会网站。（一）主动公开政府信息的数量区管委会办公室、区直各部门公开信息。",
     [("AGENCY", "管委会办公室", 0)], "戊综合实验区管委会"),
    ("戊综合实验区2018年度政府信息公开工作年度报告\n根据条例要求，区管委会办公室编制完成了本报告。"
     "联系戊综合实验区管委会办公室。",
     [("AGENCY", "区管委会办公室", 0), ("AGENCY", "戊综合实验区管委会办公室", 0)], "戊综合实验区管委会"),
    # where the government is not printed, the title's place stands
    ("己县2016年政府信息公开工作年度报告\n根据条例要求，县政府办公室编制了本报告。",
     [("AGENCY", "县政府办公室", 0)], "己县"),
])
def test_head_office_gives_way_to_its_government(text: str, marks: list, agency: str) -> None:
    assert _record(text, *marks)["agency"] == agency


@pytest.mark.parametrize("text, agency", [
    ("一、概述\n2018年，甲省全面贯彻落实条例，加强政府信息供给。", "甲省"),
    # the place's government where the page prints it (in a 《》 title)
    ("一、概述\n2015年，乙山市按照国务院、省政府要求推进公开，印发《乙山市人民政府办公室关于公开工作的通知》。",
     "乙山市人民政府"),
    ("一、總體情況\n2022年，丙州市交通運輸局在丙州市委領導下推進公開。", "丙州市交通運輸局"),
])
def test_head_untagged_subject_of_the_first_paragraph(text: str, agency: str) -> None:
    assert _record(text)["agency"] == agency


def test_head_bare_town_government_never_glued_to_the_titles_place() -> None:
    # annotation.md D2 (a005): only 镇政府 is printed, so the title's place stands
    text = "甲村镇2010年政府信息公开工作年度报告\n发布时间:2011-03-14\n汇总全镇政府信息公开工作情况编制本年度报告。"
    assert _record(text, ("AGENCY", "镇政府", 0), ("DATE", "2011-03-14", 0))["agency"] == "甲村镇"


def test_head_title_without_the_issuers_date_line_or_a_column_name() -> None:
    text = ("甲省人民政府2015年政府信息公开工作报告\n甲省人民政府办公厅  2016/3/28\n\n甲省人民政府2015年政府信息公开\n"
            "工作年度报告\n本报告根据条例编制，综合各市人民政府和省政府各部门的报告而成。")
    record = _record(text, ("AGENCY", "甲省人民政府", 0), ("AGENCY", "甲省人民政府办公厅", 0),
                     ("AGENCY", "甲省人民政府", 1))
    assert (record["title"], record["agency"]) == ("甲省人民政府2015年政府信息公开工作年度报告", "甲省人民政府")
    text = "政府信息公开\n乙市2016年政府信息公开工作年度报告\n本报告根据条例编制，全文包括概述等部分。"
    assert _record(text)["title"] == "乙市2016年政府信息公开工作年度报告"


@pytest.mark.parametrize("cell", [" | ", "\t"])  # pipe cells, or tabs as a PDF text layer reads them
def test_head_title_from_the_pages_metadata_field(cell: str) -> None:
    text = (f"标 题{cell}甲自治区气象局关于2017年度政府信息公开工作情况的报告\n"
            f"发布机构{cell}甲自治区气象局办公室{cell}发布日期{cell}2018-02-02 17:25:00\n"
            "现将我局2017年度政府信息公开工作情况报告如下。\n2017年，甲自治区气象局贯彻落实条例。")
    record = _record(text, ("AGENCY", "甲自治区气象局", 0), ("AGENCY", "甲自治区气象局办公室", 0),
                     ("AGENCY", "甲自治区气象局", 2), ("DATE", "2018-02-02", 0))
    assert record["title"] == "甲自治区气象局关于2017年度政府信息公开工作情况的报告"
    assert (record["agency"], record["published"]) == ("甲自治区气象局", "2018-02-02")


@pytest.mark.parametrize("text, year", [
    # a year opening a sentence of the body, no title or period
    ("本年度报告根据条例，由甲市公安局编制。\n一、主动公开情况\n积极做好公开工作。2016年，市公安局发布信息1694条。", 2016),
    # a document-sharing site's file name is no heading; the report's own opening line is
    ("乙镇2016年政府信息公开工作年度报告.doc\n上传时间:2018-08-08\n1、乙镇 2017 年政府信息公开工作年度报告一年来，乙镇推进公开。",
     2017),
    # the body speaking of itself right after the year, no comma; last year's report named first (c022)
    ("一、总体情况\n在网站上主动公开信息493条，公开了建议提案办理结果答复、重点工作、信用信息、人事信息、"
     "财政信息等重点领域信息及2018年度信息公开工作报告。\n"
     "我局依申请公开可以通过市政府统一信息公开平台、信函、传真或当面递交等方式进行申请，相关渠道在网站的"
     "公开指南栏目中予以公示。2019年度我局共收到14件依申请公开，按要求按时予以答复。", 2019),
    # the period before a sentence that mentions another year's report
    ("本年度报告中所列数据统计期限从2020年1月1日到12月31日止。\n"
     "2020年，丙市政府办公厅主动公开规章12件。按规定及时发布丙市政府办公厅2019年度政府信息公开年报，接受社会监督，"
     "集中发布2019年度承办建议提案办理情况。", 2020),
])
def test_head_year(text: str, year: int) -> None:
    marks = [("DATE", d, 0) for d in ("2020年1月1日", "12月31日") if d in text and "统计期限" in text]
    assert _record(text, *marks)["year"] == year


def test_head_published_split_over_lines_and_filler_date_evidence() -> None:
    text = "2025\n01/20\n12:30\n来源:\n市审计局\n一、总体情况\n2024年，我局坚持公开。"
    record = _record(text, ("DATE", "01/20", 0))
    assert (record["published"], record["evidence"]["published"]) == ("2025-01-20", {"source": "page date", "span": [5, 10]})
    text = "甲县2012年政府信息公开工作统计表\n统计指标 | 单位 | 统计数\n填报单位：甲县人民政府 填报日期：2013年1月20日"
    record = _record(text, ("AGENCY", "甲县人民政府", 0), ("DATE", "2013年1月20日", 0))
    at = text.index("2013年1月20日")
    assert record["published"] == "2013-01-20"
    assert record["evidence"]["published"] == {"source": "metadata:填报日期", "span": [at, at + 10]}


def test_head_doc_number_beside_its_signer_and_untagged_bare_number() -> None:
    text = ("甲水利〔2011〕47号 签发人:某某某\n根据县政府办公室《关于做好年度报告的通知》（甲政办[2011]7号）和"
            "《关于年度报告有关事项的通知》（〔2019〕—52号），特向社会公布我局2010年度信息公开工作年度报告。")
    record = _record(text, ("DOCNO", "甲水利〔2011〕47号", 0), ("DOCNO", "甲政办[2011]7号", 0))
    assert record["doc_number"]["normalized"] == "甲水利〔2011〕47号"
    assert [d["normalized"] for d in record["cited_documents"]] == ["甲政办〔2011〕7号", "〔2019〕52号"]


@pytest.mark.parametrize("text, marks, agency", [
    # a tagger's span that took in a site's name before the body
    ("某某网_官网甲县交通运输局2014年政府信息公开工作年度报告\n一、概述\n2014年，我局推进公开。",
     [("AGENCY", "网甲县交通运输局", 0)], "甲县交通运输局"),
    # …or ran on into the sentence
    ("根据条例，乙山县教育局编制了县教育局2020年政府信息公开工作年度报告。", [("AGENCY", "乙山县教育局编制了县教育局", 0)],
     "乙山县教育局"),
    # a publishing sentence naming the place after 编制了
    ("根据条例，编制了丙山县教育局2020年政府信息公开工作年度报告。", [], "丙山县教育局"),
])
def test_head_tagger_span_trimmed(text: str, marks: list, agency: str) -> None:
    assert _record(text, *marks)["agency"] == agency


def test_head_pronoun_body_never_starts_with_a_verb() -> None:
    text = ("本报告根据条例编制。\n一、总体情况\n2021年，我乡推进公开工作。如有疑问，请联系民意乡政府党政办，"
            "地址：五常市民意乡人民政府。")
    assert _record(text)["agency"] == "五常市民意乡人民政府"


def test_head_abbreviated_name_takes_its_printed_full_form() -> None:
    # annotation.md D2 (c061): the fullest printed name, here only inside a 《》 title
    text = ("标 题 | 甲藏自治区政府国资委2020政府信息公开工作年度报告 | ||\n甲藏自治区政府国资委2020政府信息公开工作年度报告\n"
            "一、总体情况\n公开了《甲藏自治区人民政府国有资产监督管理委员会2020年度部门预算》等信息。")
    record = _record(text, ("AGENCY", "甲藏自治区政府国资委", 1))
    assert record["agency"] == "甲藏自治区人民政府国有资产监督管理委员会"


@pytest.mark.parametrize("text, agency", [
    # a place printed in full in the notice, its government printed with the place's short name (d016)
    ("根据要求，现公布甲南裕固族自治县2021年度政府信息公开工作年度报告。\n本报告电子版通过甲南县人民政府门户网站公开发布。",
     "甲南县人民政府"),
    # spam spliced between the place and the name: the printed parts joined (D2, d050)
    ("一、总体情况\n2023年，我乡推进公开。如有疑问请联系，地址:乙江省spamsite.com丙下乡人民政府党政综合办公室。",
     "乙江省丙下乡人民政府"),
])
def test_head_place_short_name_and_spliced_spam(text: str, agency: str) -> None:
    assert _record(text)["agency"] == agency


@pytest.mark.parametrize("text, marks, agency", [
    # the paragraph's subject after a 在…领导下 clause
    ("一、总体情况\n2023年，在区委、区政府的坚强领导下，甲洲街道办事处认真贯彻条例。",
     [("AGENCY", "区委", 0), ("AGENCY", "区政府", 0), ("AGENCY", "甲洲街道办事处", 0)], "甲洲街道办事处"),
    # a place right after the year, no comma; its government printed in an office's name
    ("一、总体情况\n(一)主动公开\n2024年乙拉山口市政府网累计公开各类信息5975条。\n联系单位：乙拉山口市人民政府办公室。",
     [], "乙拉山口市人民政府"),
])
def test_head_subject_after_a_clause_or_without_comma(text: str, marks: list, agency: str) -> None:
    assert _record(text, *marks)["agency"] == agency


def test_head_period_read_by_rule_with_dao() -> None:
    # no DATE spans: the period sentence read by rule, joined by 到
    text = "本年度报告中所列数据统计期限从2020年1月1日到12月31日止。\n2020年，甲市人民政府办公厅坚持公开。"
    record = _record(text)
    assert (record["period"], record["year"]) == ({"start": "2020-01-01", "end": "2020-12-31"}, 2020)


def test_head_year_not_from_a_list_of_published_items() -> None:
    # "公开了…及2018年度信息公开工作报告" names last year's report among what was published: no year of this one
    text = ("一、总体情况\n(一)主动公开方面\n在网站上主动公开信息493条，及时更新了我局机构职能概况，公开了重点工作、"
            "财政信息和行政审批事项目录清单等重点领域信息及2018年度信息公开工作报告。")
    assert _record(text)["year"] is None
    text = "根据有关要求，现将我局2020年度政府信息公开情况报告如下。第二十条第(一)项信息公开情况统计如下表所示。"
    assert _record(text)["year"] == 2020


def test_head_wo_jie_takes_the_streets_printed_office_not_a_bare_one() -> None:
    # 我街 with only a bare 街道办事处 tagged: the street office's name printed at a line start
    text = "现对我街2009年度政府信息公开工作报告如下。\n甲江街道办事处是乙邑区政府的派出机构。\n街道办事处内设9个科室。"
    assert _record(text, ("AGENCY", "街道办事处", 1))["agency"] == "甲江街道办事处"


@pytest.mark.parametrize("text, marks, agency", [
    # a metadata field and a publishing sentence: the 政府 of 政府信息 ends no name, whatever route reads it
    ("来源：国务院甲办政府信息公开专栏\n一、概述\n2014年，本办推进政府信息公开。",
     [("AGENCY", "国务院甲办政府", 0)], "国务院甲办"),
    ("现公布国务院甲办政府信息公开工作年度报告如下。\n一、概述\n2014年，本办推进公开。",
     [("AGENCY", "国务院甲办政府", 0)], "国务院甲办"),
])
def test_head_government_of_government_information_ends_no_name(text: str, marks: list, agency: str) -> None:
    assert _record(text, *marks)["agency"] == agency


@pytest.mark.parametrize("text, marks, agency", [
    # a 管委会's title: the hosting body of the 来源 field gives way to it (pingtan 2014)
    ("标题: 甲综合实验区管委会2014年度政府信息公开工作年度报告\n发布时间: 2015-01-02 00:00\n"
     "当前位置： 首页 甲综合实验区管委会2014年度政府信息公开工作年度报告 来源：乙县人民政府 时间：2015-01-02 00:00 微信\n"
     "根据条例要求，编制本报告。",
     [("AGENCY", "乙县人民政府", 0)], "甲综合实验区管委会"),
    # a place's title; the 来源 field's body is followed on its line by the report's first sentence, whose
    # 编制…报告 is not that body's (pingtan 2021)
    ("标题: 甲综合实验区2021年度政府信息公开工作年度报告\n发布时间: 2022-02-08 16:34\n"
     "当前位置： 首页 甲综合实验区2021年度政府信息公开工作年度报告 来源：乙县人民政府 时间：2022-02-08 16:34 相关链接： --> "
     "根据《条例》要求，编制本报告。",
     [("AGENCY", "乙县人民政府", 0)], "甲综合实验区"),
])
def test_head_hosting_body_of_a_metadata_field_gives_way_to_the_title(text: str, marks: list, agency: str) -> None:
    assert _record(text, *marks)["agency"] == agency


def test_head_level_after_a_verb_is_the_names_own() -> None:
    # cross-fitted train b005: 成立市統計局…領導小組, the fold model tagged 統計局 alone
    text = ("一、概述\n2009年,我局紮實推進政府信息公開工作,成立市統計局政府信息公開工作領導小組,統一協調全局工作。\n"
            "二、主動公開政府信息的情況\n全年主動公開信息12條。")
    assert _record(text, ("AGENCY", "統計局", 0))["agency"] == "市統計局"


def test_head_second_name_in_parentheses_is_part_of_the_name() -> None:
    # cross-fitted train e042: spam before the name, its second name in parentheses after it
    text = ("索 引 号: | 001 | 发布机构: | 某某娱乐在线投注官网市市场监管局(知识产权局) |\n"
            "一、总体情况\n2023年,我局主动公开政府信息12条。")
    record = _record(text, ("AGENCY", "某某娱乐在线投注官网市市场监管局", 0))
    assert record["agency"] == "市市场监管局(知识产权局)"


@pytest.mark.parametrize("text, title", [
    # a copy that lost its line breaks runs the title into the report
    ("乙市2016年政府信息公开工作年度报告  一、总体情况 2016年，乙市主动公开政府信息。",
     "乙市2016年政府信息公开工作年度报告"),
    # a column's name before the title on the same line
    ("政府信息公开 乙市2016年政府信息公开工作年度报告\n本报告根据条例编制，全文包括概述等部分。",
     "乙市2016年政府信息公开工作年度报告"),
    # a body's name, a space, then the rest of the title, run on into the first paragraph
    ("乙市丙街道办事处 2016年政府信息公开工作年度报告 丙街道办事处根据条例编制本报告。",
     "乙市丙街道办事处2016年政府信息公开工作年度报告"),
    # a mirror's page title: the site joined by a bare hyphen
    ("乙市2016年政府信息公开工作年度报告-六合彩投注网\n本报告根据条例编制，全文包括概述等部分。",
     "乙市2016年政府信息公开工作年度报告"),
])
def test_head_title_in_the_layouts_of_scraped_copies(text: str, title: str) -> None:
    assert _record(text)["title"] == title


def test_head_untagged_subject_after_a_heading_on_its_line() -> None:
    # one_line noise: 一、总体情况 and the first paragraph on one line, no title above
    text = "一、总体情况 2022年，丁州市交通运输局在市委领导下，推进政务公开。"
    assert _record(text)["agency"] == "丁州市交通运输局"


def test_head_page_date_split_over_lines_after_a_stray_mark() -> None:
    text = "? 2025\n01/20\n12:30\n来源:\n市审计局\n一、总体情况\n2024年，我局坚持执行条例。"
    assert _record(text, ("AGENCY", "市审计局", 0))["published"] == "2025-01-20"


def test_head_doc_number_alone_on_its_line_after_a_stray_mark() -> None:
    text = "？甲水利〔2011〕47号 签发人:林某某\n根据《条例》，特向社会公布我局2010年度信息公开工作年度报告。"
    record = _record(text, ("DOCNO", "甲水利〔2011〕47号", 0))
    assert record["doc_number"]["normalized"] == "甲水利〔2011〕47号"


def test_a_filled_in_field_reads_its_value_not_the_rest_of_a_page_run_onto_one_line() -> None:
    # the seed 001 as a page run onto one line: the empty 填报单位 field of its table is followed by
    # the whole table, whose first name is no report's body
    text = ("甲县人民政府2016年政府信息公开工作年度报告\n"
            "2016年，甲县推进政府信息公开。 填报单位（盖章）：   统计指标 单位 统计数 主动公开政府信息数 条 35"
            " 县委宣传部 报送 填报日期：2017年1月19日")
    record = _record(text, ("AGENCY", "甲县人民政府", 0), ("AGENCY", "县委宣传部", 0), ("DATE", "2017年1月19日", 0))
    assert record["agency"] == "甲县人民政府"
    assert record["published"] == "2017-01-19"


@pytest.mark.parametrize("header", ["统计数", "统计指标"])
def test_a_statistics_tables_header_is_no_metadata_value(header: str) -> None:
    from gik_nlp.assemble.head import metadata_agency

    text = f"指标 | 单位 | {header}\n主动公开政府信息数 | 条 | 35"
    assert metadata_agency(text, text, [], lambda name: name) is None
