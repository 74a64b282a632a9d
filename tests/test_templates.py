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


def test_a_cell_outside_fields_yaml_is_refused(tmp_path: Path):
    bad = tmp_path / "t.yaml"
    bad.write_text("templates:\n  x:\n    title: X\n    formats: [2021]\n    cell: 'apply.{row}.{column}'\n"
                   "    matrix: apply\n    columns: [nobody]\n    rows: [new]\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="nobody"):
        load_templates(bad)


def test_an_identity_naming_no_row_is_refused(tmp_path: Path):
    bad = tmp_path / "t.yaml"
    bad.write_text("templates:\n  x:\n    title: X\n    formats: [2021]\n    cell: '{row}.{column}'\n"
                   "    matrix: review\n    columns: [upheld, total]\n"
                   "    rows: [{id: review, labels: [行政复议]}]\n"
                   "    identities: [{per: column, expr: 'review = nothing'}]\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="nothing"):
        load_templates(bad)


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
    bad = tmp_path / "t.yaml"
    head = ("templates:\n  x:\n    title: X\n    formats: [2021]\n    cell: '{row}.{column}'\n"
            "    matrix: review\n    columns: [upheld, total]\n    rows: [{id: review, labels: [行政复议]}]\n")
    bad.write_text(head + extra, encoding="utf-8")
    with pytest.raises(SchemaError, match=problem):
        load_templates(bad)
