"""Tests of gik_nlp.synth.generate: every span matches its text, every gold record is right.

The invariants are checked directly (span text == text[s:e], no overlaps, no span across a
line, field ids in schema.FIELDS, evidence offsets on spans of the right label) and through
``gik_nlp.corpus.validate.validate`` (the checks of `gik corpus check`).
"""

from __future__ import annotations

import functools
import re

import pytest

from gik_nlp.corpus.format import AnnotatedDocument
from gik_nlp.corpus.validate import validate
from gik_nlp.readers.normalize import normalize
from gik_nlp.schema import FIELDS, FORMATS, LABELS
from gik_nlp.synth import SynthConfig, generate
from gik_nlp.synth.config import FormatShares, NoiseRates, RenderingShares

LAYOUTS = [f for f in vars(FormatShares()) if not f.startswith("_")]
RENDERINGS = [f for f in vars(RenderingShares()) if not f.startswith("_")]
TEXT_ONLY = {"files": {"text": 1, "html": 0, "docx": 0, "pdf": 0}}
# every noise at once, as often as it can happen
ALL_NOISE = {name: 1.0 for name in vars(NoiseRates())}


def only(section: str, key: str, keys: list[str]) -> dict[str, dict[str, float]]:
    return {section: {k: (1.0 if k == key else 0.0) for k in keys}}


@functools.cache
def docs_for(config_items: tuple, n: int, seed: int) -> list[AnnotatedDocument]:
    config = {}
    for section, values in config_items:
        config[section] = dict(values)
    return generate(n, seed, SynthConfig.from_dict(config))


def make(config: dict, n: int = 12, seed: int = 3) -> list[AnnotatedDocument]:
    key = tuple(sorted((k, tuple(sorted(v.items()))) for k, v in config.items()))
    return docs_for(key, n, seed)


def assert_exact(doc: AnnotatedDocument) -> None:
    """The invariants the brief names, checked without gik_nlp.corpus.validate."""
    text = doc.text
    assert normalize(text)[0] == text, f"{doc.id}: text is not a fixed point of normalize"
    end = 0
    spans = list(doc.spans)
    assert spans == sorted(spans, key=lambda s: (s.start, s.end))
    by_offsets = {}
    for span in spans:
        assert span.label in LABELS
        assert span.text == text[span.start:span.end], f"{doc.id}: {span}"
        assert span.start >= end, f"{doc.id}: overlap at {span}"
        assert "\n" not in span.text and span.text == span.text.strip(), f"{doc.id}: {span}"
        end = span.end
        by_offsets[(span.start, span.end)] = span.label
    record = doc.record
    assert record["format"] == doc.format in FORMATS
    for fid, stat in record["statistics"].items():
        assert fid in FIELDS, f"{doc.id}: unknown field {fid}"
        evidence = stat["evidence"]
        if "cells" in evidence:
            assert stat.get("derived") and all(c in record["statistics"] for c in evidence["cells"])
            assert stat["value"] == sum(record["statistics"][c]["value"] for c in evidence["cells"])
        elif "sentence" in evidence:
            s, e = evidence["sentence"]
            assert stat["value"] == 0 and 0 <= s < e <= len(text)
        else:
            assert by_offsets.get(tuple(evidence["value"])) == "STAT_VALUE", f"{doc.id}: {fid} {evidence}"
            if "name" in evidence:
                assert by_offsets.get(tuple(evidence["name"])) == "STAT_NAME", f"{doc.id}: {fid} {evidence}"
    for other in record["other_statistics"]:
        assert by_offsets.get(tuple(other["evidence"]["value"])) == "STAT_VALUE"
        s, e = other["evidence"]["name"]
        assert by_offsets.get((s, e)) == "STAT_NAME" and text[s:e] == other["name"]
    for entry in ([record["doc_number"]] if record["doc_number"] else []) + record["cited_documents"]:
        assert entry["text"] in text
        assert entry["normalized"] == f"{entry['issuer']}〔{entry['year']}〕{entry['serial']}号"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generate_layout_spans_exact_and_records_valid(layout: str) -> None:
    docs = make({**TEXT_ONLY, **only("formats", layout, LAYOUTS)}, n=15)
    for doc in docs:
        assert_exact(doc)
        assert validate(doc) == [], doc.id
        assert f"layout: {layout}" in doc.notes


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_generate_rendering_spans_exact_and_records_valid(rendering: str) -> None:
    docs = make({**TEXT_ONLY, **only("renderings", rendering, RENDERINGS)}, n=15, seed=4)
    for doc in docs:
        assert_exact(doc)
        assert validate(doc) == [], doc.id


