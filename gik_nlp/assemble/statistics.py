"""From pairings to statistics, and the report's format.

A value printed in a table beats prose for the same field (the other value is a warning); a
zero stated by negation is used only where nothing else gives the field; headline fields are
filled for every format, from the format's cells (``derived``) when the report has them. The
format (pre2019, 2019, 2021) is read from the tables' cells and headers and the year.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, replace
from typing import Sequence

from gik_nlp.assemble.decode.fallback import TableReading
from gik_nlp.assemble.fields import nearest_field, simplified
from gik_nlp.assemble.numbers import Quantity, find_quantities, parse_quantity, shown
from gik_nlp.assemble.pairing import Pairing
from gik_nlp.assemble.prose import clause_bounds
from gik_nlp.schema import FIELDS, HEADLINE
from gik_nlp.schema.templates import templates
from gik_nlp.schema.units import counts_alike
from gik_nlp.types import OtherStatistic, Statistic

#: Confidence of a zero read from a negation (a rule on wording, weaker than a printed 0).
NEGATION_CONFIDENCE = 0.8
#: Two other_statistics with the same value and unit whose names share this much of their
#: characters (Jaccard) are one figure printed twice ("政策性文件公开33条" / "公开政策性文件33条").
RESTATED_NAME_OVERLAP = 0.8

#: Words whose presence in the text is a vote for a format (printed headers and rows of one
#: format only; a vote each, beside the tables' evidence). 统计数 is the 统计表's column header,
#: not the 统计数据 (statistical data) a statistics bureau publishes.
_FORMAT_TEXT_MARKERS = {fmt: tuple(re.compile(pattern) for pattern in patterns) for fmt, patterns in {
    "2021": ("本年废止件数", "现行有效件数", "逾期不补正", "逾期未按收费通知"),
    "2019": ("本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "本年新制作数量"),
    "pre2019": ("统计指标", "统计数(?!据|字)", "收到申请数", "申请办结数", "申请答复数"),
}.items()}
#: Words that say a 表三 is printed (its template's anchors): the report has the national matrices.
_MATRIX_TEXT = templates()["apply_2019"].anchors


@dataclass(frozen=True)
class _Candidate:
    pairing: Pairing
    quantity: Quantity


def _quantity(pairing: Pairing) -> Quantity | None:
    quantity = parse_quantity(pairing.value_text)
    if quantity is None:
        found = find_quantities(pairing.value_text)
        quantity = found[0][2] if found else None
    return quantity


def _unit(candidate: _Candidate, field_id: str | None) -> str:
    if candidate.quantity.unit:
        return candidate.quantity.unit
    if candidate.pairing.unit:
        return candidate.pairing.unit
    return FIELDS[field_id].unit if field_id else ""


def _evidence(pairing: Pairing) -> dict:
    evidence: dict = {}
    if pairing.name_span:
        evidence["name"] = list(pairing.name_span)
    evidence["value"] = list(pairing.value_span)
    if not pairing.tagged:
        evidence["tagged"] = False
    return evidence


def _said(text: str, candidate: _Candidate) -> str:
    """How a prose value reads in a warning: the number, or the printed text when approximate."""
    if candidate.quantity.approximate:
        return candidate.pairing.value_text
    return shown(candidate.quantity.value)


def _clause(text: str, pairing: Pairing) -> str:
    left, _ = clause_bounds(text, pairing.value_span[0], pairing.value_span[1])
    if pairing.name_span:
        left = min(left, pairing.name_span[0])
    return text[left:pairing.value_span[1]]


def _units_agree(a: str, b: str) -> bool:
    """Units that can count the same thing (人 and 人次; a bare number agrees with any)."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def _jaccard(a: str, b: str) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def _resolve_field(text: str, field_id: str, candidates: Sequence[_Candidate]
                   ) -> tuple[Statistic, list[str], list[_Candidate]]:
    """One field's statistic from its candidates: a table value beats prose, the first of
    each kind is kept, and every disagreement is a warning. Also returns prose values that
    are parts of the table's total (two or more that add up to it), which are not the field."""
    table = [c for c in candidates if c.pairing.source == "table"]
    # a prose figure counted in the field's kind of unit before one that is not (政府公报21期)
    prose = sorted((c for c in candidates if c.pairing.source != "table"),
                   key=lambda c: not counts_alike(simplified(c.quantity.unit), FIELDS[field_id].unit))
    chosen = (table or prose)[0]
    value = chosen.quantity.value
    warnings: list[str] = []
    parts: list[_Candidate] = []
    for other in (table or prose)[1:]:
        if other.quantity.value != value:
            where = "table" if table else "prose"
            warnings.append(f"{field_id}: {where} gives two values, {shown(value)} "
                            f"({_clause(text, chosen.pairing)}) and {shown(other.quantity.value)} "
                            f"({_clause(text, other.pairing)}); kept {shown(value)}")
    if table:
        differ = [c for c in prose if c.quantity.value != value]
        rounded = [c for c in prose if c.quantity.value == value and c.quantity.approximate]
        if len(differ) > 1 and len(differ) == len(prose) and sum(c.quantity.value for c in differ) == value:
            # "培训2次，培训人员160人次 … 培训1次，培训人员120人" under a table total of 280:
            # a breakdown of the field, not the field.
            parts, differ = differ, []
        if differ:
            said = [f"prose says {_said(text, c)} ({_clause(text, c.pairing)})" for c in differ]
            said += [f"prose also says {_said(text, c)} ({_clause(text, c.pairing)})"
                     for c in prose if c.quantity.value == value]
            # a sentence printed twice is said once
            warnings.append(f"{field_id}: table says {shown(value)}, " + "; ".join(dict.fromkeys(said)))
        elif rounded:
            warnings.append(f"{field_id}: prose says {rounded[0].pairing.value_text} (approximate), "
                            f"table says {shown(value)}")
    statistic = Statistic(value, _unit(chosen, field_id), chosen.quantity.approximate,
                          chosen.pairing.confidence, _evidence(chosen.pairing))
    return statistic, warnings, parts


