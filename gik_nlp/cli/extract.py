"""`gik extract`: not available yet (being built)."""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("extract", help="(not available yet)")


def run(args: argparse.Namespace) -> int:
    print("gik extract: not available yet", file=sys.stderr)
    return 2
