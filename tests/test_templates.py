"""schema/templates.yaml: one definition of the tables, consistent with fields.yaml."""

from pathlib import Path

import pytest

from gik_nlp.schema import FIELDS, SchemaError
from gik_nlp.schema.templates import load_templates, templates


def test_every_cell_is_a_field_and_every_matrix_cell_has_a_template():
    cells = set()
    for template in templates().values():
        for row in template.rows:
            for column in row.columns:
                field_id = template.field_id(row.id, column)
                if field_id:
                    assert field_id in FIELDS, field_id
                    cells.add(field_id)
    for spec in FIELDS.values():
        if spec.matrix in ("apply", "litigation_direct", "litigation_after_review") or (
                spec.matrix == "review" and spec.column == "pending"):
            assert spec.id in cells, spec.id


def test_apply_templates_differ_only_in_row_six():
    t19, t21 = templates()["apply_2019"], templates()["apply_2021"]
    rows19 = [r.id for r in t19.rows]
    rows21 = [r.id for r in t21.rows]
    assert [r for r in rows19 if r != "other"] == [r for r in rows21 if not r.startswith("other.")]
    assert "other" in rows19 and ["other.no_amendment", "other.no_fee", "other.other"] == \
        [r for r in rows21 if r.startswith("other.")]


def test_identities_expand_over_rows():
    t21 = templates()["apply_2021"]
    identity = next(i for i in t21.identities if "granted" in i.lhs)
    expanded = t21.expand(identity.lhs, "column")
    assert len(expanded) == 2 + 8 + 3 + 5 + 3   # (一)(二), 8 refused, 3 unable, 5 unprocessed, 3 other


def test_row_labels_and_enumerators_come_from_fields_yaml():
    row = templates()["apply_2021"].row("refused.law_prohibited")
    assert row.labels[0] == "其他法律行政法规禁止公开" and row.enum == "2"


def _refused(tmp_path: Path, text: str, problem: str) -> None:
    """Loading a templates.yaml holding ``text`` raises a SchemaError matching ``problem``."""
    bad = tmp_path / "t.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match=problem):
        load_templates(bad)


def test_a_cell_outside_fields_yaml_is_refused(tmp_path: Path):
    _refused(tmp_path, "templates:\n  x:\n    title: X\n    formats: [2021]\n    cell: 'apply.{row}.{column}'\n"
             "    matrix: apply\n    columns: [nobody]\n    rows: [new]\n", "nobody")


@pytest.mark.parametrize("head, problem", [
    ("    formats: [2021]\n", r"x: missing key\(s\) \['cell'\]"),
    ("    formats: [2030]\n    cell: '{row}.{column}'\n", r"x: unknown format\(s\) \['2030'\]"),
])
def test_a_missing_key_or_unknown_format_is_refused(tmp_path: Path, head: str, problem: str):
    _refused(tmp_path, "templates:\n  x:\n    title: X\n" + head + "    matrix: review\n"
             "    columns: [upheld, total]\n    rows: [{id: review, labels: [行政复议]}]\n", problem)


def test_an_identity_naming_no_row_is_refused(tmp_path: Path):
    _refused(tmp_path, "templates:\n  x:\n    title: X\n    formats: [2021]\n    cell: '{row}.{column}'\n"
             "    matrix: review\n    columns: [upheld, total]\n    rows: [{id: review, labels: [行政复议]}]\n"
             "    identities: [{per: column, expr: 'review = nothing'}]\n", "nothing")


def test_the_2019_table2_bounds_are_data():
    t2 = templates()["disclosure_2019"]
    assert t2.signed == ("change",)
    assert [i.text for i in t2.identities] == ["published_new <= public_total"]
    assert dict(templates()["disclosure_2021"].prose_columns)["in_force"] == ("现行有效",)


