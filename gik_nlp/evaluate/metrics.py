"""Precision, recall and F1 for spans and for record fields.

Spans are scored strictly, as seqeval's strict mode does for IOB2: a predicted span is
right only when its ``(start, end, label)`` equals a gold span's. A document's spans are
a set, so a span listed twice counts once (a tag sequence cannot hold a span twice).

Records are scored field by field (docs/evaluation.md gives the rules):

- record fields (``RECORD_FIELDS``): a single value compared after normalising it
  (agency without whitespace, doc_number by its normalized form, period by start and
  end); ``cited_documents`` is a set of normalized 文号, each one a TP, FP or FN;
- statistics: one field per field id; right when the values agree within
  ``VALUE_TOLERANCE``. A wrong value is both an FP and an FN;
- only keys present in the gold record are scored; a key present with ``null`` means
  the report does not state it, so a predicted value there is an FP.

Zero denominators give 0.0, as in seqeval. Averages: micro sums the counts; macro is
the mean over the keys that have any gold or predicted item (seqeval's label set).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gik_nlp.assemble.fields import simplified
from gik_nlp.schema import FIELDS
from gik_nlp.schema.units import canonical
from gik_nlp.types import Span

__all__ = ["PRF", "Scores", "RecordScores", "FieldOutcome", "RECORD_FIELDS", "VALUE_TOLERANCE",
           "span_counts", "span_scores", "record_outcomes", "record_scores", "family_of"]

#: The record's own fields, in record.md order, scored besides the statistics.
RECORD_FIELDS: tuple[str, ...] = ("agency", "year", "doc_number", "published", "period", "cited_documents")

#: Two statistic values are the same when they differ by at most this much (96171.6 万元
#: read from text and from JSON must agree however the float was formed).
VALUE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class PRF:
    """True positive, false positive and false negative counts, with the scores they give.

    >>> PRF(tp=3, fp=1, fn=2).precision, PRF(tp=3, fp=1, fn=2).recall
    (0.75, 0.6)
    >>> round(PRF(tp=3, fp=1, fn=2).f1, 4)
    0.6667
    >>> PRF().f1  # nothing to score: 0.0, as seqeval reports it
    0.0
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        """How many gold items there were."""
        return self.tp + self.fn

    @property
    def empty(self) -> bool:
        """Neither gold nor predicted items: the scores say nothing."""
        return not (self.tp or self.fp or self.fn)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PRF:
        return cls(int(data["tp"]), int(data["fp"]), int(data["fn"]))


def _sum(prfs: Iterable[PRF]) -> PRF:
    total = PRF()
    for prf in prfs:
        total = total + prf
    return total


