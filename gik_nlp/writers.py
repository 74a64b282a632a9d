"""Writers for records: JSON Lines (the contract), CSV and Parquet (one row per report).

Every writer appends a record as soon as it is given one and flushes, so an
interrupted batch keeps every finished record. CSV and Parquet flatten a record into one
column per field (schema.FIELDS in schema order), so a spreadsheet user can follow
``request.received`` across years in one column.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

from gik_nlp import schema

OUTPUT_FORMATS = ("jsonl", "csv", "parquet")

#: Record columns before the statistics, in order.
_HEAD_COLUMNS = ("source", "title", "agency", "year", "format", "doc_number", "published",
                 "period_start", "period_end", "cited_documents")
_TAIL_COLUMNS = ("other_statistics", "warnings", "model", "text_sha256")


def table_columns() -> list[str]:
    """The flat columns of CSV/Parquet output: record keys, one column per field id, then the rest."""
    return [*_HEAD_COLUMNS, *schema.FIELDS, *_TAIL_COLUMNS]


def record_to_row(record: dict[str, Any]) -> dict[str, Any]:
    """Flatten a record dict (ReportRecord.to_dict()) into one row of ``table_columns()``."""
    period = record.get("period") or {}
    doc_number = record.get("doc_number") or {}
    row: dict[str, Any] = {
        "source": record.get("source"), "title": record.get("title"), "agency": record.get("agency"),
        "year": record.get("year"), "format": record.get("format"),
        "doc_number": doc_number.get("normalized"),
        "published": record.get("published"),
        "period_start": period.get("start"), "period_end": period.get("end"),
        "cited_documents": "; ".join(d["normalized"] for d in record.get("cited_documents") or []),
    }
    statistics = record.get("statistics") or {}
    for field_id in schema.FIELDS:
        stat = statistics.get(field_id)
        row[field_id] = stat["value"] if stat else None
    row["other_statistics"] = "; ".join(
        f"{o['name']}={o['value']}{o.get('unit', '')}" for o in record.get("other_statistics") or [])
    row["warnings"] = " | ".join(record.get("warnings") or [])
    row["model"] = record.get("model")
    row["text_sha256"] = record.get("text_sha256")
    return row


def _drop_torn_last_line(path: Path) -> None:
    """An interrupted run can leave half a line; cut it so appended records start on a fresh line."""
    if not path.exists() or path.stat().st_size == 0:
        return
    data = path.read_bytes()
    if data.endswith(b"\n"):
        return
    path.write_bytes(data[: data.rfind(b"\n") + 1])


class RecordWriter:
    """Appends records to OUT in one of OUTPUT_FORMATS; holds the open file.

    jsonl: one record per line. csv: UTF-8 with BOM, header written once. parquet: records
    are appended to ``OUT.records.jsonl`` while running (Parquet files cannot be appended
    to) and the Parquet file is written from it on ``close()``.
    """

    def __init__(self, out_path: Path, output_format: str, append: bool) -> None:
        if output_format not in OUTPUT_FORMATS:
            raise ValueError(f"unknown output format {output_format!r}; choose one of {OUTPUT_FORMATS}")
        self.out_path = out_path
        self.output_format = output_format
        out_path.parent.mkdir(parents=True, exist_ok=True)
        self.store_path = self.journal_path(out_path, output_format)
        if append:
            _drop_torn_last_line(self.store_path)
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
        if self._csv is not None:
            self._csv.writerow(record_to_row(record))
        else:
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()
        if self.output_format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            rows = [record_to_row(json.loads(line))
                    for line in self.store_path.read_text(encoding="utf-8").splitlines() if line.strip()]
            columns = table_columns()
            table = pa.table({c: [r[c] for r in rows] for c in columns}) if rows else pa.table(
                {c: pa.array([], pa.string()) for c in columns})
            pq.write_table(table, self.out_path)

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def done_hashes(out_path: Path, output_format: str) -> frozenset[str]:
    """``text_sha256`` of the records already written to OUT (for ``--resume``)."""
    store = RecordWriter.journal_path(out_path, output_format)
    if not store.exists():
        return frozenset()
    if output_format == "csv":
        with store.open(encoding="utf-8-sig", newline="") as handle:
            return frozenset(row["text_sha256"] for row in csv.DictReader(handle) if row.get("text_sha256"))
    hashes = set()
    for line in store.read_text(encoding="utf-8").splitlines():
        try:
            hashes.add(json.loads(line)["text_sha256"])
        except (json.JSONDecodeError, KeyError, TypeError):
            continue  # a torn last line from an interrupted run
    return frozenset(hashes)
