"""Write the sample reports of examples/ (what `make demo` extracts from).

- The five seed reports (real, 2016–2017, pre-2019 formats) as text, taken from corpus/real;
  one of them GBK-encoded, as many published .txt reports are.
- Synthetic reports of the 2019 and 2021 national formats rendered to HTML, DOCX and PDF
  by gik_nlp.synth, because real reports of those formats may not be copied into this
  repository (`make demo` also reads ../shared/real when it is there).

Run from the repository root: .venv/bin/python examples/make_examples.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from gik_nlp.corpus.format import load_corpus
from gik_nlp.synth.config import SynthConfig
from gik_nlp.synth.files import render_docx, render_html, render_pdf
from gik_nlp.synth.generate import build

HERE = Path(__file__).resolve().parent
GBK_SEED = "003_0771e97be29a5800"
RENDERERS = {"html": render_html, "docx": render_docx, "pdf": render_pdf}
SYNTHETIC = [("national_2021", "html", 11), ("national_2019", "docx", 12), ("national_2021", "pdf", 13),
             ("pre2019_table", "html", 14)]


def main() -> None:
    for doc in load_corpus(HERE.parent / "corpus" / "real"):
        encoding = "gbk" if doc.id == GBK_SEED else "utf-8"
        (HERE / f"seed-{doc.id}.txt").write_bytes(doc.text.encode(encoding))
    quiet = {"spam_site": 0.0, "navigation": 0.0, "traditional": 0.0, "ascii_punct": 0.0,
             "word_artifacts": 0.0, "notice_wrapper": 0.0}
    for layout, kind, seed in SYNTHETIC:
        config = SynthConfig.from_dict({"formats": {layout: 1.0}, "noise": quiet})
        rng = random.Random(f"gik-example:{seed}")
        report, blocks = build(rng, config)
        name = f"synthetic-{report.format}-{report.year}.{kind}"
        (HERE / name).write_bytes(RENDERERS[kind](blocks, rng))
        print(name, report.agency.name)


if __name__ == "__main__":
    main()
