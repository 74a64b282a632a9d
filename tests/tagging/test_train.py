"""train(): deterministic for a seed, continuable (--from), from a local pretrained checkpoint."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from safetensors.torch import load_file

from gik_nlp.corpus.format import AnnotatedDocument, save_document
from gik_nlp.tagging import load_tagger
from gik_nlp.tagging.train import TrainError, span_scores, train
from gik_nlp.types import Document, Span


@pytest.mark.parametrize("seed_offset", [0])
def test_train_deterministic_for_seed(tmp_path, tiny_model, tiny_config, tiny_docs, seed_offset):
    out = tmp_path / "again"
    train(replace(tiny_config, seed=tiny_config.seed + seed_offset), out, corpus_dir=tmp_path / "none",
          extra_docs=tiny_docs, progress=False)
    first, second = load_file(str(tiny_model / "model.safetensors")), load_file(str(out / "model.safetensors"))
    assert first.keys() == second.keys()
    assert all((first[k] == second[k]).all() for k in first)


@pytest.mark.parametrize("new_text", ["㎡Ω年报"])
def test_train_continue_from_model(tmp_path, tiny_model, tiny_config, tiny_docs, new_text):
    old_meta = json.loads((tiny_model / "meta.json").read_text(encoding="utf-8"))
    grown = list(tiny_docs) + [AnnotatedDocument(id="new", text=new_text + "\n" + tiny_docs[0].text)]
    out = tmp_path / "continued"
    result = train(replace(tiny_config, epochs=1), out, corpus_dir=tmp_path / "none", init_from=tiny_model,
                   extra_docs=grown, progress=False)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["previous"][0]["dev_scores"] == old_meta["dev_scores"]
    assert meta["previous"][0]["name"] == old_meta["name"]
    assert meta["history"][0]["epoch"] == 0  # the old model scored on the new dev split
    assert meta["init_from"] == str(tiny_model)
    tagger = load_tagger(out)
    assert tagger.vocab.coverage(new_text) == 1.0  # the vocabulary grew
    assert result.epochs_run == 1


@pytest.mark.parametrize("hidden", [16])
def test_train_from_local_base_model(tmp_path, tiny_config, tiny_docs, hidden):
    """--base-model: a checkpoint saved on disk (never downloaded) with its vocab.txt."""
    from transformers import BertConfig, BertModel

    chars = sorted({c for d in tiny_docs for c in d.text} - {"\n", "\t", " "})
    tokens = ["[PAD]", "[unused1]", "[unused2]", "[unused3]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars
    base = tmp_path / "base"
    config = BertConfig(vocab_size=len(tokens), hidden_size=hidden, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=128)
    BertModel(config).save_pretrained(str(base))
    (base / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    out = tmp_path / "from_base"
    result = train(tiny_config, out, corpus_dir=tmp_path / "none", base_model=base, extra_docs=tiny_docs,
                   progress=False)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["base_model"] == str(base)
    tagger = load_tagger(out)
    assert tagger.model.config.hidden_size == hidden
    doc = Document("a", "a", tiny_docs[0].text)
    assert tagger.tag(doc) == load_tagger(out).tag(doc)
    assert result.train_chars == sum(len(d.text) for d in tiny_docs if d.split == "train")


@pytest.mark.parametrize("files", [["vocab.txt"], ["config.json"]])
def test_train_base_model_incomplete(tmp_path, tiny_config, tiny_docs, files):
    base = tmp_path / "base"
    base.mkdir()
    for name in files:
        (base / name).write_text("{}", encoding="utf-8")
    with pytest.raises(TrainError, match="base model folder"):
        train(tiny_config, tmp_path / "out", corpus_dir=tmp_path / "none", base_model=base, extra_docs=tiny_docs,
              progress=False)


@pytest.mark.parametrize("excluded", [frozenset({"tiny_a", "tiny_b"})])
def test_train_no_training_documents(tmp_path, tiny_config, tiny_docs, excluded):
    with pytest.raises(TrainError, match="no training documents"):
        train(tiny_config, tmp_path / "out", corpus_dir=tmp_path / "none", extra_docs=tiny_docs,
              exclude_ids=excluded, progress=False)


@pytest.mark.parametrize("excluded", ["tiny_b"])
def test_train_reads_corpus_folder_and_excludes(tmp_path, tiny_config, tiny_docs, excluded):
    corpus = tmp_path / "corpus"
    for doc in tiny_docs:
        save_document(doc, corpus / "real" / f"{doc.id}.json")
    result = train(replace(tiny_config, kind="crf"), tmp_path / "out", corpus_dir=corpus,
                   exclude_ids=frozenset({excluded}), progress=False)
    assert result.metadata["documents"]["train"]["real"] == ["tiny_a"]
    assert result.metadata["excluded_ids"] == [excluded]
    assert len(result.metadata["corpus_fingerprint"]) == 16


@pytest.mark.parametrize("n", [2])
def test_train_with_synthetic_documents(tmp_path, tiny_config, tiny_docs, n):
    synth = pytest.importorskip("gik_nlp.synth")
    if not hasattr(synth, "generate"):
        pytest.skip("gik_nlp.synth.generate is not there yet")
    config = replace(tiny_config, kind="crf", data=replace(tiny_config.data, synthetic_docs=n))
    result = train(config, tmp_path / "out", corpus_dir=tmp_path / "none", extra_docs=tiny_docs, progress=False)
    documents = result.metadata["documents"]
    assert documents["train"]["synthetic"] + documents["dev"]["synthetic"] == n
    assert result.metadata["synthetic_fingerprint"]


@pytest.mark.parametrize("gold,predicted,expected", [
    ([(0, 2, "DATE")], [(0, 2, "DATE")], (1.0, 1.0)),
    ([(0, 2, "DATE")], [(0, 3, "DATE")], (0.0, 0.0)),
    ([(0, 2, "DATE"), (3, 4, "AGENCY")], [(3, 4, "AGENCY")], (1.0, 0.5)),
    ([], [(0, 1, "DOCNO")], (0.0, 0.0)),
])
def test_train_span_scores(gold, predicted, expected):
    scores = span_scores([[Span(s, e, label, "") for s, e, label in gold]],
                         [[Span(s, e, label, "") for s, e, label in predicted]])
    assert (scores["micro"]["precision"], scores["micro"]["recall"]) == expected


def test_the_release_fit_trains_on_dev_too(tmp_path):
    from gik_nlp.tagging.config import TrainConfig
    from gik_nlp.tagging.train import prepare_data

    docs = [AnnotatedDocument(id="t1", text="某县人民政府", split="train"),
            AnnotatedDocument(id="d1", text="某市人民政府", split="dev"),
            AnnotatedDocument(id="x1", text="某镇人民政府", split="test")]
    development = TrainConfig.from_dict({"data": {"synthetic_docs": 0}})
    release = TrainConfig.from_dict({"data": {"synthetic_docs": 0, "fit_dev": True}})
    split = prepare_data(development, tmp_path / "none", frozenset(), docs)
    fitted = prepare_data(release, tmp_path / "none", frozenset(), docs)
    assert [d.id for d in split.splits["train"]] == ["t1"] and [d.id for d in split.splits["dev"]] == ["d1"]
    assert sorted(d.id for d in fitted.splits["train"]) == ["d1", "t1"] and fitted.splits["dev"] == []
    assert [d.id for d in fitted.splits["test"]] == ["x1"]   # the test split never trains
    assert fitted.description["documents"]["train"]["real"] == ["d1", "t1"]


@pytest.mark.parametrize("change", [{"crf": {"script": "printed"}}, {"crf": {"c1": 0.1}}, {"seed": 14}])
def test_model_name_tells_settings_apart(tiny_config, change):
    """Two models fitted on one corpus with different settings never share a name; the same settings do."""
    import dataclasses

    from gik_nlp.tagging.train import model_name

    base = dataclasses.replace(tiny_config, kind="crf")
    data = base.to_dict()
    for key, value in change.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) else value
    other = type(base).from_dict(data)
    assert model_name(base, "f" * 16) == model_name(type(base).from_dict(base.to_dict()), "f" * 16)
    assert model_name(base, "f" * 16) != model_name(other, "f" * 16)
    assert model_name(base, "f" * 16).startswith(f"gik-{base.name}-")


def test_training_again_into_a_models_folder_replaces_the_earlier_model(tmp_path, tiny_config, tiny_docs):
    """A cross-fit fold retrained in place (its corpus changed): the earlier run's name classifier
    must not make the new model's dev scoring, or its loading, refuse the folder."""
    out = tmp_path / "fold"
    config = replace(tiny_config, kind="crf")
    train(config, out, corpus_dir=tmp_path / "none", extra_docs=tiny_docs, progress=False)
    again = train(config, out, corpus_dir=tmp_path / "none", extra_docs=tiny_docs[1:], progress=False)
    assert again.metadata["documents"]["train"]["real"] == ["tiny_b"]
    tagger = load_tagger(out)
    assert tagger.name == again.name and tagger.names is not None
