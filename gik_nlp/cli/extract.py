"""`gik extract PATH... [-o OUT]`: records from report files, folders and globs.

With one input file and no ``-o``, the record is printed to stdout. Otherwise records go
to OUT as they finish (JSON Lines, CSV or Parquet), failures to ``OUT.errors.jsonl``, a
progress bar to stderr, and a summary at the end. After the batch, records that the same body's
report of the year before or after proves more of are replaced in OUT (batch_series.py, ``--series``). Exit code: 0 when every input gave a
record, 1 when some failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from gik_nlp.cli import extract_ray
from gik_nlp.cli.conventions import error

if TYPE_CHECKING:
    from gik_nlp.pipeline import BatchSummary, Failure


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from gik_nlp.readers import READERS

    parser = subparsers.add_parser(
        "extract", help="extract records from reports (txt, md, html, docx, pdf, doc, xlsx, images)",
        description="Extract one record per report. Inputs: files, folders (recursive) and glob patterns. "
                    "Readable types: " + " ".join(sorted(READERS)) + ". Every other file is listed in "
                    "OUT.errors.jsonl with the reason.")
    parser.add_argument("inputs", nargs="+", metavar="PATH", help="report files, folders or globs")
    parser.add_argument("-o", "--output", dest="out", type=Path,
                        help="OUT.jsonl, OUT.csv or OUT.parquet (the format from the extension; a codebook "
                             "OUT.codebook.csv beside it); '-' is JSON Lines on stdout; omit with one input "
                             "to print the record")
    parser.add_argument("--out", dest="out", type=Path, help=argparse.SUPPRESS)  # the old spelling
    parser.add_argument("--format", dest="output_format", choices=("jsonl", "csv", "parquet"),
                        help=argparse.SUPPRESS)  # the extension decides; kept for old scripts
    parser.add_argument("--model", type=Path, help="model folder (default: $GIK_MODEL or models/default)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default 1; with --ray: actors, default one per CPU)")
    parser.add_argument("--resume", action="store_true",
                        help="keep OUT and skip inputs (same path, same text) that already have a record there")
    parser.add_argument("--max-size", type=float, default=None, metavar="MB",
                        help="inputs larger than this many MiB fail with a clear error (default 24)")
    parser.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                        help="pages without a text layer (scanned PDFs, images): auto = OCR them (default), "
                             "always = OCR every PDF page, never = refuse them")
    parser.add_argument("--series", choices=("agency", "folder", "off"), default="agency",
                        help="2019-format reports of one body for consecutive years prove cells of each other: "
                             "a body is one printed agency (default), or one folder (each folder holds one "
                             "body's reports), or off (every record from its file alone). Files and -o OUT only")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    extract_ray.add_arguments(parser)  # --ray [ADDRESS], --shard-size


def _output_format(args: argparse.Namespace) -> str:
    """The output's format; OutputError for an extension no writer has (never JSONL under .xlsx)."""
    from gik_nlp.cli.conventions import output_format

    if args.output_format:
        return args.output_format
    if getattr(args, "ray", None) is not None:  # a folder of shards: its name's suffix, else JSON Lines
        suffix = args.out.suffix.lower().lstrip(".") if args.out else ""
        return suffix if suffix in ("csv", "parquet") else "jsonl"
    return output_format(args.out, ("jsonl", "csv", "parquet"), default="jsonl")


def run(args: argparse.Namespace) -> int:
    from gik_nlp.pipeline import default_model_dir, expand_inputs

    from gik_nlp.cli.conventions import NO_MODEL, STDOUT, OutputError, fail

    model_dir = args.model or default_model_dir()
    if not (model_dir / "meta.json").exists():
        return fail("extract", NO_MODEL, model_dir)
    if args.max_size is not None and not args.max_size > 0:
        return fail("extract", "--max-size must be a positive number of MB")
    if args.out is not None and args.ray is None:  # --ray writes a folder of shards (extract_ray.py)
        try:
            _output_format(args)
        except OutputError as exc:
            return fail("extract", str(exc), args.out)
    inputs = expand_inputs(args.inputs)
    if not inputs:
        return fail("extract", "no input files found", " ".join(args.inputs))
    if args.ray is not None:
        return extract_ray.run_ray(args, inputs, model_dir, _output_format(args), _max_bytes(args))
    if args.out is None:
        if len(inputs) != 1:
            return fail("extract", "several inputs need -o OUT (or -o - for JSON Lines on stdout)")
        return _print_one(inputs[0], model_dir, _max_bytes(args), args.ocr)
    if str(args.out) == STDOUT:
        return _run_to_stdout(args, inputs, model_dir)
    return _run_batch(args, inputs, model_dir)


