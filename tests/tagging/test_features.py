"""Per-character feature ids for the transformer (tagging/features.py)."""

from __future__ import annotations

import pytest

from gik_nlp.tagging.features import VALUES, feature_ids


@pytest.mark.parametrize("text, names, expected", [
    ("年7\n", ["char_class"], [[1], [2], [6]]),
    # line shapes: a number line, then a text line of fewer than 8 characters
    ("12\n收到", ["line_shape"], [[2], [2], [2], [5], [5]]),
    ("", ["word"], []),
])
def test_feature_ids(text, names, expected):
    assert feature_ids(text, names).tolist() == expected


def test_feature_ids_are_one_based_and_bounded():
    ids = feature_ids("主动公开政府信息1,234条\n|a|b|\n", ["word", "char_class", "line_shape"])
    assert ids.min() >= 1
    for column, name in enumerate(["word", "char_class", "line_shape"]):
        assert ids[:, column].max() <= len(VALUES[name])


def test_unknown_feature_is_an_error():
    with pytest.raises(ValueError, match="unknown feature"):
        feature_ids("x", ["pos"])
