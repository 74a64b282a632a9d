"""Tests of gik_nlp.synth.noise: character noise never moves a span."""

from __future__ import annotations

import random

import pytest

from gik_nlp.readers.normalize import normalize
from gik_nlp.synth.blocks import Para, RawText, Seg, map_text, normalise
from gik_nlp.synth.noise import make_transform, spam_name, traditional


@pytest.mark.parametrize("seed", range(8))
def test_noise_pinyin_glosses_dropped_inside_spans(seed: int) -> None:
    transform = make_transform(random.Random(seed), to_traditional=True, glosses=True, ascii_punct=False)
    blocks = map_text([Para([Seg("我们主动公开"), Seg("主动公开政府信息数", "STAT_NAME", "n"), Seg("，其中：")])], transform)
    raw = RawText()
    raw.segs(blocks[0].segs)
    norm = normalise(raw)
    (s, e, label, _), = norm.spans
    assert norm.text[s:e] == traditional("主动公开政府信息数")
    assert normalize(norm.text)[0] == norm.text


@pytest.mark.parametrize("text,expect", [("地址：城山路1号（邮编：651100），电话；", "地址:城山路1号(邮编:651100),电话;")])
def test_noise_ascii_punctuation(text: str, expect: str) -> None:
    transform = make_transform(random.Random(0), to_traditional=False, glosses=False, ascii_punct=True)
    assert transform(text, False) == expect


@pytest.mark.parametrize("seed", range(3))
def test_noise_no_transform_without_character_noise(seed: int) -> None:
    assert make_transform(random.Random(seed), to_traditional=False, glosses=False, ascii_punct=False) is None
    assert spam_name(random.Random(seed))
