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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ONE_REPORT = REPO / "examples" / "seed-001_7960c88a20672298.txt"


def _gik(*args: str, model: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO), GIK_MODEL=model)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "gik_nlp.cli", "extract", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"gik extract failed: {done.stderr.strip()[-500:]}")
    return seconds


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
        seconds = _gik(str(folder), "-o", str(Path(tmp) / "out.jsonl"), model=model)
    return {"model": model, "one_report_wall_s": round(statistics.median(one), 2),
            "one_report_runs_s": [round(s, 2) for s in one],
            "batch_files": copies * len(seeds), "batch_chars": chars, "batch_wall_s": round(seconds, 1),
            "batch_chars_per_s": round(chars / seconds)}


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
