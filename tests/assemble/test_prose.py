"""assemble/prose.py: pairing names with values in prose (hand-written sentences, spans placed by hand)."""

from __future__ import annotations

import pytest

from gik_nlp.assemble.prose import find_negations, pair_prose
from gik_nlp.types import Span


def _spans(text: str, *marks: tuple[str, str]) -> list[Span]:
    """Spans at the first occurrence (after the previous mark) of each (label, string)."""
    out, cursor = [], 0
    for label, s in marks:
        start = text.index(s, cursor)
        out.append(Span(start, start + len(s), label, s))
        cursor = start + len(s)
    return out


def _fields(text: str, report_format: str, *marks: tuple[str, str]) -> dict[str, str | None]:
    return {p.value_text: p.field_id for p in pair_prose(text, _spans(text, *marks), set(), report_format)}


@pytest.mark.parametrize("report_format", ["2019", "2021"])
def test_one_channel_not_worded_proactive_is_no_total_from_2019_on(report_format):
    text = "2022年，在某某市人民政府门户网站发布政务信息共52条。"
    assert _fields(text, report_format, ("STAT_NAME", "发布政务信息"), ("STAT_VALUE", "52条")) == {"52条": None}


@pytest.mark.parametrize("text,name,value", [
    ("2021年通过政府网站主动公开信息73条，其中工作动态40条。", "主动公开信息", "73条"),
    ("全年主动公开政府信息124条。", "主动公开政府信息", "124条"),
])
def test_a_figure_worded_proactive_stays_the_total(text, name, value):
    assert _fields(text, "2021", ("STAT_NAME", name), ("STAT_VALUE", value)) == {value: "proactive.total"}


def test_channel_counts_before_2019_keep_their_field():
    # the channel rule is the national formats' (D3); before 2019 the name decides
    text = "2013年，我局在区政府门户网站公开政府信息35条。"
    marks = (("STAT_NAME", "公开政府信息"), ("STAT_VALUE", "35条"))
    assert _fields(text, "pre2019", *marks) == {"35条": "proactive.total"}
    assert _fields(text, "2021", *marks) == {"35条": None}


def test_a_running_total_of_the_year_is_the_years_figure():
    text = "2013年累计主动公开政府信息35条，其中政策法规10条。"
    assert _fields(text, "pre2019", ("STAT_NAME", "累计主动公开政府信息"), ("STAT_VALUE", "35条")) == {
        "35条": "proactive.total"}


def test_a_running_total_since_a_date_is_no_annual_figure():
    text = "截至2014年12月31日，在县政府网站累计主动公开政府信息846条，其中本年度公开214条。"
    fields = _fields(text, "pre2019", ("STAT_NAME", "累计主动公开政府信息"), ("STAT_VALUE", "846条"))
    assert fields == {"846条": None}


def test_a_running_total_since_a_date_is_no_annual_figure_when_the_name_leaves_out_its_leiji():
    text = "本单位到目前累计主动公开政府信息100条。"
    assert _fields(text, "pre2019", ("STAT_NAME", "主动公开政府信息"), ("STAT_VALUE", "100条")) == {"100条": None}


@pytest.mark.parametrize("text,name,value,field", [
    # as of a moment before the year's end: what the account holds since it began (eval/gold pt-2012-syq)
    ("截至12月14日，新浪官方微博共发布微博1288条，拥有粉丝10659名。", "发布微博", "1288条", None),
    ("截至目前共收到咨询投诉件15564件，已办结15042件。", "办结", "15042件", None),
    # as of the year's last day, or named in the year again after the moment: the year's (d006, c001)
    ("截至2023年12月31日，某街道共主动公开政府信息140条。", "主动公开政府信息", "140条", "proactive.total"),
    ("截至目前共发布592条信息，2019年公开政府信息60条。", "公开政府信息", "60条", "proactive.total"),
])
def test_a_count_as_of_a_moment_before_the_years_end_is_no_annual_figure(text, name, value, field):
    fields = _fields(text, "pre2019", ("STAT_NAME", name), ("STAT_VALUE", value))
    assert fields == {value: field}


