"""The HTTP API and the web page: ``create_app(tagger_or_model_dir, settings) -> FastAPI``.

Endpoints (docs/service.md has examples; ``/v1/openapi.json`` the full contract):

- ``POST /v1/extract``: one report → its record (docs/spec/record.md). The body is JSON
  ``{"text": ..., "source": ...}``, a multipart upload (field ``file``), or the file itself
  with its Content-Type (text/plain, text/html, application/pdf, the .docx type, or
  application/octet-stream with ``?source=name.ext``).
  ``?format=csv`` answers the record as the CSV ``gik extract -o OUT.csv`` writes (gik_nlp.writers:
  UTF-8 with BOM, a header and one row; the web page's CSV download asks for it).
- ``POST /v1/extract/batch``: JSON ``{"documents": [{"text", "source"}, ...]}`` or a
  multipart upload of several ``files`` → ``{"results": [...]}`` in input order, each a
  record or an error; one bad document never fails the others.
- ``POST /v1/view``: like ``/v1/extract`` but answers ``{"record", "text"}``, the text the
  record's offsets refer to; the web page uses it.
- ``GET /v1/health``, ``GET /v1/schema`` (labels, formats, field ids), ``GET /v1/model``.
- ``GET /`` the web page (static/, no build step).

Errors are JSON ``{"error": {"status", "kind", "message"}}``: 400 bad input, 413 too
large (body or batch), 415 unsupported type, 422 unreadable file, 503 not ready or busy,
504 over the time limit, 404/405 for unknown routes.

How requests run: the tagger is loaded once (at start-up, in the worker pool, while the
app answers 503 "loading") and shared; it keeps no per-call state between threads (the
CRF opens one crfsuite tagger per thread, the transformer only reads its weights), so an
answer under any load is the answer the same request gets alone. Parsing, reading,
tagging and assembling run in thread pools, so the event loop only moves bytes: single
documents in ``workers`` threads, batch requests in ``batch_workers`` threads of their
own, so batches can never starve single requests. Each lane has its own bound
(``max_pending``, ``max_pending_batches``); past it a request gets 503 with Retry-After
at once rather than waiting behind work it would time out on. The time limit counts from
submission; when it passes the client gets 504 and the job is cancelled: tagging and
assembling check the deadline (gik_nlp.limits) between windows and steps, so its thread is
free again within one window's work. Client input is only ever bytes or text: a file
name picks a reader and becomes the record's source, and is never opened on the server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from gik_nlp import limits
from gik_nlp.pipeline import SpanTagger, check_text_length, extract_document
from gik_nlp.service.settings import MAX_NAME_CHARS, RETRY_AFTER_S, ServiceSettings
from gik_nlp.types import ReportRecord

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).with_name("static")

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: Content-Type of a raw body or an upload part → the extension that picks its reader.
#: application/octet-stream has none: the name given in ?source= must carry one.
CONTENT_TYPES: dict[str, str | None] = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    DOCX_TYPE: ".docx",
    "application/octet-stream": None,
}


class ServiceError(Exception):
    """A request that cannot be answered with a record: HTTP status, a kind word, a message."""

    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "kind": self.kind, "message": self.message}


# --- response shapes, for the OpenAPI document ------------------------------------------

def _record_shape() -> type:
    """ReportRecord as the API writes it (``ReportRecord.to_dict``): its fields, with each warning
    typed (record_warnings.RecordWarning), so the OpenAPI schema is generated, not patched."""
    import dataclasses
    import typing

    from gik_nlp.record_warnings import RecordWarning

    hints = typing.get_type_hints(ReportRecord)
    fields = []
    for f in dataclasses.fields(ReportRecord):
        default: dict[str, Any] = ({"default": f.default} if f.default is not dataclasses.MISSING else
                                   {"default_factory": f.default_factory}
                                   if f.default_factory is not dataclasses.MISSING else {})
        kind = list[RecordWarning] if f.name == "warnings" else hints[f.name]
        fields.append((f.name, kind, dataclasses.field(**default)))
    shape = dataclasses.make_dataclass("ReportRecord", fields, frozen=True)
    shape.__module__, shape.__doc__ = __name__, ReportRecord.__doc__
    return shape


#: The record of the API's responses (a component named ReportRecord in the OpenAPI document).
RecordOut = _record_shape()


@dataclass(frozen=True)
class ErrorDetail:
    status: int
    kind: str
    message: str


@dataclass(frozen=True)
class ErrorBody:
    """Every error response."""

    error: ErrorDetail


@dataclass(frozen=True)
class TextInput:
    """A report given as text; ``source`` becomes the record's source."""

    text: str
    source: str = "text"


