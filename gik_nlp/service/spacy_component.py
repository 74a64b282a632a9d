"""The ``gik_tagger`` spaCy component: the tagger's spans as ``doc.ents``.

Usage::

    import spacy
    import gik_nlp.service.spacy_component  # registers the factory

    nlp = spacy.blank("zh")
    nlp.add_pipe("gik_tagger", config={"model": "models/default"})
    [(ent.text, ent.label_) for ent in nlp(report_text).ents]

The factory is registered when this module is imported (or through the
``spacy_factories`` entry point). The component normalises ``doc.text`` as the readers
do, tags it, maps each span back to the original characters and from there to tokens
(``char_span(alignment_mode="expand")``, so a span inside a word takes the whole word).
``doc.ents`` gets the spans (where expanding made two overlap, the longer is kept);
``doc.spans["gik"]`` keeps all of them, with the tagger's scores in
``doc.spans["gik"].attrs["scores"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup
from spacy.util import filter_spans, minibatch

from gik_nlp.pipeline import SpanTagger, default_model_dir
from gik_nlp.types import Document, Span

#: Key of the SpanGroup holding every span with its score.
SPANS_KEY = "gik"
#: Documents tagged together by ``pipe``.
BATCH_SIZE = 8


class GikTagger:
    """A pipeline component wrapping a loaded tagger (holds the model, so a class)."""

    def __init__(self, name: str, tagger: SpanTagger) -> None:
        self.name = name
        self.tagger = tagger

    def __call__(self, doc: Doc) -> Doc:
        document = _document(doc)
        return _annotate(doc, document, self.tagger.tag(document) if document else [])

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        tag_many = getattr(self.tagger, "tag_many", None)
        for batch in minibatch(docs, size=batch_size):
            documents = [_document(doc) for doc in batch]
            present = [d for d in documents if d is not None]
            tagged = iter(tag_many(present) if tag_many else [self.tagger.tag(d) for d in present])
            for doc, document in zip(batch, documents):
                yield _annotate(doc, document, next(tagged) if document else [])


def _document(doc: Doc) -> Document | None:
    """The normalised Document of a spaCy doc's text; None for a blank text."""
    from gik_nlp.readers import ReadError, read_text

    try:
        return read_text(doc.text, id="spacy", source="spacy")
    except ReadError:  # empty or whitespace only: nothing to tag
        return None


def _annotate(doc: Doc, document: Document | None, spans: list[Span]) -> Doc:
    mapped, scores = [], []
    for span in spans if document is not None else []:
        start, end = document.original_offsets(span.start, span.end)
        token_span = doc.char_span(start, end, label=span.label, alignment_mode="expand")
        if token_span is not None and len(token_span):
            mapped.append(token_span)
            scores.append(span.score)
    doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=mapped, attrs={"scores": scores})
    doc.ents = filter_spans(mapped)
    return doc


@Language.factory("gik_tagger", default_config={"model": None},
                  assigns=["doc.ents", "doc.spans"])
def make_gik_tagger(nlp: Language, name: str, model: str | None) -> GikTagger:
    """The component over the model folder ``model`` (default: the shipped model, or $GIK_MODEL)."""
    from gik_nlp.tagging import load_tagger

    return GikTagger(name, load_tagger(Path(model) if model else default_model_dir()))
