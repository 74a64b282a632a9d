"""The service app through Starlette's test client, with the session's tiny model.

Every endpoint and every error status; what a client sends never reads server files nor
crashes the app. The real server (uvicorn, `gik serve`) and the page in Chromium are in
test_server.py.
"""

from __future__ import annotations

import asyncio
import io
import json
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from gik_nlp import schema
from gik_nlp.readers import normalize
from gik_nlp.service.app import Engine, ServiceError, ServiceSettings, create_app, safe_name
from gik_nlp.types import RECORD_KEYS, ReportRecord, sha256_text

REPORT = ("易门县人民政府办公室关于2017年政府信息公开工作年度报告\n\n本报告统计期限自2017年1月1日至12月31日止。\n"
          "一、主动公开情况\n\t主动公开政府信息数\n\t条\n\t7254\n二、依申请公开情况\n根据易政办发〔2017〕45号要求，"
          "全年共受理依申请公开12件，无行政复议。\n易门县人民政府办公室\n2018年1月25日\n")


@pytest.fixture(scope="module")
def tiny_tagger(tiny_model: Path):
    from gik_nlp.tagging import load_tagger

    return load_tagger(tiny_model)


@pytest.fixture(scope="module")
def client(tiny_tagger):
    with TestClient(create_app(tiny_tagger, ServiceSettings(max_body_bytes=64_000, max_batch=3))) as test_client:
        yield test_client


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == response.status_code
    assert body["error"]["message"]
    return body["error"]


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


# --- records -------------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["a.txt"])
def test_app_extract_json_text_gives_the_record(client, tiny_tagger, source):
    response = client.post("/v1/extract", json={"text": REPORT, "source": source})
    assert response.status_code == 200
    record = response.json()
    assert tuple(record) == RECORD_KEYS
    text = normalize(REPORT)[0]
    assert record["source"] == source
    assert record["model"] == tiny_tagger.name
    assert record["text_sha256"] == sha256_text(text)
    for span in record["spans"]:
        assert text[span["start"]:span["end"]] == span["text"]
        assert span["label"] in schema.LABELS
    assert ReportRecord.from_dict(record).to_dict() == record


@pytest.mark.parametrize("name,data,content_type,reader_text", [
    ("report.txt", REPORT.encode("utf-8"), "text/plain", REPORT),
    ("report.txt", REPORT.encode("gb18030"), "text/plain", REPORT),
    ("report.html", f"<html><body><p>{REPORT}</p></body></html>".encode(), "text/html", None),
    ("report.docx", _docx_bytes(REPORT), "application/octet-stream", None),
    ("report.pdf", _pdf_bytes("Annual report 2017: 7254"), "application/pdf", None),
])
def test_app_extract_upload_reads_every_reader_format(client, name, data, content_type, reader_text):
    response = client.post("/v1/extract", files={"file": (name, data, content_type)})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["source"] == name
    if reader_text is not None:
        assert record["text_sha256"] == sha256_text(normalize(reader_text)[0])


@pytest.mark.parametrize("content_type,query,source", [
    ("text/plain; charset=utf-8", "", "upload.txt"),
    ("text/plain", "?source=西吉县2016", "西吉县2016.txt"),
    ("application/octet-stream", "?source=r.txt", "r.txt"),
])
def test_app_extract_raw_body_uses_its_content_type(client, content_type, query, source):
    response = client.post(f"/v1/extract{query}", content=REPORT.encode(), headers={"content-type": content_type})
    assert response.status_code == 200, response.text
    assert response.json()["source"] == source


@pytest.mark.parametrize("filename,content_type,source", [
    ("report", "text/plain", "report.txt"),          # no extension: the part's type supplies it
    ("report.htm", "text/html", "report.htm"),       # another extension of the same reader stays
])
def test_app_extract_upload_type_fills_a_missing_extension(client, filename, content_type, source):
    response = client.post("/v1/extract", files={"file": (filename, REPORT.encode(), content_type)})
    assert response.status_code == 200, response.text
    assert response.json()["source"] == source


@pytest.mark.parametrize("path", ["/v1/view"])
def test_app_view_returns_the_text_the_offsets_refer_to(client, path):
    response = client.post(path, json={"text": REPORT})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"record", "text"}
    assert body["text"] == normalize(REPORT)[0]
    assert body["record"]["text_sha256"] == sha256_text(body["text"])