@dataclass(frozen=True)
class BatchInput:
    documents: list[TextInput]


@dataclass(frozen=True)
class BatchItem:
    """One batch document: its record, or the error it would have had alone."""

    source: str
    record: RecordOut | None = None  # type: ignore[valid-type]
    error: ErrorDetail | None = None


@dataclass(frozen=True)
class BatchResult:
    results: list[BatchItem]
    succeeded: int
    failed: int


@dataclass(frozen=True)
class ViewResult:
    """A record with the normalised text its offsets refer to."""

    record: RecordOut  # type: ignore[valid-type]
    text: str


@dataclass(frozen=True)
class Health:
    """``status`` is loading, ready or failed; ``pending`` counts jobs queued or running."""

    status: str
    model: str | None = None
    message: str = ""
    pending: int = 0


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str
    kind: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SchemaInfo:
    labels: list[str]
    formats: list[str]
    fields: list[dict[str, Any]]
    headline: dict[str, dict[str, list[str]]]


# --- the documents a request carries ----------------------------------------------------

@dataclass(frozen=True)
class Upload:
    """One document as the client sent it: text, or a file's bytes under a name."""

    source: str
    text: str | None = None
    data: bytes = b""


def safe_name(name: str | None, extension: str | None = None) -> str:
    """The last path part of a client's file name, printable and bounded; ``extension`` is
    appended when the name lacks it.

    >>> safe_name("../../etc/passwd.txt")
    'passwd.txt'
    >>> safe_name("C:\\\\reports\\\\2017年报.PDF")
    '2017年报.PDF'
    >>> safe_name("", ".html")
    'upload.html'
    """
    name = name or ""
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()[:MAX_NAME_CHARS]
    if not name or name in {".", ".."}:
        name = "upload"
    if extension and not name.lower().endswith(extension):
        name += extension
    return name


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _json_uploads(body: bytes, batch: bool, max_batch: int) -> list[Upload]:
    """The documents of a JSON body; ServiceError 400 names what is wrong."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ServiceError(400, "bad_json", f"the body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise ServiceError(400, "bad_json", "the body is not valid JSON here: nested too deep") from exc
    if batch:
        if not isinstance(data, dict) or set(data) != {"documents"} or not isinstance(data["documents"], list):
            raise ServiceError(400, "bad_input", 'expected {"documents": [{"text": ..., "source": ...}, ...]}')
        if len(data["documents"]) > max_batch:
            raise ServiceError(413, "too_many", f"{len(data['documents'])} documents in one batch; "
                                                f"at most {max_batch}: split the batch")
        return [_text_upload(item, f"documents[{i}]") for i, item in enumerate(data["documents"])]
    return [_text_upload(data, "the body")]


def _text_upload(item: Any, where: str) -> Upload:
    if not isinstance(item, dict):
        raise ServiceError(400, "bad_input", f'{where}: expected an object {{"text": ..., "source": ...}}')
    unknown = sorted(set(item) - {"text", "source"})
    if unknown:
        raise ServiceError(400, "bad_input", f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; "
                                             "expected 'text' and optionally 'source'")
    if not isinstance(item.get("text"), str):
        raise ServiceError(400, "bad_input", f"{where}: 'text' must be a string")
    source = item.get("source", "text")
    if not isinstance(source, str):
        raise ServiceError(400, "bad_input", f"{where}: 'source' must be a string")
    for key, value in (("text", item["text"]), ("source", source)):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate escape such as "\ud800"
            raise ServiceError(400, "bad_input", f"{where}: '{key}' holds a lone surrogate at character "
                                                 f"{exc.start}; send valid Unicode") from exc
    return Upload(source=source[:MAX_NAME_CHARS] or "text", text=item["text"])


# --- work done in the pool --------------------------------------------------------------

#: HTTP status of a reader's error kind (any other kind: 422, the file cannot be read).
READ_ERROR_STATUS = {"unsupported": 415, "too_large": 413}


def _extract_upload(tagger: SpanTagger, upload: Upload, max_bytes: int | None = None) -> tuple[ReportRecord, str]:
    """Read, tag and assemble one document → (record, normalised text); ServiceError 413 when
    its text is longer than a text file of ``max_bytes`` holds (pipeline.check_text_length: a
    small .docx can unpack into a long text)."""
    from gik_nlp.readers import ReadError, read_bytes, read_text

    step = "reading"
    try:
        if upload.text is not None:
            doc = read_text(upload.text, id=Path(upload.source).stem or "text", source=upload.source)
        else:
            doc = read_bytes(upload.data, upload.source)
        if max_bytes is not None:
            check_text_length(doc, max_bytes)
        step = "extraction"
        return extract_document(doc, tagger), doc.text
    except ReadError as exc:
        raise ServiceError(READ_ERROR_STATUS.get(exc.kind, 422), exc.kind, str(exc)) from exc
    except (limits.Cancelled, ServiceError):
        raise
    except Exception as exc:  # one report's bug must not take the server down; the log has the trace
        log.exception("%s failed for %s", step, upload.source)
        raise ServiceError(500, "internal", f"{upload.source}: {step} failed ({type(exc).__name__}); "
                                            "the server log has the details") from exc


def _one_job(tagger: SpanTagger, body: bytes | None, uploads: list[Upload], with_text: bool,
             max_bytes: int | None = None) -> dict[str, Any]:
    if body is not None:
        uploads = _json_uploads(body, batch=False, max_batch=1)
    record, text = _extract_upload(tagger, uploads[0], max_bytes)
    return {"record": record.to_dict(), "text": text} if with_text else record.to_dict()


def _csv_job(tagger: SpanTagger, body: bytes | None, uploads: list[Upload], max_bytes: int | None = None) -> bytes:
    """One document's record as CSV bytes, written by gik_nlp.writers (the one CSV writer)."""
    from gik_nlp.writers import csv_bytes

    return csv_bytes([_one_job(tagger, body, uploads, False, max_bytes)])


