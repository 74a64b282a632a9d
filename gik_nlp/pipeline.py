"""The one place the stages meet: read → tag → assemble.

``extract(path, tagger)`` turns one file into a ``ReportRecord``; ``extract_batch`` runs
many files, writing each record as soon as it is finished, so an interrupted run keeps
what it did, and never stops for one bad file.
"""

from __future__ import annotations

import errno
import glob
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from gik_nlp import limits, resources
from gik_nlp.types import Document, ReportRecord, Span

if TYPE_CHECKING:
    from gik_nlp.assemble.decode import SeriesLimit


class SpanTagger(Protocol):
    """What the pipeline needs of a tagger (gik_nlp.tagging.Tagger and CrfTagger both are)."""

    name: str

    def tag(self, doc: Document) -> list[Span]: ...


#: Where the shipped model lives; GIK_MODEL overrides it.
DEFAULT_MODEL_DIR = resources.DEFAULT_MODEL_DIR  # shipped inside the package (resources.py)


def default_model_dir() -> Path:
    """The model used when none is named: $GIK_MODEL, else the shipped models/default."""
    return Path(os.environ.get("GIK_MODEL", DEFAULT_MODEL_DIR))


def assemble_tagged(doc: Document, spans: list[Span], tagger: SpanTagger, series: Sequence[SeriesLimit] = ()) -> ReportRecord:
    """Assemble a record from ``spans`` with the tagger's name → field classifier in force (if it
    has one): how every caller that tagged a document builds its record (extract, evaluate,
    preannotate). ``series``: decode.SeriesLimit's from the body's other years (series.py)."""
    from gik_nlp.assemble import build_record
    from gik_nlp.assemble.fields import using

    with using(getattr(tagger, "names", None)):
        return build_record(doc, spans, model=tagger.name, series=series)


def extract_document(doc: Document, tagger: SpanTagger, series: Sequence[SeriesLimit] = ()) -> ReportRecord:
    """Tag a document and assemble its record (with the tagger's name → field classifier, if it has
    one). The reader's warnings (``metadata["warnings"]``, e.g. an HTML page read as plain text) come
    first among the record's; ``ocr_pages`` comes from the reader's metadata.

    Raises limits.Cancelled when the current ``limits.deadline_scope`` passes meanwhile.
    """
    from dataclasses import replace

    from gik_nlp.record_warnings import READER_PREFIX

    spans = tagger.tag(doc)
    limits.check()
    record = assemble_tagged(doc, spans, tagger, series)
    reader_warnings = tuple(READER_PREFIX + w for w in doc.metadata.get("warnings") or ())  # kind "reader"
    if reader_warnings:
        record = replace(record, warnings=reader_warnings + record.warnings)
    ocr_pages = doc.metadata.get("ocr_pages")
    return replace(record, ocr_pages=tuple(ocr_pages)) if ocr_pages else record


def extract(path: str | Path, tagger: SpanTagger) -> ReportRecord:
    """Read, tag and assemble one file. Raises readers.ReadError for an unreadable file."""
    from gik_nlp.readers import read

    return extract_document(read(path), tagger)


def safe_text(text: str) -> str:
    r"""``text`` that can always be written as UTF-8: bytes of a file name that were not UTF-8
    (held as surrogates, os.fsdecode) become ``\xNN``, other lone surrogates ``\udNNN``.

    >>> safe_text("a\udcb1\udce0.txt")
    'a\\xb1\\xe0.txt'
    >>> safe_text("年报.txt")
    '年报.txt'
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def display_path(path: str | Path) -> str:
    r"""A path as printable UTF-8 text: ``safe_text`` plus control characters escaped
    (a name holding a newline or a tab must not break a JSON, CSV or log line).

    >>> display_path("reports/a\nb.txt")
    'reports/a\\nb.txt'
    """
    text = safe_text(os.fsdecode(path))
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files, folders (recursive) and glob patterns → sorted unique files.

    Every file in a folder is kept, also one of a type no reader reads: the batch lists it
    in the errors file with the reason (kind ``unsupported``), so no file is skipped in
    silence. A path that names nothing (or something that is not a regular file: a FIFO,
    a device, a symlink loop) is kept as it is, so the batch reports it with the reason.
    Folders are walked without following symlinks to folders.
    """
    found: dict[str, Path] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    sub = Path(root) / name
                    found.setdefault(str(sub), sub)
        elif path.exists() or path.is_symlink():
            found.setdefault(str(path), path)
        elif glob.has_magic(str(item)):
            for match in sorted(glob.glob(str(item), recursive=True)):
                if not Path(match).is_dir():
                    found.setdefault(match, Path(match))
        else:
            found.setdefault(str(path), path)
    return list(found.values())


