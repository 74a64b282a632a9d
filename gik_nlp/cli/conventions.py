"""What every `gik` command does the same way (README, "Command-line conventions").

- One output flag, ``-o/--output``; ``-`` is stdout.
- The output format comes from the extension; an extension a command cannot write is an error
  (never a file in another format under that name).
- Every error is one line on stderr: ``gik <command>: <file>: <reason>`` (``<file>`` left out
  when no file is at fault).
- Exit codes: ``EXIT_OK`` 0 done; ``EXIT_FAILED`` 1 some inputs failed (the rest were written);
  ``EXIT_USAGE`` 2 bad arguments, missing files or model — nothing was done; ``EXIT_INTERRUPTED``
  130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: What ``-o -`` means.
STDOUT = "-"

#: The reason given for a model folder without meta.json (``fail(command, NO_MODEL, model_dir)``).
NO_MODEL = "no model here (meta.json missing); train one with `gik train` or pass --model DIR"


def error(command: str, reason: str, file: object = None) -> str:
    """The one-line error of a command.

    >>> error("extract", "no such file", "a.pdf")
    'gik extract: a.pdf: no such file'
    >>> error("schema", "unknown output extension '.xlsx'; use .csv or .json")
    "gik schema: unknown output extension '.xlsx'; use .csv or .json"
    """
    return f"gik {command}: {file}: {reason}" if file is not None else f"gik {command}: {reason}"


def fail(command: str, reason: str, file: object = None, code: int = EXIT_USAGE) -> int:
    """Print ``error(...)`` to stderr and return ``code``."""
    print(error(command, reason, file), file=sys.stderr)
    return code


class OutputError(ValueError):
    """An output path a command cannot write: the message is the reason."""


def output_format(path: str | Path, formats: tuple[str, ...], default: str | None = None) -> str:
    """The format of an output from its extension (``-``: ``default``); OutputError when the
    extension is not one of ``formats``.

    >>> output_format("out.csv", ("jsonl", "csv")), output_format("-", ("jsonl",), "jsonl")
    ('csv', 'jsonl')
    >>> output_format("out.xlsx", ("jsonl", "csv"))
    Traceback (most recent call last):
    ...
    gik_nlp.cli.conventions.OutputError: unknown output extension '.xlsx'; use one of .jsonl .csv
    """
    if str(path) == STDOUT:
        if default is None:
            raise OutputError("this output cannot go to stdout (-); name a file")
        return default
    suffix = Path(path).suffix.lower()
    name = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}.get(suffix)
    if name not in formats:
        raise OutputError(f"unknown output extension {suffix or '(none)'!r}; use one of "
                          + " ".join("." + f for f in formats))
    return name
