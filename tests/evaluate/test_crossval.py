"""Leave-one-out and the learning curve, end to end with the tiny training config."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from gik_nlp.corpus.format import load_corpus, save_document
from gik_nlp.evaluate.crossval import (curve_to_dict, learning_curve, leave_one_out, only_format, pooled, spread,
                                       summarize, without_format)
from gik_nlp.evaluate.gold import GoldSet
from gik_nlp.synth import generate
from gik_nlp.tagging.config import TrainConfig


@pytest.mark.parametrize("values,expected", [
    ([], {"mean": 0.0, "std": 0.0, "n": 0}),
    ([0.8], {"mean": 0.8, "std": 0.0, "n": 1}),
    ([0.2, 0.4], {"mean": 0.3, "std": 0.1414, "n": 2}),
])
def test_crossval_spread_is_mean_and_sample_std(values: list[float], expected: dict) -> None:
    assert spread(values) == expected


@pytest.mark.parametrize("fmt", ["2021", "pre2019"])
def test_crossval_synth_configs_hold_a_format_out(fmt: str) -> None:
    only = {d.format for d in generate(6, 3, only_format({}, fmt))}
    others = {d.format for d in generate(12, 3, without_format({}, fmt))}
    assert only == {fmt}
    # prose reports take their year's format, so only table layouts are excluded at the source
    assert fmt not in others or fmt != "pre2019"


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """Two real seed reports, cut short so each fold trains in seconds."""
    root = tmp_path_factory.mktemp("corpus")
    for doc in load_corpus(corpus_dir / "real")[:2]:
        cut = 1200
        spans = tuple(s for s in doc.spans if s.end <= cut)
        save_document(dataclasses.replace(doc, text=doc.text[:cut], spans=spans, split="train"),
                      root / "real" / f"{doc.id}.json")
    return root


@pytest.fixture(scope="module")
def tiny_config(repo_root: Path) -> TrainConfig:
    return dataclasses.replace(TrainConfig.from_file(repo_root / "training" / "tiny.yaml"), epochs=1)


@pytest.mark.slow
@pytest.mark.parametrize("folds_expected", [2])
def test_crossval_leave_one_out_scores_each_document_unseen(tiny_corpus: Path, tiny_config: TrainConfig,
                                                            tmp_path: Path, folds_expected: int) -> None:
    seen = []
    folds = leave_one_out(tiny_config, tmp_path / "cv", tiny_corpus, on_fold=lambda d, i, n: seen.append(d))
    assert [f.held_out for f in folds] == seen and len(folds) == folds_expected
    for fold in folds:
        assert [d.id for d in fold.evaluation.documents] == [fold.held_out]
        meta = (tmp_path / "cv" / f"fold-{fold.held_out}" / "meta.json").read_text(encoding="utf-8")
        assert fold.held_out in meta  # recorded as excluded from training
    summary = summarize(folds)
    assert summary["micro"]["records"]["n"] == folds_expected
    assert len(summary["folds"]) == folds_expected
    assert len(pooled(folds).documents) == folds_expected
    # a second run with the same setup reuses the fold models
    again = leave_one_out(tiny_config, tmp_path / "cv", tiny_corpus)
    assert [f.seconds for f in again] == [f.seconds for f in folds]


@pytest.mark.slow
@pytest.mark.parametrize("ks", [(0, 1)])
def test_crossval_learning_curve_points(tiny_corpus: Path, tiny_config: TrainConfig, tmp_path: Path,
                                        ks: tuple[int, ...]) -> None:
    config = dataclasses.replace(tiny_config, data=dataclasses.replace(tiny_config.data, synthetic_docs=3))
    points = learning_curve(config, tmp_path / "lc", GoldSet(), tiny_corpus, held_out="2021", ks=ks, test_docs=2)
    assert [p.k for p in points] == list(ks)
    curve = curve_to_dict(points, "2021")
    sets = curve["points"][0]["sets"]
    assert sets["synthetic 2021 (held out)"]["documents"] == 2
    assert sets["real 2021"]["documents"] == 0
    assert sets["real seeds (in training)"]["documents"] == 2
    assert all(d.format != "2021" for d in points[0].evaluations["synthetic other formats (held out)"].documents)


@pytest.mark.parametrize("doc_id", ["000_1dbe1cc0a1fa5ad3"])
def test_a_fold_learns_no_name_from_the_report_it_leaves_out(corpus_dir: Path, doc_id: str) -> None:
    # a fold's name classifier is fitted with its model, on the fold's training documents
    # (training_pairs of the train split, the left-out report excluded by its id)
    from gik_nlp.assemble import fields

    docs = load_corpus(corpus_dir / "real")
    rest = [d for d in docs if d.id != doc_id]
    without, with_all = set(fields.training_pairs(rest)), set(fields.training_pairs(docs))
    own = with_all - without
    assert own  # the report has names of its own that could leak
    doc = next(d for d in docs if d.id == doc_id)
    assert own <= {(fields.clean_name(n), t) for n, t in fields.document_pairs(doc)}


@pytest.mark.parametrize("formats", [("2021", "2019")])
def test_crossval_without_several_formats(formats: tuple[str, ...]) -> None:
    from gik_nlp.synth import SynthConfig

    config = without_format({}, *formats)
    shares = dataclasses.asdict(config.formats)
    assert shares["national_2021"] == shares["national_2019"] == 0.0
    assert shares["pre2019_table"] == SynthConfig().formats.pre2019_table


# --- k-fold cross-fitting of a split of by-reference documents ---------------------------------------------

_TOWNS = ("青山镇", "白水乡", "东湖街道", "石门镇", "柳河镇", "南岭乡", "北塘街道", "西坝镇")


def _by_reference(root: Path, town: str, i: int) -> dict:
    """A by-reference opening (text written under ``root/fx``): its corpus document."""
    import hashlib

    text = f"{town}人民政府2019年政府信息公开工作年度报告\n本年度主动公开政府信息{10 + i}条。"
    (root / "fx").mkdir(parents=True, exist_ok=True)
    (root / "fx" / f"r{i}.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    name_end = len(town) + 4
    value_at = text.index(str(10 + i))
    return {"id": f"fx-r{i}", "source": f"fx/r{i}.txt", "origin": "real", "format": "2019", "split": "train",
            "text_ref": {"root": "fx", "file": f"r{i}.txt", "sha256": sha}, "text_sha256": sha, "notes": [],
            "record": {"agency": f"{town}人民政府", "year": 2019},
            "spans": [{"start": 0, "end": name_end, "label": "AGENCY"},
                      {"start": value_at, "end": value_at + 3, "label": "STAT_VALUE"}]}


@pytest.mark.slow
@pytest.mark.parametrize("k", [2])
def test_k_fold_scores_every_document_of_the_split_once_by_a_model_without_it(
        tmp_path: Path, tiny_config: TrainConfig, monkeypatch: pytest.MonkeyPatch, k: int) -> None:
    import json

    from gik_nlp.evaluate.crossval import fold_of, k_fold

    texts, corpus = tmp_path / "texts", tmp_path / "corpus" / "openings"
    corpus.mkdir(parents=True)
    for i, town in enumerate(_TOWNS):
        doc = _by_reference(texts, town, i)
        (corpus / f"{doc['id']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("GIK_TEXTS", str(texts))
    config = dataclasses.replace(tiny_config, kind="crf", name="tiny-crf")
    folds = k_fold(config, tmp_path / "cv", tmp_path / "corpus", split="train", k=k)
    assert [f.held_out for f in folds] == [f"train fold {i}/{k}" for i in (1, 2)]
    scored = [d.id for f in folds for d in f.evaluation.documents]
    assert sorted(scored) == [f"fx-r{i}" for i in range(len(_TOWNS))]  # each once
    for i, fold in enumerate(folds):
        held = {d.id for d in fold.evaluation.documents}
        assert held and held == {f"fx-r{j}" for j in range(len(_TOWNS)) if fold_of(f"fx-r{j}", k) == i}
        meta = json.loads((tmp_path / "cv" / f"train-fold-{i + 1}-of-{k}" / "meta.json").read_text(encoding="utf-8"))
        trained_on = {doc_id for split in meta["documents"].values() for doc_id in split["real"]}
        assert trained_on and not held & trained_on
        assert sorted(meta["excluded_ids"]) == sorted(held)


@pytest.mark.parametrize("argv,message", [
    (["evaluate", "--folds", "5"], "--folds goes with --cross-validate"),
    (["evaluate", "--cross-validate", "--folds", "5"], "--split train or dev"),
    (["evaluate", "--cross-validate", "--folds", "1", "--split", "train"], "K >= 2"),
])
def test_k_fold_command_line_refuses_test_split_and_lone_folds(argv: list[str], message: str,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from gik_nlp.cli import main

    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_k_fold_models_are_named_by_what_they_learned_from(tmp_path: Path, tiny_config: TrainConfig,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from gik_nlp.tagging.train import prepare_data

    texts, corpus = tmp_path / "texts", tmp_path / "corpus" / "openings"
    corpus.mkdir(parents=True)
    for i, town in enumerate(_TOWNS[:3]):
        doc = _by_reference(texts, town, i)
        (corpus / f"{doc['id']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("GIK_TEXTS", str(texts))
    whole = prepare_data(tiny_config, tmp_path / "corpus", frozenset(), ()).fingerprint
    without = prepare_data(tiny_config, tmp_path / "corpus", frozenset({"fx-r1"}), ()).fingerprint
    again = prepare_data(tiny_config, tmp_path / "corpus", frozenset({"fx-r1"}), ()).fingerprint
    assert whole != without and without == again


@pytest.mark.slow
def test_k_fold_from_the_command_line_writes_each_fold(tmp_path: Path, repo_root: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from gik_nlp.cli import main

    texts, corpus = tmp_path / "texts", tmp_path / "corpus" / "openings"
    corpus.mkdir(parents=True)
    for i, town in enumerate(_TOWNS):
        doc = _by_reference(texts, town, i)
        (corpus / f"{doc['id']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    config = tmp_path / "tiny_crf.yaml"
    config.write_text((repo_root / "training" / "tiny.yaml").read_text(encoding="utf-8")
                      .replace("kind: transformer", "kind: crf", 1), encoding="utf-8")
    monkeypatch.setenv("GIK_TEXTS", str(texts))
    out = tmp_path / "cv.json"
    assert main(["evaluate", "--cross-validate", "--folds", "2", "--split", "train", "--config", str(config),
                 "--corpus", str(tmp_path / "corpus"), "--work-dir", str(tmp_path / "cv"), "--errors", "0",
                 "--no-progress", "-o", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [f["held_out"] for f in result["summary"]["folds"]] == ["train fold 1/2", "train fold 2/2"]
    assert result["summary"]["micro"]["records"]["n"] == 2
    assert result["pooled"]["documents"] == len(_TOWNS)
    assert result["protocol"] == {"kind": "k-fold", "split": "train", "folds": 2}
    printed = capsys.readouterr()
    assert "train fold 2/2: training without it" in printed.err
    assert "## Cross-fitting (the train split in 2 folds)" in printed.out


def test_a_finished_fold_is_trained_again_when_its_corpus_or_synthetic_documents_change(
        tiny_corpus: Path, tiny_config: TrainConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A corrected gold record, or synthetic documents from a changed generator, must not reuse a stale fold model."""
    import gik_nlp.tagging.train as training
    from gik_nlp.corpus.format import corpus_fingerprint
    from gik_nlp.evaluate.crossval import _train_once

    trained: list[str] = []
    monkeypatch.setattr(training, "train", lambda config, out_dir, **kwargs: trained.append(out_dir.name))
    corpus = tmp_path / "corpus"
    for doc in load_corpus(tiny_corpus):
        save_document(doc, corpus / "real" / f"{doc.id}.json")
    synthetic = generate(2, 3)
    out = tmp_path / "fold"
    out.mkdir()

    def run(extra: list) -> None:
        _train_once(tiny_config, out, corpus, corpus_fingerprint(load_corpus(corpus)), frozenset(), extra, "fold")

    run(synthetic)
    run(synthetic)
    assert trained == ["fold"]                      # same setup: reused
    run([dataclasses.replace(synthetic[0], text=synthetic[0].text + "。"), synthetic[1]])
    assert trained == ["fold", "fold"]              # same ids, other synthetic text: trained again
    doc = load_corpus(corpus)[0]
    save_document(dataclasses.replace(doc, spans=doc.spans[:-1]), corpus / "real" / f"{doc.id}.json")
    run([dataclasses.replace(synthetic[0], text=synthetic[0].text + "。"), synthetic[1]])
    assert trained == ["fold", "fold", "fold"]      # a corpus document changed: trained again