@pytest.mark.parametrize("extra, problem", [
    ("    signed: [nobody]\n", "signed column 'nobody'"),
    ("prose_columns:\n  x:\n    nobody: [某某]\n", "'nobody' is not a column"),
    ("prose_columns:\n  y:\n    upheld: [维持]\n", "no such template"),
])
def test_bad_bounds_or_prose_columns_are_refused(tmp_path: Path, extra: str, problem: str):
    head = ("templates:\n  x:\n    title: X\n    formats: [2021]\n    cell: '{row}.{column}'\n"
            "    matrix: review\n    columns: [upheld, total]\n    rows: [{id: review, labels: [行政复议]}]\n")
    _refused(tmp_path, head + extra, problem)


def test_matrix_rows_and_columns_are_read_from_fields_yaml_not_repeated():
    # templates.yaml names fields.yaml's matrix for 表二/表三 and the fields' formats for the
    # 统计表; it lists no rows or columns fields.yaml already holds (one definition).
    from gik_nlp.schema import read_yaml
    from gik_nlp.schema.templates import TEMPLATES_YAML

    raw = read_yaml(TEMPLATES_YAML)["templates"]
    for name in ("apply_2019", "apply_2021", "disclosure_2019", "disclosure_2021", "pre2019_national"):
        assert "rows" not in raw[name], name
        assert "columns" not in raw[name] or name == "pre2019_national", name   # its one column: value
    assert "columns" not in raw["table4"]


def test_rows_and_columns_derived_per_format():
    t = templates()
    assert t["apply_2019"].columns == ("natural_person", "business", "research", "nonprofit", "legal_service",
                                       "other_org", "total")
    assert t["table4"].columns == ("upheld", "corrected", "other", "pending", "total")
    assert [r.id for r in t["apply_2019"].rows][-4:] == ["unprocessed.confirm", "other", "total", "carried_out"]
    assert len(t["apply_2019"].rows) == 23 and len(t["apply_2021"].rows) == 25
    d19 = {r.id: r.columns for r in t["disclosure_2019"].rows}
    d21 = {r.id: r.columns for r in t["disclosure_2021"].rows}
    assert list(d19) == ["rules", "normative", "licensing", "other_services", "punishment", "coercion", "fees",
                         "procurement"]
    assert d19["rules"] == ("made", "published_new", "public_total")
    assert d19["fees"] == ("previous_items", "change")            # row_columns: the 2019 form's two
    assert d19["procurement"] == ("items", "amount")
    assert d21 == {"rules": ("made", "repealed", "in_force"), "normative": ("made", "repealed", "in_force"),
                   "licensing": ("decisions",), "punishment": ("decisions",), "coercion": ("decisions",),
                   "fees": ("amount",)}
    rows = [r.id for r in t["pre2019_national"].rows]
    assert len(rows) == 59 and rows[:3] == ["proactive.total", "proactive.normative_docs",
                                            "proactive.normative_issued"]
    assert rows[-2:] == ["training.sessions", "training.trainees"] and "apply.new.total" not in rows


def test_a_row_columns_override_naming_no_row_is_refused(tmp_path: Path):
    _refused(tmp_path, "templates:\n  x:\n    title: X\n    formats: [2021]\n    cell: 'disclosure.{row}.{column}'\n"
             "    matrix: disclosure\n    row_columns: {procurement: [items]}\n", "procurement")


def test_identities_say_what_a_failed_check_prints():
    t = templates()
    says = [i.says for i in t["apply_2021"].identities]
    assert says == ["Σ applicants = 总计", "一 + 二 = (七)总计 + 四", "(一)+(二)+Σ(三)+Σ(四)+Σ(五)+Σ(六) = (七)总计"]
    bounds = [i.text for i in t["pre2019_national"].identities if i.op == "<="]
    assert bounds[0] == "proactive.gazette <= proactive.total" and len(bounds) == 5


def test_the_2019_table2_series_identity_is_data():
    series = templates()["disclosure_2019"].series
    assert [(s.rows, s.next_column, s.columns) for s in series] == [
        (("licensing", "other_services", "punishment", "coercion", "fees"), "previous_items",
         ("previous_items", "change"))]
    assert templates()["disclosure_2021"].series == ()


