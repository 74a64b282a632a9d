"""decode/fill.py: the identities' arithmetic is Identity.holds, for rows, columns and failures."""

from gik_nlp.assemble.decode.fill import failing, row_ok, solve
from gik_nlp.schema.templates import templates

FUJIAN = templates()["fujian_2011"]   # per column: proactive.website + proactive.gazette <= proactive.total
COLUMNS = ("year", "cumulative")


def cell(value):
    return (value, 0, 0, "" if value is None else str(value))


BLANK = cell(None)


def test_a_bound_left_blank_chooses_nothing_and_rules_out_nothing():
    # 本年度: website 4 + gazette 3 = 7 <= 10, while 40 + 3 = 43 > 10 is ruled out;
    # 历年累计: the total is blank, so website 7 + gazette blank is bounded by nothing
    options = {
        "proactive.total": (COLUMNS, [(cell(10), BLANK)]),
        "proactive.website": (COLUMNS, [(cell(4), cell(7)), (cell(40), cell(7))]),
        "proactive.gazette": (COLUMNS, [(cell(3), BLANK)]),
    }
    solution = solve(FUJIAN, options)
    assert solution.accepted == 1
    assert solution.cells["proactive.website"] == [cell(4), cell(7)]
    assert "proactive.website" not in solution.ambiguous


def test_a_blank_first_part_counts_zero_in_a_bound():
    # 本年度: website blank (0) + gazette 12 = 12 > total 10; the other identities have a blank side
    rows = {
        "proactive.total": (COLUMNS, (cell(10), BLANK)),
        "proactive.website": (COLUMNS, (BLANK, BLANK)),
        "proactive.gazette": (COLUMNS, (cell(12), BLANK)),
    }
    assert failing(FUJIAN, rows) == ["column year: proactive.website + proactive.gazette <= proactive.total"]


def test_a_row_bound_has_the_one_tolerance():
    # disclosure_2019 per row: published_new <= public_total
    t2, columns = templates()["disclosure_2019"], ("made", "published_new", "public_total")
    assert row_ok(t2, columns, (cell(8), cell(5.0000005), cell(5))) is True   # 5e-7 over: float noise
    assert row_ok(t2, columns, (cell(8), cell(5.001), cell(5))) is False
    assert row_ok(t2, columns, (cell(8), cell(6), cell(5))) is False
