"""Consistency checks on a record's statistics (record.md, "Consistency checks").

Each failed check is one warning that names the check and the numbers. A check runs
only on what the report prints: it needs its total and at least one of its parts; a
blank part counts as 0 in a sum (it is absent from the record, but a table that leaves a
cell blank reports nothing there), and where a check is an equality only when every part
is printed, a partly blank set of parts is checked as "parts ≤ total".
"""

from __future__ import annotations

from typing import Mapping, Sequence

from gik_nlp.assemble.fields import TABLE4_BLOCKS
from gik_nlp.schema import FIELDS
from gik_nlp.schema.templates import templates

Number = float | int

#: pre-2019: each channel counts a part of proactive.total (one item may go out on several
#: channels, so only each channel alone is bounded by the total).
PROACTIVE_CHANNELS = ("proactive.gazette", "proactive.website", "proactive.weibo", "proactive.wechat",
                      "proactive.other")

def _sums(template_name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A template's "parts = total" identities as (total, parts) (schema/templates.yaml)."""
    template = templates()[template_name]
    return tuple((i.rhs[0], template.expand(i.lhs, i.per)) for i in template.identities
                 if i.op == "=" and len(i.rhs) == 1)


#: pre-2019 totals and the parts that make them up (equal when every part is printed); the
#: review/litigation blocks (``_BLOCK_SUMS``) are checked apart: a 表四 block shares their ids.
_BLOCKS = ("review.total", "litigation.total")
PRE2019_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (total, parts) for total, parts in _sums("pre2019_national") if total not in _BLOCKS)
_BLOCK_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (total, parts) for total, parts in _sums("pre2019_national") if total in _BLOCKS)


def _result_rows() -> tuple[str, ...]:
    """表三's rows (一)…(六) whose sum per column is (七)总计, from the templates' identity
    (so both the 2019 single （六） row and the 2021 three rows; whichever the report prints)."""
    rows: list[str] = []
    for name in ("apply_2019", "apply_2021"):
        template = templates()[name]
        identity = next(i for i in template.identities if i.per == "column" and i.rhs == ("total",)
                        and "granted" in i.lhs)
        rows += [r for r in template.expand(identity.lhs, "column") if r not in rows]
    return tuple(rows)


#: Columns of 表三 and results of a 表四 block, in print order (schema/templates.yaml).
APPLY_COLUMNS: tuple[str, ...] = templates()["apply_2021"].columns
TABLE4_RESULTS: tuple[str, ...] = templates()["table4"].columns
APPLY_RESULT_ROWS = _result_rows()

_COLUMN_ZH = {cid: FIELDS[f"apply.new.{cid}"].column_zh for cid in APPLY_COLUMNS}


def _fmt(value: Number) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _present(stats: Mapping[str, Number], ids: Sequence[str]) -> list[str]:
    return [i for i in ids if i in stats]


def _sum_check(stats: Mapping[str, Number], total: str, parts: Sequence[str], label: str,
               equal_when_partial: bool = False) -> str | None:
    """A warning when the printed parts do not add up to the printed total, else None."""
    present = _present(stats, parts)
    if total not in stats or not present:
        return None
    value = sum(stats[p] for p in present)
    complete = len(present) == len(parts) or equal_when_partial
    if (complete and abs(value - stats[total]) > 1e-6) or (not complete and value > stats[total] + 1e-6):
        relation = "≠" if complete else ">"
        shown = " + ".join(_fmt(stats[p]) for p in present)
        return f"{label}: {shown} = {_fmt(value)} {relation} {_fmt(stats[total])}"
    return None


def check_pre2019(stats: Mapping[str, Number]) -> list[str]:
    """Channels ≤ proactive.total, and each pre-2019 total against its parts."""
    warnings = []
    if "proactive.total" in stats:
        for channel in _present(stats, PROACTIVE_CHANNELS):
            if stats[channel] > stats["proactive.total"]:
                warnings.append(f"{channel} > proactive.total: {_fmt(stats[channel])} > "
                                f"{_fmt(stats['proactive.total'])}")
    for total, parts in PRE2019_SUMS:
        message = _sum_check(stats, total, parts, f"{' + '.join(parts)} != {total}")
        if message:
            warnings.append(message)
    for total, parts in _BLOCK_SUMS:
        if f"{total.split('.')[0]}.pending" in stats:
            continue  # a 表四 block: checked with its pending cases
        message = _sum_check(stats, total, parts, f"{' + '.join(parts)} != {total}")
        if message:
            warnings.append(message)
    return warnings


def check_apply(stats: Mapping[str, Number]) -> list[str]:
    """表三: per column (一)…(六) = (七)总计 and 一 + 二 = (七)总计 + 四; per row Σ applicants = 总计."""
    warnings = []
    for cid in APPLY_COLUMNS:
        column = _COLUMN_ZH[cid]
        parts = [f"apply.{row}.{cid}" for row in APPLY_RESULT_ROWS]
        message = _sum_check(stats, f"apply.total.{cid}", parts,
                             f"表三 column {column}: (一)+(二)+Σ(三)+Σ(四)+Σ(五)+Σ(六) != (七)总计",
                             equal_when_partial=True)
        if message:
            warnings.append(message)
        ids = [f"apply.{row}.{cid}" for row in ("new", "carried_in", "total", "carried_out")]
        if all(i in stats for i in ids):
            new, carried_in, total, carried_out = (stats[i] for i in ids)
            if abs(new + carried_in - total - carried_out) > 1e-6:
                warnings.append(f"表三 column {column}: 一 + 二 != (七)总计 + 四: {_fmt(new)} + "
                                f"{_fmt(carried_in)} = {_fmt(new + carried_in)} ≠ {_fmt(total)} + "
                                f"{_fmt(carried_out)} = {_fmt(total + carried_out)}")
    rows = sorted({spec.row for spec in FIELDS.values() if spec.matrix == "apply"},
                  key=lambda r: list(FIELDS).index(f"apply.{r}.total"))
    for row in rows:
        parts = [f"apply.{row}.{cid}" for cid in APPLY_COLUMNS if cid != "total"]
        message = _sum_check(stats, f"apply.{row}.total", parts,
                             f"表三 row {FIELDS[f'apply.{row}.total'].row_zh}: Σ applicants != 总计",
                             equal_when_partial=True)
        if message:
            warnings.append(message)
    return warnings


def check_table4(stats: Mapping[str, Number]) -> list[str]:
    """表四 per block: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计."""
    warnings = []
    for block, names in TABLE4_BLOCKS:
        parts = [f"{block}.{r}" for r in TABLE4_RESULTS if r != "total"]
        message = _sum_check(stats, f"{block}.total", parts,
                             f"表四 {names[0]}: 维持+纠正+其他+尚未审结 != 总计", equal_when_partial=True)
        if message:
            warnings.append(message)
    return warnings


def check_statistics(stats: Mapping[str, Number], report_format: str) -> list[str]:
    """Every consistency check that applies to the report's format."""
    if report_format == "pre2019":
        return check_pre2019(stats)
    national = ("apply", "litigation_direct", "litigation_after_review", "disclosure")
    matrices = any(key.split(".")[0] in national or key == "review.pending" for key in stats)
    if report_format in ("2019", "2021") or matrices:
        return check_apply(stats) + check_table4(stats)
    return check_pre2019(stats)


__all__ = ["check_apply", "check_pre2019", "check_statistics", "check_table4"]
