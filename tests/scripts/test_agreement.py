"""scripts/agreement.py: span and field agreement between two draft folders (synthetic text, by hand)."""

import importlib.util
import json
from pathlib import Path

from gik_nlp.corpus.texts import TextRoots

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "agreement.py"
spec = importlib.util.spec_from_file_location("agreement", SCRIPT)
agreement = importlib.util.module_from_spec(spec)
spec.loader.exec_module(agreement)

TEXT = "甲县人民政府\n2019年主动公开政府信息12条,受理申请3件。\n"


def draft(spans, record):
    return {"id": "x1", "root": "openings", "file": "x1.txt", "format": "2019", "spans": spans, "record": record}


def write(folder: Path, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x1.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_spans_and_fields(tmp_path):
    (tmp_path / "real" / "openings").mkdir(parents=True)
    (tmp_path / "real" / "openings" / "x1.txt").write_text(TEXT, encoding="utf-8")
    base = {"title": None, "agency": "甲县人民政府", "year": 2019, "format": "2019", "doc_number": None,
            "published": None, "period": None, "cited_documents": [], "other_statistics": [], "warnings": [],
            "statistics": {"proactive.total": {"value": 12, "unit": "条", "approximate": False}}}
    a = draft([["AGENCY", "甲县人民政府", 0], ["STAT_NAME", "主动公开政府信息", 0], ["STAT_VALUE", "12条", 0],
               ["STAT_NAME", "受理申请", 0], ["STAT_VALUE", "3件", 0]], base)
    b_record = dict(base, agency="甲县", statistics={
        "proactive.total": {"value": 12, "unit": "条", "approximate": False},
        "request.received": {"value": 3, "unit": "件", "approximate": False}})
    # B: same AGENCY and values, a longer first name (2019年 included), no second name
    b = draft([["AGENCY", "甲县人民政府", 0], ["STAT_NAME", "2019年主动公开政府信息", 0], ["STAT_VALUE", "12条", 0],
               ["STAT_VALUE", "3件", 0]], b_record)
    write(tmp_path / "p1", a)
    write(tmp_path / "p2", b)
    res = agreement.compare(tmp_path / "p1", tmp_path / "p2", ["x1"], TextRoots.parse([str(tmp_path / "real")]))
    assert res["documents"] == 1
    assert res["spans"]["STAT_NAME"] == {"A": 2, "B": 1, "agreed": 0, "P": 0.0, "R": 0.0, "F1": 0.0}
    assert res["spans"]["STAT_VALUE"]["F1"] == 1.0
    assert res["spans"]["micro"]["A"] == 5 and res["spans"]["micro"]["B"] == 4 and res["spans"]["micro"]["agreed"] == 3
    assert res["spans"]["micro"]["P"] == 0.75 and res["spans"]["micro"]["R"] == 0.6
    assert res["fields"]["agency"]["differ"] == ["x1"] and res["fields"]["year"]["agree"] == 1
    assert res["statistics_entries"]["agreed"] == 1 and res["statistics_entries"]["B"] == 2
    text = agreement.markdown(res)
    assert "甲" not in text and "主动" not in text  # numbers and ids only, never the text
