"""scripts/annot.py: the annotators' show / check / fields, run as they run them (synthetic text, by hand)."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "annot.py"

# "Ｘ" (full width) and "\r\n" are normalised away: offsets refer to the normalised text.
RAW = "甲县人民政府\r\n2019年主动公开政府信息12条,受理申请Ｘ3件。\r\n"


def annot(*args: str, real: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIK_REAL=str(real), PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=120)


def real_root(tmp_path: Path) -> Path:
    (tmp_path / "real" / "openings").mkdir(parents=True)
    (tmp_path / "real" / "openings" / "x1.txt").write_bytes(RAW.encode("utf-8"))
    return tmp_path / "real"


def test_show_prints_the_normalised_text_with_offsets(tmp_path):
    done = annot("show", "x1", real=real_root(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["  0 @    0 | 甲县人民政府",
                                           "  1 @    7 | 2019年主动公开政府信息12条,受理申请X3件。",
                                           "  2 @   33 | "]


def test_check_resolves_spans_and_reports_problems(tmp_path):
    real = real_root(tmp_path)
    good = {"id": "x1", "format": "2019", "spans": [["AGENCY", "甲县人民政府", 0], ["STAT_VALUE", "X3件", 0]],
            "record": {}}
    bad = dict(good, spans=[["AGENCY", "甲县人民政府", 1]])
    (tmp_path / "good.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    done = annot("check", "-v", str(tmp_path / "good.json"), real=real)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "  AGENCY         0-6     【甲县人民政府】⏎2019年主动" in done.stdout
    assert "  STAT_VALUE    28-31    12条,受理申请【X3件】。⏎" in done.stdout
    assert f"{tmp_path / 'good.json'}: 2 spans, 0 statistics: ok" in done.stdout
    done = annot("check", str(tmp_path / "bad.json"), real=real)
    assert done.returncode == 1
    assert "span AGENCY '甲县人民政府' #1: not found (the text has 1 occurrence(s))" in done.stdout


def test_fields_greps_the_schema(tmp_path):
    done = annot("fields", "proactive.total", real=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("proactive.total\t")
