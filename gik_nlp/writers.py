"""Writers for records: JSON Lines (the contract), CSV and Parquet (one row per report).

Every writer appends a record as soon as it is given one and flushes, so an
interrupted batch keeps every finished record. CSV and Parquet flatten a record into one
column per field (schema.FIELDS in schema order), so a spreadsheet user can follow
``request.received`` across years in one column.

``table_schema()`` is the one list of table columns: names, types and how each is read from a
record. CSV's header, Parquet's schema and the row check all derive from it, so every
Parquet file has the same schema whatever its batch held (two outputs read as one
table), and a value its column cannot hold (a 23-digit count) fails that record only.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from gik_nlp import schema
from gik_nlp.record_warnings import message_of

OUTPUT_FORMATS = ("jsonl", "csv", "parquet")

#: int64 bounds: a value outside them cannot go into a Parquet int64 column.
_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1
#: CSV cells starting with one of these are formulas to a spreadsheet (CSV injection):
#: such a text cell is written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Rows per Parquet row group when the file is written at the end of a batch.
_PARQUET_ROWS = 1000


@dataclass(frozen=True)
class Column:
    """One flat column: its name, type (``string``, ``int64``, ``float64`` or ``bool``), getter,
    and for a statistic's columns the field id it belongs to (the codebook describes it)."""

    name: str
    type: str
    get: Callable[[dict[str, Any]], Any]
    field_id: str = ""


def _joined_docs(record: dict[str, Any]) -> str:
    return "; ".join(d["normalized"] for d in record.get("cited_documents") or [])


def _others(record: dict[str, Any]) -> str:
    return "; ".join(f"{o['name']}={o['value']}{o.get('unit', '')}" for o in record.get("other_statistics") or [])


def _statistic(field_id: str) -> Callable[[dict[str, Any]], Any]:
    def get(record: dict[str, Any]) -> Any:
        stat = (record.get("statistics") or {}).get(field_id)
        return stat["value"] if stat else None
    return get


def _approximate(field_id: str) -> Callable[[dict[str, Any]], Any]:
    def get(record: dict[str, Any]) -> Any:
        stat = (record.get("statistics") or {}).get(field_id)
        return bool(stat.get("approximate", False)) if stat else None
    return get