def _batch_job(tagger: SpanTagger, body: bytes | None, uploads: list[Upload], max_batch: int,
               timeout_s: float, max_bytes: int | None = None) -> dict[str, Any]:
    if body is not None:
        uploads = _json_uploads(body, batch=True, max_batch=max_batch)
    results: list[dict[str, Any]] = []
    for upload in uploads:
        try:
            with limits.deadline_scope(timeout_s):  # each document gets the single-request limit
                results.append({"source": upload.source,
                                "record": _extract_upload(tagger, upload, max_bytes)[0].to_dict()})
        except ServiceError as exc:
            results.append({"source": upload.source, "error": exc.to_dict()})
        except limits.Cancelled:
            limits.check()  # the whole batch's deadline passed: stop here
            results.append({"source": upload.source, "error": ServiceError(
                504, "timeout", f"{upload.source}: the extraction took longer than {timeout_s:g} s").to_dict()})
    failed = sum("error" in r for r in results)
    return {"results": results, "succeeded": len(results) - failed, "failed": failed}


# --- the shared tagger and the worker pool ------------------------------------------------

class Engine:
    """Holds the one tagger and the worker pools; runs jobs under a deadline and a queue cap per lane."""

    def __init__(self, tagger_or_model_dir: SpanTagger | str | Path, settings: ServiceSettings) -> None:
        self.settings = settings
        self.pool = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="gik-worker")
        self.batch_pool = ThreadPoolExecutor(max_workers=settings.batch_workers, thread_name_prefix="gik-batch")
        self.tagger: SpanTagger | None = None
        self.status = "loading"
        self.problem = ""
        self._model_dir: Path | None = None
        self._pending = {"single": 0, "batch": 0}
        self._lock = threading.Lock()
        if isinstance(tagger_or_model_dir, (str, Path)):
            self._model_dir = Path(tagger_or_model_dir)
        else:
            self.tagger, self.status = tagger_or_model_dir, "ready"

    def start(self) -> None:
        """Load the model in the pool (the app answers 503 "loading" meanwhile)."""
        if self._model_dir is not None and self.tagger is None:
            self.pool.submit(self._load, self._model_dir)

    def _load(self, model_dir: Path) -> None:
        from gik_nlp.tagging import load_tagger

        try:
            self.tagger = load_tagger(model_dir)
            self.status = "ready"
            log.info("model %s loaded from %s", self.tagger.name, model_dir)
        except Exception as exc:  # a broken model folder: report it on /v1/health instead of dying
            self.problem = f"{model_dir}: {exc}"
            self.status = "failed"
            log.error("cannot load the model: %s", self.problem)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.batch_pool.shutdown(wait=False, cancel_futures=True)

    def ready_tagger(self) -> SpanTagger:
        if self.tagger is None:
            message = "the model is still loading; try again shortly" if self.status == "loading" \
                else f"the model could not be loaded: {self.problem}"
            raise ServiceError(503, "not_ready", message)
        return self.tagger

    @property
    def pending(self) -> int:
        """Jobs queued or running, both lanes."""
        return sum(self._pending.values())

    async def run(self, timeout_s: float, job: Callable[..., Any], *args: Any, batch: bool = False) -> Any:
        """``job(tagger, *args)`` in its lane's pool, within ``timeout_s`` of now.

        ServiceError 503 when the lane is full, 504 past the deadline (the job is then
        cancelled at its next ``limits.check()``).
        """
        tagger = self.ready_tagger()
        lane = "batch" if batch else "single"
        cap = self.settings.max_pending_batches if batch else self.settings.max_pending
        with self._lock:
            if self._pending[lane] >= cap:
                what = "batch requests" if batch else "extractions"
                raise ServiceError(503, "busy", f"{self._pending[lane]} {what} are queued or running; "
                                                "try again shortly")
            self._pending[lane] += 1
        deadline = time.monotonic() + timeout_s
        cancel = threading.Event()

        def guarded() -> Any:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or cancel.is_set():
                raise limits.Cancelled("the deadline passed while queued")
            with limits.deadline_scope(remaining, cancel):
                return job(tagger, *args)

        def release(_: Future[Any]) -> None:
            with self._lock:
                self._pending[lane] -= 1

        try:
            future = (self.batch_pool if batch else self.pool).submit(guarded)
        except RuntimeError as exc:  # the pool is shut down: the server is stopping
            with self._lock:
                self._pending[lane] -= 1
            raise ServiceError(503, "not_ready", "the server is shutting down") from exc
        future.add_done_callback(release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout_s)
        except (TimeoutError, limits.Cancelled) as exc:
            cancel.set()
            raise ServiceError(504, "timeout", f"the extraction took longer than {timeout_s:g} s; "
                                               "send a shorter document or raise the server's limit") from exc


