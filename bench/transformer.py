"""Tagging speed and peak memory of the transformer tagger next to the CRF and the plain BERT.

    python bench/transformer.py MODEL[@OPTIONS] [MODEL …] [--chars 100000] [--threads 2]
                                [-o docs/bench_transformer.json]

Each model tags the same text (the corpus documents repeated to ``--chars`` characters, as
bench/tagging.py does, end to end: features, windows, model, CRF decoding, spans) in a fresh
process, one after another in the same run, so their figures are comparable on a shared machine.
A transformer folder may carry inference options after ``@``, comma-separated
(gik_nlp.tagging.config.parse_model_argument): ``runs/tf@int8`` (dynamically quantised linear
layers), ``runs/tf@stride=224``, ``runs/tf@int8,batch=64``. An ensemble folder
(tagging/ensemble.py) is measured like any model.
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

from gik_nlp.tagging.config import parse_model_argument

REPO = Path(__file__).resolve().parents[1]


def worker(spec: str, threads: int, chars: int) -> dict:
    """Tag the bench text with one model in this process; its figures."""
    import torch

    sys.path.insert(0, str(REPO / "bench"))
    from tagging import time_tagging

    from gik_nlp.tagging import load_tagger
    from gik_nlp.tagging.infer import Tagger

    torch.set_num_threads(threads)
    folder, options = parse_model_argument(spec)
    tagger = Tagger(folder, **options) if options else load_tagger(folder)
    return dict(time_tagging(tagger, chars), options=options, threads=threads)


def measure(spec: str, threads: int, chars: int) -> dict:
    """One fresh process running ``worker``: its JSON line."""
    env = dict(os.environ, PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    out = subprocess.run([sys.executable, __file__, "--worker", spec, str(threads), str(chars)],
                         capture_output=True, text=True, env=env, check=False)
    if out.returncode:
        return {"model_dir": spec, "error": out.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(out.stdout.strip().splitlines()[-1]), model_dir=spec)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        print(json.dumps(worker(argv[1], int(argv[2]), int(argv[3]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--chars", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("-o", "--out", default=None)
    args = parser.parse_args(argv)
    for spec in args.models:
        try:
            parse_model_argument(spec)  # a bad option fails before anything runs
        except ValueError as exc:
            raise SystemExit(f"bench/transformer.py: {exc}") from None
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