@pytest.mark.parametrize("text,field", [
    ("（一）主动公开情况\n截至12月14日，共发布信息592条。", None),   # as of a moment: no section total
    ("（一）主动公开情况\n2019年，共发布信息592条。", "proactive.total"),  # the section's first figure
])
def test_a_section_total_is_not_taken_from_a_count_as_of_a_moment(text, field):
    start = text.index("592条")
    pairings = pair_prose(text, [Span(start, start + 4, "STAT_VALUE", "592条")], set(), "pre2019")
    assert [(p.value_text, p.field_id) for p in pairings] == [("592条", field)]


@pytest.mark.parametrize("text,name,value,field", [
    # the section's first count of what was published, worded as documents or as 信息公开 (c050, c048)
    ("（一）主动公开政府信息情况。2019年，某县政府办公室公开文件24条；办理提案129件。",
     "某县政府办公室公开文件", "24条", "proactive.total"),
    ("（一）主动公开情况\n2020年，某县人民政府办公室信息公开16526条，其中基础信息9831条。",
     "某县人民政府办公室信息公开", "16526条", "proactive.total"),
    # one kind of document is no count of the section (D4)
    ("（一）主动公开情况\n2021年，制发行政规范性文件3件。", "制发行政规范性文件", "3件", None),
    # the figure of one of the section's points is that point's (e015)
    ("（一）主动公开情况。\n一是及时发布各类文件、财务、人事等信息237件。二是推进审批信息公开。",
     "发布各类文件、财务、人事等信息", "237件", None),
])
def test_the_first_count_published_under_a_proactive_heading_is_the_total(text, name, value, field):
    fields = _fields(text, "2019", ("STAT_NAME", name), ("STAT_VALUE", value))
    assert fields[value] == field


@pytest.mark.parametrize("text,field", [
    # a name the matcher cannot place alone (政府信息公开), placed with the verb before its value (c022, d011)
    ("2019年度我局共收到14件政府信息公开，按时予以答复。", "request.received"),
    ("2019年度我局共有14件政府信息公开。", None),   # no verb of receiving or answering
])
def test_a_name_after_its_value_is_read_with_the_verb_before_the_value(text, field):
    assert _fields(text, "2019", ("STAT_VALUE", "14件"), ("STAT_NAME", "政府信息公开")) == {"14件": field}


@pytest.mark.parametrize("text,name,value,field", [
    # the head after 的, behind the verb the name opens with (a048, b051)
    ("2010年收到涉及政府信息公开方面的行政复议10件。", "收到涉及政府信息公开方面的行政复议", "10件", "review.total"),
    ("全年接到市民、企业提出的申请5件。", "接到市民、企业提出的申请", "5件", "request.received"),
])
def test_a_modifier_before_de_does_not_hide_the_names_head(text, name, value, field):
    assert _fields(text, "pre2019", ("STAT_NAME", name), ("STAT_VALUE", value)) == {value: field}


def test_a_section_total_printed_after_a_space():
    # its superior's site is a township's only outlet: the total (D3, b052)
    text = "二、主动公开政府信息情况\n2015年，我乡在朝天区政府网站公开本年度信息 69条，其中乡文件13条。"
    assert _fields(text, "pre2019", ("STAT_NAME", "公开本年度信息"), ("STAT_VALUE", "69条"))["69条"] == "proactive.total"


def test_an_untagged_name_read_past_the_column_it_was_published_in():
    # c057: the words after 在…专栏 are the figure's name
    text = "截止2020年12月31日，我办在政府信息公开专栏主动公开文件共5件。"
    start = text.index("5件")
    pairings = pair_prose(text, [Span(start, start + 2, "STAT_VALUE", "5件")], set(), "2019")
    assert [(p.name, p.field_id) for p in pairings] == [("主动公开文件", "proactive.total")]


