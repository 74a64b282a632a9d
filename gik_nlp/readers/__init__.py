"""Readers: a report file (or upload, or string) → ``Document``.

``read(path)`` picks a reader by the file's extension (``READERS``), which turns the raw
bytes into *extracted text* plus metadata; ``normalize`` then gives ``Document.text``.

- ``Document.offset_map`` maps normalised offsets into the EXTRACTED text: the decoded
  file for .txt, the rendered page text for .html (not the HTML source), the text
  assembled from paragraphs and tables for .docx, the joined page texts for .pdf.
  ``offset_map[i]`` is where normalised character ``i`` came from; it has
  ``len(text) + 1`` entries.
- ``Document.metadata``: ``reader`` ("txt", "html", "docx", "pdf", "office" for .doc/.rtf/
  .odt converted by LibreOffice, "xlsx", "image"; "text" for ``read_text``);
  ``ocr_pages`` (pdf, image: 1-based pages whose text came from OCR, readers.ocr); ``encoding`` (txt, html); ``title`` (html ``<title>``, docx core
  title; None when absent); ``pages`` and ``page_starts`` (pdf; page starts are offsets
  into ``Document.text``) and ``pages_without_text`` when some pages had none.
- Table rows (html, docx, pdf) are one line each, cells separated by ``"\\t"``; see
  each reader's module docstring for the details.
- ``Document.tables``: the tables as the file gives them (html and docx tables with merged
  cells expanded, pdfplumber's ruled tables, markdown pipe tables in .md/.txt, xlsx sheets), each cell with
  its offsets into ``Document.text`` (readers.tables). Readers hand them over as
  ``metadata["tables"]`` with offsets into the extracted text; ``read`` moves them.
- Problems raise ``ReadError`` (``kind`` one of ``ERROR_KINDS``); a missing or
  unreadable file raises ``OSError`` as ``open`` would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from gik_nlp.readers.convert import CONVERTED, read_legacy_office
from gik_nlp.readers.docx import read_docx
from gik_nlp.readers.html import read_html
from gik_nlp.readers.normalize import normalize
from gik_nlp.readers.ocr import OCR_MODES, read_image
from gik_nlp.readers.pdf import read_pdf
from gik_nlp.readers.tables import pipe_tables, to_document
from gik_nlp.readers.text import ERROR_KINDS, ReadError, read_txt
from gik_nlp.readers.xlsx import read_xlsx
from gik_nlp.types import Document

__all__ = ["ERROR_KINDS", "OCR_MODES", "READERS", "ReadError", "normalize", "read", "read_bytes", "read_text"]

#: Extension (lower case, with the dot) → function turning raw bytes and the file's name
#: into (extracted text, metadata). Offsets in metadata["page_starts"] refer to the
#: extracted text; ``read`` maps them onto the normalised text.
READERS: dict[str, Callable[[bytes, str], tuple[str, dict[str, Any]]]] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_txt,          # PDF converters and OCR tools write markdown: its pipe tables
    ".markdown": read_txt,    # are read by the table decoder as they stand
    ".html": read_html,
    ".htm": read_html,
    ".shtml": read_html,
    ".xhtml": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
    **{extension: read_legacy_office for extension in CONVERTED},
    ".xlsx": read_xlsx,
    ".png": read_image,
    ".jpg": read_image,
    ".jpeg": read_image,
    ".tif": read_image,
    ".tiff": read_image,
}

#: metadata["reader"] per reader function.
_READER_NAMES = {read_txt: "txt", read_html: "html", read_docx: "docx", read_pdf: "pdf",
                 read_legacy_office: "office", read_xlsx: "xlsx", read_image: "image"}

#: Readers that take the ``ocr`` mode (pages without a text layer).
_OCR_READERS = frozenset({read_pdf, read_image})


#: What to do with formats we could read after a "save as".
_SAVE_AS = {".xls": " (save the workbook as .xlsx)", ".et": " (save the workbook as .xlsx)",
            ".wps": " (save the WPS file as .docx)",
            ".mht": " (save the page as .html)", ".mhtml": " (save the page as .html)"}


def _reader_for(name: str) -> Callable[[bytes, str], tuple[str, dict[str, Any]]]:
    extension = Path(name).suffix.lower()
    reader = READERS.get(extension)
    if reader is None:
        shown = f"the extension {extension!r}" if extension else "a name without an extension"
        hint = _SAVE_AS.get(extension, "")
        raise ReadError(name, "unsupported",
                        f"{shown} is not supported{hint}; supported: {' '.join(READERS)}")
    return reader


def _document(data: bytes, name: str, doc_id: str, source: str, ocr: str = "auto") -> Document:
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    reader = _reader_for(name)
    if not data:
        raise ReadError(name, "empty", "the file is empty (0 bytes)")
    extracted, metadata = reader(data, name, ocr=ocr) if reader in _OCR_READERS else reader(data, name)
    text, offset_map = normalize(extracted)
    if not text.strip():
        raise ReadError(name, "empty", "the file holds no text")
    if "page_starts" in metadata:
        # The first normalised character at or after each page's extracted start.
        metadata["page_starts"] = [offset_map.position(start) for start in metadata["page_starts"]]
    # the readers keep no more tables than readers.tables.within lets them (MAX_CELLS)
    tables = to_document(metadata.pop("tables", ()), offset_map, text)
    return Document(id=doc_id, source=source, text=text, offset_map=offset_map,
                    metadata={"reader": _READER_NAMES.get(reader, reader.__name__), **metadata}, tables=tables)


def read(path: str | Path, ocr: str = "auto") -> Document:
    """Read a report file; its extension picks the reader.

    ocr: for pages without a text layer (scanned PDFs; images are always OCR'd unless
    "never"): "auto" (OCR such pages), "always" (OCR every PDF page) or "never".
    RETURNS: a Document with ``id`` the file stem and ``source`` the path as given;
    ``metadata["ocr_pages"]`` lists the 1-based pages read by OCR.
    Raises ReadError for an unsupported, empty, binary, undecodable or damaged file.
    """
    name = str(path)
    _reader_for(name)  # an unsupported extension fails before the file is opened
    return _document(Path(path).read_bytes(), name, Path(path).stem, name, ocr)


def read_bytes(data: bytes, name: str, ocr: str = "auto") -> Document:
    """Read an upload: ``name`` (its extension picks the reader) is the id's stem and the source.

    >>> read_bytes("２０２３年\\r\\n".encode("utf-8"), "a.txt").text
    '2023年\\n'
    """
    return _document(data, name, Path(name).stem or name, name, ocr)


def read_text(text: str, id: str = "text", source: str | None = None) -> Document:  # noqa: A002
    """Normalise a given string into a Document (metadata ``{"reader": "text"}``, plus
    ``"warnings"`` when tables are past ``MAX_CELLS``; markdown pipe tables in ``Document.tables``).

    >>> read_text("　　年度报告").text
    '  年度报告'
    """
    normalised, offset_map = normalize(text)
    where = source if source is not None else id
    if not normalised.strip():
        raise ReadError(where, "empty", "the text is empty")
    found, warnings = pipe_tables(text) if "|" in text else ([], [])
    metadata: dict[str, Any] = {"reader": "text"}
    if warnings:
        metadata["warnings"] = warnings
    return Document(id=id, source=where, text=normalised, offset_map=offset_map, metadata=metadata,
                    tables=to_document(found, offset_map, normalised))
