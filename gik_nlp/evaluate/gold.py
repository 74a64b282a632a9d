"""What the extractor is scored against: gold items from the corpus, gold record files, synthesis.

A ``GoldItem`` is one document with its gold record and, when it was annotated, its gold
spans. Three kinds exist:

- annotated corpus documents (``corpus/real/*.json``, JSON Lines of synthetic ones):
  text, spans and record;
- gold record files (``eval/gold/*.json``: ``{"file", "file_sha256", "format", "record",
  "notes"}``) for real reports whose text may not enter the repository: the report is
  read from ``REPORTS_DIR/<file>`` when it is there, and skipped with a reason when not;
- synthetic documents made on the spot (``gik_nlp.synth.generate``), held out from
  training by their seed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gik_nlp.corpus.format import AnnotatedDocument, CorpusError, corpus_files, documents_of, load_file
from gik_nlp.resources import in_repository
from gik_nlp.types import Document, Span

__all__ = ["GoldItem", "Skipped", "SKIP_KINDS", "GoldSet", "REPO_ROOT", "REPORTS_DIR", "GOLD_RECORDS_DIR", "SYNTHETIC_SEED",
           "synthetic_gold",
           "from_annotated", "load_gold_records", "load_gold", "is_gold_record_file", "noisy_gold_set"]

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Real reports that may be read but not copied into the repository (shared/real beside the repo);
#: a default only in a checkout (resources.in_repository): installed, give --reports.
REPORTS_DIR = REPO_ROOT.parent / "shared" / "real" if in_repository() else Path("(give --reports DIR)")
#: Gold records of those reports, committed without their text.
GOLD_RECORDS_DIR = REPO_ROOT / "eval" / "gold"


@dataclass(frozen=True)
class GoldItem:
    """One document to score: its text, gold record, and gold spans when annotated.

    spans: None when the document has no span annotation (a gold record file), so span
    scores leave it out instead of counting every predicted span as wrong.
    private: the text may be read but not copied into the repository (../shared/real):
        files written for the repository leave its evidence lines out.
    """

    document: Document
    record: Mapping[str, Any]
    format: str
    origin: str
    spans: tuple[Span, ...] | None = None
    private: bool = False
    #: what else the document is grouped by in the tables: "year band" (gold year), "level" (manifest guess)
    groups: Mapping[str, str] = field(default_factory=dict)
    #: the corpus split the document is in ("train", "dev", "test"; "" outside the corpus)
    split: str = ""

    @property
    def id(self) -> str:
        return self.document.id


#: Why a gold item was skipped (``Skipped.kind``).
SKIP_KINDS = ("text_missing", "report_missing", "report_changed", "unreadable")


@dataclass(frozen=True)
class Skipped:
    """A gold item that could not be used, and why.

    reason: the sentence for a person (names the file). kind: one of ``SKIP_KINDS``, for
    counting and grouping without reading ``reason``. looked: for ``text_missing``, the
    folders the text was looked for in.
    """

    id: str
    reason: str
    kind: str = "unreadable"
    looked: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in SKIP_KINDS:
            raise ValueError(f"unknown Skipped kind {self.kind!r}")

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "reason": self.reason}


@dataclass(frozen=True)
class GoldSet:
    """Gold items plus the ones that had to be skipped."""

    items: tuple[GoldItem, ...] = ()
    skipped: tuple[Skipped, ...] = field(default=())

    def __add__(self, other: GoldSet) -> GoldSet:
        return GoldSet(self.items + other.items, self.skipped + other.skipped)


def from_annotated(doc: AnnotatedDocument, texts: Any = None) -> GoldItem:
    """A corpus document as a gold item (its record keeps exactly the annotated keys).

    A by-reference document (text kept outside the repository) is private, and takes its
    ``level`` group from the manifest.jsonl of its text root when there is one.
    """
    from gik_nlp.corpus.split import year_band

    record = {"format": doc.format, **doc.record}
    year = record.get("year")
    groups = {"year band": year_band(year if isinstance(year, int) else None)}
    if doc.text_ref:
        groups["level"] = _manifest_level(doc.text_ref, texts)
    return GoldItem(document=Document(doc.id, doc.source or doc.id, doc.text), record=record,
                    format=str(record.get("format") or doc.format), origin=doc.origin, spans=tuple(doc.spans),
                    private=doc.text_ref is not None, groups=groups, split=doc.split)


_MANIFESTS: dict[Path, dict[str, str]] = {}


def _manifest_level(ref: Mapping[str, str], texts: Any) -> str:
    """The ``level`` the text root's manifest.jsonl gives the file (a guess made before annotation), or "unknown"."""
    from gik_nlp.corpus.texts import TextRoots

    path, _ = (texts or TextRoots.default()).find(str(ref.get("root", "")), "manifest.jsonl")
    if path is None:
        return "unknown"
    if path not in _MANIFESTS:
        levels: dict[str, str] = {}
        try:
            for line in path.read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    entry = json.loads(line)
                    levels[str(entry.get("id"))] = str(entry.get("level") or "unknown")
        except (OSError, ValueError, AttributeError):
            levels = {}
        _MANIFESTS[path] = levels
    return _MANIFESTS[path].get(Path(str(ref.get("file", ""))).stem, "unknown")


def is_gold_record_file(data: Any) -> bool:
    """A gold record file holds ``file`` and ``record`` and no ``text``."""
    return isinstance(data, Mapping) and "file" in data and "record" in data and "text" not in data


