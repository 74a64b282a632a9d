"""Consistency checks on a record's statistics (record.md, "Consistency checks").

The checks are the identities of the tables' templates (schema/templates.yaml): 表三's
per column and per row, 表四's per block, the pre-2019 统计表's sums and bounds. Each failed
check is one warning that names the check (in the template's words, ``says``) and the
numbers. A check runs only on what the report prints: it needs its total and at least one
of its parts; a blank part counts as 0 in a sum (it is absent from the record, but a table
that leaves a cell blank reports nothing there); in the national tables a partly blank set
of parts must still add up, in the pre-2019 统计表 it is checked as "parts ≤ total". A bound
(a ≤ b, and a + b ≤ c alike) is checked the same way: its bound and one of its parts. An
identity with two sums (一 + 二 = (七)总计 + 四) is checked only when every cell is printed.
The arithmetic (and its tolerance) is ``Identity.holds``; this module picks the cells and
words the warnings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Mapping, Sequence

from gik_nlp.assemble.numbers import shown
from gik_nlp.schema import FIELDS
from gik_nlp.schema.templates import Identity, Template, templates

Number = float | int

#: The templates of 表三 (its 2019 and 2021 rows both: whichever the report prints), of 表四
#: and of the pre-2019 统计表 whose identities the checks are.
APPLY_TEMPLATES = ("apply_2019", "apply_2021")
TABLE4_TEMPLATE = "table4"
PRE2019_TEMPLATE = "pre2019_national"
#: pre-2019 totals that a 表四 block shares its ids with: a block (its pending cases printed)
#: is checked by ``check_table4``.
_BLOCKS = ("review.total", "litigation.total")


def _expanded(group: Sequence[Template]) -> list[tuple[Identity, tuple[str, ...], tuple[str, ...]]]:
    """The identities of templates that print one table in different formats, position by
    position, each side expanded over the rows (or columns) of all of them."""
    out = []
    for identities in zip(*(t.identities for t in group)):
        sides = [tuple(dict.fromkeys(p for t, i in zip(group, identities) for p in t.expand(side(i), i.per)))
                 for side in (lambda i: i.lhs, lambda i: i.rhs)]
        out.append((identities[0], sides[0], sides[1]))
    return out


def _present(stats: Mapping[str, Number], ids: Sequence[str]) -> list[str]:
    return [i for i in ids if i in stats]


def _failed(identity: Identity) -> str:
    """The identity as a failed check says it ("a + b != c", "a > b")."""
    if identity.op == "<=":
        return identity.says.replace(" <= ", " > ", 1)
    return identity.says.replace(" = ", " != ", 1)


def _sum_check(stats: Mapping[str, Number], identity: Identity, parts: Sequence[str], total: str,
               label: str, equal_when_partial: bool = False) -> str | None:
    """A warning when the printed parts do not add up to (``=``) or pass (``<=``) the printed
    total, else None. Absent parts count 0 once the total and one part are printed."""
    present = _present(stats, parts)
    if total not in stats or not present:
        return None
    complete = len(present) == len(parts) or equal_when_partial
    # only the printed parts are summed (an absent part counts 0); pre-2019 parts partly printed may
    # still be short of the total, so there only "parts ≤ total" is checked
    relation = identity if complete or identity.op == "<=" else replace(identity, op="<=")
    if relation.holds({i: stats[i] for i in (*present, total)}, present, (total,)) is not False:
        return None
    value = sum(stats[p] for p in present)
    parts_shown = " + ".join(shown(stats[p]) for p in present)
    if identity.op == "<=":
        # "a > b: 5 > 3" for one part, as the sums below print theirs ("a + b > c: 2 + 4 = 6 > 5")
        return f"{label}: {parts_shown}{'' if len(present) == 1 else f' = {shown(value)}'} > {shown(stats[total])}"
    return f"{label}: {parts_shown} = {shown(value)} {'≠' if complete else '>'} {shown(stats[total])}"


def _check(stats: Mapping[str, Number], identity: Identity, lhs: Sequence[str], rhs: Sequence[str],
           label: str, equal_when_partial: bool) -> str | None:
    """One identity over field ids: a warning when the printed cells break it, else None."""
    if len(rhs) == 1:
        return _sum_check(stats, identity, lhs, rhs[0],
                          f"{label}: {_failed(identity)}" if label else _failed(identity), equal_when_partial)
    # two sums: checked only when every cell is printed (an absent name leaves it undecided)
    if identity.holds({i: stats[i] for i in (*lhs, *rhs) if i in stats}, lhs, rhs) is not False:
        return None
    left, right = sum(stats[i] for i in lhs), sum(stats[i] for i in rhs)
    return (f"{label}: {_failed(identity)}: {' + '.join(shown(stats[i]) for i in lhs)} = {shown(left)} ≠ "
            f"{' + '.join(shown(stats[i]) for i in rhs)} = {shown(right)}")


def _matrix_checks(stats: Mapping[str, Number], group: Sequence[Template], field_id: Callable[[str, str], str],
                   column_label: Callable[[str], str], row_label: Callable[[str], str]) -> list[str]:
    """A national table's identities over every column, then over every row (partly blank
    parts must still add up). Per column, the sums of parts come before the balance of two
    sums (一 + 二 = (七)总计 + 四)."""
    warnings = []
    identities = _expanded(group)
    columns = list(dict.fromkeys(c for t in group for c in t.columns))
    rows = list(dict.fromkeys(r.id for t in group for r in t.rows))
    per_column = sorted((x for x in identities if x[0].per == "column"), key=lambda x: len(x[2]))
    for column in columns:
        for identity, lhs, rhs in per_column:
            message = _check(stats, identity, [field_id(r, column) for r in lhs], [field_id(r, column) for r in rhs],
                             column_label(column), True)
            if message:
                warnings.append(message)
    for identity, lhs, rhs in (x for x in identities if x[0].per == "row"):
        for row in rows:
            message = _check(stats, identity, [field_id(row, c) for c in lhs], [field_id(row, c) for c in rhs],
                             row_label(row), True)
            if message:
                warnings.append(message)
    return warnings


def check_pre2019(stats: Mapping[str, Number]) -> list[str]:
    """The pre-2019 统计表's identities: each channel ≤ proactive.total, each total against its
    parts (a 表四 block sharing review/litigation ids is left to ``check_table4``)."""
    warnings = []
    template = templates()[PRE2019_TEMPLATE]
    identities = [(i, template.expand(i.lhs, i.per), template.expand(i.rhs, i.per)) for i in template.identities]
    blocks = [x for x in identities if x[2][0] in _BLOCKS]
    for identity, lhs, rhs in [x for x in identities if x[2][0] not in _BLOCKS] + blocks:
        if rhs[0] in _BLOCKS and f"{rhs[0].split('.')[0]}.pending" in stats:
            continue  # a 表四 block: checked with its pending cases
        message = _check(stats, identity, lhs, rhs, "", False)
        if message:
            warnings.append(message)
    return warnings


def check_apply(stats: Mapping[str, Number]) -> list[str]:
    """表三: per column (一)…(六) = (七)总计 and 一 + 二 = (七)总计 + 四; per row Σ applicants = 总计."""
    group = [templates()[name] for name in APPLY_TEMPLATES]
    return _matrix_checks(stats, group, lambda row, column: group[0].field_id(row, column),
                          lambda column: f"表三 column {FIELDS[f'apply.new.{column}'].column_zh}",
                          lambda row: f"表三 row {FIELDS[f'apply.{row}.total'].row_zh}")


def check_table4(stats: Mapping[str, Number]) -> list[str]:
    """表四 per block: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计."""
    template = templates()[TABLE4_TEMPLATE]
    return _matrix_checks(stats, [template], template.field_id, lambda column: "表四",
                          lambda row: f"表四 {template.row(row).labels[0]}")


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