def _other_statistics(candidates: Sequence[_Candidate], table_values: dict[str, float | int]
                      ) -> list[OtherStatistic]:
    """Other statistics in text order, without restatements of a table value or of each other."""
    others: list[OtherStatistic] = []
    for candidate in sorted(candidates, key=lambda c: c.pairing.value_span):
        pairing, quantity = candidate.pairing, candidate.quantity
        if pairing.source != "table" and pairing.name and pairing.field_id is None:
            # A prose figure equal to the table's value of the field its name most resembles
            # restates that value ("受训人员达300人" and the table's 接受培训人员数 300).
            nearest = nearest_field(pairing.name)
            if (nearest in table_values and table_values[nearest] == quantity.value
                    and _units_agree(quantity.unit, FIELDS[nearest].unit)):
                continue
        other = OtherStatistic(pairing.name, quantity.value, _unit(candidate, None), _evidence(pairing))
        restated = any(o.value == other.value and o.unit == other.unit
                       and _jaccard(o.name, other.name) >= RESTATED_NAME_OVERLAP for o in others)
        if not restated:
            others.append(other)
    return others


def resolve_statistics(text: str, pairings: Sequence[Pairing], negations, report_format: str
                       ) -> tuple[dict[str, Statistic], list[OtherStatistic], list[str]]:
    """Statistics by field id, other statistics and warnings from every pairing and negation."""
    by_field: dict[str, list[_Candidate]] = {}
    unmatched: list[_Candidate] = []
    warnings: list[str] = []
    for pairing in pairings:
        quantity = _quantity(pairing)
        if quantity is None:
            warnings.append(f"unreadable value {pairing.value_text!r} for {pairing.name or '?'} "
                            f"at {pairing.value_span[0]}")
            continue
        candidate = _Candidate(pairing, quantity)
        if pairing.field_id:
            by_field.setdefault(pairing.field_id, []).append(candidate)
        else:
            unmatched.append(candidate)
    statistics: dict[str, Statistic] = {}
    for field_id, candidates in by_field.items():
        statistics[field_id], field_warnings, parts = _resolve_field(text, field_id, candidates)
        warnings += field_warnings
        unmatched += [_Candidate(replace(c.pairing, field_id=None), c.quantity) for c in parts]
    table_values = {f: cs[0].quantity.value for f, cs in by_field.items() if cs[0].pairing.source == "table"}
    others = _other_statistics(unmatched, table_values)
    for negation in negations:
        field_id = negation.field_id
        spec = FIELDS[field_id]
        if report_format not in spec.formats and report_format != "unknown" and field_id not in HEADLINE:
            continue
        clause = text[negation.clause[0]:negation.clause[1]]
        if field_id in statistics:
            if statistics[field_id].value != 0:
                source = "table" if by_field[field_id][0].pairing.source == "table" else "prose"
                warnings.append(f"{field_id}: {source} says {shown(statistics[field_id].value)}, "
                                f"prose says none ({clause})")
            continue
        statistics[field_id] = Statistic(0, spec.unit, False, NEGATION_CONFIDENCE,
                                         {"sentence": list(negation.clause)})
    return statistics, others, warnings


def derive_headline(statistics: dict[str, Statistic], report_format: str) -> list[str]:
    """Fill headline fields from the format's cells (in place); return warnings."""
    warnings = []
    for field_id, headline in HEADLINE.items():
        cells = headline.cells.get(report_format)
        if not cells or cells == (field_id,):
            continue
        if not all(c in statistics for c in cells):
            continue
        value = sum(statistics[c].value for c in cells)
        derived = Statistic(value, statistics[cells[0]].unit, False,
                            min(statistics[c].confidence for c in cells), {"cells": list(cells)}, True)
        stated = statistics.get(field_id)
        if stated is not None and not stated.derived and stated.value != value:
            warnings.append(f"{field_id}: prose says {shown(stated.value)}, the table's "
                            f"{' + '.join(cells)} = {shown(value)}")
        statistics[field_id] = derived
    return warnings


def detect_format(text: str, reading: TableReading, year: int | None) -> str:
    """pre2019, 2019, 2021 or unknown, from the tables' cells, their headers and the year."""
    votes = {"2019": 0, "2021": 0, "pre2019": 0}
    for marker in reading.markers:
        if marker.startswith("format:"):
            votes[marker.split(":", 1)[1]] += 1
            continue
        formats = FIELDS[marker].formats
        if len(formats) == 1:
            votes[formats[0]] += 1
    for fmt, markers in _FORMAT_TEXT_MARKERS.items():
        votes[fmt] += sum(1 for marker in markers if marker.search(text))
    matrices = (bool(reading.matrices) or any(w in text for w in _MATRIX_TEXT)
                or votes["2019"] > 0 or votes["2021"] > 0)
    if matrices:
        if votes["2021"] > votes["2019"]:
            return "2021"
        if votes["2019"] > votes["2021"]:
            return "2019"
        if year is not None:
            return "2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"
        return "unknown"
    if votes["pre2019"]:
        return "pre2019"
    if year is not None:
        return "pre2019" if year <= 2018 else "2019" if year <= 2020 else "2021"
    return "unknown"


__all__ = ["derive_headline", "detect_format", "resolve_statistics"]
