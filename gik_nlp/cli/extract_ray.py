"""`gik extract PATH... -o OUT --ray [ADDRESS]`: the batch on a Ray cluster (gik_nlp.distributed).

OUT is a folder of shards (``part-<hash>.jsonl|csv|parquet``) and failures go to
``OUT.errors.jsonl``, as in the single-process path; the exit codes are the same.
Running it on a cluster: docs/cluster.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gik_nlp.distributed import SHARD_SIZE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The Ray options of ``gik extract``."""
    parser.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                        help="run on Ray (pip install .[ray]); OUT becomes a folder of shards. Without "
                             "ADDRESS a local Ray is started; with one (host:port, ray://host:port, auto) "
                             "that cluster is used; --workers is then the number of actors "
                             "(default: one per CPU). Put --ray after the inputs, or write --ray=ADDRESS")
    parser.add_argument("--shard-size", type=int, default=SHARD_SIZE, metavar="N",
                        help=f"with --ray: records per shard at most (default {SHARD_SIZE})")


def check_address(value: str) -> str | None:
    """The Ray address a ``--ray`` value names, or None for a new local Ray; ValueError when
    the value looks like an input path that argparse took as the address.

    >>> check_address("local") is None, check_address("10.0.0.5:6379"), check_address("auto")
    (True, '10.0.0.5:6379', 'auto')
    >>> check_address("reports/")
    Traceback (most recent call last):
    ...
    ValueError: --ray took 'reports/' as the cluster address; put --ray after the inputs, or write --ray=ADDRESS (host:port, ray://host:port or auto)
    """
    if value == "local":
        return None
    if value == "auto" or ":" in value:
        return value
    raise ValueError(f"--ray took {value!r} as the cluster address; put --ray after the inputs, or write "
                     "--ray=ADDRESS (host:port, ray://host:port or auto)")


def _quiet_ray_data() -> None:
    """Keep Ray Data's progress lines off the terminal (they still go to its log files): the
    command draws one progress bar and prints one summary."""
    import logging

    try:
        import ray.data  # noqa: F401 - configures the "ray.data" logger
    except ImportError:
        return  # extract_on_ray says what to install
    for handler in logging.getLogger("ray.data").handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            handler.setLevel(logging.WARNING)
            # Ray Data warns that its bars are off: we turned them off, for our own bar.
            handler.addFilter(lambda record: "Progress bars disabled" not in record.getMessage())


def run_ray(args: argparse.Namespace, inputs: list[Path], model_dir: Path, output_format: str,
            max_bytes: int) -> int:
    """Run the batch of ``gik extract --ray``; RETURNS the exit code (0, 1 when an input failed, 2 on misuse)."""
    from tqdm import tqdm

    from gik_nlp.cli.conventions import fail
    from gik_nlp.cli.extract import errors_path_of, failure_writer, finish_batch
    from gik_nlp.distributed import RayUnavailable, extract_on_ray

    try:
        address = check_address(args.ray)
    except ValueError as exc:
        return fail("extract", str(exc))
    if args.out is None:
        return fail("extract", "--ray needs -o OUT (a folder of shards)")
    if args.shard_size < 1 or (args.workers is not None and args.workers < 1):
        return fail("extract", "--shard-size and --workers must be at least 1")
    _quiet_ray_data()
    errors_path = errors_path_of(args.out)
    errors_path.parent.mkdir(parents=True, exist_ok=True)
    progress = tqdm(total=len(inputs), unit="report", disable=args.no_progress, file=sys.stderr)
    try:
        with errors_path.open("w", encoding="utf-8") as errors:
            summary = extract_on_ray(inputs, args.out, output_format, model_dir, address=address, actors=args.workers,
                                     resume=args.resume, write_failure=failure_writer(errors, progress),
                                     on_progress=progress.update, max_bytes=max_bytes,
                                     shard_size=args.shard_size, ocr=args.ocr)
    except (RayUnavailable, ValueError) as exc:
        progress.close()
        errors_path.unlink(missing_ok=True)
        return fail("extract", str(exc))
    progress.close()
    return finish_batch(summary, len(inputs), args.out, errors_path, shards=True)
