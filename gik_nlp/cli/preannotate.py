"""`gik preannotate`: tag reports with the current model and write them as tasks to correct.

    gik preannotate PATH... --to label-studio|doccano -o FILE [--model DIR]

Label Studio gets the spans as "predictions" (scored, with the model as
model_version), so the annotator only corrects them; doccano gets them as "label".
A file that cannot be read is reported on stderr and skipped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gik_nlp.cli.conventions import EXIT_USAGE, error, fail

TOOLS = ("label-studio", "doccano")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "preannotate", help="tag reports with the model and write annotation tasks to correct",
        description="Tag reports with the current model and write them for doccano or Label Studio, "
                    "the spans as pre-annotations a person corrects (docs/corpus.md).")
    parser.add_argument("paths", nargs="+", help="report files or folders")
    parser.add_argument("--to", required=True, choices=TOOLS, help="the annotation tool")
    parser.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    parser.add_argument("--model", type=Path, default=None,
                        help="model folder (default: $GIK_MODEL, else the shipped model)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--no-record", action="store_true",
                        help="spans only: no assembled record and detected format for the annotator to confirm")


# Seams: the reader, the tagger and the file walk are the other stages' code; tests replace them.
def _expand(paths: list[str]) -> list[Path]:
    from gik_nlp.pipeline import expand_inputs

    return expand_inputs(paths)


def _read(path: Path) -> Any:
    from gik_nlp.pipeline import read_input  # refuses FIFOs, devices and oversized files instead of hanging

    return read_input(path)


def _load_tagger(model_dir: Path) -> Any:
    from gik_nlp.tagging import load_tagger

    return load_tagger(model_dir)


def _default_model_dir() -> Path:
    from gik_nlp.pipeline import default_model_dir

    return default_model_dir()


def _record_builder(tagger: Any) -> Any:
    """The record builder fill_records calls, ``build(doc, spans, model="")``: the pipeline's
    assemble_tagged, so a pre-annotated record is assembled exactly as gik extract assembles it
    (the tagger's name classifier in force). ``model`` is ignored: the tagger names the model, and
    the gold record drops it anyway."""
    from gik_nlp import pipeline

    def build(doc: Any, spans: list, model: str = "") -> Any:
        return pipeline.assemble_tagged(doc, spans, tagger)
    return build


def _read_failure(path: Path, exc: Exception) -> str:
    """The one-line error of an input that could not be read: a ReadError carries its path and
    reason as data; any other exception is named by its type."""
    from gik_nlp.pipeline import display_path
    from gik_nlp.readers import ReadError

    if isinstance(exc, ReadError):
        return error("preannotate", f"skipped: {exc.reason}", exc.path)
    return error("preannotate", f"skipped: {type(exc).__name__}: {exc}", display_path(path))


def run(args: argparse.Namespace) -> int:
    from gik_nlp.corpus.interop import export_doccano, export_label_studio, preannotate

    model_dir = args.model or _default_model_dir()
    try:
        tagger = _load_tagger(model_dir)
    except (ImportError, OSError, ValueError) as exc:
        return fail("preannotate", f"cannot load the model ({exc})", model_dir, EXIT_USAGE)
    from tqdm import tqdm

    paths = _expand(args.paths)
    bar = tqdm(total=2 * len(paths), unit="step", desc="read and tag", disable=args.no_progress,
               file=sys.stderr, leave=False)
    docs, failed = [], 0
    for path in paths:
        bar.update(1)
        try:
            docs.append(_read(path))
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
            failed += 1
            bar.write(_read_failure(path, exc), file=sys.stderr)
    bar.update(len(paths) - len(docs))  # the failed reads have nothing to tag
    annotated = []
    build = None if args.no_record else _record_builder(tagger)
    for doc in docs:
        bar.update(1)
        try:
            annotated.extend(preannotate([doc], tagger, build))
        except Exception as exc:  # noqa: BLE001 - a tagger failure on one report is that report's
            failed += 1
            bar.write(error("preannotate", f"skipped: tagging failed ({type(exc).__name__}: {exc})", doc.source),
                      file=sys.stderr)
    bar.close()
    if args.to == "label-studio":
        export_label_studio(annotated, args.output, as_predictions=True, model_version=tagger.name)
    else:
        export_doccano(annotated, args.output)
    spans = sum(len(doc.spans) for doc in annotated)
    print(f"wrote {len(annotated)} documents ({spans} spans) to {args.output}; {failed} skipped")
    return 1 if failed else 0
