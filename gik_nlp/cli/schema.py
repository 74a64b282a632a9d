"""`gik schema [-o FILE]`: the codebook — every output column with its field id, 中文名,
canonical unit, type, formats and family (the file written next to every `gik extract` output)."""

from __future__ import annotations

import argparse
import json
import sys

from gik_nlp.cli.conventions import STDOUT, OutputError, fail, output_format


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema", help="print the codebook: output columns, field ids, 中文名, units, types",
        description="The codebook of CSV/Parquet outputs: one row per column.")
    parser.add_argument("-o", "--output", default=STDOUT,
                        help="FILE.csv or FILE.json (default: CSV to stdout, '-')")


def run(args: argparse.Namespace) -> int:
    from gik_nlp.writers import CODEBOOK_COLUMNS, codebook, write_codebook

    try:
        kind = output_format(args.output, ("csv", "json"), default="csv")
    except OutputError as exc:
        return fail("schema", str(exc), args.output)
    handle = sys.stdout if args.output == STDOUT else None
    try:
        if handle is None:
            handle = open(args.output, "w", encoding="utf-8-sig" if kind == "csv" else "utf-8", newline="")
        if kind == "csv":
            write_codebook(handle)
        else:
            json.dump({"columns": list(CODEBOOK_COLUMNS), "rows": codebook()}, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    except BrokenPipeError:  # `gik schema | head`
        return 0
    except OSError as exc:
        return fail("schema", exc.strerror or str(exc), args.output)
    finally:
        if handle is not None and handle is not sys.stdout:
            handle.close()
    return 0
