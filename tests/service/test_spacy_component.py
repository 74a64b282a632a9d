"""The gik_tagger spaCy component over the session's tiny model."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import gik_nlp.service.spacy_component  # noqa: F401 - registers the factory
from gik_nlp import schema
from gik_nlp.readers import read_text
from gik_nlp.service.spacy_component import SPANS_KEY

TEXTS = [
    "易门县人民政府办公室关于2017年政府信息公开工作年度报告\n根据易政办发〔2017〕45号要求，全年共受理依申请公开12件。",
    # full-width digits and ideographic spaces: normalised for the tagger, offsets mapped back
    "　　西吉县人民政府关于２０１６年政府信息公开工作年度报告\n主动公开政府信息数\t７２５４条",
]


@pytest.fixture(scope="module")
def nlp(tiny_model: Path):
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("gik_tagger", config={"model": str(tiny_model)})
    return pipeline


@pytest.fixture(scope="module")
def tiny_tagger(tiny_model: Path):
    from gik_nlp.tagging import load_tagger

    return load_tagger(tiny_model)


@pytest.mark.parametrize("text", TEXTS)
def test_spacy_component_sets_ents_from_the_tagger(nlp, tiny_tagger, text):
    doc = nlp(text)
    document = read_text(text)
    expected = []
    for span in tiny_tagger.tag(document):
        start, end = document.original_offsets(span.start, span.end)
        expected.append((start, end, span.label, text[start:end]))
    group = doc.spans[SPANS_KEY]
    # The default zh segmenter is per character, so "expand" changes nothing here.
    assert [(s.start_char, s.end_char, s.label_, s.text) for s in group] == expected
    assert len(group.attrs["scores"]) == len(group)
    assert all(0.0 <= score <= 1.0 for score in group.attrs["scores"])
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [(s, e, label) for s, e, label, _ in expected]
    assert {e.label_ for e in doc.ents} <= set(schema.LABELS)


@pytest.mark.parametrize("texts", [TEXTS + ["", "  \n"]])
def test_spacy_component_pipe_matches_one_by_one(nlp, texts):
    piped = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=2)]
    single = [[(e.start_char, e.end_char, e.label_) for e in nlp(text).ents] for text in texts]
    assert piped == single
    assert piped[-2:] == [[], []]  # blank texts get no entities and no error


@pytest.mark.parametrize("word_text", ["易门县人民政府办公室全年共受理依申请公开12件"])
def test_spacy_component_expands_spans_to_word_tokens(tiny_model, tiny_tagger, word_text):
    # A word segmenter (jieba-like tokens here, built by hand) makes "expand" matter:
    # every entity starts and ends on token boundaries and covers the tagged characters.
    nlp = spacy.blank("zh")
    words = ["易门县", "人民政府", "办公室", "全年", "共", "受理", "依申请", "公开", "12", "件"]
    nlp.tokenizer = lambda text: spacy.tokens.Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    nlp.add_pipe("gik_tagger", config={"model": str(tiny_model)})
    doc = nlp(word_text)
    boundaries = {t.idx for t in doc} | {len(word_text)}
    group = list(doc.spans[SPANS_KEY])
    for span in group:
        assert span.start_char in boundaries and span.end_char in boundaries
    tagged = tiny_tagger.tag(read_text(word_text))
    assert tagged, "the tiny model tags nothing here: the test would prove nothing"
    for span in tagged:  # every tagged stretch is inside a token-aligned span of its label
        assert any(g.start_char <= span.start and span.end <= g.end_char and g.label_ == span.label for g in group)
    assert all(a.end <= b.start for a, b in zip(doc.ents, doc.ents[1:]))


@pytest.mark.parametrize("model", ["does-not-exist"])
def test_spacy_component_names_a_missing_model(tmp_path, model):
    nlp = spacy.blank("zh")
    with pytest.raises(Exception, match=model):
        nlp.add_pipe("gik_tagger", config={"model": str(tmp_path / model)})
