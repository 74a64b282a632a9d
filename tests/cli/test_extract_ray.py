"""`gik extract --ray` refusals that need no cluster: each is exit code 2 with a message that
says what to do, and nothing is written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gik_nlp.cli import main


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("某县人民政府2017年政府信息公开工作年度报告\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("args,message", [
    (["--ray", "reports/"], "--ray took 'reports/' as the cluster address; put --ray after the inputs"),
    (["--ray"], "--ray needs -o OUT (a folder of shards)"),
    (["--ray", "-o", "out", "--shard-size", "0"], "--shard-size and --workers must be at least 1"),
])
def test_extract_ray_usage_errors(tmp_path, capsys, monkeypatch, report, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["extract", str(report), *args]) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_extract_ray_without_ray_installed_says_what_to_install(tmp_path, capsys, monkeypatch, report) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    assert main(["extract", str(report), "-o", str(tmp_path / "out"), "--ray"]) == 2
    assert "--ray needs Ray: pip install 'gik_nlp[ray]'" in capsys.readouterr().err
    assert not (tmp_path / "out.errors.jsonl").exists()


def test_extract_ray_refuses_an_out_that_is_a_file(tmp_path, capsys, report) -> None:
    pytest.importorskip("ray", reason="the optional extra .[ray] is not installed")
    out = tmp_path / "out.jsonl"
    out.write_text("{}\n", encoding="utf-8")
    assert main(["extract", str(report), "-o", str(out), "--ray"]) == 2
    assert "out.jsonl: is a file; with --ray, OUT is a folder of shards" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "{}\n"
