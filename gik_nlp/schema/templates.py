"""Table templates and their identities, defined once (templates.yaml beside fields.yaml).

``templates()`` gives every ``Template`` by name: its ordered rows (with the labels a report
prints for them, from fields.yaml unless the template lists its own), its ordered columns,
the field id of each cell and the identities that a reading of the table must satisfy. The
table decoder, the consistency checks and synth read this one definition. A broken file
raises ``SchemaError`` naming the template and the problem.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from gik_nlp.schema import SchemaError, fields_yaml, parse_formats, read_yaml, require_keys, schema

TEMPLATES_YAML = Path(__file__).with_name("templates.yaml")

#: Prefix of a row id that maps to no field (the row is kept as an other statistic).
OTHER_PREFIX = "other:"

#: How far apart two sides of an identity may be and still be equal (and how far a ``<=``
#: side may pass its bound), one for every caller: the identities relate counts (件, 条, 人),
#: where a printed difference is 1 or more, while a value held as a float (a printed decimal,
#: a converted unit) may miss its exact sum by float rounding (0.1 + 0.2 != 0.3), far below this.
TOLERANCE = 1e-6

_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|(\d+)[.．、])")


@dataclass(frozen=True)
class TemplateRow:
    """One printed row.

    id: the row id ("new", "review", or a field id for a plain template; "other:NAME" for none).
    labels: printed names of the row without its enumerator, most specific first.
    enum: the row's own enumerator number as printed ("2" for "2.其他法律…"), "" when none.
    columns: the row's columns, in print order.
    optional: a row some reports of the template leave out.
    """

    id: str
    labels: tuple[str, ...]
    enum: str
    columns: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class Identity:
    """``lhs = rhs`` (or ``<=``) over sums of names; per column, per row or per cell.
    ``says``: the identity as a warning prints it (the table's own words), else ``text``."""

    per: str
    lhs: tuple[str, ...]
    op: str
    rhs: tuple[str, ...]
    text: str
    says: str = ""

    def holds(self, values: Mapping[str, float | int | None], lhs: Sequence[str] | None = None,
              rhs: Sequence[str] | None = None) -> bool | None:
        """Whether the identity holds for ``values`` (name → number, None for a cell printed
        blank): True, False, or None when it cannot be decided. The one place its arithmetic is
        done (the decoder, the series of reports and the consistency checks all ask here).

        ``lhs``, ``rhs``: the sides' names as the caller reads them (expanded over a template's
        rows or columns, or field ids); the identity's own by default. A name absent from
        ``values`` is unknown, so nothing is decided. A blank counts 0 in a sum, but when every
        value is blank there is nothing to check, and ``<=`` says nothing while either side is
        wholly blank (a bound left blank was not printed, it is not 0: 历年累计 left empty; and
        a blank left side proves nothing). Sides within ``TOLERANCE`` are equal.

        >>> total = Identity("column", ("a", "b"), "=", ("t",), "a + b = t")
        >>> total.holds({"a": 1, "b": None, "t": 1}), total.holds({"a": 1, "t": 3})  # blank 0; b unknown
        (True, None)
        >>> bound = Identity("column", ("web", "gazette"), "<=", ("total",), "web + gazette <= total")
        >>> bound.holds({"web": 2, "gazette": 4, "total": 5}), bound.holds({"web": 2, "gazette": 4, "total": None})
        (False, None)

        More cases, on the templates' own identities: tests/test_templates.py.
        """
        lhs = self.lhs if lhs is None else lhs
        rhs = self.rhs if rhs is None else rhs
        if any(name not in values for name in (*lhs, *rhs)):
            return None
        left = [values[name] for name in lhs]
        right = [values[name] for name in rhs]
        if all(v is None for v in left) and all(v is None for v in right):
            return None
        if self.op == "<=":
            if all(v is None for v in left) or all(v is None for v in right):
                return None
            return sum(v or 0 for v in left) <= sum(v or 0 for v in right) + TOLERANCE
        return abs(sum(v or 0 for v in left) - sum(v or 0 for v in right)) <= TOLERANCE


@dataclass(frozen=True)
class SeriesIdentity:
    """An identity across two consecutive reports of one body, per row of ``rows``: the cell
    ``next_column`` of year N+1's report equals the sum of ``columns`` of year N's (blank parts
    count 0, as in ``Identity.holds``)."""

    rows: tuple[str, ...]
    next_column: str
    columns: tuple[str, ...]
    text: str

    @functools.cached_property
    def identity(self) -> Identity:
        """The identity over one row of the two reports, for ``Identity.holds``: the name
        ``next.COLUMN`` is year N+1's cell, the others year N's."""
        return Identity("row", (f"next.{self.next_column}",), "=", self.columns, self.text)


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    formats: tuple[str, ...]
    matrix: str
    anchors: tuple[str, ...]
    layout: str
    cell: str
    columns: tuple[str, ...]
    rows: tuple[TemplateRow, ...]
    identities: tuple[Identity, ...]
    other_columns: tuple[str, ...] = ()
    unit_column: bool = False
    decode: bool = True   # False: the line reader reads this layout; rows/identities serve checks, synth
    signed: tuple[str, ...] = ()   # columns whose cells may be negative (本年增/减); the rest are >= 0
    #: (column, words that name it in prose) for rows of several columns (templates.yaml prose_columns)
    prose_columns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: identities across consecutive reports of one body (templates.yaml series)
    series: tuple[SeriesIdentity, ...] = ()

    def field_id(self, row: str, column: str) -> str | None:
        """The field id of a cell, or None when it is kept as an other statistic.

        >>> templates()["apply_2021"].field_id("new", "total")
        'apply.new.total'
        >>> templates()["fujian_2014"].field_id("proactive.total", "cumulative") is None
        True
        """
        if row.startswith(OTHER_PREFIX) or column in self.other_columns:
            return None
        return self.cell.replace("{row}", row).replace("{column}", column)

    def cells(self) -> tuple[str, ...]:
        """Field ids of the template's cells in print order, row by row (cells kept as other
        statistics left out).

        >>> templates()["table4"].cells()[:2], len(templates()["table4"].cells())
        (('review.upheld', 'review.corrected'), 15)
        """
        ids = (self.field_id(r.id, c) for r in self.rows for c in r.columns)
        return tuple(i for i in ids if i)

    def row(self, row_id: str) -> TemplateRow:
        return next(r for r in self.rows if r.id == row_id)

    def expand(self, names: tuple[str, ...], per: str) -> tuple[str, ...]:
        """Names of an identity side with ``prefix.*`` expanded over the template's rows/columns."""
        # kept on the instance: hashing a whole template for a shared cache costs more than expanding
        cache = self.__dict__.setdefault("_expanded", {})
        key = (names, per)
        if key not in cache:
            cache[key] = self._expand(names, per)
        return cache[key]

    def _expand(self, names: tuple[str, ...], per: str) -> tuple[str, ...]:
        pool = [r.id for r in self.rows] if per == "column" else list(self.columns)
        out: list[str] = []
        for name in names:
            if name.endswith(".*"):
                out += [p for p in pool if p.startswith(name[:-1])]
            else:
                out.append(name)
        return tuple(out)


def _label_core(printed: str) -> tuple[str, str]:
    """A printed row label without its enumerator, and the enumerator's number.

    >>> _label_core("2.其他法律行政法规禁止公开"), _label_core("（一）予以公开")
    (('其他法律行政法规禁止公开', '2'), ('予以公开', ''))
    """
    match = _ENUMERATOR.match(printed)
    if not match:
        return printed, ""
    return printed[match.end():], match.group(1) or ""


def _identity(raw: Any, where: str) -> Identity:
    if not isinstance(raw, dict) or raw.get("per") not in ("row", "column") or "expr" not in raw:
        raise SchemaError(f"{where}: an identity needs per: row|column and expr")
    expr = str(raw["expr"])
    op = "<=" if "<=" in expr else "="
    if expr.count(op) != 1:
        raise SchemaError(f"{where}: {expr!r} is not 'a + b = c' or 'a <= b'")
    lhs, rhs = (tuple(p.strip() for p in side.split("+") if p.strip()) for side in expr.split(op))
    if not lhs or not rhs:
        raise SchemaError(f"{where}: {expr!r} has an empty side")
    return Identity(raw["per"], lhs, op, rhs, expr, str(raw.get("says") or expr))


def _series(raw: Any, where: str, rows: tuple[TemplateRow, ...]) -> SeriesIdentity:
    """A ``series`` entry: ``{rows: [...], expr: "next.COLUMN = a + b"}``, checked against the rows.

    >>> from gik_nlp.schema.templates import templates
    >>> templates()["disclosure_2019"].series[0].next_column
    'previous_items'
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("rows"), list) or not raw["rows"] or "expr" not in raw:
        raise SchemaError(f"{where}: a series identity needs rows: [...] and expr")
    expr = str(raw["expr"])
    match = re.fullmatch(r"\s*next\.(\w+)\s*=\s*(\w+(?:\s*\+\s*\w+)*)\s*", expr)
    if not match:
        raise SchemaError(f"{where}: {expr!r} is not 'next.COLUMN = a + b'")
    columns = tuple(c.strip() for c in match.group(2).split("+"))
    by_id = {r.id: r for r in rows}
    for rid in raw["rows"]:
        if rid not in by_id:
            raise SchemaError(f"{where}: {rid!r} is not a row of the template")
        for column in (match.group(1), *columns):
            if column not in by_id[rid].columns:
                raise SchemaError(f"{where}: {column!r} is not a column of row {rid!r}")
    return SeriesIdentity(tuple(str(r) for r in raw["rows"]), match.group(1), columns, expr)


def _applies(entry: Mapping[str, Any], formats: tuple[str, ...]) -> bool:
    """Whether a fields.yaml row or column (its own ``formats``, if any) is printed in a
    template of ``formats``."""
    own = entry.get("formats")
    return not own or any(str(f) in formats for f in own)


def _derived_columns(spec: Mapping[str, Any], formats: tuple[str, ...]) -> tuple[str, ...]:
    """A matrix template's columns when it lists none: fields.yaml's matrix columns
    (a list of columns; 表二's per-row columns are taken per row)."""
    columns = schema().matrices.get(spec.get("matrix", ""), {}).get("columns")
    if isinstance(columns, list):
        return tuple(c["id"] for c in columns if _applies(c, formats))
    return ()


def _derived_rows(name: str, spec: Mapping[str, Any], formats: tuple[str, ...]) -> list[Any]:
    """A template's rows when it lists none, from fields.yaml: a matrix's rows printed in the
    template's formats (表二: each with its columns of those formats, unless ``row_columns``
    says otherwise), or for a plain template every field of its formats that is no matrix cell."""
    matrix = spec.get("matrix", "")
    if not matrix:
        # the fields listed one by one (not matrix cells; 表四's review.* share some of their ids)
        return [f["id"] for f in fields_yaml()["fields"] if any(str(x) in formats for x in f["formats"])]
    raw = schema().matrices.get(matrix, {})
    if "rows" not in raw:
        raise SchemaError(f"{TEMPLATES_YAML.name}: {name}: no rows given and matrices.{matrix} of "
                          "fields.yaml has none")
    column_specs = raw.get("columns")
    overrides = spec.get("row_columns") or {}
    rows: list[Any] = []
    for row in raw["rows"]:
        if not _applies(row, formats):
            continue
        if not isinstance(column_specs, dict):
            rows.append(row["id"])
            continue
        columns = overrides.get(row["id"]) or [c for c in row["columns"] if _applies(column_specs[c], formats)]
        rows.append({"id": row["id"], "columns": list(columns)})
    unknown = set(overrides) - {r["id"] for r in rows if isinstance(r, dict)}
    if unknown:
        raise SchemaError(f"{TEMPLATES_YAML.name}: {name}.row_columns: {sorted(unknown)} are not its rows")
    return rows


def _rows(name: str, raw: Mapping[str, Any], columns: tuple[str, ...],
          formats: tuple[str, ...]) -> tuple[TemplateRow, ...]:
    matrices = schema().matrices
    matrix = raw.get("matrix", "")
    printed: dict[str, tuple[str, ...]] = {}
    if matrix and "rows" in matrices.get(matrix, {}):
        for row in matrices[matrix]["rows"]:
            printed[row["id"]] = (row["zh"], *row.get("aliases", ()))
    rows = []
    for entry in raw.get("rows") or _derived_rows(name, raw, formats):
        entry = {"id": entry} if isinstance(entry, str) else dict(entry)
        rid = str(entry["id"])
        fields = schema().fields
        own = (fields[rid].zh, *fields[rid].aliases) if not matrix and rid in fields else ()
        labels = tuple(entry.get("labels") or printed.get(rid, ()) or own)
        if not labels:
            raise SchemaError(f"{TEMPLATES_YAML.name}: {name}.rows.{rid}: no printed label "
                              f"(not a row of matrices.{matrix} in fields.yaml, and no labels given)")
        cores, enum = [], str(entry.get("enum", ""))
        for label in labels:
            core, number = _label_core(label)
            cores.append(core)
            enum = enum or number
        row_columns = tuple(entry.get("columns") or columns)
        rows.append(TemplateRow(rid, tuple(cores), enum, row_columns, bool(entry.get("optional", False))))
    return tuple(rows)


def load_templates(path: Path = TEMPLATES_YAML) -> dict[str, Template]:
    """Read and validate templates.yaml; every cell must be a field of fields.yaml."""
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("templates"), dict):
        raise SchemaError(f"{path}: expected a mapping with 'templates'")
    fields = schema().fields
    out: dict[str, Template] = {}
    for name, spec in raw["templates"].items():
        where = f"{path.name}: {name}"
        require_keys(spec, ("title", "formats", "cell"), where)
        formats = parse_formats(spec["formats"], where)
        columns = tuple(spec.get("columns") or _derived_columns(spec, formats))
        rows = _rows(name, spec, columns, formats)
        identities = tuple(_identity(i, f"{where}.identities") for i in spec.get("identities") or ())
        template = Template(name, spec["title"], formats, str(spec.get("matrix", "")),
                            tuple(spec.get("anchors") or ()), str(spec.get("layout", "rows")), spec["cell"],
                            columns or tuple(dict.fromkeys(c for r in rows for c in r.columns)), rows,
                            identities, tuple(spec.get("other_columns") or ()), bool(spec.get("unit_column")),
                            bool(spec.get("decode", True)), tuple(spec.get("signed") or ()),
                            series=tuple(_series(i, f"{where}.series", rows) for i in spec.get("series") or ()))
        for column in template.signed:
            if column not in template.columns:
                raise SchemaError(f"{where}: signed column {column!r} is not a column of the template")
        for row in rows:
            for column in row.columns:
                field_id = template.field_id(row.id, column)
                if field_id is not None and field_id not in fields:
                    raise SchemaError(f"{where}: cell {row.id}/{column} → {field_id!r} is not a field of fields.yaml")
        for identity in identities:
            pool = {r.id for r in rows} if identity.per == "column" else set(template.columns)
            for side in (identity.lhs, identity.rhs):
                for part in template.expand(side, identity.per):
                    if part not in pool:
                        raise SchemaError(f"{where}: identity {identity.text!r}: {part!r} is not a "
                                          f"{'row' if identity.per == 'column' else 'column'}")
                if not template.expand(side, identity.per):
                    raise SchemaError(f"{where}: identity {identity.text!r}: a side names nothing")
        out[name] = template
    prose = raw.get("prose_columns") or {}
    if not isinstance(prose, dict):
        raise SchemaError(f"{path}: prose_columns: expected a mapping template → column → words")
    for name, columns in prose.items():
        where = f"{path.name}: prose_columns.{name}"
        if name not in out:
            raise SchemaError(f"{where}: no such template")
        if not isinstance(columns, dict) or not all(
                isinstance(w, list) and w and all(isinstance(x, str) and x for x in w) for w in columns.values()):
            raise SchemaError(f"{where}: expected column: [words]")
        for column in columns:
            if column not in out[name].columns:
                raise SchemaError(f"{where}: {column!r} is not a column of the template")
        out[name] = replace(out[name], prose_columns=tuple((c, tuple(w)) for c, w in columns.items()))
    return out


@functools.cache
def templates() -> dict[str, Template]:
    """The package's templates, loaded once."""
    return load_templates()


__all__ = ["Identity", "OTHER_PREFIX", "SeriesIdentity", "TEMPLATES_YAML", "TOLERANCE", "Template", "TemplateRow", "load_templates", "templates"]
