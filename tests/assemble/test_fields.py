"""Indicator → field id: exact names, sections, matrix rows and the n-gram classifier."""

from __future__ import annotations

import time

import pytest

from gik_nlp.assemble.fields import (MATCH_THRESHOLD, FieldContext, NameClassifier, classifier, clean_name,
                                     match_field, match_target, training_pairs)
from gik_nlp.schema import FIELDS

REVIEW = frozenset({"review"})
LITIGATION = frozenset({"litigation"})


@pytest.mark.parametrize("printed,cleaned", [
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "主动公开政府信息数"),
    ("其中：主动公开规范性文件数", "主动公开规范性文件数"),
    ("其中:1.政府网站公开数", "政府网站公开数"),
    ("四、行政复议数量", "行政复议数量"),
    ("1.专职人员数（不包括政府公报及政府网站", "专职人员数"),
    ("统  计  指  标", "统计指标"),
    ("3.危及“三安全一稳定”", "危及“三安全一稳定”"),
])
def test_fields_clean_name(printed, cleaned):
    assert clean_name(printed) == cleaned


@pytest.mark.parametrize("name,field_id", [
    ("主动公开政府信息数", "proactive.total"),
    ("2.政府网站公开政府信息数", "proactive.website"),
    ("通过政务微博发布政府信息", "proactive.weibo"),
    ("收到依申请公开事项", "request.received"),
    ("（二）申请办结数", "request.completed"),
    ("接受行政申诉、举报数", "complaint.total"),
    ("（三）接受培训人员数", "training.trainees"),
    ("主動公開政府信息數", "proactive.total"),   # a scraped traditional copy
    # staff and reading points as pre-2019 prose prints them (`配备了1名全职工作人员，3名兼职工作人员`)
    ("全职工作人员", "org.staff_fulltime"),
    ("全职", "org.staff_fulltime"),
    ("兼职工作人员", "org.staff_parttime"),
    ("政府信息公开工作人员", "org.staff"),
    ("公共查阅室", "org.reading_points"),
])
def test_fields_exact_names(name, field_id):
    assert match_field(name) == (field_id, 1.0)


@pytest.mark.parametrize("name,families,field_id", [
    ("（二）被依法纠错数", REVIEW, "review.corrected"),
    ("（二）被依法纠错数", LITIGATION, "litigation.corrected"),
    ("（三）其他情形数", REVIEW, "review.other"),
    ("（三）其他情形数", LITIGATION, "litigation.other"),
    ("（三）其他情形数", frozenset(), None),
    ("被依法纠错数", REVIEW | LITIGATION, None),
])
def test_fields_section_decides_names_printed_alike(name, families, field_id):
    assert match_field(name, FieldContext(families))[0] == field_id


@pytest.mark.parametrize("name,matrix,column,field_id", [
    ("（一）予以公开", "apply", "total", "apply.granted.total"),
    ("1.属于国家秘密", "apply", "natural_person", "apply.refused.state_secret.natural_person"),
    ("3.其他", "apply", "other_org", "apply.other.other.other_org"),
    ("（七）总计", "apply", "total", "apply.total.total"),
    ("规范性文件", "disclosure", "made", "disclosure.normative.made"),
    ("行政事业性收费", "disclosure", "amount", "disclosure.fees.amount"),
    ("未经复议直接起诉", "table4", "pending", "litigation_direct.pending"),
    ("（一）予以公开", "apply", "", None),  # no column: no cell
])
def test_fields_matrix_rows(name, matrix, column, field_id):
    assert match_field(name, FieldContext(matrix=matrix, column=column))[0] == field_id


@pytest.mark.parametrize("name,field_id", [
    ("本年新收政府信息公开申请数量", "request.received"),
    ("（一）予以公开", "reply.granted"),
    ("行政复议", "review.total"),
])
def test_fields_prose_name_of_a_matrix_row_gives_its_headline(name, field_id):
    assert match_field(name)[0] == field_id


@pytest.mark.parametrize("name", ["主动公开政府信息历年累计", "历年累计主动公开文件数"])
def test_fields_cumulative_names_map_to_nothing(name):
    assert match_field(name) == (None, 0.0)