# --- a body limit that also holds for chunked bodies ---------------------------------------

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]


class BodyLimit:
    """ASGI middleware: answer 413 to a body over ``max_bytes``, declared or streamed."""

    def __init__(self, app: Callable[..., Awaitable[None]], max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _BodyTooLarge:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                         send: Callable[[Message], Awaitable[None]]) -> None:
        error = ServiceError(413, "too_large", f"the request body is over the limit of {self.max_bytes} bytes; "
                                               "send a smaller file")
        await _error_response(error)(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


def _error_response(error: ServiceError) -> JSONResponse:
    headers = {"Retry-After": str(RETRY_AFTER_S)} if error.status == 503 else None
    return JSONResponse({"error": error.to_dict()}, status_code=error.status, headers=headers)


# --- the app ------------------------------------------------------------------------------

def _request_body(json_schema: str, file_field: str, raw_types: tuple[str, ...] = ()) -> dict[str, Any]:
    """The OpenAPI requestBody of an endpoint that reads the request itself.

    json_schema: component name of the JSON body; file_field: ``file`` (one) or ``files`` (several);
    raw_types: content types accepted as the file itself.
    """
    binary = {"type": "string", "format": "binary"}
    upload = binary if file_field == "file" else {"type": "array", "items": binary}
    content: dict[str, Any] = {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{json_schema}"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {file_field: upload},
                                           "required": [file_field]}},
    }
    content.update({content_type: {"schema": binary} for content_type in raw_types})
    return {"requestBody": {"required": True, "content": content}}


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description} for status, description in (
        (400, "bad input"), (413, "body or batch too large"), (415, "unsupported file type"),
        (422, "the file cannot be read"), (503, "model not ready, or too many jobs"),
        (504, "over the time limit"))}