@pytest.mark.parametrize("name", ["主动公开政府规章", "主动公开市政府规章"])
def test_a_name_ending_in_one_kind_of_document_is_no_total(name):
    # c023: 主动公开规章12件，行政规范性文件43件，… counts kinds of documents (D4)
    text = f"2020年，通过门户网站等平台{name}12件，市政府其他文件93件。"
    assert _fields(text, "2021", ("STAT_NAME", name), ("STAT_VALUE", "12件"))["12件"] is None


@pytest.mark.parametrize("report_format,field", [("2021", None), ("pre2019", "proactive.total")])
def test_from_2019_on_a_total_is_worded_as_published(report_format, field):
    # a name that does not say published (公开, 发布) is no 主动公开 total from 2019 on (D3; c036's 辟谣信息21条)
    text = "在专栏发布疫情防控举措445条，另有政府信息21条。"
    assert _fields(text, report_format, ("STAT_NAME", "政府信息"), ("STAT_VALUE", "21条"))["21条"] == field


def test_a_name_a_line_break_cut_is_read_with_the_words_before_the_break():
    # a PDF's text layer (huaian-2024): the tagger's name starts after the break, its 主动公开 before it
    text = "（一）主动公开情况。2024 年，市政府网站主动公开各类政\n府信息 5500 余条，制作公报6期。"
    assert _fields(text, "2021", ("STAT_NAME", "府信息"), ("STAT_VALUE", "5500 余条"))["5500 余条"] == "proactive.total"


@pytest.mark.parametrize("running_name", ["累计主动公开政府信息", "主动公开政府信息"])  # 累计 outside the tag: e037
def test_a_plain_name_beats_a_running_total_of_the_same_field(running_name):
    text = "通过目录系统累计主动公开政府信息4002条。2019年新增主动公开政府信息362条。"
    fields = _fields(text, "2019", ("STAT_NAME", running_name), ("STAT_VALUE", "4002条"),
                     ("STAT_NAME", "新增主动公开政府信息"), ("STAT_VALUE", "362条"))
    assert fields == {"4002条": None, "362条": "proactive.total"}


@pytest.mark.parametrize("sentence,fields", [
    ("2013年度没有依申请公开信息的情况。", ["request.received"]),
    ("本年度无依申请公开信息。", ["request.received"]),
    ("本年度没有申请公开政府信息和不予公开政府信息的情况。", ["request.received"]),
    ("本年度未收到个人、法人或者其他组织向本机关申请公开政府信息。", ["request.received"]),
    ("本局未收到依申请公开信息的咨询。", []),                       # inquiries, not requests (e057)
    ("未收到法人或者其他组织对依申请公开政府信息的申请。", []),     # one kind of requester (d013)
    ("本局未收取与政府信息申请有关的任何费用。", ["fee.total"]),    # fees, not requests
    ("没有出现被投诉举报、行政复议及行政诉讼纠错的情况。", []),     # corrections only (c022)
    ("我局未收到政府信息公开投诉。", []),                           # 投诉 only: part of 举报投诉
    ("全年未发生政府信息公开举报投诉。", ["complaint.total"]),
    ("全年未发生行政复议和行政诉讼。", ["review.total", "litigation.total"]),
])
def test_negations(sentence, fields):
    assert [n.field_id for n in find_negations(sentence)] == fields


def test_a_request_count_including_carried_over_ones_is_no_received_count():
    text = "2021年依法办理政府信息公开申请151件（含上年结转13件），办结146件。"
    marks = (("STAT_NAME", "政府信息公开申请"), ("STAT_VALUE", "151件"))
    assert _fields(text, "2021", *marks) == {"151件": None}
    assert _fields(text.replace("（含上年结转13件）", ""), "2021", *marks) == {"151件": "request.received"}


