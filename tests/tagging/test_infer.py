"""Tagging whole reports: windows merged per character, batched, long documents.

The windowing and merging are checked with an oracle in place of the network: it tags every digit as
STAT_VALUE when it sees it with enough context on both sides of its window, and as DATE when it sits
near a window's edge. Only a merge that takes each character from the window in which it sits most
centrally, at the right offset, gives exactly the digit runs as STAT_VALUE spans; the expected spans
come from a regular expression over the text, not from the code under test.
"""

from __future__ import annotations

import math
import re
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from gik_nlp.tagging.infer import Tagger
from gik_nlp.tagging.tags import TAGS
from gik_nlp.types import Document


def _check_spans(doc: Document, spans) -> None:
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(doc.text)
        assert span.text == doc.text[span.start:span.end]
        assert "\n" not in span.text and span.text == span.text.strip()
        assert 0.0 <= span.score <= 1.0
        previous_end = span.end


class _EdgeAwareOracle(torch.nn.Module):
    """Logits of 5.0 for one tag, 0 for the others: digits seen with at least ``context`` characters
    on each side inside their window → I-STAT_VALUE, digits nearer an edge → I-DATE, anything else → O."""

    def __init__(self, digit_ids: set[int], context: int):
        super().__init__()
        self.config = SimpleNamespace(gik_attention_bias="none")
        self.digit_ids = torch.tensor(sorted(digit_ids))
        self.context = context

    def forward(self, input_ids, attention_mask):
        batch, width = input_ids.shape
        length = attention_mask.sum(dim=1, keepdim=True) - 2  # characters in the window ([CLS] … [SEP])
        position = torch.arange(width)[None, :]               # 1 … length are the characters
        central = (position - 1 >= self.context) & (length - position >= self.context)
        digit = torch.isin(input_ids, self.digit_ids)
        tag = torch.zeros_like(input_ids)
        tag[digit & central] = TAGS.index("I-STAT_VALUE")
        tag[digit & ~central] = TAGS.index("I-DATE")
        logits = torch.zeros(batch, width, len(TAGS))
        logits.scatter_(2, tag[..., None], 5.0)
        return SimpleNamespace(logits=logits)


#: The probability of the chosen tag when its logit is 5 and the others' are 0.
ORACLE_SCORE = math.exp(5) / (math.exp(5) + len(TAGS) - 1)


@pytest.fixture(scope="module")
def tagger(tiny_model):
    return Tagger(tiny_model)