def _run_to_stdout(args: argparse.Namespace, inputs: list[Path], model_dir: Path) -> int:
    """``-o -``: records as JSON Lines on stdout, failures as one-line errors on stderr."""
    from gik_nlp.pipeline import Failure, extract_batch

    def write(record: dict) -> None:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def write_failure(failure: Failure) -> None:
        print(error("extract", failure.message), file=sys.stderr)  # the message names the file

    summary = extract_batch(inputs, write, write_failure, model_dir, workers=args.workers or 1,
                            on_progress=lambda n=1: None, max_bytes=_max_bytes(args), ocr=args.ocr)
    return 1 if summary.failures else 0


def _max_bytes(args: argparse.Namespace) -> int:
    from gik_nlp.limits import MAX_DOCUMENT_BYTES

    return MAX_DOCUMENT_BYTES if args.max_size is None else int(args.max_size * 1024 * 1024)


def _print_one(path: Path, model_dir: Path, max_bytes: int, ocr: str = "auto") -> int:
    from gik_nlp.pipeline import extract_one
    from gik_nlp.tagging import load_tagger

    result = extract_one(path, load_tagger(model_dir), max_bytes, ocr)
    if "failure" in result:
        print(error("extract", result["failure"]["message"]), file=sys.stderr)
        return 1
    print(json.dumps(result["record"], ensure_ascii=False, indent=2))
    return 0


def _run_batch(args: argparse.Namespace, inputs: list[Path], model_dir: Path) -> int:
    from tqdm import tqdm

    from gik_nlp.pipeline import extract_batch
    from gik_nlp.writers import RecordWriter, done_keys

    series = args.series != "off"
    if series:  # only then: it imports the table decoder, which the parent of a batch of workers (--workers N)
        # needs for nothing else (with one worker the records are built here and load it anyway)
        from gik_nlp.batch_series import replace_chained
        from gik_nlp.batch_series import summary as summary_of
    output_format = _output_format(args)
    errors_path = errors_path_of(args.out)
    progress = tqdm(total=len(inputs), unit="report", disable=args.no_progress, file=sys.stderr)
    # The writer first: on --resume it repairs a torn last line before the done keys are read.
    with RecordWriter(args.out, output_format, append=args.resume) as writer, \
            errors_path.open("w", encoding="utf-8") as errors:
        done = done_keys(args.out, output_format) if args.resume else frozenset()

        written: list[dict] = []   # what the series pass needs of each record written

        def write(record: dict) -> None:
            writer.write(record)
            if series:
                written.append(summary_of(record))

        summary = extract_batch(inputs, write, failure_writer(errors, progress), model_dir,
                                workers=args.workers or 1, done=done, on_progress=progress.update,
                                max_bytes=_max_bytes(args), ocr=args.ocr)
        # reports of one body for consecutive years prove cells of each other (batch_series.py)
        if series:
            replace_chained(written, writer, model_dir, _max_bytes(args), args.ocr, args.series)
    progress.close()
    return finish_batch(summary, len(inputs), args.out, errors_path)


def errors_path_of(out: Path) -> Path:
    """Where a batch writing to ``out`` (a file, or --ray's folder of shards) lists its failures:
    ``OUT.errors.jsonl`` beside it."""
    return out.with_name(out.name + ".errors.jsonl")


def failure_writer(errors: IO[str], progress: Any) -> Callable[[Failure], None]:
    """A batch's ``write_failure``: each failure as a JSON line in the open errors file, and as a
    message above the progress bar (a tqdm)."""

    def write_failure(failure: Failure) -> None:
        errors.write(json.dumps(failure.to_dict(), ensure_ascii=False) + "\n")
        errors.flush()
        progress.write(error("extract", failure.message), file=sys.stderr)

    return write_failure


def finish_batch(summary: BatchSummary, inputs: int, out: Path, errors_path: Path, shards: bool = False) -> int:
    """End a batch of ``inputs`` written to ``out`` (a folder of shards with ``shards``): remove the
    errors file when nothing failed and print the summary line to stderr. RETURNS the exit code
    (1 when an input failed, else 0)."""
    if not summary.failures:
        errors_path.unlink()
    print(f"{inputs} inputs: {summary.succeeded} succeeded, {summary.failed} failed, {summary.skipped} skipped "
          f"(already in {out}) → {out}" + ("/ (shards)" if shards else "")
          + (f"; failures in {errors_path}" if summary.failures else ""), file=sys.stderr)
    return 1 if summary.failures else 0
