"""The retraining curve on real reports: one format held out, k real annotated reports of it added.

For each held-out format F (2021, then 2019) every real report of F is taken out of training
(the annotated openings of every split, and the generator's F tables and prose of F's years);
then k = 0, 1, 2, 4, 8 and *all* real F reports of the openings' train split are added back,
annotated, in a fixed order (sha256 of the corpus id: not chosen by their scores). One CRF is
trained per point (training/retrain_crf.yaml by default, the shipped kind reduced to fit the
machine) and scored on:

- F's held-out real reports: the openings' test split of F (spans and records) and the whole real
  reports of F with gold records (eval/gold: pingtan 2019–2025, shuyang, huaian, govnianbao;
  records only), together and apart;
- every other format's openings test split (spans and records), with a 95% paired bootstrap
  interval of the change against k = 0 (the model before the new format was added): a regression
  beyond noise is an interval wholly below 0.

The k = 8 point is also trained the way a user does it (``gik train --from`` the k = 0 model): the
CRF is refitted from zero on the grown corpus (crfsuite has no warm start), so the script checks
that the fitted weights are byte-identical to the from-scratch k = 8 model's instead of scoring
them twice. CPU seconds of each fit are the training process's CPU time (time.process_time).

    python scripts/retrain_demo.py --formats 2021          # one format (parallel runs are fine)
    python scripts/retrain_demo.py --tables-only           # rewrite the markdown from the JSON files

The test split is scored to report, never to tune: nothing here picks a setting by its scores.
Finished fits are reused (``done.json`` beside each model folder).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gik_nlp.evaluate.metrics import PRF
from gik_nlp.evaluate.score import DocumentResult, Evaluation

FORMATS = ("2021", "2019")
ALL_FORMATS = ("pre2019", "2019", "2021")
KS = (0, 1, 2, 4, 8)
BOOTSTRAP_SAMPLES = 2000  # resamples of the documents for each interval
BOOTSTRAP_SEED = 8        # fixed: the same intervals on every run
TOLERANCE = 0.03          # issue 18: with 8 reports, within this of the model trained with all of them


def example_order(ids: Sequence[str]) -> list[str]:
    """The held-out format's training reports in the order they are added: by sha256 of the id.

    >>> example_order(["b", "a"]) == sorted(["a", "b"], key=lambda i: hashlib.sha256(i.encode()).hexdigest())
    True
    """
    return sorted(ids, key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())


def micro(docs: Sequence[DocumentResult], part: str) -> PRF:
    """Summed counts of ``part`` ("records" or "spans") over documents (spans: those with gold spans)."""
    total = PRF()
    for doc in docs:
        if part == "records":
            total = total + doc.records.micro
        elif doc.spans is not None:
            total = total + sum(doc.spans.values(), PRF())
    return total


def paired_change(before: Sequence[DocumentResult], after: Sequence[DocumentResult], part: str) -> dict[str, float]:
    """F1 after − before on the same documents, with a 95% paired bootstrap interval over the documents."""
    n = len(before)
    if not n:
        return {}
    delta = micro(after, part).f1 - micro(before, part).f1
    rng = random.Random(BOOTSTRAP_SEED)
    deltas = []
    for _ in range(BOOTSTRAP_SAMPLES):
        picked = [rng.randrange(n) for _ in range(n)]
        deltas.append(micro([after[i] for i in picked], part).f1 - micro([before[i] for i in picked], part).f1)
    deltas.sort()
    return {"delta": round(delta, 4), "low": round(deltas[int(0.025 * len(deltas))], 4),
            "high": round(deltas[int(0.975 * len(deltas)) - 1], 4)}


def _fit(config: Any, out_dir: Path, corpus_dir: Path, exclude: frozenset[str], extra: list[Any], what: str,
         init_from: Path | None = None) -> dict[str, float]:
    """Train into out_dir unless a finished run with this setup is there; its wall and CPU seconds."""
    from gik_nlp.tagging.train import train

    setup = {"config": config.to_dict(), "exclude_ids": sorted(exclude), "extra_docs": sorted(d.id for d in extra),
             "init_from": str(init_from) if init_from else None, "what": what}
    done = out_dir / "done.json"
    if done.exists():
        previous = json.loads(done.read_text(encoding="utf-8"))
        if previous.get("setup") == setup:
            return previous["time"]
    wall, cpu = time.perf_counter(), time.process_time()
    train(config, out_dir, corpus_dir=corpus_dir, init_from=init_from, exclude_ids=exclude, extra_docs=extra,
          progress=False)
    took = {"wall_seconds": round(time.perf_counter() - wall, 1), "cpu_seconds": round(time.process_time() - cpu, 1)}
    done.write_text(json.dumps({"setup": setup, "time": took}, ensure_ascii=False, indent=1), encoding="utf-8")
    return took


def _set_scores(docs: Sequence[DocumentResult]) -> dict[str, Any]:
    spans, records = micro(docs, "spans"), micro(docs, "records")
    return {"documents": len(docs), "span_f1": round(spans.f1, 4) if any(d.spans is not None for d in docs) else None,
            "record_f1": round(records.f1, 4), "records": records.to_dict()}


def run_format(fmt: str, config_path: Path, corpus_dir: Path, ks: Sequence[int], work_dir: Path) -> dict[str, Any]:
    """Train and score the curve of one held-out format; the JSON written for it."""
    import dataclasses

    from gik_nlp.corpus.format import load_corpus
    from gik_nlp.evaluate.crossval import without_format
    from gik_nlp.evaluate.gold import GOLD_RECORDS_DIR, REPORTS_DIR, GoldSet, from_annotated, load_gold_records
    from gik_nlp.evaluate.score import evaluate_tagger
    from gik_nlp.synth import generate
    from gik_nlp.tagging import load_tagger
    from gik_nlp.tagging.config import TrainConfig

    config = TrainConfig.from_file(config_path)
    synthetic = [d for d in generate(config.data.synthetic_docs, config.data.synthetic_seed,
                                     without_format(config.synth, fmt)) if d.format != fmt]
    config = dataclasses.replace(config, data=dataclasses.replace(config.data, synthetic_docs=0))
    skipped: list[Any] = []
    corpus = load_corpus(corpus_dir, None, skipped)
    if skipped:
        raise SystemExit(f"{len(skipped)} corpus texts are missing (first: {skipped[0].file}); "
                         "the curve needs every real opening (../shared/real)")
    held = frozenset(d.id for d in corpus if d.format == fmt and d.origin == "real")
    pool = example_order([d.id for d in corpus if d.id in held and d.split == "train"])
    points = sorted({*ks, len(pool)})

    whole = load_gold_records(GOLD_RECORDS_DIR, REPORTS_DIR)
    sets = {f"{fmt} test openings": GoldSet(tuple(from_annotated(d) for d in corpus
                                                  if d.split == "test" and d.format == fmt)),
            f"{fmt} whole reports": GoldSet(tuple(i for i in whole.items if i.format == fmt), whole.skipped)}
    for other in ALL_FORMATS:
        if other != fmt:
            sets[f"{other} test openings"] = GoldSet(tuple(from_annotated(d) for d in corpus
                                                           if d.split == "test" and d.format == other))
    for item in sets[f"{fmt} whole reports"].skipped:
        print(f"skipped {item.id}: {item.reason}", file=sys.stderr)

    results: dict[int, dict[str, Evaluation]] = {}
    rows = []
    for k in points:
        out_dir = work_dir / f"{fmt}-held-out" / f"k-{k}"
        print(f"{fmt} held out, k = {k}: training {out_dir}", file=sys.stderr, flush=True)
        took = _fit(config, out_dir, corpus_dir, held - set(pool[:k]), synthetic,
                    f"{fmt} held out, {k} real {fmt} reports of the train split added")
        tagger = load_tagger(out_dir)
        results[k] = {name: evaluate_tagger(tagger, gold, name=name) for name, gold in sets.items()}
        rows.append({"k": k, "examples": pool[:k], "model": tagger.name, **took})
    held_names = [f"{fmt} test openings", f"{fmt} whole reports"]
    full = len(pool)
    for row in rows:
        k = row["k"]
        row["sets"] = {name: _set_scores(ev.documents) for name, ev in results[k].items()}
        together = [d for name in held_names for d in results[k][name].documents]
        row["sets"][f"{fmt} held out, together"] = _set_scores(together)
        row["against_all"] = {part: paired_change([d for n in held_names for d in results[full][n].documents],
                                                  together, part) for part in ("records", "spans")}
        row["against_k0"] = {name: {part: paired_change(results[0][name].documents, results[k][name].documents, part)
                                    for part in ("records", "spans")}
                             for name in sets if name not in held_names}
    # --from: the user's command, continuing the k = 0 model; the CRF refits from zero.
    from_check: dict[str, Any] = {}
    if 8 in points:
        out_dir = work_dir / f"{fmt}-held-out" / "from-k-0-k-8"
        took = _fit(config, out_dir, corpus_dir, held - set(pool[:8]), synthetic,
                    f"{fmt} held out, 8 real {fmt} reports added, --from k-0",
                    init_from=work_dir / f"{fmt}-held-out" / "k-0")
        scratch = work_dir / f"{fmt}-held-out" / "k-8"
        from_check = {"model_dir": str(out_dir), **took,
                      "same_weights_as_scratch": (out_dir / "model.crfsuite").read_bytes()
                      == (scratch / "model.crfsuite").read_bytes()}
    return {"command": "python scripts/retrain_demo.py " + " ".join(sys.argv[1:]),
            "created": datetime.date.today().isoformat(), "config": str(config_path), "held_out_format": fmt,
            "held_out_real_ids": len(held), "train_pool": len(pool), "tolerance": TOLERANCE,
            "points": rows, "from_check": from_check}


# --- the tables ---------------------------------------------------------------------------


def _cell(row: dict[str, Any], name: str, key: str) -> str:
    value = row["sets"].get(name, {}).get(key)
    return "—" if value is None else f"{value:.3f}"


def _interval(change: dict[str, float]) -> str:
    return f"{change['delta']:+.3f} [{change['low']:+.3f}, {change['high']:+.3f}]" if change else "—"


def markdown(curves: Sequence[dict[str, Any]]) -> str:
    """The curves as markdown: the held-out format, then the other formats against k = 0."""
    from gik_nlp.evaluate.report import table

    lines = ["# Retraining for a new format, on real reports", "",
             "Made by `make retrain-demo` (scripts/retrain_demo.py); rules in docs/retraining.md.", ""]
    for curve in curves:
        fmt, rows = curve["held_out_format"], curve["points"]
        full = rows[-1]["k"]
        first = rows[0]["sets"]
        lines += [f"## {fmt} held out ({curve['created']}, `{curve['config']}`)", "",
                  f"Held-out real {fmt} reports in training at k = 0: none of the {curve['held_out_real_ids']} "
                  f"annotated openings of {fmt}; k of the {curve['train_pool']} in the train split added back "
                  f"(k = {full}: all of them). Scored on {first[f'{fmt} test openings']['documents']} test-split "
                  f"openings of {fmt} and {first[f'{fmt} whole reports']['documents']} whole real {fmt} reports "
                  "(eval/gold, records only).", "",
                  table(["k", "record F1, together", "record F1, test openings", "record F1, whole reports",
                         "span F1, test openings", f"record F1 − k = {full} [95% CI]", "CPU min", "wall min"],
                        [[r["k"], _cell(r, f"{fmt} held out, together", "record_f1"),
                          _cell(r, f"{fmt} test openings", "record_f1"), _cell(r, f"{fmt} whole reports", "record_f1"),
                          _cell(r, f"{fmt} test openings", "span_f1"), _interval(r["against_all"]["records"]),
                          f"{r['cpu_seconds'] / 60:.1f}", f"{r['wall_seconds'] / 60:.1f}"] for r in rows],
                        markdown=True), ""]
        others = [n for n in first if n.endswith("test openings") and not n.startswith(fmt)]
        header = ["k"]
        for name in others:
            header += [f"{name} ({first[name]['documents']}): record F1", "change vs k = 0 [95% CI]",
                       "span F1", "change vs k = 0 [95% CI]"]
        body = []
        for r in rows:
            cells: list[object] = [r["k"]]
            for name in others:
                cells += [_cell(r, name, "record_f1"), _interval(r["against_k0"][name]["records"]),
                          _cell(r, name, "span_f1"), _interval(r["against_k0"][name]["spans"])]
            body.append(cells)
        lines += [f"The other formats (test split), {fmt} held out:", "", table(header, body, markdown=True), ""]
        check = curve.get("from_check") or {}
        if check:
            lines += [f"`--from` the k = 0 model with the same 8 reports: {check['cpu_seconds'] / 60:.1f} CPU min; "
                      f"weights identical to the from-scratch k = 8 model: {check['same_weights_as_scratch']}.", ""]
        eight = next((r for r in rows if r["k"] == 8), None)
        if eight:
            change = eight["against_all"]["records"]
            worst = min((eight["against_k0"][n]["records"]["low"] for n in others), default=0.0)
            lines += [f"Done-when check, {fmt}: record F1 at k = 8 − at k = {full} = {change['delta']:+.3f} "
                      f"(needs ≥ −{TOLERANCE}: {'met' if change['delta'] >= -TOLERANCE else 'NOT met'}); "
                      "other formats' record F1 change vs k = 0: "
                      + ", ".join(f"{n} {_interval(eight['against_k0'][n]['records'])}" for n in others)
                      + f" ({'no interval wholly below 0' if all(eight['against_k0'][n]['records']['high'] >= 0 for n in others) else 'a drop beyond noise'}; lowest bound {worst:+.3f}).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--config", type=Path, default=Path("training/retrain_crf.yaml"))
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--ks", nargs="+", type=int, default=list(KS))
    parser.add_argument("--work-dir", type=Path, default=Path("runs/retrain-real"))
    parser.add_argument("--out-dir", type=Path, default=Path("docs/results"),
                        help="retrain_real_<format>.json per format and retrain_real.md")
    parser.add_argument("--tables-only", action="store_true", help="only rewrite the markdown from the JSON files")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if not args.tables_only:
        for fmt in args.formats:
            curve = run_format(fmt, args.config, args.corpus, args.ks, args.work_dir)
            (args.out_dir / f"retrain_real_{fmt}.json").write_text(
                json.dumps(curve, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    curves = [json.loads(p.read_text(encoding="utf-8")) for fmt in FORMATS
              if (p := args.out_dir / f"retrain_real_{fmt}.json").is_file()]
    text = markdown(curves)
    (args.out_dir / "retrain_real.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
