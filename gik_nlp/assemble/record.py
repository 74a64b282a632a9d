"""Build a report's record (docs/spec/record.md) from its document and its tagged spans.

One function, ``build_record``, joins the steps, each in its own module:

1. the head — title, year, 文号, period, agency, published (``report_head.py``);
2. the tables — the decoder reads every 表二/表三/表四 and 统计表 against its template
   (``decode/``); the fallback row reader pairs the tagged values of any other table row by
   its separators (``decode/fallback.py``); decoded cells take precedence (``decode/records.py``);
3. prose — a figure's name and value in a sentence, and zeros stated by negation (``prose.py``);
4. statistics — pairings become statistics, headline fields are derived, the report's format
   is decided (``statistics.py``), and the templates' identities are checked (``checks.py``).

Decisions read the text in simplified characters (a scraped traditional copy reads like the
original); what the record quotes is as printed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from gik_nlp.assemble.checks import check_statistics
from gik_nlp.assemble.decode import SeriesLimit, decode_tables
from gik_nlp.assemble.decode.fallback import read_rows_fallback
from gik_nlp.assemble.decode.records import merge_decoded, stated_values, with_decoded
from gik_nlp.assemble.evidence import finish_others, finish_statistics
from gik_nlp.assemble.fields import simplified
from gik_nlp.assemble.head import without_government_information
from gik_nlp.assemble.lines import spans_of, text_lines
from gik_nlp.assemble.numbers import parse_quantity
from gik_nlp.assemble.pairing import Pairing
from gik_nlp.assemble.prose import find_negations, pair_prose
from gik_nlp.assemble.report_head import (cited_documents, find_agency, find_doc_number, find_period,
                                          find_published, find_signature, find_title, find_year, site_names)
from gik_nlp.assemble.statistics import derive_headline, detect_format, resolve_statistics
from gik_nlp.schema import LABELS
from gik_nlp.types import Document, ReportRecord, Span


def _clean_spans(text: str, spans: Sequence[Span]) -> list[Span]:
    """Spans inside the text, with their text re-read from it, in order."""
    out = []
    for span in spans:
        if 0 <= span.start < span.end <= len(text) and span.label in LABELS:
            out.append(Span(span.start, span.end, span.label, text[span.start:span.end], span.score))
    return sorted(out, key=lambda s: (s.start, s.end))


def build_record(doc: Document, spans: list[Span], model: str = "",
                 series: Sequence[SeriesLimit] = ()) -> ReportRecord:
    """The record of one report from its document and its tagged spans.

    Works with gold spans and with a model's imperfect ones (missing, split or extra
    spans): what the spans do not give stays null or out of ``statistics``. Decisions read
    the text in simplified characters (a scraped traditional copy reads like the original);
    what the record quotes (title, agency, names, 文号) is as printed. ``series``: what the
    body's report of the year before or after proves of this one's table rows (decode/series.py).
    """
    text = doc.text
    view = simplified(text)
    # a 政府 that opens 政府信息 ends no body's name (head.without_government_information)
    read_spans = without_government_information(view, spans)
    printed_spans = _clean_spans(text, read_spans)
    view_spans = _clean_spans(view, read_spans)
    # 1. the head (report_head.py)
    lines = text_lines(text, view)
    sites = site_names(lines)
    title = find_title(lines, sites)
    period = find_period(view, view_spans, lines, sites)
    year = find_year(title, lines, period)
    doc_number, own_span = find_doc_number(text, lines, printed_spans, title)
    cited = cited_documents(text, printed_spans, doc_number, own_span)
    signature = find_signature(lines, printed_spans, sites, title.bounds[1] if title else 0)
    agency = find_agency(text, view, lines, printed_spans, sites, title, signature)
    published = find_published(view, lines, printed_spans, sites, signature, year,
                               title.bounds[1] if title else 0)
    evidence = {key: found.evidence() for key, found in (("agency", agency), ("published", published)) if found}

    # 2. the tables: the decoder's templates, the fallback rows (decode/); 3. prose (prose.py)
    reading = read_rows_fallback(view, view_spans)
    decoding = decode_tables(view, tables=doc.tables, series=series)
    report_format = detect_format(view, with_decoded(reading, decoding), year)
    prose = pair_prose(view, view_spans, reading.consumed, report_format)
    if decoding.ambiguous:
        # figures the report states in prose may single out one of the readings
        decoding = decode_tables(view, stated_values(prose, decoding, view, spans_of(view_spans, "STAT_VALUE")),
                                 doc.tables, series)
    table_pairings, prose = merge_decoded(reading.pairings, prose, decoding, spans_of(view_spans, "STAT_VALUE"))
    # 4. statistics, headline fields, checks (statistics.py, checks.py)
    pairings = [_as_printed(p, text, view) for p in table_pairings + prose]
    # offsets are shared: the view decides, warnings quote the text as printed
    statistics, others, warnings = resolve_statistics(text, pairings, find_negations(view), report_format)
    statistics = finish_statistics(doc, statistics)  # canonical units, evidence text (assemble/evidence.py)
    # the fallback reader's complaints are about the tables the decoder read, where it read any
    line_warnings = [] if any(t.cells for t in decoding.tables) else reading.warnings
    warnings = line_warnings + decoding.warnings + warnings
    warnings += derive_headline(statistics, report_format)
    values = {k: v.value for k, v in statistics.items() if not v.derived}
    warnings += check_statistics(values, report_format)
    return ReportRecord(
        source=doc.source, title=title.text if title else None, agency=agency.value if agency else None, year=year,
        format=report_format, doc_number=doc_number, published=published.value if published else None, period=period,
        cited_documents=tuple(cited), statistics=statistics, other_statistics=finish_others(doc, tuple(others)),
        warnings=tuple(warnings), spans=tuple(spans), text_sha256=doc.text_sha256, model=model, evidence=evidence)


def _as_printed(pairing: Pairing, text: str, view: str) -> Pairing:
    """The pairing with its name as printed (values stay in the simplified view: 7254條 is 条)."""
    if pairing.name_span and view[pairing.name_span[0]:pairing.name_span[1]] == pairing.name:
        return replace(pairing, name=text[pairing.name_span[0]:pairing.name_span[1]])
    return pairing


def gold_name_pairs(text: str, spans: Sequence[Span], record: dict) -> list[tuple[str, str]]:
    """(printed name, target) pairs a gold document implies without name evidence: the assembler's
    pairings over its gold spans whose value belongs to exactly one gold statistic.

    Gold records of the real openings give statistics by value, rarely with the offsets of the
    indicator's name; the name classifier learns their names from this alignment (tagging/train.py).
    """
    from gik_nlp.assemble.fields import target_of

    view = simplified(text)
    view_spans = _clean_spans(view, list(spans))
    by_value: dict[float, list[str]] = {}
    for field_id, stat in (record.get("statistics") or {}).items():
        value = stat.get("value") if isinstance(stat, dict) else None
        if isinstance(value, (int, float)):
            by_value.setdefault(float(value), []).append(field_id)
    reading = read_rows_fallback(view, view_spans)
    prose = pair_prose(view, view_spans, reading.consumed, str(record.get("format") or "unknown"))
    pairs = []
    for pairing in reading.pairings + prose:
        if not pairing.name_span:
            continue
        quantity = parse_quantity(pairing.value_text)
        fields = by_value.get(float(quantity.value)) if quantity else None
        target = target_of(fields[0]) if fields and len(fields) == 1 else None
        if target:
            pairs.append((text[pairing.name_span[0]:pairing.name_span[1]], target))
    return pairs


__all__ = ["build_record", "gold_name_pairs"]
