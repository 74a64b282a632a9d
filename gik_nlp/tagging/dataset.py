"""Annotated documents → a datasets.DatasetDict (the project's only ``datasets`` import).

One row per document: ``id``, ``origin``, ``input_ids`` (one per character) and
``tag_ids`` (one per character). Splits are the documents' own ``split`` field, so a
document never moves between train and dev; when no document is marked ``dev``, a
seeded share of the training documents is held out instead. Windows are cut later
(``window_starts``), per epoch, so every epoch can see different window boundaries.
"""

from __future__ import annotations

import math
from dataclasses import replace
from collections.abc import Sequence

import numpy as np

from gik_nlp.corpus.format import SPLITS, AnnotatedDocument
from gik_nlp.tagging.tags import spans_to_tag_ids
from gik_nlp.tagging.vocab import CharVocab


def assign_splits(docs: Sequence[AnnotatedDocument], dev_share: float, seed: int) -> dict[str, list[AnnotatedDocument]]:
    """Documents by split; if none is ``dev``, move a seeded ``dev_share`` of train to dev.

    Idempotent: the moved documents come back with ``split="dev"``.

    >>> docs = [AnnotatedDocument(id=str(i), text="x", split="train") for i in range(10)]
    >>> {k: len(v) for k, v in assign_splits(docs, 0.2, seed=1).items()}
    {'train': 8, 'dev': 2, 'test': 0}
    """
    by_split: dict[str, list[AnnotatedDocument]] = {split: [] for split in SPLITS}
    for doc in docs:
        by_split.setdefault(doc.split, []).append(doc)
    train = by_split["train"]
    if not by_split["dev"] and dev_share > 0 and len(train) > 1:
        count = min(len(train) - 1, max(1, math.ceil(dev_share * len(train))))
        order = sorted(train, key=lambda d: d.id)
        picked = set(np.random.default_rng(seed).choice(len(order), size=count, replace=False).tolist())
        # Marked "dev" so that splitting the result again gives the same split.
        by_split["dev"] = [replace(d, split="dev") for i, d in enumerate(order) if i in picked]
        held = {d.id for d in by_split["dev"]}
        by_split["train"] = [d for d in train if d.id not in held]
    return by_split


def to_dataset(docs: Sequence[AnnotatedDocument], vocab: CharVocab, dev_share: float = 0.1,
               seed: int = 0):  # -> datasets.DatasetDict
    """A DatasetDict with ``train``/``dev``/``test`` splits of encoded documents."""
    from datasets import Dataset, DatasetDict, Features, Sequence as Seq, Value

    features = Features({"id": Value("string"), "origin": Value("string"),
                         "input_ids": Seq(Value("int32")), "tag_ids": Seq(Value("int8"))})
    splits = assign_splits(docs, dev_share, seed)
    out = {}
    for split in SPLITS:
        rows = [{"id": d.id, "origin": d.origin, "input_ids": vocab.encode(d.text).astype(np.int32),
                 "tag_ids": spans_to_tag_ids(len(d.text), d.spans).astype(np.int8)}
                for d in splits[split]]
        out[split] = Dataset.from_list(rows, features=features) if rows else Dataset.from_dict(
            {name: [] for name in features}, features=features)
    return DatasetDict(out)


def window_starts(length: int, window: int, stride: int, offset: int = 0) -> list[int]:
    """Start offsets of the windows covering ``[0, length)``.

    The first window starts at 0 and the last one ends at ``length``; in between, one
    starts every ``stride`` characters from ``offset`` (training shifts it each epoch).

    >>> window_starts(10, 4, 3)
    [0, 3, 6]
    >>> window_starts(10, 4, 3, offset=2)
    [0, 2, 5, 6]
    >>> window_starts(3, 4, 3)
    [0]
    """
    if length <= window:
        return [0]
    last = length - window
    starts = {0, last}
    starts.update(range(offset % stride or stride, last, stride))
    return sorted(starts)


def owned_ranges(starts: Sequence[int], window: int, length: int) -> list[tuple[int, int]]:
    """For each window, the characters it decides: those nearer its centre than any other's.

    >>> owned_ranges([0, 3, 6], 4, 10)
    [(0, 3), (3, 6), (6, 10)]
    >>> owned_ranges([0, 2], 6, 8)
    [(0, 4), (4, 8)]
    """
    bounds = [0]
    for current, following in zip(starts, starts[1:]):
        end_current = min(current + window, length)
        bounds.append(max(following, min((following + end_current) // 2, end_current)))
    bounds.append(length)
    return list(zip(bounds, bounds[1:]))
