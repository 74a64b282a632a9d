"""Table cells of the real reports with gold records (eval/gold): right, wrong, left out.

    PYTHONPATH=. python bench/tables_real.py [--model models/default] [--batch agency|folder]

Scores only the statistics that are cells of a template table (schema/templates.yaml), per
report and per group (pingtan 2019–2025, pingtan pre-2019, the other reports), and times the
table decoder against the whole of ``gik extract`` on the same files. The pingtan reports are
the decoder's development set: their figures are development figures.

``--batch``: the reports are extracted as one batch, as ``gik extract`` does, with the series
pass (batch_series.py) after it: ``agency`` chains records of the same printed agency, as
``gik extract`` does; ``folder`` chains records of the same folder (the pingtan folder holds one
body's reports, its README says) — the figure the series identity reaches where the body is known.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from gik_nlp.assemble.decode import decode_tables
from gik_nlp.evaluate.gold import GOLD_RECORDS_DIR, REPORTS_DIR
from gik_nlp.pipeline import extract
from gik_nlp.readers import read
from gik_nlp.schema.templates import templates


def template_fields(fmt: str) -> set[str]:
    out = set()
    for template in templates().values():
        if fmt not in template.formats or not template.decode:
            continue
        for row in template.rows:
            for column in row.columns:
                field_id = template.field_id(row.id, column)
                if field_id:
                    out.add(field_id)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--batch", choices=("agency", "folder"), default=None,
                        help="extract as one batch with the series pass, chaining by agency or by folder")
    args = parser.parse_args()
    from gik_nlp.tagging import load_tagger
    tagger = load_tagger(args.model)
    groups: dict[str, list[int]] = {}
    extract_s = decode_s = 0.0
    golds, records = [], []
    for path in sorted(GOLD_RECORDS_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        report = REPORTS_DIR / gold["file"]
        if not report.is_file():
            continue
        t0 = time.perf_counter()
        record = extract(report, tagger).to_dict()
        extract_s += time.perf_counter() - t0
        golds.append(gold)
        records.append(record)
    if args.batch:
        from gik_nlp.batch_series import BODIES, chain_series
        body = BODIES[args.batch]
        t0 = time.perf_counter()
        chained = chain_series(records, tagger, body=body)
        print(f"series pass ({args.batch}): {len(chained)} record(s) replaced "
              f"({', '.join(Path(records[i]['source']).name for i in sorted(chained))}) "
              f"in {time.perf_counter() - t0:.2f} s\n")
        for index, record in chained.items():
            records[index] = record
    print(f"| report | gold cells | right | wrong | left out | extra |")
    print("|---|---:|---:|---:|---:|---:|")
    for gold, record in zip(golds, records):
        report = REPORTS_DIR / gold["file"]
        doc = read(report)
        t1 = time.perf_counter()
        decode_tables(doc.text, tables=doc.tables)
        decode_tables(doc.text, tables=doc.tables)   # twice when prose figures must choose a reading
        t2 = time.perf_counter()
        decode_s += t2 - t1
        cells = template_fields(gold["format"])
        stated = gold["record"]["statistics"]
        want = {k: v["value"] for k, v in gold["record"]["statistics"].items() if k in cells and not v.get("derived")}
        got = {k: v["value"] for k, v in record["statistics"].items() if k in cells and not v.get("derived")
               and not stated.get(k, {}).get("derived")}
        right = sum(1 for k, v in want.items() if k in got and abs(got[k] - v) < 1e-6)
        wrong = [k for k, v in want.items() if k in got and abs(got[k] - v) >= 1e-6]
        out = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        name = gold["file"]
        print(f"| {name} | {len(want)} | {right} | {len(wrong)} | {len(out)} | {len(extra)} |")
        for k in wrong:
            print(f"|   wrong {k}: gold {want[k]}, got {got[k]} | | | | | |")
        group = ("pingtan 2019–2025" if "pingtan" in name and gold["format"] in ("2019", "2021")
                 else "pingtan pre-2019" if "pingtan" in name else "other real")
        g = groups.setdefault(group, [0, 0, 0, 0, 0])
        for i, n in enumerate((len(want), right, len(wrong), len(out), len(extra))):
            g[i] += n
    print()
    print("| group | gold cells | right | wrong | left out | extra | filled | P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for group, (n, right, wrong, out, extra) in groups.items():
        p = right / max(1, right + wrong + extra)
        r = right / max(1, n)
        f1 = 2 * p * r / max(1e-9, p + r)
        print(f"| {group} | {n} | {right} | {wrong} | {out} | {extra} | {(right + wrong) / max(1, n):.3f} "
              f"| {p:.3f} | {r:.3f} | {f1:.3f} |")
    print(f"\ntable decoding {decode_s:.2f} s of gik extract {extract_s:.2f} s "
          f"({100 * decode_s / max(1e-9, extract_s):.1f}%, timing two decodings per report: the record "
          f"decodes once, or twice when prose figures must choose a reading)")


if __name__ == "__main__":
    main()
