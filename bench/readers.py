"""Reading speed: ``readers.read`` on real reports and a generated .docx, best and median of N runs.

    PYTHONPATH=. python bench/readers.py [--runs 7] [--json OUT.json]

Times the whole ``read`` (decode, render, tables as the file gives them, normalise). The real
reports come from ../shared/real (skipped when absent); the .docx is built here with python-docx
(a 表三-sized table of 30 rows × 9 columns with merged cells between 60 paragraphs). Prints one
Markdown row per file: characters of text, tables and cells kept, best and median wall
milliseconds, best CPU milliseconds of this process; ``--json`` also records the rows with the
command, the date and the load average (docs/bench_readers.json).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gik_nlp.evaluate.gold import REPORTS_DIR
from gik_nlp.readers import read

REAL = ("shuyang-fgj-2023.html", "huaian-2024.pdf", "govnianbao-section3-raw.txt", "pingtan/pt-2021.txt")


def generated_docx(path: Path) -> Path:
    """A .docx of 60 paragraphs around one 30 × 9 table whose first column merges down and across."""
    import docx

    document = docx.Document()
    for i in range(30):
        document.add_paragraph(f"第{i}段：本机关按照要求公开政府信息，全年共办理{i}件。")
    table = document.add_table(rows=30, cols=9)
    for r in range(30):
        for c in range(9):
            table.cell(r, c).text = f"第{r}行" if c < 2 else str(r * c)
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(2, 0).merge(table.cell(9, 0))
    for i in range(30):
        document.add_paragraph(f"第{i}段：其他需要报告的事项。")
    document.save(path)
    return path


def best_median(path: Path, runs: int) -> tuple[float, float, float, int, int, int]:
    """Best and median wall milliseconds, best CPU milliseconds (this process: what a shared
    machine's load changes least), characters, tables, cells."""
    times, cpu = [], []
    doc = None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        doc = read(path)
        times.append(1000 * (time.perf_counter() - t0))
        cpu.append(1000 * (time.process_time() - c0))
    assert doc is not None
    tables = getattr(doc, "tables", ())
    cells = sum(len(row) for table in tables for row in table.rows)
    return min(times), statistics.median(times), min(cpu), len(doc.text), len(tables), cells


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reports", type=Path, default=REPORTS_DIR, help="the real reports (../shared/real)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = [args.reports / name for name in REAL if (args.reports / name).is_file()]
        paths.append(generated_docx(Path(tmp) / "generated.docx"))
        print("| file | characters | tables | cells | best ms | median ms | best CPU ms |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for path in paths:
            best, median, cpu, chars, tables, cells = best_median(path, args.runs)
            print(f"| {path.name} | {chars} | {tables} | {cells} | {best:.1f} | {median:.1f} | {cpu:.1f} |")
            rows.append({"file": path.name, "characters": chars, "tables": tables, "cells": cells,
                         "best_ms": round(best, 1), "median_ms": round(median, 1), "best_cpu_ms": round(cpu, 1)})
    if args.json:
        args.json.write_text(json.dumps({"command": "PYTHONPATH=. python bench/readers.py " + " ".join(sys.argv[1:]),
                                         "date": datetime.date.today().isoformat(), "runs": args.runs,
                                         "load_average": [round(x, 2) for x in os.getloadavg()], "rows": rows},
                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
