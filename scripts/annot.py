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
    python scripts/annot.py build DRAFT_DIR OUT_DIR          by-reference corpus documents (no text)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gik_nlp.corpus.format import AnnotatedDocument  # noqa: E402
from gik_nlp.corpus.validate import validate  # noqa: E402
from gik_nlp.readers.normalize import normalize  # noqa: E402
from gik_nlp.types import Span, sha256_text  # noqa: E402

REAL = Path(os.environ.get("GIK_REAL", REPO.parent / "shared" / "real"))


def raw_text(root: str, file: str) -> str:
    return (REAL / root / file).read_text(encoding="utf-8")


def find(text: str, s: str, n: int) -> int:
    """Offset of the n-th (0-based) occurrence of s in text, or -1."""
    start, found = -1, -1
    while found < n and s:
        start = text.find(s, start + 1)
        if start < 0:
            return -1
        found += 1
    return start if s else -1


def resolve_evidence(text: str, record: dict, problems: list[str]) -> dict:
    """A copy of the record whose evidence entries written as [text, n] become [start, end]."""
    record = json.loads(json.dumps(record))
    entries = list((record.get("statistics") or {}).items())
    entries += [(e.get("name", "?"), e) for e in record.get("other_statistics") or [] if isinstance(e, dict)]
    for fid, stat in entries:
        evidence = stat.get("evidence") if isinstance(stat, dict) else None
        if not isinstance(evidence, dict):
            continue
        for key, ref in list(evidence.items()):
            if isinstance(ref, list) and len(ref) == 2 and isinstance(ref[0], str):
                start = find(text, ref[0], ref[1])
                if start < 0:
                    problems.append(f"{fid}: evidence {key} {ref[0]!r} #{ref[1]} not found")
                    del evidence[key]
                else:
                    evidence[key] = [start, start + len(ref[0])]
    return record


def resolve(draft: dict) -> tuple[str, list[Span], list[str]]:
    """Normalised text, resolved spans, problems."""
    raw = raw_text(draft.get("root", "openings"), draft.get("file", draft["id"] + ".txt"))
    text = normalize(raw)[0]
    spans, problems = [], []
    for item in draft.get("spans", []):
        try:
            label, s, n = item
        except ValueError:
            problems.append(f"span {item!r}: expected [label, text, n]")
            continue
        start = find(text, s, n)
        if start < 0:
            count = text.count(s) if s else 0
            problems.append(f"span {label} {s!r} #{n}: not found (the text has {count} occurrence(s))")
            continue
        spans.append(Span(start, start + len(s), label, s))
    spans.sort(key=lambda sp: (sp.start, sp.end))
    for a, b in zip(spans, spans[1:]):
        if b.start < a.end:
            problems.append(f"spans overlap: {a.label} {a.text!r}@{a.start} and {b.label} {b.text!r}@{b.start}")
    return text, spans, problems


def document(draft: dict) -> tuple[AnnotatedDocument, list[str]]:
    text, spans, problems = resolve(draft)
    seen: set[tuple[int, int]] = set()
    unique = []
    for s in spans:
        if (s.start, s.end) in seen:
            problems.append(f"span {s.label} {s.text!r}@{s.start} listed twice")
            continue
        seen.add((s.start, s.end))
        unique.append(s)
    record = resolve_evidence(text, draft.get("record") or {}, problems)
    doc = AnnotatedDocument(id=draft["id"], text=text, spans=tuple(unique), record=record,
                            source=draft.get("file", draft["id"] + ".txt"), origin="real",
                            format=draft.get("format", "unknown"), notes=tuple(draft.get("notes") or ()))
    return doc, problems


def cmd_show(args: argparse.Namespace) -> None:
    text = normalize(raw_text(args.root, args.id + ".txt" if not args.id.endswith(".txt") else args.id))[0]
    offset = 0
    for i, line in enumerate(text.split("\n")):
        print(f"{i:3d} @{offset:5d} | {line}")
        offset += len(line) + 1


def cmd_check(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.drafts:
        draft = json.loads(Path(path).read_text(encoding="utf-8"))
        doc, problems = document(draft)
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
    """Write by-reference corpus documents: offsets and labels, never the text."""
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    bad = 0
    for path in sorted(Path(args.draft_dir).glob("*.json")):
        draft = json.loads(path.read_text(encoding="utf-8"))
        doc, problems = document(draft)
        problems += [str(p) for p in validate(doc, where=draft["id"])]
        if problems:
            print(f"{path}: not built: {problems[:3]}")
            bad += 1
            continue
        root, file = draft.get("root", "openings"), draft.get("file", draft["id"] + ".txt")
        raw = (REAL / root / file).read_bytes()
        data = {
            "id": f"{root}-{draft['id']}", "source": f"{root}/{file}", "origin": "real", "format": doc.format,
            "split": draft.get("split"),
            "text_ref": {"root": root, "file": file, "sha256": hashlib.sha256(raw).hexdigest()},
            "text_sha256": sha256_text(doc.text), "notes": list(doc.notes), "record": doc.record,
            "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in doc.spans],
        }
        if data["split"] is None:
            del data["split"]
        (out / f"{data['id']}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
    return 1 if bad else 0


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
