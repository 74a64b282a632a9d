"""Agreement of the table decoder with synthetic gold, per rendering.

    PYTHONPATH=. python bench/tables_synth.py [--n 200] [--seed 0]

For each rendering of gik_nlp.synth.renderings, ``n`` synthetic tables are decoded; a gold
cell agrees when the decoder fills it with the gold value. Prints a markdown table: cells,
agreeing, wrong, left out, extra (filled where gold has no cell), agreement.
"""

from __future__ import annotations

import argparse

from gik_nlp.assemble.decode import decode_tables
from gik_nlp.synth.renderings import RENDERINGS, synthetic_tables


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"| rendering (n={args.n}) | cells | agree | wrong | left out | extra | agreement |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for rendering in RENDERINGS:
        c = agreement(rendering, args.n, args.seed)
        print(f"| {rendering} | {c['cells']} | {c['agree']} | {c['wrong']} | {c['out']} | {c['extra']} "
              f"| {c['agree'] / max(1, c['cells']):.4f} |")


if __name__ == "__main__":
    main()
