"""The official tables as the page draws them: 表二/表三/表四 (2019, 2021) and the pre-2019
统计表, from the templates of schema/templates.yaml.

``official_tables()`` gives each template's title, its columns with their printed headers and
its rows with the field id of every cell, so the page can put each record value in its cell
(a blank stays blank) without knowing any template itself.
"""

from __future__ import annotations

from typing import Any

from gik_nlp.schema import FIELDS
from gik_nlp.schema.templates import Template, templates

#: The national tables of each format, in the order a report prints them.
OFFICIAL: dict[str, tuple[str, ...]] = {
    "2021": ("disclosure_2021", "apply_2021", "table4"),
    "2019": ("disclosure_2019", "apply_2019", "table4"),
    "pre2019": ("pre2019_national",),
}

#: Printed header of a template's single value column.
_VALUE_HEADER = "统计数"


def _column_header(template: Template, column: str) -> str:
    """The printed header of a column: the column_zh of its first cell that has a field."""
    if column == "value":
        return _VALUE_HEADER
    for row in template.rows:
        field_id = template.field_id(row.id, column) if column in row.columns else None
        if field_id in FIELDS and FIELDS[field_id].column_zh:
            return FIELDS[field_id].column_zh
    return column


def _template(template: Template) -> dict[str, Any]:
    rows = []
    for row in template.rows:
        cells = [template.field_id(row.id, c) if c in row.columns else None for c in template.columns]
        unit = next((FIELDS[f].unit for f in cells if f in FIELDS), "")
        rows.append({"id": row.id, "label": row.labels[0] if row.labels else row.id,
                     "unit": unit, "cells": [f if f in FIELDS else None for f in cells]})
    return {"name": template.name, "title": template.title, "formats": list(template.formats),
            "unit_column": template.unit_column,
            "columns": [{"id": c, "zh": _column_header(template, c)} for c in template.columns], "rows": rows}


def official_tables() -> dict[str, Any]:
    """``{"tables": {name: table}, "by_format": {format: [names]}}``.

    >>> tables = official_tables()
    >>> tables["by_format"]["2021"]
    ['disclosure_2021', 'apply_2021', 'table4']
    >>> t4 = tables["tables"]["table4"]
    >>> t4["rows"][0]["cells"][-1], [c["id"] for c in t4["columns"]][-1]
    ('review.total', 'total')
    """
    names = dict.fromkeys(name for names in OFFICIAL.values() for name in names)
    return {"tables": {name: _template(templates()[name]) for name in names},
            "by_format": {fmt: list(names) for fmt, names in OFFICIAL.items()}}
