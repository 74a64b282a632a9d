"""Tests of gik_nlp.corpus.interop: doccano and Label Studio round trips, pre-annotation, record filling."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gik_nlp.corpus.format import SPLITS, AnnotatedDocument, load_corpus, load_file
from gik_nlp.corpus.interop import (
    LABEL_STUDIO_CONFIG,
    InteropError,
    export_doccano,
    export_label_studio,
    fill_records,
    import_doccano,
    import_label_studio,
    preannotate,
)
from gik_nlp.corpus.validate import FILLED_RECORD_NOTE, validate
from gik_nlp.schema import FORMATS, LABELS
from gik_nlp.types import Document, ReportRecord, Span, Statistic

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"

ROUND_TRIPS: list[tuple[str, Callable[..., Any], Callable[[Path], list[AnnotatedDocument]]]] = [
    ("doccano", export_doccano, import_doccano),
    ("label-studio", export_label_studio, import_label_studio),
]


@pytest.mark.parametrize("tool,export,load", ROUND_TRIPS, ids=[t[0] for t in ROUND_TRIPS])
def test_interop_round_trip_keeps_fixture_corpus(tmp_path: Path, tool: str, export: Callable[..., Any],
                                                 load: Callable[[Path], list[AnnotatedDocument]]) -> None:
    docs = load_corpus(FIXTURES)
    assert export(docs, tmp_path / "out") == len(docs)
    assert load(tmp_path / "out") == docs


# --- random documents -----------------------------------------------------------------

# CJK, digits, line breaks, tabs, U+2028 (a JSON Lines trap) and characters outside the
# BMP (Label Studio counts them twice).
_ALPHABET = st.sampled_from(list("政府信息公开年度报告〔〕号条件0123456789 \n\t") + ["\u2028", "𠀀", "😀", "é"])
_JSON_SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8) \
    | st.floats(allow_nan=False, allow_infinity=False)
_JSON = st.recursive(_JSON_SCALARS, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)


@st.composite
def _documents(draw: st.DrawFn) -> AnnotatedDocument:
    text = draw(st.text(_ALPHABET, min_size=1, max_size=60))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=10)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2]):  # disjoint by construction
        spans.append(Span(start, end, draw(st.sampled_from(LABELS)), text[start:end]))
    return AnnotatedDocument(
        id=draw(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)),
        text=text, spans=tuple(spans),
        record=draw(st.dictionaries(st.sampled_from(["title", "year", "statistics", "warnings", "x"]), _JSON,
                                    max_size=4)),
        source=draw(st.text(max_size=10)), origin=draw(st.sampled_from(["real", "synthetic"])),
        format=draw(st.sampled_from(FORMATS)), split=draw(st.sampled_from(SPLITS)),
        notes=tuple(draw(st.lists(st.text(max_size=10), max_size=3))))


@pytest.mark.parametrize("tool,export,load", ROUND_TRIPS, ids=[t[0] for t in ROUND_TRIPS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(_documents(), max_size=3))
def test_interop_round_trip_loses_nothing(tmp_path: Path, tool: str, export: Callable[..., Any],
                                          load: Callable[[Path], list[AnnotatedDocument]],
                                          docs: list[AnnotatedDocument]) -> None:
    export(docs, tmp_path / "out")
    assert load(tmp_path / "out") == docs


# --- Label Studio specifics -----------------------------------------------------------

def _region(start: int, end: int, label: str, text: str | None = None, **extra: Any) -> dict[str, Any]:
    value: dict[str, Any] = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    return {"id": f"x{start}", "from_name": "label", "to_name": "text", "type": "labels", "value": value, **extra}


def _task(text: str, annotations: list[Any], predictions: list[Any] | None = None) -> dict[str, Any]:
    return {"id": 7, "data": {"text": text, "id": "doc"}, "annotations": annotations,
            "predictions": predictions or []}


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("text,span,utf16", [("𠀀𠀀县政府", (2, 5), (4, 7)), ("县政府😀", (0, 3), (0, 3)),
                                             ("😀县政府😀", (1, 4), (2, 5))])
def test_interop_label_studio_counts_utf16(tmp_path: Path, text: str, span: tuple[int, int],
                                           utf16: tuple[int, int]) -> None:
    doc = AnnotatedDocument(id="d", text=text, spans=(Span(*span, "AGENCY", text[span[0]:span[1]]),))
    export_label_studio([doc], tmp_path / "ls.json")
    value = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))[0]["annotations"][0]["result"][0]["value"]
    assert (value["start"], value["end"]) == utf16
    assert import_label_studio(tmp_path / "ls.json")[0].spans == doc.spans


@pytest.mark.parametrize("start,end", [(2, 5)])
def test_interop_label_studio_accepts_code_point_offsets(tmp_path: Path, start: int, end: int) -> None:
    text = "𠀀𠀀县政府"
    path = _write(tmp_path / "ls.json", [_task(text, [{"result": [_region(start, end, "AGENCY", "县政府")]}])])
    assert import_label_studio(path)[0].spans == (Span(2, 5, "AGENCY", "县政府"),)


@pytest.mark.parametrize("annotations,expected", [
    # the latest by updated_at wins over list order
    ([{"updated_at": "2024-05-02T10:00:00Z", "result": [_region(0, 3, "AGENCY")]},
      {"updated_at": "2024-05-01T10:00:00Z", "result": [_region(0, 3, "DATE")]}], "AGENCY"),
    # same time (or none): the later one in the list
    ([{"result": [_region(0, 3, "DATE")]}, {"result": [_region(0, 3, "DOCNO")]}], "DOCNO"),
    # a cancelled annotation is skipped
    ([{"result": [_region(0, 3, "DATE")]}, {"was_cancelled": True, "result": [_region(0, 3, "DOCNO")]}], "DATE"),
])
def test_interop_label_studio_takes_latest_annotation(tmp_path: Path, annotations: list[Any], expected: str) -> None:
    path = _write(tmp_path / "ls.json", [_task("县政府办公室", annotations, [{"result": [_region(0, 2, "AGENCY")]}])])
    assert [s.label for s in import_label_studio(path)[0].spans] == [expected]


@pytest.mark.parametrize("score", [0.73])
def test_interop_label_studio_falls_back_to_predictions(tmp_path: Path, score: float) -> None:
    prediction = {"model_version": "m", "result": [_region(0, 3, "AGENCY", "县政府", score=score),
                                                  {"id": "t", "type": "textarea", "value": {"text": ["x"]}}]}
    path = _write(tmp_path / "ls.json", [_task("县政府办公室", [], [prediction])])
    assert import_label_studio(path)[0].spans == (Span(0, 3, "AGENCY", "县政府", score),)


@pytest.mark.parametrize("task,message", [
    ({"data": {"txt": "x"}}, "task 1"),
    (_task("县政府", [{"result": [{"type": "labels", "value": {"start": 0, "end": 1, "labels": ["A", "B"]}}]}]),
     "exactly one label"),
])
def test_interop_label_studio_bad_task_names_the_task(tmp_path: Path, task: dict[str, Any], message: str) -> None:
    path = _write(tmp_path / "ls.json", [task])
    with pytest.raises(InteropError, match=message):
        import_label_studio(path)


@pytest.mark.parametrize("tag", ["Labels"])
def test_interop_label_studio_config_lists_every_label(tag: str) -> None:
    root = ET.fromstring(LABEL_STUDIO_CONFIG)
    labels = root.find(tag)
    assert labels is not None and labels.get("name") == "label" and labels.get("toName") == "text"
    assert tuple(label.get("value") for label in labels) == LABELS
    text = root.find("Text")
    assert text is not None and text.get("name") == "text" and text.get("value") == "$text"


# --- doccano specifics ----------------------------------------------------------------

@pytest.mark.parametrize("line,doc_id,spans", [
    # doccano 1.x export: its own numeric id, our keys flattened to the top level
    ({"id": 12, "text": "县政府办公室", "label": [[0, 3, "AGENCY"]], "source": "a.txt", "format": "2021"},
     "12", (Span(0, 3, "AGENCY", "县政府"),)),
    # the relation-aware export: "entities"
    ({"id": 3, "doc_id": "r1", "text": "县政府办公室",
      "entities": [{"id": 1, "label": "AGENCY", "start_offset": 0, "end_offset": 6}]},
     "r1", (Span(0, 6, "AGENCY", "县政府办公室"),)),
])
def test_interop_doccano_reads_doccano_exports(tmp_path: Path, line: dict[str, Any], doc_id: str,
                                               spans: tuple[Span, ...]) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    doc = import_doccano(path)[0]
    assert (doc.id, doc.spans) == (doc_id, spans)
    assert doc.source == line.get("source", "")


@pytest.mark.parametrize("line,message", [("{", ":1: invalid JSON"),
                                          ('{"text": "x", "label": [[0, 1]]}', r"\[start, end, label\]")])
def test_interop_doccano_bad_line_names_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InteropError, match=message):
        import_doccano(path)


@pytest.mark.parametrize("tool,export,load", ROUND_TRIPS, ids=[t[0] for t in ROUND_TRIPS])
def test_interop_text_edited_in_the_tool_is_flagged(tmp_path: Path, tool: str, export: Callable[..., Any],
                                                    load: Callable[[Path], list[AnnotatedDocument]]) -> None:
    doc = load_file(FIXTURES / "fixture_pre2019.json")[0]
    export([doc], tmp_path / "out")
    content = (tmp_path / "out").read_text(encoding="utf-8").replace("要求，现将", "要求，现将本")
    (tmp_path / "out").write_text(content, encoding="utf-8")
    imported = load(tmp_path / "out")[0]
    assert "text_sha256" in {p.kind for p in validate(imported)}


# --- pre-annotation -------------------------------------------------------------------

class _FakeTagger:
    """Tags every 县政府 as AGENCY and every 2018年1月1日 as DATE, in reverse order."""

    name = "fake-tagger-1"

    def tag(self, doc: Document) -> list[Span]:
        spans = []
        for needle, label, score in (("县政府", "AGENCY", 0.9), ("2018年1月1日", "DATE", 0.5)):
            at = doc.text.find(needle)
            while at >= 0:
                spans.append(Span(at, at + len(needle), label, needle, score))
                at = doc.text.find(needle, at + 1)
        return spans[::-1]


@pytest.mark.parametrize("text", ["县政府于2018年1月1日公开，县政府办公室。"])
def test_interop_preannotate_tags_and_exports_predictions(tmp_path: Path, text: str) -> None:
    docs = preannotate([Document(id="r1", source="in/r1.txt", text=text)], _FakeTagger())
    doc = docs[0]
    assert [(s.start, s.label, s.score) for s in doc.spans] == [(0, "AGENCY", 0.9), (4, "DATE", 0.5),
                                                                (16, "AGENCY", 0.9)]
    assert (doc.id, doc.source, doc.record, doc.format) == ("r1", "in/r1.txt", {}, "unknown")
    assert doc.notes == ("pre-annotated by fake-tagger-1",)
    export_label_studio(docs, tmp_path / "ls.json", as_predictions=True, model_version="fake-tagger-1")
    task = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))[0]
    assert task["annotations"] == []
    prediction = task["predictions"][0]
    assert prediction["model_version"] == "fake-tagger-1"
    assert prediction["score"] == pytest.approx((0.9 + 0.5 + 0.9) / 3, abs=1e-4)
    assert [r["score"] for r in prediction["result"] if r["type"] == "labels"] == [0.9, 0.5, 0.9]
    assert [r["value"] for r in prediction["result"] if r["type"] == "choices"] == [{"choices": ["unknown"]}]
    assert import_label_studio(tmp_path / "ls.json") == docs
    export_doccano(docs, tmp_path / "d.jsonl")
    line = json.loads((tmp_path / "d.jsonl").read_text(encoding="utf-8"))
    assert line["label"] == [[0, 3, "AGENCY"], [4, 13, "DATE"], [16, 19, "AGENCY"]]


# --- record filling -------------------------------------------------------------------

def _fake_build_record(doc: Document, spans: list[Span], model: str = "") -> ReportRecord:
    agency = next((s.text for s in spans if s.label == "AGENCY"), None)
    return ReportRecord(source=doc.source, agency=agency, format="pre2019", model="assembler",
                        statistics={"request.received": Statistic(3, "件", confidence=0.8)},
                        spans=tuple(spans), text_sha256="abc")


@pytest.mark.parametrize("text", ["县政府办公室收到申请3件"])
def test_interop_fill_records_fills_only_empty_records(text: str) -> None:
    empty = AnnotatedDocument(id="a", text=text, spans=(Span(0, 3, "AGENCY", "县政府"),))
    kept = replace(empty, id="b", record={"agency": "县政府办公室"})
    docs, filled = fill_records([empty, kept], _fake_build_record)
    assert filled == 1
    assert docs[1] == kept
    record = docs[0].record
    assert record["agency"] == "县政府" and docs[0].format == "pre2019"
    assert record["statistics"] == {"request.received": {"value": 3, "unit": "件", "approximate": False,
                                                         "evidence": {}}}
    assert not {"spans", "text_sha256", "model", "source"} & set(record)
    assert docs[0].notes == (FILLED_RECORD_NOTE,)
    assert [p.kind for p in validate(docs[0])] == ["unchecked_record"]
