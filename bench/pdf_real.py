"""Real reports typeset as PDF files and read back: what reading a PDF costs the record.

    PYTHONPATH=. python bench/pdf_real.py [--model models/default] [--json OUT.json] [--scan] [--only NAME ...]

Each real report of eval/gold whose text is at hand (../shared/real, as ``gik evaluate`` finds
it) is typeset with reportlab the way a word processor sets a report: A4, 12 pt, justified,
each paragraph indented two characters, a page number at the foot of each page; every line of
the text is a paragraph (a long line wraps over many printed lines and pages) and each run of
tab-separated lines a ruled table. The PDF is read back by ``readers.read_bytes`` and its record
scored against the gold record, beside the record of the text as read from the file itself.
The gap is what the PDF reader loses: wrapped lines, page breaks, tables redrawn. The PDFs stay
in memory: the texts of real reports never leave ../shared.

``--scan``: the typeset PDF is rasterised at the scanner's resolution (synth.scan.SCAN_DPI) into an
image-only PDF, as a county office's scanner gives it, and read by OCR (slow: about 15 CPU-s a
page); a real PDF of eval/gold (huaian-2024.pdf) is then read by OCR from its own pages
(``--ocr always``) beside its text layer. ``--only`` keeps the reports whose file name contains
one of the words.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import logging
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from gik_nlp.evaluate.gold import GOLD_RECORDS_DIR, REPORTS_DIR
from gik_nlp.evaluate.metrics import RecordScores, record_outcomes
from gik_nlp.pipeline import extract_document
from gik_nlp.readers import read, read_bytes

FONT = "STSong-Light"


def _printed_lines(text: str, width: float, size: float, indent: float) -> list[str]:
    """``text`` broken into the lines a page of ``width`` points prints at ``size`` points, the
    first ``indent`` points in (characters, not words: Chinese breaks anywhere)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line, room = [], "", width - indent
    for char in text:
        if line and stringWidth(line + char, FONT, size) > room:
            lines.append(line)
            line, room = "", width
        line += char
    return lines + [line] if line else lines


def typeset(text: str) -> bytes:
    """``text`` as a report's PDF: a paragraph per line, set justified (each wrapped line spread to
    the right margin, as word processors set Chinese), a ruled table per run of tab-separated lines."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    size, leading, cell_size = 12, 20, 8

    class PrintedLine(Flowable):
        """One printed line of a paragraph: indented or not, spread to the margin or not."""

        def __init__(self, line: str, indent: float, spread: bool) -> None:
            super().__init__()
            self.line, self.indent, self.spread = line, indent, spread

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.room = available_width - self.indent
            return available_width, leading

        def draw(self) -> None:
            words = self.canv.beginText(self.indent, leading - size)
            words.setFont(FONT, size)
            if self.spread and len(self.line) > 1:
                words.setCharSpace((self.room - stringWidth(self.line, FONT, size)) / (len(self.line) - 1))
            words.textOut(self.line)
            self.canv.drawText(words)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4)
    flow: list[Any] = []
    rows: list[list[str]] = []

    def table() -> None:
        width = max(len(row) for row in rows)
        column = document.width / width
        grid = [["\n".join(_printed_lines(value, column - 6, cell_size, 0)) for value in row + [""] * (width - len(row))]
                for row in rows]
        drawn = Table(grid, colWidths=[column] * width)
        drawn.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), cell_size),
                                   ("LEADING", (0, 0), (-1, -1), cell_size + 2),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        flow.append(drawn)
        rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            table()
        printed = _printed_lines(line.strip(), document.width, size, 2 * size)
        for number, piece in enumerate(printed):
            flow.append(PrintedLine(piece, 2 * size if number == 0 else 0, number < len(printed) - 1))
    if rows:
        table()

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    document.build(flow, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    parser.add_argument("--scan", action="store_true", help="rasterise the typeset PDF and read it by OCR")
    parser.add_argument("--only", nargs="*", default=(), help="only reports whose file name holds one of these")
    args = parser.parse_args()
    from gik_nlp.tagging import load_tagger

    logging.disable(logging.WARNING)
    tagger = load_tagger(args.model)
    scores = {"text": RecordScores(), "pdf": RecordScores()}
    reports = 0
    for path in sorted(GOLD_RECORDS_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        report = REPORTS_DIR / gold["file"]
        if not report.is_file() or (report.suffix == ".pdf" and not args.scan) \
                or (args.only and not any(w in report.name for w in args.only)):
            continue
        reports += 1
        as_read = read(report)
        if report.suffix == ".pdf":   # a real PDF (--scan): its own pages read by OCR, not typeset again
            printed = read(report, ocr="always")
        else:
            pdf = typeset(as_read.text)
            if args.scan:
                from gik_nlp.synth.scan import image_pdf, rasterise

                pdf = image_pdf(rasterise(pdf))
            printed = read_bytes(pdf, report.stem + ".pdf")
        for way, doc in (("text", as_read), ("pdf", printed)):
            record = extract_document(doc, tagger).to_dict()
            scores[way] = scores[way] + RecordScores.from_outcomes(record_outcomes(gold["record"], record))
            if way == "pdf":
                print(f"{report.name}: {printed.metadata.get('pages')} pages, "
                      f"statistics F1 {RecordScores.from_outcomes(record_outcomes(gold['record'], record)).statistics.micro.f1:.3f}")
    rows = []
    print(f"\n| read from ({reports} reports) | statistics P | R | F1 | right | gold | record fields F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    printed_as = ("typeset as PDF (a real PDF: its own pages), scanned and read by OCR" if args.scan
                  else "typeset as PDF")
    for way, label in (("text", "the file as published"), ("pdf", f"the same text {printed_as}")):
        stats, fields = scores[way].statistics.micro, scores[way].fields.micro
        rows.append({"read_from": way if way == "text" else ("scan" if args.scan else "pdf"), "reports": reports, "statistics": stats.to_dict(), "fields": fields.to_dict()})
        print(f"| {label} | {stats.precision:.3f} | {stats.recall:.3f} | {stats.f1:.3f} | {stats.tp} | "
              f"{stats.tp + stats.fn} | {fields.f1:.3f} |")
    if args.json:
        args.json.write_text(json.dumps({
            "command": f"PYTHONPATH=. python bench/pdf_real.py --model {args.model} --json {args.json}"
                       + (" --scan" if args.scan else "") + "".join(f" --only {w}" for w in args.only),
            "date": datetime.date.today().isoformat(), "rows": rows}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")


if __name__ == "__main__":
    main()