def _key(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda record: record.get(name)


@functools.cache
def _columns() -> tuple[Column, ...]:
    # Built once, on first use (the schema loads lazily): rows are made per record, from ~600 columns.
    head = [
        Column("source", "string", _key("source")), Column("title", "string", _key("title")),
        Column("agency", "string", _key("agency")), Column("year", "int64", _key("year")),
        Column("format", "string", _key("format")),
        Column("doc_number", "string", lambda r: (r.get("doc_number") or {}).get("normalized")),
        Column("published", "string", _key("published")),
        Column("period_start", "string", lambda r: (r.get("period") or {}).get("start")),
        Column("period_end", "string", lambda r: (r.get("period") or {}).get("end")),
        Column("cited_documents", "string", _joined_docs),
    ]
    types = schema.value_types()
    fields = [column for field_id in schema.FIELDS for column in (
        Column(field_id, types[field_id], _statistic(field_id), field_id),
        Column(f"{field_id}.approximate", "bool", _approximate(field_id), field_id))]
    tail = [
        Column("other_statistics", "string", _others),
        Column("warnings", "string", lambda r: " | ".join(message_of(w) for w in r.get("warnings") or [])),
        Column("model", "string", _key("model")), Column("text_sha256", "string", _key("text_sha256")),
    ]
    return (*head, *fields, *tail)


def table_schema() -> list[Column]:
    """The flat columns of CSV/Parquet output, in order: record keys, one column per field id
    (typed by ``schema.value_types()``, the value in the field's canonical unit) followed by
    ``<field id>.approximate`` (true when the report gives a rounded or bounded figure), then
    the rest."""
    return list(_columns())


def table_columns() -> list[str]:
    """The names of ``table_schema()``."""
    return [column.name for column in _columns()]


#: What the record-level columns hold (the codebook's description of them).
_DESCRIBED = {
    "source": "the input file as given", "title": "the report's title", "agency": "the reporting body",
    "year": "the year the report covers", "format": "report format: pre2019, 2019, 2021 or unknown",
    "doc_number": "the report's own 文号, normalised", "published": "publication date (ISO)",
    "period_start": "first day covered (ISO)", "period_end": "last day covered (ISO)",
    "cited_documents": "文号 cited in the report, '; '-joined",
    "other_statistics": "figures that map to no field: name=value+unit, '; '-joined",
    "warnings": "the record's warnings, ' | '-joined", "model": "the model that tagged the text",
    "text_sha256": "SHA-256 of the normalised text (the record's identity with source)",
}

#: The codebook's columns, in order.
CODEBOOK_COLUMNS = ("column", "field_id", "zh", "unit", "type", "formats", "family", "description")


def codebook() -> list[dict[str, str]]:
    """One row per column of ``table_schema()``: its name, field id, 中文名 (the indicator as
    the national format prints it), canonical unit, type, the formats it appears in, its
    family and a description. Written next to every output and printed by ``gik schema``."""
    rows = []
    for column in table_schema():
        if not column.field_id:
            rows.append({"column": column.name, "field_id": "", "zh": "", "unit": "", "type": column.type,
                         "formats": "", "family": "", "description": _DESCRIBED.get(column.name, "")})
            continue
        spec = schema.FIELDS[column.field_id]
        approximate = column.name.endswith(".approximate")
        rows.append({
            "column": column.name, "field_id": spec.id, "zh": spec.zh, "unit": "" if approximate else spec.unit,
            "type": column.type, "formats": " ".join(spec.formats), "family": spec.family,
            "description": ("true when the report gives a rounded or bounded figure (余, 约, 以上 …)"
                            if approximate else f"the value in {spec.unit}, converted when printed in another unit"),
        })
    return rows


def codebook_path(out_path: Path) -> Path:
    """Where the codebook of an output goes: ``OUT.codebook.csv`` beside it."""
    return out_path.with_name(out_path.name + ".codebook.csv")


def write_codebook(handle: IO[str]) -> None:
    """Write ``codebook()`` as CSV to an open text file."""
    writer = csv.DictWriter(handle, fieldnames=CODEBOOK_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(codebook())


def arrow_schema():  # -> pyarrow.Schema
    """The Parquet schema: ``table_schema()`` as Arrow types, every column nullable."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    return pa.schema([pa.field(column.name, types[column.type]) for column in table_schema()])


def _typed(column: Column, value: Any) -> Any:
    """``value`` as ``column`` holds it; ValueError when it cannot (the record then fails)."""
    if value is None:
        return None
    if column.type == "string":
        return value if isinstance(value, str) else str(value)
    if column.type == "bool":
        return bool(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"column {column.name}: {value!r} is not a number")
    if column.type == "float64":
        if not math.isfinite(float(value)):
            raise ValueError(f"column {column.name}: {value!r} is not a finite number")
        return float(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"column {column.name}: {value!r} is not a whole number")
        value = int(value)
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise ValueError(f"column {column.name}: {value} is out of the int64 range")
    return value


def record_to_row(record: dict[str, Any], typed: bool = False) -> dict[str, Any]:
    """Flatten a record dict (ReportRecord.to_dict()) into one row of ``table_columns()``.

    typed: convert every value to its column's type; raises ValueError naming the column
    when one cannot be (an out-of-range or fractional count).
    """
    if typed:
        return {column.name: _typed(column, column.get(record)) for column in _columns()}
    return {column.name: column.get(record) for column in _columns()}


def csv_cell(value: Any) -> Any:
    """A text cell as CSV must carry it: one a spreadsheet would run as a formula gets a
    leading apostrophe; numbers stay numbers.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell("-2"), csv_cell(-2), csv_cell("年报")
    ("'=HYPERLINK(1)", "'-2", -2, '年报')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """The CSV row of a record dict: ``record_to_row`` with every text cell made safe by ``csv_cell``."""
    return {name: csv_cell(value) for name, value in record_to_row(record).items()}


def csv_bytes(records: Iterable[dict[str, Any]]) -> bytes:
    """Record dicts as a CSV output file holds them: UTF-8 with BOM, the header of ``table_columns()``,
    one row per record, CRLF line ends — the bytes ``gik extract -o OUT.csv`` writes for the same
    records (the service's ``/v1/extract?format=csv`` answers them)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=table_columns())
    writer.writeheader()
    writer.writerows(csv_row(record) for record in records)
    return buffer.getvalue().encode("utf-8-sig")


def _csv_uncell(value: str) -> str:
    """The text of a cell written by ``csv_cell``."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


# --- the end of an interrupted output -------------------------------------------------------

def _tail_start(handle: IO[bytes], size: int, terminator: bytes) -> int:
    """Offset just after the last ``terminator`` of the file (0 when there is none)."""
    block = 1 << 16
    end = size
    while end > 0:
        start = max(0, end - block)
        handle.seek(start)
        chunk = handle.read(end - start + len(terminator) - 1)
        found = chunk.rfind(terminator)
        if found >= 0 and start + found + len(terminator) <= size:
            return start + found + len(terminator)
        end = start
    return 0


def repair_tail(path: Path, output_format: str) -> str:
    """Make the end of an interrupted output clean before appending to it.

    A last line cut at any byte (inside a multi-byte character too) is removed; a last
    record that is complete but lacks only its line end gets it. RETURNS what was done:
    "clean", "completed" or "cut".
    """
    if not path.exists() or path.stat().st_size == 0:
        return "clean"
    terminator = b"\r\n" if output_format == "csv" else b"\n"
    with path.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        start = _tail_start(handle, size, terminator)
        if start == size:
            return "clean"
        handle.seek(start)
        tail = handle.read()
        missing = terminator
        if len(terminator) > 1 and tail.endswith(terminator[:1]):  # CSV cut between \r and \n
            tail, missing = tail[:-1], terminator[1:]
        if _complete_row(tail, output_format, first=start == 0):
            handle.seek(0, os.SEEK_END)
            handle.write(missing)
            return "completed"
        handle.truncate(start)
        return "cut"


def _complete_row(tail: bytes, output_format: str, first: bool) -> bool:
    """Whether ``tail`` (a last line without its line end) is a whole record."""
    try:
        text = tail.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        return False
    if output_format == "csv":
        rows = list(csv.reader([text]))
        columns = table_columns()
        if first or len(rows) != 1 or len(rows[0]) != len(columns):
            return False  # a lone header line is rewritten whole, not completed
        sha = rows[0][-1]
        return len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)
    try:
        record = json.loads(text)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and isinstance(record.get("text_sha256"), str)


def _json_line(record: dict[str, Any]) -> str:
    """A record as one line of a JSON Lines output (``write`` and ``replace`` both write it so)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def _parsed(line: bytes) -> dict[str, Any] | None:
    """The record on one line of a JSON Lines output; None for a torn line or one that holds no object.

    >>> _parsed(b'{"source": "a.txt"}\\n'), _parsed(b'{"sour'), _parsed(b'[1]')
    ({'source': 'a.txt'}, None, None)
    """
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


class RecordWriter:
    """Appends records to OUT in one of OUTPUT_FORMATS; holds the open file.

    jsonl: one record per line. csv: UTF-8 with BOM, header written once. parquet: records
    are appended to ``OUT.records.jsonl`` while running (Parquet files cannot be appended
    to) and the Parquet file is written from it on ``close()``. ``codebook``: write
    ``OUT.codebook.csv`` beside OUT (``codebook_path``).
    """

    def __init__(self, out_path: Path, output_format: str, append: bool, codebook: bool = True) -> None:
        if output_format not in OUTPUT_FORMATS:
            raise ValueError(f"unknown output format {output_format!r}; choose one of {OUTPUT_FORMATS}")
        self.out_path = out_path
        self.output_format = output_format
        out_path.parent.mkdir(parents=True, exist_ok=True)
        self.store_path = self.journal_path(out_path, output_format)
        if codebook:  # OUT.codebook.csv (a Ray shard has none: its temporary one was thrown away)
            with codebook_path(out_path).open("w", encoding="utf-8-sig", newline="") as handle:
                write_codebook(handle)
        if append:
            repair_tail(self.store_path, output_format)
        mode = "a" if append else "w"
        new_file = not append or not self.store_path.exists() or self.store_path.stat().st_size == 0
        encoding = "utf-8-sig" if output_format == "csv" and new_file else "utf-8"
        self._file: IO[str] = self.store_path.open(mode, encoding=encoding, newline="")
        self._csv: csv.DictWriter[str] | None = None
        if output_format == "csv":
            self._csv = csv.DictWriter(self._file, fieldnames=table_columns())
            if new_file:
                self._csv.writeheader()

    @staticmethod
    def journal_path(out_path: Path, output_format: str) -> Path:
        """The file records are appended to while a batch runs (also what --resume reads)."""
        return out_path.with_name(out_path.name + ".records.jsonl") if output_format == "parquet" else out_path

    def write(self, record: dict[str, Any]) -> None:
        """Append one record. Raises ValueError, writing nothing, when the output cannot hold it
        (Parquet: a value out of its column's type)."""
        if self._csv is not None:
            self._csv.writerow(csv_row(record))
        else:
            if self.output_format == "parquet":
                record_to_row(record, typed=True)
            self._file.write(_json_line(record))
        self._file.flush()

    def replace(self, records: Mapping[tuple[str, str], dict[str, Any]]) -> int:
        """Put new records in place of ones already written, matched by (source, text_sha256),
        keeping their order (the batch's series pass, batch_series.py). The file is written
        anew beside OUT and moved over it: a crash leaves the old file whole. CSV rows are
        kept as read; a CSV written with other columns (an older run, --resume) is left as it
        is. RETURNS how many records were replaced."""
        if not records or not self.store_path.exists():
            return 0
        self._file.close()
        partial = self.store_path.with_name(self.store_path.name + ".partial")
        replaced = 0
        try:
            if self._csv is not None:
                with self.store_path.open(encoding="utf-8-sig", newline="") as source, \
                        partial.open("w", encoding="utf-8-sig", newline="") as target:
                    reader = csv.DictReader(source)
                    if list(reader.fieldnames or ()) != table_columns():
                        return 0
                    writer = csv.DictWriter(target, fieldnames=table_columns())
                    writer.writeheader()
                    for row in reader:
                        new = records.get((_csv_uncell(row.get("source") or ""), row.get("text_sha256") or ""))
                        replaced += new is not None
                        writer.writerow(csv_row(new) if new is not None else row)
            else:
                with self.store_path.open("rb") as source, partial.open("wb") as target:
                    for line in source:
                        old = _parsed(line)
                        new = records.get((old.get("source"), old.get("text_sha256"))) if old is not None else None
                        if new is None:
                            target.write(line)
                            continue
                        replaced += 1
                        target.write(_json_line(new).encode("utf-8"))
            os.replace(partial, self.store_path)
        finally:
            partial.unlink(missing_ok=True)
            self._file = self.store_path.open("a", encoding="utf-8", newline="")
            if self._csv is not None:
                self._csv = csv.DictWriter(self._file, fieldnames=table_columns())
        return replaced

    def close(self) -> None:
        self._file.close()
        if self.output_format == "parquet":
            write_parquet(self.store_path, self.out_path)

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _journal_records(path: Path) -> Iterator[dict[str, Any]]:
    """The whole records of a JSON Lines file, read line by line (a torn line is skipped)."""
    with path.open("rb") as handle:
        for line in handle:
            record = _parsed(line)
            if record is not None:
                yield record


def write_parquet(journal: Path, out_path: Path) -> None:
    """Write the records of ``journal`` (JSON Lines) to ``out_path`` with ``arrow_schema()``,
    a row group at a time; a record whose values do not fit its columns is left out (``write``
    has already refused it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = arrow_schema()
    partial = out_path.with_name(out_path.name + ".partial")
    with pq.ParquetWriter(partial, target) as writer:
        rows: list[dict[str, Any]] = []

        def flush() -> None:
            writer.write_table(pa.Table.from_pylist(rows, schema=target))
            rows.clear()

        if journal.exists():
            for record in _journal_records(journal):
                try:
                    rows.append(record_to_row(record, typed=True))
                except ValueError:
                    continue
                if len(rows) >= _PARQUET_ROWS:
                    flush()
        if rows:
            flush()
    os.replace(partial, out_path)


def done_keys(out_path: Path, output_format: str) -> frozenset[tuple[str, str]]:
    """(source, text_sha256) of the records already written to OUT (for ``--resume``)."""
    store = RecordWriter.journal_path(out_path, output_format)
    if not store.exists():
        return frozenset()
    keys: set[tuple[str, str]] = set()
    if output_format == "csv":
        with store.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            for row in csv.DictReader(handle):
                sha = row.get("text_sha256") or ""
                if len(sha) == 64 and row.get("source") is not None:
                    keys.add((_csv_uncell(row["source"]), sha))
        return frozenset(keys)
    for record in _journal_records(store):
        if isinstance(record.get("source"), str) and isinstance(record.get("text_sha256"), str):
            keys.add((record["source"], record["text_sha256"]))
    return frozenset(keys)
