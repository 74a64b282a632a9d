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


@pytest.mark.parametrize("text", ["收到申请数 | 0\n行政复议数量\t0\n"])
def test_files_relocate_skips_an_earlier_lookalike(text: str) -> None:
    plain = _plain([Seg("行政复议数量", "STAT_NAME", "n"), Seg(" "), Seg("0", "STAT_VALUE", "v")])
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
