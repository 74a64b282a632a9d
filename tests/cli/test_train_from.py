"""`gik train --from`: the new model replaces --out only when it is no worse on the dev split
than the model it continues, unless --force (docs/retraining.md, step 4).

Tiny CRFs on hand-written reports. The dev report repeats a training report's text under
another id, so a model trained on the real spans tags it well (dev F1 1.0 here), and one
trained on the same texts with their spans deleted tags nothing (dev F1 0.0): a regression
that cannot be noise.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from gik_nlp.cli import main
from gik_nlp.corpus.format import AnnotatedDocument, save_document
from gik_nlp.types import Span

PIECES = (("易门县人民政府办公室", "AGENCY"), ("\n本报告统计期限自", None), ("2017年1月1日", "DATE"), ("至", None),
          ("12月31日", "DATE"), ("止。\n", None), ("受理依申请公开", "STAT_NAME"), ("12件", "STAT_VALUE"),
          ("。\n", None), ("2018年1月25日", "DATE"), ("\n", None))
TEXT = "".join(piece for piece, _ in PIECES)


def _doc(doc_id: str, split: str, spans: bool = True) -> AnnotatedDocument:
    kept, at = [], 0
    for piece, label in PIECES:
        if label and spans:
            kept.append(Span(at, at + len(piece), label, piece))
        at += len(piece)
    return AnnotatedDocument(id=doc_id, text=TEXT, spans=tuple(kept), origin="real", split=split,
                             source=f"{doc_id}.txt", format="pre2019")


def _corpus(root: Path, train_spans: bool) -> Path:
    for doc in (_doc("train_a", "train", train_spans), _doc("train_b", "train", train_spans), _doc("dev_a", "dev")):
        save_document(doc, root / "real" / f"{doc.id}.json")
    return root


def _config(repo_root: Path, path: Path) -> Path:
    config = yaml.safe_load((repo_root / "training" / "tiny.yaml").read_text(encoding="utf-8"))
    config.update(kind="crf", name="tiny-crf")
    config["crf"]["max_iterations"] = 50
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _digest(folder: Path) -> str:
    return hashlib.sha256((folder / "model.crfsuite").read_bytes()).hexdigest()


@pytest.fixture()
def current(tmp_path, repo_root):
    """(config, the current model's folder) trained on the well-annotated corpus."""
    config = _config(repo_root, tmp_path / "tiny_crf.yaml")
    model = tmp_path / "models" / "default"
    assert main(["train", "--config", str(config), "--out", str(model), "--quiet",
                 "--corpus", str(_corpus(tmp_path / "good", True))]) == 0
    assert json.loads((model / "meta.json").read_text(encoding="utf-8"))["dev_scores"]["micro"]["f1"] == 1.0
    return config, model


def test_from_refuses_a_worse_model(tmp_path, current, capsys):
    config, model = current
    before = _digest(model)
    bad = _corpus(tmp_path / "bad", False)
    capsys.readouterr()
    assert main(["train", "--config", str(config), "--from", str(model), "--out", str(model), "--quiet",
                 "--corpus", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "scores worse on the dev split" in err and "0.0000 < 1.0000" in err and "--force" in err
    assert _digest(model) == before
    candidate = model.with_name("default.candidate")
    meta = json.loads((candidate / "meta.json").read_text(encoding="utf-8"))
    assert [h["dev_f1"] for h in meta["history"]] == [1.0, 0.0]
    assert meta["init_from"] == str(model)


def test_from_force_writes_the_worse_model(tmp_path, current):
    config, model = current
    before = _digest(model)
    assert main(["train", "--config", str(config), "--from", str(model), "--out", str(model), "--quiet", "--force",
                 "--corpus", str(_corpus(tmp_path / "bad", False))]) == 0
    assert _digest(model) != before
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert meta["dev_scores"]["micro"]["f1"] == 0.0
    assert not model.with_name("default.candidate").exists() and not model.with_name("default.replaced").exists()


def test_from_writes_a_model_no_worse(tmp_path, current, capsys):
    config, model = current
    out = tmp_path / "models" / "candidate"
    capsys.readouterr()
    assert main(["train", "--config", str(config), "--from", str(model), "--out", str(out), "--quiet",
                 "--corpus", str(_corpus(tmp_path / "good", True))]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["previous_dev_micro_f1"], summary["dev_micro_f1"]) == (1.0, 1.0)
    # crfsuite has no warm start: --from refits from zero, so the same corpus gives the same weights
    assert _digest(out) == _digest(model)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["previous"][0]["name"] == json.loads((model / "meta.json").read_text(encoding="utf-8"))["name"]


def test_from_without_dev_split_writes_and_says_so(tmp_path, current, capsys):
    config, model = current
    corpus = tmp_path / "nodev"
    save_document(_doc("train_a", "train"), corpus / "real" / "train_a.json")
    out = tmp_path / "models" / "nodev"
    capsys.readouterr()
    assert main(["train", "--config", str(config), "--from", str(model), "--out", str(out), "--quiet",
                 "--corpus", str(corpus)]) == 0
    assert "no dev split to compare" in capsys.readouterr().err
    assert (out / "model.crfsuite").is_file()


def test_from_a_fit_on_train_and_dev_compares_nothing_and_says_so(tmp_path, repo_root, capsys):
    # a release fit (data.fit_dev) trained on the dev report: its dev score would be in-sample
    release = yaml.safe_load(_config(repo_root, tmp_path / "base.yaml").read_text(encoding="utf-8"))
    release["data"]["fit_dev"] = True
    release_config = tmp_path / "release.yaml"
    release_config.write_text(yaml.safe_dump(release, allow_unicode=True), encoding="utf-8")
    corpus = _corpus(tmp_path / "good", True)
    model = tmp_path / "models" / "release"
    assert main(["train", "--config", str(release_config), "--out", str(model), "--quiet", "--corpus", str(corpus)]) == 0
    out = tmp_path / "models" / "next"
    capsys.readouterr()
    assert main(["train", "--config", str(tmp_path / "base.yaml"), "--from", str(model), "--out", str(out), "--quiet",
                 "--corpus", str(corpus)]) == 0
    captured = capsys.readouterr()
    assert "trained on 1 of the dev split's documents" in captured.err and "no yardstick" in captured.err
    assert json.loads(captured.out)["previous_dev_micro_f1"] is None
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["history"][0] == {"epoch": 0, "dev_f1": None, "note": "before training", "seen_dev": 1}
