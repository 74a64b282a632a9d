"""Batch extraction on a Ray cluster (``gik extract … -o OUT --ray [ADDRESS]``).

The driver lists the inputs, and a Ray Data actor pool reads and extracts them: each actor
loads the model once, takes the inputs a batch at a time (``map_batches``), runs
``pipeline.extract_one`` on each, and writes the batch's records as one shard with
``writers.RecordWriter`` into the folder OUT. Only a small status row per input (done,
skipped or failed, and why) goes back to the driver, which counts them and writes
failures to ``OUT.errors.jsonl``, as the single-process path does.

Why nothing is lost or written twice when an actor dies: Ray Data restarts the actor and
runs the whole batch again, and a shard is written under a temporary name and renamed
into place (atomic) under a name derived from the batch's inputs. A batch that died
before its rename left only a temporary file (removed at the end of the run); one that
died after it is written again to the same name, replacing the first copy.

``--resume`` reads the (source, text_sha256) keys of every shard already in OUT, from any
earlier run; an input is skipped when its path and current text match a key (the
actor computes the text hash, so the driver never reads an input).

Needs the optional extra ``pip install .[ray]``. The CLI side is cli/extract_ray.py; running on a
cluster: docs/cluster.md.
"""

from __future__ import annotations

import hashlib
import math
import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gik_nlp import limits
from gik_nlp.pipeline import BatchSummary, Failure, display_path, extract_one, safe_text
from gik_nlp.writers import OUTPUT_FORMATS, RecordWriter, done_keys

#: Records per shard at most (one batch of the actor pool = one shard). Bigger shards mean
#: fewer files; smaller ones less work redone when an actor dies mid-batch.
SHARD_SIZE = 256
#: Batches per actor at least, so that the pool stays balanced when the inputs are few.
BATCHES_PER_ACTOR = 4
#: Object store of a local Ray started by gik: only paths and status rows travel through it.
LOCAL_OBJECT_STORE_BYTES = 200 * 1024 * 1024
#: What names a shard and its unfinished form inside OUT.
SHARD_PREFIX = "part-"
TMP_PREFIX = ".tmp-"


class RayUnavailable(RuntimeError):
    """Ray is not installed (the optional extra ``.[ray]``)."""


