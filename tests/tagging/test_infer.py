"""Tagging whole reports: windows merged per character, batched, long documents."""

from __future__ import annotations

import pytest

from gik_nlp.tagging.infer import Tagger
from gik_nlp.types import Document


def _check_spans(doc: Document, spans) -> None:
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(doc.text)
        assert span.text == doc.text[span.start:span.end]
        assert "\n" not in span.text and span.text == span.text.strip()
        assert 0.0 <= span.score <= 1.0
        previous_end = span.end


@pytest.fixture(scope="module")
def tagger(tiny_model):
    return Tagger(tiny_model)


@pytest.mark.parametrize("length", [200_000])
def test_infer_long_document(tagger, tiny_docs, length):
    base = "".join(d.text for d in tiny_docs)
    text = (base * (length // len(base) + 1))[:length]
    doc = Document("long", "long", text)
    spans = tagger.tag(doc)
    _check_spans(doc, spans)
    assert len(spans) > 100


@pytest.mark.parametrize("batch_size", [1, 3])
def test_infer_independent_of_batching(tiny_model, tiny_docs, batch_size):
    docs = [Document(d.id, d.id, d.text) for d in tiny_docs]
    reference = Tagger(tiny_model, batch_size=64).tag_many(docs)
    other = Tagger(tiny_model, batch_size=batch_size)
    assert [[(s.start, s.end, s.label) for s in spans] for spans in other.tag_many(docs)] == \
        [[(s.start, s.end, s.label) for s in spans] for spans in reference]
    assert [other.tag(d) for d in docs] == other.tag_many(docs)


@pytest.mark.parametrize("text", ["", "\n", "年"])
def test_infer_short_texts(tagger, text):
    doc = Document("short", "short", text)
    spans = tagger.tag(doc)
    _check_spans(doc, spans)
    assert tagger.tag_many([doc, doc]) == [spans, spans]


@pytest.mark.parametrize("doc_index", [0, 1, 2])
def test_infer_spans_valid_and_named(tagger, tiny_docs, doc_index):
    d = tiny_docs[doc_index]
    doc = Document(d.id, d.id, d.text)
    _check_spans(doc, tagger.tag(doc))
    assert tagger.name == tagger.metadata["name"]
