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