def test_fields_running_total_is_read_without_its_marker():
    # 累计 alone sums the report's year (annotation.md "Openings"); prose.py checks 截至… around it
    assert match_field("累计主动公开政府信息") == ("proactive.total", 1.0)


@pytest.mark.parametrize("name,report_format,field_id", [
    ("政府网站公开政府信息数", "pre2019", "proactive.website"),
    ("政府网站公开政府信息数", "2021", None),
    ("主动公开政府信息数", "2021", "proactive.total"),
    ("兼职工作人员", "2019", None),    # org fields are pre-2019 only
])
def test_fields_format_limits_plain_fields(name, report_format, field_id):
    assert match_field(name, FieldContext(format=report_format))[0] == field_id


@pytest.mark.parametrize("name,field_id", [
    ("受理群众依申请公开信息", "request.received"),
    ("通过政府门户网站主动公开信息", "proactive.website"),
    ("召开政府信息公开工作会议或专题会议", "meeting.total"),
])
def test_fields_classifier_reads_new_wordings(name, field_id):
    got, confidence = match_field(name)
    assert got == field_id
    assert MATCH_THRESHOLD <= confidence < 1.0


@pytest.mark.parametrize("name", ["安装涉农惠农APP客户端", "电子证照已存量", "工程交易"])
def test_fields_unrelated_indicators_map_to_nothing(name):
    assert match_field(name)[0] is None


@pytest.mark.parametrize("target", ["request.received", "apply.granted", "review", "disclosure.fees"])
def test_fields_training_pairs_cover_targets(target):
    assert target in {t for _, t in training_pairs()}


@pytest.mark.parametrize("pairs", [training_pairs()])
def test_fields_classifier_fits_fast(pairs):
    # fit at first use, in memory: must stay well under the 2 s budget (generous bound here)
    started = time.perf_counter()
    model = NameClassifier.fit(pairs)
    assert time.perf_counter() - started < 5.0
    assert set(model.labels) >= {"request.received", "apply.new"}


@pytest.mark.parametrize("name", ["收到申请数"])
def test_fields_classifier_is_cached(name):
    assert classifier() is classifier()
    assert match_target(name)[0] == "request.received"


@pytest.mark.parametrize("field_id", sorted(f for f, s in FIELDS.items() if not s.matrix))
def test_fields_every_plain_zh_maps_to_itself_or_its_twin(field_id):
    spec = FIELDS[field_id]
    families = frozenset({field_id.split(".")[0]})
    assert match_field(spec.zh, FieldContext(families))[0] == field_id


class _Lengthening:
    """A converter that turns 甲 into two characters (as a phrase conversion may) and 開 into 开."""

    def convert(self, text: str) -> str:
        return text.replace("甲", "乙乙").replace("開", "开")


@pytest.mark.parametrize("printed,expected", [
    ("公開甲\n公開", "公开甲\n公开"),  # the line that would lengthen: character by character, 甲 kept
    ("公開\n年度", "公开\n年度"),  # nothing lengthens: the whole text at once
])
def test_simplified_keeps_offsets_where_a_conversion_would_lengthen(monkeypatch, printed, expected):
    from gik_nlp.assemble import fields

    monkeypatch.setattr(fields, "_to_simplified", lambda: _Lengthening())
    fields.converted_to_simplified.cache_clear()  # remembered conversions were made by OpenCC
    assert fields.simplified(printed) == expected
    fields.converted_to_simplified.cache_clear()
    assert len(fields.simplified(printed)) == len(printed)
    fields.converted_to_simplified.cache_clear()  # none of the fake's conversions outlives the test


def test_simplified_taiwan_words_keep_their_length_and_read_as_the_mainlands():
    from gik_nlp.assemble.fields import TAIWAN_WORDS, simplified

    assert all(len(word) == len(mainland) for word, mainland in TAIWAN_WORDS.items())
    assert simplified("市公安局入口網站發布政府資訊") == "市公安局门户网站发布政府信息"
    assert simplified("入口網站\n網路") == "门户网站\n网络"
