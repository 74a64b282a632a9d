"""Inter-annotator agreement between two annotation passes: draft folders or built documents.

    python scripts/agreement.py A B [--ids IDS.txt] [--texts ROOT=DIR] [--json OUT.json]
    python scripts/agreement.py build PASS_A PASS_B --ids IDS.txt [-o eval/agreement] [--texts ROOT=DIR]

A and B are folders of either annotation drafts (scripts/annot.py's format: spans as
``[label, string, n]``, which need the text to resolve) or built corpus documents (``gik corpus
build``'s by-reference form: offsets, labels and record, no text; ``eval/agreement/pass1`` and
``pass2`` hold the 60 doubly annotated openings, ``corpus/openings`` the adjudicated ones). A
document is found as ``<id>.json`` or ``<root>-<id>.json``; ids are the drafts' (``a003``).

Drafts are resolved exactly as the draft tool resolves them (``corpus.drafts.draft_document``
over the normalised text); a draft whose text is not on this machine is skipped with a message
naming the file and the folders looked in. Built documents need no text; two passes of one id
must refer to the same text (``text_sha256``), else the id is skipped with the reason.

Spans are compared as ``(start, end, label)`` triples: a span agrees only with the same offsets
and label. A is the reference: precision = agreed / spans of B, recall = agreed / spans of A (F1
is symmetric, so swapping the folders swaps P and R only). Per label and micro over all labels.

Record fields are compared per document (exact equality after light canonicalisation):
title, agency, year, format, published, period (start, end), doc_number (its ``normalized`` form),
cited_documents (the list of ``normalized`` forms, order ignored), statistics (field id → value,
unit, approximate) and other_statistics (number of entries). Statistics are also scored per entry
(field id + value) as P/R/F1.

``build`` turns the drafts of the listed ids of two pass folders into built documents under
``OUT/<name of the pass folder>/`` with ``corpus.drafts.build_drafts`` (what ``gik corpus build``
runs, the split from corpus/splits/openings.tsv) and drops the annotators' notes, which may quote
the text: what is written holds ids, sha256, offsets, labels and gold records only.

The script prints (and writes, with --json) only numbers, labels, field names, field ids and
document ids: never the report text.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gik_nlp.corpus.drafts import build_drafts, draft_document, draft_text  # noqa: E402
from gik_nlp.corpus.texts import TextMissing, TextRoots  # noqa: E402
from gik_nlp.schema import LABELS  # noqa: E402

SPLIT_FILE = REPO / "corpus" / "splits" / "openings.tsv"

FIELDS = ("title", "agency", "year", "format", "doc_number", "published", "period", "cited_documents",
          "statistics (ids)", "statistics (ids+values)", "statistics (full)", "other_statistics count")


def prf(tp: int, n_a: int, n_b: int) -> tuple[float, float, float]:
    """(precision, recall, F1) of B against reference A, given agreed items and the two totals.

    >>> prf(3, 4, 6)
    (0.5, 0.75, 0.6)
    >>> prf(0, 0, 0)
    (1.0, 1.0, 1.0)
    """
    p = tp / n_b if n_b else 1.0
    r = tp / n_a if n_a else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def _docno(d: Any) -> Any:
    return d.get("normalized") if isinstance(d, dict) else d


def _num(v: Any) -> Any:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


def field_values(record: Mapping[str, Any]) -> dict[str, Any]:
    """The comparable value of each record field (FIELDS order).

    >>> v = field_values({"title": "T", "period": {"start": "2008-01-01", "end": "2008-12-31"},
    ...                   "statistics": {"proactive.total": {"value": 5, "unit": "条"}}})
    >>> v["period"], v["statistics (ids+values)"]
    (('2008-01-01', '2008-12-31'), (('proactive.total', 5.0),))
    """
    stats = record.get("statistics") or {}
    period = record.get("period")
    return {
        "title": record.get("title"),
        "agency": record.get("agency"),
        "year": record.get("year"),
        "format": record.get("format"),
        "doc_number": _docno(record.get("doc_number")),
        "published": record.get("published"),
        "period": (period.get("start"), period.get("end")) if isinstance(period, dict) else None,
        "cited_documents": tuple(sorted(str(_docno(c)) for c in record.get("cited_documents") or [])),
        "statistics (ids)": tuple(sorted(stats)),
        "statistics (ids+values)": tuple(sorted((k, _num(s.get("value"))) for k, s in stats.items())),
        "statistics (full)": tuple(sorted((k, _num(s.get("value")), s.get("unit"), bool(s.get("approximate")),
                                           bool(s.get("derived"))) for k, s in stats.items())),
        "other_statistics count": len(record.get("other_statistics") or []),
    }


@dataclass
class Annotation:
    """One pass's annotation of one document: its span triples, its record, the text it refers to."""

    spans: set[tuple[int, int, str]]
    record: dict[str, Any]
    text_sha256: str
    problems: list[str]