def test_a_name_ending_in_de_is_read_without_it():
    text = "共收到政府信息公开申请70件，其中，予以公开的21件，部分公开的0件。"
    fields = _fields(text, "2019", ("STAT_NAME", "收到政府信息公开申请"), ("STAT_VALUE", "70件"),
                     ("STAT_NAME", "予以公开的"), ("STAT_VALUE", "21件"), ("STAT_NAME", "部分公开的"),
                     ("STAT_VALUE", "0件"))
    assert fields == {"70件": "request.received", "21件": "reply.granted", "0件": "reply.partly_granted"}


@pytest.mark.parametrize("text,name,value,field_id", [
    ("全年主动公开政府信息297条，依申请公开1条。", "依申请公开", "1条", None),       # items released (D5)
    ("本年度我局收到政府信息公开申请1条。", "收到政府信息公开申请", "1条", "request.received"),
    ("本年度依申请公开3件。", "依申请公开", "3件", "request.received"),
    ("2022年，我局主动公开政府信息0条，依申请公开0件，规章0条。", "依申请公开", "0件", None),  # a list of items (d041)
])
def test_items_released_on_request_are_no_request_count(text, name, value, field_id):
    assert _fields(text, "pre2019", ("STAT_NAME", name), ("STAT_VALUE", value)) == {value: field_id}


def test_a_proactive_sentence_without_a_named_total_gives_the_total():
    text = "2020年，主动公开疫情防控数据、财政数据、环境保护等政府信息7074条。"
    marks = (("STAT_NAME", "环境保护等政府信息"), ("STAT_VALUE", "7074条"))
    assert _fields(text, "2019", *marks) == {"7074条": "proactive.total"}


def test_no_total_is_made_up_where_the_report_names_its_proactive_figures():
    text = "2012年主动公开工作中，政府网站公开数23300条，另发布各类信息137条。"
    marks = (("STAT_NAME", "政府网站公开数"), ("STAT_VALUE", "23300条"), ("STAT_NAME", "另发布各类信息"),
             ("STAT_VALUE", "137条"))
    assert _fields(text, "pre2019", *marks) == {"23300条": "proactive.website", "137条": None}
    # without the named figure, the same sentence's count of 信息 is the total
    alone = "2012年主动公开工作中，另发布各类信息137条。"
    assert _fields(alone, "pre2019", *marks[2:]) == {"137条": "proactive.total"}


def test_a_name_repeated_with_two_values_is_no_field():
    # one figure per unit of the body (the police and the traffic police): neither is the body's total
    text = "我局通过政务网主动发布信息700余条，交警大队主动发布信息400余条。"
    marks = (("STAT_NAME", "主动发布信息"), ("STAT_VALUE", "700余条"), ("STAT_NAME", "主动发布信息"),
             ("STAT_VALUE", "400余条"))
    assert _fields(text, "2021", *marks) == {"700余条": None, "400余条": None}
    once = "我局主动发布信息700余条。"
    assert _fields(once, "2021", *marks[:2]) == {"700余条": "proactive.total"}


@pytest.mark.parametrize("text, marks, expected", [
    # the tagger missed the name: the clause's words after its subject name the figure (cross-fitted e041)
    ("2023年省市场监管局主动公开政府信息共计6312条,其中,局官网发布信息764条。",
     [("STAT_VALUE", "6312条"), ("STAT_NAME", "发布信息"), ("STAT_VALUE", "764条")],
     {"6312条": "proactive.total", "764条": None}),
    # a whole sentence before the figure is no name: nothing is paired
    ("全年共为群众和企业解决各类实际困难和问题多达15件。", [("STAT_VALUE", "15件")], {}),
])
def test_a_value_no_tagged_name_claims_takes_its_clauses_words(text, marks, expected):
    assert _fields(text, "2021", *marks) == expected


