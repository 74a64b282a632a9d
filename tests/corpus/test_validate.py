"""Tests of gik_nlp.corpus.validate: each check catches its problem, a good corpus passes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from gik_nlp.corpus.format import AnnotatedDocument, load_corpus, load_file, save_document, save_jsonl
from gik_nlp.corpus.validate import (
    FILLED_RECORD_NOTE,
    KINDS,
    Problem,
    check_corpus,
    corpus_stats,
    numbers_in,
    parse_chinese_number,
    states_value,
    validate,
)
from gik_nlp.types import Span

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
PRE2019 = FIXTURES / "fixture_pre2019.json"


def _pre2019() -> AnnotatedDocument:
    return load_file(PRE2019)[0]


def _span(doc: AnnotatedDocument, text: str, label: str) -> Span:
    return next(s for s in doc.spans if s.text == text and s.label == label)


def _with_spans(doc: AnnotatedDocument, spans: list[Span]) -> AnnotatedDocument:
    return replace(doc, spans=tuple(spans))


def _with_record(doc: AnnotatedDocument, change: Callable[[dict[str, Any]], None]) -> AnnotatedDocument:
    record = copy.deepcopy(doc.record)
    change(record)
    return replace(doc, record=record)


def _shift(doc: AnnotatedDocument, text: str, label: str, by: int) -> AnnotatedDocument:
    old = _span(doc, text, label)
    moved = replace(old, start=old.start + by, end=old.end + by)
    return _with_spans(doc, [moved if s == old else s for s in doc.spans])


def _add_span(doc: AnnotatedDocument, start: int, end: int, label: str) -> AnnotatedDocument:
    return _with_spans(doc, [*doc.spans, Span(start, end, label, doc.text[start:end])])


def _find(doc: AnnotatedDocument, needle: str) -> int:
    return doc.text.index(needle)


def _overlap(doc: AnnotatedDocument) -> AnnotatedDocument:
    start = _find(doc, "某政办发〔2019〕3号")
    return _add_span(doc, start + 2, start + 8, "DATE")


def _relabel(doc: AnnotatedDocument) -> AnnotatedDocument:
    old = _span(doc, "某政办〔2019〕15号", "DOCNO")
    return _with_spans(doc, [replace(s, label="DOC_NUMBER") if s == old else s for s in doc.spans])


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(record: dict[str, Any]) -> None:
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _rename_field(record: dict[str, Any]) -> None:
    record["statistics"]["proactive.totl"] = record["statistics"].pop("proactive.total")


def _evidence_of(field_id: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return _set(("statistics", field_id, "evidence", key), value)


def _drop_evidence(field_id: str) -> Callable[[dict[str, Any]], None]:
    return _set(("statistics", field_id, "evidence"), {})


# (what is broken, how, the problem kinds that must be reported, exactly)
BROKEN: list[tuple[str, Callable[[AnnotatedDocument], AnnotatedDocument], set[str]]] = [
    ("shifted offset", lambda d: _shift(d, "某政办〔2019〕15号", "DOCNO", 1), {"span_text"}),
    ("overlapping span", _overlap, {"overlap"}),
    ("unknown label", _relabel, {"label"}),
    ("unknown field id", lambda d: _with_record(d, _rename_field), {"field_id"}),
    ("wrong value", lambda d: _with_record(d, _set(("statistics", "proactive.total", "value"), 1581)),
     {"value_mismatch"}),
    ("wrong approximate value", lambda d: _with_record(d, _set(("statistics", "request.received", "value"), 300)),
     {"value_mismatch"}),
    ("offset past the end", lambda d: _add_span(d, len(d.text) - 1, len(d.text) + 3, "DATE"), {"offset"}),
    ("empty span", lambda d: _with_spans(d, [*d.spans, Span(5, 5, "DATE", "")]), {"offset"}),
    ("span over a line break", lambda d: _add_span(d, _find(d, "情况\n全年") + 1, _find(d, "情况\n全年") + 4,
                                                   "AGENCY"), {"line_break"}),
    ("span with trailing space", lambda d: _add_span(d, _find(d, "\t1580") - 3, _find(d, "\t1580") + 1,
                                                     "AGENCY"), {"whitespace", "line_break"}),
    ("unknown record key", lambda d: _with_record(d, _set(("region",), "某某县")), {"record_key"}),
    ("unknown format", lambda d: replace(d, format="2018"), {"format"}),
    ("record format differs", lambda d: _with_record(d, _set(("format",), "2021")), {"format"}),
    ("unknown split", lambda d: replace(d, split="validation"), {"split"}),
    ("unknown origin", lambda d: replace(d, origin="scraped"), {"origin"}),
    ("empty id", lambda d: replace(d, id=" "), {"id"}),
    ("value not a number", lambda d: _with_record(d, _set(("statistics", "org.funding", "value"), "2.5")),
     {"statistic"}),
    ("approximate not a bool", lambda d: _with_record(d, _set(("statistics", "org.funding", "approximate"), "no")),
     {"statistic"}),
    ("evidence out of range", lambda d: _with_record(d, _evidence_of("proactive.total", "value", [10, 99999])),
     {"evidence"}),
    ("evidence not a pair", lambda d: _with_record(d, _evidence_of("proactive.total", "name", [3])),
     {"evidence"}),
    ("unknown evidence key", lambda d: _with_record(d, _evidence_of("proactive.total", "cell", [1, 2])),
     {"evidence"}),
    ("name evidence on a value span", lambda d: _with_record(
        d, _evidence_of("proactive.total", "name", d.record["statistics"]["proactive.total"]["evidence"]["value"])),
     {"evidence_label"}),
    ("value evidence on no span", lambda d: _with_record(d, _evidence_of("proactive.total", "value", [0, 2])),
     {"evidence_label"}),
    ("value without evidence, not in text", lambda d: _with_record(d, lambda r: (
        _drop_evidence("request.on_time")(r), _set(("statistics", "request.on_time", "value"), 29)(r))),
     {"value_not_in_text"}),
    ("zero without sentence evidence", lambda d: _with_record(d, _drop_evidence("review.total")),
     {"value_not_in_text"}),
    ("doc_number not in text", lambda d: _with_record(d, _set(("doc_number", "text"), "某政办发〔2019〕4号")),
     {"doc_number"}),
    ("doc_number missing a key", lambda d: _with_record(d, lambda r: r["doc_number"].pop("serial")),
     {"doc_number"}),
    ("cited year not an int", lambda d: _with_record(d, _set(("cited_documents", 0, "year"), "2019")),
     {"doc_number"}),
    ("published not a date", lambda d: _with_record(d, _set(("published",), "2019-02-30")), {"date"}),
    ("published not ISO", lambda d: _with_record(d, _set(("published",), "2019年1月20日")), {"date"}),
    ("period reversed", lambda d: _with_record(d, _set(("period",), {"start": "2018-12-31", "end": "2018-01-01"})),
     {"date"}),
    ("year not an int", lambda d: _with_record(d, _set(("year",), "2018")), {"record_value"}),
    ("other statistic with a wrong value", lambda d: _with_record(d, _set(("other_statistics",), [
        {"name": "按时办结", "value": 27, "unit": "件",
         "evidence": d.record["statistics"]["request.on_time"]["evidence"]}])), {"value_mismatch"}),
    ("filled record not checked", lambda d: replace(d, notes=d.notes + (FILLED_RECORD_NOTE,)),
     {"unchecked_record"}),
]


@pytest.mark.parametrize("path", [FIXTURES])
def test_validate_fixture_corpus_passes(path: Path) -> None:
    docs, problems = check_corpus(path)
    assert [d.id for d in docs] == ["fixture_2021", "fixture_pre2019"]
    assert problems == []


@pytest.mark.parametrize("name,breaks,kinds", BROKEN, ids=[b[0] for b in BROKEN])
def test_validate_broken_copy_fails_with_its_kind(tmp_path: Path, name: str,
                                                  breaks: Callable[[AnnotatedDocument], AnnotatedDocument],
                                                  kinds: set[str]) -> None:
    broken = breaks(_pre2019())
    save_document(broken, tmp_path / "broken.json")
    docs, problems = check_corpus(tmp_path)
    assert len(docs) == 1
    assert {p.kind for p in problems} == kinds, [str(p) for p in problems]
    assert all(p.kind in KINDS and p.where == str(tmp_path / "broken.json") for p in problems)


@pytest.mark.parametrize("stored", ["0" * 64])
def test_validate_text_sha256_mismatch_is_a_problem(tmp_path: Path, stored: str) -> None:
    data = _pre2019().to_dict()
    data["text_sha256"] = stored
    (tmp_path / "edited.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _, problems = check_corpus(tmp_path)
    assert [p.kind for p in problems] == ["text_sha256"]


@pytest.mark.parametrize("value", [0])
def test_validate_zero_by_negation_needs_only_a_sentence(value: int) -> None:
    doc = _pre2019()
    assert doc.record["statistics"]["review.total"]["value"] == value
    assert "value" not in doc.record["statistics"]["review.total"]["evidence"]
    assert validate(doc) == []


@pytest.mark.parametrize("field_id,value,ok", [("proactive.total", 1580, True), ("org.funding", 2.5, True),
                                                ("request.on_time", 28, True), ("request.on_time", 29, False)])
def test_validate_value_without_evidence_must_be_printed(field_id: str, value: float, ok: bool) -> None:
    doc = _with_record(_pre2019(), lambda r: r["statistics"].update(
        {field_id: {"value": value, "unit": "件", "approximate": False}}))
    assert (validate(doc) == []) == ok


@pytest.mark.parametrize("cells_value,ok", [(12, True), (13, False)])
def test_validate_derived_value_is_the_sum_of_its_cells(cells_value: int, ok: bool) -> None:
    doc = load_file(FIXTURES / "fixture_2021.jsonl")[0]
    doc = _with_record(doc, _set(("statistics", "request.received", "value"), cells_value))
    assert ([p.kind for p in validate(doc)] == []) == ok


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"text": "no id"}'])
def test_validate_check_corpus_reports_unreadable_file_and_goes_on(tmp_path: Path, content: str) -> None:
    (tmp_path / "a_bad.json").write_text(content, encoding="utf-8")
    save_document(_pre2019(), tmp_path / "b_good.json")
    docs, problems = check_corpus(tmp_path)
    assert [d.id for d in docs] == ["fixture_pre2019"]
    assert [(p.where, p.doc_id, p.kind) for p in problems] == [(str(tmp_path / "a_bad.json"), "", "unreadable")]


@pytest.mark.parametrize("bad_line", ["{oops", '"a string"'])
def test_validate_check_corpus_keeps_good_lines_of_a_jsonl(tmp_path: Path, bad_line: str) -> None:
    good = _pre2019()
    path = tmp_path / "docs.jsonl"
    save_jsonl([good, replace(good, id="second")], path)
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([lines[0], bad_line, lines[1]]) + "\n", encoding="utf-8")
    docs, problems = check_corpus(path)
    assert [d.id for d in docs] == ["fixture_pre2019", "second"]
    assert [(p.where, p.kind) for p in problems] == [(f"{path}:2", "unreadable")]


@pytest.mark.parametrize("names", [("a.json", "b.json")])
def test_validate_check_corpus_reports_duplicate_ids(tmp_path: Path, names: tuple[str, str]) -> None:
    for name in names:
        save_document(_pre2019(), tmp_path / name)
    docs, problems = check_corpus(tmp_path)
    assert len(docs) == 2
    assert [(p.where, p.kind) for p in problems] == [(str(tmp_path / names[1]), "duplicate_id")]
    assert str(tmp_path / names[0]) in problems[0].message


@pytest.mark.parametrize("missing", ["no_such_folder"])
def test_validate_check_corpus_missing_root_is_a_problem(tmp_path: Path, missing: str) -> None:
    docs, problems = check_corpus(tmp_path / missing)
    assert docs == [] and [p.kind for p in problems] == ["unreadable"]


@pytest.mark.parametrize("problem,line", [(Problem("corpus/real/a.json", "a", "overlap", "m"),
                                           "corpus/real/a.json: a: overlap: m")])
def test_validate_problem_reads_as_one_line(problem: Problem, line: str) -> None:
    assert str(problem) == line


@pytest.mark.parametrize("text,value", [("三千二百", 3200), ("十二", 12), ("一百零五", 105), ("两千", 2000),
                                        ("二十三万四千", 234000), ("二〇一〇", 2010), ("十", 10), ("万", None),
                                        ("三x", None)])
def test_validate_parse_chinese_number(text: str, value: int | None) -> None:
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize("text,numbers", [("7,254条", [7254.0]), ("123.45万元", [123.45]), ("无", []),
                                          ("共5类20项", [5.0, 20.0])])
def test_validate_numbers_in(text: str, numbers: list[float]) -> None:
    assert numbers_in(text) == numbers


@pytest.mark.parametrize("text,value,ok", [("200余条", 200, True), ("1,250条", 1250, True), ("三百二十条", 320, True),
                                           ("2.5", 2.5, True), ("98%", 98, True), ("300人（次）", 300, True),
                                           ("1,250条", 125, False), ("2.5", 25, False), ("0", 0, True)])
def test_validate_states_value(text: str, value: float, ok: bool) -> None:
    assert states_value(text, value) is ok


@pytest.mark.parametrize("path", [FIXTURES])
def test_validate_corpus_stats_counts(path: Path) -> None:
    stats = corpus_stats(load_corpus(path))
    assert stats.documents == 2
    assert stats.by_origin == {"real": 1, "synthetic": 1}
    assert stats.by_format == {"2021": 1, "pre2019": 1}
    assert stats.spans == {"AGENCY": 3, "DATE": 4, "DOCNO": 2, "STAT_NAME": 8, "STAT_VALUE": 8}
    assert stats.statistics == {"fixture_2021": 3, "fixture_pre2019": 7}
    assert stats.unused_values == 0
    assert stats.spans_per_1000_chars()["DOCNO"] == pytest.approx(2000 / stats.characters)


def test_validate_real_corpus_passes(corpus_dir: Path) -> None:
    real = corpus_dir / "real"
    if not real.is_dir() or not any(p.suffix in (".json", ".jsonl") for p in real.rglob("*")):
        pytest.skip("corpus/real holds no documents yet")
    docs, problems = check_corpus(real)
    assert docs
    assert problems == [], "\n".join(str(p) for p in problems)
