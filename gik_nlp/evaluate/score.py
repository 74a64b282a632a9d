"""Score predictions against gold items: per document first, then summed any way asked.

``predict(tagger, items)`` runs the extractor (tag, then assemble) on each gold item's
document; ``score_predictions(gold, records)`` scores records made by anyone (this model,
another model, another tool) against the gold items. The result, an ``Evaluation``,
keeps one ``DocumentResult`` per gold document, so span and record scores can be summed
over all documents, one format, or the folds of a cross-validation alike.

Predicted records are matched to gold documents by ``text_sha256``, else by name (the
record's ``source`` file name or stem equals the gold document's id or source name).
Span offsets are only comparable when the texts are the same, so a prediction whose
``text_sha256`` differs from the gold text's is scored on its record only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
import dataclasses
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Protocol

from gik_nlp.evaluate.errors import FieldError, field_errors
from gik_nlp.evaluate.gold import GoldItem, GoldSet, Skipped
from gik_nlp.evaluate.metrics import PRF, FieldOutcome, RecordScores, Scores, record_outcomes, span_counts
from gik_nlp.types import Document, Span

__all__ = ["DocumentResult", "Evaluation", "predict", "score_document", "score_predictions",
           "match_predictions", "evaluate_tagger"]


class SpanTagger(Protocol):
    name: str

    def tag(self, doc: Document) -> list[Span]: ...


@dataclass(frozen=True)
class DocumentResult:
    """How one gold document was scored.

    spans: PRF per label, None when there are no gold spans or no comparable predicted ones.
    predicted: False when no prediction was found for the document (scored as empty).
    """

    id: str
    format: str
    origin: str
    spans: Mapping[str, PRF] | None
    outcomes: tuple[FieldOutcome, ...]
    errors: tuple[FieldError, ...] = ()
    predicted: bool = True
    private: bool = False  # its text must not be copied into files: evidence lines are left out there
    groups: Mapping[str, str] = dataclasses.field(default_factory=dict)  # "year band", "level"
    split: str = ""  # the corpus split of the gold document ("" outside the corpus)

    @property
    def records(self) -> RecordScores:
        return RecordScores.from_outcomes(self.outcomes)


def _labels() -> tuple[str, ...]:
    from gik_nlp.schema import LABELS

    return LABELS


@dataclass(frozen=True)
class Evaluation:
    """The scores of one set of gold documents, kept per document.

    name: what was scored ("corpus test split", "real reports", …). model: the tagger's name.
    unmatched: predicted records that match no gold document. skipped: gold items not used.
    """

    name: str
    documents: tuple[DocumentResult, ...] = ()
    model: str = ""
    unmatched: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()

    def select(self, format: str | None = None) -> tuple[DocumentResult, ...]:
        return tuple(d for d in self.documents if format is None or d.format == format)

    def group_values(self, kind: str) -> list[str]:
        """The values of a grouping ("year band", "level") its documents have, sorted; [] when none has it."""
        return sorted({d.groups[kind] for d in self.documents if kind in d.groups})

    def subset(self, kind: str, value: str) -> Evaluation:
        """The same evaluation over the documents whose group ``kind`` is ``value``."""
        return dataclasses.replace(self, documents=tuple(d for d in self.documents if d.groups.get(kind) == value))

    def spans(self, format: str | None = None) -> Scores | None:
        """Strict span scores per label (None when no document has gold spans)."""
        scored = [d.spans for d in self.select(format) if d.spans is not None]
        if not scored:
            return None
        total = Scores({label: PRF() for label in _labels()})
        for counts in scored:
            total = total + Scores(counts)
        return total

    def records(self, format: str | None = None) -> RecordScores:
        total = RecordScores.from_outcomes(())
        for doc in self.select(format):
            total = total + doc.records
        return total

    @property
    def formats(self) -> list[str]:
        """Formats present, in schema order."""
        from gik_nlp.schema import FORMATS

        present = {d.format for d in self.documents}
        return [f for f in FORMATS if f in present] + sorted(present - set(FORMATS))

    @property
    def errors(self) -> list[FieldError]:
        return [e for d in self.documents for e in d.errors]

    def shareable_errors(self) -> list[FieldError]:
        """The errors with the evidence lines of private texts (../shared/real) blanked, for files."""
        return [e if not d.private else dataclasses.replace(e, gold_evidence="", predicted_evidence="")
                for d in self.documents for e in d.errors]

    @property
    def missing(self) -> list[str]:
        return [d.id for d in self.documents if not d.predicted]

    def to_dict(self, errors: bool = True, brief: bool = False) -> dict[str, Any]:
        def part(fmt: str | None) -> dict[str, Any]:
            spans = self.spans(fmt)
            return {"documents": len(self.select(fmt)), "spans": spans.to_dict() if spans else None,
                    "records": self.records(fmt).to_dict()}

        def group(kind: str) -> dict[str, Any]:
            return {value: self.subset(kind, value).to_dict(errors=False, brief=True)
                    for value in self.group_values(kind)}

        if brief:
            return part(None)
        out: dict[str, Any] = {"name": self.name, "model": self.model, **part(None),
                               "by_format": {fmt: part(fmt) for fmt in self.formats},
                               "by_year_band": group("year band"), "by_level": group("level"),
                               "per_document": [
                                   {"id": d.id, "format": d.format, "origin": d.origin, "predicted": d.predicted,
                                    "spans": Scores(d.spans).micro.to_dict() if d.spans is not None else None,
                                    "records": d.records.micro.to_dict()} for d in self.documents],
                               "missing": self.missing, "unmatched": list(self.unmatched),
                               "skipped": [s.to_dict() for s in self.skipped], "notes": list(self.notes)}
        if errors:
            out["errors"] = [e.to_dict() for e in self.shareable_errors()]
        return out


def score_document(item: GoldItem, predicted: Mapping[str, Any] | None) -> DocumentResult:
    """Score one predicted record dict (None: no prediction) against one gold item."""
    text = item.document.text
    text_sha256 = item.document.text_sha256  # a property: hashes the whole text on each access
    same_text = predicted is not None and predicted.get("text_sha256", text_sha256) in ("", text_sha256)
    spans: dict[str, PRF] | None = None
    if item.spans is not None and (predicted is None or same_text):
        predicted_spans = [Span.from_dict(s) for s in (predicted or {}).get("spans") or ()]
        spans = span_counts(item.spans, predicted_spans, _labels())
    outcomes = tuple(record_outcomes(item.record, predicted))
    errors = field_errors(item.id, outcomes, item.record, predicted, text,
                          predicted_text=text if same_text else "")
    return DocumentResult(item.id, item.format, item.origin, spans, outcomes, tuple(errors),
                          predicted=predicted is not None, private=item.private, groups=dict(item.groups),
                          split=item.split)


def _names(item: GoldItem) -> set[str]:
    names = {item.id, PurePath(item.document.source).name, PurePath(item.document.source).stem}
    return {n for n in names if n}


def match_predictions(items: Iterable[GoldItem], records: Iterable[Mapping[str, Any]]
                      ) -> tuple[dict[str, Mapping[str, Any]], list[str]]:
    """Pair predicted records with gold items: by text hash, else by file name or stem.

    RETURNS: (gold id → record, sources of the records that matched nothing).
    """
    items = list(items)
    by_hash = {i.document.text_sha256: i.id for i in items}
    by_name: dict[str, str] = {}
    for item in items:
        for name in _names(item):
            by_name.setdefault(name, item.id)
    matched: dict[str, Mapping[str, Any]] = {}
    unmatched: list[str] = []
    for record in records:
        source = str(record.get("source") or "")
        doc_id = by_hash.get(str(record.get("text_sha256") or "")) \
            or by_name.get(PurePath(source).name) or by_name.get(PurePath(source).stem)
        if doc_id is None or doc_id in matched:
            unmatched.append(source or "(no source)")
        else:
            matched[doc_id] = record
    return matched, unmatched


def score_predictions(gold: GoldSet, records: Iterable[Mapping[str, Any]], name: str = "",
                      model: str = "") -> Evaluation:
    """Score predicted record dicts (``ReportRecord.to_dict()``) against the gold items."""
    matched, unmatched = match_predictions(gold.items, records)
    documents = tuple(score_document(item, matched.get(item.id)) for item in gold.items)
    return Evaluation(name=name, documents=documents, model=model, unmatched=tuple(unmatched),
                      skipped=gold.skipped)


def predict(tagger: SpanTagger, items: Iterable[GoldItem],
            on_document: Callable[[], None] | None = None) -> list[dict[str, Any]]:
    """Tag and assemble each gold item's document; the record dicts, spans included."""
    from gik_nlp.pipeline import assemble_tagged

    records = []
    for item in items:
        spans = tagger.tag(item.document)
        record = assemble_tagged(item.document, spans, tagger).to_dict()
        # The tagger's own spans are what span F1 scores, whatever the record keeps.
        record["spans"] = [s.to_dict() for s in spans]
        records.append(record)
        if on_document:
            on_document()
    return records


def evaluate_tagger(tagger: SpanTagger, gold: GoldSet, name: str = "",
                    on_document: Callable[[], None] | None = None) -> Evaluation:
    """Run the extractor over the gold documents and score it."""
    records = predict(tagger, gold.items, on_document)
    # The texts are the gold texts themselves, so pair by position, not by name.
    documents = tuple(score_document(item, record) for item, record in zip(gold.items, records))
    return Evaluation(name=name, documents=documents, model=tagger.name, skipped=gold.skipped)
