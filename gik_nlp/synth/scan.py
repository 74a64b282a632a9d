"""Scanned reports: a synthetic report's PDF rendered to page images and wrapped into a PDF
without a text layer, as a county office's scanner would give it. For OCR tests and bench/.

``scanned_report(seed, index, config)`` gives the gold document (its text is what the PDF's
text layer reads, gold spans and record as for any synthetic PDF) and the image-only PDF.
"""

from __future__ import annotations

import io
import random
from typing import Any

from gik_nlp.corpus.format import AnnotatedDocument
from gik_nlp.synth.config import SynthConfig

#: Scan resolution: office scanners default to 200-300 dpi; the tables' 7-pt cells need the upper end.
SCAN_DPI = 250


def rasterise(pdf: bytes, dpi: int = SCAN_DPI) -> list[Any]:
    """Each page of a PDF as a greyscale PIL image at ``dpi``."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]
    finally:
        document.close()


def image_pdf(images: list[Any], dpi: int = SCAN_DPI) -> bytes:
    """Page images → a PDF holding only those images (no text layer)."""
    buffer = io.BytesIO()
    first, *rest = [image.convert("L") for image in images]
    first.save(buffer, format="PDF", save_all=True, append_images=rest, resolution=dpi)
    return buffer.getvalue()


def scanned_report(seed: int, index: int, config: SynthConfig | None = None,
                   dpi: int = SCAN_DPI) -> tuple[AnnotatedDocument, bytes]:
    """Synthetic report ``index`` of ``seed`` as (gold document, image-only PDF bytes)."""
    from gik_nlp.readers import read_bytes
    from gik_nlp.synth.blocks import normalise
    from gik_nlp.synth.files import plain_text, relocate, render_pdf
    from gik_nlp.synth.generate import assemble, build

    config = config or SynthConfig()
    rng = random.Random(f"gik-synth-scan:{seed}:{index}")
    report, blocks = build(rng, config)
    pdf = render_pdf(blocks, rng)
    layer = read_bytes(pdf, "synth.pdf", ocr="never")
    gold = assemble(report, relocate(normalise(plain_text(blocks)), layer.text), seed, index)
    return gold, image_pdf(rasterise(pdf, dpi), dpi)
