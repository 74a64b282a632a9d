"""The retraining loop of docs/retraining.md, end to end through the `gik` commands.

A report in a format the current model has never seen is pre-annotated, corrected as a
person would in Label Studio, imported with its record filled by the assembler, checked,
and the model is trained further on the grown corpus (`gik train --from`). Every span
the person had to correct must then be tagged right, and `gik extract` must read the
report's agency and cited 文号. The current model is the session's tiny model (trained on
``tiny_docs``, which knows nothing of the 2021 format).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from gik_nlp.cli import main
from gik_nlp.corpus.format import load_file, save_document
from gik_nlp.corpus.validate import FILLED_RECORD_NOTE

# An invented excerpt in the 2021 format (表二's 本年制发件数 columns, a cited 文号).
NEW_REPORT = (
    "沭阳县发展和改革局2021年政府信息公开工作年度报告\n"
    "根据国办公开办函〔2021〕30号要求，编制本报告。\n"
    "二、主动公开政府信息情况\n"
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    "规章\t0\t0\t3\n"
    "行政许可\t本年处理决定数量\t126\n"
    "沭阳县发展和改革局\n"
    "2022年1月20日\n"
)

# What the person marks in it: (text, label, occurrence of that text).
CORRECTED = (
    ("沭阳县发展和改革局", "AGENCY", 0),
    ("国办公开办函〔2021〕30号", "DOCNO", 0),
    ("本年处理决定数量", "STAT_NAME", 0),
    ("126", "STAT_VALUE", 0),
    ("沭阳县发展和改革局", "AGENCY", 1),
    ("2022年1月20日", "DATE", 0),
)

# Continued training on a five-document corpus: enough passes that the corrected report
# is learned; no dev split, so the last epoch is the one saved (a tiny model's dev F1 on
# three invented reports would pick an arbitrary early epoch).
RETRAIN = {"epochs": 12, "data": {"real_repeat": 8, "dev_share": 0.0}}


def _offsets(text: str, piece: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def _label_studio_region(text: str, piece: str, label: str, occurrence: int, n: int) -> dict:
    start, end = _offsets(text, piece, occurrence)
    return {"id": f"person-{n}", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
            "value": {"start": start, "end": end, "text": piece, "labels": [label]}}


def _correct_in_label_studio(tasks_file: Path, export_file: Path) -> None:
    """What Label Studio exports after a person corrected the predicted regions and submitted."""
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    for task in tasks:
        text = task["data"]["text"]
        regions = [_label_studio_region(text, *entry, n) for n, entry in enumerate(CORRECTED)]
        task["annotations"] = [{"id": 1, "completed_by": 1, "was_cancelled": False,
                                "created_at": "2024-01-22T09:00:00Z", "result": regions}]
    export_file.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")


def _check_record_and_mark(path: Path, fmt: str) -> dict:
    """The person's edit of the imported file: format and split set, record checked, note deleted."""
    (doc,) = load_file(path)
    save_document(replace(doc, format=fmt, split="train", record={**doc.record, "format": fmt},
                          notes=tuple(n for n in doc.notes if n != FILLED_RECORD_NOTE)), path)
    return doc.record


def _retrain_config(repo_root: Path, out: Path) -> Path:
    config = yaml.safe_load((repo_root / "training" / "tiny.yaml").read_text(encoding="utf-8"))
    config["name"] = "tiny-retrained"
    config["epochs"] = RETRAIN["epochs"]
    config["data"].update(RETRAIN["data"])
    out.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("tool,fmt", [("label-studio", "2021")])
def test_retrain_loop_corrected_report_is_tagged_right(tmp_path, repo_root, tiny_model, tiny_docs, capsys,
                                                       tool, fmt):
    reports = tmp_path / "new_reports"
    reports.mkdir()
    report = reports / "shuyang_fgj_2021.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    for doc in tiny_docs:  # the corpus the current model was trained on
        save_document(replace(doc, split="train"), corpus / "real" / f"{doc.id}.json")
    gold = {(*_offsets(NEW_REPORT, piece, k), label) for piece, label, k in CORRECTED}

    # 1. pre-annotate with the current model
    tasks = tmp_path / "tasks.json"
    # --no-record: spans only; the record is assembled from the corrected spans at import (--fill-records)
    assert main(["preannotate", str(reports), "--to", tool, "-o", str(tasks), "--model", str(tiny_model),
                 "--no-record"]) == 0
    (task,) = json.loads(tasks.read_text(encoding="utf-8"))
    regions = [r for r in task["predictions"][0]["result"] if r.get("type", "labels") == "labels"]
    predicted = {(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in regions}
    assert all("score" in r for r in regions)
    missed = gold - predicted
    assert missed, "the current model already tags the new report: nothing to correct"

    # 2. correct in the tool, 3. import with the assembler's record, check it, 4. corpus check
    export = tmp_path / "label_studio_export.json"
    _correct_in_label_studio(tasks, export)
    assert main(["corpus", "import", str(export), "--format", tool, "--out", str(corpus / "real"),
                 "--fill-records", "--split", "train"]) == 0
    imported = corpus / "real" / "shuyang_fgj_2021.json"
    assert load_file(imported)[0].split == "train"
    record = _check_record_and_mark(imported, fmt)
    assert record["agency"] == "沭阳县发展和改革局"
    assert main(["corpus", "check", str(corpus)]) == 0

    # 5. continue training the current model on the grown corpus
    retrained = tmp_path / "retrained"
    config = _retrain_config(repo_root, tmp_path / "retrain.yaml")
    capsys.readouterr()
    assert main(["train", "--config", str(config), "--from", str(tiny_model), "--out", str(retrained),
                 "--corpus", str(corpus), "--quiet"]) == 0
    meta = json.loads((retrained / "meta.json").read_text(encoding="utf-8"))
    old_meta = json.loads((tiny_model / "meta.json").read_text(encoding="utf-8"))
    assert meta["init_from"] == str(tiny_model)
    assert meta["previous"][0]["name"] == old_meta["name"]
    assert meta["previous"][0]["dev_scores"] == old_meta["dev_scores"]

    # 6. the extractor now handles the report: every corrected span, the agency, the cited 文号
    capsys.readouterr()
    assert main(["extract", str(report), "--model", str(retrained)]) == 0
    extracted = json.loads(capsys.readouterr().out)
    tagged = {(s["start"], s["end"], s["label"]) for s in extracted["spans"]}
    assert missed <= tagged, f"still missed after retraining: {sorted(missed - tagged)}"
    assert extracted["agency"] == "沭阳县发展和改革局"
    assert [d["normalized"] for d in extracted["cited_documents"]] == ["国办公开办函〔2021〕30号"]
