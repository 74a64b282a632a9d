"""Types round-trip through their dict form: the JSON contract of record.md."""

from __future__ import annotations

import pytest

from gik_nlp.types import RECORD_KEYS, DocNumber, Document, Period, ReportRecord, Span, Statistic


@pytest.mark.parametrize("record", [
    ReportRecord(source="a.txt"),
    ReportRecord(
        source="001.txt", title="西吉县人民政府关于2016年政府信息公开工作年度报告", agency="西吉县人民政府",
        year=2016, format="pre2019",
        doc_number=DocNumber("西政发〔2017〕12号", "西政发〔2017〕12号", "西政发", 2017, 12),
        published="2017-01-19", period=Period("2016-01-01", "2016-12-31"),
        statistics={"request.received": Statistic(200, "件", False, 0.97, {"name": [1, 5], "value": [6, 9]})},
        warnings=("x",), spans=(Span(0, 3, "AGENCY", "西吉县", 0.9),), text_sha256="ab", model="m"),
])
def test_types_record_round_trip(record: ReportRecord) -> None:
    data = record.to_dict()
    assert tuple(data) == RECORD_KEYS
    assert ReportRecord.from_dict(data) == record


@pytest.mark.parametrize("offset_map,span,expected", [((), (1, 3), (1, 3)), ((0, 2, 3, 4), (1, 3), (2, 4))])
def test_types_document_maps_offsets_back(offset_map, span, expected) -> None:
    doc = Document("d", "d.txt", "abc", offset_map)
    assert doc.original_offsets(*span) == expected
