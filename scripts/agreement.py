"""Inter-annotator agreement between two folders of annotation drafts (scripts/annot.py format).

    python scripts/agreement.py PASS_A PASS_B [--ids doubles.txt] [--texts ROOT=DIR] [--json OUT.json]

For every id present in both folders (or listed in --ids), the spans of both drafts are resolved
exactly as the draft tool resolves them (``corpus.drafts.draft_document`` over the normalised text)
and compared as ``(start, end, label)`` triples: a span agrees only with the same offsets and label.
PASS_A is the reference: precision = agreed / spans of B, recall = agreed / spans of A (F1 is
symmetric, so swapping the folders swaps P and R only). Per label and micro over all labels.

Record fields are compared per document (exact equality after light canonicalisation):
title, agency, year, format, published, period (start, end), doc_number (its ``normalized`` form),
cited_documents (the list of ``normalized`` forms, order ignored), statistics (field id → value,
unit, approximate) and other_statistics (number of entries). Statistics are also scored per entry
(field id + value) as P/R/F1.

The script prints (and writes, with --json) only numbers, labels, field names, field ids and
document ids: never the report text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Mapping

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gik_nlp.corpus.drafts import draft_document, draft_text  # noqa: E402
from gik_nlp.corpus.texts import TextRoots  # noqa: E402
from gik_nlp.schema import LABELS  # noqa: E402

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


def load(folder: Path, doc_id: str) -> dict[str, Any] | None:
    path = folder / f"{doc_id}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def compare(a_dir: Path, b_dir: Path, ids: list[str], texts: TextRoots) -> dict[str, Any]:
    """Span and field agreement of the drafts of ``ids`` in two folders (numbers and ids only)."""
    span_tp, span_a, span_b = Counter(), Counter(), Counter()
    field_agree: Counter = Counter()
    field_differ: dict[str, list[str]] = {f: [] for f in FIELDS}
    stat_tp = stat_a = stat_b = 0
    stat_diff_ids: Counter = Counter()
    span_diff: dict[str, list[str]] = {lab: [] for lab in LABELS}
    used, problems = [], []
    for doc_id in ids:
        da, db = load(a_dir, doc_id), load(b_dir, doc_id)
        if da is None or db is None:
            problems.append(f"{doc_id}: draft missing in {'A' if da is None else 'B'}")
            continue
        text = draft_text(da, texts)[0]
        (doc_a, pa), (doc_b, pb) = draft_document(da, text), draft_document(db, text)
        if pa or pb:
            problems.append(f"{doc_id}: {len(pa)} problem(s) in A, {len(pb)} in B (unresolved spans dropped)")
        used.append(doc_id)
        sa = {(s.start, s.end, s.label) for s in doc_a.spans}
        sb = {(s.start, s.end, s.label) for s in doc_b.spans}
        for lab in LABELS:
            xa = {s for s in sa if s[2] == lab}
            xb = {s for s in sb if s[2] == lab}
            span_tp[lab] += len(xa & xb)
            span_a[lab] += len(xa)
            span_b[lab] += len(xb)
            if xa != xb:
                span_diff[lab].append(doc_id)
        va, vb = field_values(da.get("record") or {}), field_values(db.get("record") or {})
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
        "documents": n, "ids": used, "problems": problems, "spans": spans,
        "span_docs_differing": span_diff,
        "fields": {f: {"agree": field_agree[f], "of": n, "rate": round(field_agree[f] / n, 4) if n else None,
                       "differ": field_differ[f]} for f in FIELDS},
        "statistics_entries": {"A": stat_a, "B": stat_b, "agreed": stat_tp,
                               **dict(zip(("P", "R", "F1"), prf(stat_tp, stat_a, stat_b))),
                               "field_ids_differing": dict(sorted(stat_diff_ids.items(), key=lambda kv: (-kv[1], kv[0])))},
    }


def markdown(res: Mapping[str, Any]) -> str:
    """The result as Markdown tables (numbers, labels, field names and ids only)."""
    out = [f"Documents compared: {res['documents']}", "",
           "| label | spans A | spans B | agreed | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for lab, s in res["spans"].items():
        out.append(f"| {lab} | {s['A']} | {s['B']} | {s['agreed']} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} |")
    out += ["", "| record field | documents agreeing | rate | differing ids |", "|---|---:|---:|---|"]
    for f, s in res["fields"].items():
        out.append(f"| {f} | {s['agree']}/{s['of']} | {s['rate']:.3f} | {' '.join(s['differ']) or '—'} |")
    se = res["statistics_entries"]
    out += ["", f"Statistics entries (field id + value): A {se['A']}, B {se['B']}, agreed {se['agreed']}, "
                f"P {se['P']:.3f}, R {se['R']:.3f}, F1 {se['F1']:.3f}",
            "Field ids in disagreement (entries): "
            + (", ".join(f"{k} {v}" for k, v in se["field_ids_differing"].items()) or "none"), ""]
    out.append("Documents whose spans differ, per label: "
               + "; ".join(f"{lab} {len(ids)} ({' '.join(ids)})" for lab, ids in res["span_docs_differing"].items()))
    if res["problems"]:
        out += ["", "Problems: " + "; ".join(res["problems"])]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=Path, help="reference draft folder (e.g. first pass)")
    parser.add_argument("b", type=Path, help="second draft folder (e.g. second pass)")
    parser.add_argument("--ids", type=Path, help="file of ids, one a line (default: ids present in both)")
    parser.add_argument("--texts", action="append", default=[], help="ROOT=DIR or DIR (as gik corpus build)")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    args = parser.parse_args()
    if args.ids:
        ids = [x.strip() for x in args.ids.read_text(encoding="utf-8").split() if x.strip()]
    else:
        ids = sorted({p.stem for p in args.a.glob("*.json")} & {p.stem for p in args.b.glob("*.json")})
    res = compare(args.a, args.b, ids, TextRoots.default(args.texts))
    sys.stdout.write(markdown(res))
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