@pytest.mark.parametrize("seed", [5, 6])
def test_generate_all_noise_spans_exact_and_records_valid(seed: int) -> None:
    for doc in make({**TEXT_ONLY, "noise": ALL_NOISE}, n=20, seed=seed):
        assert_exact(doc)
        assert validate(doc) == [], doc.id


@pytest.mark.parametrize("seed", [0])
def test_generate_default_mix_valid(seed: int) -> None:
    docs = make({**TEXT_ONLY}, n=80, seed=seed)
    for doc in docs:
        assert_exact(doc)
        assert validate(doc) == [], doc.id
    assert {d.format for d in docs} == {"pre2019", "2019", "2021"}


@pytest.mark.parametrize("seed,n", [(7, 6)])
def test_generate_ids_and_fixed_keys(seed: int, n: int) -> None:
    docs = make(TEXT_ONLY, n=n, seed=seed)
    assert [d.id for d in docs] == [f"synth-{seed}-{i:05d}" for i in range(n)]
    assert [d.source for d in docs] == [f"synth:{seed}:{i}" for i in range(n)]
    assert {d.origin for d in docs} == {"synthetic"} and {d.split for d in docs} == {"train"}
    for doc in docs:
        assert set(doc.record) == {"title", "agency", "year", "format", "doc_number", "published", "period",
                                   "cited_documents", "statistics", "other_statistics", "warnings"}


@pytest.mark.parametrize("seed", [11])
def test_generate_deterministic_and_prefix_stable(seed: int) -> None:
    config = SynthConfig.from_dict(TEXT_ONLY)
    first = generate(6, seed, config)
    again = generate(6, seed, config)
    assert [d.to_dict() for d in first] == [d.to_dict() for d in again]
    assert [d.to_dict() for d in generate(3, seed, config)] == [d.to_dict() for d in first[:3]]
    assert first[0].text != generate(1, seed + 1, config)[0].text


@pytest.mark.parametrize("layout", ["national_2019", "national_2021"])
def test_generate_national_headlines_derived_from_cells(layout: str) -> None:
    for doc in make({**TEXT_ONLY, **only("formats", layout, LAYOUTS)}, n=10, seed=8):
        stats = doc.record["statistics"]
        if "apply.new.total" in stats:
            assert stats["request.received"]["derived"] is True
            assert stats["request.received"]["evidence"] == {"cells": ["apply.new.total"]}
        if "litigation_direct.total" in stats and "litigation_after_review.total" in stats:
            assert stats["litigation.total"]["value"] == (stats["litigation_direct.total"]["value"]
                                                          + stats["litigation_after_review.total"]["value"])
        assert not any(fid.startswith("apply.") and doc.format not in FIELDS[fid].formats for fid in stats)


@pytest.mark.parametrize("seed", [9])
def test_generate_spam_never_agency(seed: int) -> None:
    from gik_nlp.synth import lexicon

    docs = make({**TEXT_ONLY, "noise": {"spam_site": 1.0, "spam_in_agency": 1.0, "navigation": 1.0}}, n=15, seed=seed)
    spam_parts = lexicon.SPAM_PARTS_A
    for doc in docs:
        assert any(part in doc.text for part in spam_parts), doc.id
        for span in doc.spans:
            assert not any(part in span.text for part in spam_parts), (doc.id, span)
        assert doc.record["agency"] is None or not any(p in doc.record["agency"] for p in spam_parts)
        assert doc.record["title"] is None or not any(p in doc.record["title"] for p in spam_parts)


@pytest.mark.parametrize("noise", ["prose_contradiction", "inconsistent_table"])
def test_generate_injected_inconsistency_is_a_warning(noise: str) -> None:
    layouts = {"formats": {"pre2019_table": 1.0, "short_annex": 0.0, "prose": 0.0, "national_2019": 0.5,
                           "national_2021": 0.5}}
    docs = make({**TEXT_ONLY, **layouts, "noise": {noise: 1.0}}, n=12, seed=10)
    warned = [d for d in docs if d.record["warnings"]]
    assert len(warned) >= len(docs) // 2
    for doc in warned:
        assert all(isinstance(w, str) and w for w in doc.record["warnings"])


