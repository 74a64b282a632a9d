"""Gold items from corpus files, gold record files (reports read beside them) and synthesis."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from gik_nlp.corpus.format import AnnotatedDocument, save_document, save_jsonl
from gik_nlp.evaluate.gold import (GoldItem, GoldSet, Skipped, load_gold, load_gold_records, noisy_gold_set,
                                   synthetic_gold)
from gik_nlp.types import Document, Span

REPORT = "某县人民政府2023年政府信息公开工作年度报告\n本年新收政府信息公开申请26件。\n"


def _doc(doc_id: str, split: str) -> AnnotatedDocument:
    return AnnotatedDocument(id=doc_id, text="某县人民政府", spans=(Span(0, 6, "AGENCY", "某县人民政府"),),
                             record={"agency": "某县人民政府"}, format="pre2019", split=split)


def _gold_record(tmp_path: Path, sha: str | None = None) -> Path:
    reports = tmp_path / "real"
    reports.mkdir()
    (reports / "r.txt").write_text(REPORT, encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    digest = sha or hashlib.sha256(REPORT.encode("utf-8")).hexdigest()
    (gold_dir / "r.txt.json").write_text(json.dumps({
        "file": "r.txt", "file_sha256": digest, "format": "2021",
        "record": {"agency": "某县人民政府", "statistics": {"request.received": {"value": 26}}}, "notes": []},
        ensure_ascii=False), encoding="utf-8")
    return gold_dir


@pytest.mark.parametrize("split,expected", [("test", ["c"]), ("train", ["a"]), (None, ["a", "b", "c"])])
def test_gold_load_corpus_by_split(tmp_path: Path, split: str | None, expected: list[str]) -> None:
    save_document(_doc("a", "train"), tmp_path / "corpus" / "a.json")
    save_jsonl([_doc("b", "dev"), _doc("c", "test")], tmp_path / "corpus" / "more.jsonl")
    gold = load_gold([tmp_path / "corpus"], split)
    assert [i.id for i in gold.items] == expected
    assert all(i.spans and i.record["format"] == "pre2019" for i in gold.items)
    assert gold.skipped == ()


@pytest.mark.parametrize("sha,present", [(None, True), ("0" * 64, False)])
def test_gold_records_read_their_report(tmp_path: Path, sha: str | None, present: bool) -> None:
    gold_dir = _gold_record(tmp_path, sha)
    gold = load_gold_records(gold_dir, tmp_path / "real")
    if present:
        (item,) = gold.items
        assert item.id == "r" and item.format == "2021" and item.spans is None and item.private
        assert "26件" in item.document.text
        assert item.record["format"] == "2021"
    else:
        assert gold.items == () and "has changed" in gold.skipped[0].reason
        assert gold.skipped[0].kind == "report_changed"


@pytest.mark.parametrize("reports", ["absent"])
def test_gold_records_skip_absent_report_with_reason(tmp_path: Path, reports: str) -> None:
    gold_dir = _gold_record(tmp_path)
    gold = load_gold([gold_dir], reports_dir=tmp_path / reports)
    assert gold.items == ()
    assert "not on this machine" in gold.skipped[0].reason and "r.txt.json" in gold.skipped[0].reason
    assert gold.skipped[0].kind == "report_missing"


@pytest.mark.parametrize("name", ["missing-folder"])
def test_gold_load_names_unreadable_paths(tmp_path: Path, name: str) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    gold = load_gold([tmp_path / name, tmp_path / "bad.json"])
    assert gold.items == ()
    assert [(s.id, s.kind) for s in gold.skipped] == [(str(tmp_path / name), "unreadable"), ("bad.json", "unreadable")]


@pytest.mark.parametrize("n", [3])
def test_gold_synthetic_is_deterministic(n: int) -> None:
    first, second = synthetic_gold(n, seed=5), synthetic_gold(n, seed=5)
    assert [i.id for i in first.items] == [i.id for i in second.items]
    assert all(i.spans is not None and i.origin == "synthetic" for i in first.items)


@pytest.mark.parametrize("name", ["shuyang-fgj-2023.html"])
def test_gold_shared_real_report_loads(shared_real: Path, repo_root: Path, name: str) -> None:
    gold = load_gold_records(repo_root / "eval" / "gold", shared_real)
    items = {i.id: i for i in gold.items}
    assert Path(name).stem in items, [s.reason for s in gold.skipped]
    assert items[Path(name).stem].format == "2021"


@pytest.mark.parametrize("split,refused", [("test", False), ("train", True), (None, True)])
def test_gold_reads_only_the_texts_of_the_split_it_scores(tmp_path: Path, split: str | None, refused: bool) -> None:
    """An altered text of a train document stops the scoring of the train split, not of the test split
    (which neither reads nor hashes it)."""
    from gik_nlp.corpus.texts import TextAltered, TextRoots

    text = "某镇人民政府2019年政府信息公开工作年度报告"
    (tmp_path / "texts" / "fx").mkdir(parents=True)
    (tmp_path / "texts" / "fx" / "r.txt").write_text(text + "（改）", encoding="utf-8")  # altered after annotation
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fx-r.json").write_text(json.dumps({
        "id": "fx-r", "origin": "real", "format": "2019", "split": "train", "text_sha256": sha,
        "text_ref": {"root": "fx", "file": "r.txt", "sha256": sha}, "notes": [], "record": {"agency": "某镇人民政府"},
        "spans": [{"start": 0, "end": 6, "label": "AGENCY"}]}, ensure_ascii=False), encoding="utf-8")
    save_document(_doc("c", "test"), corpus / "c.json")
    texts = TextRoots.parse([f"fx={tmp_path / 'texts' / 'fx'}"])
    if refused:
        with pytest.raises(TextAltered, match="r.txt"):
            load_gold([corpus], split, texts=texts)
    else:
        assert [i.id for i in load_gold([corpus], split, texts=texts).items] == ["c"]


def test_gold_with_noise_moves_spans_and_keeps_records_and_skips() -> None:
    text = "乙县2018年政府信息公开工作年度报告\n一、概述\n乙县主动公开信息15条。"
    spans = (Span(0, 2, "AGENCY", "乙县"), Span(text.index("15"), text.index("15") + 2, "STAT_VALUE", "15"))
    record = {"agency": "乙县", "statistics": {"proactive.total": {"value": 15}}}
    gold = GoldSet((GoldItem(Document("d1", "d1.txt", text), record, "pre2019", "real", spans),
                    GoldItem(Document("d2", "d2.txt", text), record, "pre2019", "real", None)),
                   (Skipped("d3", "text missing", "text_missing"),))
    noisy = noisy_gold_set(gold, "stray_mark")
    first, second = noisy.items
    assert first.document.text != text and first.document.text.endswith(text)
    assert [s.text for s in first.spans] == ["乙县", "15"]
    assert all(first.document.text[s.start:s.end] == s.text for s in first.spans)
    assert first.record == record and second.spans is None and noisy.skipped == gold.skipped
    with pytest.raises(ValueError, match="unknown noise"):
        noisy_gold_set(gold, "blur")
