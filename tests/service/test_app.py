"""The service app through Starlette's test client.

Every endpoint and every error status; what a client sends never reads server files nor
crashes the app. Records are checked field by field against values written out below by reading REPORT:
the client that extracts tags with ``_MarkTagger``, which marks the spans an annotator would mark in
REPORT, so what comes back is fixed by the reader, the assembler and the service, not by a tiny model's
guesses; the tiny model itself is loaded from its folder by ``model_client``.

The real server (uvicorn, `gik serve`) and the page in Chromium are in test_server.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import re
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from gik_nlp import schema
from gik_nlp.service.app import Engine, ServiceError, ServiceSettings, create_app, safe_name
from gik_nlp.types import RECORD_KEYS, ReportRecord, Span

REPORT = ("易门县人民政府办公室关于2017年政府信息公开工作年度报告\n\n本报告统计期限自2017年1月1日至12月31日止。\n"
          "一、主动公开情况\n\t主动公开政府信息数\n\t条\n\t7254\n二、依申请公开情况\n根据易政办发〔2017〕45号要求，"
          "全年共受理依申请公开12件，无行政复议。\n易门县人民政府办公室\n2018年1月25日\n")


#: The spans of REPORT, as an annotator marks them (annotation.md), found wherever the read text has them.
MARKS = [("AGENCY", "易门县人民政府办公室"), ("DATE", "2017年1月1日"), ("DATE", "12月31日"),
         ("STAT_NAME", "主动公开政府信息数"), ("STAT_VALUE", "7254"), ("DOCNO", "易政办发〔2017〕45号"),
         ("STAT_NAME", "受理依申请公开"), ("STAT_VALUE", "12件"), ("DATE", "2018年1月25日")]

#: REPORT's record, written by reading it (docs/spec/record.md): the 文号 it cites is not its own.
REPORT_RECORD = {
    "title": "易门县人民政府办公室关于2017年政府信息公开工作年度报告", "agency": "易门县人民政府办公室",
    "year": 2017, "format": "pre2019", "doc_number": None, "published": "2018-01-25",
    "period": {"start": "2017-01-01", "end": "2017-12-31"}, "cited_documents": ["易政办发〔2017〕45号"],
    "statistics": {"proactive.total": (7254, "条"), "request.received": (12, "件")}, "warnings": [],
}
#: REPORT is already in normal form (half-width digits, \n line ends): its hash is the record's text_sha256.
REPORT_SHA256 = hashlib.sha256(REPORT.encode("utf-8")).hexdigest()


class _MarkTagger:
    """A tagger that marks MARKS wherever they occur: the record then depends on the service alone."""

    name = "marks-1.0"
    metadata: dict = {"kind": "marks"}

    def tag(self, doc):
        spans = []
        for label, text in MARKS:
            start = doc.text.find(text)
            while start >= 0:
                spans.append(Span(start, start + len(text), label, text))
                start = doc.text.find(text, start + 1)
        return sorted(spans, key=lambda s: s.start)


def _content(record: dict) -> dict:
    """The parts of a record REPORT_RECORD describes."""
    return {**{k: record[k] for k in REPORT_RECORD if k not in ("cited_documents", "statistics")},
            "cited_documents": [c["normalized"] for c in record["cited_documents"]],
            "statistics": {k: (v["value"], v["unit"]) for k, v in record["statistics"].items()}}


@pytest.fixture(scope="module")
def tiny_tagger(tiny_model: Path):
    from gik_nlp.tagging import load_tagger

    return load_tagger(tiny_model)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(_MarkTagger(), ServiceSettings(max_body_bytes=64_000, max_batch=3))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def model_client(tiny_model: Path):
    """The app loading the tiny model from its folder, as `gik serve` does; ready when yielded."""
    with TestClient(create_app(tiny_model)) as test_client:
        for _ in range(600):  # the load runs in the pool; bounded wait for it
            if test_client.get("/v1/health").json()["status"] != "loading":
                break
            threading.Event().wait(0.05)
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
def test_app_extract_json_text_gives_the_record(client, source):
    response = client.post("/v1/extract", json={"text": REPORT, "source": source})
    assert response.status_code == 200
    record = response.json()
    assert tuple(record) == RECORD_KEYS
    assert (record["source"], record["model"], record["text_sha256"]) == (source, "marks-1.0", REPORT_SHA256)
    assert _content(record) == REPORT_RECORD
    evidence = {k: {key: v["evidence"][key] for key in ("name", "value")} for k, v in record["statistics"].items()}
    assert evidence == {
        "proactive.total": {"name": [REPORT.index("主动公开政府信息数"), REPORT.index("主动公开政府信息数") + 9],
                            "value": [REPORT.index("7254"), REPORT.index("7254") + 4]},
        "request.received": {"name": [REPORT.index("受理依申请公开"), REPORT.index("受理依申请公开") + 7],
                             "value": [REPORT.index("12件"), REPORT.index("12件") + 3]}}
    # the posted text is the source as given: its offsets, and the text they cover
    received = record["statistics"]["request.received"]["evidence"]
    start, end = received["source_span"]
    assert REPORT[start:end] == received["text"] == "受理依申请公开12件"
    assert [(s["label"], s["text"], s["start"]) for s in record["spans"]] == sorted(
        [(label, text, REPORT.index(text)) for label, text in MARKS]
        + [("AGENCY", "易门县人民政府办公室", REPORT.rindex("易门县人民政府办公室"))], key=lambda s: s[2])
    assert ReportRecord.from_dict(record).to_dict() == record


# What each reader's text lets the record keep: an HTML paragraph runs the report into one line, whose
# signature (the office and its date) closes the line and still gives agency and date (record.md);
# the PDF holds one English line and no statistic.
FROM_FILE = {"year": 2017, "period": {"start": "2017-01-01", "end": "2017-12-31"},
             "statistics": {"proactive.total": (7254, "条"), "request.received": (12, "件")}}
ONE_LINE_SIGNED = {**FROM_FILE, "agency": "易门县人民政府办公室", "published": "2018-01-25"}


@pytest.mark.parametrize("name,data,content_type,expected,sha256", [
    ("report.txt", REPORT.encode("utf-8"), "text/plain", REPORT_RECORD, REPORT_SHA256),
    ("report.txt", REPORT.encode("gb18030"), "text/plain", REPORT_RECORD, REPORT_SHA256),
    ("report.html", f"<html><body><p>{REPORT}</p></body></html>".encode(), "text/html",
     ONE_LINE_SIGNED, None),
    ("report.docx", _docx_bytes(REPORT), "application/octet-stream", REPORT_RECORD, None),
    ("report.pdf", _pdf_bytes("Annual report 2017: 7254"), "application/pdf",
     {"agency": None, "year": None, "statistics": {}}, hashlib.sha256(b"Annual report 2017: 7254").hexdigest()),
], ids=["utf-8", "gb18030", "html", "docx", "pdf"])
def test_app_extract_upload_reads_every_reader_format(client, name, data, content_type, expected, sha256):
    response = client.post("/v1/extract", files={"file": (name, data, content_type)})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["source"] == name
    assert {k: v for k, v in _content(record).items() if k in expected} == expected
    if sha256 is not None:
        assert record["text_sha256"] == sha256


@pytest.mark.parametrize("content_type,query,source", [
    ("text/plain; charset=utf-8", "", "upload.txt"),
    ("text/plain", "?source=西吉县2016", "西吉县2016.txt"),
    ("application/octet-stream", "?source=r.txt", "r.txt"),
])
def test_app_extract_raw_body_uses_its_content_type(client, content_type, query, source):
    response = client.post(f"/v1/extract{query}", content=REPORT.encode(), headers={"content-type": content_type})
    assert response.status_code == 200, response.text
    assert response.json()["source"] == source
    assert _content(response.json()) == REPORT_RECORD


@pytest.mark.parametrize("filename,content_type,source,expected", [
    ("report", "text/plain", "report.txt", REPORT_RECORD),                         # the part's type supplies it
    ("report.htm", "text/html", "report.htm", ONE_LINE_SIGNED),                    # read as HTML: one line
])
def test_app_extract_upload_type_fills_a_missing_extension(client, filename, content_type, source, expected):
    response = client.post("/v1/extract", files={"file": (filename, REPORT.encode(), content_type)})
    assert response.status_code == 200, response.text
    assert response.json()["source"] == source
    assert {k: v for k, v in _content(response.json()).items() if k in expected} == expected


@pytest.mark.parametrize("path", ["/v1/view"])
def test_app_view_returns_the_text_the_offsets_refer_to(client, path):
    response = client.post(path, json={"text": REPORT})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"record", "text"}
    assert body["text"] == REPORT  # already in normal form
    assert body["record"]["text_sha256"] == REPORT_SHA256
    assert [body["text"][s["start"]:s["end"]] for s in body["record"]["spans"]] == [
        "易门县人民政府办公室", "2017年1月1日", "12月31日", "主动公开政府信息数", "7254", "易政办发〔2017〕45号", "受理依申请公开",
        "12件", "易门县人民政府办公室", "2018年1月25日"]


def test_app_extract_format_csv_is_the_record_as_gik_extract_writes_it(client):
    import csv

    response = client.post("/v1/extract?format=csv", json={"text": REPORT, "source": "易门.txt"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbfsource,title,agency,year,format,")  # BOM, as OUT.csv
    rows = list(csv.DictReader(response.content.decode("utf-8-sig").splitlines()))
    assert len(rows) == 1
    row = rows[0]
    assert (row["source"], row["agency"], row["year"], row["format"], row["published"]) == (
        "易门.txt", "易门县人民政府办公室", "2017", "pre2019", "2018-01-25")
    assert (row["proactive.total"], row["request.received"], row["request.received.approximate"]) == (
        "7254", "12", "False")
    assert (row["cited_documents"], row["text_sha256"], row["model"]) == ("易政办发〔2017〕45号", REPORT_SHA256, "marks-1.0")


@pytest.mark.parametrize("query,status,kind", [("?format=xml", 400, "bad_input"), ("?format=json", 200, None)])
def test_app_extract_format_is_json_or_csv(client, query, status, kind):
    response = client.post("/v1/extract" + query, json={"text": REPORT})
    assert response.status_code == status
    if kind:
        assert response.json()["error"]["kind"] == kind and "format" in response.json()["error"]["message"]
    else:
        assert response.json()["agency"] == "易门县人民政府办公室"


def test_app_page_asks_the_service_for_csv(client):
    # one CSV writer (gik_nlp/writers.py): the page fetches the CSV, it does not write one
    script = client.get("/static/app.js").text
    assert '"/v1/extract?format=csv"' in script
    assert "\\ufeff" not in script and '.join(",")' not in script


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
    first, _, third = body["results"]
    assert _content(first["record"]) == REPORT_RECORD
    assert (third["record"]["agency"], third["record"]["year"], third["record"]["statistics"]) == (None, None, {})
    assert third["record"]["text_sha256"] == hashlib.sha256("第二份年度报告".encode()).hexdigest()


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
    assert _content(results[0]["record"]) == REPORT_RECORD


# --- the other endpoints -----------------------------------------------------------------------

#: training/tiny.yaml names the model "tiny": gik-<name>-<version>+<16 hex digits of its corpus>.<8 of its config>.
TINY_NAME = r"gik-tiny-(\d+\.\d+\.\d+\+[0-9a-f]{16}\.[0-9a-f]{8})"


@pytest.mark.parametrize("path", ["/v1/health"])
def test_app_health_names_the_model(model_client, client, path):
    response = model_client.get(path)
    assert response.status_code == 200
    body = response.json()
    assert re.fullmatch(TINY_NAME, body.pop("model"))
    assert body == {"status": "ready", "message": "", "pending": 0}
    assert client.get(path).json() == {"status": "ready", "model": "marks-1.0", "message": "", "pending": 0}


@pytest.mark.parametrize("path", ["/v1/schema"])
def test_app_schema_lists_labels_and_every_field_id(client, path):
    body = client.get(path).json()
    assert body["labels"] == ["AGENCY", "DATE", "DOCNO", "STAT_NAME", "STAT_VALUE"]
    assert body["formats"] == ["pre2019", "2019", "2021", "unknown"]
    ids = [f["id"] for f in body["fields"]]
    assert ids == list(schema.FIELDS) and len(set(ids)) == len(ids)
    assert {"proactive.total", "request.received", "apply.new.total", "apply.new.natural_person",
            "litigation_after_review.total", "fee.total"} <= set(ids)
    assert body["headline"]["request.received"] == {"2019": ["apply.new.total"], "2021": ["apply.new.total"]}
    assert body["headline"]["litigation.total"]["2021"] == ["litigation_direct.total", "litigation_after_review.total"]
    assert set(body["headline"]) == {"proactive.total", "request.received", "reply.granted", "reply.partly_granted",
                                     "review.total", "litigation.total"}


@pytest.mark.parametrize("path", ["/v1/model"])
def test_app_model_gives_name_version_and_training_metadata(model_client, path):
    body = model_client.get(path).json()
    version = re.fullmatch(TINY_NAME, body["name"])
    assert version and body["version"] == version.group(1)
    assert body["kind"] == "transformer"
    assert body["metadata"]["config"]["name"] == "tiny"
    assert body["metadata"]["config"]["window"] == {"length": 64, "stride": 48}  # training/tiny.yaml


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


def test_app_openapi_warnings_are_generated_from_the_warning_type(client):
    schemas = client.get("/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["ReportRecord"]["properties"]["warnings"]["items"] == {"$ref": "#/components/schemas/RecordWarning"}
    warning = schemas["RecordWarning"]
    assert warning["required"] == ["kind", "fields", "message"]
    assert warning["properties"]["kind"]["enum"] == [
        "reader", "table-ambiguous", "table-unreadable", "table-source-inconsistent", "table-rows-not-found",
        "table-series", "table-unplaced", "unreadable-value", "approximate", "conflict", "check", "other"]
    assert warning["properties"]["fields"]["items"] == {"type": "string"}
    assert schemas["ViewResult"]["properties"]["record"] == {"$ref": "#/components/schemas/ReportRecord"}


_URL = re.compile(r"""(?:src|href|url)\s*[=:]\s*["']([^"']+)["']""")


def test_app_docs_page_loads_only_local_files(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    assert not re.search(r"https?://|//cdn", page.text)  # no CDN, no online validator
    assert '"validatorUrl": null' in page.text
    referenced = _URL.findall(page.text)
    assert sorted(referenced) == ["/docs-assets/favicon-32x32.png", "/docs-assets/swagger-ui-bundle.js",
                                  "/docs-assets/swagger-ui.css", "/v1/openapi.json"]
    for url in referenced:
        assert client.get(url).status_code == 200, url


def test_app_docs_page_without_swagger_ui_links_the_schema(monkeypatch):
    from gik_nlp.service import app as app_module

    monkeypatch.setattr(app_module, "swagger_ui_dir", lambda: None)
    with TestClient(create_app(_MarkTagger())) as plain:
        page = plain.get("/docs")
        assert page.status_code == 200
        assert '<a href="/v1/openapi.json">' in page.text and not re.search(r"https?://", page.text)
        assert plain.get("/docs-assets/swagger-ui-bundle.js").status_code == 404


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
    {"files": {"file": ("report.wps", b"\xd0\xcf\x11\xe0", "application/vnd.ms-works")}},
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
        assert record["text_sha256"] == hashlib.sha256(sent.encode("utf-8")).hexdigest()
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
