"""The retraining demonstration: continue the current model with k examples of a format it never saw.

The learning curve (`gik evaluate --learning-curve`, gik_nlp.evaluate.crossval) trains one model
from scratch per k. A user instead runs `gik train --from models/default` on the grown corpus.
This script measures that: the current model is the curve's k = 0 model (trained with the format
held out); for each k it is trained further (training/retrain_demo.yaml) on the same training
documents plus the same k examples, and scored on the same test sets. k = 0 continues with no
example, so what more training alone does is visible. Two continued curves: the examples seen once
a pass like the synthetic reports (the learning curve's weighting), and the examples weighted as
the annotated real reports of corpus/ are (``data.real_repeat`` times a pass), which is what a
user's import + `gik train --from` does. The tables put them beside the from-scratch curve, with a
paired bootstrap interval of each change on the other formats against the current model.

    python scripts/retrain_demo.py              # after gik evaluate --learning-curve (make retrain-demo)

Finished runs are reused (``done.json``), as in the learning curve. The training and test
documents are rebuilt the way ``crossval.learning_curve`` builds them, and the training ids are
checked against the current model's ``done.json``: the comparison is void if they differ.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from gik_nlp.corpus.format import load_corpus
from gik_nlp.evaluate.crossval import (EXAMPLE_SEED, TEST_SEED, CurvePoint, curve_to_dict, only_format,
                                       without_format)
from gik_nlp.evaluate.gold import GOLD_RECORDS_DIR, REPORTS_DIR, GoldSet, from_annotated, load_gold_records
from gik_nlp.evaluate.metrics import PRF
from gik_nlp.evaluate.report import table
from gik_nlp.evaluate.score import Evaluation, evaluate_tagger
from gik_nlp.tagging.config import TrainConfig

KS = (0, 1, 2, 4, 8)
BOOTSTRAP_SAMPLES = 2000  # resamples of the documents for each interval
BOOTSTRAP_SEED = 8        # fixed: the same intervals on every run
#: The continued curves: the examples weighted like the synthetic reports, or like annotated real reports.
VARIANTS = ("examples seen once a pass", "examples weighted as real reports")
OTHER = "synthetic other formats (held out)"
SEEDS = "real seeds (in training)"


def build_test_sets(scratch_config: TrainConfig, held_out: str, corpus_dir: Path, test_docs: int) -> dict[str, GoldSet]:
    """The learning curve's test sets (crossval.learning_curve builds the same)."""
    from gik_nlp.synth import generate

    real = load_gold_records(GOLD_RECORDS_DIR, REPORTS_DIR)
    synth = scratch_config.synth
    return {
        f"real {held_out}": GoldSet(tuple(i for i in real.items if i.format == held_out), real.skipped),
        f"synthetic {held_out} (held out)": GoldSet(tuple(
            from_annotated(d) for d in generate(test_docs, TEST_SEED, only_format(synth, held_out)))),
        OTHER: GoldSet(tuple(from_annotated(d) for d in generate(test_docs, TEST_SEED, without_format(synth, held_out))
                             if d.format != held_out)),
        SEEDS: GoldSet(tuple(from_annotated(d) for d in load_corpus(corpus_dir) if d.origin == "real")),
    }


def training_docs(scratch_config: TrainConfig, held_out: str, k_max: int) -> tuple[list[Any], list[Any]]:
    """(the current model's synthetic training documents, the k_max examples of the held-out format)."""
    from gik_nlp.synth import generate

    data = scratch_config.data
    training = [d for d in generate(data.synthetic_docs, data.synthetic_seed,
                                    without_format(scratch_config.synth, held_out)) if d.format != held_out]
    return training, generate(k_max, EXAMPLE_SEED, only_format(scratch_config.synth, held_out))


