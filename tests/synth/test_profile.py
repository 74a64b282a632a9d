"""Tests of gik_nlp.synth.profile: the table-line heuristic and the comparison table."""

from __future__ import annotations

import pytest

from gik_nlp.synth.profile import compare_table, table_line_flags, table_share


@pytest.mark.parametrize("text,flags", [
    ("一、概述\n\n2017年，我县共收到申请12件。\n", [False, None, False, None]),
    ("\t统计指标\n\t单位\n\t统计数\n", [True, True, True, None]),
    ("规章 | 0 | 0 |\n行政许可\n2017年，我县共收到申请12件，均已办结。\n", [True, True, False, None]),
    ("主动公开文件数\n\n410\n\n1879\n", [True, None, True, None, True, None]),
    ("一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119\n", [True, None]),
])
def test_profile_table_line_flags(text: str, flags: list) -> None:
    assert table_line_flags(text) == flags


@pytest.mark.parametrize("text,share", [("全年共收到申请12件，均已办结。\n\tb\n", 0.5), ("a\n\tb\n", 1.0), ("", 0.0)])
def test_profile_table_share(text: str, share: float) -> None:
    assert table_share(text) == share


@pytest.mark.parametrize("profiles", [{"synthetic": {"chars_mean": 3000.0}, "real": {"chars_mean": 4430.0}}])
def test_profile_compare_table(profiles: dict) -> None:
    assert compare_table(profiles).splitlines()[2] == "| chars_mean | 3e+03 | 4.43e+03 |"
