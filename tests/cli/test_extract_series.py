"""`gik extract` with the series pass: a batch holding two consecutive reports of one body
replaces the record the other one proves more of, in JSON Lines, CSV and Parquet alike."""

import csv
import json

import pytest

from gik_nlp.cli import main


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_a_batch_chains_consecutive_reports(series_report, tmp_path, model_dir, suffix):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(series_report("青石县人民政府", 2019), encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(series_report("青石县人民政府", 2020, later=True), encoding="utf-8")
    out = tmp_path / f"out.{suffix}"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--model", str(model_dir), "--no-progress"]) == 0
    if suffix == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        got = [r["statistics"].get("disclosure.licensing.decisions", {}).get("value") for r in rows]
    elif suffix == "csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        got = [r["disclosure.licensing.decisions"] for r in rows]
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
        got = [r["disclosure.licensing.decisions"] for r in rows]
    assert [str(r["source"]).rsplit("/", 1)[-1] for r in rows] == ["a.txt", "b.txt"]
    assert [str(g) if g is not None else None for g in got] == ["3110", "17"]
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize("series, second_agency, filled", [
    ("off", "青石县人民政府", False),       # every record from its file alone
    ("agency", "白水县人民政府", False),    # the records print two bodies
    ("folder", "白水县人民政府", True),     # the user says a folder is one body's
])
def test_series_says_what_a_body_is(series_report, tmp_path, model_dir, series, second_agency, filled):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(series_report("青石县人民政府", 2019), encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(series_report(second_agency, 2020, later=True), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--model", str(model_dir), "--no-progress",
                 "--series", series]) == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert ("disclosure.licensing.decisions" in first["statistics"]) is filled


@pytest.mark.parametrize("series, imported", [("off", False), ("agency", True)])
def test_the_series_pass_is_imported_only_when_on(series_report, tmp_path, repo_root, model_dir, series, imported):
    # batch_series pulls in the table decoder (about 130 ms); with workers the parent builds no
    # record, so with --series off it never needs the decoder
    import os
    import subprocess
    import sys

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(series_report("青石县人民政府", 2019), encoding="utf-8")
    code = ("import sys; from gik_nlp.cli import main; code = main(sys.argv[1:]); "
            "print(code, 'gik_nlp.assemble.decode' in sys.modules)")
    args = ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out.jsonl"), "--model", str(model_dir),
            "--no-progress", "--series", series, "--workers", "2"]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                          env=dict(os.environ, PYTHONPATH=str(repo_root)))
    assert done.stdout.split() == ["0", str(imported)]
