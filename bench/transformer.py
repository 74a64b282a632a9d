"""Tagging speed and peak memory of the transformer tagger next to the CRF and the plain BERT.

    python bench/transformer.py MODEL_DIR [MODEL_DIR …] [--chars 100000] [--threads 2] [-o docs/bench_transformer.json]

Each model tags the same text (the corpus documents repeated to ``--chars`` characters, as
bench/tagging.py does, end to end: features, windows, model, CRF decoding, spans) in a fresh
process, one after another in the same run, so their figures are comparable on a shared machine.
The load average at the start and the end is recorded beside them: on a machine shared by other
jobs the absolute chars/s are a floor, the ratios between models are what carries over.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def measure(model_dir: str, threads: int, chars: int) -> dict:
    """One fresh process running bench/tagging.py's ``tag`` worker: its JSON line."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, str(REPO / "bench" / "tagging.py"), "--worker", "tag", model_dir,
                          str(threads), str(chars)], capture_output=True, text=True, env=env, check=False)
    if out.returncode:
        return {"model_dir": model_dir, "error": out.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(out.stdout.strip().splitlines()[-1]), model_dir=model_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--chars", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("-o", "--out", default=None)
    args = parser.parse_args(argv)
    result = {"load_average_start": os.getloadavg(), "cpus": os.cpu_count(),
              "rows": [measure(m, args.threads, args.chars) for m in args.models]}
    result["load_average_end"] = os.getloadavg()
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