_RAW_TYPES = tuple(CONTENT_TYPES)


def _model_version(tagger: SpanTagger) -> str:
    """The version part of a model name ``gik-<config>-<version>+<corpus fingerprint>.<config hash>``."""
    match = re.search(r"-(\d+(?:\.\d+)*(?:\+\w+(?:\.\w+)?)?)$", tagger.name)
    if match:
        return match.group(1)
    metadata = getattr(tagger, "metadata", {}) or {}
    return str(metadata.get("version") or metadata.get("versions", {}).get("gik_nlp", ""))


def _jsonable(data: Any) -> Any:
    """``data`` as JSON can carry it (metadata of a tagger not loaded from meta.json may hold paths)."""
    return json.loads(json.dumps(data, default=str))


def create_app(tagger_or_model_dir: SpanTagger | str | Path, settings: ServiceSettings | None = None) -> FastAPI:
    """The service app over a loaded tagger, or over a model folder loaded at start-up.

    tagger_or_model_dir: anything with ``.name``, ``.metadata`` and ``.tag(doc)``; or a
        model folder (``load_tagger``), loaded once when the app starts (its lifespan).
    settings: limits; the defaults suit a small server.
    """
    settings = settings or ServiceSettings()
    engine = Engine(tagger_or_model_dir, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        engine.start()
        yield
        engine.close()

    from gik_nlp import __version__

    app = FastAPI(title="gik_nlp extraction service", version=__version__, lifespan=lifespan,
                  description="Records from government information-disclosure annual reports "
                              "(政府信息公开工作年度报告). See docs/service.md.",
                  openapi_url="/v1/openapi.json", docs_url=None, redoc_url=None)  # /docs: _add_docs
    app.state.engine = engine
    app.state.settings = settings
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    # A document's text may be as long as a Chinese text file of the body limit (pipeline.check_text_length).
    max_bytes = settings.max_body_bytes

    @app.exception_handler(ServiceError)
    async def service_error(_: Request, exc: ServiceError) -> JSONResponse:
        return _error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        kinds = {404: "not_found", 405: "method_not_allowed", 400: "bad_input"}
        return _error_response(ServiceError(exc.status_code, kinds.get(exc.status_code, "http"), str(exc.detail)))

    @app.exception_handler(Exception)
    async def internal_error(_: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the log (Starlette logs it); the client gets JSON without internals.
        return _error_response(ServiceError(500, "internal", f"internal error ({type(exc).__name__})"))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in exc.errors())
        return _error_response(ServiceError(400, "bad_input", problems or "invalid request"))

    async def uploads_of(request: Request, batch: bool) -> tuple[bytes | None, list[Upload]]:
        """(JSON body to parse in the pool, or None; documents already in hand)."""
        media_type = _media_type(request.headers.get("content-type"))
        if media_type == "application/json" or media_type.endswith("+json"):
            return await request.body(), []
        if media_type == "multipart/form-data":
            return None, await _form_uploads(request, batch)
        if media_type in CONTENT_TYPES and not batch:
            extension = CONTENT_TYPES[media_type]
            return None, [Upload(source=safe_name(request.query_params.get("source"), extension),
                                 data=await request.body())]
        accepted = "application/json or multipart/form-data" + ("" if batch else ", or " + ", ".join(_RAW_TYPES))
        shown = repr(media_type) if media_type else "no Content-Type"
        raise ServiceError(415, "unsupported", f"{shown} is not accepted here; send {accepted}")

    async def _form_uploads(request: Request, batch: bool) -> list[Upload]:
        try:
            form = await request.form(max_files=settings.max_batch if batch else 1,
                                      max_fields=settings.max_batch + 1, max_part_size=settings.max_body_bytes)
        except (MultiPartException, StarletteHTTPException) as exc:  # Starlette wraps the first in the second
            problem = str(getattr(exc, "detail", exc))
            if problem.startswith("Too many") and batch:
                raise ServiceError(413, "too_many", f"{problem} Split the batch.") from exc
            if problem.startswith("Too many"):
                raise ServiceError(400, "bad_input", "send one file here; several go to /v1/extract/batch") from exc
            raise ServiceError(400, "bad_input", f"cannot parse the multipart body: {problem}") from exc
        try:
            uploads: list[Upload] = []
            for key, value in form.multi_items():
                if isinstance(value, UploadFile) and key in ("file", "files"):
                    extension = CONTENT_TYPES.get(_media_type(value.content_type))
                    name = safe_name(value.filename)
                    if extension and Path(name).suffix.lower() not in _suffixes_for(extension):
                        name = safe_name(name, extension)
                    uploads.append(Upload(source=name, data=await value.read()))
                elif key == "text" and isinstance(value, str):
                    uploads.append(Upload(source=safe_name(str(form.get("source") or "text")), text=value))
        finally:
            await form.close()
        if not uploads:
            raise ServiceError(400, "bad_input", "the multipart body has no 'file' (or 'text') field")
        if len(uploads) > 1 and not batch:
            raise ServiceError(400, "bad_input", "send one file here; several go to /v1/extract/batch")
        if len(uploads) > settings.max_batch:
            raise ServiceError(413, "too_many", f"{len(uploads)} files in one batch; at most {settings.max_batch}")
        return uploads

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/v1/tables", summary="The official tables (表二/表三/表四, 统计表): rows, columns, the field id of each cell")
    async def tables() -> dict[str, Any]:
        from gik_nlp.service.tables import official_tables

        return official_tables()

    @app.get("/v1/health", response_model=Health, responses={503: {"model": Health}},
             summary="Whether the model is loaded")
    async def health() -> JSONResponse:
        tagger = engine.tagger
        body = Health(status=engine.status, model=tagger.name if tagger else None, message=engine.problem,
                      pending=engine.pending)
        return JSONResponse(asdict(body), status_code=200 if tagger else 503)

    @app.get("/v1/schema", response_model=SchemaInfo, summary="Span labels, formats and statistic field ids")
    async def schema_info() -> JSONResponse:
        from gik_nlp import schema

        fields = [asdict(spec) for spec in schema.FIELDS.values()]
        headline = {h.id: {fmt: list(cells) for fmt, cells in h.cells.items()} for h in schema.HEADLINE.values()}
        return JSONResponse(asdict(SchemaInfo(list(schema.LABELS), list(schema.FORMATS), fields, headline)))

    @app.get("/v1/model", response_model=ModelInfo, responses={503: _ERRORS[503]},
             summary="The model's name, version and training metadata")
    async def model_info() -> JSONResponse:
        tagger = engine.ready_tagger()
        metadata = _jsonable(getattr(tagger, "metadata", {}) or {})
        info = ModelInfo(name=tagger.name, version=_model_version(tagger),
                         kind=str(metadata.get("kind", type(tagger).__name__)), metadata=metadata)
        return JSONResponse(asdict(info))

    single_body = _request_body("TextInput", "file", _RAW_TYPES)

    csv_response = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                          "description": "the record (JSON), or with ?format=csv its CSV row under the header"}}

    @app.post("/v1/extract", response_model=RecordOut, responses={**csv_response, **_ERRORS},
              openapi_extra=single_body, summary="One report → its record (JSON, or ?format=csv)")
    async def extract(request: Request, output: Literal["json", "csv"] = Query(
            "json", alias="format", description="json: the record; csv: the record as `gik extract -o OUT.csv` "
                                                "writes it (UTF-8 with BOM, header and one row)")) -> Response:
        body, uploads = await uploads_of(request, batch=False)
        if output == "csv":
            data = await engine.run(settings.timeout_s, _csv_job, body, uploads, max_bytes)
            return Response(data, media_type="text/csv; charset=utf-8")
        return JSONResponse(await engine.run(settings.timeout_s, _one_job, body, uploads, False, max_bytes))

    @app.post("/v1/view", response_model=ViewResult, responses=_ERRORS, openapi_extra=single_body,
              summary="One report → its record and the text the offsets refer to")
    async def view(request: Request) -> JSONResponse:
        body, uploads = await uploads_of(request, batch=False)
        return JSONResponse(await engine.run(settings.timeout_s, _one_job, body, uploads, True, max_bytes))

    @app.post("/v1/extract/batch", response_model=BatchResult, responses=_ERRORS,
              openapi_extra=_request_body("BatchInput", "files"),
              summary="Several reports → a record or an error each, in input order")
    async def extract_batch(request: Request) -> JSONResponse:
        body, uploads = await uploads_of(request, batch=True)
        # The time limit is per document: a batch of n gets n times it.
        documents = len(uploads) if body is None else settings.max_batch
        result = await engine.run(settings.timeout_s * max(documents, 1), _batch_job, body, uploads,
                                  settings.max_batch, settings.timeout_s, max_bytes, batch=True)
        return JSONResponse(result)

    _add_input_schemas(app)
    _add_docs(app)
    return app


