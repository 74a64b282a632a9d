"""Record writers: append as they go, survive interruption, flatten one column per field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from gik_nlp import schema
from gik_nlp.types import ReportRecord, Statistic
from gik_nlp.writers import RecordWriter, done_hashes, record_to_row, table_columns


def _record(n: int) -> dict:
    return ReportRecord(source=f"r{n}.txt", agency="某县人民政府", year=2017, format="pre2019",
                        statistics={"request.received": Statistic(n, "件")},
                        text_sha256=f"hash{n}").to_dict()


def test_writers_row_has_one_column_per_field() -> None:
    row = record_to_row(_record(7))
    assert list(row) == table_columns()
    assert row["request.received"] == 7 and row["proactive.total"] is None
    assert len(table_columns()) > len(schema.FIELDS)


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "parquet"])
def test_writers_append_then_resume_keeps_everything(tmp_path: Path, output_format: str) -> None:
    out = tmp_path / f"out.{output_format}"
    with RecordWriter(out, output_format, append=False) as writer:
        writer.write(_record(1))
    with RecordWriter(out, output_format, append=True) as writer:
        writer.write(_record(2))
    assert done_hashes(out, output_format) == {"hash1", "hash2"}
    if output_format == "jsonl":
        values = [json.loads(line)["statistics"]["request.received"]["value"]
                  for line in out.read_text(encoding="utf-8").splitlines()]
    elif output_format == "csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheets read UTF-8
        with out.open(encoding="utf-8-sig", newline="") as handle:
            values = [int(row["request.received"]) for row in csv.DictReader(handle)]
    else:
        values = pq.read_table(out).column("request.received").to_pylist()
    assert values == [1, 2]


@pytest.mark.parametrize("torn", ['{"source": "r9.txt", "text_sha', '{"sour'])
def test_writers_resume_cuts_a_torn_last_line(tmp_path: Path, torn: str) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps(_record(1), ensure_ascii=False) + "\n" + torn, encoding="utf-8")
    assert done_hashes(out, "jsonl") == {"hash1"}
    with RecordWriter(out, "jsonl", append=True) as writer:
        writer.write(_record(2))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["text_sha256"] for line in lines] == ["hash1", "hash2"]