@pytest.mark.parametrize("documents,statuses", [
    ([{"text": REPORT, "source": "a"}, {"text": "   "}, {"text": "第二份年度报告", "source": "c"}], [200, 422, 200]),
])
def test_app_batch_keeps_order_and_isolates_failures(client, documents, statuses):
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    body = response.json()
    assert [r["source"] for r in body["results"]] == [d.get("source", "text") for d in documents]
    assert [200 if "record" in r else r["error"]["status"] for r in body["results"]] == statuses
    assert (body["succeeded"], body["failed"]) == (statuses.count(200), len(statuses) - statuses.count(200))


@pytest.mark.parametrize("files,kinds", [
    ([("a.txt", REPORT.encode()), ("b.exe", b"MZ\x90\x00"), ("c.pdf", b"%PDF-1.4 broken")],
     [None, "unsupported", "corrupt"]),
])
def test_app_batch_accepts_several_uploads(client, files, kinds):
    response = client.post("/v1/extract/batch", files=[("files", f) for f in files])
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["source"] for r in results] == [name for name, _ in files]
    assert [r.get("error", {}).get("kind") for r in results] == kinds


# --- the other endpoints -----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/v1/health"])
def test_app_health_names_the_model(client, tiny_tagger, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "model": tiny_tagger.name, "message": "", "pending": 0}


@pytest.mark.parametrize("path", ["/v1/schema"])
def test_app_schema_lists_labels_and_every_field_id(client, path):
    body = client.get(path).json()
    assert body["labels"] == list(schema.LABELS)
    assert body["formats"] == list(schema.FORMATS)
    assert [f["id"] for f in body["fields"]] == list(schema.FIELDS)
    assert set(body["headline"]) == set(schema.HEADLINE)


@pytest.mark.parametrize("path", ["/v1/model"])
def test_app_model_gives_name_version_and_training_metadata(client, tiny_tagger, path):
    body = client.get(path).json()
    assert body["name"] == tiny_tagger.name
    assert tiny_tagger.name.endswith("-" + body["version"])
    assert body["kind"] == "transformer"
    assert body["metadata"]["config"]["name"] == "tiny"


@pytest.mark.parametrize("path,content_types", [
    ("/v1/extract", {"application/json", "multipart/form-data", "text/plain", "application/pdf"}),
    ("/v1/extract/batch", {"application/json", "multipart/form-data"}),
])
def test_app_openapi_documents_bodies_and_records(client, path, content_types):
    document = client.get("/v1/openapi.json").json()
    assert {"/v1/extract", "/v1/extract/batch", "/v1/view", "/v1/health", "/v1/schema", "/v1/model"} <= set(
        document["paths"])
    operation = document["paths"][path]["post"]
    assert content_types <= set(operation["requestBody"]["content"])
    assert {"400", "413", "415", "422", "503", "504"} <= set(operation["responses"])
    schemas = document["components"]["schemas"]
    assert set(RECORD_KEYS) == set(schemas["ReportRecord"]["properties"])
    assert {"TextInput", "BatchInput", "ErrorBody"} <= set(schemas)


@pytest.mark.parametrize("path,needle", [("/", "/static/app.js"), ("/static/app.js", "/v1/view"),
                                         ("/static/style.css", "mark.entity")])
