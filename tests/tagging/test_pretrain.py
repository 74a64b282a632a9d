"""gik pretrain: a tiny encoder from unannotated files, fine-tuned with features, a CRF layer
and distilled documents; the split list keeps held-out texts out."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from gik_nlp.tagging.config import ConfigError, TrainConfig
from gik_nlp.tagging.pretrain import PretrainConfig, is_encoder, load_encoder, pretrain


@pytest.fixture(scope="module")
def unlabelled_dir(tmp_path_factory, tiny_docs):
    """A folder of 'unannotated reports' (the tiny documents' texts) and a split list holding one out."""
    root = tmp_path_factory.mktemp("unlabelled")
    reports = root / "reports"
    reports.mkdir()
    for doc in tiny_docs:
        (reports / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
    (reports / "README.md").write_text("not a report", encoding="utf-8")
    (root / "splits.tsv").write_text("# ids only\nreports-tiny_a\ttrain\nreports-tiny_c\ttest\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory, repo_root, unlabelled_dir):
    config = PretrainConfig.from_file(repo_root / "training" / "tiny_pretrain.yaml")
    config = replace(config, sources=(str(unlabelled_dir / "reports"),),
                     exclude_split_file=str(unlabelled_dir / "splits.tsv"), synthetic_docs=0,
                     corpus_dir=str(tmp_path_factory.mktemp("no_corpus")))
    out = tmp_path_factory.mktemp("encoder") / "enc"
    result = pretrain(config, out, progress=False)
    return out, result


def test_pretrain_writes_an_encoder_folder(tiny_encoder):
    out, result = tiny_encoder
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "meta.json", "model.safetensors", "vocab.json"]
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "encoder" and is_encoder(out)
    assert meta["steps"] == 6 and result.steps == 6
    assert [h["step"] for h in meta["history"]] == [2, 4, 6]
    assert meta["config"]["mask_rate"] == 0.15


def test_pretrain_reads_only_reports_outside_held_out_splits(tiny_encoder):
    out, _ = tiny_encoder
    texts = json.loads((out / "meta.json").read_text(encoding="utf-8"))["texts"]
    # tiny_c is 'test' in the split list; README.md is not a report file
    assert texts["unlabelled_ids"] == ["reports-tiny_a", "reports-tiny_b"]
    assert texts["left_out"] == ["reports-tiny_c (held-out split)"]


def test_load_encoder_refuses_a_tampered_folder(tiny_encoder, tmp_path):
    import shutil

    from gik_nlp.tagging.model import ModelError

    out, _ = tiny_encoder
    config, state, vocab, meta = load_encoder(out)
    assert config.vocab_size == len(vocab) and "embeddings.word_embeddings.weight" in state
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    (copy / "vocab.json").write_text((copy / "vocab.json").read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(ModelError, match="vocab.json"):
        load_encoder(copy)


@pytest.mark.parametrize("text, key", [("steps: 0\n", "steps"), ("stepz: 3\n", "stepz"),
                                       ("model: {crf_layer: true}\n", "crf_layer"),
                                       ("model: {attention_bias: alibl}\n", "attention_bias"),
                                       ("model: {hidden_size: 130}\n", "num_heads")])
def test_pretrain_config_rejects_bad_keys(tmp_path, text, key):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=key) as info:
        PretrainConfig.from_file(path)
    assert str(path) in str(info.value)


def test_fine_tune_from_encoder_with_features_crf_and_distillation(tmp_path, tiny_encoder, tiny_config,
                                                                   tiny_crf_model, tiny_docs, unlabelled_dir):
    from gik_nlp.tagging import load_tagger
    from gik_nlp.tagging.train import train
    from gik_nlp.types import Document

    enc, _ = tiny_encoder
    config = TrainConfig.from_dict({**tiny_config.to_dict(), "epochs": 1,
                                    "model": {**tiny_config.to_dict()["model"],
                                              "features": ["word", "char_class", "line_shape"], "crf_layer": True},
                                    "distill": {"teacher": str(tiny_crf_model),
                                                "sources": [str(unlabelled_dir / "reports")], "weight": 0.5}})
    (unlabelled_dir / "reports" / "extra.txt").write_text("某县人民政府\n2019年3月1日\n", encoding="utf-8")
    out = tmp_path / "ft"
    result = train(config, out, corpus_dir=tmp_path / "none", base_model=enc, extra_docs=tiny_docs, progress=False)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["base_model"] == str(enc)
    assert meta["architecture"]["features"] == ["word", "char_class", "line_shape"]
    assert meta["architecture"]["crf_layer"] is True
    # the annotated texts are never distilled: only the extra file is
    assert result.metadata["distilled"]["documents"] == 1
    tagger = load_tagger(out)
    spans = tagger.tag(Document("x", "x", tiny_docs[0].text))
    assert all(s.end > s.start for s in spans)


def test_cli_pretrain_bad_config_exits_2(tmp_path, capsys):
    from gik_nlp.cli import main

    path = tmp_path / "bad.yaml"
    path.write_text("window: 1000\n", encoding="utf-8")
    # a bad config is a usage error: nothing was done (README, command-line conventions)
    assert main(["pretrain", "--config", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "max_positions" in capsys.readouterr().err
