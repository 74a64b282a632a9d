"""Issue 14: the annotation loop covers records — Label Studio tasks carry the detected format and
the assembler's record for the annotator to confirm or correct; `gik corpus approve` is the other
way; an import never fails on a record the tool filled itself (units converted, evidence text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gik_nlp.cli import main

REPORT = ("某某县人民政府2017年政府信息公开工作年度报告\n\n二、依申请公开情况\n"
          "本年度共收到政府信息公开申请12件。依申请公开信息收取的费用300元。\n")
FILLED = "record filled by the assembler: check it"


@pytest.fixture()
def tasks(tmp_path: Path, repo_root: Path) -> Path:
    report = tmp_path / "a.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "tasks.json"
    assert main(["preannotate", str(report), "--to", "label-studio", "-o", str(out), "--no-progress",
                 "--model", str(repo_root / "models" / "default")]) == 0
    return out


def test_tasks_carry_the_detected_format_and_the_record_to_confirm(tasks):
    [task] = json.loads(tasks.read_text(encoding="utf-8"))
    assert task["data"]["format"] == "pre2019"
    assert task["data"]["record"]["statistics"]["fee.total"]["value"] == 0.03
    results = {r["from_name"]: r for r in task["predictions"][0]["result"] if r["type"] != "labels"}
    assert results["format"]["value"] == {"choices": ["pre2019"]}
    assert json.loads(results["record"]["value"]["text"][0])["statistics"]["request.received"]["value"] == 12


def test_an_import_of_the_tools_own_record_has_nothing_but_the_check_note(tasks, tmp_path, capsys):
    out = tmp_path / "imported"
    assert main(["corpus", "import", str(tasks), "--from", "label-studio", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "1 problems (1 records to check)" in printed and "value_mismatch" not in printed
    doc = json.loads((out / "a.json").read_text(encoding="utf-8"))
    fee = doc["record"]["statistics"]["fee.total"]
    assert (fee["value"], fee["printed"]) == (0.03, {"value": 300, "unit": "元"})
    assert "text" not in fee["evidence"] and FILLED in doc["notes"]


def test_the_annotators_correction_of_the_record_is_what_is_imported(tasks, tmp_path):
    [task] = json.loads(tasks.read_text(encoding="utf-8"))
    annotation = {"result": [dict(r) for r in task["predictions"][0]["result"]]}
    for result in annotation["result"]:
        if result["from_name"] == "record":
            record = json.loads(result["value"]["text"][0])
            record["agency"] = "某某县人民政府办公室"
            result["value"] = {"text": [json.dumps(record, ensure_ascii=False)]}
        if result["from_name"] == "format":
            result["value"] = {"choices": ["2019"]}
    task["annotations"] = [annotation]
    tasks.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "imported"
    main(["corpus", "import", str(tasks), "--from", "label-studio", "-o", str(out)])
    doc = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert (doc["record"]["agency"], doc["format"]) == ("某某县人民政府办公室", "2019")


def test_approve_drops_the_check_note_only(tasks, tmp_path, capsys):
    out = tmp_path / "imported"
    main(["corpus", "import", str(tasks), "--from", "label-studio", "-o", str(out)])
    before = (out / "a.json").read_text(encoding="utf-8")
    assert main(["corpus", "approve", str(out / "a.json")]) == 0
    after = (out / "a.json").read_text(encoding="utf-8")
    assert FILLED not in after
    assert [line for line in before.splitlines() if FILLED not in line] == \
        [line for line in after.splitlines() if '"notes"' not in line]
    capsys.readouterr()
    assert main(["corpus", "check", str(out)]) == 0
