"""The package's schema: ids stable against the shared spec, matrices expanded, bad files rejected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from gik_nlp import schema
from gik_nlp.schema import FIELDS_YAML, SchemaError, load_schema


def test_schema_labels_match_annotation_guidelines(repo_root: Path) -> None:
    guidelines = (repo_root / "docs" / "spec" / "annotation.md").read_text(encoding="utf-8")
    table_labels = re.findall(r"^\| `([A-Z_]+)` \|", guidelines, flags=re.M)
    assert tuple(table_labels) == schema.LABELS


def test_schema_keeps_every_shared_field_id(shared_spec: Path) -> None:
    shared = load_schema(shared_spec / "fields.yaml")
    missing = sorted(set(shared.fields) - set(schema.FIELDS))
    assert missing == []


@pytest.mark.parametrize("field_id,unit,formats", [
    ("request.received", "件", ("pre2019",)),
    ("apply.new.natural_person", "件", ("2019", "2021")),
    ("apply.other.total", "件", ("2019",)),
    ("apply.other.no_fee.total", "件", ("2021",)),
    ("disclosure.fees.amount", "万元", ("2019", "2021")),
    ("disclosure.rules.repealed", "件", ("2021",)),
    ("disclosure.procurement.items", "项", ("2019",)),
    ("litigation_after_review.pending", "件", ("2019", "2021")),
])
def test_schema_expands_matrix_cells(field_id: str, unit: str, formats: tuple[str, ...]) -> None:
    spec = schema.FIELDS[field_id]
    assert (spec.unit, spec.formats) == (unit, formats)


def test_schema_apply_matrix_is_rows_times_columns() -> None:
    raw = yaml.safe_load(FIELDS_YAML.read_text(encoding="utf-8"))["matrices"]["apply"]
    cells = [f for f in schema.FIELDS.values() if f.matrix == "apply"]
    assert len(cells) == len(raw["rows"]) * len(raw["columns"])


@pytest.mark.parametrize("field_id", ["review.total", "review.upheld"])
def test_schema_review_ids_shared_across_formats(field_id: str) -> None:
    spec = schema.FIELDS[field_id]
    assert set(spec.formats) == {"pre2019", "2019", "2021"}
    assert "总计" not in spec.aliases  # a column header is no alias of the field


@pytest.mark.parametrize("headline_id,fmt,cells", [
    ("request.received", "2021", ("apply.new.total",)),
    ("litigation.total", "2019", ("litigation_direct.total", "litigation_after_review.total")),
])
def test_schema_headline_cells(headline_id: str, fmt: str, cells: tuple[str, ...]) -> None:
    assert schema.HEADLINE[headline_id].cells[fmt] == cells


@pytest.mark.parametrize("mutate,message", [
    (lambda raw: raw["fields"].append(dict(raw["fields"][0])), "defined twice"),
    (lambda raw: raw["fields"][0].update(formats=["2030"]), "unknown format"),
    (lambda raw: raw["headline"].update({"request.received": {"2021": "apply.nowhere.total"}}), "unknown cell"),
    (lambda raw: raw["fields"][0].pop("unit"), "missing key"),
])
def test_schema_rejects_broken_file(tmp_path: Path, mutate, message: str) -> None:
    raw = yaml.safe_load(FIELDS_YAML.read_text(encoding="utf-8"))
    mutate(raw)
    broken = tmp_path / "fields.yaml"
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SchemaError, match=message):
        load_schema(broken)


def test_schema_counted_as_names_field_units_each_counting_itself() -> None:
    from gik_nlp.schema.units import counted_as

    units = {spec.unit for spec in schema.FIELDS.values()}
    kinds = counted_as()
    assert kinds and set(kinds) <= units
    assert all(unit in listed for unit, listed in kinds.items())
