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
