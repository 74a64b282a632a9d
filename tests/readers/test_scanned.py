"""A scanned report end to end: a synthetic report's pages as images in a PDF without a text
layer → OCR → tagger → record, scored against the report's gold."""

from __future__ import annotations

from collections import Counter

import pytest

from gik_nlp.readers import ReadError, read_bytes
from gik_nlp.readers.ocr import ocr_available
from gik_nlp.synth.config import SynthConfig

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not ocr_available(), reason="the OCR extra (rapidocr-onnxruntime) is not installed")]

#: A clean office scan: no web-page noise (that is what pages, not scans, carry).
CLEAN = SynthConfig.from_dict({"noise": {key: 0.0 for key in (
    "spam_site", "navigation", "traditional", "ascii_punct", "broken_doc_number", "chinese_numeral_date",
    "lost_digit_date", "period_next_year", "self_reference")}})


def _f1(tp: int, predicted: int, gold: int) -> float:
    return 2 * tp / (predicted + gold) if predicted + gold else 1.0


@pytest.fixture(scope="module")
def default_tagger():
    from gik_nlp.pipeline import default_model_dir
    from gik_nlp.tagging import load_tagger

    return load_tagger(default_model_dir())


@pytest.fixture(scope="module")
def scanned():
    from gik_nlp.synth.scan import scanned_report

    # Report 1 of seed 7 is a 2019-format report: 表二, 表三 and 表四 on three scanned pages.
    return scanned_report(7, 1, CLEAN)


def test_scanned_pdf_has_no_text_layer_without_ocr(scanned) -> None:
    _, pdf = scanned
    with pytest.raises(ReadError) as caught:
        read_bytes(pdf, "scan.pdf", ocr="never")
    assert caught.value.kind == "no_text_layer"


def test_scanned_report_gives_its_gold_record(scanned, default_tagger) -> None:
    from gik_nlp.pipeline import extract_document

    gold, pdf = scanned
    assert gold.format == "2019"
    doc = read_bytes(pdf, "scan.pdf")
    assert doc.metadata["ocr_pages"] == [1, 2, 3]
    record = extract_document(doc, default_tagger).to_dict()
    assert record["ocr_pages"] == [1, 2, 3]
    expected = {k: v["value"] for k, v in gold.record["statistics"].items()}
    got = {k: v["value"] for k, v in record["statistics"].items()}
    assert sum(k.startswith("apply.") for k in expected) > 150  # tables included
    tp = sum(1 for k, v in expected.items() if got.get(k) == v)
    assert _f1(tp, len(got), len(expected)) >= 0.95
    # Spans by label and text (offsets differ: OCR text is laid out by the page, not the text layer).
    gold_spans = Counter((s.label, "".join(s.text.split())) for s in gold.spans)
    predicted = Counter((s["label"], "".join(s["text"].split())) for s in record["spans"])
    assert _f1(sum((gold_spans & predicted).values()), sum(predicted.values()), sum(gold_spans.values())) >= 0.9