def shard_name(paths: list[str], output_format: str) -> str:
    """The file name of the shard holding the records of a batch of inputs: the same batch
    always gets the same name, so a batch run twice (an actor died) replaces its shard.

    >>> shard_name(["a.txt", "b.txt"], "jsonl") == shard_name(["a.txt", "b.txt"], "jsonl")
    True
    >>> shard_name(["a.txt"], "parquet")
    'part-18b7cb099a9ea3f50ba899b5.parquet'
    """
    digest = hashlib.sha256("\0".join(paths).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return f"{SHARD_PREFIX}{digest}.{output_format}"


def shards(out_dir: Path, output_format: str | None = None) -> list[Path]:
    """The finished shards in ``out_dir`` (of one format, or of any), sorted by name."""
    formats = [output_format] if output_format else list(OUTPUT_FORMATS)
    if not out_dir.is_dir():
        return []
    return sorted(p for p in out_dir.iterdir()
                  if p.name.startswith(SHARD_PREFIX) and p.suffix.lstrip(".") in formats)


def shard_done_keys(out_dir: Path, output_format: str) -> frozenset[tuple[str, str]]:
    """(source, text_sha256) of every record in the shards of ``out_dir`` (for ``--resume``)."""
    keys: set[tuple[str, str]] = set()
    for shard in shards(out_dir, output_format):
        if output_format == "parquet":
            import pyarrow.parquet as pq

            table = pq.read_table(shard, columns=["source", "text_sha256"])
            keys.update((s, h) for s, h in zip(table["source"].to_pylist(), table["text_sha256"].to_pylist())
                        if isinstance(s, str) and isinstance(h, str))
        else:
            keys |= done_keys(shard, output_format)
    return frozenset(keys)


def _remove_temporaries(out_dir: Path) -> None:
    """Unfinished shards of batches whose actor died (their inputs were run again)."""
    for path in out_dir.iterdir():
        if path.name.startswith(TMP_PREFIX):
            path.unlink(missing_ok=True)


class ExtractActor:
    """One member of the actor pool: loads the model once, then extracts batch after batch.

    Constructed by Ray Data (``fn_constructor_kwargs``); ``__call__`` takes a batch of
    ``{"path": file names as bytes, "done": space-separated text hashes already written
    for that path}`` and returns one status row per input.
    """

    def __init__(self, model_dir: str, out_dir: str, output_format: str, max_bytes: int, threads: int,
                 cwd: str, ocr: str = "auto") -> None:
        from gik_nlp.tagging import load_tagger

        # Inputs keep the names the user gave (a record's source is that name, as in the
        # single-process path), so relative names are read from the driver's folder.
        self.cwd_missing = not os.path.isdir(cwd)
        if not self.cwd_missing:
            os.chdir(cwd)
        self.cwd = cwd
        self.tagger = load_tagger(model_dir)
        if "torch" in sys.modules:  # a transformer model: keep to the CPUs Ray gave this actor
            sys.modules["torch"].set_num_threads(threads)
        self.out_dir = Path(out_dir)
        self.output_format = output_format
        self.max_bytes = max_bytes
        self.ocr = ocr

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        paths = [os.fsdecode(bytes(p)) for p in batch["path"]]
        statuses: list[dict[str, str]] = []
        records: list[dict[str, Any]] = []
        for path, done in zip(paths, batch["done"]):
            shown = display_path(path)
            result = self._extract(path, shown, frozenset(str(done).split()))
            if "skipped" in result:
                statuses.append({"source": shown, "status": "skipped"})
            elif "record" in result:
                records.append(result["record"])
                statuses.append({"source": shown, "status": "ok"})
            else:
                statuses.append({"source": shown, "status": "failed", **result["failure"]})
        unwritable = self._write_shard(paths, records)
        for status in statuses:
            if status["source"] in unwritable:
                status.update(status="failed", **unwritable[status["source"]])
        keys = ("source", "status", "file", "kind", "message")
        return {key: [status.get(key, "") for status in statuses] for key in keys}

    def _unreachable(self, path: str) -> bool:
        return self.cwd_missing and not os.path.isabs(path)

    def _extract(self, path: str, shown: str, done: frozenset[str]) -> dict[str, Any]:
        """``extract_one`` (skipping the input when its text hash is in ``done``), with what it
        cannot catch (a bug) turned into a failure too: one input must never fail the job."""
        if self._unreachable(path):
            return {"failure": Failure(shown, "io", f"{shown}: a relative name, and the folder it is relative to "
                                       f"({self.cwd}) does not exist on this node; give paths every node "
                                       "sees (docs/cluster.md)").to_dict()}
        try:
            return extract_one(path, self.tagger, self.max_bytes, self.ocr, done)
        except Exception as exc:  # noqa: BLE001 - as extract_one does for a bug in one report
            return {"failure": Failure(shown, "internal",
                                       f"{shown}: {type(exc).__name__}: {safe_text(str(exc))}").to_dict()}

    def _write_shard(self, paths: list[str], records: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
        """Write ``records`` (sorted by source) as the batch's shard, atomically. RETURNS the
        failures of records the output cannot hold, by source."""
        unwritable: dict[str, dict[str, str]] = {}
        if not records:
            return unwritable
        final = self.out_dir / shard_name(paths, self.output_format)
        temporary = self.out_dir / f"{TMP_PREFIX}{uuid.uuid4().hex}-{final.name}"
        written = 0
        with RecordWriter(temporary, self.output_format, append=False, codebook=False) as writer:
            for record in sorted(records, key=lambda r: str(r.get("source"))):
                try:
                    writer.write(record)
                    written += 1
                except ValueError as exc:  # a value the output's column cannot hold: as extract_batch does
                    source = str(record.get("source"))
                    unwritable[source] = Failure(source, "unwritable", f"{source}: {exc}").to_dict()
        journal = RecordWriter.journal_path(temporary, self.output_format)
        if journal != temporary:
            journal.unlink(missing_ok=True)
        if written:
            with temporary.open("rb") as handle:  # on disk before it takes its name: a lost node leaves no torn shard
                os.fsync(handle.fileno())
            os.replace(temporary, final)
        else:
            temporary.unlink(missing_ok=True)
        return unwritable


def _start_ray(address: str | None, actors: int | None) -> bool:
    """Connect to ``address`` or start a local Ray (``actors`` CPUs, default all). RETURNS
    whether this call started it (and so must shut it down)."""
    import logging

    import ray

    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"logging_level": logging.WARNING, "include_dashboard": False}
    if address is None:
        options.update(address="local", num_cpus=actors or os.cpu_count() or 1,
                       object_store_memory=LOCAL_OBJECT_STORE_BYTES)
    else:
        options["address"] = address
    ray.init(**options)
    return True


def _pool_size(actors: int | None) -> int:
    """Actors to run: ``actors``, else one per CPU of the cluster."""
    import ray

    return actors or max(1, int(ray.cluster_resources().get("CPU", 1)))


def extract_on_ray(
    inputs: list[Path],
    out_dir: Path,
    output_format: str,
    model_dir: Path,
    address: str | None = None,
    actors: int | None = None,
    resume: bool = False,
    write_failure: Callable[[Failure], None] | None = None,
    on_progress: Callable[[], None] | None = None,
    max_bytes: int = limits.MAX_DOCUMENT_BYTES,
    shard_size: int = SHARD_SIZE,
    ocr: str = "auto",
) -> BatchSummary:
    """Extract records from many files on Ray, into a folder of shards.

    inputs: files to run (``pipeline.expand_inputs``); every node must see them at these paths.
    out_dir: the folder of shards (``part-<hash>.<format>``); created; without ``resume`` the
        shards already in it are removed first. Every node must be able to write it; one run
        at a time may write to it.
    output_format: one of ``writers.OUTPUT_FORMATS``.
    model_dir: the model, loaded once per actor; every node must see it at this path.
    address: a Ray cluster (``host:port``, ``ray://host:port``, ``auto``); None starts a local
        Ray with ``actors`` CPUs. When Ray is already initialised in this process, it is used.
    actors: size of the actor pool, one CPU each (default: one per CPU of the cluster).
    resume: keep the shards in ``out_dir`` and skip inputs whose path and text have a record there.
    write_failure / on_progress: called on the driver once per failed input / per input.
    shard_size: records per shard at most.
    RETURNS: the BatchSummary; succeeded + failed + skipped == len(inputs). Raises ValueError
    when ``out_dir`` is a file or, on resume, holds shards of another format, and
    RayUnavailable without the extra.
    """
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {output_format!r}; choose one of {OUTPUT_FORMATS}")
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise RayUnavailable("--ray needs Ray: pip install 'gik_nlp[ray]' (or .[ray] in a checkout)") from exc
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"{out_dir}: is a file; with --ray, OUT is a folder of shards (give a new name)")
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_temporaries(out_dir)
    others = [p.name for p in shards(out_dir) if p.suffix.lstrip(".") != output_format]
    if resume and others:
        raise ValueError(f"{out_dir}: holds shards of another format ({others[0]}); resume with that format "
                         "or write to a new folder")
    if not resume:
        for shard in shards(out_dir):
            shard.unlink()
    done: dict[str, list[str]] = {}
    for source, sha in (shard_done_keys(out_dir, output_format) if resume else frozenset()):
        done.setdefault(source, []).append(sha)
    rows = [{"path": os.fsencode(path), "done": " ".join(sorted(done.get(display_path(path), ())))}
            for path in inputs]
    summary = BatchSummary()
    if not rows:
        return summary

    started = _start_ray(address, actors)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the CLI draws its own
        pool = _pool_size(actors)
        batch = max(1, min(shard_size, math.ceil(len(rows) / (pool * BATCHES_PER_ACTOR))))
        dataset = ray.data.from_items(rows, override_num_blocks=math.ceil(len(rows) / batch)).map_batches(
            ExtractActor, batch_size=batch, num_cpus=1, compute=ray.data.ActorPoolStrategy(size=pool),
            fn_constructor_kwargs={"model_dir": str(model_dir.resolve()), "out_dir": str(out_dir.resolve()),
                                   "output_format": output_format, "max_bytes": max_bytes, "threads": 1,
                                   "cwd": os.getcwd(), "ocr": ocr})
        for row in dataset.iter_rows():
            if row["status"] == "ok":
                summary.succeeded += 1
            elif row["status"] == "skipped":
                summary.skipped += 1
            else:
                failure = Failure.from_dict(row)
                summary.failures.append(failure)
                if write_failure:
                    write_failure(failure)
            if on_progress:
                on_progress()
    finally:
        if started:
            ray.shutdown()
    _remove_temporaries(out_dir)
    return summary
