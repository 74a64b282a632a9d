"""Tests of gik_nlp.corpus.format (the lead's module; these cover what the corpus tools rely on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gik_nlp.corpus.format import AnnotatedDocument, load_file, save_document, save_jsonl
from gik_nlp.types import Span


@pytest.mark.parametrize("text", ["第一行\u2028仍是第一行\n第二行", "a\u2029b\x85c"])
def test_format_jsonl_keeps_unicode_line_separators(tmp_path: Path, text: str) -> None:
    docs = [AnnotatedDocument(id="a", text=text, spans=(Span(0, 2, "AGENCY", text[:2]),)),
            AnnotatedDocument(id="b", text=text)]
    save_jsonl(docs, tmp_path / "docs.jsonl")
    assert load_file(tmp_path / "docs.jsonl") == docs


@pytest.mark.parametrize("notes", [(), ("two candidate totals: chose the table's",)])
def test_format_pretty_json_round_trip(tmp_path: Path, notes: tuple[str, ...]) -> None:
    doc = AnnotatedDocument(id="x", text="县政府\n", spans=(Span(0, 3, "AGENCY", "县政府"),),
                            record={"year": 2018}, source="x.txt", format="pre2019", split="dev", notes=notes)
    save_document(doc, tmp_path / "x.json")
    assert load_file(tmp_path / "x.json") == [doc]
