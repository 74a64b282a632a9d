"""`gik train`: train a tagger from a config file and write a model folder.

    gik train --config training/default.yaml -o models/default
    gik train --config training/crf.yaml -o models/default --from models/default [--force]
    gik train --config training/default.yaml -o models/zh --base-model ~/bert-base-chinese
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train", help="train a tagger (character BERT or CRF) from a config file",
        description="Train a tagger on corpus/ plus synthetic reports; write a model folder.")
    parser.add_argument("--config", type=Path, required=True, help="training config (training/*.yaml)")
    parser.add_argument("-o", "--output", dest="out", type=Path, help="model folder to write (required)")
    parser.add_argument("--out", dest="out", type=Path, help=argparse.SUPPRESS)  # the old spelling
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="corpus folder (default: corpus)")
    parser.add_argument("--from", dest="init_from", type=Path, default=None,
                        help="continue training from this model folder (e.g. after the corpus grew)")
    parser.add_argument("--force", action="store_true",
                        help="with --from: write the new model even when it scores worse on the dev split "
                             "than the model it continues")
    parser.add_argument("--base-model", type=Path, default=None,
                        help="start from a local pretrained BERT checkpoint (config.json, weights, vocab.txt)")
    parser.add_argument("--exclude", action="append", default=[], metavar="DOC_ID",
                        help="leave this corpus document out (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    from gik_nlp.cli.corpus import add_texts_option

    add_texts_option(parser)


def run(args: argparse.Namespace) -> int:
    from gik_nlp.cli.conventions import EXIT_FAILED, EXIT_USAGE, fail
    from gik_nlp.cli.corpus import text_roots
    from gik_nlp.corpus.format import CorpusError
    from gik_nlp.tagging.config import ConfigError, TrainConfig
    from gik_nlp.tagging.model import ModelError
    from gik_nlp.tagging.train import TrainError, dev_before_after, train
    from gik_nlp.tagging.vocab import VocabError

    if args.out is None:
        return fail("train", "-o/--output MODEL_DIR is required (see gik train --help)")

    def print_summary(text: str) -> None:
        for line in text.splitlines():
            print(f"gik train: {line}", file=sys.stderr)

    # With --from the new model is trained beside --out and moves in only when it is no worse on
    # dev than the model it continues (or --force): --out may be the very model it continues.
    work = args.out if args.init_from is None else args.out.with_name(args.out.name + ".candidate")
    try:
        if work != args.out and work.exists():
            shutil.rmtree(work)  # a candidate left by an earlier refused run
        config = TrainConfig.from_file(args.config)
        result = train(config, work, corpus_dir=args.corpus, init_from=args.init_from,
                       base_model=args.base_model, exclude_ids=frozenset(args.exclude), progress=not args.quiet,
                       texts=text_roots(args), on_summary=print_summary)
    except ConfigError as exc:  # a bad config: nothing was done (its message names the file)
        return fail("train", str(exc), code=EXIT_USAGE)
    except (CorpusError, ModelError, TrainError, VocabError) as exc:
        return fail("train", str(exc), code=EXIT_FAILED)
    skipped = (result.metadata.get("skipped_texts") or {}).get("summary")
    if skipped:
        print(f"gik train: {skipped}", file=sys.stderr)
    micro = result.dev_scores.get("micro", {})
    dev = (result.metadata.get("documents") or {}).get("dev") or {}
    if not dev.get("real") and not dev.get("synthetic"):
        micro = {}  # no dev set: no dev score (null), not 0.0
    summary = {"model": result.name, "out": str(args.out), "best_epoch": result.best_epoch,
               "epochs": result.epochs_run, "seconds": result.seconds, "train_chars": result.train_chars,
               "dev_micro_f1": micro.get("f1")}
    if args.init_from is not None:
        compared = dev_before_after(result.history)
        summary["previous_dev_micro_f1"] = compared[0] if compared else None
        seen = (result.history[0].get("seen_dev") if result.history else None) or 0
        if compared is None and seen:
            print(f"gik train: {args.init_from} was trained on {seen} of the dev split's documents (a fit on "
                  "train and dev): its dev score is no yardstick, so nothing is compared; writing the new model "
                  "(to gate on dev, continue a train-only fit: make model-dev, docs/retraining.md)", file=sys.stderr)
        elif compared is None:
            print(f"gik train: no dev split to compare {args.init_from} with the new model on; writing it",
                  file=sys.stderr)
        elif compared[1] < compared[0] and not args.force:
            return fail("train", f"the new model scores worse on the dev split than {args.init_from} (micro span F1 "
                                 f"{compared[1]:.4f} < {compared[0]:.4f}): {args.out} is left as it was; the new model "
                                 f"is in {work} (rerun with --force to write it anyway)", code=EXIT_FAILED)
        _move_into(work, args.out)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _move_into(candidate: Path, target: Path) -> None:
    """Replace the folder ``target`` (if any) by ``candidate``; the old one is removed only once the new is in."""
    old = target.with_name(target.name + ".replaced")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    candidate.rename(target)
    if old.exists():
        shutil.rmtree(old)
