"""Issue 14, "works anywhere": the wheel, installed into a fresh virtual environment outside the
checkout, runs `gik extract`, `gik evaluate` and the spaCy component with what it carries (the
default model, the schema, the configs) — nothing from the working directory or the checkout.

The wheel is built from a copy of the package (links resolved, as an sdist would hold them). The
fresh environment gets only the wheel (``pip install --no-deps``); its dependencies (torch, spaCy …)
come from the test's own environment through a ``.pth`` line, so nothing is downloaded.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPORT = ("某某县人民政府2017年政府信息公开工作年度报告\n\n二、依申请公开情况\n"
          "本年度共收到政府信息公开申请12件。依申请公开信息收取的费用300元。\n")


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{argv} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def venv(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("install")
    source = work / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(repo_root / name, source / name)
    shutil.copytree(repo_root / "gik_nlp", source / "gik_nlp", symlinks=False,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    wheels = work / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels)], check=True, capture_output=True, timeout=600)
    [wheel] = wheels.glob("gik_nlp-*.whl")
    env_dir = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, timeout=300)
    python = env_dir / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # no checkout on the path
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "-q", str(wheel)], check=True, capture_output=True, timeout=600, env=clean)
    # then the dependencies, not gik_nlp: a plain path line does not run the dev environment's
    # editable hook, and it comes after the venv's own site-packages on sys.path
    (purelib / "zz_dev_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env_dir


@pytest.fixture()
def outside(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A working directory far from the checkout, and an environment without its paths."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GIK_MODEL", "GIK_TEXTS")}
    env["HOME"] = str(tmp_path)
    return tmp_path, env


def test_installed_package_is_the_wheel_not_the_checkout(venv, outside, repo_root):
    cwd, env = outside
    done = _run([str(venv / "bin" / "python"), "-c", "import gik_nlp, gik_nlp.pipeline as p; "
                 "print(gik_nlp.__file__); print(p.default_model_dir())"], cwd, env)
    package, model = done.stdout.splitlines()
    assert str(repo_root) not in package and package.startswith(str(venv))
    assert model.startswith(str(venv)) and (Path(model) / "meta.json").is_file()


def test_installed_gik_extract_writes_records_and_codebook(venv, outside):
    cwd, env = outside
    (cwd / "report.txt").write_text(REPORT, encoding="utf-8")
    _run([str(venv / "bin" / "gik"), "extract", "report.txt", "-o", "out.csv", "--no-progress"], cwd, env)
    with (cwd / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["request.received"], row["fee.total"]) == ("12", "0.03")
    assert (cwd / "out.csv.codebook.csv").is_file()


def test_installed_gik_evaluate_model_data(venv, outside, repo_root):
    cwd, env = outside
    data = cwd / "gold.json"
    shutil.copy(repo_root / "corpus" / "real" / "001_7960c88a20672298.json", data)
    done = _run([str(venv / "bin" / "gik"), "evaluate", "default", "gold.json", "-o", "scores.json",
                 "--no-progress", "--errors", "0"], cwd, env)
    assert "were the model's train or dev data (001_7960c88a20672298)" in done.stderr
    scores = json.loads((cwd / "scores.json").read_text(encoding="utf-8"))
    assert scores["seen_in_training"] == {"documents": ["001_7960c88a20672298"]}
    assert "all fields" in done.stdout


def test_installed_spacy_component(venv, outside):
    cwd, env = outside
    script = ("import spacy, gik_nlp.service.spacy_component\n"
              "nlp = spacy.blank('zh')\n"
              "nlp.add_pipe('gik_tagger')\n"
              f"doc = nlp({REPORT!r})\n"
              "print(sorted({ent.label_ for ent in doc.ents}))\n")
    done = _run([str(venv / "bin" / "python"), "-c", script], cwd, env)
    assert "STAT_VALUE" in done.stdout and "STAT_NAME" in done.stdout
