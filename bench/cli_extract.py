"""`gik extract` from the command line: one report (wall time, start-up included) and a batch.

    python bench/cli_extract.py [--model models/default] [--copies 40] [--runs 3]

One report: ``gik extract examples/seed-001_….txt`` in a fresh process, ``--runs`` times; the median
wall time (imports, model and name-classifier loading, reading, tagging, assembling, printing).
Batch: the five seed reports (corpus/real) written ``--copies`` times each as .txt files, then
``gik extract DIR -o out.jsonl`` in one process; characters of normalised text per second of wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ONE_REPORT = REPO / "examples" / "seed-001_7960c88a20672298.txt"


def _gik(*args: str, model: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `gik extract` process."""
    env = dict(os.environ, PYTHONPATH=str(REPO), GIK_MODEL=model)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "gik_nlp.cli", "extract", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"gik extract failed: {done.stderr.strip()[-500:]}")
    return seconds, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def run(model: str = str(REPO / "models" / "default"), copies: int = 40, runs: int = 3) -> dict:
    sys.path.insert(0, str(REPO))
    from gik_nlp.corpus.format import load_corpus

    one = [_gik(str(ONE_REPORT), model=model) for _ in range(runs)]
    seeds = load_corpus(REPO / "corpus" / "real")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        chars = 0
        for i in range(copies):
            for doc in seeds:
                (folder / f"{doc.id}-{i:02d}.txt").write_text(doc.text, encoding="utf-8")
                chars += len(doc.text)
        seconds, cpu = _gik(str(folder), "-o", str(Path(tmp) / "out.jsonl"), model=model)
    # CPU seconds as well: on a shared machine the wall figures carry the load (os.getloadavg)
    return {"model": model, "load_average": [round(x, 2) for x in os.getloadavg()],
            "one_report_wall_s": round(statistics.median(w for w, _ in one), 2),
            "one_report_cpu_s": round(statistics.median(c for _, c in one), 2),
            "one_report_runs_wall_s": [round(w, 2) for w, _ in one],
            "batch_files": copies * len(seeds), "batch_chars": chars, "batch_wall_s": round(seconds, 1),
            "batch_cpu_s": round(cpu, 1), "batch_chars_per_s": round(chars / seconds),
            "batch_chars_per_cpu_s": round(chars / cpu) if cpu else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(REPO / "models" / "default"))
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.model, args.copies, args.runs), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
