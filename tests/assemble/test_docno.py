"""Tests for gik_nlp.assemble.docno: 文号 as printed in real reports.

Tables are grouped by where the form was seen: the seed reports (../shared/seeds,
quoted as printed), the forms named in docs/spec (record.md, formats.md), and invented
edge cases. Known failures run as xfail(strict=True); the property tests generate
random issuer/year/serial in every bracket variant.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gik_nlp.assemble.docno import CLOSE_BRACKETS, OPEN_BRACKETS, find_doc_numbers, parse_doc_number


# (as printed, normalized, issuer, year, serial)
DOCNO_SEED_000 = [  # 易门县 2017: a list of cited notices, all well-formed
    ("易政办函〔2017〕36号", "易政办函〔2017〕36号", "易政办函", 2017, 36),
    ("易政办发〔2017〕45号", "易政办发〔2017〕45号", "易政办发", 2017, 45),
    ("易政办发电〔2017〕35号", "易政办发电〔2017〕35号", "易政办发电", 2017, 35),
    ("易政办发〔2017〕9号", "易政办发〔2017〕9号", "易政办发", 2017, 9),
]
DOCNO_SEED_001 = [  # 西吉县 2016: the report's own number and a stray bracket
    ("西政发〔2017〕12号", "西政发〔2017〕12号", "西政发", 2017, 12),
    ("宁党办）〔2016〕67号", "宁党办〔2016〕67号", "宁党办", 2016, 67),
    ("宁政办发〔2015〕64号", "宁政办发〔2015〕64号", "宁政办发", 2015, 64),
]
DOCNO_SEED_002 = [  # 华安县 2017 (scraped mirror): the opening bracket lost
    ("华政办2018〕2号", "华政办〔2018〕2号", "华政办", 2018, 2),
    ("漳政办〔2017〕106号", "漳政办〔2017〕106号", "漳政办", 2017, 106),
    ("华政办〔2017〕155号", "华政办〔2017〕155号", "华政办", 2017, 155),
]
DOCNO_SPEC = [  # record.md and formats.md
    ("X政办秘〔201887号", "X政办秘〔2018〕87号", "X政办秘", 2018, 87),
    ("国办公开办函〔2019〕60号", "国办公开办函〔2019〕60号", "国办公开办函", 2019, 60),
    ("苏政办发[2005]12号", "苏政办发〔2005〕12号", "苏政办发", 2005, 12),
    ("苏政办发（2017）12号", "苏政办发〔2017〕12号", "苏政办发", 2017, 12),
    ("苏政办发(2017)12号", "苏政办发〔2017〕12号", "苏政办发", 2017, 12),
    ("苏政办发【2017】12号", "苏政办发〔2017〕12号", "苏政办发", 2017, 12),
    ("苏政办发﹝2017﹞12号", "苏政办发〔2017〕12号", "苏政办发", 2017, 12),
    ("苏政办发〔2017]12号", "苏政办发〔2017〕12号", "苏政办发", 2017, 12),
    ("苏政办发〔２０１７〕１２号", "苏政办发〔2017〕12号", "苏政办发", 2017, 12),
]
DOCNO_EDGE = [  # invented: spacing, wrapping, serial forms
    ("（易政办函〔2017〕36号）", "易政办函〔2017〕36号", "易政办函", 2017, 36),
    ("《国办发〔2016〕80号》", "国办发〔2016〕80号", "国办发", 2016, 80),
    (" 漳政办 〔2017〕 106 号 ", "漳政办〔2017〕106号", "漳政办", 2017, 106),
    ("沪府发〔2017〕第3号", "沪府发〔2017〕3号", "沪府发", 2017, 3),
    ("京政发〔2017〕001号", "京政发〔2017〕001号", "京政发", 2017, 1),
    ("国发〔1999〕1号", "国发〔1999〕1号", "国发", 1999, 1),
]


def _ids(table: list[tuple]) -> list[str]:
    return [row[0].strip() for row in table]


@pytest.mark.parametrize(
    "printed,normalized,issuer,year,serial",
    DOCNO_SEED_000 + DOCNO_SEED_001 + DOCNO_SEED_002 + DOCNO_SPEC + DOCNO_EDGE,
    ids=_ids(DOCNO_SEED_000 + DOCNO_SEED_001 + DOCNO_SEED_002 + DOCNO_SPEC + DOCNO_EDGE),
)
def test_docno_parse_doc_number_forms(printed: str, normalized: str, issuer: str, year: int, serial: int) -> None:
    doc_number = parse_doc_number(printed)
    assert doc_number is not None
    assert (doc_number.text, doc_number.normalized, doc_number.issuer, doc_number.year, doc_number.serial) == (
        printed, normalized, issuer, year, serial)


@pytest.mark.parametrize("text", [
    "", "〔2017〕12号", "西政发〔2017〕号", "西政发〔17〕12号", "西政发〔2317〕12号", "2017年12号",
    "城山路1号", "西政发〔2017〕12", "西政发201712号",
])
def test_docno_parse_doc_number_rejects(text: str) -> None:
    assert parse_doc_number(text) is None


# (sentence as printed in a seed, the 文号 spans it holds as printed, normalized)
FIND_SEEDS = [
    ("印发《关于调整易门县政务信息与政务公开工作领导小组成员的通知》（易政办函〔2017〕36号）、《易门县贯彻落实玉溪市"
     "政府办公室2017年政务公开工作要点分工方案的通知》（易政办发〔2017〕45号）",
     [("易政办函〔2017〕36号", "易政办函〔2017〕36号"), ("易政办发〔2017〕45号", "易政办发〔2017〕45号")]),
    ("《自治区党委办公厅、人民政府办公厅印发〈关于全面推进政务公开工作的实施意见〉的通知》（宁党办）〔2016〕67号）和"
     "《自治区人民政府办公厅关于印发2015年政府信息公开要点的通知》﹙宁政办发〔2015〕64号）精神",
     [("宁党办）〔2016〕67号", "宁党办〔2016〕67号"), ("宁政办发〔2015〕64号", "宁政办发〔2015〕64号")]),
    ("华政办2018〕2号\n\n \n\n华安县人民政府办公室\n\n关于2017年度政府信息公开工作年度报告",
     [("华政办2018〕2号", "华政办〔2018〕2号")]),
    ("任务分解表的通知》(漳政办〔2017〕106号)要求,", [("漳政办〔2017〕106号", "漳政办〔2017〕106号")]),
    ("西政发〔2017〕12号 \n\n西吉县人民政府", [("西政发〔2017〕12号", "西政发〔2017〕12号")]),
]
FIND_PROSE = [  # invented prose around cited numbers
    ("按照国办发[2016]80号文件要求", [("国办发[2016]80号", "国办发〔2016〕80号")]),
    ("根据省政府办公厅闽政办〔2017〕12号精神", [("闽政办〔2017〕12号", "闽政办〔2017〕12号")]),
    ("贯彻落实国办公开办函〔2019〕60号的要求", [("国办公开办函〔2019〕60号", "国办公开办函〔2019〕60号")]),
    ("国发〔2016〕8号、国办发〔2016〕80号", [("国发〔2016〕8号", "国发〔2016〕8号"),
                                         ("国办发〔2016〕80号", "国办发〔2016〕80号")]),
    ("X政办秘〔201887号", [("X政办秘〔201887号", "X政办秘〔2018〕87号")]),
]
FIND_NOTHING = [
    "地址：易门县龙泉街道城山路1号，邮编：651100",
    "2018年1月25日",
    "本报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止",
    "索引号014314799/2024-00002",
    "（2017年度）",
]


@pytest.mark.parametrize("text,expected", FIND_SEEDS + FIND_PROSE,
                         ids=[t[:16] for t, _ in FIND_SEEDS + FIND_PROSE])
def test_docno_find_doc_numbers_sentences(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_doc_numbers(text)
    assert [(text[s:e], d.normalized) for s, e, d in found] == expected
    assert all(d.text == text[s:e] for s, e, d in found)


@pytest.mark.parametrize("text", FIND_NOTHING)
def test_docno_find_doc_numbers_nothing(text: str) -> None:
    assert find_doc_numbers(text) == []


# Every 文号 of each seed report, normalised, in order (seeds 003 and 004 cite none).
SEED_FILES = {
    "000_1dbe1cc0a1fa5ad3.txt": ["易政办函〔2017〕36号", "易政办发〔2017〕45号", "易政办发电〔2017〕35号", "易政办发〔2017〕45号",
                                 "易政办发〔2017〕50号", "易政办发〔2017〕51号", "易政办发〔2017〕72号", "易政办发〔2017〕9号"],
    "001_7960c88a20672298.txt": ["西政发〔2017〕12号", "宁党办〔2016〕67号", "宁政办发〔2015〕64号"],
    "002_b5a77726d5a63a67.txt": ["华政办〔2018〕2号", "漳政办〔2017〕106号", "华政办〔2017〕155号"],
    "003_0771e97be29a5800.txt": [],
    "004_5abb703f6c3c372c.txt": [],
}


@pytest.mark.parametrize("name,expected", sorted(SEED_FILES.items()))
def test_docno_find_doc_numbers_seed_reports(shared_seeds: Path, name: str, expected: list[str]) -> None:
    path = shared_seeds / name
    assert [d.normalized for _, _, d in find_doc_numbers(path.read_text(encoding="utf-8"))] == expected


@pytest.mark.parametrize("text,expected", [
    # Nothing marks where the code starts: the adverb 认真 is read as part of it.
    pytest.param("认真贯彻国办发〔2016〕80号", "国办发", marks=pytest.mark.xfail(strict=True)),
    # A 令 number has no year in brackets; DocNumber could hold it (year None) but
    # nothing reads it yet.
    pytest.param("国务院令第492号", "国务院令", marks=pytest.mark.xfail(strict=True)),
])
def test_docno_find_doc_numbers_known_gaps(text: str, expected: str) -> None:
    assert [d.issuer for _, _, d in find_doc_numbers(text)] == [expected]


# ------------------------------------------------------------------ properties

# Characters issuer codes are made of (no words that introduce a citation in prose).
ISSUER_CHARS = "国省市县区政府办发函电字委厅局财教人社农林水交卫健宁苏浙闽粤易西华漳淮沭秘通知"
issuers = st.text(alphabet=ISSUER_CHARS, min_size=1, max_size=6).filter(lambda s: "通知" not in s)
years = st.integers(min_value=1900, max_value=2099)
serials = st.integers(min_value=1, max_value=99999)
bracket_pairs = st.tuples(st.sampled_from(OPEN_BRACKETS), st.sampled_from(CLOSE_BRACKETS))
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _printed(issuer: str, year: int, serial: int, brackets: tuple[str, str], variant: str) -> str:
    opening, closing = brackets
    if variant == "lost_open":
        opening = ""
    elif variant == "lost_close":
        closing = ""
    elif variant == "stray":
        issuer += "）"
    elif variant == "spaced":
        opening, closing = f" {opening} ", f" {closing} "
    printed = f"{issuer}{opening}{year}{closing}{serial}号"
    return printed.translate(FULL_WIDTH) if variant == "full_width" else printed


variants = st.sampled_from(["plain", "lost_open", "lost_close", "stray", "spaced", "full_width"])


@given(issuers, years, serials, bracket_pairs, variants)
def test_docno_parse_doc_number_every_bracket_variant(issuer: str, year: int, serial: int,
                                                      brackets: tuple[str, str], variant: str) -> None:
    printed = _printed(issuer, year, serial, brackets, variant)
    doc_number = parse_doc_number(printed)
    assert doc_number is not None, printed
    assert doc_number.normalized == f"{issuer}〔{year}〕{serial}号"
    assert (doc_number.issuer, doc_number.year, doc_number.serial, doc_number.text) == (issuer, year, serial, printed)


@given(issuers, years, serials, bracket_pairs, variants, st.sampled_from(["（{}）", "《通知》（{}）", "，{}，", "\n{}\n"]))
def test_docno_find_doc_numbers_in_sentences(issuer: str, year: int, serial: int, brackets: tuple[str, str],
                                             variant: str, frame: str) -> None:
    printed = _printed(issuer, year, serial, brackets, variant)
    text = "根据" + frame.format(printed) + "要求"
    found = find_doc_numbers(text)
    assert [(d.issuer, d.year, d.serial) for _, _, d in found] == [(issuer, year, serial)], text
    start, end, doc_number = found[0]
    assert text[start:end] == printed.strip() == doc_number.text
