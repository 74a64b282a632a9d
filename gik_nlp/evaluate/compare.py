"""Two models side by side on the same documents.

``compare(a, b)`` lines up the F1 of two ``Evaluation``s of the same gold set per span
label, record field, statistics family and headline statistic, with the difference
B − A, and lists the documents where they disagree most.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gik_nlp.evaluate.metrics import PRF, Scores
from gik_nlp.evaluate.report import f1_cell, headline_fields, table
from gik_nlp.evaluate.score import Evaluation

__all__ = ["ComparisonRow", "compare", "comparison_table"]


@dataclass(frozen=True)
class ComparisonRow:
    """One line of a comparison: what is scored, and each side's counts."""

    group: str  # "span", "field", "family", "headline", "all"
    key: str
    a: PRF
    b: PRF

    @property
    def delta(self) -> float | None:
        """F1 of B minus F1 of A; None when either side had nothing to score."""
        if self.a.empty or self.b.empty:
            return None
        return self.b.f1 - self.a.f1

    def to_dict(self) -> dict[str, Any]:
        delta = self.delta
        return {"group": self.group, "key": self.key, "a": self.a.to_dict(), "b": self.b.to_dict(),
                "delta_f1": None if delta is None else round(delta, 4)}


def _rows(group: str, a: Scores, b: Scores, keys: list[str] | None = None) -> list[ComparisonRow]:
    keys = keys if keys is not None else list(dict.fromkeys([*a.per_key, *b.per_key]))
    rows = [ComparisonRow(group, k, a.per_key.get(k, PRF()), b.per_key.get(k, PRF())) for k in keys]
    return [r for r in rows if not (r.a.empty and r.b.empty)]


def compare(a: Evaluation, b: Evaluation) -> list[ComparisonRow]:
    """Rows for every span label, record field, family and headline field either side scored."""
    if [d.id for d in a.documents] != [d.id for d in b.documents]:
        raise ValueError(f"cannot compare {a.name!r} and {b.name!r}: they scored different documents")
    rows: list[ComparisonRow] = []
    spans_a, spans_b = a.spans(), b.spans()
    if spans_a is not None and spans_b is not None:
        rows += _rows("span", spans_a, spans_b)
        rows.append(ComparisonRow("span", "micro", spans_a.micro, spans_b.micro))
    rec_a, rec_b = a.records(), b.records()
    rows += _rows("field", rec_a.fields, rec_b.fields)
    rows += _rows("family", rec_a.families, rec_b.families)
    rows += _rows("headline", rec_a.statistics, rec_b.statistics, headline_fields())
    rows.append(ComparisonRow("all", "micro", rec_a.micro, rec_b.micro))
    return rows


def comparison_table(rows: list[ComparisonRow], name_a: str, name_b: str, markdown: bool = False) -> str:
    """F1 of A and B and the difference, one line per row."""
    lines = []
    for row in rows:
        delta = row.delta
        lines.append([f"{row.group}: {row.key}", f1_cell(row.a), f1_cell(row.b),
                      "—" if delta is None else f"{delta:+.3f}", row.a.support])
    return table(["scored", f"F1 {name_a}", f"F1 {name_b}", "B − A", "gold"], lines, markdown)
