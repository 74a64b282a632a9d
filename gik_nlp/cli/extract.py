"""`gik extract PATH... [-o OUT]`: records from report files, folders and globs.

With one input file and no ``-o``, the record is printed to stdout. Otherwise records go
to OUT as they finish (JSON Lines, CSV or Parquet), failures to ``OUT.errors.jsonl``, a
progress bar to stderr, and a summary at the end. Exit code: 0 when every input gave a
record, 1 when some failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract", help="extract records from reports (txt, html, docx, pdf)",
        description="Extract one record per report. Inputs: files, folders (recursive) and glob patterns.")
    parser.add_argument("inputs", nargs="+", metavar="PATH", help="report files, folders or globs")
    parser.add_argument("-o", "--out", type=Path, help="output file; omit with one input to print the record")
    parser.add_argument("--format", dest="output_format", choices=("jsonl", "csv", "parquet"),
                        help="output format (default: from OUT's extension, else jsonl)")
    parser.add_argument("--model", type=Path, help="model folder (default: $GIK_MODEL or models/default)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--resume", action="store_true",
                        help="keep OUT and skip inputs whose text already has a record there")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def _output_format(args: argparse.Namespace) -> str:
    if args.output_format:
        return args.output_format
    suffix = args.out.suffix.lower().lstrip(".") if args.out else ""
    return suffix if suffix in ("csv", "parquet") else "jsonl"


def run(args: argparse.Namespace) -> int:
    from gik_nlp.pipeline import default_model_dir, expand_inputs

    model_dir = args.model or default_model_dir()
    if not (model_dir / "meta.json").exists():
        print(f"gik extract: no model at {model_dir} (meta.json missing); train one with `gik train` "
              "or pass --model DIR", file=sys.stderr)
        return 2
    inputs = expand_inputs(args.inputs)
    if not inputs:
        print("gik extract: no input files found", file=sys.stderr)
        return 2
    if args.out is None:
        if len(inputs) != 1:
            print("gik extract: several inputs need -o OUT", file=sys.stderr)
            return 2
        return _print_one(inputs[0], model_dir)
    return _run_batch(args, inputs, model_dir)


def _print_one(path: Path, model_dir: Path) -> int:
    from gik_nlp.pipeline import extract
    from gik_nlp.readers import ReadError
    from gik_nlp.tagging import load_tagger

    try:
        record = extract(path, load_tagger(model_dir))
    except ReadError as exc:
        print(f"gik extract: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
    return 0


def _run_batch(args: argparse.Namespace, inputs: list[Path], model_dir: Path) -> int:
    from tqdm import tqdm

    from gik_nlp.pipeline import Failure, extract_batch
    from gik_nlp.writers import RecordWriter, done_hashes

    output_format = _output_format(args)
    errors_path = args.out.with_name(args.out.name + ".errors.jsonl")
    done = done_hashes(args.out, output_format) if args.resume else frozenset()
    progress = tqdm(total=len(inputs), unit="report", disable=args.no_progress, file=sys.stderr)
    with RecordWriter(args.out, output_format, append=args.resume) as writer, \
            errors_path.open("w", encoding="utf-8") as errors:

        def write_failure(failure: Failure) -> None:
            errors.write(json.dumps(failure.to_dict(), ensure_ascii=False) + "\n")
            errors.flush()
            progress.write(f"gik extract: {failure.message}", file=sys.stderr)

        summary = extract_batch(inputs, writer.write, write_failure, model_dir, workers=args.workers,
                                done_hashes=done, on_progress=progress.update)
    progress.close()
    if not summary.failures:
        errors_path.unlink()
    print(f"{summary.succeeded} succeeded, {summary.failed} failed, {summary.skipped} skipped "
          f"(already in {args.out}) → {args.out}"
          + (f"; failures in {errors_path}" if summary.failures else ""), file=sys.stderr)
    return 1 if summary.failures else 0
