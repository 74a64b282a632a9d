"""Agreement of the table decoder with synthetic gold, per rendering.

    PYTHONPATH=. python bench/tables_synth.py [--n 200] [--seed 0]
    PYTHONPATH=. python bench/tables_synth.py --reports 50 [--seed 4242]

For each rendering of gik_nlp.synth.renderings, ``n`` synthetic tables are decoded; a gold
cell agrees when the decoder fills it with the gold value. Prints a markdown table: cells,
agreeing, wrong, left out, extra (filled where gold has no cell), agreement.

``--reports N``: whole synthetic reports instead (``gik synth --table-rendering``, through
gik_nlp.synth.config.with_table_rendering: 2019/2021 reports only, no broken identity), N per
rendering; the decoder reads each rendered report's simplified text, as the record builder does,
and the gold cells are the record's statistics of the tables the rendering prints.
"""

from __future__ import annotations

import argparse

from gik_nlp.assemble.decode import decode_tables
from gik_nlp.assemble.fields import simplified
from gik_nlp.synth import SynthConfig, generate
from gik_nlp.synth.config import with_table_rendering
from gik_nlp.synth.renderings import PARTS, RENDERINGS, synthetic_tables

#: The fields of each table a rendering prints ("t2" 表二, "t3" 表三, "t4" 表四).
TABLE_FIELDS = {"t2": ("disclosure.",), "t3": ("apply.",),
                "t4": ("review.", "litigation_direct.", "litigation_after_review.")}


def agreement(rendering: str, n: int, seed: int = 0) -> dict[str, int]:
    counts = {"cells": 0, "agree": 0, "wrong": 0, "out": 0, "extra": 0}
    for text, gold in synthetic_tables(rendering, n, seed):
        got = {c.field_id: c.value for c in decode_tables(text).cells if c.field_id and c.value is not None}
        for field_id, value in gold.items():
            counts["cells"] += 1
            if field_id not in got:
                counts["out"] += 1
            elif abs(got[field_id] - value) < 1e-6:
                counts["agree"] += 1
            else:
                counts["wrong"] += 1
        counts["extra"] += sum(1 for f in got if f not in gold)
    return counts


def report_agreement(rendering: str, n: int, seed: int) -> dict[str, int]:
    """``n`` whole 2019/2021 reports printing their tables in ``rendering``: how many were
    rendered (a report whose table leaves a cell blank keeps its usual tables) and their cells."""
    # the two national formats in equal shares, every table consistent with the record
    config = SynthConfig.from_dict({"formats": {"national_2019": 1, "national_2021": 1},
                                    "noise": {"inconsistent_table": 0}})
    docs = generate(n, seed, with_table_rendering(config, rendering))
    rendered = [d for d in docs if any("synth/renderings.py" in note for note in d.notes)]
    prefixes = tuple(p for part in PARTS[rendering] for p in TABLE_FIELDS[part])
    counts = {"reports": len(rendered), "cells": 0, "agree": 0, "wrong": 0, "out": 0}
    for doc in rendered:
        got = {c.field_id: c.value for c in decode_tables(simplified(doc.text)).cells
               if c.field_id and c.value is not None}
        for field_id, stat in doc.record["statistics"].items():
            if not field_id.startswith(prefixes) or stat.get("derived"):
                continue
            counts["cells"] += 1
            if field_id not in got:
                counts["out"] += 1
            elif abs(got[field_id] - stat["value"]) < 1e-6:
                counts["agree"] += 1
            else:
                counts["wrong"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None, help="default 0, with --reports 4242")
    parser.add_argument("--reports", type=int, default=0, help="N whole synthetic reports per rendering")
    args = parser.parse_args()
    if args.reports:
        seed = 4242 if args.seed is None else args.seed
        print(f"| rendering ({args.reports} reports, seed {seed}) | rendered | cells | agree | wrong | left out |")
        print("|---|---:|---:|---:|---:|---:|")
        for rendering in PARTS:
            c = report_agreement(rendering, args.reports, seed)
            print(f"| {rendering} | {c['reports']} | {c['cells']} | {c['agree']} | {c['wrong']} | {c['out']} |",
                  flush=True)
        return
    args.seed = 0 if args.seed is None else args.seed
    print(f"| rendering (n={args.n}) | cells | agree | wrong | left out | extra | agreement |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for rendering in RENDERINGS:
        c = agreement(rendering, args.n, args.seed)
        print(f"| {rendering} | {c['cells']} | {c['agree']} | {c['wrong']} | {c['out']} | {c['extra']} "
              f"| {c['agree'] / max(1, c['cells']):.4f} |")


if __name__ == "__main__":
    main()
