"""Throughput and latency of ``POST /v1/extract`` on a real uvicorn over loopback.

    python bench/service.py [--model models/default] [--requests 48] [--clients 1,4,16] [--workers 2]

Starts ``gik serve`` on a free 127.0.0.1 port, sends a typical report (the corpus
document of median length) as JSON text from 1, 4 and 16 concurrent clients, each level
a fixed number of requests after a warm-up, and reports requests per second and latency
percentiles (milliseconds, nearest rank). The clients run on the same machine as the
server, so on a small machine they take some of its CPU: compare runs made on the same
machine, and quote the load average given with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

#: Concurrent clients per level, and requests sent at each level.
CLIENTS = (1, 4, 16)
REQUESTS = 48
#: Requests before timing starts (the first ones pay for lazy imports and allocations).
WARMUP = 3
#: Bounded wait for the server: polls and seconds between them.
START_POLLS = 600
POLL_S = 0.2
#: Seconds a client waits for one response.
CLIENT_TIMEOUT_S = 300


def typical_report() -> tuple[str, str]:
    """(id, text) of the corpus document of median length."""
    from gik_nlp.corpus.format import load_corpus

    docs = sorted(load_corpus(REPO / "corpus"), key=lambda d: (len(d.text), d.id))
    if not docs:
        raise SystemExit("bench: corpus/ is empty")
    doc = docs[len(docs) // 2]
    return doc.id, doc.text


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile.

    >>> percentile([4.0, 1.0, 3.0, 2.0], 0.5)
    2.0
    >>> percentile([1.0, 2.0, 3.0], 0.99)
    3.0
    """
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _level(base_url: str, body: dict, clients: int, requests: int) -> dict:
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    remaining = requests

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            response = await http.post("/v1/extract", json=body)
            latencies.append(time.perf_counter() - started)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=CLIENT_TIMEOUT_S, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        wall = time.perf_counter() - started
    ms = [1000 * s for s in latencies]
    return {"clients": clients, "requests": requests, "seconds": round(wall, 2),
            "requests_per_s": round(requests / wall, 2),
            "latency_ms": {"p50": round(percentile(ms, 0.50)), "p90": round(percentile(ms, 0.90)),
                           "p99": round(percentile(ms, 0.99)), "max": round(max(ms))},
            "statuses": {str(k): v for k, v in sorted(statuses.items())}}


def run(model: str = str(REPO / "models" / "default"), requests: int = REQUESTS, clients: tuple[int, ...] = CLIENTS,
        workers: int | None = None) -> dict:
    """Start a server, measure every level, stop the server; the figures as a dict."""
    import httpx

    if not (Path(model) / "meta.json").is_file():
        return {"error": f"{model}: no model (meta.json missing)"}
    doc_id, text = typical_report()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gik_nlp.cli", "serve", "--model", str(model), "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]
    if workers:
        command += ["--workers", str(workers)]
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(START_POLLS):
                if server.poll() is not None:
                    log.seek(0)
                    return {"error": f"gik serve exited: {log.read()[-2000:]}"}
                try:
                    health = httpx.get(f"{base_url}/v1/health", timeout=5)
                    if health.status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(POLL_S)
            else:
                return {"error": f"server not ready after {START_POLLS * POLL_S:g} s"}
            body = {"text": text, "source": doc_id}
            for _ in range(WARMUP):
                httpx.post(f"{base_url}/v1/extract", json=body, timeout=CLIENT_TIMEOUT_S).raise_for_status()
            load_before = os.getloadavg()[0]
            levels = [asyncio.run(_level(base_url, body, n, requests)) for n in clients]
            model_name = health.json()["model"]
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    return {"model": model_name, "document": doc_id, "chars": len(text), "cpus": os.cpu_count(),
            "server_workers": workers or "default", "load_average_1m": [round(load_before, 2),
                                                                        round(os.getloadavg()[0], 2)],
            "levels": levels}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(REPO / "models" / "default"), help="model folder (default models/default)")
    parser.add_argument("--requests", type=int, default=REQUESTS, help=f"requests per level (default {REQUESTS})")
    parser.add_argument("--clients", default=",".join(map(str, CLIENTS)),
                        help="concurrent clients per level, comma-separated (default 1,4,16)")
    parser.add_argument("--workers", type=int, help="server worker threads (default: gik serve's)")
    args = parser.parse_args(argv)
    clients = tuple(int(n) for n in args.clients.split(","))
    print(json.dumps(run(args.model, args.requests, clients, args.workers), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
