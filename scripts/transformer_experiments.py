"""The transformer tagger against the CRF: the final comparison and the learning curves.

    python scripts/transformer_experiments.py compare   # CRF vs transformer on the corpus test split
    python scripts/transformer_experiments.py curve     # F1 against labelled documents, ± pretraining
    python scripts/transformer_experiments.py score --split dev MODEL[@int8,stride=N] …  # side by side
    python scripts/transformer_experiments.py ensemble --crf DIR --transformer DIR -o runs/ensemble

``compare`` trains, on the corpus' train split (dev for choosing epochs), the CRF
(training/crf.yaml) and the transformer (training/transformer.yaml, fine-tuned from the
encoder of training/pretrain.yaml, distilled from the CRF just trained), then scores both on
the test split in the same run: one table, span micro F1 and record macro F1. It is run once,
to report; nothing is chosen on it. Written to docs/transformer_compare.{json,md}.

``curve`` trains on k labelled real documents of the train split (k = --ks; the first k in
a fixed order) plus synthetic reports, with and without the pretrained encoder, and the
CRF at the same k for reference; each model is scored on the corpus' real dev documents.
While the corpus has no real dev documents (five seed reports only), the last --hold-out
real training documents (sorted by id) are held out instead and scored. Written to
docs/transformer_curve.{json,md}. Finished runs are reused (a ``done.json`` beside each model).

``score`` scores model folders (any kind; a transformer with inference options after ``@``, as
gik_nlp.tagging.config.parse_model_argument reads them) on one corpus split in the same run: one table.

``ensemble`` mixes a CRF's and a transformer's per-character tag probabilities
(tagging/ensemble.py): it computes both on every document of ``--split`` (dev; never test) once,
scores each mixing × weight × decoding, writes the sweep to ``--sweep-out`` and the ensemble folder with the
best weight (span micro F1 on that split, record macro F1 breaking ties) to ``-o``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gik_nlp.corpus.format import load_corpus  # noqa: E402
from gik_nlp.evaluate.gold import GoldSet, from_annotated, load_gold  # noqa: E402
from gik_nlp.evaluate.score import Evaluation, evaluate_tagger  # noqa: E402
from gik_nlp.tagging.config import TrainConfig, parse_model_argument  # noqa: E402


CURVE_MODELS = ("crf", "transformer", "transformer+pretrain")


def scores(ev: Evaluation) -> dict[str, Any]:
    """The figures of one evaluation: span micro P/R/F1, record macro and micro F1."""
    spans = ev.spans()
    micro = spans.micro if spans else None
    records = ev.records()
    return {"documents": len(ev.documents),
            "span_micro": {"precision": round(micro.precision, 4), "recall": round(micro.recall, 4),
                           "f1": round(micro.f1, 4), "support": micro.support} if micro else None,
            "span_per_label": {k: round(v.f1, 4) for k, v in spans.per_key.items()} if spans else {},
            "record_macro_f1": round(records.macro["f1"], 4), "record_micro_f1": round(records.micro.f1, 4)}


def _load(spec: str | Path) -> Any:
    """The tagger of a model folder, with transformer inference options after ``@`` (parse_model_argument)."""
    from gik_nlp.tagging import load_tagger
    from gik_nlp.tagging.infer import Tagger

    folder, options = parse_model_argument(str(spec))
    return Tagger(folder, **options) if options else load_tagger(folder)


def _score(model_dir: Path | str, gold: GoldSet, name: str) -> dict[str, Any]:
    tagger = _load(model_dir)
    started = time.perf_counter()
    out = scores(evaluate_tagger(tagger, gold, name=name))
    out["seconds"] = round(time.perf_counter() - started, 1)
    out["model"] = tagger.name
    return out


def _trained(out_dir: Path, make: Any) -> dict[str, Any]:
    """Run ``make()`` unless ``out_dir/done.json`` says it finished; what done.json records."""
    done = out_dir / "done.json"
    if done.is_file():
        return json.loads(done.read_text(encoding="utf-8"))
    started = time.perf_counter()
    info = make() or {}
    info = dict(info, seconds=round(time.perf_counter() - started, 1))
    out_dir.mkdir(parents=True, exist_ok=True)
    done.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return info


def _write(out: Path, result: dict[str, Any], markdown: str) -> int:
    """Write ``out``.json and ``out``.md, print the markdown; the exit code (0)."""
    out.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


def encoder(config_path: Path, out_dir: Path) -> Path:
    """The pretrained encoder of ``config_path`` (pretrained once under ``out_dir``)."""
    from gik_nlp.tagging.pretrain import PretrainConfig, pretrain

    _trained(out_dir, lambda: {"steps": pretrain(PretrainConfig.from_file(config_path), out_dir).steps})
    return out_dir


def train_model(config: TrainConfig, out_dir: Path, corpus: Path, base_model: Path | None = None,
                exclude: frozenset[str] = frozenset()) -> Path:
    from gik_nlp.tagging.train import train

    def make() -> dict[str, Any]:
        result = train(config, out_dir, corpus_dir=corpus, base_model=base_model, exclude_ids=exclude,
                       progress=False)
        return {"name": result.name, "best_epoch": result.best_epoch, "epochs": result.epochs_run,
                "dev_micro_f1": result.dev_scores.get("micro", {}).get("f1"), "train_chars": result.train_chars}

    _trained(out_dir, make)
    return out_dir


def compare(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    gold = load_gold([corpus], split="test")
    if not gold.items:
        print(f"{corpus} has no documents in split 'test': nothing to compare on (the annotated openings "
              f"with their fixed split make one)", file=sys.stderr)
        return 1
    work = Path(args.work_dir)
    crf_dir = train_model(TrainConfig.from_file(args.crf_config), work / "crf", corpus)
    enc = encoder(Path(args.pretrain_config), work / "encoder") if not args.no_pretrain else None
    config = TrainConfig.from_file(args.transformer_config)
    if config.distill.teacher:  # the teacher is the CRF of this same run (trained on the same split)
        config = dataclasses.replace(config, distill=dataclasses.replace(config.distill, teacher=str(crf_dir)))
    tf_dir = train_model(config, work / "transformer", corpus, base_model=enc)
    table = {"split": "test", "corpus": str(corpus), "documents": len(gold.items),
             "crf": _score(crf_dir, gold, "test"), "transformer": _score(tf_dir, gold, "test"),
             "configs": {"crf": args.crf_config, "transformer": args.transformer_config,
                         "pretrain": None if args.no_pretrain else args.pretrain_config}}
    crf, tf = table["crf"], table["transformer"]
    table["transformer_wins"] = bool(tf["span_micro"] and crf["span_micro"]
                                     and tf["span_micro"]["f1"] >= crf["span_micro"]["f1"]
                                     and tf["record_macro_f1"] >= crf["record_macro_f1"])
    return _write(Path(args.out), table, compare_markdown(table))


def compare_markdown(table: dict[str, Any]) -> str:
    """The comparison as one markdown table."""
    def row(name: str, s: dict[str, Any]) -> str:
        span = s["span_micro"] or {}
        return (f"| {name} (`{s['model']}`) | {span.get('precision', 0):.3f} | {span.get('recall', 0):.3f} | "
                f"{span.get('f1', 0):.3f} | {s['record_macro_f1']:.3f} | {s['record_micro_f1']:.3f} |")

    delta_span = ((table["transformer"]["span_micro"] or {}).get("f1", 0)
                  - (table["crf"]["span_micro"] or {}).get("f1", 0))
    delta_rec = table["transformer"]["record_macro_f1"] - table["crf"]["record_macro_f1"]
    lines = [f"CRF vs transformer on the corpus `{table['split']}` split ({table['documents']} documents), "
             f"same run (`python scripts/transformer_experiments.py compare`).", "",
             "| model | span P | span R | span micro F1 | record macro F1 | record micro F1 |",
             "|---|---:|---:|---:|---:|---:|", row("CRF", table["crf"]), row("transformer", table["transformer"]), "",
             f"Transformer − CRF: span micro F1 {delta_span:+.3f}, record macro F1 {delta_rec:+.3f}: "
             + ("the transformer is at least as good on both." if table["transformer_wins"]
                else "the CRF stays the default."), ""]
    return "\n".join(lines)


def curve(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    docs = load_corpus(corpus)
    train_real = sorted((d for d in docs if d.origin == "real" and d.split == "train"), key=lambda d: d.id)
    dev_real = [d for d in docs if d.origin == "real" and d.split == "dev"]
    note = "corpus dev split"
    if not dev_real:
        dev_real, train_real = train_real[-args.hold_out:], train_real[:-args.hold_out]
        note = (f"no real dev documents: the last {args.hold_out} real training documents by id held out "
                f"({', '.join(d.id for d in dev_real)})")
    gold = GoldSet(tuple(from_annotated(d) for d in dev_real))
    all_real = frozenset(d.id for d in docs if d.origin == "real")
    work = Path(args.work_dir)
    tf_config = TrainConfig.from_file(args.transformer_config)
    runs = [("crf", TrainConfig.from_file(args.crf_config), None), ("transformer", tf_config, None),
            ("transformer+pretrain", tf_config, "encoder")]
    points = []
    for k in args.ks:
        if k > len(train_real):
            break
        chosen = frozenset(d.id for d in train_real[:k])
        exclude = all_real - chosen  # dev documents are excluded too: they are what is scored
        point: dict[str, Any] = {"k": k, "labelled": sorted(chosen)}
        for name, config, base in runs:
            if name not in args.models:
                continue
            if base == "encoder":  # pretrained once, shared by every point (or given with --encoder)
                base = Path(args.encoder) if args.encoder else encoder(Path(args.pretrain_config), work / "encoder")
            if name.startswith("transformer") and config.distill.teacher:
                # a teacher trained on more labels than the point has would leak them: the CRF of this point
                config = dataclasses.replace(config, distill=dataclasses.replace(
                    config.distill, teacher=str(work / f"k{k}" / "crf")))
            model = train_model(config, work / f"k{k}" / name, corpus, base_model=base, exclude=exclude)
            point[name] = _score(model, gold, "dev")
            print(json.dumps({"k": k, "model": name, **{key: point[name][key] for key in
                                                        ("span_micro", "record_macro_f1")}}), file=sys.stderr)
        points.append(point)
    result = {"evaluated_on": note, "documents": len(dev_real), "points": points,
              "configs": {"crf": args.crf_config, "transformer": args.transformer_config,
                          "pretrain": args.pretrain_config}}
    return _write(Path(args.out), result, curve_markdown(result))


def curve_markdown(result: dict[str, Any]) -> str:
    """The learning curve as a markdown table: span micro F1 / record macro F1 per model and k."""
    names = CURVE_MODELS
    lines = [f"Learning curve: k labelled real documents (+ synthetic), scored on {result['evaluated_on']} "
             f"({result['documents']} documents). Cells: span micro F1 / record macro F1.", "",
             "| k | " + " | ".join(names) + " |", "|---:|" + "---:|" * len(names)]
    for point in result["points"]:
        cells = []
        for name in names:
            s = point.get(name)
            cells.append(f"{(s['span_micro'] or {}).get('f1', 0):.3f} / {s['record_macro_f1']:.3f}" if s else "—")
        lines.append(f"| {point['k']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def score(args: argparse.Namespace) -> int:
    import torch

    torch.set_num_threads(args.threads)
    gold = load_gold([Path(args.corpus)], split=args.split)
    rows = {spec: _score(spec, gold, args.split) for spec in args.models}
    lines = [f"Corpus `{args.split}` split ({len(gold.items)} documents), same run.", "",
             "| model | span P | span R | span micro F1 | record macro F1 | record micro F1 | seconds |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for spec, s in rows.items():
        span = s["span_micro"] or {}
        lines.append(f"| `{spec}` | {span.get('precision', 0):.3f} | {span.get('recall', 0):.3f} | "
                     f"{span.get('f1', 0):.3f} | {s['record_macro_f1']:.3f} | {s['record_micro_f1']:.3f} | "
                     f"{s['seconds']} |")
    result = {"split": args.split, "documents": len(gold.items), "rows": rows}
    if args.out:
        return _write(Path(args.out), result, "\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


class _MixedTagger:
    """An ensemble over precomputed probabilities (per document id), so a sweep tags each document once."""

    def __init__(self, probs: dict[str, tuple[Any, Any]], names: Any, weight: float, decode: str, how: str):
        self.probs, self.names, self.weight, self.decode, self.how = probs, names, weight, decode, how
        self.name = f"ensemble {how} w={weight:g} {decode}"
        self.metadata = {"kind": "ensemble"}

    def tag(self, doc: Any) -> list:
        from gik_nlp.tagging.ensemble import mix, spans_from_probs

        p_crf, p_tf = self.probs[doc.id]
        return spans_from_probs(doc.text, mix(p_crf, p_tf, self.weight, self.how), self.decode)


def ensemble(args: argparse.Namespace) -> int:
    import torch

    from gik_nlp.tagging.ensemble import save_ensemble

    if args.split == "test":
        print("ensemble: the weight is chosen on dev (or train), never on test", file=sys.stderr)
        return 2
    torch.set_num_threads(args.threads)
    gold = load_gold([Path(args.corpus)], split=args.split)
    crf, tf = _load(args.crf), _load(args.transformer)
    started = time.perf_counter()
    probs = {item.document.id: (crf.marginals(item.document.text), tf.marginals(item.document.text))
             for item in gold.items}
    seconds = round(time.perf_counter() - started, 1)
    sweep = []
    for how in args.mix:
        for decode in args.decode:
            for weight in args.weights:
                s = scores(evaluate_tagger(_MixedTagger(probs, crf.names, weight, decode, how), gold,
                                           name=args.split))
                sweep.append({"mix": how, "weight": weight, "decode": decode, **s})
                print(json.dumps({"mix": how, "weight": weight, "decode": decode,
                                  "span_micro_f1": s["span_micro"]["f1"], "record_macro_f1": s["record_macro_f1"]}),
                      file=sys.stderr)
    best = max(sweep, key=lambda r: (r["span_micro"]["f1"], r["record_macro_f1"]))
    transformer_folder, options = parse_model_argument(args.transformer)
    info = {"chosen_on": {"split": args.split, "corpus": args.corpus, "documents": len(gold.items),
                          "span_micro_f1": best["span_micro"]["f1"], "record_macro_f1": best["record_macro_f1"],
                          "weights": list(args.weights), "decodings": list(args.decode), "mixes": list(args.mix)}}
    out = save_ensemble(args.out, parse_model_argument(args.crf)[0], transformer_folder,
                        best["weight"], best["decode"], options, best["mix"], info)
    result = {"split": args.split, "documents": len(gold.items), "probability_seconds": seconds,
              "crf": args.crf, "transformer": args.transformer, "sweep": sweep,
              "chosen": {"mix": best["mix"], "weight": best["weight"], "decode": best["decode"], "folder": str(out)}}
    lines = [f"Ensemble weight sweep on the corpus `{args.split}` split ({len(gold.items)} documents): "
             f"linear p = w·p_transformer + (1−w)·p_crf, log p ∝ p_transformer^w·p_crf^(1−w); "
             f"`{args.transformer}` with `{args.crf}`.", "",
             "| mix | decode | w | span micro F1 | record macro F1 | record micro F1 |",
             "|---|---|---:|---:|---:|---:|"]
    lines += [f"| {r['mix']} | {r['decode']} | {r['weight']:g} | {r['span_micro']['f1']:.3f} | "
              f"{r['record_macro_f1']:.3f} | {r['record_micro_f1']:.3f} |" for r in sweep]
    lines += ["", f"Chosen: {best['mix']}, w = {best['weight']:g}, {best['decode']} → `{out}`.", ""]
    return _write(Path(args.sweep_out), result, "\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("compare", "curve"):
        p = sub.add_parser(name)
        p.add_argument("--corpus", default="corpus")
        p.add_argument("--crf-config", default="training/crf.yaml" if name == "compare" else "training/cv_crf.yaml")
        p.add_argument("--transformer-config",
                       default="training/transformer.yaml" if name == "compare" else "training/transformer_cv.yaml")
        p.add_argument("--pretrain-config", default="training/pretrain.yaml")
        p.add_argument("--work-dir", default=f"runs/transformer-{name}")
        p.add_argument("--out", default=f"docs/transformer_{name}")
    sub.choices["compare"].add_argument("--no-pretrain", action="store_true",
                                        help="fine-tune the transformer from scratch (no encoder)")
    sub.choices["curve"].add_argument("--ks", type=int, nargs="+", default=[0, 1, 3, 10, 30, 100, 186])
    sub.choices["curve"].add_argument("--models", nargs="+", default=list(CURVE_MODELS), choices=CURVE_MODELS,
                                      help="train and score only these (runs in parallel processes share work-dir)")
    sub.choices["curve"].add_argument("--encoder", default=None,
                                      help="an encoder folder to use instead of pretraining one under work-dir")
    sub.choices["curve"].add_argument("--hold-out", type=int, default=2,
                                      help="real training documents held out when the corpus has no dev ones")
    p = sub.add_parser("score")
    p.add_argument("models", nargs="+", help="model folders, a transformer's with @int8,stride=N options")
    p.add_argument("--split", required=True, choices=("train", "dev", "test"))
    p.add_argument("--corpus", default="corpus")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", default=None, help="write OUT.json and OUT.md")
    p = sub.add_parser("ensemble")
    p.add_argument("--crf", default="models/default")
    p.add_argument("--transformer", required=True, help="a transformer folder (@int8 … options kept)")
    p.add_argument("--split", default="dev", choices=("train", "dev"))
    p.add_argument("--corpus", default="corpus")
    p.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    p.add_argument("--decode", nargs="+", default=["argmax", "viterbi"], choices=("argmax", "viterbi"))
    p.add_argument("--mix", nargs="+", default=["linear", "log"], choices=("linear", "log"))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--sweep-out", default="docs/transformer_ensemble_dev")
    p.add_argument("-o", "--out", required=True, help="the ensemble folder to write")
    args = parser.parse_args(argv)
    for argument in getattr(args, "models", []) + [getattr(args, k) for k in ("crf", "transformer") if hasattr(args, k)]:
        try:  # a bad @option is refused before anything runs, naming it
            parse_model_argument(str(argument))
        except ValueError as exc:
            parser.error(str(exc))
    return {"compare": compare, "curve": curve, "score": score, "ensemble": ensemble}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
