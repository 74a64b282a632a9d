"""Model folders: safetensors + JSON, reload gives identical predictions, mismatches refused."""

from __future__ import annotations

import json
import shutil

import pytest

from gik_nlp.schema import LABELS
from gik_nlp.tagging import load_tagger
from gik_nlp.tagging.infer import Tagger
from gik_nlp.tagging.model import ModelError, load_model
from gik_nlp.types import Document

PICKLE_MAGIC = (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05")


def _documents(docs) -> list[Document]:
    return [Document(d.id, d.source, d.text) for d in docs]


@pytest.mark.parametrize("expected", [{"model.safetensors", "config.json", "vocab.json", "labels.json", "meta.json"}])
def test_model_folder_files(tiny_model, expected):
    names = {p.name for p in tiny_model.iterdir()}
    assert expected <= names
    for path in tiny_model.iterdir():
        assert path.suffix in (".json", ".safetensors"), path.name
        assert not path.read_bytes().startswith(PICKLE_MAGIC), path.name


@pytest.mark.parametrize("key", ["config", "corpus_fingerprint", "dev_scores", "versions", "name", "history"])
def test_model_metadata_records(tiny_model, tiny_config, key):
    meta = json.loads((tiny_model / "meta.json").read_text(encoding="utf-8"))
    assert key in meta
    assert meta["config"] == tiny_config.to_dict()
    assert meta["name"].startswith("gik-tiny-0.1.0+")


@pytest.mark.parametrize("loader", [Tagger, load_tagger])
def test_model_reload_identical_predictions(tiny_model, tiny_docs, loader):
    docs = _documents(tiny_docs)
    first = loader(tiny_model).tag_many(docs)
    second = loader(tiny_model).tag_many(docs)
    assert first == second
    assert any(first)  # the tiny model tags something, so the comparison means something


@pytest.mark.parametrize("labels", [["AGENCY", "DATE"], list(reversed(LABELS))])
def test_model_labels_mismatch_names_both_sets(tmp_path, tiny_model, labels):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    (folder / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(folder)
    assert str(labels) in str(info.value) and str(list(LABELS)) in str(info.value)


@pytest.mark.parametrize("name", ["vocab.json", "config.json", "model.safetensors"])
def test_model_files_must_belong_together(tmp_path, tiny_model, name):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    path = folder / name
    path.write_bytes(path.read_bytes() + (b"\n" if name.endswith(".json") else b"\0"))
    with pytest.raises(ModelError, match=name):
        load_model(folder)


@pytest.mark.parametrize("name", ["meta.json", "vocab.json"])
def test_model_missing_file_named(tmp_path, tiny_model, name):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    (folder / name).unlink()
    with pytest.raises(ModelError, match=name):
        load_tagger(folder)


@pytest.mark.parametrize("kind", ["lstm"])
def test_model_unknown_kind(tmp_path, tiny_model, kind):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    (folder / "meta.json").write_text(json.dumps(dict(meta, kind=kind)), encoding="utf-8")
    with pytest.raises(ModelError, match=kind):
        load_tagger(folder)


@pytest.mark.parametrize("name", ["tiny"])
def test_model_hf_interop(tiny_model, name):
    """The folder also opens with plain transformers (config.json + safetensors + tokenizer)."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    model = AutoModelForTokenClassification.from_pretrained(str(tiny_model), local_files_only=True)
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_model), local_files_only=True)
    assert model.config.id2label[1] == "B-AGENCY"
    assert len(tokenizer("易门\n县", add_special_tokens=False)["input_ids"]) == 4


def test_alibi_bias_of_full_windows_is_the_same_when_tagging():
    # tagging (no gradients) returns a view of the cached bias for a batch without padding; the
    # scores must be those training computes: -slope·|i-j|, slopes 2^-4 and 2^-8 for 2 heads (2^(-8/heads·(h+1)))
    import torch
    from types import SimpleNamespace

    from gik_nlp.tagging.model import attention_mask_for

    model = SimpleNamespace(config=SimpleNamespace(gik_attention_bias="alibi", num_attention_heads=2))
    mask = torch.ones(3, 4, dtype=torch.long)
    with torch.enable_grad():
        trained = attention_mask_for(model, mask)
    with torch.inference_mode():
        tagged = attention_mask_for(model, mask)
    assert tagged.shape == trained.shape == (3, 2, 4, 4)
    assert torch.equal(tagged, trained)
    assert tagged[1, 0, 0].tolist() == [0.0, -0.0625, -0.125, -0.1875]
    assert tagged[2, 1, 3].tolist() == [-3 / 256, -2 / 256, -1 / 256, 0.0]
