"""Tests of `gik corpus` and `gik preannotate` (gik_nlp.cli.corpus, gik_nlp.cli.preannotate)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from gik_nlp.cli import corpus as corpus_cli
from gik_nlp.cli import main
from gik_nlp.cli import preannotate as preannotate_cli
from gik_nlp.corpus.format import load_corpus, load_file, save_document
from gik_nlp.corpus.validate import FILLED_RECORD_NOTE
from gik_nlp.types import Document, ReportRecord, Span, Statistic

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def _broken_copy(folder: Path) -> Path:
    shutil.copytree(FIXTURES, folder)
    doc = load_file(folder / "fixture_pre2019.json")[0]
    spans = [replace(s, start=s.start + 1, end=s.end + 1) if s.text == "某政办〔2019〕15号" else s
             for s in doc.spans]
    record = dict(doc.record, statistics=dict(doc.record["statistics"]))
    record["statistics"]["proactive.totl"] = record["statistics"].pop("proactive.total")
    save_document(replace(doc, spans=tuple(spans), record=record), folder / "fixture_pre2019.json")
    return folder


@pytest.mark.parametrize("args", [[str(FIXTURES)], [str(FIXTURES / "fixture_pre2019.json"),
                                                    str(FIXTURES / "fixture_2021.jsonl")]])
def test_cli_corpus_check_passes_good_corpus(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(["corpus", "check", *args]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["2 documents; spans: AGENCY 3, DATE 4, DOCNO 2, STAT_NAME 8, STAT_VALUE 8; 0 problems"]


@pytest.mark.parametrize("kinds", [("span_text", "field_id")])
def test_cli_corpus_check_lists_problems_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   kinds: tuple[str, ...]) -> None:
    folder = _broken_copy(tmp_path / "corpus")
    assert main(["corpus", "check", str(folder)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    where = str(folder / "fixture_pre2019.json")
    assert [line.split(": ")[:3] for line in lines[:-1]] == [[where, "fixture_pre2019", kind] for kind in kinds]
    assert lines[-1].endswith("2 problems (field_id 1, span_text 1)")


@pytest.mark.parametrize("flag", [[], ["--documents"]])
def test_cli_corpus_stats_counts(capsys: pytest.CaptureFixture[str], flag: list[str]) -> None:
    assert main(["corpus", "stats", str(FIXTURES), *flag]) == 0
    out = capsys.readouterr().out
    assert "documents: 2" in out
    assert "by origin: real 1, synthetic 1" in out
    assert "by split: dev 1, train 1" in out
    assert "STAT_VALUE        8" in out
    assert "statistics per document: mean 5.0, min 3, max 7, total 10" in out
    assert ("fixture_pre2019\treal\tpre2019\ttrain" in out) == bool(flag)


@pytest.mark.parametrize("tool,suffix", [("doccano", "jsonl"), ("label-studio", "json")])
def test_cli_corpus_export_then_import_gives_the_corpus_back(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             tool: str, suffix: str) -> None:
    exported = tmp_path / f"export.{suffix}"
    assert main(["corpus", "export", "--to", tool, "-o", str(exported), str(FIXTURES)]) == 0
    assert main(["corpus", "import", str(exported), "--format", tool, "--out", str(tmp_path / "real")]) == 0
    assert "wrote 2 documents" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["fixture_2021.json", "fixture_pre2019.json"]
    assert load_corpus(tmp_path / "real") == load_corpus(FIXTURES)


@pytest.mark.parametrize("tool", ["doccano", "label-studio"])
def test_cli_corpus_import_reports_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str], tool: str) -> None:
    exported = tmp_path / "export"
    main(["corpus", "export", "--to", tool, "-o", str(exported), str(_broken_copy(tmp_path / "corpus"))])
    assert main(["corpus", "import", str(exported), "--format", tool, "--out", str(tmp_path / "real")]) == 1
    out = capsys.readouterr().out
    # doccano keeps no span text, so only the Label Studio export still shows the shifted span
    assert f"{tmp_path / 'real' / 'fixture_pre2019.json'}: fixture_pre2019: field_id:" in out
    assert (": fixture_pre2019: span_text:" in out) == (tool == "label-studio")


@pytest.mark.parametrize("split", ["train", "dev", "test"])
def test_cli_corpus_import_split_puts_every_document_there(tmp_path: Path, split: str) -> None:
    exported = tmp_path / "export.json"
    assert main(["corpus", "export", "--to", "label-studio", "-o", str(exported), str(FIXTURES)]) == 0
    # the fixtures are one train and one dev document: --split overrides both
    assert sorted(d.split for d in load_corpus(FIXTURES)) == ["dev", "train"]
    assert main(["corpus", "import", str(exported), "--format", "label-studio", "--out", str(tmp_path / "real"),
                 "--split", split]) == 0
    assert [d.split for d in load_corpus(tmp_path / "real")] == [split, split]


def test_cli_corpus_import_split_rejects_other_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _tasks_without_records(tmp_path / "ls.json")
    with pytest.raises(SystemExit):
        main(["corpus", "import", str(path), "--format", "label-studio", "--out", str(tmp_path / "o"),
              "--split", "training"])
    assert "invalid choice: 'training'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("content", ["not json", '[{"data": {}}]'])
def test_cli_corpus_import_bad_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["corpus", "import", str(path), "--format", "label-studio", "--out", str(tmp_path / "o")]) == 2
    assert str(path) in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def _tasks_without_records(path: Path) -> Path:
    tasks = [{"data": {"text": "县政府办公室收到申请3件", "id": "new1", "source": "new1.txt"},
              "annotations": [{"result": [{"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
                                           "value": {"start": 0, "end": 6, "text": "县政府办公室",
                                                     "labels": ["AGENCY"]}}]}]}]
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def _fake_build_record(doc: Document, spans: list[Span], model: str = "") -> ReportRecord:
    return ReportRecord(source=doc.source, agency=spans[0].text, format="pre2019",
                        statistics={"request.received": Statistic(3, "件", confidence=0.7)})


@pytest.mark.parametrize("tool", ["label-studio"])
def test_cli_corpus_import_fill_records_marks_them(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch, tool: str) -> None:
    monkeypatch.setattr(corpus_cli, "_load_build_record", lambda: _fake_build_record)
    path = _tasks_without_records(tmp_path / "ls.json")
    assert main(["corpus", "import", str(path), "--format", tool, "--out", str(tmp_path / "real"),
                 "--fill-records"]) == 0
    out = capsys.readouterr().out
    assert "filled the record of 1 documents" in out and "unchecked_record" in out
    doc = load_file(tmp_path / "real" / "new1.json")[0]
    assert doc.record["agency"] == "县政府办公室" and doc.format == "pre2019"
    assert doc.notes == (FILLED_RECORD_NOTE,)


@pytest.mark.parametrize("tool", ["label-studio"])
def test_cli_corpus_import_fill_records_without_assembler_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tool: str) -> None:
    def unavailable() -> None:
        raise ImportError("cannot import name 'build_record'")

    monkeypatch.setattr(corpus_cli, "_load_build_record", unavailable)
    path = _tasks_without_records(tmp_path / "ls.json")
    assert main(["corpus", "import", str(path), "--format", tool, "--out", str(tmp_path / "real"),
                 "--fill-records"]) == 2
    assert "--fill-records needs the record assembler" in capsys.readouterr().err
    assert not (tmp_path / "real").exists()


@pytest.mark.parametrize("doc_id,name", [("000_abc", "000_abc.json"), ("../x/y", "_x_y.json"), ("", "document.json")])
def test_cli_corpus_file_name_stays_in_the_folder(doc_id: str, name: str) -> None:
    assert corpus_cli._file_name(doc_id) == name


# --- gik preannotate ------------------------------------------------------------------

class _FakeTagger:
    name = "fake-tagger-2"

    def tag(self, doc: Document) -> list[Span]:
        at = doc.text.find("县政府")
        return [Span(at, at + 3, "AGENCY", "县政府", 0.8)] if at >= 0 else []


@pytest.mark.parametrize("tool", ["label-studio", "doccano"])
def test_cli_preannotate_writes_tasks_and_skips_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch, tool: str) -> None:
    monkeypatch.setattr(preannotate_cli, "_load_tagger", lambda model_dir: _FakeTagger())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("某某县政府2018年政府信息公开工作年度报告\n", encoding="utf-8")
    (tmp_path / "in" / "b.pdf").write_bytes(b"not a pdf at all")
    out = tmp_path / "tasks.json"
    assert main(["preannotate", str(tmp_path / "in"), "--to", tool, "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "b.pdf" in captured.err and "a.txt" not in captured.err
    assert "wrote 1 documents (1 spans)" in captured.out
    if tool == "label-studio":
        task = json.loads(out.read_text(encoding="utf-8"))[0]
        assert task["annotations"] == []
        assert task["predictions"][0]["model_version"] == "fake-tagger-2"
        assert task["predictions"][0]["result"][0]["score"] == 0.8
        assert task["predictions"][0]["result"][0]["value"]["labels"] == ["AGENCY"]
    else:
        line = json.loads(out.read_text(encoding="utf-8"))
        assert line["label"] == [[2, 5, "AGENCY"]]
        assert line["meta"]["notes"] == ["pre-annotated by fake-tagger-2", "record filled by the assembler: check it"]


def test_cli_preannotate_assembles_through_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # gik preannotate builds its records with pipeline.assemble_tagged (as gik extract does), not a copy of it
    from gik_nlp import pipeline

    calls = []

    def spy(doc: Document, spans: list[Span], tagger: object) -> ReportRecord:
        calls.append((doc.text, [(s.start, s.end, s.label) for s in spans], tagger))
        return ReportRecord(source=doc.source, agency="间谍县人民政府", format="2021")

    tagger = _FakeTagger()
    monkeypatch.setattr(preannotate_cli, "_load_tagger", lambda model_dir: tagger)
    monkeypatch.setattr(pipeline, "assemble_tagged", spy)
    (tmp_path / "a.txt").write_text("某某县政府2018年报告\n", encoding="utf-8")
    out = tmp_path / "tasks.jsonl"
    assert main(["preannotate", str(tmp_path / "a.txt"), "--to", "doccano", "-o", str(out), "--no-progress"]) == 0
    assert calls == [("某某县政府2018年报告\n", [(2, 5, "AGENCY")], tagger)]
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["meta"]["record"]["agency"] == "间谍县人民政府"
    assert line["meta"]["format"] == "2021"


@pytest.mark.parametrize("model", ["no_such_model"])
def test_cli_preannotate_missing_model_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], model: str) -> None:
    (tmp_path / "a.txt").write_text("县政府\n", encoding="utf-8")
    code = main(["preannotate", str(tmp_path / "a.txt"), "--to", "doccano", "-o", str(tmp_path / "o.jsonl"),
                 "--model", str(tmp_path / model)])
    assert code == 2
    assert capsys.readouterr().err.startswith(f"gik preannotate: {tmp_path / model}: cannot load the model (")
    assert not (tmp_path / "o.jsonl").exists()
