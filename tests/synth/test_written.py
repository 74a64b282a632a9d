"""Tests of gik_nlp.synth.written: printed forms of numbers, dates and 文号."""

from __future__ import annotations

import random

import pytest

from gik_nlp.synth.written import (BROKEN_DOC_NUMBER_FORMS, DOC_NUMBER_FORMS, chinese_count, doc_number_record,
                                   write_count, write_date, write_doc_number)


@pytest.mark.parametrize("value,text", [(1, "一"), (11, "十一"), (30, "三十"), (101, "一百零一"), (1010, "一千零一十"),
                                        (2000, "二千"), (20000, "二万"), (120000, "十二万")])
def test_written_chinese_count(value: int, text: str) -> None:
    assert chinese_count(value) == text


@pytest.mark.parametrize("form", sorted(set(DOC_NUMBER_FORMS) | set(BROKEN_DOC_NUMBER_FORMS)))
def test_written_doc_number_forms_keep_issuer_year_serial(form: str) -> None:
    printed = write_doc_number("易政办发", 2017, 45, form)
    assert printed.startswith("易政办发") and "2017" in printed and printed.endswith("45号")
    assert doc_number_record(printed, "易政办发", 2017, 45)["normalized"] == "易政办发〔2017〕45号"


@pytest.mark.parametrize("form,text", [("chinese_circle", "二○一○年一月十九日"), ("fullwidth", "２０１０年１月１９日"),
                                       ("cn", "2010年1月19日")])
def test_written_date_forms(form: str, text: str) -> None:
    assert write_date(2010, 1, 19, form) == text


@pytest.mark.parametrize("seed", range(5))
def test_written_count_approximation_keeps_printed_value(seed: int) -> None:
    rng = random.Random(seed)
    text, shown, approximate = write_count(rng, 213, "条", approximate=1.0)
    assert approximate and str(shown) in text and text.count("条") == 1 and shown <= 300
