"""The service under load and abuse: answers under concurrency equal the answer alone, a
deadline cancels the work, batches cannot starve single requests, bad JSON is 400 not 500."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gik_nlp import limits
from gik_nlp.readers import read_text
from gik_nlp.service.app import Engine, ServiceError, ServiceSettings, create_app

REPORT = ("易门县人民政府办公室关于2017年政府信息公开工作年度报告\n\n本报告统计期限自2017年1月1日至12月31日止。\n"
          "一、主动公开情况\n\t主动公开政府信息数\n\t条\n\t7254\n二、依申请公开情况\n根据易政办发〔2017〕45号要求，"
          "全年共受理依申请公开12件，无行政复议。\n易门县人民政府办公室\n2018年1月25日\n")


@pytest.fixture(scope="module")
def crf_tagger(tiny_crf_model: Path):
    from gik_nlp.tagging import load_tagger

    return load_tagger(tiny_crf_model)


def test_robust_crf_tagger_shared_by_threads_gives_the_answers_alone(crf_tagger, corpus_dir) -> None:
    from gik_nlp.corpus.format import load_corpus

    docs = [read_text(d.text, id=d.id) for d in load_corpus(corpus_dir / "real")]
    alone = [crf_tagger.tag(doc) for doc in docs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(crf_tagger.tag, docs * 6))
    assert together == alone * 6


@pytest.mark.parametrize("body", [
    b'{"text": "\\ud800 lone high surrogate"}',
    b'{"text": "ok", "source": "a\\udfff.txt"}',
    b'[' * 100_000 + b']' * 100_000,
    b'{"text": ' + b'{"a": ' * 50_000 + b'1' + b'}' * 50_001,
])
def test_robust_bad_json_is_400_and_the_connection_lives(crf_tagger, body) -> None:
    with TestClient(create_app(crf_tagger)) as client:
        response = client.post("/v1/extract", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400, response.text
        assert response.json()["error"]["kind"] in ("bad_json", "bad_input")
        assert client.post("/v1/extract", json={"text": REPORT}).status_code == 200


class _SlowTagger:
    """Tags in many small steps, checking the deadline like the real taggers do between windows."""

    name = "slow"
    metadata: dict = {}

    def __init__(self) -> None:
        self.stopped = threading.Event()

    def tag(self, doc):
        try:
            for _ in range(2000):
                limits.check()
                time.sleep(0.01)
        except limits.Cancelled:
            self.stopped.set()
            raise
        return []


def test_robust_a_request_past_its_deadline_is_cancelled() -> None:
    tagger = _SlowTagger()
    with TestClient(create_app(tagger, ServiceSettings(timeout_s=0.3, workers=1))) as client:
        started = time.monotonic()
        response = client.post("/v1/extract", json={"text": REPORT})
        assert response.status_code == 504
        assert tagger.stopped.wait(5), "the job kept running after its deadline"
        assert time.monotonic() - started < 5  # not the 20 s the job would have taken
        assert client.get("/v1/health").json()["pending"] == 0


def test_robust_batches_cannot_starve_single_requests(crf_tagger) -> None:
    """With the batch lane busy and full, a batch is refused at once (503, Retry-After) and a
    single request still runs."""
    engine = Engine(crf_tagger, ServiceSettings(workers=1, batch_workers=1, max_pending_batches=1))
    release = threading.Event()

    async def scenario() -> tuple[ServiceError, object]:
        blocked = asyncio.ensure_future(engine.run(30, lambda tagger: release.wait(30), batch=True))
        await asyncio.sleep(0.05)
        try:
            try:
                await engine.run(30, lambda tagger: None, batch=True)
            except ServiceError as exc:
                refused = exc
            else:
                raise AssertionError("the second batch was accepted")
            single = await engine.run(5, lambda tagger: "single done")
            return refused, single
        finally:
            release.set()
            await blocked

    try:
        refused, single = asyncio.run(scenario())
    finally:
        engine.close()
    assert (refused.status, refused.kind) == (503, "busy")
    assert single == "single done"
    assert engine.pending == 0


def test_robust_busy_answer_carries_retry_after() -> None:
    tagger = _SlowTagger()
    settings = ServiceSettings(timeout_s=5, workers=1, max_pending=1)
    with TestClient(create_app(tagger, settings)) as client:
        with ThreadPoolExecutor(max_workers=1) as pool:
            first = pool.submit(client.post, "/v1/extract", json={"text": REPORT})
            while client.get("/v1/health").json()["pending"] < 1:
                time.sleep(0.01)
            second = client.post("/v1/extract", json={"text": REPORT})
            assert second.status_code == 503 and second.headers["retry-after"]
            assert json.loads(second.text)["error"]["kind"] == "busy"
            first.result()


def test_robust_text_over_the_character_limit_is_413(crf_tagger) -> None:
    # a 3,000-byte body limit allows 1,200 characters (limits.max_chars)
    with TestClient(create_app(crf_tagger, ServiceSettings(max_body_bytes=3_000))) as client:
        response = client.post("/v1/extract", json={"text": "a" * 1_300})
        assert response.status_code == 413
        assert response.json()["error"]["kind"] == "too_large"
        assert "1300 characters" in response.json()["error"]["message"]
        assert client.post("/v1/extract", json={"text": REPORT}).status_code == 200


def test_robust_text_length_is_checked_once_for_the_service_and_the_command_line(crf_tagger, tmp_path) -> None:
    # the same text under the same size limit is refused with the same reason by both (pipeline.check_text_length)
    from gik_nlp.pipeline import read_input
    from gik_nlp.readers import ReadError

    reason = "its text has 1300 characters, over the limit of 1200 (a size limit of 3000 bytes ÷ 2.5)"
    path = tmp_path / "long.txt"
    path.write_text("a" * 1_300, encoding="utf-8")
    with pytest.raises(ReadError) as refused:
        read_input(path, max_bytes=3_000)
    assert (refused.value.kind, str(refused.value)) == ("too_large", f"{path}: {reason}")
    with TestClient(create_app(crf_tagger, ServiceSettings(max_body_bytes=3_000))) as client:
        response = client.post("/v1/extract", json={"text": "a" * 1_300, "source": "long.txt"})
    assert (response.status_code, response.json()["error"]) == (
        413, {"status": 413, "kind": "too_large", "message": f"long.txt: {reason}"})
