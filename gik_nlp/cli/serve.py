"""`gik serve [--model DIR] [--host 127.0.0.1] [--port 8000]`: the extraction service on uvicorn.

The model is loaded once when the server starts (``/v1/health`` answers 503 until it is
ready). Endpoints and limits: gik_nlp/service/app.py and docs/service.md. Exit code 2
when the model folder is missing, else uvicorn's.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from gik_nlp.service.settings import (BATCH_WORKERS, MAX_BATCH, MAX_BODY_BYTES, MAX_PENDING,
                                          MAX_PENDING_BATCHES, TIMEOUT_S, WORKERS)

    parser = subparsers.add_parser(
        "serve", help="run the extraction service (HTTP API and web page)",
        description="Serve POST /v1/extract, /v1/extract/batch, /v1/view, GET /v1/health, /v1/schema, "
                    "/v1/model, /v1/openapi.json and the web page at /.")
    parser.add_argument("--model", type=Path, help="model folder (default: $GIK_MODEL or models/default)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port, 1-65535 (default 8000)")
    parser.add_argument("--workers", type=int, default=WORKERS,
                        help=f"threads that read, tag and assemble (default {WORKERS})")
    parser.add_argument("--threads", type=int,
                        help="torch CPU threads (default: cores // workers, so concurrent requests do not "
                             "oversubscribe the cores)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S,
                        help=f"seconds one document may take, queueing included (default {TIMEOUT_S:g})")
    parser.add_argument("--max-body-mb", type=float, default=MAX_BODY_BYTES / 2**20,
                        help=f"largest request body in MiB (default {MAX_BODY_BYTES / 2**20:g})")
    parser.add_argument("--max-pending", type=int, default=MAX_PENDING,
                        help=f"jobs queued or running before 503 busy (default {MAX_PENDING})")
    parser.add_argument("--max-batch", type=int, default=MAX_BATCH,
                        help=f"documents per batch request (default {MAX_BATCH})")
    parser.add_argument("--batch-workers", type=int, default=BATCH_WORKERS,
                        help=f"threads for batch requests, apart from --workers (default {BATCH_WORKERS})")
    parser.add_argument("--max-pending-batches", type=int, default=MAX_PENDING_BATCHES,
                        help=f"batch requests queued or running before 503 busy (default {MAX_PENDING_BATCHES})")
    parser.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"),
                        help="uvicorn log level (default info)")


def _port(text: str) -> int:
    """A TCP port number; argparse reports anything else as a usage error (exit 2)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def run(args: argparse.Namespace) -> int:
    import torch
    import uvicorn

    from gik_nlp.cli.conventions import NO_MODEL, fail
    from gik_nlp.pipeline import default_model_dir
    from gik_nlp.service.app import create_app
    from gik_nlp.service.settings import ServiceSettings

    model_dir = args.model or default_model_dir()
    if not (model_dir / "meta.json").exists():
        return fail("serve", NO_MODEL, model_dir)
    try:
        settings = ServiceSettings(max_body_bytes=int(args.max_body_mb * 2**20), timeout_s=args.timeout,
                                   workers=args.workers, max_pending=args.max_pending, max_batch=args.max_batch,
                                   batch_workers=args.batch_workers, max_pending_batches=args.max_pending_batches)
    except ValueError as exc:
        return fail("serve", str(exc))
    torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) // settings.workers))
    uvicorn.run(create_app(model_dir, settings), host=args.host, port=args.port, log_level=args.log_level)
    return 0