@pytest.mark.parametrize("text,name,value,field_id", [
    # the body's own website (D3, pre2019): proactive.website, also as the only figure
    ("2012年，四川省气象局通过四川省气象局门户网站主动公开政府信息23300条。", "通过四川省气象局门户网站主动公开政府信息",
     "23300条", "proactive.website"),
    ("2018年度我区政府门户网站主动公开政府信息83条。", "主动公开政府信息", "83条", "proactive.website"),
    ("本年度宁中镇人民政府网站主动公开政府信息总数116条。", "主动公开政府信息总数", "116条", "proactive.website"),
    # another body's site is a unit's only outlet: the total (b020, b052)
    ("2018年，我单位通过区政府门户网站主动公开政府信息8条。", "通过区政府门户网站主动公开政府信息", "8条",
     "proactive.total"),
    ("2015年，我局在中国常熟网站上共主动公开政府信息80条。", "主动公开政府信息", "80条", "proactive.total"),
    # several channels: the total
    ("2008年，我镇通过政府信息公开平台、政府网站主动公开政府信息12条。", "主动公开政府信息", "12条", "proactive.total"),
    ("通过门户网站和政府信息公开查阅场所共主动公开政府信息424条。", "主动公开政府信息", "424条", "proactive.total"),
    # one account: its field; the news media only: an other statistic
    ("常熟商务政务微博共发布各类商务信息469条。", "发布各类商务信息", "469条", "proactive.weibo"),
    ("三是重要的民政信息在新闻媒体上发布，发布信息54条。", "发布信息", "54条", None),
])
def test_a_pre2019_total_of_one_channel_is_that_channels_figure(text, name, value, field_id):
    assert _fields(text, "pre2019", ("STAT_NAME", name), ("STAT_VALUE", value)) == {value: field_id}
    # from 2019 on the channel fields are gone: the national rule alone decides
    assert _fields(text, "2021", ("STAT_NAME", name), ("STAT_VALUE", value))[value] in ("proactive.total", None)


def test_a_list_item_after_the_total_is_read_without_the_lists_channel():
    text = "2018年度我区政府门户网站主动公开政府信息83条，其中政务动态34条，信息公开7条。"
    marks = (("STAT_NAME", "主动公开政府信息"), ("STAT_VALUE", "83条"), ("STAT_NAME", "政务动态"), ("STAT_VALUE", "34条"),
             ("STAT_NAME", "信息公开"), ("STAT_VALUE", "7条"))
    fields = _fields(text, "pre2019", *marks)
    assert fields["83条"] == "proactive.website" and fields["7条"] != "proactive.website"


@pytest.mark.parametrize("text,name,value", [
    ("（一）主动公开情况\n2023年，高楼乡累计发布各类信息90条，包括乡镇重要政策及解读。", "累计发布各类信息", "90条"),
    ("（一）主动公开政府信息情况\n1.信息发布情况。2024年，大村镇累计公开政府信息427条。", "累计公开政府信息", "427条"),
    ("二、主动公开政府信息的情况\n（一）政府信息公开的内容。2011年我乡公开机构信息共计36条，包括机构职能。", "公开机构信息",
     "36条"),
])
def test_the_first_count_of_information_under_a_proactive_heading_is_the_total(text, name, value):
    assert _fields(text, "2021", ("STAT_NAME", name), ("STAT_VALUE", value)) == {value: "proactive.total"}


def test_a_later_count_under_a_proactive_heading_is_one_of_its_parts():
    text = "（一）主动公开情况\n全年召开新闻发布会3次。发布政策解读信息26条。"
    marks = (("STAT_NAME", "召开新闻发布会"), ("STAT_VALUE", "3次"), ("STAT_NAME", "发布政策解读信息"), ("STAT_VALUE", "26条"))
    assert _fields(text, "2021", *marks)["26条"] != "proactive.total"


def test_a_count_under_another_heading_is_no_proactive_total():
    text = "（一）主动公开情况\n见附表。\n（二）依申请公开情况\n2023年，共发布答复信息5条。"
    assert _fields(text, "2021", ("STAT_NAME", "发布答复信息"), ("STAT_VALUE", "5条")) == {"5条": None}
