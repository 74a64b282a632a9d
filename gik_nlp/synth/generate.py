"""generate(n, seed) -> annotated synthetic reports whose spans and gold records are exact.

One document: draw a format, a year and a reporting body; draw which noise applies; build
the report's blocks (formats.py); add structural noise (noise.py); lay the blocks out as
text in one of the table renderings (render.py), or render them to an HTML/DOCX/PDF file
and read that back through gik_nlp.readers (files.py); normalise as a reader would; move
every span onto the normalised text; and write the gold record from the facts.
"""

from __future__ import annotations

import logging
import random
import re
from typing import Any

from gik_nlp.corpus.format import AnnotatedDocument
from gik_nlp.schema import LABELS
from gik_nlp.synth import noise as noise_mod
from gik_nlp.synth.agencies import sample_agency
from gik_nlp.synth.blocks import AlignmentError, Block, Normalised, Para, map_text, normalise
from gik_nlp.synth.config import SynthConfig, _weights
from gik_nlp.synth.formats import BUILDERS, LAYOUT_FORMAT, prose_format, year_for
from gik_nlp.synth.render import render_text, sample_style
from gik_nlp.synth.renderings import PARTS
from gik_nlp.synth.report import Report, region, resolve_statistics
from gik_nlp.types import Span

log = logging.getLogger(__name__)


class SynthError(RuntimeError):
    """A generated document failed its own checks (a bug in the generator)."""


def generate(n: int, seed: int, config: SynthConfig | None = None) -> list[AnnotatedDocument]:
    """``n`` annotated synthetic reports, deterministic for ``seed`` (and config).

    Documents are independent: document ``i`` depends only on (seed, i, config), so
    ``generate(10, s)[:5] == generate(5, s)``.
    """
    config = config or SynthConfig()
    return [generate_one(seed, i, config) for i in range(n)]


