"""Record writers: append as they go, survive interruption, flatten one column per field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from gik_nlp import schema
from gik_nlp.types import ReportRecord, Statistic
from gik_nlp.writers import RecordWriter, csv_bytes, done_keys, record_to_row, repair_tail, table_columns


def _sha(n: int) -> str:
    return f"{n:064x}"


def _record(n: int, source: str | None = None, **statistics: Statistic) -> dict:
    stats = {"request.received": Statistic(n, "件"), **{k.replace("__", "."): v for k, v in statistics.items()}}
    return ReportRecord(source=source or f"r{n}.txt", agency="某县人民政府", year=2017, format="pre2019",
                        statistics=stats, text_sha256=_sha(n)).to_dict()


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
    assert done_keys(out, output_format) == {("r1.txt", _sha(1)), ("r2.txt", _sha(2))}
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
    with RecordWriter(out, "jsonl", append=True) as writer:
        writer.write(_record(2))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["text_sha256"] for line in lines] == [_sha(1), _sha(2)]


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_writers_repair_tail_at_every_byte(tmp_path: Path, output_format: str) -> None:
    """Cut the output anywhere in its last record (inside 某 too): the record is either
    cut away or, when only its line end is missing, kept; never a broken line."""
    out = tmp_path / f"out.{output_format}"
    with RecordWriter(out, output_format, append=False) as writer:
        writer.write(_record(1))
        writer.write(_record(2, source="二号.txt"))
    full = out.read_bytes()
    terminator = b"\r\n" if output_format == "csv" else b"\n"
    last_start = full[:-len(terminator)].rfind(terminator) + len(terminator)
    for cut in range(last_start, len(full) + 1):
        out.write_bytes(full[:cut])
        outcome = repair_tail(out, output_format)
        if cut == len(full) or cut == last_start:
            assert outcome == "clean" and out.read_bytes() == full[:cut]
        elif len(full) - len(terminator) <= cut < len(full):
            assert outcome == "completed" and out.read_bytes() == full
        else:
            assert outcome == "cut" and out.read_bytes() == full[:last_start], cut
    assert done_keys(out, output_format) == {("r1.txt", _sha(1)), ("二号.txt", _sha(2))}


def test_writers_parquet_schema_is_fixed_and_two_batches_read_as_one_table(tmp_path: Path) -> None:
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    with RecordWriter(first, "parquet", append=False) as writer:
        writer.write(_record(1))  # only an int count
    with RecordWriter(second, "parquet", append=False) as writer:
        writer.write(_record(2, fee__total=Statistic(1.5, "万元")))
        writer.write(_record(3, proactive__total=Statistic(12.0, "条")))  # a whole float → int64
    assert pq.read_schema(first) == pq.read_schema(second)
    assert pq.read_schema(first).field("request.received").type == pa.int64()
    assert pq.read_schema(first).field("fee.total").type == pa.float64()
    assert pq.read_schema(first).field("agency").type == pa.string()
    table = ds.dataset([first, second], format="parquet").to_table()
    assert sorted(table.column("request.received").to_pylist()) == [1, 2, 3]
    assert sorted(v for v in table.column("proactive.total").to_pylist() if v is not None) == [12]


def test_writers_parquet_out_of_range_number_fails_that_record_only(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    with RecordWriter(out, "parquet", append=False) as writer:
        writer.write(_record(1))
        with pytest.raises(ValueError, match="request.received.*int64"):
            writer.write(_record(10 ** 22))
        with pytest.raises(ValueError, match="whole number"):
            writer.write(_record(2, proactive__total=Statistic(2.5, "条")))
        writer.write(_record(3))
    assert pq.read_table(out).column("request.received").to_pylist() == [1, 3]


def test_writers_csv_escapes_formula_cells(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    with RecordWriter(out, "csv", append=False) as writer:
        writer.write(_record(1, source="=cmd|' /C calc'!A0.txt"))
        writer.write(_record(2, source="@SUM(1).txt"))
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["source"] for row in rows] == ["'=cmd|' /C calc'!A0.txt", "'@SUM(1).txt"]
    assert [row["request.received"] for row in rows] == ["1", "2"]
    # --resume reads the name back as it was
    assert ("=cmd|' /C calc'!A0.txt", _sha(1)) in done_keys(out, "csv")


def test_writers_csv_bytes_are_the_csv_file_of_the_same_records(tmp_path: Path) -> None:
    # the service's ?format=csv answers csv_bytes: the very bytes gik extract writes to OUT.csv
    records = [_record(3, source="-3.txt"), _record(4, source="年报.txt")]
    out = tmp_path / "out.csv"
    with RecordWriter(out, "csv", append=False) as writer:
        for record in records:
            writer.write(record)
    data = csv_bytes(records)
    assert data == out.read_bytes()
    assert data.startswith("\ufeffsource,title,agency,year,format,doc_number,".encode())
    assert data.count(b"\r\n") == 3
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert [(r["source"], r["agency"], r["year"], r["request.received"]) for r in rows] == [
        ("'-3.txt", "某县人民政府", "2017", "3"), ("年报.txt", "某县人民政府", "2017", "4")]


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "parquet"])
def test_writers_replace_puts_records_in_place_and_writing_goes_on(tmp_path: Path, output_format: str) -> None:
    out = tmp_path / f"out.{output_format}"
    with RecordWriter(out, output_format, append=False) as writer:
        writer.write(_record(1))
        writer.write(_record(2))
        new = dict(_record(1), statistics={"request.received": {"value": 10, "unit": "件"}})
        assert writer.replace({("r1.txt", _sha(1)): new, ("r5.txt", _sha(5)): _record(5)}) == 1
        assert writer.replace({("r2.txt", _sha(9)): _record(9)}) == 0   # same file, another text: not it
        writer.write(_record(3))
    if output_format == "jsonl":
        values = [json.loads(line)["statistics"]["request.received"]["value"]
                  for line in out.read_text(encoding="utf-8").splitlines()]
    elif output_format == "csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf") and out.read_bytes().count(b"\xef\xbb\xbf") == 1
        with out.open(encoding="utf-8-sig", newline="") as handle:
            values = [int(row["request.received"]) for row in csv.DictReader(handle)]
    else:
        values = pq.read_table(out).column("request.received").to_pylist()
    assert values == [10, 2, 3]
    assert not list(tmp_path.glob("*.partial"))


def test_writers_codebook_beside_out_unless_asked_not_to(tmp_path: Path) -> None:
    with RecordWriter(tmp_path / "a.jsonl", "jsonl", append=False) as writer:
        writer.write(_record(1))
    with RecordWriter(tmp_path / "b.jsonl", "jsonl", append=False, codebook=False) as writer:  # a Ray shard
        writer.write(_record(1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "a.jsonl.codebook.csv", "b.jsonl"]
    header = (tmp_path / "a.jsonl.codebook.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "column,field_id,zh,unit,type,formats,family,description"
