"""Issue 14: output a user can trust — one canonical unit per field, a codebook beside every
output, evidence a reader can check (end to end with the shipped model)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from gik_nlp.cli import main

pytestmark = pytest.mark.e2e

REPORT = ("某某{place}人民政府2017年政府信息公开工作年度报告\n\n二、依申请公开情况\n"
          "本年度共收到政府信息公开申请{n}件。依申请公开信息收取的费用{fee}。\n")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_fee_printed_in_yuan_and_one_in_wan_yuan_land_in_one_column_as_wan_yuan(tmp_path, repo_root):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(REPORT.format(place="县", n=12, fee="300元"), encoding="utf-8")
    b.write_text(REPORT.format(place="市", n=5, fee="0.03万元"), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["extract", str(a), str(b), "-o", str(out), "--model", str(repo_root / "models" / "default"),
                 "--no-progress"]) == 0
    rows = {Path(r["source"]).name: r for r in _rows(out)}
    assert (rows["a.txt"]["fee.total"], rows["b.txt"]["fee.total"]) == ("0.03", "0.03")
    assert rows["a.txt"]["fee.total.approximate"] == "False"
    codebook = {r["column"]: r for r in _rows(tmp_path / "out.csv.codebook.csv")}
    assert (codebook["fee.total"]["unit"], codebook["fee.total"]["zh"], codebook["fee.total"]["type"],
            codebook["fee.total"]["family"]) == ("万元", "依申请公开信息收取的费用", "float64", "fee")
    assert codebook["fee.total.approximate"]["type"] == "bool"


def test_the_record_keeps_the_printed_value_and_evidence_text_and_offsets_into_the_file(tmp_path, repo_root):
    a = tmp_path / "a.txt"
    a.write_text(REPORT.format(place="县", n=12, fee="300元").replace("\n", "\r\n"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(a), "-o", str(out), "--model", str(repo_root / "models" / "default"),
                 "--no-progress"]) == 0
    fee = json.loads(out.read_text(encoding="utf-8"))["statistics"]["fee.total"]
    assert (fee["value"], fee["unit"], fee["printed"]) == (0.03, "万元", {"value": 300, "unit": "元"})
    start, end = fee["evidence"]["source_span"]
    assert a.read_bytes().decode("utf-8")[start:end] == fee["evidence"]["text"]  # CRLF kept: offsets differ
    assert fee["evidence"]["text"].endswith("300元")
    assert (tmp_path / "out.jsonl.codebook.csv").exists()
