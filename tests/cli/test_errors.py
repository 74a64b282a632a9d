"""Every command reports bad input the way `gik extract` does (cli/conventions.py): one line on stderr,
``gik <command>: <file>: <reason>``, and the documented exit code (2: nothing was done; 1: an input failed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gik_nlp.cli import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def test_corpus_without_an_action_is_a_usage_error(capsys):
    assert _run(["corpus"], capsys) == (
        2, "gik corpus: name an action: check, stats, export, import, approve or build (see gik corpus --help)\n")


def test_corpus_import_without_the_tool_names_the_file(tmp_path, capsys):
    path = tmp_path / "export.json"
    path.write_text("[]", encoding="utf-8")
    assert _run(["corpus", "import", str(path)], capsys) == (
        2, f"gik corpus import: {path}: say which tool wrote it: --from doccano|label-studio\n")


def test_corpus_import_of_bad_json_names_the_file_and_line(tmp_path, capsys):
    path = tmp_path / "export.json"
    path.write_text("not json", encoding="utf-8")
    assert _run(["corpus", "import", str(path), "--from", "label-studio", "-o", str(tmp_path / "o")], capsys) == (
        2, f"gik corpus import: {path}: invalid JSON at line 1 (Expecting value)\n")


def test_corpus_build_with_a_malformed_split_file_names_the_file_and_line(tmp_path, capsys):
    split_file = tmp_path / "splits" / "openings.tsv"
    split_file.parent.mkdir()
    split_file.write_text("openings-a001\ttrain\nopenings-a002 test\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    argv = ["corpus", "build", str(tmp_path / "drafts"), str(tmp_path / "out"), "--split-file", str(split_file)]
    assert _run(argv, capsys) == (
        2, f"gik corpus build: {split_file}:2: expected 'id<TAB>train|dev|test', found 'openings-a002 test'\n")
    assert not (tmp_path / "out").exists()


def test_corpus_approve_names_an_unreadable_file_and_exits_1(tmp_path, capsys):
    path = tmp_path / "doc.json"
    path.write_text("[1, 2]", encoding="utf-8")
    assert _run(["corpus", "approve", str(path)], capsys) == (
        1, f"gik corpus approve: {path}: not a corpus document (one JSON object with notes)\n")


def test_train_without_an_output_is_a_usage_error(tmp_path, capsys):
    assert _run(["train", "--config", str(tmp_path / "c.yaml")], capsys) == (
        2, "gik train: -o/--output MODEL_DIR is required (see gik train --help)\n")


@pytest.mark.parametrize("command", ["train", "pretrain"])
def test_a_bad_config_is_a_usage_error_naming_the_file(command, tmp_path, capsys):
    config = tmp_path / "bad.yaml"
    config.write_text("- a\n- b\n", encoding="utf-8")
    assert _run([command, "--config", str(config), "-o", str(tmp_path / "m")], capsys) == (
        2, f"gik {command}: {config}: expected a mapping of keys, got list\n")
    assert not (tmp_path / "m").exists()


def test_pretrain_with_a_split_list_not_in_utf8_names_the_file(repo_root, tmp_path, capsys):
    split_list = tmp_path / "openings.tsv"
    split_list.write_bytes("openings-a001\ttrain\n".encode("utf-16"))
    config = tmp_path / "pretrain.yaml"
    config.write_text(f"sources: [{tmp_path / 'reports'}]\nexclude_split_file: {split_list}\n"
                      f"corpus_dir: {tmp_path / 'corpus'}\nsynthetic_docs: 0\n", encoding="utf-8")
    code, err = _run(["pretrain", "--config", str(config), "-o", str(tmp_path / "enc")], capsys)
    assert code == 1
    assert err.startswith(f"gik pretrain: {split_list}: cannot read ('utf-8' codec can't decode")
    assert err.count("\n") == 1


def test_preannotate_names_the_file_it_skips(tmp_path, capsys, monkeypatch):
    from gik_nlp.cli import preannotate as preannotate_cli

    class Tagger:
        name = "t"

        def tag(self, doc):
            return []

    monkeypatch.setattr(preannotate_cli, "_load_tagger", lambda model_dir: Tagger())
    bad = tmp_path / "b.xyz"
    bad.write_text("x", encoding="utf-8")
    code, err = _run(["preannotate", str(bad), "--to", "doccano", "-o", str(tmp_path / "t.jsonl"), "--no-progress"],
                     capsys)
    assert code == 1
    assert err.startswith(f"gik preannotate: {bad}: skipped: ") and err.count(str(bad)) == 1
    assert err.count("\n") == 1


def test_evaluate_unreadable_predictions_name_the_file(tmp_path, capsys):
    predictions = tmp_path / "out.jsonl"
    predictions.write_text("{not json\n", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    code, err = _run(["evaluate", "--predictions", str(predictions), "--gold", str(tmp_path / "gold")], capsys)
    assert code == 1
    assert err.startswith(f"gik evaluate: {predictions}: cannot read records (") and err.count("\n") == 1


def test_evaluate_missing_gold_file_names_it(tmp_path, capsys):
    predictions = tmp_path / "out.jsonl"
    predictions.write_text(json.dumps({"source": "a.txt"}) + "\n", encoding="utf-8")
    missing = tmp_path / "gone.json"
    code, err = _run(["evaluate", "--predictions", str(predictions), "--gold", str(missing), "--errors", "0"],
                     capsys)
    assert code == 1  # nothing could be scored
    assert err == "gik evaluate: nothing was scored: no gold documents found\n"