def generate_one(seed: int, index: int, config: SynthConfig) -> AnnotatedDocument:
    """Document ``index`` of ``seed``."""
    rng = random.Random(f"gik-synth:{seed}:{index}")
    report, blocks = build(rng, config)
    file_kind = _pick(rng, _weights(config.files))
    if report.tables_rendered:
        file_kind = "text"   # a rendering is text as a converter or scraper left it, not a file's table
    style = sample_style(rng, _pick(rng, _weights(config.renderings)),
                         collapse=rng.random() < config.noise.collapsed_pipes,
                         flat_t4=rng.random() < config.noise.flat_table4)
    transform = noise_mod.make_transform(
        rng, to_traditional=report.noise["traditional"], glosses=report.noise["pinyin_gloss"],
        ascii_punct=report.noise["ascii_punct"])
    if transform is not None:
        blocks = map_text(blocks, transform)
    normalised: Normalised | None = None
    fmt_note = f"rendering: text, tables as {style.table}"
    if file_kind != "text":
        from gik_nlp.synth import files
        try:
            normalised = files.pass_through(blocks, file_kind, rng)
            fmt_note = f"rendering: {file_kind} file read back through gik_nlp.readers"
        except files.PassThroughError as exc:
            log.warning("synth-%s-%05d: %s pass-through failed (%s); using the text rendering", seed, index,
                        file_kind, exc)
            report.notes.append(f"{file_kind} pass-through failed ({exc}); text rendering used")
    if normalised is None:
        raw = render_text(blocks, style, rng)
        try:
            normalised = normalise(raw)
        except AlignmentError as exc:
            raise SynthError(f"synth-{seed}-{index:05d}: {exc}") from exc
    report.notes.append(fmt_note)
    return assemble(report, normalised, seed, index)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = [k for k, w in weights.items() if w > 0]
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def build(rng: random.Random, config: SynthConfig) -> tuple[Report, list[Block]]:
    """The report's facts and blocks, noise included."""
    layout = _pick(rng, _weights(config.formats))
    year = year_for(layout, rng)
    fmt = prose_format(year) if layout == "prose" else LAYOUT_FORMAT[layout]
    agency = sample_agency(rng, year)
    r = Report(rng, config, year, fmt, layout, agency)
    n = config.noise
    spam = rng.random() < n.spam_site
    trad = rng.random() < n.traditional
    r.noise = {
        "spam": spam, "navigation": spam or rng.random() < n.navigation, "traditional": trad,
        "pinyin_gloss": trad and rng.random() < n.pinyin_gloss, "ascii_punct": rng.random() < n.ascii_punct,
        "broken_doc_number": rng.random() < n.broken_doc_number, "cn_date": rng.random() < n.chinese_numeral_date,
        "lost_digit_date": rng.random() < n.lost_digit_date, "period_next_year": rng.random() < n.period_next_year,
        "notice_wrapper": rng.random() < n.notice_wrapper and bool(agency.issuers), "word_artifacts": rng.random() < n.word_artifacts,
        "prose_contradiction": rng.random() < n.prose_contradiction,
        "inconsistent_table": rng.random() < n.inconsistent_table, "fullwidth_digits": rng.random() < n.fullwidth_digits,
        "units_in_cells": rng.random() < n.units_in_cells, "approx": rng.random() < 0.6,
        "cn_numerals": rng.random() < 0.5,
    }
    r.self_only = rng.random() < n.self_reference
    # (no draw at a rate of 0: the default documents stay as they were)
    drawn = n.national_table_renderings > 0 and rng.random() < n.national_table_renderings
    r.table_rendering = config.table_rendering or (rng.choice(sorted(PARTS)) if drawn else "")
    blocks = BUILDERS[layout](r)
    r.notes.insert(0, f"layout: {layout}")
    if r.noise["notice_wrapper"]:
        before, after = noise_mod.notice_wrapper(r, f"{agency.name}{year}年政府信息公开工作年度报告")
        blocks = before + blocks + after
    if r.noise["word_artifacts"]:
        noise_mod.word_artifacts(r, blocks)
    header: list[Block] = []
    if spam or r.noise["navigation"]:
        name = noise_mod.spam_name(rng) if spam else None
        header = noise_mod.page_header(r, name, r.noise["navigation"])
        if name and rng.random() < n.spam_in_agency:
            spliced = noise_mod.spam_agency_title(r, name)
            if spliced:
                header.append(spliced)
        if name and rng.random() < 0.4:
            noise_mod.splice_spam(r, blocks, name)
    blocks = header + blocks
    if r.agency_key is None and not r.self_only:
        r.agency_key = _first_full_name(blocks, agency.name)
    if r.published is None and r.page_date:
        # annotation.md D1: with no signature date, the page's posting date is the report's
        # (it is always within the covered year + 1 here)
        r.published = r.page_date
    for name, on in sorted(r.noise.items()):
        if on and name in ("traditional", "pinyin_gloss", "ascii_punct", "cn_date", "fullwidth_digits",
                           "units_in_cells", "broken_doc_number", "inconsistent_table"):
            r.notes.append(f"noise: {name}")
    if r.self_only:
        r.notes.append("noise: the body calls itself only by pronoun in the text (我局/本机关/我镇): untagged")
    return r, blocks


def _first_full_name(blocks: list[Block], name: str) -> str | None:
    for block in blocks:
        if isinstance(block, Para):
            for seg in block.segs:
                if seg.label == "AGENCY" and seg.text == name:
                    return seg.key
    return None


_DOCNO_ISSUER = r"^(.*?)[）)]?[〔\[（【﹝(]?{year}"


