"""The `gik` command: one module per subcommand, each a thin wrapper.

Each module in ``COMMANDS`` defines ``add_parser(subparsers)`` and ``run(args) -> int``.
A command only parses arguments, calls library functions and writes their results;
library code never prints or exits. Heavy imports (torch, transformers) happen inside
``run`` so that ``gik --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import NoReturn

# Nothing may be fetched from a model hub at run time (no network on these machines),
# and `datasets` makes a telemetry lookup unless told it is offline.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

#: Subcommand name → module under gik_nlp.cli, in the order `gik --help` lists them.
COMMANDS = {
    "extract": "extract",
    "train": "train",
    "pretrain": "pretrain",
    "evaluate": "evaluate",
    "serve": "serve",
    "synth": "synth",
    "corpus": "corpus",
    "preannotate": "preannotate",
    "schema": "schema",
}


class _Parser(argparse.ArgumentParser):
    """argparse with the one-line error of every gik command: ``gik <command>: <reason>``, exit 2
    (``gik <command> --help`` shows the usage)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    from gik_nlp import __version__

    parser = _Parser(
        prog="gik", description="Turn government information-disclosure annual reports into records.")
    parser.add_argument("--version", action="version", version=f"gik_nlp {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMANDS.values():
        importlib.import_module(f"gik_nlp.cli.{module_name}").add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `gik` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    from gik_nlp.cli.conventions import EXIT_INTERRUPTED, EXIT_USAGE, fail

    module = importlib.import_module(f"gik_nlp.cli.{COMMANDS[args.command]}")
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        return fail(args.command, "interrupted", code=EXIT_INTERRUPTED)
    except (OSError, ValueError) as exc:
        # A missing file, an unreadable config, a malformed input: one line, not a traceback
        # (cli/conventions.py). GIK_DEBUG=1 shows the traceback.
        if os.environ.get("GIK_DEBUG"):
            raise
        if isinstance(exc, OSError) and exc.filename is not None:
            return fail(args.command, exc.strerror or str(exc), exc.filename, EXIT_USAGE)
        return fail(args.command, str(exc).splitlines()[0] if str(exc) else type(exc).__name__, code=EXIT_USAGE)


if __name__ == "__main__":
    sys.exit(main())
