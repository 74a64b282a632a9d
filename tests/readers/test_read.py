"""read / read_bytes / read_text: dispatch by extension, errors, offset maps, seed texts."""

from __future__ import annotations

import hashlib
import io
import json
import random
from pathlib import Path

import docx
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from gik_nlp.readers import ERROR_KINDS, READERS, ReadError, normalize, read, read_bytes, read_text

TXT = "\ufeff某某县２０２３年政府信息公开工作年度报告\r\n\u3000\u3000主動(dòng)公開(kāi)信息７２５４条\u200b。\r\n规章 | 0 | 0 |\r\n"
HTML = ("<html><head><title>年度报告</title></head><body><nav><a>首页</a><a>公开</a><a>互动</a></nav>"
        "<p>统计时限为20</span><span>23年１月１日至12月31日。</p>"
        "<table><tr><td>规章</td><td>０</td><td></td></tr></table><p>&nbsp;</p><p>2024年1月17日</p></body></html>")


def _docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "年度报告"
    document.add_paragraph("一、总体情况：主动公开７２５４条。")
    table = document.add_table(rows=2, cols=3)
    for i, row in enumerate([["信息内容", "本年制发件数", "现行有效件数"], ["规章", "0", "１８"]]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    document.add_paragraph("某某县人民政府办公室\u30002024年1月17日")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    style = ParagraphStyle("cn", fontName=font, fontSize=12, leading=16)
    table = Table([["信息内容", "本年制发件数"], ["规章", "０"]])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph("年度报告２０２３", style), table,
                                                  Paragraph("2024年1月17日", style)])
    return buffer.getvalue()


