"""record_warnings: every kind of RULES has an example sentence here, in the form its producer writes,
and the kinds the record's JSON documents (docs/spec/record.md) are the ones the table gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gik_nlp.record_warnings import KINDS, RULES, fields_of, kind_of, typed

#: (sentence as its producer writes it, kind, fields) — one or more per kind, written by hand.
EXAMPLES = [
    ("reader: the page is nested too deep to parse as HTML; read as plain text", "reader", []),
    ("table-ambiguous: 表三: rows left out or partly out: 二、本年度办理结果", "table-ambiguous", []),
    ("table-unreadable: 表二: 7 number(s) for 8 cells", "table-unreadable", []),
    ("table-source-inconsistent: 表四: the printed cells break 总计 = Σ parts", "table-source-inconsistent", []),
    ("table-rows-not-found: 表三: rows not found in the template's order: 三、", "table-rows-not-found", []),
    ("table-series: 表二 (2019): row licensing (disclosure.licensing.change) read with the 2020 report (b.txt): "
     "1 of its 14 readings satisfy next.previous_items = previous_items + change", "table-series",
     ["disclosure.licensing.change"]),
    ("table: 主动公开: 3 value(s) (1 2 3) in a row of 5 columns whose columns cannot be told apart; left out",
     "table-unplaced", []),
    ("unreadable value '十余' for 收到申请 at 120", "unreadable-value", []),
    ("request.received: prose says 200余件 (approximate), table says 200", "approximate", ["request.received"]),
    ("request.received: table says 12, prose says 13 (收到申请13件)", "conflict", ["request.received"]),
    ("meeting.total: prose gives two values, 2 (召开会议2次) and 3 (召开会议3次); kept 2", "conflict",
     ["meeting.total"]),
    ("fee.total: table says 0.03, prose says none (未收取任何费用)", "conflict", ["fee.total"]),
    ("request.received: prose says 12, the table's request.online + request.letter = 13", "conflict",
     ["request.received", "request.online", "request.letter"]),
    ("request.on_time + request.extended != request.completed: 3 + 1 = 4 ≠ 5", "check",
     ["request.on_time", "request.extended", "request.completed"]),
    ("proactive.website > proactive.total: 9 > 5", "check", ["proactive.website", "proactive.total"]),
    ("表四 review: 维持 + 纠正 + 其他 + 尚未审结 != 总计: 1 + 0 + 0 + 0 = 1 ≠ 2", "check", []),
    ("the report's year could not be read", "other", []),
]


@pytest.mark.parametrize("message,kind,fields", EXAMPLES, ids=[f"{k}-{i}" for i, (_, k, _) in enumerate(EXAMPLES)])
def test_record_warnings_kind_and_fields(message: str, kind: str, fields: list[str]) -> None:
    assert typed(message) == {"kind": kind, "fields": fields, "message": message}
    assert typed({"kind": "stale", "fields": [], "message": message})["kind"] == kind  # read back from a record


def test_record_warnings_every_kind_has_an_example() -> None:
    assert sorted({kind for _, kind, _ in EXAMPLES}) == sorted(KINDS)


def test_record_warnings_kinds_are_the_documented_ones(repo_root: Path) -> None:
    spec = (repo_root / "docs" / "spec" / "record.md").read_text(encoding="utf-8")
    section = spec[spec.index("## Warning kinds"):]
    section = section[:section.index("\n## ", 1)]
    first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    documented = [kind for cell in first_cells for kind in re.findall(r"`([a-z-]+)`", cell)]
    assert sorted(set(documented)) == sorted(KINDS)
    assert KINDS[-1] == "other"


def test_record_warnings_types_a_failed_check_from_the_checker() -> None:
    # a real producer: assemble/checks.py on values that break "each channel ≤ proactive.total"
    from gik_nlp.assemble.checks import check_statistics

    warnings = check_statistics({"proactive.total": 5, "proactive.website": 9}, "pre2019")
    assert [kind_of(w) for w in warnings] == ["check"]
    assert fields_of(warnings[0]) == ["proactive.website", "proactive.total"]


def test_record_warnings_types_the_decoders_doubts_by_their_constants() -> None:
    # a real producer's names: assemble/decode prefixes its doubts with these constants
    from gik_nlp.assemble import decode

    for constant in (decode.AMBIGUOUS, decode.UNREADABLE, decode.INCONSISTENT, decode.NOT_FOUND):
        assert kind_of(f"{constant}: 表三: x") == constant
