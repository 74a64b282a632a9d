"""`gik extract` end to end with the shipped model: records match gold on reports the model never
trained on (held-out synthetic ones, and real ones with hand-written gold records in eval/gold), bad
files never stop a batch, and an interrupted run resumed gives the same output as an uninterrupted one."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pytest

from gik_nlp.cli import main
from gik_nlp.corpus.format import load_corpus

SEED = "001_7960c88a20672298"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def seed_docs(corpus_dir: Path) -> dict:
    return {d.id: d for d in load_corpus(corpus_dir / "real")}


def _write_seed(seed_docs: dict, doc_id: str, folder: Path, encoding: str = "utf-8") -> Path:
    path = folder / f"{doc_id}.txt"
    path.write_bytes(seed_docs[doc_id].text.encode(encoding))
    return path


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- records match gold on documents the model never trained on ------------------------------

#: Synthetic reports from a seed no training config uses (models/default trained on seed 1); their gold
#: records are synth's, exact by construction. Documents 0-11: 3 in the 2021 format, 3 in 2019, 6 pre-2019.
HELD_OUT_SEED = 4242
HELD_OUT_INDEXES = range(12)
#: Real reports with gold records written by hand in eval/gold (their texts stay in ../shared/real).
REAL_GOLD = ["govnianbao-section3-raw.txt.json", "huaian-2024.pdf.json", "pingtan-pt-2011-syq.json",
             "pingtan-pt-2011-xian.json", "pingtan-pt-2012-syq.json", "pingtan-pt-2012-xian.json",
             "pingtan-pt-2013-syq.json", "pingtan-pt-2013-xian.json", "pingtan-pt-2014.json", "pingtan-pt-2015.json",
             "pingtan-pt-2016.json", "pingtan-pt-2017.json", "pingtan-pt-2018.json", "pingtan-pt-2019.json",
             "pingtan-pt-2020.json", "pingtan-pt-2021.json", "pingtan-pt-2022.json", "pingtan-pt-2023.json",
             "pingtan-pt-2024.json", "pingtan-pt-2025.json", "shuyang-fgj-2023.html.json"]
HEADER = ("agency", "year", "published", "period", "format")
#: Statistics a record may get wrong (or miss) per document: 5% of the gold ones, at least 1.
WRONG_SHARE = 0.05


def _differences(record: dict, gold: dict) -> tuple[list[str], list[str], list[str]]:
    """(header fields that differ, gold statistics whose value differs or is missing, statistics gold lacks)."""
    header = [f"{k}: {record.get(k)!r} != gold {gold[k]!r}" for k in HEADER
              if k in gold and record.get(k) != gold[k]]
    number = (record.get("doc_number") or {}).get("normalized"), (gold.get("doc_number") or {}).get("normalized")
    if number[0] != number[1]:
        header.append(f"doc_number: {number[0]!r} != gold {number[1]!r}")
    got = {k: v["value"] for k, v in record["statistics"].items()}
    want = {k: v["value"] for k, v in gold["statistics"].items()}
    wrong = [f"{k}: {got.get(k)!r} != gold {v!r}" for k, v in want.items() if got.get(k) != v]
    if "agency" not in gold:
        # A tables-only gold (its notes say so: prose figures not scored): a statistic is
        # spurious only in the tables' own families, and headline fields are prose or derived.
        families = {k.split(".")[0] for k in want}
        got = {k: v for k, v in got.items() if k.split(".")[0] in families
               and not record["statistics"][k].get("derived")}
    return header, wrong, sorted(set(got) - set(want))


def _assert_matches_gold(name: str, record: dict, gold: dict) -> None:
    header, wrong, spurious = _differences(record, gold)
    assert not header, f"{name}: {header}"
    allowed = max(1, math.ceil(WRONG_SHARE * len(gold["statistics"])))
    assert len(wrong) <= allowed, f"{name}: {len(wrong)} of {len(gold['statistics'])} statistics wrong: {wrong[:8]}"
    assert not spurious, f"{name}: statistics the report does not give: {spurious[:8]}"


@pytest.fixture(scope="module")
def held_out(tmp_path_factory, model_dir: Path) -> dict[str, tuple[dict, dict]]:
    """{document id: (record from `gik extract`, synth's gold record)} for the held-out synthetic reports,
    each written as a UTF-8 .txt file and extracted in one batch."""
    from gik_nlp.synth import generate

    folder = tmp_path_factory.mktemp("held_out")
    (folder / "in").mkdir()
    docs = generate(max(HELD_OUT_INDEXES) + 1, HELD_OUT_SEED)
    for i in HELD_OUT_INDEXES:
        (folder / "in" / f"{docs[i].id}.txt").write_text(docs[i].text, encoding="utf-8")
    out = folder / "out.jsonl"
    assert main(["extract", str(folder / "in"), "-o", str(out), "--model", str(model_dir), "--no-progress"]) == 0
    records = {Path(r["source"]).stem: r for r in _records(out)}
    return {docs[i].id: (records[docs[i].id], docs[i].record) for i in HELD_OUT_INDEXES}


@pytest.mark.parametrize("index", HELD_OUT_INDEXES)
def test_extract_unseen_synthetic_record_matches_gold(held_out, index) -> None:
    doc_id = f"synth-{HELD_OUT_SEED}-{index:05d}"
    record, gold = held_out[doc_id]
    _assert_matches_gold(doc_id, record, gold)


def test_extract_real_gold_files_are_all_tested(repo_root: Path) -> None:
    assert sorted(p.name for p in (repo_root / "eval" / "gold").glob("*.json")) == REAL_GOLD


#: Known shortfalls, each a strict xfail so a fix shows as a pass to remove here.
KNOWN_MISSES = {
    "pingtan-pt-2018.json": "prose 咨询投诉件…已办结15042件 is taken for request.completed: the name matcher "
                            "reads 已办结 without the sentence's subject",
    "pingtan-pt-2019.json": "表二 of the 2019 format with cells run together: no identity links its cells, its "
                            "bounds and the prose do not single out a reading, so rows with several readings are "
                            "left out (table-ambiguous warnings), 17 of 200 cells",
    "pingtan-pt-2020.json": "表二 of the 2019 format with cells run together: rows with several readings left out, "
                            "12 of 198 cells (行政处罚's 上一年项目数量 is read: a minus sign stands only in 本年增/减)",
}


@pytest.mark.parametrize("gold_file", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[name])) if name in KNOWN_MISSES
    else name for name in REAL_GOLD])
def test_extract_unseen_real_record_matches_gold(tmp_path, repo_root, shared_real, model_dir, gold_file) -> None:
    gold = json.loads((repo_root / "eval" / "gold" / gold_file).read_text(encoding="utf-8"))
    report = shared_real / gold["file"]
    assert hashlib.sha256(report.read_bytes()).hexdigest() == gold["file_sha256"], f"{report} is not the file " \
        f"{gold_file} describes"
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(report), "-o", str(out), "--model", str(model_dir), "--no-progress"]) == 0
    (record,) = _records(out)
    _assert_matches_gold(gold["file"], record, gold["record"])


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


def test_extract_one_skips_a_written_text_reading_the_file_once(tmp_path, model_dir, monkeypatch) -> None:
    from gik_nlp import pipeline
    from gik_nlp.tagging import load_tagger

    text = "某县人民政府2017年政府信息公开工作年度报告\n主动公开政府信息12条。\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    written = hashlib.sha256(text.encode("utf-8")).hexdigest()
    reads: list[Path] = []
    read_input = pipeline.read_input
    monkeypatch.setattr(pipeline, "read_input", lambda *args: reads.append(args[0]) or read_input(*args))
    tagger = load_tagger(model_dir)
    assert pipeline.extract_one(path, tagger, done={written}) == {"skipped": str(path)}
    changed = pipeline.extract_one(path, tagger, done={"0" * 64})  # another text was written for this path
    assert changed["record"]["text_sha256"] == written
    assert reads == [path, path]  # one read per call, whether skipped or tagged
