"""The shipped model (models/default): loads, small, and not older than the corpus."""

from __future__ import annotations

import json
import warnings

import pytest

from gik_nlp.corpus.format import corpus_fingerprint, load_corpus
from gik_nlp.tagging import load_tagger
from gik_nlp.types import Document

MAX_BYTES = 10 * 2**20


@pytest.fixture(scope="module")
def default_model(repo_root):
    path = repo_root / "models" / "default"
    if not (path / "meta.json").is_file():
        pytest.skip("models/default is not trained yet (make model)")
    return path


@pytest.mark.parametrize("limit", [MAX_BYTES])
def test_default_model_small(default_model, limit):
    assert sum(p.stat().st_size for p in default_model.iterdir()) <= limit


@pytest.mark.parametrize("corpus", ["corpus"])
def test_default_model_not_older_than_corpus(default_model, repo_root, corpus):
    meta = json.loads((default_model / "meta.json").read_text(encoding="utf-8"))
    current = corpus_fingerprint(load_corpus(repo_root / corpus))
    if meta["corpus_fingerprint"] != current:
        warnings.warn(f"models/default was trained on corpus {meta['corpus_fingerprint']}, the corpus is now "
                      f"{current}: run `make model` (or gik train --from models/default) and commit it",
                      stacklevel=1)
    assert meta["name"].endswith(meta["corpus_fingerprint"])


@pytest.mark.parametrize("min_spans", [20])
def test_default_model_tags_a_report(default_model, repo_root, min_spans):
    docs = load_corpus(repo_root / "corpus")
    if not docs:
        pytest.skip("corpus/ is empty")
    tagger = load_tagger(default_model)
    doc = Document(docs[0].id, docs[0].source, docs[0].text)
    spans = tagger.tag(doc)
    assert len(spans) >= min_spans
    assert tagger.name == tagger.metadata["name"]
