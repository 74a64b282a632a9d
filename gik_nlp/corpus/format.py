"""The annotated-corpus format: one JSON object per document.

A corpus is a folder (``corpus/``). Real, hand-annotated reports are one pretty JSON
file each (``corpus/real/<id>.json``), so a diff shows a changed span on one line;
generated documents may be stored many to a file as JSON Lines (``*.jsonl``).

Keys of a document (docs/corpus.md describes them for annotators):

    id        stable id, unique in the corpus
    source    where the text came from (file name, URL, or ``synth:<seed>:<n>``)
    origin    "real" or "synthetic"
    format    "pre2019", "2019", "2021" or "unknown" (schema.FORMATS)
    split     "train", "dev" or "test": document-level, fixed once assigned
    text      the normalised text (readers.normalize) that every offset refers to
    text_sha256  hash of ``text``; a mismatch means the text was edited after annotation
    spans     [{"start", "end", "label", "text"}], half-open offsets, sorted
    record    the gold record (docs/spec/record.md keys; statistics by field id with
              value/unit/approximate; evidence optional)
    notes     the annotator's decisions on ambiguous cases, one string each
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from gik_nlp.types import ReportRecord, Span, sha256_text

ORIGINS = ("real", "synthetic")
SPLITS = ("train", "dev", "test")


class CorpusError(ValueError):
    """A corpus file cannot be read: the message names the file and the reason."""


@dataclass(frozen=True)
class AnnotatedDocument:
    """A document with its gold spans and gold record."""

    id: str
    text: str
    spans: tuple[Span, ...] = ()
    record: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    origin: str = "real"
    format: str = "unknown"
    split: str = "train"
    notes: tuple[str, ...] = ()

    @property
    def text_sha256(self) -> str:
        return sha256_text(self.text)

    def gold_record(self) -> ReportRecord:
        """The gold record as a ReportRecord (missing keys take their defaults)."""
        return ReportRecord.from_dict({"source": self.source or self.id, "format": self.format, **self.record})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.source, "origin": self.origin, "format": self.format,
            "split": self.split, "text_sha256": self.text_sha256, "notes": list(self.notes),
            "record": self.record, "text": self.text,
            "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": s.text}
                      for s in sorted(self.spans, key=lambda s: (s.start, s.end))],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "") -> AnnotatedDocument:
        """Build from a dict; raise CorpusError naming ``where`` if a key is missing or mistyped."""
        try:
            doc = cls(
                id=str(data["id"]), text=str(data["text"]),
                spans=tuple(Span.from_dict(s) for s in data.get("spans", [])),
                record=dict(data.get("record") or {}), source=str(data.get("source", "")),
                origin=str(data.get("origin", "real")), format=str(data.get("format", "unknown")),
                split=str(data.get("split") or default_split(str(data["id"]))),
                notes=tuple(data.get("notes") or ()))
        except (KeyError, TypeError, ValueError) as exc:
            raise CorpusError(f"{where or data.get('id', '?')}: malformed document ({exc!r})") from exc
        stored = data.get("text_sha256")
        if stored and stored != doc.text_sha256:
            # Kept, not raised: `gik corpus check` reports it with the document's name.
            doc = replace(doc, notes=doc.notes + (f"!text_sha256 mismatch: stored {stored[:12]}…",))
        return doc


def default_split(doc_id: str, dev_share: float = 0.1, test_share: float = 0.1) -> str:
    """A deterministic document-level split from the id's hash (stable across runs and machines).

    >>> default_split("000_1dbe1cc0a1fa5ad3") in SPLITS
    True
    """
    bucket = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    if bucket < test_share:
        return "test"
    if bucket < test_share + dev_share:
        return "dev"
    return "train"


def dumps(doc: AnnotatedDocument) -> str:
    """Pretty JSON for one document: one key per line and one span per line, so diffs stay small."""
    data = doc.to_dict()
    lines = ["{"]
    keys = [k for k in data if k != "spans"]
    for key in keys:
        value = json.dumps(data[key], ensure_ascii=False, indent=None if key != "record" else 1)
        lines.append(f"  {json.dumps(key)}: {value},")
    lines.append('  "spans": [')
    spans = [json.dumps(s, ensure_ascii=False) for s in data["spans"]]
    lines.extend(f"    {s}," for s in spans[:-1])
    if spans:
        lines.append(f"    {spans[-1]}")
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def save_document(doc: AnnotatedDocument, path: Path) -> None:
    """Write one document as a pretty JSON file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(doc), encoding="utf-8")


def save_jsonl(docs: Iterable[AnnotatedDocument], path: Path) -> int:
    """Write documents one per line; return how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count


def load_file(path: Path) -> list[AnnotatedDocument]:
    """Read a ``.json`` (one document) or ``.jsonl`` (one per line) corpus file."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read ({exc})") from exc
    if path.suffix == ".jsonl":
        docs = []
        # split("\n"), not splitlines(): JSON leaves U+2028/U+2029 unescaped inside strings.
        for lineno, line in enumerate(content.split("\n"), 1):
            if not line.strip():
                continue
            try:
                docs.append(AnnotatedDocument.from_dict(json.loads(line), f"{path}:{lineno}"))
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from exc
        return docs
    try:
        return [AnnotatedDocument.from_dict(json.loads(content), str(path))]
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}: invalid JSON at line {exc.lineno} ({exc.msg})") from exc


def corpus_files(root: Path) -> list[Path]:
    """Every corpus file under ``root`` (or ``root`` itself), in a stable order."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise CorpusError(f"{root}: no such corpus file or folder")
    return sorted(p for p in root.rglob("*") if p.suffix in (".json", ".jsonl") and p.is_file())


def load_corpus(root: Path | str) -> list[AnnotatedDocument]:
    """All documents under a corpus folder (sorted by file, then by position in the file)."""
    docs: list[AnnotatedDocument] = []
    for path in corpus_files(Path(root)):
        docs.extend(load_file(path))
    return docs


def corpus_fingerprint(docs: Iterable[AnnotatedDocument]) -> str:
    """A hash of the documents' ids, texts, spans and gold records: what a model was trained on."""
    digest = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d.id):
        digest.update(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:16]
