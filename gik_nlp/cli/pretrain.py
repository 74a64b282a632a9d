"""`gik pretrain`: masked-language-model pretraining of the character encoder.

    gik pretrain --config training/pretrain.yaml -o models/encoder
    gik pretrain --config training/pretrain.yaml -o models/mine --source ~/reports
    gik train --config training/transformer.yaml --out models/zh --base-model models/encoder
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pretrain", help="pretrain the character encoder on unannotated reports (masked characters)",
        description="Masked-language-model pretraining of the character BERT on unannotated reports, "
                    "the corpus' training texts and synthetic reports; writes an encoder folder that "
                    "`gik train --base-model` fine-tunes.")
    parser.add_argument("--config", type=Path, required=True, help="pretraining config (training/pretrain.yaml)")
    parser.add_argument("-o", "--output", "--out", dest="out", type=Path, required=True,
                        help="encoder folder to write")
    parser.add_argument("--source", action="append", default=[], metavar="DIR",
                        help="another folder (or file) of unannotated reports (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")


def run(args: argparse.Namespace) -> int:
    from gik_nlp.cli.conventions import EXIT_FAILED, EXIT_USAGE, fail
    from gik_nlp.corpus.format import CorpusError
    from gik_nlp.tagging.config import ConfigError
    from gik_nlp.tagging.pretrain import PretrainConfig, pretrain
    from gik_nlp.tagging.unlabelled import SourceError

    try:
        config = PretrainConfig.from_file(args.config)
        result = pretrain(config, args.out, extra_sources=tuple(args.source), progress=not args.quiet)
    except ConfigError as exc:  # a bad config: nothing was done (its message names the file)
        return fail("pretrain", str(exc), code=EXIT_USAGE)
    except (CorpusError, SourceError) as exc:  # their messages name the file (and line)
        return fail("pretrain", str(exc), code=EXIT_FAILED)
    print(json.dumps({"out": str(result.out_dir), "steps": result.steps, "seconds": result.seconds,
                      "chars": result.chars, "final_loss": result.loss}, ensure_ascii=False))
    return 0
