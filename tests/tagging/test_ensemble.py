"""The CRF + transformer ensemble: probabilities mixed, tags read off them, the folder saved and checked."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from gik_nlp.tagging import load_tagger
from gik_nlp.tagging.ensemble import EnsembleTagger, save_ensemble, spans_from_probs
from gik_nlp.tagging.model import ModelError
from gik_nlp.tagging.tags import TAGS
from gik_nlp.types import Document


def _probs(tags: list[str], p: float = 0.8) -> np.ndarray:
    """Probability ``p`` on the given tag of each character, the rest spread evenly."""
    out = np.full((len(tags), len(TAGS)), (1 - p) / (len(TAGS) - 1))
    for i, tag in enumerate(tags):
        out[i, TAGS.index(tag)] = p
    return out


@pytest.mark.parametrize("decode", ["argmax", "viterbi"])
def test_spans_from_probs_read_the_likely_tags(decode):
    text = "收到12件"
    probs = _probs(["O", "O", "B-STAT_VALUE", "I-STAT_VALUE", "I-STAT_VALUE"])
    spans = spans_from_probs(text, probs, decode)
    assert [(s.start, s.end, s.label, s.text) for s in spans] == [(2, 5, "STAT_VALUE", "12件")]
    assert spans[0].score == pytest.approx(0.8)


def test_viterbi_keeps_bio_valid_where_argmax_is_repaired():
    # argmax: O I-DATE I-DATE, a span only by repair. Valid paths, as products: O B-DATE I-DATE
    # 0.6·0.35·0.6 = 0.126; O O O 0.6·0.30·0.35 = 0.063; B-DATE I-DATE I-DATE 0.04·0.6·0.6 = 0.0144
    probs = _probs(["O", "I-DATE", "I-DATE"], p=0.6)  # the other tags 0.04
    probs[1, TAGS.index("B-DATE")], probs[1, TAGS.index("O")], probs[2, TAGS.index("O")] = 0.35, 0.30, 0.35
    spans = spans_from_probs("一二三", probs, "viterbi")
    assert [(s.start, s.end, s.label) for s in spans] == [(1, 3, "DATE")]
    probs[1, TAGS.index("B-DATE")] = 0.01  # now O O O (0.063) beats O B I (0.0036) and B I I (0.0144)
    assert spans_from_probs("一二三", probs, "viterbi") == []


def test_spans_from_probs_rejects_an_unknown_decoding():
    with pytest.raises(ValueError, match="decode"):
        spans_from_probs("a", _probs(["O"]), "beam")


@pytest.fixture(scope="module")
def ensemble_dir(tmp_path_factory, tiny_crf_model, tiny_model):
    out = tmp_path_factory.mktemp("ensemble") / "model"
    return save_ensemble(out, tiny_crf_model, tiny_model, weight=0.0, decode="argmax",
                         info={"chosen_on": {"split": "dev"}})


def test_ensemble_folder_holds_both_models_and_json(ensemble_dir):
    assert {p.name for p in ensemble_dir.iterdir()} == {"meta.json", "crf", "transformer"}
    meta = json.loads((ensemble_dir / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "ensemble" and meta["weight"] == 0.0 and meta["decode"] == "argmax"
    assert meta["chosen_on"] == {"split": "dev"}
    assert not list(ensemble_dir.rglob("*.pkl")) and not list(ensemble_dir.rglob("*.bin"))


def test_ensemble_with_weight_zero_tags_as_the_crf_on_its_training_report(ensemble_dir, tiny_docs):
    # the tiny CRF reproduces the hand-made spans of a report it was trained on
    tagger = load_tagger(ensemble_dir)
    assert isinstance(tagger, EnsembleTagger)
    doc = tiny_docs[0]
    spans = tagger.tag(Document(doc.id, doc.source, doc.text))
    assert [(s.start, s.end, s.label) for s in spans] == [(s.start, s.end, s.label) for s in doc.spans]
    assert tagger.names is tagger.crf.names


def test_ensemble_refuses_a_member_that_does_not_belong(tmp_path, ensemble_dir):
    copy = tmp_path / "ensemble"
    shutil.copytree(ensemble_dir, copy)
    meta = json.loads((copy / "crf" / "meta.json").read_text(encoding="utf-8"))
    meta["name"] = "another-crf"
    (copy / "crf" / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match=r"crf/meta.json: does not belong"):
        load_tagger(copy)


def test_save_ensemble_refuses_swapped_members(tmp_path, tiny_crf_model, tiny_model):
    with pytest.raises(ValueError, match="expected 'crf'"):
        save_ensemble(tmp_path / "e", tiny_model, tiny_crf_model, weight=0.5)


def test_ensemble_tag_many_equals_tag_one_by_one(tmp_path, tiny_crf_model, tiny_model, tiny_docs):
    tagger = EnsembleTagger(save_ensemble(tmp_path / "e", tiny_crf_model, tiny_model, weight=0.5, decode="viterbi",
                                          how="log"))
    docs = [Document(d.id, d.source, d.text) for d in tiny_docs] + [Document("empty", "empty", "")]
    together, alone = tagger.tag_many(docs), [tagger.tag(doc) for doc in docs]
    assert [[(s.start, s.end, s.label) for s in spans] for spans in together] == \
        [[(s.start, s.end, s.label) for s in spans] for spans in alone]
    assert [s.score for spans in together for s in spans] == \
        pytest.approx([s.score for spans in alone for s in spans], abs=1e-5)
    assert together[-1] == []
