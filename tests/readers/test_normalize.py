"""normalize: the offset map leads back to raw text that normalises to the same characters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gik_nlp.readers.normalize import normalize

# Pieces that exercise every rule: CRLF and lone CR, full-width digits, dropped
# characters, spaces mapped to ' ', pinyin glosses, and plain text around them.
PIECES = ["\r\n", "\r", "\n", "\t", "２０２３", "７", "％", "．", "\u200b", "\ufeff", "\xad", "\x07", "\u3000",
          "\xa0", "主動", "(dòng)", "（kāi）", "公開", "(PDF)", "〔2017〕", "年", "a", " ", "12"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.data())
def test_normalize_offset_map_round_trips(pieces: list[str], data: st.DataObject) -> None:
    raw = "".join(pieces)
    text, offset_map = normalize(raw)
    assert len(offset_map) == len(text) + 1
    assert offset_map[-1] == len(raw)
    assert list(offset_map) == sorted(offset_map)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert normalize(raw[offset_map[start]:offset_map[end]])[0] == text[start:end]


@pytest.mark.parametrize("raw,text,offset_map", [
    ("a\r\nb", "a\nb", (0, 1, 3, 4)),
    ("a\rb", "a\nb", (0, 1, 2, 3)),
    ("a\r\n", "a\n", (0, 1, 3)),
])
def test_normalize_crlf_maps_to_the_cr(raw: str, text: str, offset_map: tuple[int, ...]) -> None:
    assert normalize(raw) == (text, offset_map)


def test_offset_map_position_is_bisect_left() -> None:
    from bisect import bisect_left

    # "a\r\nb\u200bc": \r\n becomes one \n (its \n dropped), the zero-width space dropped
    text, offsets = normalize("a\r\nb\u200bc")
    assert text == "a\nbc"
    assert [offsets.position(raw) for raw in range(7)] == [0, 1, 2, 2, 3, 3, 4]
    assert [offsets.position(raw) for raw in range(7)] == [bisect_left(offsets, raw) for raw in range(7)]
