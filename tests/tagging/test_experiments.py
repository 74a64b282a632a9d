"""scripts/transformer_experiments.py: compare (CRF vs transformer on a test split) and the ensemble sweep on dev."""

from __future__ import annotations

import importlib.util
import json

import pytest
import yaml

from gik_nlp.corpus.format import save_jsonl


@pytest.fixture(scope="module")
def experiments(repo_root):
    spec = importlib.util.spec_from_file_location("transformer_experiments",
                                                  repo_root / "scripts" / "transformer_experiments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_compare_writes_one_table_on_the_test_split(tmp_path, repo_root, experiments, tiny_docs):
    from dataclasses import replace

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    docs = [tiny_docs[0], tiny_docs[1], replace(tiny_docs[2], split="test")]
    save_jsonl(docs, corpus / "docs.jsonl")
    tiny = yaml.safe_load((repo_root / "training" / "tiny.yaml").read_text(encoding="utf-8"))
    crf = dict(tiny, kind="crf", name="tiny-crf")
    transformer = dict(tiny, epochs=1, model=dict(tiny["model"], features=["char_class"], crf_layer=True))
    for name, data in (("crf.yaml", crf), ("tf.yaml", transformer)):
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    pre = yaml.safe_load((repo_root / "training" / "tiny_pretrain.yaml").read_text(encoding="utf-8"))
    (tmp_path / "pre.yaml").write_text(yaml.safe_dump(dict(pre, corpus_dir=str(corpus), synthetic_docs=0)),
                                       encoding="utf-8")
    out = tmp_path / "cmp"
    code = experiments.main(["compare", "--corpus", str(corpus), "--crf-config", str(tmp_path / "crf.yaml"),
                             "--transformer-config", str(tmp_path / "tf.yaml"),
                             "--pretrain-config", str(tmp_path / "pre.yaml"),
                             "--work-dir", str(tmp_path / "work"), "--out", str(out)])
    assert code == 0
    table = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert table["split"] == "test" and table["documents"] == 1
    assert table["crf"]["span_micro"]["support"] == len(tiny_docs[2].spans)
    assert table["transformer"]["span_micro"]["support"] == len(tiny_docs[2].spans)
    assert set(table["crf"]) >= {"record_macro_f1", "record_micro_f1", "model"}
    markdown = out.with_suffix(".md").read_text(encoding="utf-8")
    assert markdown.count("\n| ") == 3  # header, CRF, transformer
    assert (tmp_path / "work" / "encoder" / "meta.json").is_file()


def test_compare_without_a_test_split_says_so(tmp_path, experiments, tiny_docs, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    save_jsonl(tiny_docs[:2], corpus / "docs.jsonl")
    assert experiments.main(["compare", "--corpus", str(corpus), "--out", str(tmp_path / "x")]) == 1
    assert "no documents in split 'test'" in capsys.readouterr().err


def test_ensemble_sweep_on_dev_writes_the_folder_and_refuses_test(tmp_path, experiments, tiny_docs,
                                                                  tiny_crf_model, tiny_model):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    save_jsonl(tiny_docs, corpus / "docs.jsonl")  # tiny_c is the dev document
    sweep, out = tmp_path / "sweep", tmp_path / "ensemble"
    assert experiments.main(["ensemble", "--corpus", str(corpus), "--crf", str(tiny_crf_model),
                             "--transformer", f"{tiny_model}@int8", "--weights", "0", "1",
                             "--decode", "viterbi", "--mix", "log", "--sweep-out", str(sweep), "-o", str(out)]) == 0
    result = json.loads(sweep.with_suffix(".json").read_text(encoding="utf-8"))
    assert result["split"] == "dev" and result["documents"] == 1
    assert [(r["mix"], r["decode"], r["weight"]) for r in result["sweep"]] == [("log", "viterbi", 0.0),
                                                                             ("log", "viterbi", 1.0)]
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "ensemble" and meta["transformer_options"] == {"quantize": "int8"}
    assert meta["weight"] == result["chosen"]["weight"] and meta["chosen_on"]["split"] == "dev"
    with pytest.raises(SystemExit) as info:  # the weight is never chosen on test
        experiments.main(["ensemble", "--split", "test", "--transformer", str(tiny_model), "-o", str(tmp_path / "x")])
    assert info.value.code == 2
