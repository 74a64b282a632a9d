"""Tests of gik_nlp.synth.files: documents rendered to files and read back stay exact."""

from __future__ import annotations

import pytest

from gik_nlp.corpus.validate import validate
from gik_nlp.synth import SynthConfig, generate
from gik_nlp.synth.blocks import Normalised, Para, Seg, normalise
from gik_nlp.synth.files import PassThroughError, plain_text, relocate, wrap
from gik_nlp.synth.generate import check_spans


@pytest.mark.parametrize("kind,n", [("html", 4), ("docx", 2), ("pdf", 1)])
def test_files_pass_through_aligns_every_span(kind: str, n: int) -> None:
    files = {"text": 0, "html": 0, "docx": 0, "pdf": 0, kind: 1}
    config = SynthConfig.from_dict({"files": files, "formats": {"national_2021": 1, "pre2019_table": 1,
                                                                "short_annex": 0, "prose": 0, "national_2019": 0}})
    for doc in generate(n, 21, config):
        assert any(f"{kind} file read back" in note for note in doc.notes), doc.notes
        check_spans(doc.text, list(doc.spans), doc.id)
        assert validate(doc) == [], doc.id
        assert all(s.text == doc.text[s.start:s.end] for s in doc.spans)


def _plain(segs: list[Seg]) -> Normalised:
    return normalise(plain_text([Para(segs)]))


@pytest.mark.parametrize("text", ["收到申请数 | 行政复议数量 | 0\n行政复议数量\t0\n"])
def test_files_relocate_skips_an_earlier_lookalike(text: str) -> None:
    plain = normalise(plain_text([Para([Seg("收到申请数 行政复议数量 0")]),
                                  Para([Seg("行政复议数量", "STAT_NAME", "n"), Seg(" "), Seg("0", "STAT_VALUE", "v")])]))
    moved = relocate(plain, text)
    s, e, label, _ = moved.spans[1]
    assert (text[s:e], label) == ("0", "STAT_VALUE") and s == text.index("数量\t0") + 3


@pytest.mark.parametrize("text", ["主动公开政府信息数（计1条）\n"])
def test_files_relocate_refuses_a_changed_gap(text: str) -> None:
    plain = _plain([Seg("主动公开政府信息数", "STAT_NAME", "n"), Seg("5", "STAT_VALUE", "v")])
    with pytest.raises(PassThroughError):
        relocate(plain, text)


@pytest.mark.parametrize("width", [8, 12])
def test_files_wrap_never_breaks_a_span(width: int) -> None:
    segs = [Seg("根据有关规定，现将"), Seg("易门县人民政府办公室", "AGENCY", "a"), Seg("的年度报告予以公布，请各单位认真学习贯彻落实。")]
    lines = wrap(segs, width)
    assert any("易门县人民政府办公室" in line for line in lines)
    assert "".join(lines) == "".join(s.text for s in segs)


HEADING = "四、政府信息公开行政复议、行政诉讼情况"
BODY = "依法依规做好政府信息公开申请办理工作，" * 40


def _heading_and_row(junk: str) -> tuple[Normalised, str]:
    plain = normalise(plain_text([Para([Seg(HEADING)]), Para([Seg(BODY + "情况說明", "STAT_NAME", "x")]),
                                  Para([Seg("行政复议", "STAT_NAME", "n"), Seg("\t"), Seg("0", "STAT_VALUE", "v")])]))
    return plain, f"{HEADING}\n{BODY}情况說明{junk}\n行政复议\t0\n"


@pytest.mark.parametrize("junk", ["(míng\n)", ")", "(míng"])
def test_files_relocate_tolerates_text_the_reader_adds(junk: str) -> None:
    """行政复议 first occurs inside a heading; a little text the reader adds between pieces
    (a gloss split over a PDF line) must not derail the search."""
    plain, text = _heading_and_row(junk)
    moved = relocate(plain, text)
    assert [(text[s:e], label) for s, e, label, _ in moved.spans] == [
        (BODY + "情况說明", "STAT_NAME"), ("行政复议", "STAT_NAME"), ("0", "STAT_VALUE")]
    assert moved.spans[1][0] == text.index("行政复议\t0")
    assert moved.regions["v"] == (text.index("\t0") + 1, text.index("\t0") + 2)


@pytest.mark.parametrize("junk", ["- 3 -\n", "第 2 页\n", "此处另有一段读取器加入的较长文字内容\n"])
def test_files_relocate_refuses_added_content(junk: str) -> None:
    """A number (a count the gold would leave untagged) or a passage the reader adds: refused."""
    plain, text = _heading_and_row(junk)
    with pytest.raises(PassThroughError):
        relocate(plain, text)


@pytest.mark.parametrize("text", ["2018 年 1 月 17 日\n", "2018年1月17日\n"])
def test_files_relocate_span_must_read_as_printed(text: str) -> None:
    plain = _plain([Seg("2018 年 1 月 17 日", "DATE", "d")])
    if " " in text:
        assert relocate(plain, text).spans[0][:2] == (0, len(text) - 1)
    else:   # the reader changed the span's own text: never emitted
        with pytest.raises(PassThroughError):
            relocate(plain, text)


@pytest.mark.parametrize("width", [8, 9, 14])
def test_files_wrap_keeps_a_gloss_with_its_character(width: int) -> None:
    segs = [Seg("主動(dòng)公開(kāi)政府信息們(men)並(bìng)按時答覆")]
    lines = wrap(segs, width)
    assert "".join(lines) == segs[0].text
    for line in lines:
        assert line.count("(") == line.count(")") and not line.startswith("("), lines


@pytest.mark.parametrize("seed", [0])
def test_files_pdf_pass_through_with_pinyin_glosses(seed: int) -> None:
    """Traditional copies with glosses: PDF cells and lines must keep every span whole."""
    config = SynthConfig.from_dict({"files": {"text": 0, "html": 0, "docx": 0, "pdf": 1},
                                    "noise": {"traditional": 1.0, "pinyin_gloss": 1.0},
                                    "formats": {"national_2021": 1, "pre2019_table": 0, "short_annex": 0,
                                                "prose": 0, "national_2019": 0}})
    for doc in generate(2, seed, config):
        assert any("pdf file read back" in note for note in doc.notes), doc.notes
        assert validate(doc) == [], doc.id
