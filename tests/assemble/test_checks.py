"""Consistency checks: each failure is one warning naming the check and the numbers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gik_nlp.assemble import checks
from gik_nlp.assemble.checks import PRE2019_TEMPLATE, check_apply, check_pre2019, check_statistics, check_table4
from gik_nlp.schema.templates import templates

PEOPLE = "natural_person"


def apply_table(cells: dict[tuple[str, str], int]) -> dict[str, int]:
    """A consistent 表三 in the 自然人 and 总计 columns, with ``cells`` overriding it."""
    stats = {}
    rows = {"new": 10, "carried_in": 2, "granted": 6, "partly_granted": 2, "refused.state_secret": 1,
            "unable.not_held": 1, "unprocessed.repeated": 1, "other.other": 0, "total": 11, "carried_out": 1}
    for row, value in rows.items():
        stats[f"apply.{row}.{PEOPLE}"] = value
        stats[f"apply.{row}.total"] = value
    for (row, column), value in cells.items():
        stats[f"apply.{row}.{column}"] = value
    return stats


@pytest.mark.parametrize("stats", [apply_table({})])
def test_checks_consistent_apply_table_gives_no_warning(stats):
    assert check_apply(stats) == []


@pytest.mark.parametrize("stats", [apply_table({("granted", PEOPLE): 5, ("granted", "total"): 5})])
def test_checks_apply_column_sum(stats):
    # (一) drops by one in both columns: each column's (一)…(六) sum is 10, (七)总计 says 11,
    # and 一 + 二 = 12 still equals (七) + 四 = 12.
    assert check_apply(stats) == [
        "表三 column 自然人: (一)+(二)+Σ(三)+Σ(四)+Σ(五)+Σ(六) != (七)总计: 5 + 2 + 1 + 1 + 1 + 0 = 10 ≠ 11",
        "表三 column 总计: (一)+(二)+Σ(三)+Σ(四)+Σ(五)+Σ(六) != (七)总计: 5 + 2 + 1 + 1 + 1 + 0 = 10 ≠ 11",
    ]


@pytest.mark.parametrize("stats", [apply_table({("carried_in", PEOPLE): 3, ("carried_in", "total"): 3})])
def test_checks_apply_carry_over_identity(stats):
    assert check_apply(stats) == [
        "表三 column 自然人: 一 + 二 != (七)总计 + 四: 10 + 3 = 13 ≠ 11 + 1 = 12",
        "表三 column 总计: 一 + 二 != (七)总计 + 四: 10 + 3 = 13 ≠ 11 + 1 = 12",
    ]


@pytest.mark.parametrize("stats", [apply_table({("new", "business"): 2})])
def test_checks_apply_row_sum(stats):
    assert check_apply(stats) == ["表三 row 一、本年新收政府信息公开申请数量: Σ applicants != 总计: 10 + 2 = 12 ≠ 10"]


@pytest.mark.parametrize("stats", [{"apply.new.total": 5}])
def test_checks_apply_needs_parts(stats):
    assert check_apply(stats) == []


@pytest.mark.parametrize("stats,expected", [
    ({"review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 1, "review.total": 2}, []),
    ({"review.upheld": 1, "review.corrected": 1, "review.other": 0, "review.pending": 1, "review.total": 2},
     ["表四 行政复议: 维持+纠正+其他+尚未审结 != 总计: 1 + 1 + 0 + 1 = 3 ≠ 2"]),
    ({"litigation_after_review.upheld": 2, "litigation_after_review.total": 1},
     ["表四 复议后起诉: 维持+纠正+其他+尚未审结 != 总计: 2 = 2 ≠ 1"]),
])
def test_checks_table4_blocks(stats, expected):
    assert check_table4(stats) == expected


@pytest.mark.parametrize("stats,expected", [
    ({"request.on_time": 50, "request.extended": 148, "request.completed": 198}, []),
    ({"request.on_time": 50, "request.extended": 140, "request.completed": 198},
     ["request.on_time + request.extended != request.completed: 50 + 140 = 190 ≠ 198"]),
    ({"proactive.total": 100, "proactive.website": 120},
     ["proactive.website > proactive.total: 120 > 100"]),
    ({"reply.total": 10, "reply.granted": 6, "reply.partly_granted": 5},
     ["reply.already_public + reply.granted + reply.partly_granted + reply.refused + reply.not_this_agency"
      " + reply.nonexistent + reply.amend + reply.other_channel + reply.other != reply.total: 6 + 5 = 11 > 10"]),
    ({"reply.total": 10, "reply.granted": 6, "reply.partly_granted": 3}, []),
    ({"review.upheld": 1, "review.corrected": 1, "review.other": 0, "review.total": 3},
     ["review.upheld + review.corrected + review.other != review.total: 1 + 1 + 0 = 2 ≠ 3"]),
    # a 表四 block (its pending cases printed) is checked by check_table4, not here
    ({"litigation.upheld": 1, "litigation.pending": 2, "litigation.total": 3}, []),
    # a bound takes the tolerance of the sums: a float's last digits do not pass it; equal is within it
    ({"proactive.total": 100, "proactive.website": 100.0000005}, []),
    ({"proactive.total": 100, "proactive.website": 100}, []),
])
def test_checks_pre2019(stats, expected):
    assert check_pre2019(stats) == expected


@pytest.mark.parametrize("stats,report_format,count", [
    ({"request.on_time": 1, "request.extended": 1, "request.completed": 3}, "pre2019", 1),
    ({"request.on_time": 1, "request.extended": 1, "request.completed": 3}, "2021", 0),
    ({"review.upheld": 1, "review.pending": 1, "review.total": 3}, "2021", 1),
])
def test_checks_by_format(stats, report_format, count):
    assert len(check_statistics(stats, report_format)) == count


def _with_identities(monkeypatch, identities):
    """pre2019_national's checks with other identities (no checked template has a bound over
    several parts: fujian_2011's is borrowed to see that one is checked, not skipped)."""
    tables = dict(templates())
    tables[PRE2019_TEMPLATE] = replace(tables[PRE2019_TEMPLATE], identities=tuple(identities))
    monkeypatch.setattr(checks, "templates", lambda: tables)


@pytest.mark.parametrize("stats,expected", [
    ({"proactive.website": 60, "proactive.gazette": 40, "proactive.total": 100}, []),
    ({"proactive.website": 60, "proactive.gazette": 50, "proactive.total": 100},
     ["proactive.website + proactive.gazette > proactive.total: 60 + 50 = 110 > 100"]),
    # gazette not printed counts 0, as in a sum: 120 alone passes the bound
    ({"proactive.website": 120, "proactive.total": 100},
     ["proactive.website + proactive.gazette > proactive.total: 120 > 100"]),
    ({"proactive.website": 60, "proactive.gazette": 50}, []),
])
def test_checks_a_bound_over_several_parts(monkeypatch, stats, expected):
    bound = next(i for i in templates()["fujian_2011"].identities if i.per == "column" and i.op == "<=")
    _with_identities(monkeypatch, [bound])
    assert check_statistics(stats, "pre2019") == expected
