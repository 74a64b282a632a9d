"""The data passed between stages: reader → tagger → assembler → writer.

These are the only types that cross a stage boundary. Each is a frozen dataclass
with ``to_dict``/``from_dict`` so that JSON (corpus files, JSON Lines output, the
HTTP service) is always produced and read in one place.

Offsets everywhere are half-open character offsets ``[start, end)`` into
``Document.text`` (the normalised text).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gik_nlp.record_warnings import message_of, typed


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8 (the key that span offsets refer to)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Span:
    """A labelled stretch of a document's normalised text.

    start, end (int): half-open character offsets into ``Document.text``.
    label (str): one of ``schema.LABELS``.
    text (str): ``Document.text[start:end]``, kept so a span reads on its own.
    score (float): the tagger's confidence, 1.0 for gold spans.
    """

    start: int
    end: int
    label: str
    text: str
    score: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text,
                "score": round(self.score, 4)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data["label"]), str(data.get("text", "")),
                   float(data.get("score", 1.0)))


@dataclass(frozen=True)
class FileCell:
    """A table cell as the file gives it: ``text`` at ``[start, end)`` of ``Document.text``.

    ``text == Document.text[start:end]``; an empty cell has ``start == end`` (where its text
    would stand, or the start of its row's line when the file prints nothing for it).
    """

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileCell:
        return cls(str(data["text"]), int(data["start"]), int(data["end"]))


@dataclass(frozen=True)
class FileTable:
    """A table as the file gives it (an HTML/Word/PDF table, a markdown pipe table).

    rows: one tuple of cells per printed row, every row as wide as the table's grid:
    a merged cell (colspan/rowspan, Word's gridSpan/vMerge, a PDF cell spanning ruled
    columns) is the same ``FileCell`` in every slot it covers, so its text and offsets
    repeat there.
    start, end: the stretch of ``Document.text`` its rows occupy.
    """

    rows: tuple[tuple[FileCell, ...], ...]
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end,
                "rows": [[cell.to_dict() for cell in row] for row in self.rows]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileTable:
        # a merged cell is written once per slot: read back as one object again (a cell with
        # text is known by its offsets; empty cells stay apart)
        seen: dict[tuple[int, int], FileCell] = {}

        def cell_of(item: dict[str, Any]) -> FileCell:
            cell = FileCell.from_dict(item)
            return seen.setdefault((cell.start, cell.end), cell) if cell.end > cell.start else cell

        rows = tuple(tuple(cell_of(cell) for cell in row) for row in data["rows"])
        return cls(rows, int(data["start"]), int(data["end"]))


@dataclass(frozen=True)
class Document:
    """A report as read from a file: normalised text plus the way back to the original.

    id (str): a stable id (file stem for files, given id for texts).
    source (str): the path or id as the user gave it.
    text (str): the normalised text that tagging and offsets refer to.
    offset_map (Sequence[int]): ``offset_map[i]`` is the offset in the original
        (decoded) text of normalised character ``i``; it has ``len(text) + 1`` entries,
        the last one being the original length, so a span ``[s, e)`` maps back to
        ``[offset_map[s], offset_map[e])``. Empty means identity. ``readers`` give a
        ``readers.normalize.OffsetMap`` (runs, read like the tuple); ``from_dict`` a tuple.
    metadata (dict): what the reader learnt on the way (encoding, pages, title tag …).
    tables (tuple[FileTable, ...]): the tables the file holds as it gives them (html, docx,
        pdf ruled tables, markdown pipe tables), in text order; cells carry offsets into
        ``text``. Empty when the file gives no table structure (plain text, OCR).
    """

    id: str
    source: str
    text: str
    offset_map: Sequence[int] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    tables: tuple[FileTable, ...] = ()

    @property
    def text_sha256(self) -> str:
        return sha256_text(self.text)

    def original_offsets(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` back to offsets in the original text."""
        if not self.offset_map:
            return start, end
        return self.offset_map[start], self.offset_map[end]

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "source": self.source, "text": self.text,
               "offset_map": list(self.offset_map), "metadata": dict(self.metadata)}
        if self.tables:
            out["tables"] = [table.to_dict() for table in self.tables]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(str(data["id"]), str(data.get("source", data["id"])), str(data["text"]),
                   tuple(data.get("offset_map", ())), dict(data.get("metadata", {})),
                   tuple(FileTable.from_dict(table) for table in data.get("tables", ())))


@dataclass(frozen=True)
class DocNumber:
    """A 文号, as printed and normalised to 〔〕 brackets: ``西政发〔2017〕12号``."""

    text: str
    normalized: str
    issuer: str
    year: int | None
    serial: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "normalized": self.normalized, "issuer": self.issuer,
                "year": self.year, "serial": self.serial}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocNumber:
        return cls(data["text"], data["normalized"], data["issuer"], data.get("year"), data.get("serial"))


