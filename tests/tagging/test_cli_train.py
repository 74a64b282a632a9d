"""`gik train`: parses, trains, writes the folder; a bad config is one clear message."""

from __future__ import annotations

import json

import pytest

from gik_nlp.cli import main
from gik_nlp.corpus.format import save_document


@pytest.mark.parametrize("config", ["training/tiny.yaml"])
def test_cli_train_writes_model(tmp_path, repo_root, tiny_docs, capsys, config):
    corpus = tmp_path / "corpus"
    for doc in tiny_docs:
        save_document(doc, corpus / "real" / f"{doc.id}.json")
    out = tmp_path / "model"
    code = main(["train", "--config", str(repo_root / config), "--out", str(out), "--corpus", str(corpus),
                 "--quiet"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["model"].startswith("gik-tiny-") and (out / "model.safetensors").is_file()


@pytest.mark.parametrize("content,message", [("lerning_rate: 1\n", "unknown key 'lerning_rate'")])
def test_cli_train_bad_config(tmp_path, capsys, content, message):
    config = tmp_path / "bad.yaml"
    config.write_text(content, encoding="utf-8")
    code = main(["train", "--config", str(config), "--out", str(tmp_path / "m")])
    assert code == 2  # a bad config is a usage error: nothing was done (README, command-line conventions)
    err = capsys.readouterr().err
    assert message in err and str(config) in err
