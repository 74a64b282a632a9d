"""Issue 14: the command-line conventions of cli/conventions.py, one test each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gik_nlp.cli import main

REPORT = "某某县人民政府2017年政府信息公开工作年度报告\n\n本年度共收到政府信息公开申请12件。\n"


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.fixture()
def model(repo_root: Path) -> str:
    return str(repo_root / "models" / "default")


def test_dash_is_stdout_not_a_file_named_dash(report, model, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    other = tmp_path / "b.txt"
    other.write_text(REPORT, encoding="utf-8")
    assert main(["extract", str(report), str(other), "-o", "-", "--model", model]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["statistics"]["request.received"]["value"] for line in lines] == [12, 12]
    assert not (tmp_path / "-").exists()


def test_output_is_spelled_the_same_everywhere(report, model, tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(report), "--output", str(out), "--model", model, "--no-progress"]) == 0
    assert out.exists()
    codebook = tmp_path / "codebook.json"
    assert main(["schema", "--output", str(codebook)]) == 0
    assert json.loads(codebook.read_text(encoding="utf-8"))["columns"][:3] == ["column", "field_id", "zh"]


def test_an_unknown_output_extension_is_an_error_and_writes_nothing(report, model, tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["extract", str(report), "-o", str(out), "--model", model]) == 2
    assert capsys.readouterr().err == (f"gik extract: {out}: unknown output extension '.xlsx'; "
                                       "use one of .jsonl .csv .parquet\n")
    assert not out.exists()


@pytest.mark.parametrize("argv,expected", [
    (["serve", "--port", "99999"], "gik serve: argument --port: 99999 is not a port number (1-65535) "
                                   "(see gik serve --help)\n"),
    (["schema", "-o", "codebook.xlsx"], "gik schema: codebook.xlsx: unknown output extension '.xlsx'; "
                                        "use one of .csv .json\n"),
])
def test_every_error_is_one_line_naming_the_command_and_exit_code_2(argv, expected, capsys):
    with pytest.raises(SystemExit) as stop:
        code = main(argv)
        raise SystemExit(code)
    assert stop.value.code == 2
    assert capsys.readouterr().err == expected


def test_a_missing_model_is_one_line_exit_2(report, tmp_path, capsys):
    missing = tmp_path / "no-model"
    assert main(["extract", str(report), "--model", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"gik extract: {missing}: no model here") and err.count("\n") == 1


def test_a_missing_input_is_one_line_exit_1(tmp_path, model, capsys):
    missing = tmp_path / "nothere.txt"
    assert main(["extract", str(missing), "--model", model]) == 1
    assert capsys.readouterr().err == f"gik extract: {missing}: No such file or directory\n"


def test_the_codebook_lists_every_field_with_its_unit(capsys):
    assert main(["schema"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "column,field_id,zh,unit,type,formats,family,description"
    assert any(line.startswith("fee.total,fee.total,依申请公开信息收取的费用,万元,float64,pre2019,fee,") for line in lines)


def test_maintainer_flags_are_out_of_user_help(capsys):
    with pytest.raises(SystemExit):
        main(["evaluate", "--help"])
    text = capsys.readouterr().out
    assert "-o OUT, --output OUT" in text
    for flag in ("--readme", "--results-md", "--crossval-results", "--curve-results", "--bench-results", "--out "):
        assert flag not in text


@pytest.mark.parametrize("command", ["extract", "train", "synth", "evaluate", "schema", "preannotate"])
def test_every_command_spells_its_output_dash_o_dash_dash_output(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "-o OUT, --output OUT" in capsys.readouterr().out.replace("OUTPUT", "OUT")


@pytest.mark.slow
def test_train_says_what_it_fits_before_fitting_and_shows_the_fit(repo_root, tmp_path, capsys):
    config = tmp_path / "tiny_crf.yaml"
    config.write_text((repo_root / "training" / "crf.yaml").read_text(encoding="utf-8")
                      .replace("synthetic_docs: 300", "synthetic_docs: 3")
                      .replace("max_iterations: 150", "max_iterations: 3"), encoding="utf-8")
    empty = tmp_path / "corpus"
    empty.mkdir()
    assert main(["train", "--config", str(config), "-o", str(tmp_path / "m"), "--corpus", str(empty)]) == 0
    captured = capsys.readouterr()
    err = captured.err
    assert "gik train: config: crf (kind crf, seed 13)\n" in err
    assert f"gik train: train: 2 documents (0 annotated from {empty}, 2 synthetic)" in err
    assert err.index("gik train: config:") < err.index("CRF fit")
    assert json.loads(captured.out)["model"].startswith("gik-crf-")


def test_preannotate_shows_progress(report, model, tmp_path, capsys):
    assert main(["preannotate", str(report), "--to", "label-studio", "-o", str(tmp_path / "tasks.json"),
                 "--model", model]) == 0
    assert "read and tag" in capsys.readouterr().err


@pytest.mark.parametrize("raised,expected", [
    (KeyboardInterrupt(), (130, "gik schema: interrupted\n")),
    (FileNotFoundError(2, "No such file or directory", "x.yaml"), (2, "gik schema: x.yaml: No such file or directory\n")),
    (ValueError("bad value\nsecond line"), (2, "gik schema: bad value\n")),
])
def test_an_interrupt_or_an_uncaught_bad_input_is_one_line(raised, expected, monkeypatch, capsys):
    import gik_nlp.cli.schema

    def run(args):
        raise raised

    monkeypatch.setattr(gik_nlp.cli.schema, "run", run)
    monkeypatch.delenv("GIK_DEBUG", raising=False)
    assert (main(["schema"]), capsys.readouterr().err) == expected
