"""`gik synth`: write synthetic annotated reports in the corpus format.

    gik synth --n 1000 --seed 1 -o corpus/synth [--config training/synth.yaml] [--shard 500]
    gik synth --n 500 --seed 1 -o /tmp/synth --compare corpus/real
    gik synth --n 200 --seed 1 -o /tmp/synth --table-rendering run_together

Documents go to OUT/synth-<seed>.jsonl (or OUT/synth-<seed>-<k>.jsonl shards), one
AnnotatedDocument per line. ``--compare`` prints simple statistics of the generated and
the real documents side by side (length, labels per 1,000 characters, table lines).
``--table-rendering NAME`` writes 2019/2021 reports only, their 表二/表三/表四 printed in one of
the renderings of gik_nlp/synth/renderings.py (markdown, 表四 as three small tables, cells run
together …), with gold spans on every row name and cell.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "synth", help="write synthetic annotated reports (every format, rendering and noise)",
        description="Write synthetic annotated reports in the corpus format (gik_nlp.synth).")
    parser.add_argument("--n", type=int, required=True, help="number of documents")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("-o", "--output", dest="out", type=Path, help="folder for the .jsonl files (required)")
    parser.add_argument("--out", dest="out", type=Path, help=argparse.SUPPRESS)  # the old spelling
    parser.add_argument("--config", type=Path, default=None,
                        help="YAML with the generator's proportions (default: the built-in defaults, "
                             "documented in training/synth.yaml); a training config's synth: block works too")
    parser.add_argument("--shard", type=int, default=0, help="documents per file (default: all in one file)")
    parser.add_argument("--table-rendering", default="", metavar="NAME",
                        help="print every report's national tables (2019/2021 formats only) in this rendering "
                             "(synth/renderings.py, listed in docs/tables.md; an unknown name is refused with "
                             "the list). Not listed here: that would import the generator for every gik command")
    parser.add_argument("--compare", type=Path, default=None,
                        help="a corpus folder of real documents to compare the generated ones with")


def _renderings() -> list[str]:
    from gik_nlp.synth.renderings import PARTS

    return sorted(PARTS)


def run(args: argparse.Namespace) -> int:
    from gik_nlp.cli.conventions import EXIT_FAILED, fail

    if args.out is None:
        return fail("synth", "-o/--output FOLDER is required (see gik synth --help)")
    from gik_nlp.corpus.format import CorpusError, load_corpus, save_jsonl
    from gik_nlp.synth import SynthConfig, generate
    from gik_nlp.synth.config import SynthConfigError, with_table_rendering
    from gik_nlp.synth.profile import compare_table, profile

    if args.n < 0 or args.shard < 0:
        return fail("synth", "--n and --shard must be >= 0")
    try:
        config = SynthConfig.from_file(args.config) if args.config else SynthConfig()
    except SynthConfigError as exc:
        return fail("synth", str(exc))
    if args.table_rendering:
        if args.table_rendering not in _renderings():
            return fail("synth", f"--table-rendering: unknown rendering {args.table_rendering!r}; "
                                 f"expected one of {', '.join(_renderings())}")
        config = with_table_rendering(config, args.table_rendering)
        if config.formats.national_2019 + config.formats.national_2021 <= 0:
            return fail("synth", f"--table-rendering {args.table_rendering}: the config gives its format no share")
    started = time.perf_counter()
    docs = generate(args.n, args.seed, config)
    seconds = time.perf_counter() - started
    shard = args.shard or max(len(docs), 1)
    written = []
    for k in range(0, max(len(docs), 1), shard):
        name = f"synth-{args.seed}.jsonl" if shard >= len(docs) else f"synth-{args.seed}-{k // shard:03d}.jsonl"
        path = args.out / name
        save_jsonl(docs[k:k + shard], path)
        written.append(path)
    rate = len(docs) / seconds if seconds else float("inf")
    print(f"gik synth: {len(docs)} documents in {seconds:.1f} s ({rate:.0f} docs/s) -> "
          f"{', '.join(str(p) for p in written)}", file=sys.stderr)
    if args.compare:
        try:
            real = [d for d in load_corpus(args.compare) if d.origin == "real"]
        except CorpusError as exc:
            return fail("synth", str(exc), code=EXIT_FAILED)
        print(compare_table({"synthetic": profile(docs), "real": profile(real)}))
    return 0
