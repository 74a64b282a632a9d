"""Run every benchmark and print its figures (`make bench`).

A benchmark is a module in bench/ with a ``run() -> dict``; they run in file-name
order and each prints as one JSON block under its name. Timings depend on the machine
and its load: compare runs made on the same machine, and quote the machine and the load
average printed first with any figure.
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


def benchmark_names() -> list[str]:
    """Module names of the benchmarks (every bench/*.py but this one), sorted."""
    return sorted(p.stem for p in BENCH.glob("*.py") if p.stem != "run" and not p.stem.startswith("_"))


def main() -> int:
    print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
                      "load_average": [round(x, 2) for x in os.getloadavg()]}))
    for name in benchmark_names():
        module = importlib.import_module(name)
        if not callable(getattr(module, "run", None)):
            continue
        print(f"## {name}", flush=True)
        print(json.dumps(module.run(), ensure_ascii=False, indent=1), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
