"""Throughput of `gik extract --ray` with 1 and 2 local actors against the single-process path.

    python bench/ray_extract.py [--model models/default] [-o docs/bench_ray.json]

Extracts report files written into a temp folder in four ways: ``extract_batch`` with 1
process and with 2 worker processes (what `gik extract --workers N` runs), and
``extract_on_ray`` on a local Ray (2 CPUs, started once) with 1 and with 2 actors, in
batches (shards) of ``SHARD_SIZE``. Every input's completion is time-stamped on the driver.

- steady rate: inputs finished after the first result came back, over the time from then
  to the last (a Ray batch comes back whole, so the inputs of the first batch are left
  out); the start-up (imports, model load, the actor pool's start) does not enter it;
- start-up: the time until the first result, less the steady time of the inputs that
  came back with it;
- Ray's start: ``ray.init`` of the local Ray, measured apart.

Two sets of reports: typical (the corpus's real seed reports in turn, ~4,400 characters,
each made unique by a line at its end) and tiny (their first 200 characters: the model's
work is small, and what is left is the machinery's per-report cost). Ray's per-report
overhead is the steady time per report of 1 actor less that of 1 process. Timings depend
on the machine and its load: quote the load average printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

#: Report sets: name → (number of reports, characters kept of each seed report or None for all).
SETS = {"typical": (160, None), "tiny": (800, 200)}
#: Records per Ray batch (= shard) in the bench: small, so that results come back often
#: enough to time; the default (256) has less per-batch cost.
SHARD_SIZE = 8
#: Seconds within which results are taken to have come back together (one Ray batch).
SAME_BATCH_S = 0.005


def _write_inputs(folder: Path, n: int, keep: int | None) -> tuple[list[Path], int]:
    """``n`` unique report files r0000.txt… (seed reports, cut to ``keep`` characters);
    RETURNS them and their mean length in characters."""
    from gik_nlp.corpus.format import load_corpus

    texts = [d.text[:keep] for d in sorted(load_corpus(REPO / "corpus" / "real"), key=lambda d: d.id)]
    folder.mkdir(parents=True)
    paths, chars = [], 0
    for i in range(n):
        text = texts[i % len(texts)] + f"\n附：第{i}份\n"
        path = folder / f"r{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        chars += len(text)
    return paths, round(chars / n)


def steady(start: float, stamps: list[float]) -> dict[str, float]:
    """Start-up and steady rate from the times inputs finished (see the module docstring).

    >>> steady(0.0, [10.0, 10.0, 11.0, 12.0])
    {'startup_s': 8.0, 'steady_s_per_report': 1.0, 'steady_reports_per_s': 1.0, 'wall_s': 12.0}
    """
    first = [t for t in stamps if t - stamps[0] <= SAME_BATCH_S]
    rest = len(stamps) - len(first)
    per_report = (stamps[-1] - stamps[0]) / rest if rest else float("nan")
    return {"startup_s": round(stamps[0] - start - len(first) * per_report, 2),
            "steady_s_per_report": round(per_report, 4), "steady_reports_per_s": round(1 / per_report, 2),
            "wall_s": round(stamps[-1] - start, 2)}


def _single_here(folder: Path, model_dir: Path, out: Path, workers: int) -> dict[str, float]:
    from gik_nlp.pipeline import extract_batch
    from gik_nlp.writers import RecordWriter

    paths = sorted(folder.iterdir())
    extract_batch(paths[:2], lambda record: None, lambda failure: None, model_dir)  # imports, caches
    stamps: list[float] = []
    cpu = os.times()
    start = time.perf_counter()
    with RecordWriter(out, "jsonl", append=False) as writer:
        summary = extract_batch(paths, writer.write, lambda failure: None, model_dir, workers=workers,
                                on_progress=lambda: stamps.append(time.perf_counter()))
    assert summary.succeeded == len(paths), summary
    figures = steady(start, stamps)
    used = os.times()  # the worker processes' CPU is counted once the pool has ended
    figures["cpu_s_per_report"] = round((used.user + used.system + used.children_user + used.children_system
                                         - cpu.user - cpu.system - cpu.children_user - cpu.children_system)
                                        / len(paths), 4)
    return figures


def _single(folder: Path, model_dir: Path, out: Path, workers: int) -> dict[str, float]:
    """The single-process way, run in a fresh process (no Ray imported, caches warmed there)."""
    command = [sys.executable, __file__, "--single", str(folder), str(out), str(workers), "--model", str(model_dir)]
    done = subprocess.run(command, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    if done.returncode != 0:
        raise RuntimeError(f"single-process run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _process_cpu() -> dict[int, tuple[str, float]]:
    """(command, CPU seconds used) of this process and of every process below it."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    seen: dict[int, tuple[str, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry)] = int(fields[1])
        seen[int(entry)] = (command, (int(fields[11]) + int(fields[12])) / tick)
    mine = {}
    for pid, value in seen.items():
        ancestor = pid
        while ancestor and ancestor != os.getpid():
            ancestor = parents.get(ancestor, 0)
        if ancestor == os.getpid():
            mine[pid] = value
    return mine