def _gold_record_item(path: Path, data: Mapping[str, Any], reports_dir: Path) -> GoldItem | Skipped:
    from gik_nlp.readers import read

    name = str(data["file"])
    report = reports_dir / name
    if not report.is_file():
        return Skipped(name, f"{path}: the report {report} is not on this machine (gold record only)",
                       "report_missing")
    expected = data.get("file_sha256")
    actual = hashlib.sha256(report.read_bytes()).hexdigest()
    if expected and expected != actual:
        return Skipped(name, f"{path}: {report} has changed since it was annotated "
                             f"(sha256 {actual[:12]}…, gold made for {str(expected)[:12]}…)", "report_changed")
    try:
        document = read(report)
    except Exception as exc:  # noqa: BLE001 - a reader failure skips this report, not the evaluation
        return Skipped(name, f"{report}: cannot be read ({exc})")
    record = dict(data["record"])
    fmt = str(data.get("format") or record.get("format") or "unknown")
    record.setdefault("format", fmt)
    return GoldItem(document=document, record=record, format=fmt, origin="real", spans=None, private=True)


def load_gold_records(root: Path = GOLD_RECORDS_DIR, reports_dir: Path = REPORTS_DIR) -> GoldSet:
    """Gold record files under ``root``, each with its report read from ``reports_dir``."""
    items: list[GoldItem] = []
    skipped: list[Skipped] = []
    for path in corpus_files(root) if root.exists() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            skipped.append(Skipped(path.name, f"{path}: cannot read ({exc})"))
            continue
        if not is_gold_record_file(data):
            skipped.append(Skipped(path.name, f"{path}: not a gold record file (needs 'file' and 'record')"))
            continue
        result = _gold_record_item(path, data, reports_dir)
        (items if isinstance(result, GoldItem) else skipped).append(result)  # type: ignore[arg-type]
    return GoldSet(tuple(items), tuple(skipped))


def load_gold(paths: Iterable[Path | str], split: str | None = None,
              reports_dir: Path = REPORTS_DIR, texts: Any = None) -> GoldSet:
    """Gold items from corpus files/folders and gold record files, in a stable order.

    split: keep only corpus documents of this split ("train", "dev", "test"); None keeps
    all. Gold record files have no split: they are never trained on, so always kept.
    texts: where by-reference corpus texts resolve (corpus.texts.TextRoots; None: defaults).
    A document whose text is missing is skipped (the reason says where it was looked for);
    an altered text raises corpus.texts.TextAltered, naming the file.
    """
    from gik_nlp.corpus.texts import TextAltered

    items: list[GoldItem] = []
    skipped: list[Skipped] = []
    for root in paths:
        root = Path(root)
        try:
            files = corpus_files(root)
        except CorpusError as exc:
            skipped.append(Skipped(str(root), str(exc)))
            continue
        for path in files:
            try:
                data = json.loads(path.read_text(encoding="utf-8")) if path.suffix == ".json" else None
            except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
                skipped.append(Skipped(path.name, f"{path}: cannot read ({exc})"))
                continue
            if is_gold_record_file(data):
                result = _gold_record_item(path, data, reports_dir)
                (items if isinstance(result, GoldItem) else skipped).append(result)  # type: ignore[arg-type]
                continue
            if split is not None and isinstance(data, dict) and data.get("split") not in (None, split):
                continue  # another split's document: its text is neither read nor hashed
            missing: list[Any] = []
            try:
                # a .json file is parsed already: build its document from that, not by reading it again
                docs = (documents_of(data, str(path), texts, missing) if path.suffix == ".json"
                        else load_file(path, texts, missing))
            except TextAltered:
                raise
            except CorpusError as exc:
                skipped.append(Skipped(path.name, str(exc)))
                continue
            for gone in missing:  # of the split scored: another split's documents were passed over above
                looked = tuple(str(p) for p in gone.looked)
                skipped.append(Skipped(gone.doc_id, f"text missing: {gone.file} is not in "
                                                    f"{', '.join(looked) or 'any folder'}", "text_missing", looked))
            items += [from_annotated(d, texts) for d in docs if split is None or d.split == split]
    return GoldSet(tuple(items), tuple(skipped))


#: Seed of the synthetic evaluation set: never a training seed (training/*.yaml use 1).
SYNTHETIC_SEED = 4242
#: Seed of the layout noise ``gik evaluate --noise`` applies: not the training configs' seeds (13).
NOISE_SEED = 4242


def noisy_gold_set(gold: GoldSet, name: str, seed: int = NOISE_SEED) -> GoldSet:
    """Every gold item rewritten by the layout noise ``name`` (corpus/noise.py NOISES): its text
    and spans change, its gold record does not. ValueError for an unknown name."""
    from gik_nlp.corpus.noise import noise_rng
    from gik_nlp.corpus.noise import with_noise as rewritten

    items = []
    for item in gold.items:
        doc = AnnotatedDocument(item.id, item.document.text, item.spans or ())
        noisy = rewritten(doc, name, noise_rng(seed, item.id, 1))
        items.append(dataclasses.replace(
            item, document=Document(item.id, item.document.source, noisy.text),
            spans=None if item.spans is None else noisy.spans))
    return GoldSet(tuple(items), gold.skipped)


def synthetic_gold(n: int, seed: int = SYNTHETIC_SEED, config: Any = None) -> GoldSet:
    """``n`` generated reports as gold items (spans and records exact by construction)."""
    from gik_nlp.synth import generate

    return GoldSet(tuple(from_annotated(d) for d in generate(n, seed, config)))
