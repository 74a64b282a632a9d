"""`gik evaluate`: span F1 per label, record F1 per field, by format; comparisons; cross-validation.

    gik evaluate                                     # default model: real test split (corpus) + eval/gold reports
    gik evaluate --baseline models/previous          # … and another model on the same documents, side by side
    gik evaluate --model DIR --docs corpus/real      # any annotated documents or gold record files
    gik evaluate --model DIR --synthetic 100         # also 100 held-out synthetic reports (all formats)
    gik evaluate --predictions out.jsonl --gold corpus/real eval/gold   # records made elsewhere
    gik evaluate --compare models/default models/crf # two models on the same documents
    gik evaluate --cross-validate -o docs/crossval.json        # leave one real report out (long)
    gik evaluate --learning-curve -o docs/learning_curve.json  # 2021 format held out, k examples added (long)
    gik evaluate --learning-curve --also-hold-out 2019 --ks 0 8 -o docs/learning_curve_tables.json

Tables go to stdout, progress and notes to stderr; ``-o`` writes everything as JSON,
``--readme`` the README's results section, ``--results-md`` the full Markdown report.
Exit code: 0 done, 1 nothing could be scored or a file could not be written, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shlex
import sys
from pathlib import Path
from typing import Any

DEFAULT_CV_OUT = Path("docs/crossval.json")
#: Cross-validation results shown by --readme/--results-md: the model's config, then the CRF baseline.
DEFAULT_CV_RESULTS = (DEFAULT_CV_OUT, Path("docs/crossval_crf.json"))
DEFAULT_CURVE_OUT = Path("docs/learning_curve.json")
#: Learning curves shown by --readme/--results-md: 2021 held out, then 2021 and 2019 held out;
#: the character BERT (cv.yaml) and the CRF baseline (cv_crf.yaml).
DEFAULT_CURVE_RESULTS = (DEFAULT_CURVE_OUT, Path("docs/learning_curve_tables.json"),
                         Path("docs/learning_curve_crf.json"), Path("docs/learning_curve_crf_tables.json"))
DEFAULT_BENCH = Path("bench/results.json")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from gik_nlp.corpus.noise import NOISES
    from gik_nlp.resources import repository_path

    parser = subparsers.add_parser(
        "evaluate", help="score a model (or records made elsewhere) against gold annotations",
        description="Span F1 per label and record F1 per field and format, against annotated documents "
                    "and gold record files. With no arguments: the default model on the corpus's test "
                    "split and the real reports of eval/gold.")
    parser.add_argument("model_pos", nargs="?", type=Path, metavar="MODEL",
                        help="model folder, or 'default' for the shipped one (as --model; spacy evaluate "
                             "style: gik evaluate MODEL DATA...)")
    parser.add_argument("data", nargs="*", type=Path, metavar="DATA",
                        help="annotated corpus files/folders or gold record files to score (as --docs)")
    what = parser.add_argument_group("what to score")
    what.add_argument("--model", type=Path, help="model folder (default: $GIK_MODEL, else the shipped model)")
    what.add_argument("--baseline", type=Path, default=None, metavar="DIR",
                      help="also score this model on the corpus split (e.g. models/previous, the model from "
                           "before the real openings), side by side")
    what.add_argument("--split", choices=("train", "dev", "test", "all"), default="test",
                      help="corpus split to score (default: test, the held-out one)")
    what.add_argument("--corpus", type=_optional_path, default=repository_path("corpus"),
                      help="corpus folder (default: the checkout's corpus/, when run from one); '' for none")
    what.add_argument("--docs", nargs="+", type=Path, metavar="PATH",
                      help="score these annotated corpus files/folders or gold record files instead "
                           "(all their documents, whatever the split)")
    what.add_argument("--format", dest="only_format", choices=("pre2019", "2019", "2021"), default=None,
                      help="score only the gold documents of this format (e.g. a new one after retraining)")
    what.add_argument("--noise", choices=tuple(NOISES), default=None,
                      help="rewrite every scored document by this layout noise of scraped copies (a mirror's "
                           "page title, a stray mark, a title run on or broken, the page on one line) and "
                           "score that; the gold records stay as they are (docs/evaluation.md, robustness)")
    what.add_argument("--gold-records", type=_optional_path, default=repository_path("eval/gold"),
                      help="gold record files of real reports (default: the checkout's eval/gold); '' for none")
    what.add_argument("--reports", type=Path, default=None,
                      help="folder holding the reports those records describe (default: ../shared/real)")
    what.add_argument("--synthetic", type=int, default=0, metavar="N",
                      help="also score N generated reports, held out by their seed (default 0)")
    what.add_argument("--synthetic-seed", type=int, default=None, help="seed of those reports (default 4242)")
    what.add_argument("--predictions", type=Path, metavar="RECORDS.jsonl",
                      help="score these records (made by any model or tool) instead of running a model")
    what.add_argument("--gold", nargs="+", type=Path, metavar="PATH",
                      help="with --predictions: the gold corpus files/folders or gold record files")
    what.add_argument("--compare", nargs=2, type=Path, metavar=("DIR_A", "DIR_B"),
                      help="two models side by side on the same documents")
    long = parser.add_argument_group("cross-validation and learning curve (each trains several models)")
    long.add_argument("--cross-validate", action="store_true",
                      help="leave each real corpus report out in turn; mean ± std over folds")
    long.add_argument("--folds", type=int, default=0, metavar="K",
                      help="with --cross-validate and --split train|dev: cross-fit that split's real openings "
                           "in K folds by a hash of the id, each scored by a model that did not see it, "
                           "instead of leaving each seed out")
    long.add_argument("--learning-curve", action="store_true",
                      help="hold a format out of training, add k examples of it, score each model")
    long.add_argument("--config", type=Path, default=Path("training/cv.yaml"),
                      help="training config for those runs (default: training/cv.yaml)")
    long.add_argument("--work-dir", type=Path, default=None,
                      help="where their models go (default: runs/cv or runs/learning-curve); finished "
                           "runs with the same setup are reused")
    long.add_argument("--held-out-format", default="2021", choices=("pre2019", "2019", "2021"),
                      help="learning curve: the format held out (default 2021)")
    long.add_argument("--also-hold-out", nargs="+", default=[], choices=("pre2019", "2019", "2021"),
                      metavar="FORMAT", help="learning curve: formats also kept out of training, with no "
                                             "examples added (e.g. 2019, the 2021 format's close kin)")
    long.add_argument("--ks", nargs="+", type=int, default=None, metavar="K",
                      help="learning curve: examples added at each point (default 0 1 2 4 8)")
    out = parser.add_argument_group("output")
    out.add_argument("-o", "--output", dest="out", type=Path, help="write scores, errors and notes as JSON")
    out.add_argument("--out", dest="out", type=Path, help=argparse.SUPPRESS)  # the old spelling
    out.add_argument("--errors", type=int, default=20, metavar="N",
                     help="print the first N field errors with their evidence (default 20; 0: none)")
    out.add_argument("--all-fields", action="store_true", help="print one row per statistic field id")
    out.add_argument("--markdown", action="store_true", help="print Markdown tables")
    # maintainer flags (make eval writes the README and docs/results.md with them): out of user help
    out.add_argument("--readme", type=Path, help=argparse.SUPPRESS)
    out.add_argument("--results-md", type=Path, help=argparse.SUPPRESS)
    out.add_argument("--crossval-results", type=Path, nargs="*", default=list(DEFAULT_CV_RESULTS),
                     help=argparse.SUPPRESS)
    out.add_argument("--curve-results", type=Path, nargs="*", default=list(DEFAULT_CURVE_RESULTS),
                     help=argparse.SUPPRESS)
    out.add_argument("--bench-results", type=Path, default=DEFAULT_BENCH,
                     help=argparse.SUPPRESS)
    out.add_argument("--no-progress", action="store_true", help="no progress bar")
    from gik_nlp.cli.corpus import add_texts_option

    add_texts_option(parser)


def _fail(message: str, code: int = 2, file: object = None) -> int:
    from gik_nlp.cli.conventions import fail

    return fail("evaluate", message, file, code)


def _command() -> str:
    """The command line as typed (what the README says reproduces the figures)."""
    if len(sys.argv) > 1 and sys.argv[1] == "evaluate":
        return " ".join(["gik evaluate", *(shlex.quote(a) for a in sys.argv[2:])])
    return "gik evaluate"


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _read_json(path: Path | None) -> dict[str, Any] | None:
    if path is None or not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        from gik_nlp.cli.conventions import error

        print(error("evaluate", f"cannot read ({exc}); left out", path), file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    from gik_nlp.corpus.format import CorpusError

    if args.model_pos is not None:
        if args.model is not None and args.model != args.model_pos:
            return _fail("give the model once: MODEL or --model")
        args.model = args.model_pos
    if args.model is not None:
        from gik_nlp.resources import model_path

        args.model = model_path(args.model)  # "default": the shipped model
    if args.baseline is not None:
        from gik_nlp.resources import model_path

        args.baseline = model_path(args.baseline)  # as --model: "default" is the shipped model
    if args.data:
        if args.docs:
            return _fail("give the documents once: DATA or --docs")
        args.docs = args.data
    plain = not (args.docs or args.predictions or args.compare or args.cross_validate or args.learning_curve)
    nothing = args.corpus is None and args.gold_records is None and not args.synthetic
    if plain and (nothing or (args.corpus is not None and not args.corpus.is_dir())):
        return _fail(f"no corpus folder here; name what to score: gik evaluate MODEL DATA... "
                     "(annotated corpus files/folders or gold record files), or --corpus DIR",
                     file=args.corpus or "corpus")

    modes = [bool(args.predictions), bool(args.compare), args.cross_validate, args.learning_curve]
    if sum(modes) > 1:
        return _fail("give one of --predictions, --compare, --cross-validate, --learning-curve")
    if args.gold and not args.predictions:
        return _fail("--gold goes with --predictions (use --docs to choose documents for a model)")
    if args.predictions and not args.gold:
        return _fail("--predictions needs --gold PATH... (corpus files/folders or gold record files)")
    if args.docs and args.split != "test":
        return _fail("give --split or --docs, not both")
    if args.noise and (args.predictions or args.learning_curve):
        return _fail("--noise rewrites the documents a model reads: not with --predictions or --learning-curve")
    if args.folds and not args.cross_validate:
        return _fail("--folds goes with --cross-validate")
    try:
        if args.cross_validate:
            return _cross_validate(args)
        if args.learning_curve:
            return _learning_curve(args)
        if args.compare:
            return _compare(args)
        return _evaluate(args)
    except OSError as exc:
        return _fail(exc.strerror or str(exc), 1, exc.filename)
    except CorpusError as exc:  # an altered by-reference text, a malformed corpus file: its message names the file
        return _fail(str(exc), 1)


# --- gold sets --------------------------------------------------------------------------


def _reports_dir(args: argparse.Namespace) -> Path:
    from gik_nlp.evaluate.gold import REPORTS_DIR

    return args.reports or REPORTS_DIR


def _optional_path(value: str) -> Path | None:
    """A path option where '' means none (``--corpus ''``: score no corpus; Path('') would be '.').

    >>> _optional_path(""), _optional_path("eval/gold")
    (None, PosixPath('eval/gold'))
    """
    return Path(value) if value else None


def _gold_sets(args: argparse.Namespace, model_meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """Named gold sets the command scores, in the order the tables show them."""
    from gik_nlp.evaluate.gold import load_gold, load_gold_records, synthetic_gold

    from gik_nlp.cli.corpus import text_roots

    reports = _reports_dir(args)
    texts = text_roots(args)
    if args.docs:
        return _noisy(_only_format({"documents": load_gold(args.docs, None, reports, texts)},
                                   getattr(args, "only_format", None)), getattr(args, "noise", None))
    sets: dict[str, Any] = {}
    split = None if args.split == "all" else args.split
    if args.corpus is not None:
        _add_corpus_set(sets, args, split, reports, texts)
    if args.gold_records is not None:
        sets["real reports (eval/gold)"] = load_gold_records(args.gold_records, reports)
    if args.synthetic:
        seed = _synthetic_seed(args, model_meta)
        sets[f"synthetic (seed {seed})"] = synthetic_gold(args.synthetic, seed)
    return _noisy(_only_format(sets, getattr(args, "only_format", None)), getattr(args, "noise", None))


def _noisy(sets: dict[str, Any], noise: str | None) -> dict[str, Any]:
    """The sets with every document rewritten by the layout noise ``noise`` (all as they are when None)."""
    from gik_nlp.evaluate.gold import noisy_gold_set

    if noise is None:
        return sets
    return {f"{name}, noise {noise}": noisy_gold_set(gold, noise) for name, gold in sets.items()}


def _add_corpus_set(sets: dict[str, Any], args: argparse.Namespace, split: str | None, reports: Path,
                    texts: Any) -> None:
    """The corpus split as a named gold set, saying on stderr what it scores and skips."""
    from gik_nlp.evaluate.gold import load_gold

    corpus = load_gold([args.corpus], split, reports, texts)
    real = corpus.items and all(item.origin == "real" for item in corpus.items)
    corpus_name = f"{'real' if real else 'corpus'} {args.split} split" if split else "corpus"
    sets[corpus_name] = corpus
    missing = [s for s in corpus.skipped if s.kind == "text_missing"]
    print(f"gik evaluate: {corpus_name} of {args.corpus}: scoring {len(corpus.items)} documents"
          + (f"; skipped {len(missing)} whose text is missing (see the notes below the tables)" if missing else "")
          + (f"; {len(corpus.skipped) - len(missing)} unreadable" if len(corpus.skipped) > len(missing) else ""),
          file=sys.stderr)


def _only_format(sets: dict[str, Any], fmt: str | None) -> dict[str, Any]:
    """The sets with only their documents of format ``fmt`` (all when None), each name saying so."""
    from dataclasses import replace

    if fmt is None:
        return sets
    return {f"{name}, format {fmt}": replace(gold, items=tuple(i for i in gold.items if i.format == fmt))
            for name, gold in sets.items()}


def _synthetic_seed(args: argparse.Namespace, model_meta: dict[str, Any] | None) -> int:
    """The seed of the synthetic set; ValueError when the model was trained on reports of that seed."""
    from gik_nlp.evaluate.gold import SYNTHETIC_SEED

    seed = SYNTHETIC_SEED if args.synthetic_seed is None else args.synthetic_seed
    trained_seed = ((model_meta or {}).get("config") or {}).get("data", {}).get("synthetic_seed")
    if trained_seed == seed:
        raise ValueError(f"--synthetic-seed {seed} is the seed the model's synthetic training reports "
                         "were made with; scoring them would not be held out")
    return seed


def _progress(total: int, disable: bool, desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc=desc, disable=disable, file=sys.stderr, leave=False)


def _load(model_dir: Path) -> tuple[Any, dict[str, Any]]:
    from gik_nlp.tagging import load_tagger

    tagger = load_tagger(model_dir)
    return tagger, dict(getattr(tagger, "metadata", {}) or {})


def _model_dir(args: argparse.Namespace) -> Path:
    from gik_nlp.pipeline import default_model_dir

    return args.model or default_model_dir()


def _run_model(tagger: Any, sets: dict[str, Any], no_progress: bool) -> list[Any]:
    from gik_nlp.evaluate.score import evaluate_tagger

    evaluations = []
    for name, gold in sets.items():
        bar = _progress(len(gold.items), no_progress, name)
        evaluations.append(evaluate_tagger(tagger, gold, name=name, on_document=bar.update))
        bar.close()
    return evaluations


# --- modes ------------------------------------------------------------------------------


def _evaluate(args: argparse.Namespace) -> int:
    from gik_nlp.corpus.format import CorpusError
    from gik_nlp.evaluate.score import score_predictions
    from gik_nlp.tagging.model import ModelError

    if args.predictions:
        from gik_nlp.evaluate.gold import load_gold

        try:
            records = [json.loads(line) for line in args.predictions.read_text(encoding="utf-8").splitlines()
                       if line.strip()]
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return _fail(f"cannot read records ({exc})", 1, args.predictions)
        from gik_nlp.cli.corpus import text_roots

        gold = load_gold(args.gold, None, _reports_dir(args), text_roots(args))
        models = sorted({str(r.get("model")) for r in records if r.get("model")})
        evaluations = [score_predictions(gold, records, name=f"{args.predictions.name} vs gold",
                                         model=", ".join(models))]
        meta: dict[str, Any] = {"predictions": str(args.predictions)}
    else:
        model_dir = _model_dir(args)
        try:
            tagger, model_meta = _load(model_dir)
        except ModelError as exc:
            return _fail(f"{exc} (train one with `gik train`, or pass --model DIR)")
        try:
            sets = _gold_sets(args, model_meta)
        except CorpusError as exc:  # an altered by-reference text
            return _fail(str(exc), 1)
        except ValueError as exc:
            return _fail(str(exc))
        seen = _warn_seen(model_meta, sets)
        evaluations = [_explain_empty(ev, args) for ev in _run_model(tagger, sets, args.no_progress)]
        meta = {"model": tagger.name, "model_dir": str(model_dir), "kind": model_meta.get("kind")}
        if seen:
            meta["seen_in_training"] = seen
        if args.baseline and not args.docs:
            import dataclasses

            try:
                baseline, _ = _load(args.baseline)
            except ModelError as exc:
                return _fail(f"{exc} (--baseline)")
            first = next(iter(sets))
            (ev,) = _run_model(baseline, {first: sets[first]}, args.no_progress)
            evaluations.insert(1, dataclasses.replace(ev, name=f"{first}, previous model ({args.baseline})"))
            meta["baseline"] = {"model": baseline.name, "model_dir": str(args.baseline)}
    return _report(args, evaluations, meta)


def _warn_seen(model_meta: dict[str, Any], sets: dict[str, Any]) -> dict[str, list[str]]:
    """Per gold set, the documents the model was trained on (meta.json), each set warned about
    on stderr: their scores are not held-out figures."""
    from gik_nlp.evaluate.seen import seen_in_training

    seen = {}
    for name, gold in sets.items():
        ids = seen_in_training(model_meta, [(item.id, item.document.text_sha256) for item in gold.items])
        if ids:
            seen[name] = ids
            shown = ", ".join(ids[:5]) + (f" … ({len(ids)} in all)" if len(ids) > 5 else "")
            print(f"gik evaluate: warning: {name}: {len(ids)} of {len(gold.items)} documents were the "
                  f"model's train or dev data ({shown}); their scores are not held-out figures", file=sys.stderr)
    return seen


def _explain_empty(ev: Any, args: argparse.Namespace) -> Any:
    """An empty corpus split says why, and where the honest figures for those reports are."""
    import dataclasses

    if ev.documents or not ev.name.startswith("corpus"):
        return ev
    return dataclasses.replace(ev, notes=ev.notes + (
        f"{args.corpus} has no documents in split {args.split!r}: the annotated reports are all training "
        "data; their held-out figures come from `gik evaluate --cross-validate`.",))


def _config_kind(path: Any) -> str | None:
    """The ``kind`` of a training config file (None when it cannot be read)."""
    from gik_nlp.tagging.config import ConfigError, TrainConfig

    try:
        return TrainConfig.from_file(Path(str(path))).kind
    except (ConfigError, OSError, TypeError):
        return None


def _report(args: argparse.Namespace, evaluations: list[Any], meta: dict[str, Any]) -> int:
    from gik_nlp.evaluate.report import (ReportError, errors_text, evaluation_tables, readme_section,
                                         replace_section, results_document, scores_test_split)

    for ev in evaluations:
        print(evaluation_tables(ev, markdown=args.markdown, all_fields=args.all_fields))
        if args.errors and ev.errors:
            print(f"\nErrors ({min(args.errors, len(ev.errors))} of {len(ev.errors)}):")
            print(errors_text(ev.errors, limit=args.errors))
        print()
    command = _command()
    if args.out:
        # the run that writes the repository's results (make eval) keeps the test split's errors out of
        # its files too: they are scored to report, not to tune on
        publishing = bool(args.results_md or args.readme)
        _write_json(args.out, {"command": command, "created": datetime.date.today().isoformat(), **meta,
                               "sets": [ev.to_dict(errors=not (publishing and scores_test_split(ev)))
                                        for ev in evaluations]})
        print(f"scores → {args.out}", file=sys.stderr)
    crossvals = [c for c in map(_read_json, args.crossval_results or ()) if c and "summary" in c]
    curves = [c for c in map(_read_json, args.curve_results or ()) if c and "points" in c]
    if args.results_md:
        args.results_md.parent.mkdir(parents=True, exist_ok=True)
        args.results_md.write_text(results_document(evaluations, command, crossvals, curves), encoding="utf-8")
        print(f"report → {args.results_md}", file=sys.stderr)
    if args.readme:
        details = str(args.results_md) if args.results_md else "docs/results.md"
        # The README shows the learning curves of the evaluated model's kind; results.md shows all.
        kind = meta.get("kind")
        readme_curves = [c for c in curves if kind is None or _config_kind(c.get("config")) in (kind, None)]
        section = readme_section(evaluations, command, crossvals, readme_curves, _read_json(args.bench_results),
                                 details)
        try:
            replace_section(args.readme, section)
        except ReportError as exc:
            return _fail(str(exc), 1)
        print(f"results section → {args.readme}", file=sys.stderr)
    if not any(ev.documents for ev in evaluations):
        return _fail("nothing was scored: no gold documents found", 1)
    return 0


def _compare(args: argparse.Namespace) -> int:
    from gik_nlp.evaluate.compare import compare, comparison_table
    from gik_nlp.tagging.model import ModelError

    dir_a, dir_b = args.compare
    try:
        tagger_a, meta_a = _load(dir_a)
        tagger_b, meta_b = _load(dir_b)
        if args.synthetic:
            _synthetic_seed(args, meta_b)  # held out from B too
        sets = _gold_sets(args, meta_a)
    except ModelError as exc:
        return _fail(str(exc))
    except ValueError as exc:
        return _fail(str(exc))
    out: dict[str, Any] = {"command": _command(), "a": {"model": tagger_a.name, "dir": str(dir_a)},
                           "b": {"model": tagger_b.name, "dir": str(dir_b)}, "sets": []}
    evaluations_a = _run_model(tagger_a, sets, args.no_progress)
    evaluations_b = _run_model(tagger_b, sets, args.no_progress)
    print(f"A = {tagger_a.name} ({dir_a})\nB = {tagger_b.name} ({dir_b})\n")
    for ev_a, ev_b in zip(evaluations_a, evaluations_b):
        if not ev_a.documents:
            continue
        rows = compare(ev_a, ev_b)
        print(f"{ev_a.name}: {len(ev_a.documents)} documents")
        print(comparison_table(rows, "A", "B", markdown=args.markdown))
        print()
        out["sets"].append({"name": ev_a.name, "rows": [r.to_dict() for r in rows],
                            "a": ev_a.to_dict(errors=False), "b": ev_b.to_dict(errors=False)})
    if args.out:
        _write_json(args.out, out)
        print(f"comparison → {args.out}", file=sys.stderr)
    return 0 if out["sets"] else _fail("nothing was scored: no gold documents found", 1)


def _train_config(args: argparse.Namespace) -> Any:
    from gik_nlp.tagging.config import TrainConfig

    return TrainConfig.from_file(args.config)


def _cross_validate(args: argparse.Namespace) -> int:
    from gik_nlp.evaluate.crossval import k_fold, leave_one_out, pooled, summarize
    from gik_nlp.evaluate.report import crossval_markdown, errors_text, evaluation_tables
    from gik_nlp.tagging.config import ConfigError

    try:
        config = _train_config(args)
    except ConfigError as exc:
        return _fail(str(exc))
    work_dir = args.work_dir or Path(f"runs/crossfit-{args.split}" if args.folds else "runs/cv")

    def on_fold(doc_id: str, i: int, n: int) -> None:
        print(f"fold {i + 1}/{n}: training without {doc_id} → {work_dir / ('fold-' + doc_id)}", file=sys.stderr)

    if args.corpus is None:
        return _fail("--cross-validate needs a corpus: --corpus DIR")
    if args.noise and not args.folds:
        return _fail("--noise with --cross-validate needs --folds (the cross-fitted openings)")
    if args.folds:
        if args.folds < 2 or args.split not in ("train", "dev"):
            return _fail("--folds needs K >= 2 and --split train or dev (the test split is never trained on)")
        folds = k_fold(config, work_dir, args.corpus, args.split, args.folds,
                       on_fold=lambda what, i, n: print(f"{what}: training without it → {work_dir}", file=sys.stderr),
                       noise=args.noise)
    else:
        folds = leave_one_out(config, work_dir, args.corpus, on_fold=on_fold)
    if not folds or not any(f.evaluation.documents for f in folds):
        return _fail("no real annotated documents to leave out", 1, args.corpus)
    protocol = ({"kind": "k-fold", "split": args.split, "folds": args.folds} if args.folds
                else {"kind": "leave-one-out"})
    if args.noise:
        protocol["noise"] = args.noise
    result = {"command": _command(), "config": str(args.config), "created": datetime.date.today().isoformat(),
              "protocol": protocol, "summary": summarize(folds), "pooled": pooled(folds).to_dict()}
    print(crossval_markdown(result))
    print()
    print(evaluation_tables(pooled(folds), markdown=args.markdown, all_fields=args.all_fields))
    if args.errors:
        print("\n" + errors_text(pooled(folds).errors, limit=args.errors))
    out = args.out or (Path(f"docs/crossfit_{args.split}_{Path(args.config).stem}.json") if args.folds
                       else DEFAULT_CV_OUT)
    _write_json(out, result)
    print(f"cross-validation → {out}", file=sys.stderr)
    return 0


def _learning_curve(args: argparse.Namespace) -> int:
    from gik_nlp.evaluate.crossval import DEFAULT_KS, curve_to_dict, learning_curve
    from gik_nlp.evaluate.gold import load_gold_records
    from gik_nlp.evaluate.report import curve_markdown
    from gik_nlp.tagging.config import ConfigError

    try:
        config = _train_config(args)
    except ConfigError as exc:
        return _fail(str(exc))
    work_dir = args.work_dir or Path("runs/learning-curve")
    fmt = args.held_out_format
    if args.corpus is None or args.gold_records is None:
        return _fail("--learning-curve needs a corpus and gold records: --corpus DIR --gold-records DIR")
    real = load_gold_records(args.gold_records, _reports_dir(args))
    real = type(real)(tuple(i for i in real.items if i.format == fmt), real.skipped)
    from gik_nlp.cli.conventions import error

    for skipped in real.skipped:
        print(error("evaluate", f"skipped {skipped.id}: {skipped.reason}"), file=sys.stderr)

    def on_point(k: int, i: int, n: int) -> None:
        print(f"point {i + 1}/{n}: {fmt} held out, {k} examples → {work_dir / f'k-{k}'}", file=sys.stderr)

    points = learning_curve(config, work_dir, real, args.corpus, held_out=fmt, ks=tuple(args.ks or DEFAULT_KS),
                            on_point=on_point, also_held_out=tuple(args.also_hold_out))
    result = {"command": _command(), "config": str(args.config), "created": datetime.date.today().isoformat(),
              **curve_to_dict(points, fmt, args.also_hold_out)}
    print(curve_markdown(result))
    out = args.out or DEFAULT_CURVE_OUT
    _write_json(out, result)
    print(f"learning curve → {out}", file=sys.stderr)
    return 0
