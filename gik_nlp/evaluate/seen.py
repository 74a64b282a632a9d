"""Documents a model was trained on: scoring them says nothing about held-out accuracy.

A model's meta.json lists its training documents: ``training_texts`` (SHA-256 of the
normalised text of every non-synthetic train/dev document; models trained since issue 14)
and ``documents.<split>.real`` (their ids; every model). A scored document matches when its
text hash or its id is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def training_documents(meta: Mapping[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
    """(text hashes, document ids) of the documents ``meta`` says the model trained on (train
    and dev splits, synthetic ones aside: those are held out by their seed)."""
    hashes = frozenset(str(h) for h in meta.get("training_texts") or ())
    ids: set[str] = set()
    for split in ("train", "dev"):
        ids.update(str(i) for i in ((meta.get("documents") or {}).get(split) or {}).get("real") or ())
    return hashes, frozenset(ids)


def seen_in_training(meta: Mapping[str, Any], documents: Iterable[tuple[str, str]]) -> list[str]:
    """The ids of ``documents`` ((id, text sha256) pairs) that the model was trained on.

    >>> meta = {"training_texts": ["aa"], "documents": {"train": {"real": ["r1"]}}}
    >>> seen_in_training(meta, [("x", "aa"), ("r1", "bb"), ("new", "cc")])
    ['x', 'r1']
    """
    hashes, ids = training_documents(meta)
    return [doc_id for doc_id, sha in documents if sha in hashes or doc_id in ids]