def _is_draft(data: Mapping[str, Any]) -> bool:
    """A draft lists spans as [label, string, n]; a built document as {start, end, label} with a text_ref.

    >>> _is_draft({"spans": [["DATE", "2019年", 0]]}), _is_draft({"text_ref": {}, "spans": []})
    (True, False)
    """
    if "text_ref" in data or "text" in data:
        return False
    return all(isinstance(s, list) for s in data.get("spans") or [])


def find_file(folder: Path, doc_id: str) -> Path | None:
    """``<id>.json``, else the built document ``<root>-<id>.json`` (one match) in ``folder``, else None."""
    path = folder / f"{doc_id}.json"
    if path.is_file():
        return path
    matches = sorted(folder.glob(f"*-{doc_id}.json"))
    return matches[0] if len(matches) == 1 else None


def load(folder: Path, doc_id: str, texts: TextRoots) -> Annotation | str:
    """The annotation of ``doc_id`` in ``folder``, or the reason it cannot be compared (one line).

    Drafts are resolved over their text (skipped when the text is missing); built documents carry
    their offsets and need no text.
    """
    from gik_nlp.types import sha256_text

    path = find_file(folder, doc_id)
    if path is None:
        return f"no {doc_id}.json in {folder}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return f"{path}: cannot read ({exc})"
    if _is_draft(data):
        try:
            text = draft_text(data, texts)[0]
        except TextMissing as exc:
            looked = ", ".join(str(p) for p in exc.looked) or "no folder"
            return f"{path}: text {exc.ref['root']}/{exc.ref['file']} not found (looked in {looked}); skipped"
        except (OSError, UnicodeDecodeError) as exc:
            return f"{path}: its text cannot be read ({exc}); skipped"
        doc, problems = draft_document(data, text)
        return Annotation({(s.start, s.end, s.label) for s in doc.spans}, data.get("record") or {},
                          doc.text_sha256, problems)
    spans = {(int(s["start"]), int(s["end"]), str(s["label"])) for s in data.get("spans") or []}
    sha = data.get("text_sha256") or (sha256_text(data["text"]) if isinstance(data.get("text"), str) else "")
    return Annotation(spans, data.get("record") or {}, str(sha), [])


def compare(a_dir: Path, b_dir: Path, ids: list[str], texts: TextRoots) -> dict[str, Any]:
    """Span and field agreement of the annotations of ``ids`` in two folders (numbers and ids only).

    An id that cannot be compared (text missing, file missing, different texts) is listed under
    ``skipped`` with its reason, and left out of every figure.
    """
    span_tp, span_a, span_b = Counter(), Counter(), Counter()
    field_agree: Counter = Counter()
    field_differ: dict[str, list[str]] = {f: [] for f in FIELDS}
    stat_tp = stat_a = stat_b = 0
    stat_diff_ids: Counter = Counter()
    span_diff: dict[str, list[str]] = {lab: [] for lab in LABELS}
    used, problems, skipped = [], [], []
    for doc_id in ids:
        da, db = load(a_dir, doc_id, texts), load(b_dir, doc_id, texts)
        reasons = [f"{side}: {x}" for side, x in (("A", da), ("B", db)) if isinstance(x, str)]
        if not reasons and da.text_sha256 and db.text_sha256 and da.text_sha256 != db.text_sha256:
            reasons.append("A and B were annotated over different texts (text_sha256 differs)")
        if reasons:
            skipped.append(f"{doc_id}: " + "; ".join(reasons))
            continue
        if da.problems or db.problems:
            problems.append(f"{doc_id}: {len(da.problems)} problem(s) in A, {len(db.problems)} in B "
                            "(unresolved spans dropped)")
        used.append(doc_id)
        sa, sb = da.spans, db.spans
        for lab in LABELS:
            xa = {s for s in sa if s[2] == lab}
            xb = {s for s in sb if s[2] == lab}
            span_tp[lab] += len(xa & xb)
            span_a[lab] += len(xa)
            span_b[lab] += len(xb)
            if xa != xb:
                span_diff[lab].append(doc_id)
        va, vb = field_values(da.record), field_values(db.record)
        for f in FIELDS:
            if va[f] == vb[f]:
                field_agree[f] += 1
            else:
                field_differ[f].append(doc_id)
        ea, eb = set(va["statistics (ids+values)"]), set(vb["statistics (ids+values)"])
        stat_tp += len(ea & eb)
        stat_a += len(ea)
        stat_b += len(eb)
        for k, _ in ea ^ eb:
            stat_diff_ids[k] += 1
    spans = {lab: {"A": span_a[lab], "B": span_b[lab], "agreed": span_tp[lab],
                   **dict(zip(("P", "R", "F1"), prf(span_tp[lab], span_a[lab], span_b[lab])))} for lab in LABELS}
    ta, tb, tt = sum(span_a.values()), sum(span_b.values()), sum(span_tp.values())
    spans["micro"] = {"A": ta, "B": tb, "agreed": tt, **dict(zip(("P", "R", "F1"), prf(tt, ta, tb)))}
    n = len(used)
    return {
        "documents": n, "ids": used, "problems": problems, "skipped": skipped, "spans": spans,
        "span_docs_differing": span_diff,
        "fields": _field_rows(field_agree, field_differ, n),
        "statistics_entries": {"A": stat_a, "B": stat_b, "agreed": stat_tp,
                               **dict(zip(("P", "R", "F1"), prf(stat_tp, stat_a, stat_b))),
                               "field_ids_differing": dict(sorted(stat_diff_ids.items(), key=lambda kv: (-kv[1], kv[0])))},
    }