def _ray(paths: list[Path], model_dir: Path, out: Path, actors: int) -> dict[str, float]:
    """The Ray way, timed, and the CPU seconds of the driver and of Ray's own processes (the
    actors apart) during the run, per report: the CPU that Ray adds to the extraction's."""
    import threading

    from gik_nlp.distributed import extract_on_ray

    before = _process_cpu()
    samples: dict[int, tuple[str, float]] = {}
    running = threading.Event()
    running.set()

    def sample() -> None:
        while running.is_set():
            samples.update(_process_cpu())
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stamps: list[float] = []
    start = time.perf_counter()
    summary = extract_on_ray(paths, out, "jsonl", model_dir, actors=actors, shard_size=SHARD_SIZE,
                             on_progress=lambda: stamps.append(time.perf_counter()))
    running.clear()
    sampler.join()
    assert summary.succeeded == len(paths), summary
    figures = steady(start, stamps)
    used = {pid: cpu - before.get(pid, ("", 0.0))[1] for pid, (_, cpu) in samples.items()}
    actors_cpu = sum(cpu for pid, cpu in used.items() if "MapWorker" in samples[pid][0])
    figures["actors_cpu_s_per_report"] = round(actors_cpu / len(paths), 4)
    figures["ray_and_driver_cpu_s_per_report"] = round((sum(used.values()) - actors_cpu) / len(paths), 4)
    return figures


def run(model_dir: Path | None = None) -> dict:
    """The figures (see the module docstring) as a dict."""
    import logging

    try:
        import ray
    except ImportError:
        return {"skipped": "ray is not installed (pip install -c constraints.txt -e .[ray])"}
    model_dir = model_dir or REPO / "models" / "default"
    work = Path(tempfile.mkdtemp(prefix="gikbench-"))
    result: dict = {"cpus": os.cpu_count(), "shard_size": SHARD_SIZE,
                    "load_average_before": [round(x, 2) for x in os.getloadavg()]}
    try:
        sets = {name: _write_inputs(work / name, n, keep) for name, (n, keep) in SETS.items()}
        for name, (paths, mean_chars) in sets.items():  # before Ray starts: its processes would share the CPUs
            result[name] = {"reports": len(paths), "mean_chars_per_report": mean_chars,
                            "single_process_workers_1": _single(work / name, model_dir, work / f"{name}-1.jsonl", 1),
                            "single_process_workers_2": _single(work / name, model_dir, work / f"{name}-2.jsonl", 2)}
        start = time.perf_counter()
        ray.init(address="local", num_cpus=2, object_store_memory=100 * 1024 * 1024, include_dashboard=False,
                 logging_level=logging.WARNING, _temp_dir=str(work / "r"))
        result["ray_local_start_s"] = round(time.perf_counter() - start, 2)
        try:
            for name, (paths, _) in sets.items():
                figures = result[name]
                figures["ray_local_actors_1"] = _ray(paths, model_dir, work / f"{name}-ray1", 1)
                figures["ray_local_actors_2"] = _ray(paths, model_dir, work / f"{name}-ray2", 2)
                figures["ray_overhead_s_per_report"] = round(
                    figures["ray_local_actors_1"]["steady_s_per_report"]
                    - figures["single_process_workers_1"]["steady_s_per_report"], 4)
        finally:
            ray.shutdown()
        result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO / "models" / "default")
    parser.add_argument("-o", "--out", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--single", nargs=3, metavar=("FOLDER", "OUT", "WORKERS"),
                        help="(internal) time the single-process way on FOLDER and print its figures")
    args = parser.parse_args()
    if args.single:
        folder, out, workers = args.single
        print(json.dumps(_single_here(Path(folder), args.model.resolve(), Path(out), int(workers))))
        return 0
    figures = run(args.model.resolve())
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
