"""Texts by reference (gik_nlp.corpus.texts): resolved, skipped when missing, refused when altered."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from gik_nlp.cli import main
from gik_nlp.corpus.drafts import build_drafts
from gik_nlp.corpus.format import load_corpus
from gik_nlp.corpus.texts import TextAltered, TextRoots
from gik_nlp.corpus.validate import check_corpus

# Normalisation leaves this text as it is, so the raw file and the annotated text are one string.
TEXT = "某镇人民政府2019年政府信息公开工作年度报告\n发布日期：2020年1月10日\n本年度主动公开政府信息12条。"


def _sha(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _document(doc_id: str = "fx-r1", file: str = "r1.txt") -> dict:
    return {
        "id": doc_id, "source": f"fx/{file}", "origin": "real", "format": "2019", "split": "test",
        "text_ref": {"root": "fx", "file": file, "sha256": _sha(TEXT)}, "text_sha256": _sha(TEXT),
        "notes": [], "record": {"agency": "某镇人民政府", "year": 2019, "published": "2020-01-10"},
        "spans": [{"start": 0, "end": 6, "label": "AGENCY"}, {"start": 29, "end": 39, "label": "DATE"}],
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus" / "openings"
    folder.mkdir(parents=True)
    (folder / "fx-r1.json").write_text(json.dumps(_document(), ensure_ascii=False), encoding="utf-8")
    return tmp_path / "corpus"


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    root = tmp_path / "texts" / "fx"
    root.mkdir(parents=True)
    (root / "r1.txt").write_text(TEXT, encoding="utf-8")
    return root


def test_texts_resolved_spans_filled(corpus: Path, texts: Path) -> None:
    (doc,) = load_corpus(corpus, TextRoots.parse([f"fx={texts}"]))
    assert doc.text == TEXT
    assert [(s.label, s.text) for s in doc.spans] == [("AGENCY", "某镇人民政府"), ("DATE", "2020年1月10日")]
    assert doc.split == "test"
    stored = doc.to_dict()
    assert "text" not in stored and stored["text_ref"]["file"] == "r1.txt"
    assert all("text" not in span for span in stored["spans"])


def test_texts_parent_folder_and_environment(corpus: Path, texts: Path) -> None:
    (doc,) = load_corpus(corpus, TextRoots.parse([str(texts.parent)]))
    assert doc.text == TEXT
    roots = TextRoots.default((), environ={"GIK_TEXTS": f"fx={texts}"}, use_defaults=False)
    (doc,) = load_corpus(corpus, roots)
    assert doc.spans[0].text == "某镇人民政府"


def test_texts_missing_skipped_and_reported(corpus: Path, tmp_path: Path) -> None:
    nowhere = TextRoots.parse([f"fx={tmp_path / 'absent'}"])
    assert load_corpus(corpus, nowhere) == []  # never a crash, even when nobody asks what was skipped
    skipped: list = []
    assert load_corpus(corpus, nowhere, skipped) == []
    assert [(s.doc_id, s.file, s.looked) for s in skipped] == [("fx-r1", "fx/r1.txt", (tmp_path / "absent",))]
    docs, problems = check_corpus(corpus, nowhere, skipped := [])
    assert (docs, problems, len(skipped)) == ([], [], 1)


def test_texts_altered_refused_naming_the_file(corpus: Path, texts: Path) -> None:
    (texts / "r1.txt").write_text(TEXT.replace("12条", "13条"), encoding="utf-8")
    roots = TextRoots.parse([f"fx={texts}"])
    with pytest.raises(TextAltered, match=str(texts / "r1.txt")):
        load_corpus(corpus, roots, [])
    docs, problems = check_corpus(corpus, roots, [])
    assert docs == []
    assert [(p.doc_id, p.kind) for p in problems] == [("fx-r1", "text_sha256")]
    assert str(texts / "r1.txt") in problems[0].message


def test_texts_normalised_differently_refused(corpus: Path, texts: Path) -> None:
    # the raw file is the one annotated, but its text_sha256 is of another normalised text
    data = dict(_document(), text_sha256=_sha(TEXT + "。"))
    (corpus / "openings" / "fx-r1.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TextAltered, match="normalises to a different text than was annotated"):
        load_corpus(corpus, TextRoots.parse([f"fx={texts}"]), [])


@pytest.mark.parametrize("command", [["corpus", "check"], ["corpus", "stats"]])
def test_texts_cli_says_what_it_skipped(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        command: list[str]) -> None:
    assert main([*command, str(corpus), "--texts", f"fx={tmp_path / 'absent'}"]) == 0
    out = capsys.readouterr().out
    assert f"skipped 1 document whose text is missing (looked in {tmp_path / 'absent'}" in out


def test_texts_cli_check_refuses_altered(corpus: Path, texts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (texts / "r1.txt").write_text(TEXT + "。", encoding="utf-8")
    assert main(["corpus", "check", str(corpus), "--texts", f"fx={texts}"]) == 1
    out = capsys.readouterr().out
    assert f"text_sha256: {texts / 'r1.txt'} has changed since it was annotated" in out


def test_texts_build_drafts_by_reference(tmp_path: Path, texts: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    draft = {"id": "r1", "root": "fx", "file": "r1.txt", "format": "2019",
             "spans": [["AGENCY", "某镇人民政府", 0], ["DATE", "2020年1月10日", 0]],
             "record": {"agency": "某镇人民政府", "year": 2019, "format": "2019", "published": "2020-01-10"},
             "notes": ["hand-written fixture"]}
    (drafts / "r1.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    (drafts / "r2.json").write_text(json.dumps(dict(draft, id="r2", file="r2.txt")), encoding="utf-8")
    out = tmp_path / "built"
    result = build_drafts(drafts, out, {"fx-r1": "dev"}, TextRoots.parse([f"fx={texts}"]))
    assert [p.name for p in result.written] == ["fx-r1.json"]
    assert [s.doc_id for s in result.skipped] == ["r2"]
    stored = json.loads((out / "fx-r1.json").read_text(encoding="utf-8"))
    assert "text" not in stored and "发布日期" not in json.dumps(stored, ensure_ascii=False)
    assert stored["split"] == "dev"
    assert stored["text_ref"] == {"root": "fx", "file": "r1.txt", "sha256": _sha(TEXT)}
    assert stored["spans"] == [{"start": 0, "end": 6, "label": "AGENCY"}, {"start": 29, "end": 39, "label": "DATE"}]
    (doc,) = load_corpus(out, TextRoots.parse([f"fx={texts}"]))
    assert doc.spans[1].text == "2020年1月10日"


def test_texts_check_holds_documents_to_the_fixed_split(corpus: Path, texts: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus" / "splits").mkdir()
    (tmp_path / "corpus" / "splits" / "openings.tsv").write_text("# fixed\nfx-r1\tdev\n", encoding="utf-8")
    assert main(["corpus", "check", str(corpus), "--texts", f"fx={texts}"]) == 1
    assert "fx-r1: split: split is 'test' but corpus/splits/openings.tsv fixes 'dev'" in capsys.readouterr().out
