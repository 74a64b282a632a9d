"""Annotation helper for real texts that stay outside the repository (the openings, pingtan).

An annotator writes a *draft* per document, outside the repository (it quotes the text):

    {"id": "a001", "root": "openings", "file": "a001.txt", "format": "pre2019",
     "spans": [["AGENCY", "某某镇人民政府", 0], ["DATE", "2009年1月6日", 0], ...],
     "record": {...gold record, docs/spec/record.md...},
     "notes": ["decision on an ambiguous case, with the example"]}

Each span is ``[label, text as it appears in the normalised text, n]``: the n-th (0-based)
occurrence of that exact string in the normalised text (``show`` prints it).

    python scripts/annot.py show a001 [--root openings]      normalised text, numbered lines
    python scripts/annot.py check DRAFT.json ...             resolve spans, run the corpus checker
    python scripts/annot.py fields [WORD]                    statistic field ids (grep by WORD)
    python scripts/annot.py build DRAFT_DIR OUT_DIR          by-reference corpus documents (no text;
                                                              the same as `gik corpus build`)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gik_nlp.corpus.drafts import draft_document, draft_text  # noqa: E402
from gik_nlp.corpus.texts import TextRoots  # noqa: E402
from gik_nlp.corpus.validate import validate  # noqa: E402

REAL = Path(os.environ.get("GIK_REAL", REPO.parent / "shared" / "real"))
#: The folder holding the root folders (openings/, pingtan/): $GIK_REAL, else ../shared/real.
TEXTS = TextRoots.parse([str(REAL)])


def cmd_show(args: argparse.Namespace) -> None:
    file = args.id if args.id.endswith(".txt") else args.id + ".txt"
    text = draft_text({"id": file[:-len(".txt")], "root": args.root, "file": file}, TEXTS)[0]
    offset = 0
    for i, line in enumerate(text.split("\n")):
        print(f"{i:3d} @{offset:5d} | {line}")
        offset += len(line) + 1


def cmd_check(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.drafts:
        draft = json.loads(Path(path).read_text(encoding="utf-8"))
        doc, problems = draft_document(draft, draft_text(draft, TEXTS)[0])
        problems += [str(p) for p in validate(doc, where=draft["id"])]
        if args.verbose:
            for s in doc.spans:
                left = doc.text[max(0, s.start - 8):s.start].replace("\n", "⏎")
                right = doc.text[s.end:s.end + 8].replace("\n", "⏎")
                print(f"  {s.label:10s} {s.start:5d}-{s.end:<5d} {left}【{s.text}】{right}")
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{path}: {len(doc.spans)} spans, {len((doc.record or {}).get('statistics') or {})} statistics: {status}")
        for p in problems:
            print("   -", p)
        bad += bool(problems)
    return 1 if bad else 0


def cmd_fields(args: argparse.Namespace) -> None:
    from gik_nlp.schema import FIELDS

    for fid, spec in FIELDS.items():
        line = f"{fid}\t{spec.zh}\t{spec.unit}\t{','.join(spec.formats)}\t{' / '.join(spec.aliases)}"
        if not args.word or args.word in line:
            print(line)


def cmd_build(args: argparse.Namespace) -> int:
    """Write by-reference corpus documents: offsets and labels, never the text (= `gik corpus build`)."""
    from gik_nlp.cli.corpus import DEFAULT_SPLIT_FILE, _build

    return _build(Path(args.draft_dir), Path(args.out_dir), REPO / DEFAULT_SPLIT_FILE, TEXTS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("show")
    p.add_argument("id")
    p.add_argument("--root", default="openings")
    p = sub.add_parser("check")
    p.add_argument("drafts", nargs="+")
    p.add_argument("-v", "--verbose", action="store_true")
    p = sub.add_parser("fields")
    p.add_argument("word", nargs="?")
    p = sub.add_parser("build")
    p.add_argument("draft_dir")
    p.add_argument("out_dir")
    args = parser.parse_args()
    return {"show": cmd_show, "check": cmd_check, "fields": cmd_fields, "build": cmd_build}[args.cmd](args) or 0


if __name__ == "__main__":
    sys.exit(main())