def _oracle_tagger(tiny_model, batch_size: int) -> Tagger:
    tagger = Tagger(tiny_model, batch_size=batch_size)
    digit_ids = {int(tagger.vocab.encode(d)[0]) for d in "0123456789"}
    assert len(digit_ids) == 10 and tagger.vocab.unk_id not in digit_ids  # the oracle must tell digits apart
    assert tagger.window > tagger.stride  # windows overlap, so every character has a central owner
    tagger.model = _EdgeAwareOracle(digit_ids, context=(tagger.window - tagger.stride) // 2)
    return tagger


def _expected(text: str) -> list[tuple[int, int, str, str]]:
    return [(m.start(), m.end(), "STAT_VALUE", m.group()) for m in re.finditer(r"[0-9]+", text)]


# Digit runs of 1 to 13 characters at irregular distances, so they fall across every window boundary;
# the text starts and ends with letters, so no digit lacks context for want of text.
def _report_text(length: int) -> str:
    pieces, i = ["政府信息公开工作年度报告。"], 0
    while sum(map(len, pieces)) < length:
        pieces.append("主动公开" + "条件年月日号"[: i % 7] + str(7 ** (i % 17)) + "，依申请" * (i % 3) + "\n" * (i % 2 == 0))
        i += 1
    return "".join(pieces)[: length - 12] + "以上为本机关年度报告全文。"[:12]


@pytest.mark.parametrize("length,batch_size", [(200_000, 32), (700, 1), (700, 3)])
def test_infer_merges_windows_by_their_centre(tiny_model, length, batch_size):
    tagger = _oracle_tagger(tiny_model, batch_size)
    text = _report_text(length)
    assert len(text) == length and len(text) > 4 * tagger.window
    spans = tagger.tag(Document("long", "long", text))
    assert [(s.start, s.end, s.label, s.text) for s in spans] == _expected(text)
    assert all(s.score == pytest.approx(ORACLE_SCORE) for s in spans)


@pytest.mark.parametrize("batch_size", [1, 2, 64])
def test_infer_many_documents_keep_their_own_spans(tiny_model, batch_size):
    tagger = _oracle_tagger(tiny_model, batch_size)
    texts = [_report_text(n) for n in (150, 90, 333)] + ["年度报告：7", "无数字的报告正文内容"]
    docs = [Document(f"d{i}", f"d{i}", t) for i, t in enumerate(texts)]
    got = tagger.tag_many(docs)
    # A short text's digits sit near its only window's edges: the oracle calls them DATE.
    assert [(s.start, s.end, s.label) for s in got[3]] == [(5, 6, "DATE")]
    assert got[4] == []
    for doc, spans in zip(docs[:3], got[:3]):
        assert [(s.start, s.end, s.label, s.text) for s in spans] == _expected(doc.text), doc.id


@pytest.mark.parametrize("batch_size", [1, 3])
def test_infer_independent_of_batching(tiny_model, tiny_docs, batch_size):
    docs = [Document(d.id, d.id, d.text) for d in tiny_docs]
    reference = Tagger(tiny_model, batch_size=64).tag_many(docs)
    assert all(reference), "the trained tiny model tags nothing in a document it was trained on"
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
    spans = tagger.tag(doc)
    assert spans, "no span in a document the model was trained on"
    _check_spans(doc, spans)
    # training/tiny.yaml names the model "tiny": gik-<name>-<version>+<16 hex digits of the corpus>
    assert re.fullmatch(r"gik-tiny-\d+\.\d+\.\d+\+[0-9a-f]{16}\.[0-9a-f]{8}", tagger.name), tagger.name


def test_infer_marginals_merge_windows_by_their_centre(tiny_model):
    # the oracle's softmax: ORACLE_SCORE on its tag, the rest shared; the tag read off the marginals
    # must be the one the windows' centres give, as for the spans above
    tagger = _oracle_tagger(tiny_model, 3)
    text = _report_text(700)
    probs = tagger.marginals(text)
    assert probs.shape == (700, len(TAGS))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert np.allclose(probs.max(axis=1), ORACLE_SCORE, atol=1e-5)
    from gik_nlp.tagging.tags import tag_ids_to_spans

    assert [(s.start, s.end, s.label, s.text) for s in tag_ids_to_spans(text, probs.argmax(axis=1))] == \
        _expected(text)


def test_infer_marginals_in_chunks_are_those_of_the_whole_text(tiny_model, monkeypatch):
    # chunks of 1,000 characters (one model window of context each side): every character's row is
    # the one predict_marginals gives it over the whole text, and marginals_many agrees
    from gik_nlp.tagging import infer

    tagger = _oracle_tagger(tiny_model, 8)
    text, short = _report_text(5_000), _report_text(300)
    whole = infer.predict_marginals(tagger.model, tagger.vocab, [text], tagger.window, tagger.stride,
                                    tagger.batch_size, tagger.device)[0]
    monkeypatch.setattr(infer, "CHUNK_CHARS", 1_000)
    assert len(infer.line_windows(text, infer.CHUNK_CHARS, tagger.window)) > 1
    assert len(infer.line_windows(short, infer.CHUNK_CHARS, tagger.window)) == 1
    chunked = tagger.marginals(text)
    assert chunked.shape == (len(text), len(TAGS)) and chunked.dtype == np.float32
    assert np.array_equal(chunked, whole)
    many = tagger.marginals_many([text, short, ""])
    assert np.array_equal(many[0], chunked) and np.array_equal(many[1], tagger.marginals(short))
    assert many[2].shape == (0, len(TAGS))


def test_infer_int8_quantises_the_linear_layers(tiny_model, tiny_docs):
    tagger = Tagger(tiny_model, quantize="int8")
    modules = list(tagger.model.modules())
    assert not any(isinstance(m, torch.nn.Linear) for m in modules)
    assert sum(type(m).__module__.startswith("torch.ao.nn.quantized.dynamic") for m in modules) >= 2
    doc = Document(tiny_docs[0].id, tiny_docs[0].id, tiny_docs[0].text)
    _check_spans(doc, tagger.tag(doc))
    with pytest.raises(ValueError, match="quantize"):
        Tagger(tiny_model, quantize="fp16")
