"""`gik evaluate` end to end: records made elsewhere, a model, two models, the README section."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from gik_nlp.cli import main
from gik_nlp.corpus.format import AnnotatedDocument, load_corpus, save_document
from gik_nlp.evaluate.report import README_END, README_START
from gik_nlp.types import ReportRecord, Span

TEXT = "某县人民政府2018年1月5日发布。收到申请数12件。"
DOC = AnnotatedDocument(
    id="a", text=TEXT, source="a.txt", format="pre2019", split="test",
    spans=(Span(0, 6, "AGENCY", "某县人民政府"), Span(6, 15, "DATE", "2018年1月5日")),
    record={"agency": "某县人民政府", "published": "2018-01-05", "statistics": {"request.received": {"value": 12}}})


@pytest.fixture()
def gold_dir(tmp_path: Path) -> Path:
    save_document(DOC, tmp_path / "gold" / "a.json")
    return tmp_path / "gold"


def _predictions(tmp_path: Path, agency: str) -> Path:
    record = ReportRecord(source="somewhere/a.txt", agency=agency, published="2018-01-05",
                          spans=DOC.spans[:1], text_sha256=DOC.text_sha256).to_dict()
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("agency,agency_f1", [("某县人民政府", 1.0), ("某县", 0.0)])
def test_cli_evaluate_predictions_against_gold(tmp_path: Path, gold_dir: Path, capsys: pytest.CaptureFixture,
                                               agency: str, agency_f1: float) -> None:
    out = tmp_path / "scores.json"
    readme = tmp_path / "README.md"
    readme.write_text(f"# r\n{README_START}\n{README_END}\n", encoding="utf-8")
    code = main(["evaluate", "--predictions", str(_predictions(tmp_path, agency)), "--gold", str(gold_dir),
                 "-o", str(out), "--readme", str(readme), "--crossval-results", str(tmp_path / "none.json")])
    assert code == 0
    printed = capsys.readouterr().out
    assert "span label (strict)" in printed and "record field" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    (scores,) = data["sets"]
    assert scores["spans"]["per_key"]["AGENCY"]["f1"] == 1.0
    assert scores["spans"]["per_key"]["DATE"]["fn"] == 1
    assert scores["records"]["fields"]["per_key"]["agency"]["f1"] == agency_f1
    assert scores["records"]["statistics"]["per_key"]["request.received"]["fn"] == 1
    # its one document is in the test split: a run that writes the README prints its errors, files none
    assert "errors" not in scores and "request.received" in printed.split("Errors (")[1]
    assert "| span AGENCY |" in readme.read_text(encoding="utf-8")


@pytest.mark.parametrize("argv,message", [
    (["--predictions", "x.jsonl"], "--predictions needs --gold"),
    (["--gold", "corpus"], "--gold goes with --predictions"),
    (["--compare", "a", "b", "--cross-validate"], "give one of"),
    (["--docs", "corpus", "--split", "dev"], "give --split or --docs"),
    (["--cross-validate", "--noise", "stray_mark", "--config", "training/cv_crf.yaml"],
     "--noise with --cross-validate needs --folds"),
    (["--predictions", "x.jsonl", "--gold", "corpus", "--noise", "one_line"], "not with --predictions"),
    (["--learning-curve", "--noise", "one_line"], "not with --predictions or --learning-curve"),
])
def test_cli_evaluate_usage_errors(capsys: pytest.CaptureFixture, argv: list[str], message: str) -> None:
    assert main(["evaluate", *argv]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("model", ["no-such-model"])
def test_cli_evaluate_names_a_missing_model(tmp_path: Path, capsys: pytest.CaptureFixture, model: str) -> None:
    assert main(["evaluate", "--model", str(tmp_path / model)]) == 2
    assert model in capsys.readouterr().err


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, repo_root: Path, corpus_dir: Path) -> Path:
    """A tiny model trained once on one shortened seed report (seconds)."""
    from gik_nlp.tagging.config import TrainConfig
    from gik_nlp.tagging.train import train

    root = tmp_path_factory.mktemp("model")
    doc = load_corpus(corpus_dir / "real")[0]
    save_document(dataclasses.replace(doc, text=doc.text[:800], spans=tuple(s for s in doc.spans if s.end <= 800)),
                  root / "corpus" / "real" / "doc.json")
    config = dataclasses.replace(TrainConfig.from_file(repo_root / "training" / "tiny.yaml"), epochs=1)
    train(config, root / "model", corpus_dir=root / "corpus", progress=False)
    return root / "model"


@pytest.mark.slow
@pytest.mark.parametrize("extra", [[], ["--synthetic", "2", "--all-fields", "--markdown"]])
def test_cli_evaluate_model_on_docs(tiny_model: Path, gold_dir: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture, extra: list[str]) -> None:
    out = tmp_path / "scores.json"
    results = tmp_path / "results.md"
    argv = ["evaluate", "--model", str(tiny_model), "--corpus", str(gold_dir), "--gold-records", "",
            "-o", str(out), "--results-md", str(results), "--no-progress", *extra]
    assert main(argv) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    names = [s["name"] for s in data["sets"]]
    assert names[0] == "real test split" and data["sets"][0]["documents"] == 1
    assert data["model"].startswith("gik-tiny-")
    if extra:
        assert names[1].startswith("synthetic (seed 4242") and data["sets"][1]["documents"] == 2
    assert "# Results" in results.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["7"])
def test_cli_evaluate_refuses_training_seed(tiny_model: Path, capsys: pytest.CaptureFixture, seed: str) -> None:
    # tiny.yaml's synthetic_seed is 1: scoring generated reports of that seed would not be held out
    assert main(["evaluate", "--model", str(tiny_model), "--synthetic", "1", "--synthetic-seed", "1",
                 "--no-progress"]) == 2
    assert "not be held out" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("same", [True])
def test_cli_evaluate_compare_two_models(tiny_model: Path, gold_dir: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture, same: bool) -> None:
    out = tmp_path / "compare.json"
    assert main(["evaluate", "--compare", str(tiny_model), str(tiny_model), "--docs", str(gold_dir),
                 "-o", str(out), "--no-progress"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    rows = data["sets"][0]["rows"]
    assert rows and all(r["delta_f1"] in (0.0, None) for r in rows)
    assert "B − A" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("fmt,documents", [("pre2019", 1), ("2021", 1), ("2019", 0)])
def test_cli_evaluate_compare_one_format(tiny_crf_model: Path, gold_dir: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture, fmt: str, documents: int) -> None:
    other = dataclasses.replace(DOC, id="b", format="2021", record={**DOC.record, "format": "2021"})
    save_document(other, gold_dir / "b.json")
    out = tmp_path / "compare.json"
    code = main(["evaluate", "--compare", str(tiny_crf_model), str(tiny_crf_model), "--docs", str(gold_dir),
                 "--format", fmt, "-o", str(out), "--no-progress"])
    printed = capsys.readouterr().out
    if documents:
        assert code == 0 and f"documents, format {fmt}: 1 documents" in printed
        assert json.loads(out.read_text(encoding="utf-8"))["sets"][0]["a"]["documents"] == 1
    else:
        assert code == 1  # one pre2019 and one 2021 document: none of 2019, nothing scored


# --- issue 14: `gik evaluate MODEL DATA`, training documents warned about ------------------

def test_evaluate_model_data_positional_warns_about_training_documents(repo_root, tmp_path, capsys):
    from gik_nlp.cli import main

    model = repo_root / "models" / "default"
    seed = repo_root / "corpus" / "real" / "001_7960c88a20672298.json"
    out = tmp_path / "scores.json"
    assert main(["evaluate", str(model), str(seed), "-o", str(out), "--no-progress", "--errors", "0"]) == 0
    err = capsys.readouterr().err
    assert ("gik evaluate: warning: documents: 1 of 1 documents were the model's train or dev data "
            "(001_7960c88a20672298)") in err
    assert json.loads(out.read_text(encoding="utf-8"))["seen_in_training"] == {
        "documents": ["001_7960c88a20672298"]}


def test_evaluate_without_a_corpus_or_data_says_what_to_give(tmp_path, capsys):
    from gik_nlp.cli import main

    missing = tmp_path / "corpus"
    assert main(["evaluate", "--corpus", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"gik evaluate: {missing}: no corpus folder here; name what to "
                                              "score: gik evaluate MODEL DATA")


def test_cli_evaluate_baseline_default_is_the_shipped_model(gold_dir: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # `--baseline default` resolves as `--model default` does: the shipped model, wherever the command runs
    from gik_nlp.cli import evaluate as evaluate_cli
    from gik_nlp.resources import DEFAULT_MODEL_DIR

    class Tagger:
        name = "stub"

        def tag(self, doc):
            return []

    loaded: list[Path] = []
    monkeypatch.setattr(evaluate_cli, "_load", lambda model_dir: (loaded.append(model_dir), (Tagger(), {}))[1])
    monkeypatch.chdir(tmp_path)  # no folder named "default" here
    out = tmp_path / "scores.json"
    assert main(["evaluate", "--model", "default", "--baseline", "default", "--corpus", str(gold_dir),
                 "--gold-records", "", "--no-progress", "--errors", "0", "-o", str(out)]) == 0
    assert loaded == [DEFAULT_MODEL_DIR, DEFAULT_MODEL_DIR]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["model_dir"], data["baseline"]["model_dir"]) == (str(DEFAULT_MODEL_DIR), str(DEFAULT_MODEL_DIR))
    assert [s["name"] for s in data["sets"]] == [
        "real test split", f"real test split, previous model ({DEFAULT_MODEL_DIR})"]


def test_evaluate_corpus_empty_means_no_corpus_set(tmp_path: Path, monkeypatch) -> None:
    # `--corpus ''` scores no corpus: it was Path('') = the working folder, scored as a corpus
    (tmp_path / "stray.jsonl").write_text('{"not": "a document"}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "scores.json"
    assert main(["evaluate", "--model", "default", "--corpus", "", "--gold-records", "", "--synthetic", "1",
                 "--no-progress", "--errors", "0", "-o", str(out)]) == 0
    sets = json.loads(out.read_text(encoding="utf-8"))["sets"]
    assert [s["name"] for s in sets] == ["synthetic (seed 4242)"]


@pytest.mark.slow
def test_cli_evaluate_scores_documents_rewritten_by_a_noise(tiny_model: Path, gold_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.json"
    argv = ["evaluate", "--model", str(tiny_model), "--corpus", str(gold_dir), "--gold-records", "",
            "--noise", "title_runon", "-o", str(out), "--no-progress", "--errors", "0"]
    assert main(argv) == 0
    sets = json.loads(out.read_text(encoding="utf-8"))["sets"]
    assert [(s["name"], s["documents"]) for s in sets] == [("real test split, noise title_runon", 1)]


@pytest.mark.slow
@pytest.mark.parametrize("publishing", [False, True])
def test_cli_evaluate_results_files_keep_the_test_splits_errors_out(tiny_model: Path, gold_dir: Path, tmp_path: Path,
                                                                   publishing: bool) -> None:
    out, results = tmp_path / "scores.json", tmp_path / "results.md"
    argv = ["evaluate", "--model", str(tiny_model), "--corpus", str(gold_dir), "--gold-records", "",
            "-o", str(out), "--no-progress", "--errors", "0", "--crossval-results", "--curve-results"]
    assert main(argv + (["--results-md", str(results)] if publishing else [])) == 0
    (scores,) = json.loads(out.read_text(encoding="utf-8"))["sets"]
    assert scores["name"] == "real test split" and scores["records"]["micro"]["fn"] > 0  # the tiny model errs
    assert ("errors" in scores) is not publishing
