"""Tests of `gik synth` (gik_nlp/cli/synth.py): documents written in the corpus format."""

from __future__ import annotations

from pathlib import Path

import pytest

from gik_nlp.cli import main
from gik_nlp.corpus.format import load_corpus
from gik_nlp.corpus.validate import check_corpus


@pytest.mark.parametrize("n,shard,files", [(4, 0, ["synth-3.jsonl"]), (5, 2, ["synth-3-000.jsonl", "synth-3-001.jsonl",
                                                                            "synth-3-002.jsonl"])])
def test_cli_synth_writes_checked_corpus(tmp_path: Path, n: int, shard: int, files: list[str]) -> None:
    config = tmp_path / "synth.yaml"
    config.write_text("files: {text: 1, html: 0, docx: 0, pdf: 0}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["synth", "--n", str(n), "--seed", "3", "--out", str(out), "--config", str(config),
                 "--shard", str(shard)]) == 0
    assert sorted(p.name for p in out.iterdir()) == files
    docs, problems = check_corpus(out)
    assert len(docs) == n and problems == []
    assert [d.id for d in load_corpus(out)] == [f"synth-3-{i:05d}" for i in range(n)]


@pytest.mark.parametrize("text", ["noise: {spam: 1}\n"])
def test_cli_synth_rejects_bad_config(tmp_path: Path, text: str, capsys: pytest.CaptureFixture) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(text, encoding="utf-8")
    assert main(["synth", "--n", "1", "--out", str(tmp_path), "--config", str(config)]) == 2
    assert "unknown key 'spam'" in capsys.readouterr().err