@dataclass(frozen=True)
class Scores:
    """PRF per key (a span label or a field id), with micro and macro averages.

    >>> s = Scores({"A": PRF(1, 0, 0), "B": PRF(0, 1, 1), "C": PRF()})
    >>> s.micro
    PRF(tp=1, fp=1, fn=1)
    >>> s.macro["f1"], s.macro["n"]  # C has nothing and is left out
    (0.5, 2)
    """

    per_key: Mapping[str, PRF] = field(default_factory=dict)

    @property
    def micro(self) -> PRF:
        return _sum(self.per_key.values())

    @property
    def macro(self) -> dict[str, float]:
        """Mean precision, recall and F1 over the non-empty keys; ``n`` is how many there were."""
        scored = [prf for prf in self.per_key.values() if not prf.empty]
        if not scored:
            return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 0}
        return {"precision": sum(p.precision for p in scored) / len(scored),
                "recall": sum(p.recall for p in scored) / len(scored),
                "f1": sum(p.f1 for p in scored) / len(scored), "n": len(scored)}

    def __add__(self, other: Scores) -> Scores:
        keys = list(self.per_key) + [k for k in other.per_key if k not in self.per_key]
        return Scores({k: self.per_key.get(k, PRF()) + other.per_key.get(k, PRF()) for k in keys})

    def grouped(self, group_of: Any) -> Scores:
        """Sum the keys into groups: ``group_of(key) -> group name`` (e.g. field id → family)."""
        groups: dict[str, PRF] = {}
        for key, prf in self.per_key.items():
            name = group_of(key)
            groups[name] = groups.get(name, PRF()) + prf
        return Scores(groups)

    def to_dict(self) -> dict[str, Any]:
        macro = self.macro
        return {"per_key": {k: v.to_dict() for k, v in self.per_key.items()},
                "micro": self.micro.to_dict(),
                "macro": {"precision": round(macro["precision"], 4), "recall": round(macro["recall"], 4),
                          "f1": round(macro["f1"], 4), "n": macro["n"]}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scores:
        return cls({k: PRF.from_dict(v) for k, v in data["per_key"].items()})


# --- spans ----------------------------------------------------------------------------


def span_counts(gold: Iterable[Span], predicted: Iterable[Span],
                labels: Iterable[str] = ()) -> dict[str, PRF]:
    """PRF per label for one document: strict match on ``(start, end, label)``.

    labels: labels to report even when neither side has one (the table stays the same
    shape across documents); labels seen in gold or predicted spans are always added.

    >>> gold = [Span(0, 4, "DATE", "2017"), Span(5, 7, "AGENCY", "县府")]
    >>> pred = [Span(0, 4, "DATE", "2017"), Span(5, 6, "AGENCY", "县"), Span(0, 4, "DATE", "2017")]
    >>> span_counts(gold, pred)
    {'DATE': PRF(tp=1, fp=0, fn=0), 'AGENCY': PRF(tp=0, fp=1, fn=1)}
    """
    gold_set = {(s.start, s.end, s.label) for s in gold}
    pred_set = {(s.start, s.end, s.label) for s in predicted}
    keys = list(dict.fromkeys([*labels, *(label for _, _, label in sorted(gold_set | pred_set))]))
    counts: dict[str, PRF] = {}
    for label in keys:
        g = {s for s in gold_set if s[2] == label}
        p = {s for s in pred_set if s[2] == label}
        counts[label] = PRF(len(g & p), len(p - g), len(g - p))
    return counts


def span_scores(gold: Mapping[str, Iterable[Span]], predicted: Mapping[str, Iterable[Span]],
                labels: Iterable[str] | None = None) -> Scores:
    """Strict span PRF per label over documents keyed by id.

    A gold document with no entry in ``predicted`` counts as predicting nothing (all its
    spans are FN); predicted documents without gold are not scored (the caller lists them).
    labels: the labels to report, default ``schema.LABELS``.
    """
    if labels is None:
        from gik_nlp.schema import LABELS

        labels = LABELS
    labels = tuple(labels)
    total = Scores({label: PRF() for label in labels})
    for doc_id, gold_spans in gold.items():
        total = total + Scores(span_counts(gold_spans, predicted.get(doc_id, ()), labels))
    return total


# --- records --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldOutcome:
    """How one field of one record was scored.

    field: a record field (``agency`` …) or a statistic field id.
    gold, predicted: the values compared, normalised (None: absent or not stated).
    """

    field: str
    gold: Any
    predicted: Any
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def kind(self) -> str:
        """``correct``, ``wrong`` (a different value), ``missing`` (FN only) or ``spurious`` (FP only)."""
        if self.tp:
            return "correct"
        if self.fp and self.fn:
            return "wrong"
        return "missing" if self.fn else "spurious"

    @property
    def prf(self) -> PRF:
        return PRF(self.tp, self.fp, self.fn)


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _doc_number_key(value: Any) -> str | None:
    """A 文号 compared by its normalized form (the printed text when that is all there is)."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        value = value.get("normalized") or value.get("text")
    return _no_space(str(value)) if value else None


def _normalise(name: str, value: Any) -> Any:
    """The comparable form of a record field's value; None for 'not stated'."""
    if value is None or value == "":
        return None
    if name == "agency":
        return _no_space(str(value)) or None
    if name == "year":
        try:
            return int(value)
        except (TypeError, ValueError):
            return str(value)
    if name == "doc_number":
        return _doc_number_key(value)
    if name == "period":
        if isinstance(value, Mapping):
            return (value.get("start"), value.get("end"))
        return tuple(value)
    return str(value).strip()


def _single(name: str, gold: Any, predicted: Any) -> FieldOutcome:
    g, p = _normalise(name, gold), _normalise(name, predicted)
    if g is None and p is None:
        return FieldOutcome(name, None, None)
    if g == p:
        return FieldOutcome(name, g, p, tp=1)
    return FieldOutcome(name, g, p, fp=int(p is not None), fn=int(g is not None))


def _cited(gold: Iterable[Any], predicted: Iterable[Any]) -> list[FieldOutcome]:
    g = [k for k in dict.fromkeys(_doc_number_key(v) for v in gold) if k]
    p = [k for k in dict.fromkeys(_doc_number_key(v) for v in predicted) if k]
    outcomes = [FieldOutcome("cited_documents", k, k if k in p else None, tp=int(k in p), fn=int(k not in p))
                for k in g]
    outcomes += [FieldOutcome("cited_documents", None, k, fp=1) for k in p if k not in g]
    return outcomes


def _number(value: Any) -> float | None:
    if isinstance(value, Mapping):
        value = value.get("value")
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan  # unreadable: never equal to anything
    return number


def _in_field_unit(field_id: str, entry: Any) -> Any:
    """A gold statistic written in the unit it was printed in (``{"value": 200, "unit": "万条"}``)
    expressed in the field's own unit, as records hold it (docs/spec/record.md); as given when it
    names no unit, the field's unit, or one that does not convert.

    >>> _in_field_unit("proactive.total", {"value": 200, "unit": "万条"})
    2000000
    >>> _in_field_unit("proactive.total", {"value": 196.4, "unit": "萬條"})
    1964000
    >>> _in_field_unit("proactive.total", {"value": 12, "unit": "条"})
    {'value': 12, 'unit': '条'}
    """
    if not isinstance(entry, Mapping) or field_id not in FIELDS:
        return entry
    unit, value = entry.get("unit"), entry.get("value")
    if not unit or unit == FIELDS[field_id].unit or not isinstance(value, (int, float)) or isinstance(value, bool):
        return entry
    converted = canonical(value, simplified(unit), FIELDS[field_id].unit)   # 萬條 as 万条
    return entry if converted is None else converted


def _statistics(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> list[FieldOutcome]:
    outcomes: list[FieldOutcome] = []
    for field_id in list(gold) + [k for k in predicted if k not in gold]:
        g = _number(_in_field_unit(field_id, gold.get(field_id)))
        p = _number(predicted.get(field_id))
        if g is None and p is None:
            continue
        if g is not None and p is not None and abs(g - p) <= VALUE_TOLERANCE:
            outcomes.append(FieldOutcome(field_id, g, p, tp=1))
        else:
            outcomes.append(FieldOutcome(field_id, g, p, fp=int(p is not None), fn=int(g is not None)))
    return outcomes


def record_outcomes(gold: Mapping[str, Any], predicted: Mapping[str, Any] | None) -> list[FieldOutcome]:
    """Score one predicted record (a ``ReportRecord.to_dict()``) against a gold record dict.

    Only keys present in ``gold`` are scored. ``predicted=None`` (no record for the
    document) scores like an empty record: every stated gold value is an FN.
    Outcomes come in RECORD_FIELDS order, then statistics in gold order; a field that
    neither side states gives none.

    >>> [o.kind for o in record_outcomes({"year": 2017, "agency": None}, {"year": 2016, "agency": "县府"})]
    ['spurious', 'wrong']
    """
    predicted = predicted or {}
    outcomes: list[FieldOutcome] = []
    for name in RECORD_FIELDS:
        if name not in gold:
            continue
        if name == "cited_documents":
            outcomes += _cited(gold[name] or (), predicted.get(name) or ())
        else:
            outcome = _single(name, gold[name], predicted.get(name))
            if not outcome.prf.empty:
                outcomes.append(outcome)
    if "statistics" in gold:
        outcomes += _statistics(gold["statistics"] or {}, predicted.get("statistics") or {})
    return outcomes


def family_of(field_id: str) -> str:
    """A statistic field's family (``schema.FIELDS[id].family``; the id's first part if unknown)."""
    from gik_nlp.schema import FIELDS

    spec = FIELDS.get(field_id)
    return spec.family if spec is not None else field_id.split(".")[0]


@dataclass(frozen=True)
class RecordScores:
    """Record scores: the record fields and the statistics, kept apart, and combined."""

    fields: Scores = field(default_factory=Scores)
    statistics: Scores = field(default_factory=Scores)

    @classmethod
    def from_outcomes(cls, outcomes: Iterable[FieldOutcome]) -> RecordScores:
        fields_: dict[str, PRF] = {name: PRF() for name in RECORD_FIELDS}
        statistics: dict[str, PRF] = {}
        for outcome in outcomes:
            target = fields_ if outcome.field in RECORD_FIELDS else statistics
            target[outcome.field] = target.get(outcome.field, PRF()) + outcome.prf
        return cls(Scores(fields_), Scores(dict(sorted(statistics.items()))))

    @property
    def families(self) -> Scores:
        """Statistics summed by field family (``request``, ``apply``, ``review`` …)."""
        grouped = self.statistics.grouped(family_of)
        return Scores(dict(sorted(grouped.per_key.items())))

    @property
    def micro(self) -> PRF:
        """All record fields and statistics together."""
        return self.fields.micro + self.statistics.micro

    @property
    def macro(self) -> dict[str, float]:
        """Mean over every non-empty record field and statistic field."""
        return Scores({**self.fields.per_key, **self.statistics.per_key}).macro

    def __add__(self, other: RecordScores) -> RecordScores:
        return RecordScores(self.fields + other.fields, self.statistics + other.statistics)

    def to_dict(self) -> dict[str, Any]:
        macro = self.macro
        return {"fields": self.fields.to_dict(), "statistics": self.statistics.to_dict(),
                "families": self.families.to_dict(), "micro": self.micro.to_dict(),
                "macro": {"precision": round(macro["precision"], 4), "recall": round(macro["recall"], 4),
                          "f1": round(macro["f1"], 4), "n": macro["n"]}}


def record_scores(gold: Mapping[str, Mapping[str, Any]],
                  predicted: Mapping[str, Mapping[str, Any]]) -> RecordScores:
    """Record PRF over documents keyed by id; a gold document absent from ``predicted`` is all FN."""
    outcomes: list[FieldOutcome] = []
    for doc_id, gold_record in gold.items():
        outcomes += record_outcomes(gold_record, predicted.get(doc_id))
    return RecordScores.from_outcomes(outcomes)