def build(pass_dirs: list[Path], ids: list[str], out: Path, texts: TextRoots,
          split_file: Path | None = SPLIT_FILE) -> list[str]:
    """Build the drafts of ``ids`` of each pass folder into ``out/<folder name>/``; the lines to report.

    Uses ``corpus.drafts.build_drafts`` (``gik corpus build``) on a copy holding only the listed
    drafts, then drops ``notes`` (annotators' notes may quote the text). A draft whose text is
    missing is skipped and said so; one the build refuses is reported with its problems.
    """
    from gik_nlp.corpus.split import read_split_file

    splits = read_split_file(split_file) if split_file and split_file.is_file() else {}
    lines = []
    for pass_dir in pass_dirs:
        target = out / pass_dir.name
        if target.exists():
            shutil.rmtree(target)
        with tempfile.TemporaryDirectory() as tmp:
            missing = []
            for doc_id in ids:
                src = pass_dir / f"{doc_id}.json"
                if src.is_file():
                    shutil.copy(src, Path(tmp) / src.name)
                else:
                    missing.append(doc_id)
            result = build_drafts(Path(tmp), target, splits, texts)
        for path in result.written:
            data = json.loads(path.read_text(encoding="utf-8"))
            data.pop("notes", None)
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        lines.append(f"{pass_dir}: built {len(result.written)} of {len(ids)} into {target}")
        lines += [f"  no draft: {doc_id}" for doc_id in missing]
        lines += [f"  skipped {s.doc_id}: text {s.file} not found (looked in "
                  f"{', '.join(str(p) for p in s.looked) or 'no folder'})" for s in result.skipped]
        lines += [f"  refused {where}: {'; '.join(problems)}" for where, problems in result.refused]
    return lines


def markdown(res: Mapping[str, Any]) -> str:
    """The result as Markdown tables (numbers, labels, field names and ids only)."""
    out = [f"Documents compared: {res['documents']}", "",
           "| label | spans A | spans B | agreed | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for lab, s in res["spans"].items():
        out.append(f"| {lab} | {s['A']} | {s['B']} | {s['agreed']} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} |")
    out += ["", *fields_table(res["fields"])]
    se = res["statistics_entries"]
    out += ["", f"Statistics entries (field id + value): A {se['A']}, B {se['B']}, agreed {se['agreed']}, "
                f"P {se['P']:.3f}, R {se['R']:.3f}, F1 {se['F1']:.3f}",
            "Field ids in disagreement (entries): "
            + (", ".join(f"{k} {v}" for k, v in se["field_ids_differing"].items()) or "none"), ""]
    out.append("Documents whose spans differ, per label: "
               + "; ".join(f"{lab} {len(ids)} ({' '.join(ids)})" for lab, ids in res["span_docs_differing"].items()))
    if res["problems"]:
        out += ["", "Problems: " + "; ".join(res["problems"])]
    if res.get("skipped"):
        out += ["", f"Skipped {len(res['skipped'])} document(s): " + "; ".join(res["skipped"])]
    return "\n".join(out) + "\n"


def read_ids(path: Path) -> list[str]:
    """The ids listed in a file, one a line (blank lines ignored)."""
    return [x.strip() for x in path.read_text(encoding="utf-8").split() if x.strip()]


def _ids(path: Path | None, a: Path, b: Path) -> list[str]:
    """The ids listed in ``path`` (one a line), else those with a file in both folders."""
    if path:
        return read_ids(path)

    def stems(folder: Path) -> set[str]:
        out = set()
        for p in folder.glob("*.json"):
            try:
                data = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError):
                continue
            ref = data.get("text_ref") if isinstance(data, dict) else None
            root = ref.get("root") if isinstance(ref, dict) else None
            out.add(p.stem[len(root) + 1:] if root and p.stem.startswith(f"{root}-") else p.stem)
        return out

    return sorted(stems(a) & stems(b))


