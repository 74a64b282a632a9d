"""Layout noise of scraped copies (corpus/noise.py): spans move with their text, the record stays."""

from __future__ import annotations

import random

import pytest

from gik_nlp.corpus.format import AnnotatedDocument
from gik_nlp.corpus.noise import NOISES, SITE_SEPARATORS, noise_rng, training_copies, with_noise
from gik_nlp.types import Span

TEXT = "甲县人民政府2017年政府信息公开工作年度报告\n一、总体情况\n2017年，甲县人民政府主动公开信息120条。"


def _doc() -> AnnotatedDocument:
    spans = []
    for label, piece, at in (("AGENCY", "甲县人民政府", 0), ("AGENCY", "甲县人民政府", 30), ("STAT_VALUE", "120", 0)):
        start = TEXT.index(piece, at)
        spans.append(Span(start, start + len(piece), label, piece))
    return AnnotatedDocument("openings-x001", TEXT, tuple(spans), {"agency": "甲县人民政府"},
                             text_ref={"root": "openings", "file": "x001.txt", "sha256": "0" * 64})


@pytest.mark.parametrize("name", list(NOISES))
def test_noise_keeps_every_span_on_its_text_and_the_record(name: str) -> None:
    doc = _doc()
    noisy = with_noise(doc, name, noise_rng(1, doc.id, 1))
    assert [(s.label, s.text.replace(" ", "")) for s in noisy.spans] == [(s.label, s.text) for s in doc.spans]
    assert all(noisy.text[s.start:s.end] == s.text for s in noisy.spans)
    assert noisy.record == doc.record
    assert noisy.text_ref is None   # the rewritten text is no longer the referenced file's


@pytest.mark.parametrize("name, expected", [
    ("title_runon", "甲县人民政府2017年政府信息公开工作年度报告 一、总体情况\n"),
    ("title_split", "甲县人民政府\n2017年政府信息公开工作年度报告\n一、总体情况\n"),
    ("spaced_title", "甲 县 人 民 政 府 2 0 1 7 年"),
])
def test_noise_rewrites_the_title_line(name: str, expected: str) -> None:
    assert with_noise(_doc(), name, random.Random(0)).text.startswith(expected)


def test_noise_one_line_has_no_line_break_and_the_same_length() -> None:
    noisy = with_noise(_doc(), "one_line", random.Random(0))
    assert "\n" not in noisy.text and len(noisy.text) == len(TEXT)


def test_noise_site_title_names_a_site_after_the_title() -> None:
    texts = {with_noise(_doc(), "site_title", random.Random(seed)).text for seed in range(12)}
    first_lines = {t.split("\n")[0] for t in texts}
    assert all(line.startswith("甲县人民政府2017年政府信息公开工作年度报告") and len(line) > 23 for line in first_lines)
    # either the title line itself or a page title above the untouched title
    assert any(t.split("\n")[1] == "甲县人民政府2017年政府信息公开工作年度报告" for t in texts)


def test_noise_leaves_a_document_without_a_title_line_alone() -> None:
    doc = AnnotatedDocument("y", "发布机构：甲县人民政府\n一、总体情况")
    for name in ("site_title", "title_split", "spaced_title"):
        assert with_noise(doc, name, random.Random(0)).text == doc.text


def test_noise_unknown_name_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown noise 'blur'.*stray_mark"):
        with_noise(_doc(), "blur", random.Random(0))


def test_training_copies_are_the_document_then_one_noise_each() -> None:
    doc = _doc()
    copies = training_copies(doc, 4, ("stray_mark", "title_runon", "one_line"), seed=13)
    assert copies[0] is doc and len(copies) == 4
    assert len({c.text for c in copies}) == 4   # the three noises, each once
    assert training_copies(doc, 4, ("stray_mark", "title_runon", "one_line"), seed=13) == copies  # reproducible
    assert training_copies(doc, 3, (), seed=13) == [doc, doc, doc]


def test_noise_stray_marks_are_the_ones_the_assembler_reads_past() -> None:
    from gik_nlp.assemble.lines import STRAY_MARKS as READ_PAST
    from gik_nlp.corpus.noise import STRAY_MARKS

    assert all(mark.strip() and set(mark.strip()) <= set(READ_PAST) for mark in STRAY_MARKS)
    assert set("".join(STRAY_MARKS).replace(" ", "")) == set(READ_PAST)


@pytest.mark.parametrize("separator", SITE_SEPARATORS)
def test_noise_site_separators_are_the_ones_the_title_finder_reads(separator: str) -> None:
    """Every page title site_title writes is one the assembler cuts the site from."""
    from gik_nlp.assemble import build_record
    from gik_nlp.types import Document

    text = f"甲县2017年政府信息公开工作年度报告{separator}快乐官方网\n本报告根据条例编制，全文包括概述等部分。"
    assert build_record(Document("t", "t.txt", text), []).title == "甲县2017年政府信息公开工作年度报告"


TABLE = "二、主动公开政府信息情况\n第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 3 |\n一、总体情况"


@pytest.mark.parametrize("name, rows", [
    ("table_lines", "第二十条第(一)项\n信息内容\n\n本年制发件数\n\n本年废止件数\n\n现行有效件数\n规章\n\n0\n\n0\n\n3\n"),
    ("table_tabs", "第二十条第(一)项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t3\n"),
])
def test_noise_renders_pipe_tables_without_their_pipes(name: str, rows: str) -> None:
    at = TABLE.index("0 | 3") + 4
    doc = AnnotatedDocument("openings-x002", TABLE, (Span(TABLE.index("规章"), TABLE.index("规章") + 2, "STAT_NAME", "规章"),
                                                     Span(at, at + 1, "STAT_VALUE", "3")))
    noisy = with_noise(doc, name, random.Random(0))
    assert noisy.text == "二、主动公开政府信息情况\n" + rows + "一、总体情况"
    assert [noisy.text[s.start:s.end] for s in noisy.spans] == ["规章", "3"]


def test_noise_never_rewrites_a_cell_a_span_runs_across() -> None:
    text = "规章 | 0 |\n规范性文件 | 2 |"
    doc = AnnotatedDocument("openings-x003", text, (Span(0, 6, "STAT_NAME", text[:6]),))
    noisy = with_noise(doc, "table_tabs", random.Random(0))
    assert noisy.text == "规章 | 0\n规范性文件\t2"   # the separator inside the span kept, the others rewritten
    assert noisy.spans[0].text == "规章 | 0"


@pytest.mark.parametrize("name", ["table_lines", "table_tabs"])
def test_noise_drops_the_lines_of_pipes_alone_of_a_cell_per_line_table(name: str) -> None:
    doc = AnnotatedDocument("openings-x004", "规章 |\n0 |\n|\n||||\n规范性文件 |\n2 |")
    assert with_noise(doc, name, random.Random(0)).text == "规章\n0\n规范性文件\n2"
