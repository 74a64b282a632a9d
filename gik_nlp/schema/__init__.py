"""Span labels and statistic field ids, defined once.

``LABELS`` are the five span labels of docs/spec/annotation.md. ``FIELDS`` maps every
statistic field id to its ``FieldSpec``: the plain fields of ``fields.yaml`` plus the
matrix tables (表二/表三/表四) expanded into one field per cell. ``HEADLINE`` says how the
headline fields are computed in each format. Everything is read once from the package's
copy of ``fields.yaml`` and validated when loaded; a broken file raises ``SchemaError``
naming the problem.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

#: Span labels, in the order the tagger's label ids are built from (never sort them).
LABELS: tuple[str, ...] = ("AGENCY", "DATE", "DOCNO", "STAT_NAME", "STAT_VALUE")

#: Report formats a record can carry.
FORMATS: tuple[str, ...] = ("pre2019", "2019", "2021", "unknown")

FIELDS_YAML = Path(__file__).with_name("fields.yaml")


class SchemaError(ValueError):
    """fields.yaml is malformed: the message names the entry and the problem."""


@dataclass(frozen=True)
class FieldSpec:
    """One statistic field.

    id: stable dotted id, e.g. ``request.received`` or ``apply.new.total``.
    zh: the indicator as the national format prints it (for a matrix cell: row + column).
    aliases: other printed forms.
    unit: the unit the value is counted in.
    formats: formats the field appears in.
    family: the first part of the id (``request``, ``apply``, ``review`` …), for scoring by family.
    matrix, row, column: for a matrix cell, the matrix name and the row/column ids; else "".
    row_zh, column_zh: the printed row and column headers of a matrix cell.
    """

    id: str
    zh: str
    aliases: tuple[str, ...]
    unit: str
    formats: tuple[str, ...]
    family: str
    matrix: str = ""
    row: str = ""
    column: str = ""
    row_zh: str = ""
    column_zh: str = ""
    row_aliases: tuple[str, ...] = ()
    column_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Headline:
    """How a headline field is obtained: per format, the cell ids whose sum gives it
    (empty tuple = read directly, from the field itself or prose)."""

    id: str
    cells: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Schema:
    fields: dict[str, FieldSpec]
    matrices: dict[str, dict[str, Any]]
    headline: dict[str, Headline]


def parse_formats(value: Any, where: str) -> tuple[str, ...]:
    """A yaml entry's list of formats as strings (none: ``()``); SchemaError naming ``where``
    when one is not in FORMATS. fields.yaml and templates.yaml both check theirs here."""
    formats = tuple(str(f) for f in (value or ()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise SchemaError(f"{where}: unknown format(s) {unknown}; expected some of {list(FORMATS)}")
    return formats


def require_keys(entry: Mapping[str, Any], keys: tuple[str, ...], where: str) -> None:
    """SchemaError naming ``where`` and the keys of ``keys`` that ``entry`` lacks, if any."""
    missing = [k for k in keys if k not in entry]
    if missing:
        raise SchemaError(f"{where}: missing key(s) {missing}")


def _expand_matrix(name: str, spec: dict[str, Any]) -> list[FieldSpec]:
    """Expand one matrix of fields.yaml into one FieldSpec per cell."""
    where = f"{FIELDS_YAML.name}: matrices.{name}"
    require_keys(spec, ("columns",), where)
    matrix_formats = parse_formats(spec.get("formats"), where)
    cells: list[FieldSpec] = []
    if "rows" not in spec:  # 表四 blocks: one row, columns are the results
        for col in spec["columns"]:
            require_keys(col, ("id", "zh"), f"{where}.columns")
            cells.append(FieldSpec(
                id=f"{name}.{col['id']}", zh=col["zh"], aliases=tuple(col.get("aliases", ())),
                unit=spec.get("unit", "件"), formats=matrix_formats, family=name, matrix=name,
                column=col["id"], column_zh=col["zh"], column_aliases=tuple(col.get("aliases", ()))))
        return cells
    columns = spec["columns"]
    if isinstance(columns, dict):  # disclosure: named columns, each row lists its own
        column_specs = {cid: dict(c, id=cid) for cid, c in columns.items()}
    else:
        column_specs = {c["id"]: c for c in columns}
    for row in spec["rows"]:
        require_keys(row, ("id", "zh"), f"{where}.rows")
        row_formats = parse_formats(row.get("formats"), f"{where}.rows.{row['id']}") or matrix_formats
        col_ids = row.get("columns") or list(column_specs)
        for cid in col_ids:
            if cid not in column_specs:
                raise SchemaError(f"{where}.rows.{row['id']}: unknown column {cid!r}")
            col = column_specs[cid]
            col_formats = parse_formats(col.get("formats"), f"{where}.columns.{cid}") or row_formats
            formats = tuple(f for f in row_formats if f in col_formats)
            unit = col.get("unit") or row.get("unit") or spec.get("unit") or "件"
            cells.append(FieldSpec(
                id=f"{name}.{row['id']}.{cid}", zh=f"{row['zh']}/{col['zh']}", aliases=(),
                unit=unit, formats=formats, family=name, matrix=name, row=row["id"], column=cid,
                row_zh=row["zh"], column_zh=col["zh"], row_aliases=tuple(row.get("aliases", ())),
                column_aliases=tuple(col.get("aliases", ()))))
    return cells


def _parse_headline(raw: dict[str, Any], fields: dict[str, FieldSpec]) -> dict[str, Headline]:
    headline: dict[str, Headline] = {}
    for hid, per_format in (raw or {}).items():
        if hid not in fields:
            raise SchemaError(f"{FIELDS_YAML.name}: headline {hid!r} is not a field id")
        cells: dict[str, tuple[str, ...]] = {}
        for fmt, expr in (per_format or {}).items():
            if fmt == "all_formats":
                continue
            ids = tuple(part.strip() for part in str(expr).split("+"))
            for cid in ids:
                if cid not in fields:
                    raise SchemaError(f"{FIELDS_YAML.name}: headline {hid}: unknown cell {cid!r}")
            cells[str(fmt)] = ids
        headline[hid] = Headline(hid, cells)
    return headline


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A YAML file's content; SchemaError naming the file when it cannot be read or parsed."""
    try:
        # libyaml's safe loader where PyYAML has it: the same content, fields.yaml read in 4 ms
        # instead of 52 (templates.yaml 1.4 instead of 46), once per process at start-up
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read ({exc})") from exc


