"""Cross-validation over the real annotated reports, and the learning curve of a new format.

Five real documents make a test split that says little, so every real document gets its
turn: ``leave_one_out`` trains one model per document on synthetic reports plus the
other real ones, and scores it on the one left out. ``summarize`` gives, per span label
and per record field, the mean ± standard deviation of F1 over the folds where it could
be scored, and the pooled F1 (all folds' counts summed).

``learning_curve`` shows that retraining for a new report format works: the format is
held out of the synthetic training data, then k = 0, 1, 2, 4, 8 … annotated examples of
it are added, and each model is scored on real reports of that format (gold record files),
on held-out synthetic ones, and on the other formats (to show nothing else got worse).
The "annotated examples" are synthetic reports of that format: the real 2021 texts may
not enter the repository, so they cannot be training data.

Both are long (one training run per fold or point). They write each model under a work
folder and a ``done.json`` beside it; a rerun with the same config reuses finished models
and only scores them again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gik_nlp.corpus.format import AnnotatedDocument, corpus_fingerprint, load_corpus
from gik_nlp.evaluate.gold import SYNTHETIC_SEED, GoldSet, from_annotated, noisy_gold_set
from gik_nlp.evaluate.metrics import PRF, Scores
from gik_nlp.evaluate.report import headline_fields
from gik_nlp.evaluate.score import DocumentResult, Evaluation, evaluate_tagger

__all__ = ["Fold", "leave_one_out", "pooled", "summarize", "spread", "CurvePoint", "learning_curve",
           "curve_to_dict", "FORMAT_LAYOUTS", "synthetic_docs", "without_format", "only_format",
           "DEFAULT_KS", "CV_CONFIG", "fold_of", "k_fold"]

#: The reduced training config for cross-validation runs (each run ≤ 4 min on 2 cores).
CV_CONFIG = Path("training/cv.yaml")

#: Examples of the held-out format added at each point of the learning curve.
DEFAULT_KS: tuple[int, ...] = (0, 1, 2, 4, 8)

#: Report format → the generator's layouts (SynthConfig.formats keys) that produce it as a table.
#: Prose reports take the format of their year; ``without_format`` drops those documents too.
FORMAT_LAYOUTS: dict[str, tuple[str, ...]] = {
    "pre2019": ("pre2019_table", "short_annex", "prose"),
    "2019": ("national_2019",),
    "2021": ("national_2021",),
}

# Seeds of the generated sets, apart from training's synthetic_seed so no report is both
# trained on and scored. Fixed: the same documents on every run and machine.
EXAMPLE_SEED = 2021
TEST_SEED = SYNTHETIC_SEED


# --- training runs, reused when finished ------------------------------------------------


def _train_once(config: Any, out_dir: Path, corpus_dir: Path, corpus: str, exclude_ids: frozenset[str],
                extra_docs: Sequence[AnnotatedDocument], what: str) -> float:
    """Train into ``out_dir`` unless a finished run with the same setup is there; the seconds it took.
    ``corpus``: the fingerprint of the corpus in ``corpus_dir`` (``corpus_fingerprint``, taken once
    by the caller). The setup holds it and the extra (synthetic) documents' fingerprint: a corrected
    gold record or a changed generator trains again rather than reusing a stale model."""
    from gik_nlp.tagging.train import train

    setup = {"config": config.to_dict(), "exclude_ids": sorted(exclude_ids),
             "extra_docs": sorted(d.id for d in extra_docs), "what": what,
             "corpus": corpus, "extra": corpus_fingerprint(extra_docs)}
    done = out_dir / "done.json"
    if done.exists():
        previous = json.loads(done.read_text(encoding="utf-8"))
        stored = previous.get("setup") or {}
        if isinstance(stored.get("config"), dict):
            stored = {**stored, "config": with_defaults(stored["config"], type(config)().to_dict())}
        if stored == setup:
            return float(previous.get("seconds", 0.0))
    started = time.perf_counter()
    train(config, out_dir, corpus_dir=corpus_dir, exclude_ids=exclude_ids, extra_docs=extra_docs,
          progress=False)
    seconds = round(time.perf_counter() - started, 1)
    done.write_text(json.dumps({"setup": setup, "seconds": seconds}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return seconds


def with_defaults(stored: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """A config as stored by an earlier run, with the keys added since then at their defaults:
    a key is added with the default that keeps what runs did before it, so such a run is still
    the same fit and is reused rather than trained again.

    >>> with_defaults({"crf": {"c1": 0.1}}, {"crf": {"c1": 0.05, "cues": []}, "seed": 13})
    {'crf': {'c1': 0.1, 'cues': []}, 'seed': 13}
    """
    out = dict(stored)
    for key, default in defaults.items():
        if key not in out:
            out[key] = default
        elif isinstance(default, dict) and isinstance(out[key], dict) and default:
            out[key] = with_defaults(out[key], default)
    return out


def _with_synthetic(config: Any, docs: Sequence[AnnotatedDocument]) -> tuple[Any, list[AnnotatedDocument]]:
    """The config with its own synthesis switched off, and the documents to pass instead."""
    data = dataclasses.replace(config.data, synthetic_docs=0)
    return dataclasses.replace(config, data=data), list(docs)


def synthetic_docs(config: Any) -> list[AnnotatedDocument]:
    """The synthetic training documents a config asks for (made once, shared by all folds)."""
    from gik_nlp.synth import SynthConfig, generate

    if config.data.synthetic_docs == 0:
        return []
    return generate(config.data.synthetic_docs, config.data.synthetic_seed, SynthConfig.from_dict(config.synth))


# --- leave one out --------------------------------------------------------------------


@dataclass(frozen=True)
class Fold:
    """One fold: the document held out, its evaluation and the training time."""

    held_out: str
    evaluation: Evaluation
    seconds: float


def leave_one_out(config: Any, work_dir: Path, corpus_dir: Path = Path("corpus"), origin: str = "real",
                  on_fold: Callable[[str, int, int], None] | None = None) -> list[Fold]:
    """Train one model per ``origin`` corpus document without it, and score it on that document.

    config: a TrainConfig (training/cv.yaml). work_dir: fold models go to
    ``work_dir/fold-<id>``. on_fold(doc_id, i, n): called before each fold.
    """
    from gik_nlp.tagging import load_tagger

    # The seeds (text in the repository) are left out in turn; documents whose text is kept by
    # reference (the real openings) have their own fixed train/dev/test split and stay in training.
    corpus = load_corpus(corpus_dir)
    docs = [d for d in corpus if d.origin == origin and d.text_ref is None]
    fingerprint = corpus_fingerprint(corpus)
    train_config, synthetic = _with_synthetic(config, synthetic_docs(config))
    folds = []
    for i, doc in enumerate(docs):
        if on_fold:
            on_fold(doc.id, i, len(docs))
        fold_dir = Path(work_dir) / f"fold-{doc.id}"
        seconds = _train_once(train_config, fold_dir, corpus_dir, fingerprint, frozenset({doc.id}),
                              synthetic, f"leave out {doc.id}")
        # the fold's model carries its own name classifier, fitted without the left-out report
        evaluation = evaluate_tagger(load_tagger(fold_dir), GoldSet((from_annotated(doc),)), name=f"fold {doc.id}")
        folds.append(Fold(doc.id, evaluation, seconds))
    return folds


def fold_of(doc_id: str, k: int) -> int:
    """The fold (0 … k-1) of a document: a hash of its id, so a fold never changes with the corpus.

    >>> fold_of("openings-a001", 5), fold_of("openings-a001", 5) == fold_of("openings-a001", 5)
    (1, True)
    """
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % k


def k_fold(config: Any, work_dir: Path, corpus_dir: Path = Path("corpus"), split: str = "train", k: int = 5,
           on_fold: Callable[[str, int, int], None] | None = None, noise: str | None = None) -> list[Fold]:
    """Cross-fit one corpus split: k models, each trained without one fold of the split's
    by-reference documents (the real openings), each scoring the fold it did not see
    (rewritten by the layout noise ``noise`` when given: evaluate.gold.noisy_gold_set).

    Every document of the split is then scored by a tagger (and name classifier) that never
    saw it, as the test split is: the honest figure to tune rules on. ``Fold.held_out`` is
    ``"<split> fold i/k"``; the dev and test splits stay where training puts them.
    """
    from gik_nlp.tagging import load_tagger

    corpus = load_corpus(corpus_dir)
    docs = [d for d in corpus if d.split == split and d.text_ref is not None]
    fingerprint = corpus_fingerprint(corpus)
    train_config, synthetic = _with_synthetic(config, synthetic_docs(config))
    folds = []
    for i in range(k):
        held = [d for d in docs if fold_of(d.id, k) == i]
        what = f"{split} fold {i + 1}/{k}"
        if on_fold:
            on_fold(what, i, k)
        fold_dir = Path(work_dir) / f"{split}-fold-{i + 1}-of-{k}"
        seconds = _train_once(train_config, fold_dir, corpus_dir, fingerprint,
                              frozenset(d.id for d in held), synthetic, f"leave out {what}")
        gold = GoldSet(tuple(from_annotated(d) for d in held))
        if noise:
            gold = noisy_gold_set(gold, noise)
        folds.append(Fold(what, evaluate_tagger(load_tagger(fold_dir), gold, name=what), seconds))
    return folds


def pooled(folds: Sequence[Fold], name: str = "leave-one-out, pooled") -> Evaluation:
    """All folds as one evaluation (each document scored by the model that did not see it)."""
    documents: tuple[DocumentResult, ...] = tuple(d for f in folds for d in f.evaluation.documents)
    models = sorted({f.evaluation.model for f in folds})
    return Evaluation(name=name, documents=documents, model=", ".join(models))


def spread(values: Sequence[float]) -> dict[str, float]:
    """Mean and sample standard deviation (0 for a single value) of per-fold scores.

    >>> spread([0.5, 1.0, 0.75])
    {'mean': 0.75, 'std': 0.25, 'n': 3}
    """
    n = len(values)
    if not n:
        return {"mean": 0.0, "std": 0.0, "n": 0}
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return {"mean": round(mean, 4), "std": round(std, 4), "n": n}


def _per_key(scores_per_fold: Iterable[Scores], keys: Iterable[str] | None = None) -> dict[str, Any]:
    folds = list(scores_per_fold)
    if keys is None:
        keys = list(dict.fromkeys(k for s in folds for k in s.per_key))
    out: dict[str, Any] = {}
    for key in keys:
        prfs = [s.per_key.get(key, PRF()) for s in folds]
        scored = [p for p in prfs if not p.empty]
        if not scored:
            continue
        total = sum(scored, PRF())
        out[key] = {**spread([p.f1 for p in scored]), "pooled": total.to_dict()}
    return out


def summarize(folds: Sequence[Fold]) -> dict[str, Any]:
    """Per label and per field: F1 mean ± std over the folds that had anything to score, and pooled."""
    evaluations = [f.evaluation for f in folds]
    spans = [e.spans() or Scores() for e in evaluations]
    records = [e.records() for e in evaluations]
    micro = {
        "spans": {**spread([s.micro.f1 for s in spans if not s.micro.empty]),
                  "pooled": sum((s.micro for s in spans), PRF()).to_dict()},
        "records": {**spread([r.micro.f1 for r in records if not r.micro.empty]),
                    "pooled": sum((r.micro for r in records), PRF()).to_dict()},
        "record_fields": {**spread([r.fields.micro.f1 for r in records if not r.fields.micro.empty]),
                          "pooled": sum((r.fields.micro for r in records), PRF()).to_dict()},
        "statistics": {**spread([r.statistics.micro.f1 for r in records if not r.statistics.micro.empty]),
                       "pooled": sum((r.statistics.micro for r in records), PRF()).to_dict()},
    }
    return {
        "folds": [{"held_out": f.held_out, "train_seconds": f.seconds, "model": f.evaluation.model,
                   "span_f1": round((f.evaluation.spans() or Scores()).micro.f1, 4),
                   "record_f1": round(f.evaluation.records().micro.f1, 4)} for f in folds],
        "micro": micro,
        "spans": _per_key(spans),
        "fields": _per_key(r.fields for r in records),
        "families": _per_key(r.families for r in records),
        "headline": _per_key((r.statistics for r in records), headline_fields()),
    }


# --- learning curve -------------------------------------------------------------------


def _synth_config(base: dict[str, Any], shares: dict[str, float]) -> Any:
    from gik_nlp.synth import SynthConfig

    merged = {k: dict(v) for k, v in (base or {}).items()}
    merged["formats"] = {**merged.get("formats", {}), **shares}
    return SynthConfig.from_dict(merged)


def without_format(base: dict[str, Any], fmt: str, *more: str) -> Any:
    """A SynthConfig (from a config's ``synth:`` block) whose layouts never produce ``fmt`` tables
    (nor those of the ``more`` formats)."""
    return _synth_config(base, {layout: 0.0 for f in (fmt, *more) for layout in FORMAT_LAYOUTS[f]})


def only_format(base: dict[str, Any], fmt: str) -> Any:
    """A SynthConfig that produces only ``fmt`` tables (prose left out)."""
    from gik_nlp.synth import SynthConfig

    shares = {layout: 0.0 for layout in dataclasses.asdict(SynthConfig().formats)}
    shares.update({layout: 1.0 for layout in FORMAT_LAYOUTS[fmt] if layout != "prose"})
    return _synth_config(base, shares)


@dataclass(frozen=True)
class CurvePoint:
    """One point: k examples of the held-out format added; its evaluations by set name."""

    k: int
    evaluations: dict[str, Evaluation]
    seconds: float


def learning_curve(config: Any, work_dir: Path, real_gold: GoldSet, corpus_dir: Path = Path("corpus"),
                   held_out: str = "2021", ks: Sequence[int] = DEFAULT_KS, test_docs: int = 30,
                   on_point: Callable[[int, int, int], None] | None = None,
                   also_held_out: Sequence[str] = ()) -> list[CurvePoint]:
    """Train with the ``held_out`` format removed, then with k examples of it added, for each k.

    real_gold: real reports of the held-out format (gold record files).
    also_held_out: formats removed from training as well, with no examples ever added
        (2019 tables are close kin of 2021's: without them the format is really new).
    test_docs: held-out synthetic documents generated per test set (the format, and the others).
    RETURNS: one CurvePoint per k, in order.
    """
    from gik_nlp.synth import generate
    from gik_nlp.tagging import load_tagger

    n_train = config.data.synthetic_docs
    # Prose of the held-out format's years is dropped too: only formats the model may see remain.
    removed = (held_out, *also_held_out)
    training = [d for d in generate(n_train, config.data.synthetic_seed, without_format(config.synth, *removed))
                if d.format not in removed]
    examples = generate(max(ks, default=0), EXAMPLE_SEED, only_format(config.synth, held_out))
    corpus = load_corpus(corpus_dir)
    test_sets = {
        f"real {held_out}": real_gold,
        f"synthetic {held_out} (held out)": GoldSet(tuple(
            from_annotated(d) for d in generate(test_docs, TEST_SEED, only_format(config.synth, held_out)))),
        "synthetic other formats (held out)": GoldSet(tuple(
            from_annotated(d) for d in generate(test_docs, TEST_SEED, without_format(config.synth, *removed))
            if d.format not in removed)),
        "real seeds (in training)": GoldSet(tuple(
            from_annotated(d) for d in corpus if d.origin == "real" and d.text_ref is None)),
    }
    corpus_held_out = frozenset(d.id for d in corpus if d.format in removed)
    fingerprint = corpus_fingerprint(corpus)
    train_config, _ = _with_synthetic(config, ())
    points = []
    for i, k in enumerate(ks):
        if on_point:
            on_point(k, i, len(ks))
        out_dir = Path(work_dir) / f"k-{k}"
        seconds = _train_once(train_config, out_dir, corpus_dir, fingerprint, corpus_held_out,
                              training + examples[:k],
                              f"{'+'.join(removed)} held out, {k} {held_out} examples")
        tagger = load_tagger(out_dir)
        evaluations = {name: evaluate_tagger(tagger, gold, name=name) for name, gold in test_sets.items()}
        points.append(CurvePoint(k, evaluations, seconds))
    return points


def curve_to_dict(points: Sequence[CurvePoint], held_out: str, also_held_out: Sequence[str] = ()) -> dict[str, Any]:
    """The curve as JSON: per k and test set, span and record micro F1, and the headline fields."""
    rows = []
    for p in points:
        sets = {}
        for name, ev in p.evaluations.items():
            spans = ev.spans()
            records = ev.records()
            sets[name] = {"documents": len(ev.documents),
                          "span_f1": round(spans.micro.f1, 4) if spans else None,
                          "record_f1": round(records.micro.f1, 4), "fields_f1": round(records.fields.micro.f1, 4),
                          "statistics_f1": round(records.statistics.micro.f1, 4),
                          "records": records.micro.to_dict(),
                          "skipped": [s.to_dict() for s in ev.skipped]}
        rows.append({"k": p.k, "train_seconds": p.seconds, "sets": sets})
    return {"held_out_format": held_out, "also_held_out": list(also_held_out), "points": rows}
