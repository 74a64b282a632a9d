"""OCR: pages per second on this machine, peak RSS, and how well scanned synthetic reports
come back (statistics and span F1 against their gold).

Each report: a synthetic report's PDF rendered at SCAN_DPI (gik_nlp.synth.scan), wrapped as an
image-only PDF, read with OCR (readers.ocr), tagged and assembled with the default model.
Run alone: `python bench/ocr.py [N]` (default 6 reports of seed 7, a mix of formats).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gik_nlp.synth.config import SynthConfig  # noqa: E402

CLEAN = SynthConfig.from_dict({"noise": {key: 0.0 for key in (
    "spam_site", "navigation", "traditional", "ascii_punct", "broken_doc_number", "chinese_numeral_date",
    "lost_digit_date", "period_next_year", "self_reference")}})


def run(n: int = 6, seed: int = 7) -> dict:
    from gik_nlp.pipeline import default_model_dir, extract_document
    from gik_nlp.readers import read_bytes
    from gik_nlp.synth.scan import SCAN_DPI, scanned_report
    from gik_nlp.tagging import load_tagger

    tagger = load_tagger(default_model_dir())
    pages = 0
    ocr_seconds = ocr_cpu = 0.0
    stats = Counter()
    spans = Counter()
    per_format: dict[str, Counter] = {}
    for index in range(n):
        gold, pdf = scanned_report(seed, index, CLEAN)
        wall, cpu = time.perf_counter(), time.process_time()
        doc = read_bytes(pdf, "scan.pdf")
        ocr_seconds += time.perf_counter() - wall
        ocr_cpu += time.process_time() - cpu
        pages += len(doc.metadata.get("ocr_pages", []))
        record = extract_document(doc, tagger).to_dict()
        expected = {k: v["value"] for k, v in gold.record["statistics"].items()}
        got = {k: v["value"] for k, v in record["statistics"].items()}
        tp = sum(1 for k, v in expected.items() if got.get(k) == v)
        counts = Counter(tp=tp, predicted=len(got), gold=len(expected))
        stats.update(counts)
        per_format.setdefault(gold.format, Counter()).update(counts)
        g = Counter((s.label, "".join(s.text.split())) for s in gold.spans)
        p = Counter((s["label"], "".join(s["text"].split())) for s in record["spans"])
        spans.update(tp=sum((g & p).values()), predicted=sum(p.values()), gold=sum(g.values()))

    def f1(c: Counter) -> float:
        return round(2 * c["tp"] / (c["predicted"] + c["gold"]), 4) if c["predicted"] + c["gold"] else 1.0

    return {
        "reports": n, "pages": pages, "dpi": SCAN_DPI,
        "pages_per_second_wall": round(pages / ocr_seconds, 3),
        "pages_per_cpu_second": round(pages / ocr_cpu, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "statistics_f1": f1(stats), "spans_f1": f1(spans),
        "statistics_f1_by_format": {k: f1(v) for k, v in sorted(per_format.items())},
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 6), indent=1))
