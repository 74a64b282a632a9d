"""to_dataset: document-level splits; windows and the characters each window decides."""

from __future__ import annotations

import pytest

from gik_nlp.corpus.format import AnnotatedDocument
from gik_nlp.tagging.dataset import assign_splits, owned_ranges, to_dataset, window_starts
from gik_nlp.tagging.vocab import CharVocab


@pytest.mark.parametrize("splits,share,expected", [
    (["train", "train", "dev", "test"], 0.5, {"train": 2, "dev": 1, "test": 1}),
    (["train"] * 10, 0.2, {"train": 8, "dev": 2, "test": 0}),
    (["train"] * 10, 0.0, {"train": 10, "dev": 0, "test": 0}),
])
def test_dataset_splits_by_document(splits, share, expected):
    docs = [AnnotatedDocument(id=f"d{i}", text="年报", split=s) for i, s in enumerate(splits)]
    result = assign_splits(docs, share, seed=3)
    assert {k: len(v) for k, v in result.items()} == expected
    # idempotent: splitting the result again changes nothing
    again = assign_splits([d for v in result.values() for d in v], share, seed=3)
    assert {k: [d.id for d in v] for k, v in again.items()} == {k: [d.id for d in v] for k, v in result.items()}


@pytest.mark.parametrize("share", [0.3])
def test_dataset_rows_encode_documents(tiny_docs, share):
    vocab = CharVocab.build([d.text for d in tiny_docs])
    dataset = to_dataset(tiny_docs, vocab, dev_share=share, seed=1)
    assert dataset["train"].num_rows == 2 and dataset["dev"].num_rows == 1 and dataset["test"].num_rows == 0
    row = dataset["train"][0]
    assert len(row["input_ids"]) == len(row["tag_ids"]) == len(tiny_docs[0].text)
    assert sum(1 for t in row["tag_ids"] if t % 2 == 1) == len(tiny_docs[0].spans)  # one B- per span


@pytest.mark.parametrize("length,window,stride,offset", [
    (1000, 64, 48, 0), (1000, 64, 48, 17), (64, 64, 48, 0), (65, 64, 64, 0), (5, 64, 48, 3), (200_000, 256, 192, 0),
])
def test_dataset_windows_cover_and_partition(length, window, stride, offset):
    starts = window_starts(length, window, stride, offset)
    assert starts[0] == 0 and starts == sorted(set(starts))
    assert min(starts[-1] + window, length) == length
    assert all(b - a <= stride for a, b in zip(starts, starts[1:]))
    owned = owned_ranges(starts, window, length)
    assert owned[0][0] == 0 and owned[-1][1] == length
    assert all(a[1] == b[0] for a, b in zip(owned, owned[1:]))
    for start, (own_start, own_end) in zip(starts, owned):
        assert start <= own_start <= own_end <= start + window
