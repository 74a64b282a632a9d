"""`gik serve`: not available yet (being built)."""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("serve", help="(not available yet)")


def run(args: argparse.Namespace) -> int:
    print("gik serve: not available yet", file=sys.stderr)
    return 2