def _converted(extension: str) -> bytes:
    """The docx sample saved by LibreOffice as .doc/.rtf/.odt (Word 97, RTF, OpenDocument)."""
    import subprocess
    import tempfile

    from gik_nlp.readers.convert import soffice

    binary = soffice()
    if binary is None:
        pytest.skip("LibreOffice is not installed (make setup installs libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "sample.docx").write_bytes(_docx())
        subprocess.run([binary, f"-env:UserInstallation={Path(tmp, 'p').as_uri()}", "--headless", "--convert-to",
                        extension.lstrip("."), "--outdir", tmp, str(Path(tmp, "sample.docx"))],
                       check=True, capture_output=True, timeout=120)
        return Path(tmp, "sample" + extension).read_bytes()


def _image(extension: str) -> bytes:
    """One line of report text drawn with a CJK font, as .png/.jpg/.tif (read by OCR)."""
    from PIL import Image, ImageDraw, ImageFont

    from gik_nlp.readers.ocr import ocr_available

    font_file = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if not ocr_available() or not font_file.exists():
        pytest.skip("OCR extra or CJK font (fonts-noto-cjk) missing: make setup installs both")
    image = Image.new("RGB", (900, 120), "white")
    ImageDraw.Draw(image).text((40, 40), "主动公开政府信息７２５４条", font=ImageFont.truetype(str(font_file), 32),
                                fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format={".png": "PNG", ".jpg": "JPEG", ".tif": "TIFF"}[extension])
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "统计表"
    for row in (["统计指标", "单位", "统计数"], ["主动公开政府信息数", "条", "７２５４"], ["收到申请数", "件", 12]):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_MADE = {".doc": lambda: _converted(".doc"), ".rtf": lambda: _converted(".rtf"),
         ".odt": lambda: _converted(".odt"), ".xlsx": _xlsx,
         ".png": lambda: _image(".png"), ".jpg": lambda: _image(".jpg"), ".tif": lambda: _image(".tif")}
#: Extensions read exactly as another one (their sample is that one's).
SAME_AS = {".jpeg": ".jpg", ".tiff": ".tif"}
_cache: dict[str, bytes] = {}


def sample(extension: str) -> bytes:
    """The sample file of an extension (made on first use: some need LibreOffice or OCR)."""
    extension = SAME_AS.get(extension, extension)
    if extension not in _cache:
        _cache[extension] = SAMPLES[extension] if extension in SAMPLES else _MADE[extension]()
    return _cache[extension]


SAMPLES: dict[str, bytes] = {
    ".txt": TXT.encode("utf-8"),
    ".text": TXT.encode("gb18030"),
    ".md": ("| 指标 | 数量 |\n|---|---|\n" + TXT).encode("utf-8"),
    ".markdown": TXT.encode("utf-8"),
    ".html": HTML.encode("utf-8"),
    ".htm": HTML.encode("gb18030"),
    ".shtml": HTML.encode("utf-8"),
    ".xhtml": HTML.encode("utf-8"),
    ".docx": _docx(),
    ".pdf": _pdf(),
}
READER_NAME = {".txt": "txt", ".text": "txt", ".md": "txt", ".markdown": "txt", ".html": "html", ".htm": "html", ".shtml": "html",
               ".xhtml": "html", ".docx": "docx", ".pdf": "pdf", ".doc": "office", ".rtf": "office",
               ".odt": "office", ".xlsx": "xlsx", ".png": "image", ".jpg": "image", ".jpeg": "image",
               ".tif": "image", ".tiff": "image"}
EXTENSIONS = sorted(READER_NAME)


def test_read_covers_every_extension() -> None:
    assert set(READERS) == set(EXTENSIONS) == set(SAMPLES) | set(_MADE) | set(SAME_AS)


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_read_dispatches_on_extension(extension: str, tmp_path: Path) -> None:
    path = tmp_path / f"report-2023{extension.upper() if extension == '.pdf' else extension}"
    path.write_bytes(sample(extension))
    doc = read(path)
    assert (doc.id, doc.source, doc.metadata["reader"]) == ("report-2023", str(path), READER_NAME[extension])
    assert len(doc.offset_map) == len(doc.text) + 1
    assert not any("０" <= ch <= "９" for ch in doc.text)  # normalised: every sample has full-width digits
    same = read_bytes(sample(extension), path.name)
    assert (same.text, same.offset_map, same.metadata) == (doc.text, doc.offset_map, doc.metadata)
    assert (same.id, same.source) == ("report-2023", path.name)


@pytest.mark.parametrize("extension,metadata", [
    (".txt", {"reader": "txt", "encoding": "utf-8-sig"}),
    (".text", {"reader": "txt", "encoding": "gb18030"}),
    (".html", {"reader": "html", "encoding": "utf-8", "title": "年度报告"}),
    (".docx", {"reader": "docx", "title": "年度报告"}),
    (".pdf", {"reader": "pdf", "pages": 1, "page_starts": [0]}),
], ids=["txt", "text-gbk", "html", "docx", "pdf"])
def test_read_bytes_metadata(extension: str, metadata: dict) -> None:
    assert read_bytes(SAMPLES[extension], f"r{extension}").metadata == metadata


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_read_offset_map_round_trips(extension: str) -> None:
    data = sample(extension)
    extracted, _ = READERS[extension](data, f"r{extension}")
    doc = read_bytes(data, f"r{extension}")
    rng = random.Random(extension)
    n = len(doc.text)
    spans = [(0, n), (0, 1), (n - 1, n)] + [tuple(sorted(rng.sample(range(n + 1), 2))) for _ in range(200)]
    for start, end in spans:
        original_start, original_end = doc.original_offsets(start, end)
        assert normalize(extracted[original_start:original_end])[0] == doc.text[start:end], (start, end)


SUPPORTED = ".txt .text .md .markdown .html .htm .shtml .xhtml .docx .pdf .doc .rtf .odt .xlsx .png .jpg .jpeg .tif .tiff"


@pytest.mark.parametrize("name,kind,message", [
    ("notes.wps", "unsupported", f"notes.wps: the extension '.wps' is not supported (save the WPS file "
                                 f"as .docx); supported: {SUPPORTED}"),
    ("data.xls", "unsupported", f"data.xls: the extension '.xls' is not supported (save the workbook as .xlsx); "
                                f"supported: {SUPPORTED}"),
    ("README", "unsupported", f"README: a name without an extension is not supported; supported: {SUPPORTED}"),
], ids=["wps", "xls", "no-extension"])
def test_read_unsupported_extension(name: str, kind: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        read(tmp_path / name)  # refused before the (missing) file is opened
    assert caught.value.kind == kind
    assert caught.value.reason in message
    with pytest.raises(ReadError) as caught:
        read_bytes(b"x", name)
    assert str(caught.value) == message


def _empty_docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name,data", [
    ("a.txt", b""),
    ("a.txt", " \r\n\t\u3000\n".encode("utf-8")),
    ("a.txt", "\ufeff\u200b\n".encode("utf-8")),
    ("a.html", b""),
    ("a.docx", b""),
    ("a.docx", _empty_docx()),
    ("a.pdf", b""),
], ids=["txt-0-bytes", "txt-whitespace", "txt-invisible", "html-0-bytes", "docx-0-bytes", "docx-no-text",
        "pdf-0-bytes"])
