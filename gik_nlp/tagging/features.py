"""Per-character input features for the transformer: the CRF's strongest signals as ids.

Each feature is a small closed set of values, embedded by the model and added to the
character embedding (tagging/neural.py). Id 0 of every feature is padding ([CLS], [SEP],
padded positions), so a real value is ``1 + index``.

- ``word``: the character's position in its jieba word, B/I/E/S (crf.word_positions:
  digit and Latin runs are words of their own);
- ``char_class``: hanzi, digit, Latin, punctuation, space, newline (crf.char_class);
- ``line_shape``: the shape of the character's line (crf's line shapes: empty, a number,
  a number with a unit, a pipe row, text by length).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: The values of each feature, in id order (id = 1 + index; 0 = padding).
VALUES: dict[str, tuple[str, ...]] = {
    "word": ("B", "I", "E", "S"),
    "char_class": ("H", "D", "L", "P", "S", "N"),
    "line_shape": ("empty", "number", "number_unit", "pipes", "text0", "text1", "text2", "text3", "text4"),
}


def vocabulary_sizes(names: Sequence[str]) -> list[int]:
    """Embedding rows per feature (values + padding).

    >>> vocabulary_sizes(["word", "char_class"])
    [5, 7]
    """
    return [len(VALUES[name]) + 1 for name in names]


def _line_shapes(text: str) -> list[str]:
    from gik_nlp.tagging.crf import _line_shape

    out: list[str] = []
    for line in text.split("\n"):
        shape = _line_shape(line)
        out.extend([shape] * (len(line) + 1))  # the newline belongs to the line it ends
    return out[:len(text)]


def feature_ids(text: str, names: Sequence[str]) -> np.ndarray:
    """An int64 array [len(text), len(names)] of feature ids (1-based; 0 is padding).

    >>> feature_ids("收到12件\\n", ["word", "char_class"]).tolist()
    [[1, 1], [3, 1], [1, 2], [3, 2], [4, 1], [4, 6]]
    """
    out = np.zeros((len(text), len(names)), dtype=np.int64)
    if not text or not names:
        return out
    for column, name in enumerate(names):
        if name == "word":
            from gik_nlp.tagging.crf import word_positions

            values = word_positions(text)[0]
        elif name == "char_class":
            from gik_nlp.tagging.crf import char_class

            values = [char_class(c) for c in text]
        elif name == "line_shape":
            values = _line_shapes(text)
        else:
            raise ValueError(f"unknown feature {name!r}; expected one of {sorted(VALUES)}")
        index = {value: i + 1 for i, value in enumerate(VALUES[name])}
        out[:, column] = [index[v] for v in values]
    return out