def continue_once(config: TrainConfig, base: Path, out_dir: Path, corpus_dir: Path, exclude: frozenset[str],
                  extra: list[Any], what: str) -> float:
    """`gik train --from base` into out_dir unless a finished run with this setup is there; seconds taken."""
    from gik_nlp.tagging.train import train

    setup = {"config": config.to_dict(), "init_from": str(base), "exclude_ids": sorted(exclude),
             "extra_docs": sorted(d.id for d in extra), "what": what}
    done = out_dir / "done.json"
    if done.exists() and json.loads(done.read_text(encoding="utf-8")).get("setup") == setup:
        return float(json.loads(done.read_text(encoding="utf-8"))["seconds"])
    started = time.perf_counter()
    train(config, out_dir, corpus_dir=corpus_dir, init_from=base, exclude_ids=exclude, extra_docs=extra,
          progress=False)
    seconds = round(time.perf_counter() - started, 1)
    done.write_text(json.dumps({"setup": setup, "seconds": seconds}, ensure_ascii=False, indent=1), encoding="utf-8")
    return seconds


def _micro(ev: Evaluation, part: str, picked: list[int]) -> float:
    total = PRF()
    for i in picked:
        doc = ev.documents[i]
        if part == "records":
            total = total + doc.records.micro
        elif doc.spans is not None:
            total = total + sum(doc.spans.values(), PRF())
    return total.f1


def paired_change(before: Evaluation, after: Evaluation, part: str) -> dict[str, float]:
    """Micro F1 after − before on the same documents, with a 95% paired bootstrap interval."""
    n = len(before.documents)
    everything = list(range(n))
    delta = _micro(after, part, everything) - _micro(before, part, everything)
    rng = random.Random(BOOTSTRAP_SEED)
    deltas = sorted(_micro(after, part, s) - _micro(before, part, s)
                    for s in ([rng.randrange(n) for _ in range(n)] for _ in range(BOOTSTRAP_SAMPLES)))
    return {"delta": round(delta, 4), "low": round(deltas[int(0.025 * len(deltas))], 4),
            "high": round(deltas[int(0.975 * len(deltas)) - 1], 4)}


def _f1(point: dict[str, Any] | None, name: str, key: str) -> str:
    value = ((point or {}).get("sets", {}).get(name) or {}).get(key)
    return "—" if value is None else f"{value:.2f}"


def _change(point: dict[str, Any] | None, name: str) -> str:
    if not point:
        return "—"
    change = point["change"][name]["records"]
    return f"{change['delta']:+.2f} [{change['low']:+.2f}, {change['high']:+.2f}]"


def _seconds(curve: dict[str, Any] | None) -> str:
    values = [p["train_seconds"] for p in (curve or {}).get("points", []) if p.get("train_seconds")]
    return f"{min(values):.0f}–{max(values):.0f} s" if values else "—"


