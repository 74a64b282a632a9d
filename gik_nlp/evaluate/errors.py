"""The error listing: every wrong, missing or spurious field, with the text around it.

A score says how often the extractor is wrong; the listing says why. For each field
that is not right it gives the gold value, the predicted value, and a line of the
document around each: the statistic's evidence offsets when the record carries them
(a predicted record always does, a corpus gold record usually), else the first place the
value or the field's printed name occurs. The marked stretch is in ``⟦ ⟧``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from gik_nlp.evaluate.metrics import RECORD_FIELDS, FieldOutcome

__all__ = ["FieldError", "field_errors", "EVIDENCE_CONTEXT", "context"]

#: Characters of text shown on each side of the evidence: about one table row or clause.
EVIDENCE_CONTEXT = 30


@dataclass(frozen=True)
class FieldError:
    """One field that is not right in one document."""

    document: str
    field: str
    kind: str  # "wrong", "missing" or "spurious" (FieldOutcome.kind)
    gold: Any
    predicted: Any
    gold_evidence: str = ""
    predicted_evidence: str = ""
    name: str = ""  # the statistic as the national format prints it (row/column for a matrix cell)

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "field": self.field, "name": self.name, "kind": self.kind,
                "gold": _plain(self.gold), "predicted": _plain(self.predicted),
                "gold_evidence": self.gold_evidence, "predicted_evidence": self.predicted_evidence}


def _plain(value: Any) -> Any:
    """JSON-friendly value: tuples become lists, whole floats ints (3119.0 → 3119)."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def context(text: str, start: int, end: int, width: int = EVIDENCE_CONTEXT) -> str:
    """One line of ``text`` around ``[start, end)``, the stretch marked ``⟦ ⟧``, line breaks as ``⏎``.

    >>> context("一、总体情况\\n收到申请数 12 件", 13, 15, width=8)
    '…况⏎收到申请数 ⟦12⟧ 件'
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    left, right = max(0, start - width), min(len(text), end + width)
    line = (("…" if left else "") + text[left:start] + "⟦" + text[start:end] + "⟧" + text[end:right]
            + ("…" if right < len(text) else ""))
    line = re.sub(r"[ \t\u3000]*\n[ \t\u3000\n]*", "⏎", line)
    return re.sub(r"[ \t\u3000]{2,}", " ", line)  # table padding says nothing


def _evidence_bounds(evidence: Any) -> tuple[int, int] | None:
    """The stretch an evidence dict points at: the value (else the sentence, else the name)."""
    if not isinstance(evidence, Mapping):
        return None
    for key in ("value", "sentence", "name"):
        bounds = evidence.get(key)
        if isinstance(bounds, (list, tuple)) and len(bounds) == 2 and bounds[1] > bounds[0]:
            return int(bounds[0]), int(bounds[1])
    return None


def _date_forms(iso: str) -> list[str]:
    """Printed forms of an ISO date to look for: 2018-01-25, 2018年1月25日, 2018年01月25日."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not match:
        return [iso] if iso else []
    y, m, d = match.groups()
    return [f"{y}年{int(m)}月{int(d)}日", f"{y}年{m}月{d}日", iso, f"{y}.{int(m)}.{int(d)}", f"{y}/{int(m)}/{int(d)}"]


