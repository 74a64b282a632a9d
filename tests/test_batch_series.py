"""batch_series.py: which records of a batch chain, and what chaining gives."""

from pathlib import Path

import pytest

from gik_nlp.batch_series import chain_series, series_pairs


def _record(agency, year, fmt="2019", ambiguous=True):
    return {"agency": agency, "year": year, "format": fmt, "statistics": {},
            "warnings": [{"kind": "table-ambiguous", "fields": [], "message": "table-ambiguous: 表二"}] if ambiguous else []}


def test_only_one_agencys_consecutive_2019_reports_chain():
    records = [_record("青石县人民政府", 2019), _record("青石县人民政府", 2020), _record("白水县人民政府", 2021),
               _record("青石县人民政府", 2022), _record("青石县人民政府", 2023, fmt="2021"), _record(None, 2018)]
    assert series_pairs(records) == [(0, 1)]
    # different agencies, non-consecutive years: nothing
    assert series_pairs([_record("青石县人民政府", 2019), _record("白水县人民政府", 2020)]) == []
    assert series_pairs([_record("青石县人民政府", 2019), _record("青石县人民政府", 2021)]) == []
    # nothing left out on either side: nothing to prove
    assert series_pairs([_record("甲", 2019, ambiguous=False), _record("甲", 2020, ambiguous=False)]) == []
    # two records of one body for one year: which is its report is not known
    assert series_pairs([_record("甲", 2019), _record("甲", 2019), _record("甲", 2020)]) == []


def _extract(paths, model_dir):
    from gik_nlp.pipeline import extract_one
    from gik_nlp.tagging import load_tagger

    tagger = load_tagger(model_dir)
    return tagger, [extract_one(p, tagger)["record"] for p in paths]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("second_agency, second_year, chained", [
    ("青石县人民政府", 2020, True),
    ("白水县人民政府", 2020, False),   # another body's report
    ("青石县人民政府", 2021, False),   # not the year after
])
def test_chain_series_fills_only_what_a_consecutive_report_of_the_body_proves(
        series_report, tmp_path, model_dir, second_agency, second_year, chained):
    paths = [_write(tmp_path, "a.txt", series_report("青石县人民政府", 2019)),
             _write(tmp_path, "b.txt", series_report(second_agency, second_year, later=True))]
    tagger, records = _extract(paths, model_dir)
    assert [(r["agency"], r["year"], r["format"]) for r in records] == [
        ("青石县人民政府", 2019, "2019"), (second_agency, second_year, "2019")]
    new = chain_series(records, tagger)
    if not chained:
        assert new == {}
        return
    assert list(new) == [0]   # the later report gains nothing: its 行政强制 still has 3 readings
    stats = new[0]["statistics"]
    assert [stats[f"disclosure.licensing.{c}"]["value"] for c in ("previous_items", "change", "decisions")] == [52, 0, 3110]
    assert "disclosure.coercion.previous_items" not in stats
    kinds = [w["kind"] for w in new[0]["warnings"]]
    assert "table-series" in kinds and "table-ambiguous" in kinds


def test_a_report_changed_since_keeps_its_record(series_report, tmp_path, model_dir):
    paths = [_write(tmp_path, "a.txt", series_report("青石县人民政府", 2019)),
             _write(tmp_path, "b.txt", series_report("青石县人民政府", 2020, later=True))]
    tagger, records = _extract(paths, model_dir)
    paths[0].write_text(series_report("青石县人民政府", 2019) + "\n附：", encoding="utf-8")
    assert chain_series(records, tagger) == {}