@pytest.mark.parametrize("stored_change,reused", [
    (lambda c: c["crf"].pop("cues"), True),  # a run from before crf.cues existed: the same fit
    (lambda c: c["crf"].update(cues=["number_distance"]), False),  # trained with another value
    (lambda c: c["crf"].update(c1=0.5), False),
])
def test_a_finished_run_is_reused_only_when_its_setup_is_the_same_fit(
        tmp_path: Path, tiny_config: TrainConfig, monkeypatch: pytest.MonkeyPatch, stored_change, reused: bool) -> None:
    import json

    import gik_nlp.tagging.train as training
    from gik_nlp.evaluate import crossval

    config = dataclasses.replace(tiny_config, kind="crf", name="tiny-crf")
    stored = config.to_dict()
    stored_change(stored)
    out = tmp_path / "run"
    out.mkdir()
    setup = {"config": stored, "exclude_ids": [], "extra_docs": [], "what": "fold", "corpus": "c",
             "extra": crossval.corpus_fingerprint([])}
    (out / "done.json").write_text(json.dumps({"setup": setup, "seconds": 7.0}), encoding="utf-8")
    trained: list[Path] = []
    monkeypatch.setattr(training, "train", lambda config, out_dir, **kwargs: trained.append(out_dir))
    seconds = crossval._train_once(config, out, tmp_path, "c", frozenset(), [], "fold")
    assert (not trained and seconds == 7.0) if reused else trained == [out]