def assemble(r: Report, norm: Normalised, seed: int, index: int) -> AnnotatedDocument:
    """The annotated document: spans on the normalised text and the gold record."""
    text, regions = norm.text, norm.regions
    spans = sorted((Span(s, e, label, text[s:e]) for s, e, label, _ in norm.spans), key=lambda s: (s.start, s.end))
    check_spans(text, spans, f"synth-{seed}-{index:05d}")
    stats, others, warnings, notes = resolve_statistics(r, text, regions, norm.lost)

    def doc_number(rec: dict[str, Any], key: str) -> dict[str, Any]:
        s, e = regions[key]
        printed = text[s:e]
        m = re.match(_DOCNO_ISSUER.format(year=rec["year"]), printed)
        issuer = m.group(1) if m and m.group(1) else rec["issuer"]
        return {"text": printed, "normalized": f"{issuer}〔{rec['year']}〕{rec['serial']}号", "issuer": issuer,
                "year": rec["year"], "serial": rec["serial"]}

    title = "".join(text[slice(*region(regions, k))].strip() for k in r.title_keys) or None
    if r.agency_key and r.agency_key in regions:
        agency: str | None = text[slice(*regions[r.agency_key])]
    else:
        agency = printed_agency(r, text, regions)
    own = doc_number(r.doc_number, r.doc_number_key) if r.doc_number and r.doc_number_key else None
    # cited documents in order of first mention in the text, once each
    cited: list[dict[str, Any]] = []
    seen = {own["normalized"]} if own else set()
    mentions = sorted(((c, k) for c, k in zip(r.cited, r.cited_keys) if k in regions), key=lambda ck: regions[ck[1]])
    for rec, key in mentions:
        number = doc_number(rec, key)
        if number["normalized"] not in seen:
            seen.add(number["normalized"])
            cited.append(number)
    record = {
        "title": title,
        "agency": agency,
        "year": r.year,
        "format": r.format,
        "doc_number": own,
        "published": r.published,
        "period": r.period,
        "cited_documents": cited,
        "statistics": stats,
        "other_statistics": others,
        "warnings": [w for w in r.warnings if _check_stands(w, r, stats)] + warnings,
    }
    return AnnotatedDocument(id=f"synth-{seed}-{index:05d}", text=text, spans=tuple(spans), record=record,
                             source=f"synth:{seed}:{index}", origin="synthetic", format=r.format, split="train",
                             notes=tuple(r.notes + notes))


def printed_agency(r: Report, text: str, regions: dict[str, tuple[int, int]]) -> str | None:
    """The record's agency when no signature, title or tagged full name gives it
    (annotation.md, project decisions): the fullest name of the body printed anywhere
    (涟水县人民政府 inside 涟水县人民政府门户网站; a short name that carries the place,
    西乌珠穆沁旗政府办), else the title's subject (江城镇)."""
    a = r.agency
    names = [a.name] + sorted((s for s in a.short_names if s.startswith(a.place) and s != a.name), key=len,
                              reverse=True)
    for name in names:
        for form in dict.fromkeys((name, noise_mod.traditional(name))):
            at = _printed_at(text, form)
            if at >= 0:
                return text[at:at + len(form)]
    if r.subject_key and r.subject_key in regions:
        return text[slice(*regions[r.subject_key])].strip() or None
    return None


def _printed_at(text: str, name: str) -> int:
    """Where ``name`` is printed as itself, not as the start of a longer body's name
    (易门县人民政府 in 易门县人民政府办公室 is the office's name); -1 when nowhere."""
    at = text.find(name)
    while at >= 0 and text[at + len(name):at + len(name) + 1] in ("办", "辦") and not name.endswith(("办", "辦")):
        at = text.find(name, at + 1)
    return at


def _check_stands(warning: str, r: Report, stats: dict[str, Any]) -> bool:
    """Whether a consistency-check warning of the report's own slip (numbers.break_one_check)
    still applies: its 表三 column or 表四 block may have been left out of the record."""
    head = warning.split(":", 1)[0]
    if head.startswith("apply."):
        column = head.split(".", 1)[1]
        cells = {m.field for m in r.mentions if m.origin == "table" and m.field and m.field.startswith("apply.")
                 and m.field.endswith("." + column)}
        return all(c in stats for c in cells)
    if head == "review":
        cells = {m.field for m in r.mentions if m.origin == "table" and m.field and m.field.startswith("review.")}
        return all(c in stats for c in cells)
    return True


def check_spans(text: str, spans: list[Span], where: str) -> None:
    """Raise SynthError unless spans are in bounds, labelled, non-overlapping and single-line."""
    end = 0
    for span in spans:
        if span.label not in LABELS:
            raise SynthError(f"{where}: unknown label {span.label}")
        if not 0 <= span.start < span.end <= len(text):
            raise SynthError(f"{where}: span {span} out of bounds")
        if span.start < end:
            raise SynthError(f"{where}: span {span} overlaps the previous one")
        piece = text[span.start:span.end]
        if "\n" in piece or piece != piece.strip():
            raise SynthError(f"{where}: span {span} crosses a line or has whitespace at an end")
        end = span.end
