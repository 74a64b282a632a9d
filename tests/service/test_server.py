"""The service on a real uvicorn over loopback (`gik serve`), and the web page in headless Chromium.

Chromium is Debian's ``chromium`` (the Makefile's test set-up installs it); the page tests skip,
saying so, where it is not installed (conftest.py: ``loopback``, ``chromium``).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gik_nlp.readers import normalize
from gik_nlp.types import sha256_text

REPORT = ("易门县人民政府办公室关于2017年政府信息公开工作年度报告\n本报告统计期限自2017年1月1日至12月31日止。\n"
          "一、主动公开情况\n\t主动公开政府信息数\n\t条\n\t7254\n二、依申请公开情况\n全年共受理依申请公开12件。\n")


@pytest.fixture(scope="module")
def served(tiny_model: Path, repo_root: Path, tmp_path_factory, loopback) -> Iterator[str]:
    """`gik serve` with the tiny model on a free loopback port; its base URL."""
    port = loopback.free_port()
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "gik_nlp.cli", "serve", "--model", str(tiny_model), "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"], cwd=repo_root, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        loopback.wait_ready(base_url, lambda: process.poll() is None)
    except RuntimeError as exc:
        process.kill()
        log.seek(0)
        pytest.fail(f"gik serve did not start: {exc}\n{log.read()}")
    yield base_url
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


# --- over HTTP ------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("source", ["http.txt"])
def test_server_answers_over_http(served, source):
    with httpx.Client(base_url=served, timeout=60) as client:
        record = client.post("/v1/extract", json={"text": REPORT, "source": source})
        upload = client.post("/v1/extract", files={"file": (source, REPORT.encode("gb18030"), "text/plain")})
        unsupported = client.post("/v1/extract", content=b"x", headers={"content-type": "image/gif"})
        openapi = client.get("/v1/openapi.json")
        page = client.get("/")
    assert record.status_code == 200
    assert record.json()["source"] == source
    assert record.json()["text_sha256"] == sha256_text(normalize(REPORT)[0])
    assert upload.json()["text_sha256"] == record.json()["text_sha256"]
    assert unsupported.status_code == 415
    assert unsupported.json()["error"]["kind"] == "unsupported"
    assert "/v1/extract" in openapi.json()["paths"]
    assert "app.js" in page.text


@pytest.mark.slow
@pytest.mark.parametrize("copies", [250])
def test_server_answers_health_while_tagging(served, copies):
    # While a long report is being tagged in the pool, the event loop still answers, and
    # /v1/health sees the job pending: a blocked loop could only answer after it finished.
    result: dict = {}

    def long_extraction() -> None:
        result["response"] = httpx.post(f"{served}/v1/extract", json={"text": REPORT * copies}, timeout=300)

    worker = threading.Thread(target=long_extraction)
    worker.start()
    seen_pending = False
    while worker.is_alive() and not seen_pending:
        seen_pending = httpx.get(f"{served}/v1/health", timeout=5).json()["pending"] >= 1
        time.sleep(0.01)
    worker.join(timeout=300)
    assert seen_pending, "health never answered while the extraction was running"
    assert result["response"].status_code == 200


@pytest.mark.parametrize("model", ["no-such-model"])
def test_server_cli_refuses_a_missing_model(tmp_path, capsys, model):
    from gik_nlp.cli import main

    assert main(["serve", "--model", str(tmp_path / model)]) == 2
    assert capsys.readouterr().err == (f"gik serve: {tmp_path / model}: no model here (meta.json missing); "
                                       "train one with `gik train` or pass --model DIR\n")


# --- the page in headless Chromium ------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("text", [REPORT])
def test_server_page_marks_every_span_and_lists_the_record(served, chromium, tmp_path, text):
    expected = httpx.post(f"{served}/v1/view", json={"text": text}, timeout=60).json()["record"]
    dom = chromium.dump_dom(f"{served}/?text={urllib.parse.quote(text)}", tmp_path / "profile")
    status = dom.find(id="status").get_text()
    assert status.startswith("done"), status
    marks = dom.select("#doc mark.entity")
    assert [(m["data-label"], int(m["data-start"]), int(m["data-end"])) for m in marks] == [
        (s["label"], s["start"], s["end"]) for s in expected["spans"]]
    for mark in marks:  # the mark shows the span's text, then its label
        assert mark.get_text() == normalize(text)[0][int(mark["data-start"]):int(mark["data-end"])] + mark["data-label"]
    assert len(dom.select("#statistics tbody tr")) == len(expected["statistics"])
    assert len(dom.select("#other tbody tr")) == len(expected["other_statistics"])
    summary = {row.th.get_text(): row.td.get_text() for row in dom.select("#summary tr")}
    assert summary["model"] == expected["model"]


class _GoldTagger:
    """The gold spans of known texts: pins the page's evidence links down independently of
    how well the tiny model tags (the page, the API and the assembler all run for real)."""

    name = "gold"
    metadata: dict = {"kind": "gold"}

    def __init__(self, docs) -> None:
        self.spans = {doc.text: list(doc.spans) for doc in docs}

    def tag(self, doc):
        return self.spans.get(doc.text, [])


@pytest.fixture(scope="module")
def gold_served(tiny_docs, loopback) -> Iterator[str]:
    """The app over gold spans on an in-process uvicorn (a thread) on a free loopback port."""
    from gik_nlp.service.app import create_app

    with loopback.app(create_app(_GoldTagger(tiny_docs))) as base_url:
        yield base_url


@pytest.mark.slow
@pytest.mark.parametrize("doc_index", [0])
def test_server_page_highlights_the_evidence_of_a_statistic(gold_served, chromium, tiny_docs, tmp_path, doc_index):
    text = tiny_docs[doc_index].text
    assert normalize(text)[0] == text  # so the gold offsets are the record's offsets
    record = httpx.post(f"{gold_served}/v1/view", json={"text": text}, timeout=60).json()["record"]
    assert record["statistics"], "the assembler found no statistic in the gold spans"
    field_id, statistic = next(iter(record["statistics"].items()))
    url = f"{gold_served}/?text={urllib.parse.quote(text)}#stat-{field_id}"
    dom = chromium.dump_dom(url, tmp_path / "profile")
    assert len(dom.select("#doc mark.entity")) == len(tiny_docs[doc_index].spans)
    selected = dom.select("#statistics tr.selected")
    assert [row["data-field"] for row in selected] == [field_id]
    highlighted = [element.get_text() for element in dom.select("#doc .evidence")]
    offsets = {k: v for k, v in statistic["evidence"].items() if k in ("name", "value", "sentence")}
    expected = [text[start:end] for key, (start, end) in sorted(offsets.items(), key=lambda item: item[1][0])]
    assert highlighted == expected