@pytest.mark.parametrize("series, problem", [
    ("[{rows: [nobody], expr: 'next.upheld = upheld + total'}]", "'nobody' is not a row"),
    ("[{rows: [review], expr: 'next.upheld = upheld + other'}]", "'other' is not a column"),
    ("[{rows: [review], expr: 'upheld = total'}]", "is not 'next.COLUMN"),
    ("[{expr: 'next.upheld = upheld'}]", "needs rows"),
])
def test_a_bad_series_identity_is_refused(tmp_path: Path, series: str, problem: str):
    bad = tmp_path / "t.yaml"
    bad.write_text("templates:\n  x:\n    title: X\n    formats: [2021]\n    cell: '{row}.{column}'\n"
                   "    matrix: review\n    columns: [upheld, total]\n    rows: [{id: review, labels: [行政复议]}]\n"
                   f"    series: {series}\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=problem):
        load_templates(bad)


SUM = next(i for i in templates()["pre2019_national"].identities if i.text.startswith("request.on_time"))
BOUND = next(i for i in templates()["fujian_2011"].identities if i.per == "column" and i.op == "<=")


@pytest.mark.parametrize("values, expected", [
    # request.on_time + request.extended = request.completed
    ({"request.on_time": 50, "request.extended": 148, "request.completed": 198}, True),
    ({"request.on_time": 50, "request.extended": 140, "request.completed": 198}, False),
    ({"request.on_time": 5, "request.extended": None, "request.completed": 5}, True),     # blank counts 0
    ({"request.on_time": None, "request.extended": None, "request.completed": 3}, False),  # 0 ≠ 3
    ({"request.on_time": 5, "request.completed": 5}, None),                                # extended unknown
    ({"request.on_time": None, "request.extended": None, "request.completed": None}, None),
    ({"request.on_time": 1.1, "request.extended": 2.2, "request.completed": 3.3}, True),   # 3.3000000000000003
    ({"request.on_time": 1, "request.extended": 2, "request.completed": 3.0000005}, True),  # 5e-7 < tolerance
    ({"request.on_time": 1, "request.extended": 2, "request.completed": 3.00001}, False),   # 1e-5 > tolerance
])
def test_a_sum_identity_holds_fails_or_is_undecided(values, expected):
    assert SUM.holds(values) is expected


@pytest.mark.parametrize("values, expected", [
    # proactive.website + proactive.gazette <= proactive.total
    ({"proactive.website": 60, "proactive.gazette": 40, "proactive.total": 100}, True),
    ({"proactive.website": 60, "proactive.gazette": 50, "proactive.total": 100}, False),
    ({"proactive.website": None, "proactive.gazette": 120, "proactive.total": 100}, False),  # not the first part alone
    ({"proactive.website": 60, "proactive.gazette": 50, "proactive.total": None}, None),    # a bound left blank
    ({"proactive.website": None, "proactive.gazette": None, "proactive.total": 100}, None),
    ({"proactive.website": 60, "proactive.total": 100}, None),
    ({"proactive.website": 60.0000005, "proactive.gazette": 40, "proactive.total": 100}, True),
    ({"proactive.website": 60.00001, "proactive.gazette": 40, "proactive.total": 100}, False),
])
def test_a_bound_identity_holds_fails_or_is_undecided(values, expected):
    assert BOUND.holds(values) is expected


def test_an_identity_reads_the_names_its_caller_expanded():
    # the sides given are the caller's (field ids of one column, say), not the identity's own
    assert SUM.holds({"a": 1, "b": 2, "c": 4}, ("a", "b"), ("c",)) is False
    assert SUM.holds({"a": 1, "b": 2, "c": 3}, ("a", "b"), ("c",)) is True


def test_the_series_identity_is_an_identity_over_two_reports():
    # next.previous_items (year N+1) = previous_items + change (year N): 396 + 44 = 440
    identity = templates()["disclosure_2019"].series[0].identity
    assert identity.holds({"next.previous_items": 440, "previous_items": 396, "change": 44}) is True
    assert identity.holds({"next.previous_items": 441, "previous_items": 396, "change": 44}) is False
