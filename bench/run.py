"""Run every benchmark and print its figures (`make bench`).

Benchmarks are modules in bench/ with a ``run() -> dict``; each prints as one JSON
block under its name. Timings depend on the machine and its load: compare runs made
on the same machine, and quote the machine with the figure.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

#: Benchmark modules, in the order they run.
BENCHMARKS = ("tagging", "service")


def main() -> int:
    print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()}))
    for name in BENCHMARKS:
        module = importlib.import_module(name)
        print(f"## {name}")
        print(json.dumps(module.run(), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
