"""Table cells of synthetic reports rendered as files: decoded from the text alone, and with the
tables the reader kept (Document.tables).

    PYTHONPATH=. python bench/tables_files.py [--n 30] [--seed 77] [--json OUT.json]

For each file kind (html, docx, pdf), ``n`` synthetic reports are rendered as that file and read
back (gik_nlp.synth's pass-through); the decoder reads the text twice — without and with the
reader's tables — and every decoded cell is compared with the report's gold statistic.
Prints a Markdown row per kind and way: cells decoded, right, wrong, not in gold; ``--json`` also
records the rows with the command and the date (docs/bench_tables_files.json).
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import sys
from pathlib import Path

import gik_nlp.readers as readers
from gik_nlp.assemble.decode import decode_tables
from gik_nlp.assemble.fields import simplified
from gik_nlp.synth.config import SynthConfig
from gik_nlp.synth.generate import generate_one
from gik_nlp.types import Document


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=77)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args()
    rows: list[dict] = []
    logging.disable(logging.WARNING)
    read: list[Document] = []
    original = readers.read_bytes

    def keeping(data: bytes, name: str, ocr: str = "auto") -> Document:
        doc = original(data, name, ocr)
        read.append(doc)
        return doc

    readers.read_bytes = keeping   # the pass-through reads the file here: keep its Document
    print("| file | decoded from | reports | cells decoded | right | wrong | not in gold |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for kind in ("html", "docx", "pdf"):
        config = SynthConfig.from_dict({"files": {"text": 0, "html": 0, "docx": 0, "pdf": 0, kind: 1}})
        counts = {"text": [0, 0, 0, 0], "text + file tables": [0, 0, 0, 0]}
        reports = 0
        for index in range(args.n):
            read.clear()
            annotated = generate_one(args.seed, index, config)
            if not read or read[-1].text != annotated.text:
                continue   # the pass-through failed and the text rendering was used
            doc = read[-1]
            reports += 1
            gold = {k: v["value"] for k, v in annotated.record["statistics"].items() if not v.get("derived")}
            view = simplified(doc.text)
            for way, tables in (("text", ()), ("text + file tables", doc.tables)):
                got = {c.field_id: c.value for c in decode_tables(view, tables=tables).cells
                       if c.field_id and c.value is not None}
                row = counts[way]
                for field_id, value in got.items():
                    row[0] += 1
                    if field_id not in gold:
                        row[3] += 1
                    elif abs(gold[field_id] - value) < 1e-6:
                        row[1] += 1
                    else:
                        row[2] += 1
        for way, (decoded, right, wrong, extra) in counts.items():
            print(f"| {kind} | {way} | {reports} | {decoded} | {right} | {wrong} | {extra} |")
            rows.append({"file": kind, "decoded_from": way, "reports": reports, "cells_decoded": decoded,
                         "right": right, "wrong": wrong, "not_in_gold": extra})
    readers.read_bytes = original
    if args.json:
        args.json.write_text(json.dumps({"command": "PYTHONPATH=. python bench/tables_files.py " + " ".join(sys.argv[1:]),
                                         "date": datetime.date.today().isoformat(), "n": args.n, "seed": args.seed,
                                         "rows": rows}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