@pytest.mark.parametrize("noise,note", [("traditional", "noise: traditional"), ("ascii_punct", "noise: ascii_punct"),
                                        ("notice_wrapper", "publishing notice"), ("word_artifacts", "Word bookmark")])
def test_generate_noise_recorded_in_notes(noise: str, note: str) -> None:
    docs = make({**TEXT_ONLY, "noise": {noise: 1.0}}, n=6, seed=12)
    noted = [d for d in docs if any(note in n for n in d.notes)]
    if noise == "notice_wrapper":   # bodies without 文号 codes (ministries) publish no notice
        assert len(noted) >= len(docs) // 2 and all(d.record["doc_number"] for d in noted)
    else:
        assert noted == docs
    for doc in docs:
        assert_exact(doc)


NATIONAL = {"formats": {"pre2019_table": 0.0, "short_annex": 0.0, "prose": 0.0, "national_2019": 0.5,
                        "national_2021": 0.5}}


@pytest.mark.parametrize("seed", [13])
def test_generate_space_rows_record_only_cells_whose_column_shows(seed: int) -> None:
    """PDF-text-layer rows drop blank cells: a 表三 cell is recorded only from a line that
    prints all seven numbers; a shorter row is tagged but left out, with a warning."""
    docs = make({**TEXT_ONLY, **NATIONAL, **only("renderings", "space_rows", RENDERINGS)}, n=12, seed=seed)
    lost_rows = 0
    for doc in docs:
        values = [s for s in doc.spans if s.label == "STAT_VALUE"]

        def on_line(start: int) -> list:
            line_start = doc.text.rfind("\n", 0, start) + 1
            line_end = doc.text.find("\n", start)
            return [s for s in values if line_start <= s.start and s.end <= line_end]

        for fid, stat in doc.record["statistics"].items():
            if fid.startswith("apply.") and "value" in stat["evidence"]:
                assert len(on_line(stat["evidence"]["value"][0])) == 7, (doc.id, fid)
        warned = [w for w in doc.record["warnings"] if w.startswith("table: apply.") and "cannot be told apart" in w]
        lost_rows += len(warned)
        for warning in warned:
            assert warning.split(":")[1].strip() + "." not in " ".join(doc.record["statistics"])
    assert lost_rows > 0


@pytest.mark.parametrize("seed", [0])
def test_generate_cited_documents_in_order_of_first_mention(seed: int) -> None:
    for doc in make(TEXT_ONLY, n=40, seed=seed):
        cited = doc.record["cited_documents"]
        first = [doc.text.index(c["text"]) for c in cited]
        assert first == sorted(first), doc.id
        normalized = [c["normalized"] for c in cited]
        assert len(set(normalized)) == len(normalized), doc.id
        own = doc.record["doc_number"]
        assert own is None or own["normalized"] not in normalized


@pytest.mark.parametrize("seed", [1])
def test_generate_agency_of_a_place_title_is_never_null(seed: int) -> None:
    """annotation.md: the fullest printed name of the body, else the title's subject (江城镇)."""
    docs = make({**TEXT_ONLY, **only("formats", "prose", LAYOUTS)}, n=40, seed=seed)
    for doc in docs:
        agency = doc.record["agency"]
        assert agency and agency in doc.text, doc.id
    place_only = [d for d in docs if not any(s.label == "AGENCY" and s.text == d.record["agency"] for s in d.spans)]
    assert place_only, "no report whose agency is printed only untagged"


FEE_NEGATION = re.compile(r"(?:未|没有)(?:收取|发生)[^。，；\n]{0,20}(?:费用|收费)")


@pytest.mark.parametrize("seed", [2])
def test_generate_fee_negation_is_fee_zero(seed: int) -> None:
    """A prose negation of fees is fee.total = 0 in 万元 (seed 004), the clause as evidence
    unless the table prints the 0."""
    layouts = {"formats": {"pre2019_table": 0.5, "short_annex": 0.0, "prose": 1.0, "national_2019": 0.0,
                           "national_2021": 0.0}}
    negated = 0
    for doc in make({**TEXT_ONLY, **layouts}, n=60, seed=seed):
        if doc.format != "pre2019" or not FEE_NEGATION.search(doc.text):
            continue
        negated += 1
        fee = doc.record["statistics"].get("fee.total")
        assert fee is not None and fee["value"] == 0 and fee["unit"] == "万元", doc.id
    assert negated > 0
