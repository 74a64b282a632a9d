"""`gik synth --table-rendering`: national reports whose tables are printed in a rendering of synth/renderings.py."""

from __future__ import annotations

import json
from pathlib import Path

from gik_nlp.cli import main


def test_table_rendering_writes_national_reports_in_that_rendering(tmp_path: Path, capsys) -> None:
    assert main(["synth", "--n", "4", "--seed", "5", "-o", str(tmp_path), "--table-rendering",
                 "table4_one_line"]) == 0
    docs = [json.loads(line) for line in (tmp_path / "synth-5.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 4 and {d["format"] for d in docs} <= {"2019", "2021"}
    rendered = [d for d in docs if any("table4_one_line" in n for n in d["notes"])]
    assert rendered
    for doc in rendered:
        # 表四's fifteen cells on one line, each a gold STAT_VALUE span
        cells = [doc["record"]["statistics"][f"{block}.{result}"]["evidence"]["value"]
                 for block in ("review", "litigation_direct", "litigation_after_review")
                 for result in ("upheld", "corrected", "other", "pending", "total")]
        lines = {doc["text"].count("\n", 0, start) for start, _ in cells}
        assert len(lines) == 1


def test_table_rendering_2021_only_and_unknown(tmp_path: Path, capsys) -> None:
    assert main(["synth", "--n", "3", "--seed", "2", "-o", str(tmp_path), "--table-rendering",
                 "table2_2021_no_header"]) == 0
    docs = [json.loads(line) for line in (tmp_path / "synth-2.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {d["format"] for d in docs} == {"2021"}
    assert main(["synth", "--n", "1", "-o", str(tmp_path), "--table-rendering", "nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("gik synth: --table-rendering: unknown rendering 'nope'")


def test_building_the_command_line_imports_no_generator():
    # every gik command builds the whole parser: listing the renderings in --help imported
    # gik_nlp.synth (pypinyin among it), about 0.3 CPU-s on every start-up of gik extract
    import subprocess
    import sys

    code = ("import sys; from gik_nlp.cli import build_parser; build_parser(); "
            "print(sorted(m for m in sys.modules if m.startswith('gik_nlp.synth')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
