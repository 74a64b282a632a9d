"""Annotation drafts of texts kept outside the repository → by-reference corpus documents.

An annotator writes a *draft* per document, outside the repository (it quotes the text)::

    {"id": "a001", "root": "openings", "file": "a001.txt", "format": "pre2019",
     "spans": [["AGENCY", "某某镇人民政府", 0], ["DATE", "2009年1月6日", 0], ...],
     "record": {...gold record, docs/spec/record.md; evidence as {"sentence": [string, n]}...},
     "notes": ["decision on an ambiguous case, with the example"]}

Each span is ``[label, string, n]``: the n-th (0-based) occurrence of that exact string in the
normalised text. ``build_drafts`` resolves them to offsets, checks the document
(corpus.validate) and writes ``<root>-<id>.json`` with ``text_ref`` (root, file, sha256 of
the raw file) and no text (``gik corpus build``; scripts/annot.py is the annotators' tool).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from gik_nlp.corpus.format import AnnotatedDocument, CorpusError
from gik_nlp.corpus.texts import SkippedText, TextMissing, TextRoots
from gik_nlp.types import Span


class DraftError(CorpusError):
    """A draft folder cannot be read."""


def find(text: str, s: str, n: int) -> int:
    """Offset of the n-th (0-based) occurrence of ``s`` in ``text``, or -1.

    >>> find("镇政府和镇政府", "镇政府", 1), find("abc", "x", 0)
    (4, -1)
    """
    start, found = -1, -1
    while found < n and s:
        start = text.find(s, start + 1)
        if start < 0:
            return -1
        found += 1
    return start if s else -1


def resolve_evidence(text: str, record: Mapping[str, Any], problems: list[str]) -> dict[str, Any]:
    """A copy of the record whose evidence entries written as [string, n] become [start, end]."""
    record = json.loads(json.dumps(record))
    entries = list((record.get("statistics") or {}).items())
    entries += [(e.get("name", "?"), e) for e in record.get("other_statistics") or [] if isinstance(e, dict)]
    for fid, stat in entries:
        evidence = stat.get("evidence") if isinstance(stat, dict) else None
        if not isinstance(evidence, dict):
            continue
        for key, ref in list(evidence.items()):
            if isinstance(ref, list) and len(ref) == 2 and isinstance(ref[0], str):
                start = find(text, ref[0], ref[1])
                if start < 0:
                    problems.append(f"{fid}: evidence {key} {ref[0]!r} #{ref[1]} not found")
                    del evidence[key]
                else:
                    evidence[key] = [start, start + len(ref[0])]
    return record


def draft_ref(draft: Mapping[str, Any]) -> tuple[str, str]:
    """(root, file) of the text a draft annotates: ``openings`` and ``<id>.txt`` unless it names them.

    >>> draft_ref({"id": "a001"}), draft_ref({"id": "p1", "root": "pingtan", "file": "p1.html"})
    (('openings', 'a001.txt'), ('pingtan', 'p1.html'))
    """
    return str(draft.get("root", "openings")), str(draft.get("file", f"{draft['id']}.txt"))


def draft_text(draft: Mapping[str, Any], texts: TextRoots) -> tuple[str, bytes, Path]:
    """(normalised text, raw bytes, path) of the file a draft annotates; TextMissing when absent."""
    from gik_nlp.readers.normalize import normalize

    root, file = draft_ref(draft)
    path, looked = texts.find(root, file)
    if path is None:
        raise TextMissing(str(draft["id"]), str(draft["id"]), {"root": root, "file": file}, looked)
    raw = path.read_bytes()
    return normalize(raw.decode("utf-8"))[0], raw, path


def draft_document(draft: Mapping[str, Any], text: str) -> tuple[AnnotatedDocument, list[str]]:
    """The document a draft describes over ``text``, and the problems found resolving it."""
    spans, problems = [], []
    for item in draft.get("spans", []):
        try:
            label, s, n = item
        except (TypeError, ValueError):
            problems.append(f"span {item!r}: expected [label, text, n]")
            continue
        start = find(text, s, n)
        if start < 0:
            problems.append(f"span {label} {s!r} #{n}: not found (the text has {text.count(s) if s else 0} "
                            "occurrence(s))")
            continue
        spans.append(Span(start, start + len(s), label, s))
    spans.sort(key=lambda sp: (sp.start, sp.end))
    for a, b in zip(spans, spans[1:]):
        if b.start < a.end and (a.start, a.end) != (b.start, b.end):
            problems.append(f"spans overlap: {a.label} {a.text!r}@{a.start} and {b.label} {b.text!r}@{b.start}")
    unique: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for s in spans:
        if (s.start, s.end) in seen:
            problems.append(f"span {s.label} {s.text!r}@{s.start} listed twice")
            continue
        seen.add((s.start, s.end))
        unique.append(s)
    record = resolve_evidence(text, draft.get("record") or {}, problems)
    doc = AnnotatedDocument(id=str(draft["id"]), text=text, spans=tuple(unique), record=record,
                            source=draft_ref(draft)[1], origin="real",
                            format=str(draft.get("format", "unknown")), notes=tuple(draft.get("notes") or ()))
    return doc, problems


def corpus_id(draft: Mapping[str, Any]) -> str:
    """The corpus id of a draft: ``<root>-<id>``.

    >>> corpus_id({"id": "a001", "root": "openings"})
    'openings-a001'
    """
    return f"{draft_ref(draft)[0]}-{draft['id']}"


def by_reference(draft: Mapping[str, Any], doc: AnnotatedDocument, raw: bytes,
                 split: str | None) -> dict[str, Any]:
    """The stored form of a built draft: offsets, labels and record, the text by reference."""
    root, file = draft_ref(draft)
    data: dict[str, Any] = {
        "id": corpus_id(draft), "source": f"{root}/{file}", "origin": "real", "format": doc.format}
    if split:
        data["split"] = split
    data.update({
        "text_ref": {"root": root, "file": file, "sha256": hashlib.sha256(raw).hexdigest()},
        "text_sha256": doc.text_sha256, "notes": list(doc.notes), "record": doc.record,
        "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in doc.spans]})
    return data


@dataclass
class BuildResult:
    """What ``build_drafts`` did: files written, drafts refused (with problems), texts missing."""

    written: list[Path] = field(default_factory=list)
    refused: list[tuple[str, list[str]]] = field(default_factory=list)
    skipped: list[SkippedText] = field(default_factory=list)
    splits: dict[str, str] = field(default_factory=dict)


def build_drafts(draft_dir: Path, out_dir: Path, splits: Mapping[str, str] | None = None,
                 texts: TextRoots | None = None) -> BuildResult:
    """Build every ``*.json`` draft of ``draft_dir`` into ``out_dir`` (by reference, no text).

    splits: corpus id → split (the fixed split file); the draft's own ``split`` otherwise.
    A draft with problems (unresolved spans, corpus.validate problems) is refused, one whose
    text is missing skipped; the others are written.
    """
    from gik_nlp.corpus.validate import validate

    draft_dir, out_dir = Path(draft_dir), Path(out_dir)
    if not draft_dir.is_dir():
        raise DraftError(f"{draft_dir}: no such draft folder")
    texts = texts or TextRoots.default()
    splits = splits or {}
    result = BuildResult()
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(draft_dir.glob("*.json")):
        try:
            draft = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(draft, dict) or not draft.get("id"):
                raise ValueError("expected an object with an id")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            result.refused.append((str(path), [f"cannot read ({exc})"]))
            continue
        try:
            text, raw, _ = draft_text(draft, texts)
        except TextMissing as exc:
            result.skipped.append(SkippedText(exc.doc_id, str(path), f"{exc.ref['root']}/{exc.ref['file']}",
                                              exc.looked))
            continue
        except UnicodeDecodeError as exc:
            result.refused.append((str(path), [f"text is not UTF-8 ({exc})"]))
            continue
        doc, problems = draft_document(draft, text)
        problems += [f"{p.kind}: {p.message}" for p in validate(doc, where=str(path))]
        if problems:
            result.refused.append((str(path), problems))
            continue
        cid = corpus_id(draft)
        split = splits.get(cid) or draft.get("split")
        data = by_reference(draft, doc, raw, split)
        target = out_dir / f"{cid}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        result.written.append(target)
        if split:
            result.splits[cid] = split
    return result


__all__ = ["BuildResult", "DraftError", "build_drafts", "by_reference", "corpus_id", "draft_document",
           "draft_ref", "draft_text", "find", "resolve_evidence"]
