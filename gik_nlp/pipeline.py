"""The one place the stages meet: read → tag → assemble.

``extract(path, tagger)`` turns one file into a ``ReportRecord``; ``extract_batch`` runs
many files, writing each record as soon as it is finished, so an interrupted run keeps
what it did, and never stops for one bad file.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from gik_nlp.types import Document, ReportRecord, Span


class SpanTagger(Protocol):
    """What the pipeline needs of a tagger (gik_nlp.tagging.Tagger and CrfTagger both are)."""

    name: str

    def tag(self, doc: Document) -> list[Span]: ...


#: Where the shipped model lives; GIK_MODEL overrides it.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "default"


def default_model_dir() -> Path:
    """The model used when none is named: $GIK_MODEL, else the shipped models/default."""
    return Path(os.environ.get("GIK_MODEL", DEFAULT_MODEL_DIR))


def extract_document(doc: Document, tagger: SpanTagger) -> ReportRecord:
    """Tag a document and assemble its record (with the tagger's name → field classifier, if it has one;
    ``ocr_pages`` from the reader's metadata)."""
    from dataclasses import replace

    from gik_nlp.assemble import build_record
    from gik_nlp.assemble.fields import using

    spans = tagger.tag(doc)
    with using(getattr(tagger, "names", None)):
        record = build_record(doc, spans, model=tagger.name)
    ocr_pages = doc.metadata.get("ocr_pages")
    return replace(record, ocr_pages=tuple(ocr_pages)) if ocr_pages else record


def extract(path: str | Path, tagger: SpanTagger) -> ReportRecord:
    """Read, tag and assemble one file. Raises readers.ReadError for an unreadable file."""
    from gik_nlp.readers import read

    return extract_document(read(path), tagger)


def supported_extensions() -> frozenset[str]:
    from gik_nlp.readers import READERS

    return frozenset(READERS)


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files, folders (recursive, supported extensions only) and glob patterns → sorted unique files.

    A path that names nothing is kept as it is, so the batch reports it as a failure
    instead of silently dropping it.
    """
    extensions = supported_extensions()
    found: dict[str, Path] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and sub.suffix.lower() in extensions:
                    found.setdefault(str(sub), sub)
        elif path.exists():
            found.setdefault(str(path), path)
        elif glob.has_magic(str(item)):
            for match in sorted(glob.glob(str(item), recursive=True)):
                if Path(match).is_file():
                    found.setdefault(match, Path(match))
        else:
            found.setdefault(str(path), path)
    return list(found.values())


@dataclass(frozen=True)
class Failure:
    """One input that could not be turned into a record."""

    source: str
    kind: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.source, "kind": self.kind, "message": self.message}


@dataclass
class BatchSummary:
    """What a batch did: counts, and the failures in input order."""

    succeeded: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


# --- worker side: one tagger per process, loaded once -------------------------------

_WORKER_TAGGER: SpanTagger | None = None


def _init_worker(model_dir: str, threads: int) -> None:
    global _WORKER_TAGGER
    import torch

    torch.set_num_threads(threads)
    from gik_nlp.tagging import load_tagger

    _WORKER_TAGGER = load_tagger(model_dir)


def _extract_in_worker(path: str) -> dict[str, Any]:
    assert _WORKER_TAGGER is not None, "worker not initialised"
    return _extract_or_failure(path, _WORKER_TAGGER)


def _extract_or_failure(path: str, tagger: SpanTagger) -> dict[str, Any]:
    """Run one file; return {"record": dict} or {"failure": dict}, never raise for a bad file."""
    from gik_nlp.readers import ReadError, read

    try:
        doc = read(path)
    except ReadError as exc:
        return {"failure": Failure(path, exc.kind, exc.reason).to_dict()}
    except OSError as exc:
        return {"failure": Failure(path, "io", f"{path}: {exc.strerror or exc}").to_dict()}
    try:
        record = extract_document(doc, tagger)
    except Exception as exc:  # noqa: BLE001 - one report's bug must not stop the batch
        return {"failure": Failure(path, "internal", f"{path}: {type(exc).__name__}: {exc}").to_dict()}
    return {"record": record.to_dict()}


def _text_hash(path: Path) -> str | None:
    from gik_nlp.readers import ReadError, read

    try:
        return read(path).text_sha256
    except (ReadError, OSError):
        return None


def extract_batch(
    inputs: list[Path],
    write_record: Callable[[dict[str, Any]], None],
    write_failure: Callable[[Failure], None],
    model_dir: Path,
    workers: int = 1,
    done_hashes: frozenset[str] = frozenset(),
    on_progress: Callable[[], None] | None = None,
) -> BatchSummary:
    """Extract records from many files.

    inputs: files to run (see ``expand_inputs``).
    write_record / write_failure: called once per input as soon as it is finished.
    model_dir: the tagger to load (once per worker process).
    workers: processes; 1 runs in this process.
    done_hashes: ``text_sha256`` of records already written (``--resume``); such inputs are skipped.
    RETURNS: the BatchSummary.
    """
    summary = BatchSummary()
    todo: list[Path] = []
    for path in inputs:
        if done_hashes and _text_hash(path) in done_hashes:
            summary.skipped += 1
            if on_progress:
                on_progress()
        else:
            todo.append(path)

    def handle(result: dict[str, Any]) -> None:
        if "record" in result:
            write_record(result["record"])
            summary.succeeded += 1
        else:
            failure = Failure(**{"source": result["failure"]["file"], "kind": result["failure"]["kind"],
                                 "message": result["failure"]["message"]})
            write_failure(failure)
            summary.failures.append(failure)
        if on_progress:
            on_progress()

    if not todo:
        return summary
    if workers <= 1:
        from gik_nlp.tagging import load_tagger

        tagger = load_tagger(model_dir)
        for path in todo:
            handle(_extract_or_failure(str(path), tagger))
        return summary

    threads = max(1, (os.cpu_count() or 2) // workers)
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(str(model_dir), threads)) as pool:
        # Keep at most 2 tasks per worker in flight so records are written in about input order.
        pending: set[Future[dict[str, Any]]] = set()
        queue: Iterator[Path] = iter(todo)
        for path in queue:
            pending.add(pool.submit(_extract_in_worker, str(path)))
            if len(pending) >= 2 * workers:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    handle(future.result())
        for future in pending:
            handle(future.result())
    return summary

