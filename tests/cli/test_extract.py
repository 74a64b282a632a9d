"""`gik extract` end to end with the shipped model: records match gold, bad files never stop a
batch, and an interrupted run resumed gives the same output as an uninterrupted one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gik_nlp.cli import main
from gik_nlp.corpus.format import load_corpus

SEED = "001_7960c88a20672298"


@pytest.fixture(scope="module")
def model_dir(repo_root: Path) -> Path:
    path = repo_root / "models" / "default"
    if not (path / "meta.json").exists():
        pytest.skip("models/default is not trained (make model)")
    return path


@pytest.fixture(scope="module")
def seed_docs(corpus_dir: Path) -> dict:
    return {d.id: d for d in load_corpus(corpus_dir / "real")}


def _write_seed(seed_docs: dict, doc_id: str, folder: Path, encoding: str = "utf-8") -> Path:
    path = folder / f"{doc_id}.txt"
    path.write_bytes(seed_docs[doc_id].text.encode(encoding))
    return path


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("doc_id", [SEED])
def test_extract_seed_record_matches_gold(tmp_path, capsys, model_dir, seed_docs, doc_id) -> None:
    path = _write_seed(seed_docs, doc_id, tmp_path)
    assert main(["extract", str(path), "--model", str(model_dir)]) == 0
    record = json.loads(capsys.readouterr().out)
    gold = seed_docs[doc_id].record
    for key in ("agency", "year", "published", "period"):
        assert record[key] == gold[key], key
    assert record["doc_number"]["normalized"] == gold["doc_number"]["normalized"]
    got = {k: v["value"] for k, v in record["statistics"].items()}
    want = {k: v["value"] for k, v in gold["statistics"].items()}
    assert {k: got.get(k) for k in want} == want


def test_extract_batch_survives_bad_files(tmp_path, model_dir, seed_docs) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write_seed(seed_docs, SEED, inputs)
    _write_seed(seed_docs, "003_0771e97be29a5800", inputs, encoding="gbk")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(inputs), "-o", str(out), "--model", str(model_dir), "--no-progress"])
    assert code == 1
    records = _records(out)
    assert sorted(r["agency"] for r in records) == ["江城镇", "西吉县人民政府"]
    errors = _records(out.with_name("out.jsonl.errors.jsonl"))
    assert sorted((Path(e["file"]).name, e["kind"]) for e in errors) == [("broken.pdf", "corrupt"),
                                                                           ("empty.txt", "empty")]


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_extract_resume_equals_uninterrupted(tmp_path, model_dir, seed_docs, output_format) -> None:
    files = [_write_seed(seed_docs, doc_id, tmp_path) for doc_id in sorted(seed_docs)[:3]]
    full = tmp_path / f"full.{output_format}"
    assert main(["extract", *map(str, files), "-o", str(full), "--model", str(model_dir), "--no-progress"]) == 0
    partial = tmp_path / f"partial.{output_format}"
    assert main(["extract", *map(str, files[:2]), "-o", str(partial), "--model", str(model_dir),
                 "--no-progress"]) == 0
    data = partial.read_bytes()
    partial.write_bytes(data[: len(data) - 40])  # killed while writing the second record
    assert main(["extract", *map(str, files), "-o", str(partial), "--model", str(model_dir), "--resume",
                 "--no-progress"]) == 0
    assert partial.read_bytes() != data[: len(data) - 40]
    if output_format == "jsonl":
        assert _records(partial) == _records(full)
    else:
        assert sorted(partial.read_text(encoding="utf-8-sig").splitlines()) == sorted(
            full.read_text(encoding="utf-8-sig").splitlines())
