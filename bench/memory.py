"""Peak memory and time of `gik extract` on one large text, for 0.2, 2 and 20 MB inputs.

    python bench/memory.py [--sizes 0.2 2 20] [--model models/default]

Each size runs `gik extract FILE -o OUT` in a fresh process, which reports its own peak
RSS (ru_maxrss), wall time and CPU time; the input is the annotated real reports
(corpus/real) repeated until the size (UTF-8, about 2.7 bytes a character). What it shows: memory stays bounded (the tagger
streams window by window, the offset map is stored as runs) and time grows linearly
(seconds per MB about constant). Figures depend on the machine and its load: quote the
load average printed with them (docs/robustness.md); CPU seconds (user + system) depend
less on the load than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def make_input(path: Path, megabytes: float) -> int:
    """Write the annotated real reports of corpus/real, repeated, as UTF-8, cut at a line end near
    ``megabytes`` MB; return the byte count."""
    from gik_nlp.corpus.format import load_corpus

    base = "\n".join(doc.text for doc in load_corpus(REPO / "corpus" / "real")).encode("utf-8")
    target = int(megabytes * 1_000_000)
    data = (base * (target // len(base) + 1))[:target]
    data = data[:data.rfind(b"\n") + 1]
    path.write_bytes(data)
    return len(data)


def worker(args: list[str]) -> None:
    """Run the CLI in this process and print its peak RSS and time as JSON on stderr's last line."""
    from gik_nlp.cli import main

    started = time.perf_counter()
    code = main(args)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"exit": code, "seconds": round(time.perf_counter() - started, 1),
                      "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                      "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}),
          file=sys.stderr)


def measure(megabytes: float, model: str, folder: Path) -> dict:
    source = folder / f"input-{megabytes:g}MB.txt"
    size = make_input(source, megabytes)
    out = folder / f"out-{megabytes:g}MB.jsonl"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, __file__, "--worker", "extract", str(source), "-o", str(out),
                           "--model", model, "--no-progress"], capture_output=True, text=True, env=env)
    figures = json.loads(done.stderr.strip().splitlines()[-1])
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0]) if out.exists() and out.stat().st_size else {}
    return {"input_mb": round(size / 1e6, 2), **figures,
            "seconds_per_mb": round(figures["seconds"] / (size / 1e6), 1),
            "spans": len(record.get("spans", [])), "load_average": [round(x, 2) for x in os.getloadavg()]}


def run(sizes: tuple[float, ...] = (0.2, 2.0, 20.0), model: str | None = None) -> dict:
    """One row per size, after a 0.01 MB run that gives the fixed cost (start-up, imports, model
    load); ``marginal_seconds_per_mb`` is (seconds - fixed) / MB, constant when time is linear."""
    model = model or str(REPO / "models" / "default")
    with tempfile.TemporaryDirectory(prefix="gik-memory-") as tmp:
        fixed = measure(0.01, model, Path(tmp))
        print(json.dumps(fixed), file=sys.stderr, flush=True)
        rows = []
        for megabytes in sizes:
            row = measure(megabytes, model, Path(tmp))
            row["marginal_seconds_per_mb"] = round((row["seconds"] - fixed["seconds"]) / row["input_mb"], 1)
            row["marginal_cpu_seconds_per_mb"] = round((row["cpu_seconds"] - fixed["cpu_seconds"]) / row["input_mb"], 1)
            rows.append(row)
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return {"fixed_cost": fixed, "runs": rows}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.2, 2.0, 20.0])
    parser.add_argument("--model")
    args = parser.parse_args()
    print(json.dumps({"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]}))
    print(json.dumps(run(tuple(args.sizes), args.model), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
