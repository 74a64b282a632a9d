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


class _HandTagger:
    """Marks hand-listed spans of TEXT: the agency right (0-6), a date at the wrong place (6-11, 2019年;
    the gold DATE is 29-39, 2020年1月10日)."""

    name = "hand-tagger"
    metadata: dict = {}

    def tag(self, doc):
        from gik_nlp.types import Span

        assert doc.text == TEXT  # the by-reference text was read from --texts
        return [Span(0, 6, "AGENCY", "某镇人民政府"), Span(6, 11, "DATE", "2019年")]


def test_evaluate_scores_text_present(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gik_nlp.cli import evaluate as evaluate_cli

    monkeypatch.setattr(evaluate_cli, "_load", lambda model_dir: (_HandTagger(), {}))
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text(TEXT, encoding="utf-8")
    assert _evaluate(tmp_path / "any-model", corpus, texts, tmp_path / "s.json") == 0
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    (scores,) = data["sets"]
    assert (scores["name"], scores["documents"], scores["skipped"]) == ("real test split", 1, [])
    assert list(scores["by_year_band"]) == ["2019-2020"]
    spans = scores["spans"]
    # AGENCY: 1 right; DATE: the predicted one is wrong (fp) and the gold one missed (fn)
    assert {k: (v["tp"], v["fp"], v["fn"]) for k, v in spans["per_key"].items() if k in ("AGENCY", "DATE")} == {
        "AGENCY": (1, 0, 0), "DATE": (0, 1, 1)}
    assert (spans["micro"]["tp"], spans["micro"]["fp"], spans["micro"]["fn"]) == (1, 1, 1)
    assert (spans["micro"]["precision"], spans["micro"]["recall"], spans["micro"]["f1"]) == (0.5, 0.5, 0.5)
    # the record: agency from the span, the year from the title, published from 发布日期 — all three right
    fields = scores["records"]["fields"]["per_key"]
    assert {k: (fields[k]["tp"], fields[k]["fp"], fields[k]["fn"]) for k in ("agency", "year", "published")} == {
        "agency": (1, 0, 0), "year": (1, 0, 0), "published": (1, 0, 0)}
    assert scores["errors"] == []


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


def test_evaluate_predictions_read_gold_texts_from_texts(corpus: Path, tmp_path: Path) -> None:
    # records made elsewhere, scored against a by-reference gold document whose text is under --texts
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text(TEXT, encoding="utf-8")
    record = {"source": "r1.txt", "text_sha256": _sha(TEXT), "agency": "某镇人民政府", "year": 2019,
              "published": "2020-01-01", "spans": [{"start": 0, "end": 6, "label": "AGENCY"}]}
    predictions = tmp_path / "out.jsonl"
    predictions.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "s.json"
    assert main(["evaluate", "--predictions", str(predictions), "--gold", str(corpus), "--texts", f"fx={texts}",
                 "--errors", "0", "-o", str(out)]) == 0
    (scores,) = json.loads(out.read_text(encoding="utf-8"))["sets"]
    assert (scores["documents"], scores["skipped"], scores["unmatched"]) == (1, [], [])
    fields = scores["records"]["fields"]["per_key"]
    # published is wrong (2020-01-01 for 2020-01-10): one fp and one fn; agency and year right
    assert {k: (fields[k]["tp"], fields[k]["fp"], fields[k]["fn"]) for k in ("agency", "year", "published")} == {
        "agency": (1, 0, 0), "year": (1, 0, 0), "published": (0, 1, 1)}
    assert (scores["spans"]["micro"]["tp"], scores["spans"]["micro"]["fn"]) == (1, 1)  # the DATE span missed
