"""The series pass of a batch: reports of one body for consecutive years prove each other's cells.

A 2019-format report's 表二 rows whose digits run together may have several readings no identity
inside the report chooses; the body's report of the year after (or before) may single one out
(templates.yaml ``series``, assemble/decode/series.py). ``gik extract`` runs this pass after the
per-file extraction: records of the same agency (as the records print it), years N and N+1,
both of format 2019, of which one left table cells out, are read again with the other's
readings as a constraint; a record that gains cells replaces the one written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
import sys
from pathlib import Path
from typing import Any

from gik_nlp import limits
from gik_nlp.assemble.decode import AMBIGUOUS, Decoding, SeriesLimit, decode_tables
from gik_nlp.assemble.decode.series import series_limits
from gik_nlp.assemble.fields import simplified
from gik_nlp.pipeline import SpanTagger, display_path, extract_document, read_input
from gik_nlp.record_warnings import message_of
from gik_nlp.types import Document

#: The format whose 表二 holds a series identity (templates.yaml disclosure_2019).
SERIES_FORMAT = "2019"


def _left_out(record: Mapping[str, Any]) -> bool:
    return any(message_of(w).startswith(AMBIGUOUS) for w in record.get("warnings") or ())


def by_agency(record: Mapping[str, Any]) -> str | None:
    """The body a record is of, as ``gik extract`` tells it: its ``agency`` as printed."""
    return record.get("agency") or None


def series_pairs(records: Sequence[Mapping[str, Any]],
                 body: Callable[[Mapping[str, Any]], str | None] = by_agency) -> list[tuple[int, int]]:
    """(index of year N's record, index of year N+1's) for records of one body (``body`` of
    each, by default the same ``agency`` string, not empty), of format 2019, where one of the
    two left table cells out. A body with two records for one year is not chained for that
    year (which one is the body's report is not known).

    >>> r = lambda a, y, amb=True: {"agency": a, "year": y, "format": "2019",
    ...                             "warnings": ["table-ambiguous: 表二"] if amb else []}
    >>> series_pairs([r("甲", 2020), r("甲", 2019), r("乙", 2021), r("甲", 2022)])
    [(1, 0)]
    >>> series_pairs([r("甲", 2019, False), r("甲", 2020, False)])
    []
    """
    by_year: dict[tuple[str, int], list[int]] = {}
    for index, record in enumerate(records):
        agency, year = body(record), record.get("year")
        if record.get("format") != SERIES_FORMAT or not agency or not isinstance(year, int):
            continue
        by_year.setdefault((agency, year), []).append(index)
    out = []
    for (agency, year), found in sorted(by_year.items()):
        after = by_year.get((agency, year + 1))
        if len(found) != 1 or not after or len(after) != 1:
            continue
        if _left_out(records[found[0]]) or _left_out(records[after[0]]):
            out.append((found[0], after[0]))
    return out


def _merge(limits_: Sequence[SeriesLimit]) -> list[SeriesLimit]:
    """One limit per row: a row limited from both sides (the year before and the year after)
    keeps the readings both allow; none when they allow none in common (they then say nothing)."""
    by_row: dict[tuple[str, str], SeriesLimit] = {}
    dropped: set[tuple[str, str]] = set()
    for limit in limits_:
        key = (limit.template, limit.row)
        if key in by_row:
            both = by_row[key].values & limit.values
            if not both:
                dropped.add(key)
            by_row[key] = SeriesLimit(limit.template, limit.row, both, limit.identity,
                                      f"{by_row[key].source} and {limit.source}")
        else:
            by_row[key] = limit
    return [limit for key, limit in by_row.items() if key not in dropped]


def chain_series(records: Sequence[Mapping[str, Any]], tagger: SpanTagger,
                 max_bytes: int = limits.MAX_DOCUMENT_BYTES, ocr: str = "auto",
                 body: Callable[[Mapping[str, Any]], str | None] = by_agency) -> dict[int, dict[str, Any]]:
    """Records of ``records`` (dicts as written) re-assembled with what the body's consecutive
    reports prove: index → the new record, only for records that gain cells. A report whose
    file cannot be read again, or whose text changed since (its ``text_sha256``), or whose
    extraction fails, keeps its record. ``body``: as in ``series_pairs``.
    """
    pairs = series_pairs(records, body)
    if not pairs:
        return {}
    docs: dict[int, tuple[Document, Decoding] | None] = {}

    def decoded(index: int) -> tuple[Document, Decoding] | None:
        if index not in docs:
            try:
                doc = read_input(records[index]["source"], max_bytes, ocr)
            except Exception:  # noqa: BLE001 - the record stands as written
                doc = None
            if doc is None or doc.text_sha256 != records[index].get("text_sha256"):
                docs[index] = None
            else:
                docs[index] = (doc, decode_tables(simplified(doc.text), tables=doc.tables))
        return docs[index]

    found: dict[int, list[SeriesLimit]] = {}
    for earlier, later in pairs:
        a, b = decoded(earlier), decoded(later)
        if a is None or b is None:
            continue
        name = (lambda i: f"the {records[i]['year']} report ({display_path(records[i]['source'])})")
        for_a, for_b = series_limits(a[1], b[1], name(earlier), name(later))
        found.setdefault(earlier, []).extend(for_a)
        found.setdefault(later, []).extend(for_b)
    out: dict[int, dict[str, Any]] = {}
    for index, limits_ in sorted(found.items()):
        merged = _merge(limits_)
        entry = docs.get(index)
        if not merged or entry is None:
            continue
        try:
            record = extract_document(entry[0], tagger, merged).to_dict()
        except Exception:  # noqa: BLE001 - one report's bug must not cost the batch its record
            continue
        if len(record.get("statistics") or {}) > len(records[index].get("statistics") or {}):
            out[index] = record
    return out


def summary(record: Mapping[str, Any]) -> dict[str, Any]:
    """What the series pass needs of a written record (a batch keeps this much of each)."""
    out = {key: record.get(key) for key in ("source", "text_sha256", "agency", "year", "format")}
    out["warnings"] = [w for w in record.get("warnings") or () if message_of(w).startswith(AMBIGUOUS)]
    out["statistics"] = dict.fromkeys(record.get("statistics") or {})
    return out


def by_folder(record: Mapping[str, Any]) -> str | None:
    """The body a record is of when the user says each folder holds one body's reports
    (``gik extract --series folder``): the folder of its ``source``."""
    source = record.get("source")
    return str(Path(source).parent) if isinstance(source, str) else None


#: How ``gik extract --series`` tells a record's body.
BODIES: dict[str, Callable[[Mapping[str, Any]], str | None]] = {"agency": by_agency, "folder": by_folder}


def replace_chained(written: Sequence[Mapping[str, Any]], writer: Any, model_dir: Path,
                    max_bytes: int = limits.MAX_DOCUMENT_BYTES, ocr: str = "auto", by: str = "agency") -> int:
    """The series pass of ``gik extract``: ``written`` (``summary`` of each record the batch
    wrote), ``writer`` (the open writers.RecordWriter), ``by`` (a key of BODIES). Records that
    consecutive reports prove more of are replaced in the output; the tagger is loaded only
    when some pair is found. The records written stay as they are when the output cannot be
    rewritten (the reason goes to stderr). RETURNS how many records were replaced."""
    body = BODIES[by]
    if not series_pairs(written, body):
        return 0
    from gik_nlp.tagging import load_tagger

    new = chain_series(written, load_tagger(model_dir), max_bytes, ocr, body)
    try:
        return writer.replace({(written[i]["source"], written[i]["text_sha256"]): r for i, r in new.items()})
    except OSError as exc:
        print(f"gik extract: the series pass could not rewrite {writer.store_path}: {exc}; "
              "the records stand as first written", file=sys.stderr)
        return 0


__all__ = ["BODIES", "SERIES_FORMAT", "by_agency", "by_folder", "chain_series", "replace_chained", "series_pairs", "summary"]