@functools.cache
def fields_yaml() -> Any:
    """The package's fields.yaml as parsed, read once: the schema, ``value_types`` and the unit
    conversions (schema/units.py) all come from this one reading."""
    return read_yaml(FIELDS_YAML)


def load_schema(path: Path = FIELDS_YAML) -> Schema:
    """Read and validate a fields.yaml; raise SchemaError on any problem."""
    return _build_schema(read_yaml(path), path)


def _build_schema(raw: Any, path: Path) -> Schema:
    """Validate a parsed fields.yaml (read from ``path``, for messages) into a Schema."""
    if not isinstance(raw, dict) or "fields" not in raw:
        raise SchemaError(f"{path}: expected a mapping with 'fields'")
    fields: dict[str, FieldSpec] = {}
    for entry in raw["fields"]:
        require_keys(entry, ("id", "zh", "unit", "formats"), f"{path.name}: field {entry.get('id', '?')}")
        if entry["id"] in fields:
            raise SchemaError(f"{path.name}: field id {entry['id']!r} defined twice")
        fields[entry["id"]] = FieldSpec(
            id=entry["id"], zh=entry["zh"], aliases=tuple(entry.get("aliases", ())), unit=entry["unit"],
            formats=parse_formats(entry["formats"], f"{path.name}: field {entry['id']}"),
            family=entry["id"].split(".")[0])
    for name, spec in (raw.get("matrices") or {}).items():
        for cell in _expand_matrix(name, spec):
            old = fields.get(cell.id)
            if old is None:
                fields[cell.id] = cell
            else:
                # 表四's review.* cells share ids with the pre-2019 review.* fields on purpose:
                # the same quantity across formats. Keep one spec that knows both.
                fields[cell.id] = FieldSpec(
                    id=old.id, zh=old.zh, aliases=old.aliases,
                    unit=old.unit, formats=tuple(dict.fromkeys(old.formats + cell.formats)),
                    family=old.family, matrix=cell.matrix, row=cell.row, column=cell.column,
                    row_zh=cell.row_zh, column_zh=cell.column_zh, column_aliases=cell.column_aliases)
    return Schema(fields, dict(raw.get("matrices") or {}), _parse_headline(raw.get("headline"), fields))


#: Column types a statistic's value can have in table outputs.
VALUE_TYPES = ("int64", "float64")


@functools.cache
def value_types() -> dict[str, str]:
    """Field id → the type of its value in table outputs (``value_types`` of fields.yaml by
    unit; int64 for the units not listed there)."""
    raw = fields_yaml().get("value_types") or {}
    for unit, kind in raw.items():
        if kind not in VALUE_TYPES:
            raise SchemaError(f"{FIELDS_YAML.name}: value_types: {unit}: {kind!r} is not one of {VALUE_TYPES}")
    return {field_id: raw.get(spec.unit, "int64") for field_id, spec in schema().fields.items()}


@functools.cache
def schema() -> Schema:
    """The package schema, loaded once."""
    return _build_schema(fields_yaml(), FIELDS_YAML)


def __getattr__(name: str) -> Any:
    # FIELDS / HEADLINE / MATRICES load lazily so importing the package stays cheap.
    if name == "FIELDS":
        return schema().fields
    if name == "HEADLINE":
        return schema().headline
    if name == "MATRICES":
        return schema().matrices
    raise AttributeError(name)


__all__ = ["LABELS", "FORMATS", "FIELDS", "HEADLINE", "MATRICES", "FieldSpec", "Headline", "Schema",
           "SchemaError", "VALUE_TYPES", "fields_yaml", "load_schema", "parse_formats", "read_yaml",
           "require_keys", "schema", "value_types"]