_NOT_REGULAR = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def read_input(path: str | Path, max_bytes: int = limits.MAX_DOCUMENT_BYTES, ocr: str = "auto") -> Document:
    """Read one input file into a Document whose ``source`` is ``display_path(path)``.

    Opens without blocking and checks what was opened, so a FIFO or a device is refused
    instead of hanging the batch; a file over ``max_bytes`` is refused before it is read,
    and a text longer than ``limits.max_chars(max_bytes)`` once it is extracted. ``ocr`` is
    the readers' mode for pages without a text layer ("auto", "always", "never").
    Raises ReadError (kinds: not_a_file, too_large, io, and the readers' own).
    """
    from gik_nlp.readers import ReadError, read_bytes

    shown = display_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        reason = "a symlink loop (too many levels of symbolic links)" if exc.errno == errno.ELOOP \
            else (exc.strerror or str(exc))
        raise ReadError(shown, "not_a_file" if exc.errno == errno.ELOOP else "io", reason) from exc
    try:
        info = os.fstat(fd)
        for test, what in _NOT_REGULAR:
            if test(info.st_mode):
                raise ReadError(shown, "not_a_file", f"{what}, not a regular file: skipped")
        if info.st_size > max_bytes:
            raise ReadError(shown, "too_large", f"{info.st_size} bytes is over the limit of {max_bytes} bytes "
                                                "(--max-size)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(shown, "io", exc.strerror or str(exc)) from exc
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # grew while we read it
        raise ReadError(shown, "too_large", f"over the limit of {max_bytes} bytes (--max-size)")
    doc = read_bytes(data, shown, ocr=ocr)
    check_text_length(doc, max_bytes)
    return doc


def check_text_length(doc: Document, max_bytes: int) -> None:
    """Refuse a text longer than ``limits.max_chars(max_bytes)``: a small .docx or .pdf can unpack
    into more text than the largest text file of ``max_bytes`` holds. The one check of the
    extracted text's length, for the command line (``read_input``) and the service alike.
    Raises readers.ReadError (kind ``too_large``) naming ``doc.source``.

    >>> check_text_length(Document("a", "a.txt", "字" * 1_200), 3_000)
    >>> check_text_length(Document("a", "a.txt", "字" * 1_201), 3_000)
    Traceback (most recent call last):
    ...
    gik_nlp.readers.text.ReadError: a.txt: its text has 1201 characters, over the limit of 1200 (a size limit of 3000 bytes ÷ 2.5)
    """
    from gik_nlp.readers import ReadError

    most = limits.max_chars(max_bytes)
    if len(doc.text) > most:
        raise ReadError(doc.source, "too_large", f"its text has {len(doc.text)} characters, over the limit of "
                                                 f"{most} (a size limit of {max_bytes} bytes ÷ 2.5)")


@dataclass(frozen=True)
class Failure:
    """One input that could not be turned into a record."""

    source: str
    kind: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.source, "kind": self.kind, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Failure:
        """The inverse of ``to_dict`` (``extract_one``'s results cross process boundaries as dicts).

        >>> Failure.from_dict({"file": "a.pdf", "kind": "corrupt", "message": "a.pdf: damaged"})
        Failure(source='a.pdf', kind='corrupt', message='a.pdf: damaged')
        """
        return cls(str(data["file"]), str(data["kind"]), str(data["message"]))


@dataclass
class BatchSummary:
    """What a batch did: counts, and the failures in input order."""

    succeeded: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def extract_one(path: str | Path, tagger: SpanTagger, max_bytes: int = limits.MAX_DOCUMENT_BYTES,
                ocr: str = "auto", done: Collection[str] = ()) -> dict[str, Any]:
    """One input file → ``{"record": dict}``, ``{"failure": dict}``, or ``{"skipped": source}``
    when the SHA-256 of its text is in ``done`` (``--resume``: the text hashes of the records
    already written for this path); never raises for a bad file or a bug in one report.

    The unit any executor calls (this process, worker processes, a cluster): it holds no
    state but the tagger, which must not be shared between threads unless it is
    thread-safe (CrfTagger and Tagger are). A record's ``source`` is ``display_path(path)``.
    The file is read once, whether it is then skipped or tagged.
    """
    from gik_nlp.readers import ReadError

    shown = display_path(path)
    try:
        doc = read_input(path, max_bytes, ocr)
    except ReadError as exc:
        return {"failure": Failure(shown, exc.kind, safe_text(str(exc))).to_dict()}
    except OSError as exc:
        return {"failure": Failure(shown, "io", f"{shown}: {safe_text(exc.strerror or str(exc))}").to_dict()}
    if done and doc.text_sha256 in done:
        return {"skipped": shown}
    try:
        record = extract_document(doc, tagger)
    except limits.Cancelled as exc:
        return {"failure": Failure(shown, "timeout", f"{shown}: {exc}").to_dict()}
    except Exception as exc:  # noqa: BLE001 - one report's bug must not stop the batch
        return {"failure": Failure(shown, "internal", f"{shown}: {type(exc).__name__}: {safe_text(str(exc))}").to_dict()}
    return {"record": record.to_dict()}


# --- worker side: one tagger per process, loaded once; workers die with their parent --------

_WORKER_TAGGER: SpanTagger | None = None
_WORKER_MAX_BYTES = limits.MAX_DOCUMENT_BYTES
_WORKER_OCR = "auto"


def _die_with_parent(parent: int) -> None:
    """Make this worker end when the process that started it ends, even by kill -9."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above ran
        os._exit(1)

    def watch() -> None:  # everywhere else (and as a second guard): poll the parent
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="gik-parent-watch", daemon=True).start()


def _init_worker(model_dir: str, threads: int, parent: int, max_bytes: int, ocr: str = "auto") -> None:
    global _WORKER_TAGGER, _WORKER_MAX_BYTES, _WORKER_OCR
    _die_with_parent(parent)
    import torch

    torch.set_num_threads(threads)
    from gik_nlp.tagging import load_tagger

    _WORKER_TAGGER = load_tagger(model_dir)
    _WORKER_MAX_BYTES = max_bytes
    _WORKER_OCR = ocr


def _extract_in_worker(path: str, done: frozenset[str]) -> dict[str, Any]:
    assert _WORKER_TAGGER is not None, "worker not initialised"
    return extract_one(path, _WORKER_TAGGER, _WORKER_MAX_BYTES, _WORKER_OCR, done)


def extract_batch(
    inputs: list[Path],
    write_record: Callable[[dict[str, Any]], None],
    write_failure: Callable[[Failure], None],
    model_dir: Path,
    workers: int = 1,
    done: frozenset[tuple[str, str]] = frozenset(),
    on_progress: Callable[[], None] | None = None,
    max_bytes: int = limits.MAX_DOCUMENT_BYTES,
    ocr: str = "auto",
) -> BatchSummary:
    """Extract records from many files.

    inputs: files to run (see ``expand_inputs``).
    write_record / write_failure: called once per input as soon as it is finished; when
        ``write_record`` raises ValueError (a record the output cannot hold), that input
        becomes a failure instead.
    model_dir: the tagger to load (once per worker process).
    workers: processes; 1 runs in this process.
    done: (source, text_sha256) of records already written (``--resume``); an input whose
        display path and current text match one is skipped (``extract_one`` decides, after
        reading it with the same ``ocr`` mode). Files with the same text under other names,
        and files changed since, are run.
    max_bytes: inputs larger than this become failures (kind ``too_large``).
    ocr: the readers' OCR mode for pages without a text layer (readers.OCR_MODES).
    RETURNS: the BatchSummary; succeeded + failed + skipped == len(inputs).
    """
    summary = BatchSummary()
    done_hashes: dict[str, set[str]] = {}  # source → text hashes written for it
    for source, sha in done:
        done_hashes.setdefault(source, set()).add(sha)

    def done_for(path: Path) -> frozenset[str]:
        return frozenset(done_hashes.get(display_path(path), ()))

    def handle(result: dict[str, Any]) -> None:
        if "skipped" in result:
            summary.skipped += 1
        if "record" in result:
            try:
                write_record(result["record"])
            except ValueError as exc:  # e.g. a number Parquet's int64 cannot hold
                result = {"failure": Failure(str(result["record"].get("source")), "unwritable",
                                             f"{result['record'].get('source')}: {exc}").to_dict()}
            else:
                summary.succeeded += 1
        if "failure" in result:
            failure = Failure.from_dict(result["failure"])
            write_failure(failure)
            summary.failures.append(failure)
        if on_progress:
            on_progress()

    if not inputs:
        return summary
    if workers <= 1:
        from gik_nlp.tagging import load_tagger

        tagger = load_tagger(model_dir)
        for path in inputs:
            handle(extract_one(path, tagger, max_bytes, ocr, done_for(path)))
        return summary

    threads = max(1, (os.cpu_count() or 2) // workers)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                   initargs=(str(model_dir), threads, os.getpid(), max_bytes, ocr))

    def collect(future: Future[dict[str, Any]], path: Path) -> None:
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker killed (out of memory …): this input fails, not the batch
            shown = display_path(path)
            result = {"failure": Failure(shown, "internal", f"{shown}: the worker process died "
                                                            f"({type(exc).__name__}); run again with --resume").to_dict()}
        handle(result)

    pool = new_pool()
    try:
        # Keep at most 2 tasks per worker in flight so records are written in about input order.
        pending: dict[Future[dict[str, Any]], Path] = {}
        for path in inputs:
            try:
                future = pool.submit(_extract_in_worker, path, done_for(path))
            except BrokenProcessPool:  # a worker died: what was in flight fails below, a new pool goes on
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                future = pool.submit(_extract_in_worker, path, done_for(path))
            pending[future] = path
            if len(pending) >= 2 * workers:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    collect(future, pending.pop(future))
        for future, path in list(pending.items()):
            collect(future, path)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return summary