def test_app_serves_the_page(client, path, needle):
    response = client.get(path)
    assert response.status_code == 200
    assert needle in response.text


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body,kind", [
    (b"{not json", "bad_json"),
    (b"\xff\xfe\x00", "bad_json"),
    (b"[1, 2]", "bad_input"),
    (b"{}", "bad_input"),
    (b'{"text": 5}', "bad_input"),
    (b'{"text": "x", "source": 5}', "bad_input"),
    (b'{"text": "x", "path": "/etc/passwd"}', "bad_input"),
])
def test_app_extract_rejects_bad_json_with_400(client, body, kind):
    response = client.post("/v1/extract", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert _error(response)["kind"] == kind


@pytest.mark.parametrize("body", [b'{"docs": []}', b'{"documents": "a"}', b'{"documents": [3]}'])
def test_app_batch_rejects_bad_json_with_400(client, body):
    response = client.post("/v1/extract/batch", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert _error(response)["kind"] == "bad_input"


@pytest.mark.parametrize("request_kwargs", [
    {"content": b'--b\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--b--\r\n',   # no file field
     "headers": {"content-type": "multipart/form-data; boundary=b"}},
    {"files": [("file", ("a.txt", b"x")), ("file", ("b.txt", b"y"))]},                       # two files
    {"content": b"not multipart", "headers": {"content-type": "multipart/form-data"}},       # no boundary
])
def test_app_extract_rejects_bad_multipart_with_400(client, request_kwargs):
    response = client.post("/v1/extract", **request_kwargs)
    assert response.status_code == 400
    assert _error(response)["kind"] == "bad_input"


@pytest.mark.parametrize("request_kwargs", [
    {"content": b"x" * 64_001, "headers": {"content-type": "text/plain"}},                        # declared length
    {"content": (b"x" * 16_000 for _ in range(5)), "headers": {"content-type": "text/plain"}},    # chunked
    {"files": {"file": ("big.txt", b"x" * 70_000)}},
])
def test_app_rejects_a_body_over_the_limit_with_413(client, request_kwargs):
    response = client.post("/v1/extract", **request_kwargs)
    assert response.status_code == 413
    assert _error(response)["kind"] == "too_large"


@pytest.mark.parametrize("request_kwargs", [
    {"json": {"documents": [{"text": "a"}] * 4}},
    {"files": [("files", (f"{i}.txt", b"a")) for i in range(4)]},
])
def test_app_batch_over_max_batch_is_413(client, request_kwargs):
    response = client.post("/v1/extract/batch", **request_kwargs)
    assert response.status_code == 413
    assert _error(response)["kind"] == "too_many"


@pytest.mark.parametrize("request_kwargs", [
    {"content": b"abc", "headers": {"content-type": "image/png"}},
    {"content": b"abc", "headers": {"content-type": ""}},
    {"content": b"abc", "headers": {"content-type": "application/octet-stream"}},   # no name with an extension
    {"files": {"file": ("tool.exe", b"MZ\x90\x00", "application/x-msdownload")}},
    {"files": {"file": ("report.doc", b"\xd0\xcf\x11\xe0", "application/msword")}},
])
def test_app_unknown_type_is_415(client, request_kwargs):
    response = client.post("/v1/extract", **request_kwargs)
    assert response.status_code == 415
    assert _error(response)["kind"] == "unsupported"


@pytest.mark.parametrize("name,data,kind", [
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\t\n", "empty"),
    ("broken.pdf", b"%PDF-1.4\nnot really", "corrupt"),
    ("broken.docx", b"PK\x03\x04 not a zip", "corrupt"),
])
def test_app_unreadable_file_is_422(client, name, data, kind):
    response = client.post("/v1/extract", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 422
    error = _error(response)
    assert error["kind"] == kind
    assert name in error["message"]


@pytest.mark.parametrize("path,method,status", [("/v1/nothing", "get", 404), ("/v1/extract", "get", 405),
                                                ("/static/../service/app.py", "get", 404),
                                                ("/static/%2e%2e/app.py", "get", 404)])
def test_app_unknown_route_is_json(client, path, method, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    _error(response)


@pytest.mark.parametrize("path", ["/v1/extract", "/v1/model"])
def test_app_answers_503_while_the_model_loads(tiny_model, path):
    # No lifespan (no `with`): the model never starts loading.
    client = TestClient(create_app(tiny_model))
    response = client.post(path, json={"text": REPORT}) if path == "/v1/extract" else client.get(path)
    assert response.status_code == 503
    assert _error(response)["kind"] == "not_ready"
    assert response.headers["retry-after"]
    assert client.get("/v1/health").json()["status"] == "loading"


@pytest.mark.parametrize("model_dir", ["does-not-exist"])
def test_app_answers_503_when_the_model_cannot_load(tmp_path, model_dir):
    with TestClient(create_app(tmp_path / model_dir)) as client:
        for _ in range(200):  # the load runs in the pool; bounded wait for it to fail
            health = client.get("/v1/health")
            if health.json()["status"] != "loading":
                break
            threading.Event().wait(0.05)
        assert health.status_code == 503
        assert health.json()["status"] == "failed"
        assert model_dir in health.json()["message"]
        response = client.post("/v1/extract", json={"text": REPORT})
        assert response.status_code == 503
        assert model_dir in _error(response)["message"]


@pytest.mark.parametrize("timeout_s", [1e-6])
def test_app_over_the_time_limit_is_504(tiny_tagger, timeout_s):
    with TestClient(create_app(tiny_tagger, ServiceSettings(timeout_s=timeout_s))) as client:
        response = client.post("/v1/extract", json={"text": REPORT})
    assert response.status_code == 504
    assert _error(response)["kind"] == "timeout"


@pytest.mark.parametrize("max_pending", [1])
def test_app_engine_full_queue_is_503_busy(tiny_tagger, max_pending):
    engine = Engine(tiny_tagger, ServiceSettings(max_pending=max_pending, workers=1))
    release = threading.Event()

    async def scenario() -> ServiceError:
        blocked = asyncio.ensure_future(engine.run(30, lambda tagger: release.wait(30)))
        await asyncio.sleep(0)  # let the blocked job take its slot
        try:
            await engine.run(30, lambda tagger: None)
        except ServiceError as exc:
            return exc
        finally:
            release.set()
            await blocked
        raise AssertionError("the second job was accepted")

    try:
        error = asyncio.run(scenario())
    finally:
        engine.close()
    assert (error.status, error.kind) == (503, "busy")
    assert engine.pending == 0


class _BrokenTagger:
    """A tagger that fails: an internal bug must become a JSON 500, not a dead server."""

    name = "broken"
    metadata: dict = {}

    def tag(self, doc):
        raise RuntimeError("boom")


@pytest.mark.parametrize("path", ["/v1/extract"])
def test_app_internal_failure_is_json_500_and_the_server_lives(path):
    with TestClient(create_app(_BrokenTagger())) as client:
        response = client.post(path, json={"text": REPORT})
        assert response.status_code == 500
        assert _error(response)["kind"] == "internal"
        assert "boom" not in response.text  # no internals to the client
        batch = client.post("/v1/extract/batch", json={"documents": [{"text": REPORT}, {"text": ""}]})
        assert batch.status_code == 200
        assert [r["error"]["kind"] for r in batch.json()["results"]] == ["internal", "empty"]
        assert client.get("/v1/health").status_code == 200


# --- nothing a client sends reads server files ---------------------------------------------------

@pytest.mark.parametrize("secret", ["SECRET-ON-THE-SERVER 机密"])
def test_app_file_names_never_open_server_files(client, tmp_path, secret):
    server_file = tmp_path / "secret.txt"
    server_file.write_text(secret, encoding="utf-8")
    sent = "年度报告正文"
    responses = [
        client.post("/v1/extract", files={"file": (str(server_file), sent.encode(), "text/plain")}),
        client.post("/v1/extract", json={"text": sent, "source": str(server_file)}),
        client.post(f"/v1/extract?source={server_file}", content=sent.encode(),
                    headers={"content-type": "application/octet-stream"}),
    ]
    for response in responses:
        assert response.status_code == 200, response.text
        record = response.json()
        assert record["text_sha256"] == sha256_text(sent)
        assert secret not in json.dumps(record, ensure_ascii=False)


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd.txt", "passwd.txt"), ("C:\\x\\年报.PDF", "年报.PDF"), ("a\x00b\n.txt", "ab.txt"),
    ("..", "upload"), ("", "upload"), ("x" * 300 + ".txt", "x" * 200),
])
def test_app_safe_name_keeps_only_a_bounded_base_name(name, expected):
    assert safe_name(name) == expected


@settings(max_examples=30, deadline=None)
@given(name=st.text(max_size=40), data=st.binary(max_size=600),
       content_type=st.sampled_from(["text/plain", "text/html", "application/pdf", "application/octet-stream",
                                     "application/json", "multipart/form-data", "x/y", ""]))
def test_app_arbitrary_input_never_crashes(client, name, data, content_type):
    raw = client.post("/v1/extract", content=data, headers={"content-type": content_type})
    upload = client.post("/v1/extract", files={"file": (name or "f", data, "application/octet-stream")})
    for response in (raw, upload):
        assert response.status_code in {200, 400, 413, 415, 422}, response.text
        if response.status_code != 200:
            _error(response)