@dataclass(frozen=True)
class Period:
    """The period a report covers, as ISO dates."""

    start: str
    end: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Period:
        return cls(data["start"], data["end"])


@dataclass(frozen=True)
class Statistic:
    """One statistic of a record (record.md): a value keyed elsewhere by field id or name.

    evidence: ``{"name": [start, end], "value": [start, end]}`` for a tagged pair,
    ``{"sentence": [start, end]}`` for a zero stated by negation, ``{"cells": [ids]}``
    for a derived headline field.
    """

    value: float | int
    unit: str
    approximate: bool = False
    confidence: float = 1.0
    evidence: dict[str, Any] = field(default_factory=dict)
    derived: bool = False
    #: the value and unit as the report prints them, when ``value``/``unit`` were converted
    #: into the field's canonical unit (``{"value": 300, "unit": "元"}`` for 0.03 万元)
    printed: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "unit": self.unit, "approximate": self.approximate,
                               "confidence": round(self.confidence, 4), "evidence": self.evidence}
        if self.printed is not None:
            out["printed"] = dict(self.printed)
        if self.derived:
            out["derived"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statistic:
        return cls(data["value"], data.get("unit", ""), bool(data.get("approximate", False)),
                   float(data.get("confidence", 1.0)), dict(data.get("evidence", {})),
                   bool(data.get("derived", False)), data.get("printed"))


@dataclass(frozen=True)
class OtherStatistic:
    """An indicator/value pair that maps to no field id, kept with its printed name."""

    name: str
    value: float | int
    unit: str
    evidence: dict[str, Any] = field(default_factory=dict)
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "unit": self.unit, "approximate": self.approximate,
                "evidence": self.evidence}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OtherStatistic:
        return cls(data["name"], data["value"], data.get("unit", ""), dict(data.get("evidence", {})),
                   bool(data.get("approximate", False)))


#: Record keys in the order of record.md; ``to_dict`` emits exactly these.
RECORD_KEYS = ("source", "title", "agency", "year", "format", "doc_number", "published", "period",
               "cited_documents", "statistics", "other_statistics", "warnings", "spans", "text_sha256",
               "model", "evidence", "ocr_pages")


@dataclass(frozen=True)
class ReportRecord:
    """One record per report, exactly the keys of docs/spec/record.md.

    ``statistics`` maps a field id (schema.FIELDS) to its Statistic; headline fields
    derived from table cells are ordinary entries with ``derived=True``.
    """

    source: str
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    format: str = "unknown"
    doc_number: DocNumber | None = None
    published: str | None = None
    period: Period | None = None
    cited_documents: tuple[DocNumber, ...] = ()
    statistics: dict[str, Statistic] = field(default_factory=dict)
    other_statistics: tuple[OtherStatistic, ...] = ()
    warnings: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    text_sha256: str = ""
    model: str = ""
    #: where the head came from: {"agency"|"published": {"source": "signature"|"metadata:<key>"|"title"|…,
    #: "span": [start, end]}} (assemble/head.py)
    evidence: dict[str, Any] = field(default_factory=dict)
    ocr_pages: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "doc_number": self.doc_number.to_dict() if self.doc_number else None,
            "published": self.published,
            "period": self.period.to_dict() if self.period else None,
            "cited_documents": [d.to_dict() for d in self.cited_documents],
            "statistics": {k: v.to_dict() for k, v in self.statistics.items()},
            "other_statistics": [o.to_dict() for o in self.other_statistics],
            "warnings": [typed(w) for w in self.warnings],
            "spans": [s.to_dict() for s in self.spans],
            "text_sha256": self.text_sha256,
            "model": self.model,
            "evidence": self.evidence,
            "ocr_pages": list(self.ocr_pages),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportRecord:
        """Read a record (also a partial gold record: missing keys take their defaults)."""
        return cls(
            source=data.get("source", ""),
            title=data.get("title"),
            agency=data.get("agency"),
            year=data.get("year"),
            format=data.get("format") or "unknown",
            doc_number=DocNumber.from_dict(data["doc_number"]) if data.get("doc_number") else None,
            published=data.get("published"),
            period=Period.from_dict(data["period"]) if data.get("period") else None,
            cited_documents=tuple(DocNumber.from_dict(d) for d in data.get("cited_documents") or []),
            statistics={k: Statistic.from_dict(v) for k, v in (data.get("statistics") or {}).items()},
            other_statistics=tuple(OtherStatistic.from_dict(o) for o in data.get("other_statistics") or []),
            warnings=tuple(message_of(w) for w in data.get("warnings") or []),
            spans=tuple(Span.from_dict(s) for s in data.get("spans") or []),
            text_sha256=data.get("text_sha256", ""),
            model=data.get("model", ""),
            evidence=dict(data.get("evidence") or {}),
            ocr_pages=tuple(data.get("ocr_pages") or ()),
        )