#: Where /docs takes Swagger UI's script and style from (served by this app, never a CDN).
DOCS_ASSETS = "/docs-assets"


def swagger_ui_dir() -> Path | None:
    """The folder of Swagger UI's files that the swagger-ui-py package ships (swagger-ui-bundle.js,
    swagger-ui.css), found without importing it; None when it is not installed."""
    import importlib.util

    spec = importlib.util.find_spec("swagger_ui")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "static"
        if (folder / "swagger-ui-bundle.js").is_file() and (folder / "swagger-ui.css").is_file():
            return folder
    return None


def _add_docs(app: FastAPI) -> None:
    """``GET /docs``: Swagger UI from local files (the machines have no internet: no CDN, and no
    online validator badge); without swagger-ui-py, a plain page linking the OpenAPI document."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse

    assets = swagger_ui_dir()
    if assets is not None:
        app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        title = f"{app.title} — API"
        if assets is None:
            return HTMLResponse(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
                                f"<body><h1>{title}</h1><p>The OpenAPI document: <a href=\"{app.openapi_url}\">"
                                f"{app.openapi_url}</a> (install swagger-ui-py to browse it here).</p></body></html>")
        return get_swagger_ui_html(openapi_url=str(app.openapi_url), title=title,
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
                                   swagger_ui_parameters={"validatorUrl": None})


def _suffixes_for(extension: str) -> frozenset[str]:
    """Extensions read by the same reader as ``extension`` (.htm for .html, .text for .txt)."""
    from gik_nlp.readers import READERS

    return frozenset(s for s, reader in READERS.items() if reader is READERS[extension])


def _add_input_schemas(app: FastAPI) -> None:
    """Put TextInput and BatchInput (bodies the endpoints parse themselves) into the OpenAPI components."""
    from pydantic import TypeAdapter

    base_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = base_openapi()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for model in (TextInput, BatchInput):
                generated = TypeAdapter(model).json_schema(ref_template="#/components/schemas/{model}")
                schemas.update(generated.pop("$defs", {}))
                schemas[model.__name__] = generated
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
