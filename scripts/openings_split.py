"""The fixed split of the real openings (gik_nlp/corpus/split.py; rule in docs/evaluation.md).

    python scripts/openings_split.py write                 # corpus/splits/openings.tsv from the manifest
    python scripts/openings_split.py list train dev        # ids of those splits (one per line)
    python scripts/openings_split.py list train dev --drafts /work/annot/pass1   # their draft files that exist

Rule development (assemble/head.py, thresholds, …) reads only what `list train dev` prints:
the test documents are never opened.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gik_nlp.cli.corpus import DEFAULT_SPLIT_FILE  # noqa: E402
from gik_nlp.corpus.format import SPLITS  # noqa: E402
from gik_nlp.corpus.split import SHARES, manifest_strata, read_split_file, stratified_split, write_split_file  # noqa: E402

SPLIT_FILE = REPO / DEFAULT_SPLIT_FILE
MANIFEST = REPO.parent / "shared" / "real" / "openings" / "manifest.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("--manifest", type=Path, default=MANIFEST)
    w.add_argument("--out", type=Path, default=SPLIT_FILE)
    ls = sub.add_parser("list")
    ls.add_argument("splits", nargs="+", choices=SPLITS)
    ls.add_argument("--drafts", type=Path, help="print the paths of these drafts that exist instead of ids")
    ls.add_argument("--file", type=Path, default=SPLIT_FILE)
    args = parser.parse_args()
    if args.cmd == "write":
        strata = manifest_strata(args.manifest)
        splits = stratified_split(strata)
        write_split_file(splits, args.out, header=[
            "Fixed split of the real openings (ids only): gik_nlp/corpus/split.py, docs/evaluation.md.",
            f"Strata: the manifest's guessed format / year band; within each, rank by sha256(id); "
            f"{'/'.join(str(int(s * 100)) for s in SHARES)} train/dev/test.",
            "Tune on train and dev; test is scored to report, never to tune."])
        print(f"{args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(splits.values()).items())))
        return 0
    splits = read_split_file(args.file)
    for cid, split in splits.items():
        if split not in args.splits:
            continue
        if args.drafts:
            path = args.drafts / (cid.split("-", 1)[1] + ".json")
            if path.is_file():
                print(path)
        else:
            print(cid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
