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
    text_ref  instead of ``text``: {"root", "file", "sha256"} of a raw file kept outside the
              repository (corpus/texts.py resolves it; spans then carry no ``text``)
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
    #: {"root", "file", "sha256"} when the text lives outside the repository (saved without it).
    text_ref: dict[str, str] | None = None

    @property
    def text_sha256(self) -> str:
        return sha256_text(self.text)

    def gold_record(self) -> ReportRecord:
        """The gold record as a ReportRecord (missing keys take their defaults)."""
        return ReportRecord.from_dict({"source": self.source or self.id, "format": self.format, **self.record})

    def to_dict(self, with_text: bool | None = None) -> dict[str, Any]:
        """The document as stored. A by-reference document keeps its ``text_ref`` and leaves the
        text (and the spans' text) out unless ``with_text`` is True."""
        with_text = self.text_ref is None if with_text is None else with_text
        data: dict[str, Any] = {
            "id": self.id, "source": self.source, "origin": self.origin, "format": self.format,
            "split": self.split}
        if self.text_ref is not None:
            data["text_ref"] = dict(self.text_ref)
        data.update({"text_sha256": self.text_sha256, "notes": list(self.notes), "record": self.record})
        if with_text:
            data["text"] = self.text
        data["spans"] = [{"start": s.start, "end": s.end, "label": s.label, **({"text": s.text} if with_text else {})}
                         for s in sorted(self.spans, key=lambda s: (s.start, s.end))]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "", texts: Any = None) -> AnnotatedDocument:
        """Build from a dict; raise CorpusError naming ``where`` if a key is missing or mistyped.

        A document with ``text_ref`` and no ``text`` reads its text through ``texts`` (a
        corpus.texts.TextRoots; None: the default roots): TextMissing when it is not on this
        machine, TextAltered when it changed. Its spans' text is filled from it.
        """
        text_ref = None
        try:
            if "text" not in data and "text_ref" in data:
                from gik_nlp.corpus.texts import TextRoots, resolve_text

                text = resolve_text(data, texts if texts is not None else TextRoots.default(), where)
                text_ref = {k: str(v) for k, v in dict(data["text_ref"]).items()}
            else:
                text = str(data["text"])
            spans = tuple(Span.from_dict(s) for s in data.get("spans", []))
            if text_ref is not None:
                spans = tuple(replace(s, text=text[s.start:s.end]) if 0 <= s.start < s.end <= len(text) else s
                              for s in spans)
            doc = cls(
                id=str(data["id"]), text=text, spans=spans,
                record=dict(data.get("record") or {}), source=str(data.get("source", "")),
                origin=str(data.get("origin", "real")), format=str(data.get("format", "unknown")),
                split=str(data.get("split") or default_split(str(data["id"]))),
                notes=tuple(data.get("notes") or ()), text_ref=text_ref)
        except CorpusError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CorpusError(f"{where or data.get('id', '?')}: malformed document ({exc!r})") from exc
        stored = data.get("text_sha256")
        # a text read by reference was checked against text_sha256 already (resolve_text: TextAltered)
        if stored and text_ref is None and stored != doc.text_sha256:
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


def documents_of(data: Any, where: str, texts: Any = None, skipped: list[Any] | None = None,
                 ) -> list[AnnotatedDocument]:
    """The document one parsed JSON value describes, as a list: [] when it is by reference and its
    text is missing (appended to ``skipped`` when given, as for ``load_file``).

    RAISES: CorpusError naming ``where`` when ``data`` is not a document; TextAltered as ``load_file``.
    """
    from gik_nlp.corpus.texts import SkippedText, TextMissing

    if not isinstance(data, dict):
        raise CorpusError(f"{where}: expected a JSON object, found {type(data).__name__}")
    try:
        return [AnnotatedDocument.from_dict(data, where, texts)]
    except TextMissing as exc:
        if skipped is not None:
            skipped.append(SkippedText.of(exc))
        return []


def load_file(path: Path, texts: Any = None, skipped: list[Any] | None = None) -> list[AnnotatedDocument]:
    """Read a ``.json`` (one document) or ``.jsonl`` (one per line) corpus file.

    texts: where by-reference texts resolve (corpus.texts.TextRoots; None: the defaults).
    skipped: a by-reference document whose text is missing is left out (never an error: the
        texts stay outside the repository and may be absent) and, when a list is given,
        appended to it (corpus.texts.SkippedText), so a command can say what it skipped.
    An altered text raises TextAltered (a CorpusError naming the file).
    """
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
                docs.extend(documents_of(json.loads(line), f"{path}:{lineno}", texts, skipped))
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from exc
        return docs
    try:
        return documents_of(json.loads(content), str(path), texts, skipped)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}: invalid JSON at line {exc.lineno} ({exc.msg})") from exc


def corpus_files(root: Path) -> list[Path]:
    """Every corpus file under ``root`` (or ``root`` itself), in a stable order."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise CorpusError(f"{root}: no such corpus file or folder")
    return sorted(p for p in root.rglob("*") if p.suffix in (".json", ".jsonl") and p.is_file())


def load_corpus(root: Path | str, texts: Any = None, skipped: list[Any] | None = None) -> list[AnnotatedDocument]:
    """All documents under a corpus folder (sorted by file, then by position in the file).

    texts / skipped: as for ``load_file``; pass a list as ``skipped`` to leave out (and hear
    about) by-reference documents whose text is not on this machine.
    """
    docs: list[AnnotatedDocument] = []
    for path in corpus_files(Path(root)):
        docs.extend(load_file(path, texts, skipped))
    return docs


def corpus_fingerprint(docs: Iterable[AnnotatedDocument]) -> str:
    """A hash of the documents' ids, texts, spans and gold records: what a model was trained on."""
    digest = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d.id):
        digest.update(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:16]
