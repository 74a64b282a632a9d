"""Shared fixtures only. Tests build their own inputs; heavy fixtures are session-scoped."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return REPO / "corpus"


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """models/default, the shipped model (committed: missing means a broken checkout, not a skip)."""
    path = REPO / "models" / "default"
    assert (path / "meta.json").exists(), "models/default is not trained (make model): the shipped model is missing"
    return path


# --- ../shared: real texts read in place, never copied into the repository ---
#
# One mechanism for every test that needs ../shared: ask for one of the fixtures below (or call
# ``require_shared``). Without ../shared such a test is skipped with a reason starting "needs ../shared";
# when the CI environment variable is set (.ci/run sets it), that skip is turned into a failure, because
# CI has ../shared and must run every test that reads it.

SHARED_SKIP = "needs ../shared"


def require_shared(*parts: str) -> Path:
    """The path ../shared/<parts> when it exists; otherwise skip the test, saying which path is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{SHARED_SKIP}: {path} is not on this machine")
    return path


@pytest.fixture(scope="session")
def shared_real() -> Path:
    """../shared/real (real reports we may read but not copy)."""
    return require_shared("real")


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    """../shared/seeds (the five seed reports the corpus annotates)."""
    return require_shared("seeds")


@pytest.fixture(scope="session")
def shared_spec() -> Path:
    """../shared/spec (the shared specification files)."""
    return require_shared("spec")


def pytest_configure(config):
    config.addinivalue_line("markers", "shared: reads ../shared (set on every test that asks for a shared_* fixture)")
    config.addinivalue_line("markers", "e2e: end to end, from files to records with the shipped model")


def pytest_collection_modifyitems(config, items):
    """Mark the tests that need ../shared, so `pytest -m shared` runs exactly those."""
    for item in items:
        if any(name.startswith("shared_") for name in getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.shared)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI, a skip for a missing ../shared is a failure: CI must run every test that needs it."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        if reason.startswith(SHARED_SKIP):
            report.outcome = "failed"
            report.longrepr = f"CI is set, and this test was skipped: {reason}"


# --- tagging: hand-made annotated documents and tiny models, built once per session ---

def _annotated(doc_id: str, parts: list[tuple[str, str | None]], split: str = "train"):
    """An AnnotatedDocument from (text, label or None) pieces, spans at the labelled pieces."""
    from gik_nlp.corpus.format import AnnotatedDocument
    from gik_nlp.types import Span

    text, spans = "", []
    for piece, label in parts:
        if label:
            spans.append(Span(len(text), len(text) + len(piece), label, piece))
        text += piece
    return AnnotatedDocument(id=doc_id, text=text, spans=tuple(spans), origin="real", split=split,
                             source=f"{doc_id}.txt", format="pre2019")


def _tiny_report(doc_id: str, agency: str, date: str, docno: str, values: tuple[str, str, str],
                 split: str = "train"):
    a, b, c = values
    return _annotated(doc_id, [
        (agency, "AGENCY"), ("关于", None), ("2017年", None), ("政府信息公开工作年度报告\n\n", None),
        ("本报告统计期限自", None), ("2017年1月1日", "DATE"), ("至", None), ("12月31日", "DATE"), ("止。\n", None),
        ("一、主动公开情况\n\t", None), ("主动公开政府信息数", "STAT_NAME"), ("\n\t条\n\t", None), (a, "STAT_VALUE"),
        ("\n\t", None), ("其中：", None), ("政府网站公开政府信息数", "STAT_NAME"), ("\n\t条\n\t", None),
        (b, "STAT_VALUE"), ("\n二、依申请公开情况\n根据", None), (docno, "DOCNO"), ("要求，全年共", None),
        ("受理依申请公开", "STAT_NAME"), (c, "STAT_VALUE"), ("，无行政复议。\n", None),
        (agency, "AGENCY"), ("\n", None), (date, "DATE"), ("\n", None)], split)


@pytest.fixture(scope="session")
def tiny_docs() -> list:
    """Three small hand-made annotated reports (two train, one dev)."""
    return [
        _tiny_report("tiny_a", "易门县人民政府办公室", "2018年1月25日", "易政办发〔2017〕45号", ("7254", "5000", "12件")),
        _tiny_report("tiny_b", "西吉县人民政府", "2017年1月19日", "西政发〔2017〕12号", ("4606", "200余条", "3件")),
        _tiny_report("tiny_c", "涟水县政务公开领导小组办公室", "2018年2月1日", "漳政办〔2017〕106号",
                     ("501条", "98", "7件"), split="dev"),
    ]


@pytest.fixture(scope="session")
def tiny_config():
    """training/tiny.yaml as read by TrainConfig (no synthetic documents)."""
    from gik_nlp.tagging.config import TrainConfig

    return TrainConfig.from_file(REPO / "training" / "tiny.yaml")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory, tiny_config, tiny_docs) -> Path:
    """A tiny character BERT trained once on ``tiny_docs`` (empty corpus folder); its folder."""
    from gik_nlp.tagging.train import train

    out = tmp_path_factory.mktemp("tiny_model") / "model"
    empty_corpus = tmp_path_factory.mktemp("empty_corpus")
    train(tiny_config, out, corpus_dir=empty_corpus, extra_docs=tiny_docs, progress=False)
    return out


@pytest.fixture(scope="session")
def tiny_crf_model(tmp_path_factory, tiny_config, tiny_docs) -> Path:
    """A CRF trained once on ``tiny_docs``; its folder."""
    from dataclasses import replace

    from gik_nlp.tagging.train import train

    out = tmp_path_factory.mktemp("tiny_crf") / "model"
    empty_corpus = tmp_path_factory.mktemp("empty_corpus_crf")
    train(replace(tiny_config, kind="crf", name="tiny-crf"), out, corpus_dir=empty_corpus, extra_docs=tiny_docs,
          progress=False)
    return out


@pytest.fixture(scope="session")
def series_report():
    """``series_report(agency, year, later=False)``: the hand-made 2019 (or, later, 2020) report of
    青石县人民政府 (tests/fixtures/series, see its README.md) as if of another agency or year."""
    folder = REPO / "tests" / "fixtures" / "series"
    texts = {False: (folder / "qingshi-2019.txt").read_text(encoding="utf-8"),
             True: (folder / "qingshi-2020.txt").read_text(encoding="utf-8")}

    def report(agency: str, year: int, later: bool = False) -> str:
        text = texts[later]
        return text.replace("青石县人民政府", agency).replace(re.search(r"20\d\d", text).group(), str(year), 1)

    return report