#: The record head fields a head-only second reading gives (agreement.py head).
HEAD_FIELDS = ("agency", "published", "year", "doc_number")


def compare_head(corpus: Path, records: Path) -> dict[str, Any]:
    """Agreement of a head-only second reading (JSON Lines of ``{"id", "agency", "published", "year",
    "doc_number"}``) with the built documents of ``corpus`` (read by ``load``: no text is needed):
    per field, the documents agreeing (exact equality, as field_values compares) and the ids that
    differ, in ``compare``'s shape. A line whose document cannot be loaded is reported under ``skipped``."""
    agree = {f: 0 for f in HEAD_FIELDS}
    differ: dict[str, list[str]] = {f: [] for f in HEAD_FIELDS}
    skipped, n = [], 0
    for line in records.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        second = json.loads(line)
        gold = load(corpus, second["id"], TextRoots.default([]))
        if isinstance(gold, str):
            skipped.append(gold)
            continue
        n += 1
        ours, theirs = field_values(gold.record), field_values(second)
        for name in HEAD_FIELDS:
            if ours[name] == theirs[name]:
                agree[name] += 1
            else:
                differ[name].append(second["id"])
    return {"documents": n, "skipped": skipped, "fields": _field_rows(agree, differ, n)}


def _field_rows(agree: Mapping[str, int], differ: Mapping[str, list[str]], n: int) -> dict[str, Any]:
    """Per record field: documents agreeing, of how many, the rate and the ids that differ."""
    return {f: {"agree": agree.get(f, 0), "of": n, "rate": round(agree.get(f, 0) / n, 4) if n else None,
                "differ": ids} for f, ids in differ.items()}


def fields_table(fields: Mapping[str, Any]) -> list[str]:
    """The record fields' agreement as Markdown table lines."""
    out = ["| record field | documents agreeing | rate | differing ids |", "|---|---:|---:|---|"]
    for f, s in fields.items():
        out.append(f"| {f} | {s['agree']}/{s['of']} | {s['rate']:.3f} | {' '.join(s['differ']) or '—'} |")
    return out


def head_markdown(res: Mapping[str, Any]) -> str:
    """The head agreement as a table: field, documents agreeing, rate, differing ids."""
    return "\n".join(fields_table(res["fields"])) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["head"]:
        parser = argparse.ArgumentParser(prog="agreement.py head",
                                         description="agreement of a head-only second reading with the corpus")
        parser.add_argument("corpus", type=Path, help="folder of annotated documents (corpus/openings)")
        parser.add_argument("records", type=Path, help="JSON Lines of the second reading's head fields")
        args = parser.parse_args(argv[1:])
        res = compare_head(args.corpus, args.records)
        return _report(res, head_markdown)
    if argv[:1] == ["build"]:
        parser = argparse.ArgumentParser(prog="agreement.py build", description=__doc__,
                                         formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.add_argument("passes", type=Path, nargs="+", help="draft folders of the passes (pass1 pass2)")
        parser.add_argument("--ids", type=Path, required=True, help="file of ids, one a line (the doubles)")
        parser.add_argument("-o", "--out", type=Path, default=REPO / "eval" / "agreement",
                            help="folder for OUT/<pass folder name>/ (default: eval/agreement)")
        parser.add_argument("--texts", action="append", default=[], help="ROOT=DIR or DIR (as gik corpus build)")
        args = parser.parse_args(argv[1:])
        for d in args.passes:
            if not d.is_dir():
                parser.error(f"{d}: no such draft folder")
        lines = build(args.passes, read_ids(args.ids), args.out, TextRoots.default(args.texts))
        sys.stdout.write("\n".join(lines) + "\n")
        return 0 if not any(line.startswith("  ") for line in lines) else 1
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=Path, help="reference folder: drafts or built documents (e.g. first pass)")
    parser.add_argument("b", type=Path, help="second folder (e.g. second pass)")
    parser.add_argument("--ids", type=Path, help="file of ids, one a line (default: ids present in both)")
    parser.add_argument("--texts", action="append", default=[], help="ROOT=DIR or DIR (as gik corpus build)")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    args = parser.parse_args(argv)
    for d in (args.a, args.b):
        if not d.is_dir():
            parser.error(f"{d}: no such folder")
    res = compare(args.a, args.b, _ids(args.ids, args.a, args.b), TextRoots.default(args.texts))
    status = _report(res, markdown)
    if args.json and not status:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return status


def _report(res: Mapping[str, Any], table: Callable[[Mapping[str, Any]], str]) -> int:
    """Print what was skipped (stderr) and the table of ``res``; 1 when nothing was compared."""
    for line in res["skipped"]:
        print(f"agreement.py: skipped {line}", file=sys.stderr)
    if not res["documents"]:
        print("agreement.py: nothing to compare", file=sys.stderr)
        return 1
    sys.stdout.write(table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