def test_read_empty(name: str, data: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        read_bytes(data, name)
    assert caught.value.kind == "empty"
    assert str(caught.value).startswith(f"{name}: ")


@pytest.mark.parametrize("name,data,kind", [
    ("junk.txt", bytes(range(256)) * 8, "binary"),
    ("junk.txt", bytes(range(0x80, 0x100)) * 8, "encoding"),
    ("junk.html", b"\x00\x01\x02\x03<html>", "binary"),
    ("junk.docx", b"PK\x03\x04" + bytes(range(256)), "corrupt"),
    ("junk.pdf", b"%PDF-1.7\n" + bytes(range(256)), "corrupt"),
], ids=["txt-binary", "txt-undecodable", "html-binary", "docx", "pdf"])
def test_read_junk(name: str, data: bytes, kind: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as caught:
        read(path)
    assert caught.value.kind == kind
    assert caught.value.kind in ERROR_KINDS
    assert str(caught.value) == f"{path}: {caught.value.reason}"


@pytest.mark.parametrize("name", ["missing.txt"])
def test_read_missing_file_raises_oserror(name: str, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read(tmp_path / name)


@pytest.mark.parametrize("text,doc_id,source,expected", [
    ("２０２３年\r\n报告", "text", None, ("2023年\n报告", "text", "text")),
    ("报告", "r1", "upload.txt", ("报告", "r1", "upload.txt")),
])
def test_read_text_normalises(text: str, doc_id: str, source: str | None, expected: tuple) -> None:
    doc = read_text(text, doc_id, source)
    assert (doc.text, doc.id, doc.source) == expected
    assert doc.metadata == {"reader": "text"}
    assert doc.offset_map == normalize(text)[1]


@pytest.mark.parametrize("text", ["", " \n\u3000"])
def test_read_text_empty(text: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_text(text, "t")
    assert caught.value.kind == "empty"


# Named by hand (not globbed): without ../shared these tests skip, each saying why, instead of
# collapsing into an empty parameter set that nothing reports.
SEED_NAMES = ["000_1dbe1cc0a1fa5ad3", "001_7960c88a20672298", "002_b5a77726d5a63a67", "003_0771e97be29a5800",
              "004_5abb703f6c3c372c"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_read_seed_text_matches_annotated_corpus(shared_seeds: Path, name: str, corpus_dir: Path) -> None:
    """Reading a seed gives the text its annotated corpus file stores (spans point into it), byte for byte."""
    seed = shared_seeds / f"{name}.txt"
    raw = seed.read_bytes().decode("utf-8")
    doc = read(seed)
    assert doc.text == normalize(raw)[0]
    assert doc.metadata == {"reader": "txt", "encoding": "utf-8"}
    stored = json.loads((corpus_dir / "real" / f"{name}.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(doc.text.encode("utf-8")).hexdigest() == stored["text_sha256"]
    assert doc.text == stored["text"]