def markdown(result: dict[str, Any]) -> str:
    """Two tables: the held-out format, and the other formats (is anything worse?)."""
    fmt = result["held_out_format"]
    real, synthetic = f"real {fmt}", f"synthetic {fmt} (held out)"
    scratch_curve = result.get("from_scratch") or {}
    curves = [{p["k"]: p for p in scratch_curve.get("points", [])}] + [
        {p["k"]: p for p in result["continued"][v]["points"]} for v in VARIANTS]
    ks = sorted({k for curve in curves for k in curve})
    before = result["current_model"]
    sizes = {name: s["documents"] for name, s in before["sets"].items()}
    three = ["scratch", "--from", "--from ×%d" % result["real_repeat"]]

    def cells(k: Any, name: str, key: str) -> list[str]:
        if k is None:
            return [_f1(before, name, key), "", ""]
        return [_f1(curve.get(k), name, key) for curve in curves]

    held = [["current model", *cells(None, real, "record_f1"), *cells(None, synthetic, "span_f1"),
             *cells(None, synthetic, "record_f1")]]
    held += [[k, *cells(k, real, "record_f1"), *cells(k, synthetic, "span_f1"), *cells(k, synthetic, "record_f1")]
             for k in ks]
    other = [["current model", *cells(None, OTHER, "span_f1"), *cells(None, OTHER, "record_f1"), "", "",
              *cells(None, SEEDS, "record_f1"), "", ""]]
    other += [[k, *cells(k, OTHER, "span_f1"), *cells(k, OTHER, "record_f1"),
               *(_change(curve.get(k), OTHER) for curve in curves[1:]), *cells(k, SEEDS, "record_f1"),
               *(_change(curve.get(k), SEEDS) for curve in curves[1:])] for k in ks]
    return "\n".join([
        f"# Retraining for a new format: {fmt} held out, k examples added", "",
        f"Run {result['created']}: `{result['command']}`.", "",
        f"- **current model**: `{result['current_model_dir']}` (`{before['model']}`), the learning curve's k = 0 "
        f"model: {result['scratch_config']} with every {fmt}-format report (tables and prose) removed from its "
        "synthetic training reports.",
        f"- **scratch**: the learning curve, one model trained from scratch per k "
        f"(`{scratch_curve.get('command', 'not run yet')}`, {scratch_curve.get('created', '')}); "
        f"{_seconds(scratch_curve)} per model.",
        f"- **--from**: the current model trained further with {result['config']} (one pass) on the same "
        "training documents plus the same k examples, each example seen once a pass like the synthetic reports "
        f"(as in the scratch curve); {_seconds(result['continued'][VARIANTS[0]])} per model.",
        f"- **--from ×{result['real_repeat']}**: the same, with the examples weighted as annotated reports in "
        f"corpus/ are (origin real: seen real_repeat = {result['real_repeat']} times a pass), which is what a user's "
        f"`gik corpus import` + `gik train --from` does; {_seconds(result['continued'][VARIANTS[1]])} per model.",
        f"- k = 0 of --from is the current model trained one more pass with no example: what more training "
        "alone does.",
        f"- The examples are synthetic {fmt} reports (seed {EXAMPLE_SEED}): real texts of the format may not "
        "enter the repository. F1 is micro F1; record F1 counts every gold record field and statistic "
        "(docs/evaluation.md).", "",
        f"## The held-out format ({sizes.get(real, 0)} real reports with gold records, eval/gold; "
        f"{sizes.get(synthetic, 0)} synthetic, held out)", "",
        table(["k", f"real {fmt} record F1: " + three[0], *three[1:], f"synthetic {fmt} span F1: " + three[0],
               *three[1:], "record F1: " + three[0], *three[1:]], held, markdown=True), "",
        f"## The other formats, before and after ({sizes.get(OTHER, 0)} synthetic reports of the other formats, "
        f"held out; {sizes.get(SEEDS, 0)} real seed reports, in every training set)", "",
        "Change = continued model − current model, record micro F1, with a 95% paired bootstrap interval over "
        f"the documents ({BOOTSTRAP_SAMPLES} resamples): an interval entirely below 0 is a loss larger than noise.",
        "",
        table(["k", "other formats span F1: " + three[0], *three[1:], "record F1: " + three[0], *three[1:],
               "change " + three[1], "change " + three[2], "real seeds record F1: " + three[0], *three[1:],
               "change " + three[1], "change " + three[2]], other, markdown=True), ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, default=Path("runs/learning-curve/k-0"),
                        help="the current model: the learning curve's k = 0 model")
    parser.add_argument("--scratch", type=Path, default=Path("docs/learning_curve.json"),
                        help="the learning curve's JSON (from-scratch points), shown beside")
    parser.add_argument("--scratch-config", type=Path, default=Path("training/cv.yaml"),
                        help="the config the learning curve trained with (its documents are rebuilt)")
    parser.add_argument("--config", type=Path, default=Path("training/retrain_demo.yaml"),
                        help="the continued-training config")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--held-out-format", default="2021")
    parser.add_argument("--ks", nargs="+", type=int, default=list(KS))
    parser.add_argument("--test-docs", type=int, default=30, help="as learning_curve's test_docs")
    parser.add_argument("--work-dir", type=Path, default=Path("runs/retrain-demo"))
    parser.add_argument("-o", "--out", type=Path, default=Path("docs/results/retrain_demo.json"))
    parser.add_argument("--markdown", type=Path, default=Path("docs/results/retrain_demo.md"))
    parser.add_argument("--tables-only", action="store_true",
                        help="only rewrite the tables from --out and --scratch (nothing trained or scored)")
    args = parser.parse_args(argv)
    if args.tables_only:
        result = json.loads(args.out.read_text(encoding="utf-8"))
        result["from_scratch"] = _scratch(args.scratch)
        return _write(result, args.out, args.markdown)

    from gik_nlp.tagging import load_tagger

    fmt = args.held_out_format
    scratch_config = TrainConfig.from_file(args.scratch_config)
    config = TrainConfig.from_file(args.config)
    config = dataclasses.replace(config, data=dataclasses.replace(config.data, synthetic_docs=0))
    training, examples = training_docs(scratch_config, fmt, max(args.ks))
    base_done = json.loads((args.base / "done.json").read_text(encoding="utf-8"))["setup"]
    if base_done["extra_docs"] != sorted(d.id for d in training):
        print(f"{args.base}: its training documents are not {args.scratch_config}'s with {fmt} removed; "
              "rerun the learning curve with that config", file=sys.stderr)
        return 1
    exclude = frozenset(base_done["exclude_ids"])
    sets = build_test_sets(scratch_config, fmt, args.corpus, args.test_docs)
    for item in sets[f"real {fmt}"].skipped:
        print(f"skipped {item.id}: {item.reason}", file=sys.stderr)

    def score(model_dir: Path) -> dict[str, Evaluation]:
        tagger = load_tagger(model_dir)
        return {name: evaluate_tagger(tagger, gold, name=name) for name, gold in sets.items()}

    print(f"scoring the current model {args.base}", file=sys.stderr)
    before = score(args.base)
    continued: dict[str, Any] = {}
    scored: dict[Path, tuple[dict[str, Evaluation], float]] = {}
    for variant in VARIANTS:
        as_real = variant == VARIANTS[1]
        points, changes = [], []
        for k in args.ks:
            # k = 0 has no example to weigh: both variants share that run.
            run, what = ((f"real-k-{k}", f", {k} examples as real reports") if as_real and k
                         else (f"k-{k}", f", {k} examples"))
            out_dir = args.work_dir / run
            if out_dir not in scored:
                print(f"{variant}, k = {k}: continuing {args.base} → {out_dir}", file=sys.stderr)
                added = [dataclasses.replace(d, origin="real") if as_real else d for d in examples[:k]]
                seconds = continue_once(config, args.base, out_dir, args.corpus, exclude, training + added,
                                        f"--from {args.base}, {fmt} held out" + what)
                scored[out_dir] = (score(out_dir), seconds)
            evaluations, seconds = scored[out_dir]
            points.append(CurvePoint(k, evaluations, seconds))
            changes.append({name: {part: paired_change(before[name], evaluations[name], part)
                                   for part in ("spans", "records")} for name in (OTHER, SEEDS)})
        curve = curve_to_dict(points, fmt)
        for row, change in zip(curve["points"], changes):
            row["change"] = change
        continued[variant] = curve
    current = curve_to_dict([CurvePoint(0, before, 0.0)], fmt)["points"][0]
    current["model"] = load_tagger(args.base).name
    result = {"command": " ".join(["python scripts/retrain_demo.py", *(sys.argv[1:] if argv is None else argv)]),
              "created": datetime.date.today().isoformat(), "config": str(args.config),
              "scratch_config": str(args.scratch_config), "current_model_dir": str(args.base),
              "held_out_format": fmt, "real_repeat": config.data.real_repeat, "current_model": current,
              "continued": continued,
              "from_scratch": _scratch(args.scratch)}
    return _write(result, args.out, args.markdown)


def _scratch(path: Path) -> dict[str, Any] | None:
    """The from-scratch learning curve's points, or None before it has been run."""
    if not path.is_file():
        return None
    curve = json.loads(path.read_text(encoding="utf-8"))
    return {key: curve.get(key) for key in ("command", "config", "created", "points")}


def _write(result: dict[str, Any], out: Path, markdown_out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    markdown_out.write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
