"""Load test of `gik serve` on loopback: do answers under load equal the answers alone?

    python bench/load.py [--clients 16 64] [--seconds 30] [--batch-clients 2] [--model models/default]

Starts `gik serve` on 127.0.0.1 (a free port; nothing leaves the machine), takes the
answer of every test report sent alone, then for each client count runs that many
threads posting random reports to /v1/extract for ``--seconds`` (plus ``--batch-clients``
threads posting 4-report batches to /v1/extract/batch), while one more thread polls
/v1/health twice a second. Every 200 answer is compared with the answer alone.
Bounded: a fixed duration, at most ``max(clients)`` connections, a 503 makes its client
wait half a second. Prints one JSON object per client count: answers by status,
differing answers, req/s of 200 answers, p50/p95 latency, health statuses and the
server's peak RSS (VmHWM). Quote the load average printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reports() -> list[dict]:
    from gik_nlp.corpus.format import load_corpus

    return [{"text": doc.text, "source": f"{doc.id}.txt"} for doc in load_corpus(REPO / "corpus" / "real")]


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def load_round(base: str, reports: list[dict], alone: list[dict], clients: int, seconds: float,
               batch_clients: int) -> dict:
    import httpx

    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    statuses: dict[str, int] = {}
    latencies: list[float] = []
    differing: list[str] = []
    batch_items = [0, 0]  # [compared, differing]
    health: dict[str, int] = {}

    def count(table: dict[str, int], key: object) -> None:
        with lock:
            table[str(key)] = table.get(str(key), 0) + 1

    def single(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=120) as client:
            while time.monotonic() < stop_at:
                i = rng.randrange(len(reports))
                started = time.monotonic()
                try:
                    response = client.post("/v1/extract", json=reports[i])
                except httpx.HTTPError as exc:
                    count(statuses, type(exc).__name__)
                    continue
                count(statuses, response.status_code)
                if response.status_code == 200:
                    with lock:
                        latencies.append(time.monotonic() - started)
                    if response.json() != alone[i]:
                        with lock:
                            differing.append(reports[i]["source"])
                elif response.status_code == 503:
                    time.sleep(0.5)

    def batch(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=300) as client:
            while time.monotonic() < stop_at:
                picks = [rng.randrange(len(reports)) for _ in range(4)]
                try:
                    response = client.post("/v1/extract/batch", json={"documents": [reports[i] for i in picks]})
                except httpx.HTTPError as exc:
                    count(statuses, f"batch {type(exc).__name__}")
                    continue
                count(statuses, f"batch {response.status_code}")
                if response.status_code == 200:
                    for i, item in zip(picks, response.json()["results"]):
                        with lock:
                            batch_items[0] += 1
                            batch_items[1] += item.get("record") != alone[i]
                elif response.status_code == 503:
                    time.sleep(0.5)

    def poll_health() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < stop_at:
                try:
                    count(health, client.get("/v1/health").status_code)
                except httpx.HTTPError as exc:
                    count(health, type(exc).__name__)
                time.sleep(0.5)

    threads = [threading.Thread(target=single, args=(i,)) for i in range(clients)]
    threads += [threading.Thread(target=batch, args=(1000 + i,)) for i in range(batch_clients)]
    threads.append(threading.Thread(target=poll_health))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ok = statuses.get("200", 0)
    return {"clients": clients, "batch_clients": batch_clients, "seconds": round(elapsed, 1),
            "answers": dict(sorted(statuses.items())), "differing": len(differing),
            "differing_sources": sorted(set(differing)), "answers_500": statuses.get("500", 0),
            "batch_items_compared": batch_items[0], "batch_items_differing": batch_items[1],
            "req_per_s": round(ok / elapsed, 2), "latency_p50_s": _percentile(latencies, 0.5),
            "latency_p95_s": _percentile(latencies, 0.95), "health": dict(sorted(health.items())),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def run(clients: tuple[int, ...] = (16, 64), seconds: float = 30, batch_clients: int = 2,
        model: str | None = None) -> dict:
    import httpx

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "gik_nlp.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning"]
    if model:
        command += ["--model", model]
    server = subprocess.Popen(command, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/v1/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("bench/load.py: the server did not become ready")
            time.sleep(0.5)
        reports = _reports()
        with httpx.Client(base_url=base, timeout=120) as client:
            alone = [client.post("/v1/extract", json=report).json() for report in reports]
        rounds = []
        for count in clients:
            rounds.append(load_round(base, reports, alone, count, seconds, batch_clients))
            print(json.dumps(rounds[-1]), file=sys.stderr, flush=True)
        return {"reports": len(reports), "server_peak_rss_mb": _peak_rss_mb(server.pid), "rounds": rounds}
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--batch-clients", type=int, default=2)
    parser.add_argument("--model")
    args = parser.parse_args()
    if max(args.clients) > 256 or args.seconds > 300:
        parser.error("keep it bounded: at most 256 clients and 300 seconds")
    print(json.dumps({"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]}))
    print(json.dumps(run(tuple(args.clients), args.seconds, args.batch_clients, args.model), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