def _find_number(text: str, value: Any) -> tuple[int, int] | None:
    """The first place ``value`` is printed as a whole number (not inside 2018 or 25日's 5)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = re.search(rf"(?<![\d.]){re.escape(str(value))}(?![\d.])", text)
    return match.span() if match else None


def _field_names(field_id: str) -> list[str]:
    """Printed names of a statistic field, most specific first (a matrix cell: its row header)."""
    from gik_nlp.schema import FIELDS

    spec = FIELDS.get(field_id)
    if spec is None:
        return []
    names = [spec.zh, *spec.aliases]
    if spec.row_zh:
        names += [spec.row_zh, re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）.、]", "", spec.row_zh)]
    return [n for n in names if n]


def _printed_name(field_id: str) -> str:
    from gik_nlp.schema import FIELDS

    spec = FIELDS.get(field_id)
    return spec.zh if spec is not None else ""


def _span_bounds(record: Mapping[str, Any], needles: list[str]) -> tuple[int, int] | None:
    for span in record.get("spans") or ():
        if isinstance(span, Mapping) and span.get("text") in needles:
            return int(span["start"]), int(span["end"])
    return None


def _find(text: str, needles: Iterable[str]) -> tuple[int, int] | None:
    for needle in needles:
        if needle and (at := text.find(needle)) >= 0:
            return at, at + len(needle)
    return None


def _record_field_needles(name: str, value: Any, raw: Any) -> list[str]:
    """What to look for in the text for a record field's value (raw: the record's own form)."""
    if value is None:
        return []
    if name == "published":
        return _date_forms(str(value))
    if name == "period" and isinstance(value, tuple):
        return _date_forms(str(value[0])) + _date_forms(str(value[1]))
    if name == "year":
        return [f"{value}年度", f"{value}年"]
    if name in ("doc_number", "cited_documents"):
        printed = raw.get("text") if isinstance(raw, Mapping) else None
        return [n for n in (printed, str(value)) if n]
    return [str(value)]


def _raw_cited(record: Mapping[str, Any], normalized: Any) -> Any:
    for item in record.get("cited_documents") or ():
        if isinstance(item, Mapping) and re.sub(r"\s+", "", str(item.get("normalized") or "")) == normalized:
            return item
    return None


def _locate(outcome: FieldOutcome, value: Any, record: Mapping[str, Any], text: str) -> str:
    """The text around one side's value of a field, or "" when it cannot be placed."""
    if value is None or not text:
        return ""
    name = outcome.field
    if name in RECORD_FIELDS:
        raw = _raw_cited(record, value) if name == "cited_documents" else record.get(name)
        needles = _record_field_needles(name, value, raw)
        # A tagged span with that text is where the value came from; else its first occurrence.
        bounds = _span_bounds(record, needles) or _find(text, needles)
        return context(text, *bounds) if bounds else ""
    stat = (record.get("statistics") or {}).get(name)
    evidence = stat.get("evidence") if isinstance(stat, Mapping) else None
    if isinstance(evidence, Mapping) and evidence.get("cells"):
        return "derived from " + " + ".join(str(c) for c in evidence["cells"])
    bounds = _evidence_bounds(evidence)
    if bounds is None:
        # No offsets (a gold record made without the text): the field's printed name, else the number.
        bounds = _find(text, _field_names(name)) or _find_number(text, value)
    return context(text, *bounds) if bounds else ""


def field_errors(document: str, outcomes: Iterable[FieldOutcome], gold: Mapping[str, Any],
                 predicted: Mapping[str, Any] | None, text: str = "",
                 predicted_text: str | None = None) -> list[FieldError]:
    """The outcomes that are not right, each with the text around the gold and predicted value.

    document: the document's id. gold / predicted: the two record dicts the outcomes came
    from (``predicted`` None for a document without a prediction). text: the document's
    normalised text, which evidence offsets refer to ("" gives no evidence lines).
    predicted_text: the text the prediction's offsets refer to, when it is not ``text``
    ("" when unknown: a prediction made from another reading of the file).
    """
    predicted_text = text if predicted_text is None else predicted_text
    predicted = predicted or {}
    errors: list[FieldError] = []
    for outcome in outcomes:
        if outcome.kind == "correct":
            continue
        errors.append(FieldError(
            document=document, field=outcome.field, kind=outcome.kind, gold=outcome.gold,
            predicted=outcome.predicted,
            gold_evidence=_locate(outcome, outcome.gold, gold, text),
            predicted_evidence=_locate(outcome, outcome.predicted, predicted, predicted_text),
            name=_printed_name(outcome.field)))
    return errors
