"""`gik evaluate` and `gik train` on a corpus whose texts are kept by reference (tmp root, hand-written fixture)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from gik_nlp.cli import main

TEXT = "某镇人民政府2019年政府信息公开工作年度报告\n发布日期：2020年1月10日\n本年度主动公开政府信息12条。"


def _sha(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    document = {
        "id": "fx-r1", "source": "fx/r1.txt", "origin": "real", "format": "2019", "split": "test",
        "text_ref": {"root": "fx", "file": "r1.txt", "sha256": _sha(TEXT)}, "text_sha256": _sha(TEXT),
        "notes": [], "record": {"agency": "某镇人民政府", "year": 2019, "published": "2020-01-10"},
        "spans": [{"start": 0, "end": 6, "label": "AGENCY"}, {"start": 29, "end": 39, "label": "DATE"}]}
    folder = tmp_path / "corpus" / "openings"
    folder.mkdir(parents=True)
    (folder / "fx-r1.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return tmp_path / "corpus"


def _evaluate(model: Path, corpus: Path, texts: Path, out: Path) -> int:
    return main(["evaluate", "--model", str(model), "--corpus", str(corpus), "--gold-records", "",
                 "--texts", f"fx={texts}", "--no-progress", "--errors", "0", "-o", str(out)])


def test_evaluate_scores_text_present(tiny_crf_model: Path, corpus: Path, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text(TEXT, encoding="utf-8")
    assert _evaluate(tiny_crf_model, corpus, texts, tmp_path / "s.json") == 0
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert (data["sets"][0]["name"], data["sets"][0]["documents"], data["sets"][0]["skipped"]) == (
        "real test split", 1, [])
    assert list(data["sets"][0]["by_year_band"]) == ["2019-2020"]
    assert "errors" in data["sets"][0] and all(not e.get("gold_evidence") for e in data["sets"][0]["errors"])


def test_evaluate_skips_missing_text_and_says_so(tiny_crf_model: Path, corpus: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert _evaluate(tiny_crf_model, corpus, tmp_path / "absent", tmp_path / "s.json") == 1  # nothing scored
    captured = capsys.readouterr()
    assert "scoring 0 documents" in captured.err
    assert "skipped 1 whose text is missing" in captured.err
    assert f"skipped 1 document(s) whose text is missing (looked in {tmp_path / 'absent'}" in captured.out


def test_evaluate_refuses_altered_text(tiny_crf_model: Path, corpus: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text(TEXT.replace("12条", "21条"), encoding="utf-8")
    assert _evaluate(tiny_crf_model, corpus, texts, tmp_path / "s.json") == 1
    assert f"{texts / 'r1.txt'} has changed since it was annotated" in capsys.readouterr().err


def test_train_reports_skipped_text(tmp_path: Path, corpus: Path, repo_root: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    # the only corpus document's text is missing and tiny.yaml adds no synthetic reports: nothing to train on,
    # and the refusal says which document was skipped and where its text was looked for
    code = main(["train", "--config", str(repo_root / "training" / "tiny.yaml"), "--out", str(tmp_path / "m"),
                 "--corpus", str(corpus), "--texts", f"fx={tmp_path / 'absent'}", "--quiet"])
    captured = capsys.readouterr()
    assert code == 1
    assert f"skipped 1 document whose text is missing (looked in {tmp_path / 'absent'}" in captured.err
