"""Tables, the results section of the README, and the comparison of two models."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from gik_nlp.evaluate.compare import compare, comparison_table
from gik_nlp.evaluate.errors import FieldError
from gik_nlp.evaluate.crossval import Fold, summarize
from gik_nlp.evaluate.metrics import PRF, FieldOutcome
from gik_nlp.evaluate.report import (README_END, README_START, ReportError, by_group_table, curve_table,
                                     evaluation_tables, readme_section, replace_section, results_document,
                                     results_table, table)
from gik_nlp.evaluate.score import DocumentResult, Evaluation


def _doc(doc_id: str, fmt: str, spans: dict[str, PRF] | None, *outcomes: FieldOutcome) -> DocumentResult:
    return DocumentResult(doc_id, fmt, "real", spans, tuple(outcomes))


EV = Evaluation("held out", (
    _doc("a", "pre2019", {"AGENCY": PRF(1, 0, 0), "DATE": PRF(0, 1, 1)},
         FieldOutcome("agency", "县", "县", tp=1), FieldOutcome("request.received", 3, 4, fp=1, fn=1)),
    _doc("b", "2021", None, FieldOutcome("year", 2021, 2021, tp=1),
         FieldOutcome("apply.new.total", 5, 5, tp=1)),
), model="m1")


@pytest.mark.parametrize("rows,expected", [
    ([["收到申请数", "0.5"]], "name         F1\n收到申请数  0.5"),  # CJK counts double
])
def test_report_table_aligns_wide_characters(rows: list, expected: str) -> None:
    assert table(["name", "F1"], rows) == expected


@pytest.mark.parametrize("markdown", [False, True])
def test_report_evaluation_tables_show_every_part(markdown: bool) -> None:
    text = evaluation_tables(EV, markdown=markdown)
    for part in ("span label (strict)", "record field", "statistics family", "headline statistic",
                 "format", "AGENCY", "request.received", "apply"):
        assert part in text
    assert "0.500" in text  # span micro: AGENCY 1/0/0 + DATE 0/1/1 → P = R = F1 = 0.5
    assert ("| span label (strict) |" in text) is markdown


@pytest.mark.parametrize("markers", [True, False])
def test_report_replace_section_between_markers(tmp_path: Path, markers: bool) -> None:
    readme = tmp_path / "README.md"
    body = f"# x\n\n{README_START}\nold\n{README_END}\n\ntail\n" if markers else "# x\n"
    readme.write_text(body, encoding="utf-8")
    if not markers:
        with pytest.raises(ReportError, match="README.md: no results section"):
            replace_section(readme, "new")
        return
    replace_section(readme, "new table")
    assert readme.read_text(encoding="utf-8") == f"# x\n\n{README_START}\nnew table\n{README_END}\n\ntail\n"
    replace_section(readme, "again")  # idempotent: markers kept
    assert "again" in readme.read_text(encoding="utf-8") and "new table" not in readme.read_text(encoding="utf-8")


FOLDS = [Fold("a", Evaluation("fold a", (EV.documents[0],), model="m"), 10.0),
         Fold("b", Evaluation("fold b", (EV.documents[1],), model="m"), 12.0)]


@pytest.mark.parametrize("expected_span_mean", [0.5])
def test_report_results_table_with_crossval(expected_span_mean: float) -> None:
    summary = summarize(FOLDS)
    # span micro only in fold a (b has no gold spans): n = 1
    assert summary["micro"]["spans"] == {"mean": expected_span_mean, "std": 0.0, "n": 1,
                                         "pooled": PRF(1, 1, 1).to_dict()}
    assert summary["fields"]["agency"]["n"] == 1 and summary["micro"]["records"]["n"] == 2
    text = results_table([EV], [{"config": "training/cv.yaml", "summary": summary}])
    assert "real, leave-one-out, cv (2 folds, mean ± std)" in text
    # the held-out set leads, one column for its two formats; the leave-one-out columns follow
    assert "| F1 | held out (n=2) | real, leave-one-out, cv (2 folds, mean ± std) |" in text
    assert "| span micro | 0.500 | 0.50 ± 0.00 |" in text


@pytest.mark.parametrize("command", ["gik evaluate --model models/default"])
def test_report_readme_and_results_document(command: str) -> None:
    crossval = {"config": "training/cv.yaml", "command": "c", "created": "2026-01-01", "summary": summarize(FOLDS)}
    curve = {"held_out_format": "2021", "points": [
        {"k": 0, "sets": {"real 2021": {"documents": 2, "span_f1": None, "record_f1": 0.25}}},
        {"k": 1, "sets": {"real 2021": {"documents": 2, "span_f1": None, "record_f1": 0.5}}}]}
    section = readme_section([EV], command, [crossval], [curve], {"chars_per_s": 12345, "peak_rss_mb": 700.5})
    assert command in section and "`m1`" in section and "chars_per_s: 12,345" in section
    assert "| 1 | records 0.50 |" in curve_table(curve)
    document = results_document([EV], command, [crossval], [curve])
    assert "## Cross-validation" in document and "## Learning curve" in document
    assert "| held out | train s | span F1 | record F1 |" in document


@pytest.mark.parametrize("delta", [0.5])
def test_report_compare_two_models(delta: float) -> None:
    better = Evaluation("held out", (
        _doc("a", "pre2019", {"AGENCY": PRF(1, 0, 0), "DATE": PRF(1, 0, 0)},
             FieldOutcome("agency", "县", "县", tp=1), FieldOutcome("request.received", 3, 3, tp=1)),
        EV.documents[1]), model="m2")
    rows = {(r.group, r.key): r for r in compare(EV, better)}
    assert rows[("span", "micro")].delta == pytest.approx(1.0 - 0.5)
    assert rows[("span", "DATE")].delta == pytest.approx(1.0)
    assert rows[("field", "year")].delta == pytest.approx(0.0)
    assert rows[("headline", "request.received")].delta == pytest.approx(1.0)
    text = comparison_table(list(rows.values()), "A", "B")
    assert "+0.500" in text
    with pytest.raises(ValueError, match="different documents"):
        compare(EV, Evaluation("other", EV.documents[:1]))


def test_skipped_notes_read_the_kind_and_folders_not_the_reason() -> None:
    # the reason is a sentence for a person; the note is built from the data the Skipped carries
    from gik_nlp.evaluate.gold import Skipped
    from gik_nlp.evaluate.report import skipped_notes

    ev = Evaluation("s", skipped=(
        Skipped("o-1", "its text is not on this machine", "text_missing", ("/t/openings", "/u/openings")),
        Skipped("o-2", "not here either", "text_missing", ("/t/openings", "/u/openings")),
        Skipped("r", "eval/gold/r.json: the report r.pdf is not on this machine", "report_missing")))
    assert skipped_notes(ev) == [
        "skipped 2 document(s) whose text is missing (looked in /t/openings, /u/openings; give --texts ROOT=DIR "
        "or $GIK_TEXTS): o-1, o-2",
        "skipped r: eval/gold/r.json: the report r.pdf is not on this machine"]


def test_skipped_refuses_an_unknown_kind() -> None:
    from gik_nlp.evaluate.gold import Skipped

    with pytest.raises(ValueError, match="unknown Skipped kind 'lost'"):
        Skipped("x", "why", "lost")


def test_report_by_group_table_scores_each_value() -> None:
    # a: spans tp 1 fp 1 fn 1; agency right; request.received wrong (fp 1, fn 1). b: both fields right.
    docs = tuple(dataclasses.replace(d, groups={"year band": band})
                 for d, band in zip(EV.documents, ("2019-2020", "2021-")))
    ev = dataclasses.replace(EV, documents=docs)
    assert by_group_table(ev, "year band") == (
        "year band  docs  span F1  record fields F1  statistics F1  all fields F1\n"
        "2019-2020     1    0.500             1.000          0.000          0.500\n"
        "2021-         1        —             1.000          1.000          1.000")
    assert "year band" not in evaluation_tables(EV)  # no document has one
    assert "| 2021- | 1 | — | 1.000 | 1.000 | 1.000 |" in evaluation_tables(ev, markdown=True)


@pytest.mark.parametrize("name, split, listed", [
    ("real test split", "test", False), ("real dev split", "dev", True), ("real reports (eval/gold)", "", True),
    ("corpus, noise one_line", "test", False),  # a test document chosen by --docs, under a noise
])
def test_report_results_document_lists_no_error_of_the_test_split(name: str, split: str, listed: bool) -> None:
    error = FieldError("openings-z001", "request.received", "wrong", 3, 4)
    doc = dataclasses.replace(EV.documents[0], errors=(error,), split=split)
    document = results_document([dataclasses.replace(EV, name=name, documents=(doc,))], "gik evaluate")
    assert ("openings-z001" in document) is listed
    assert ("Errors: 1, not listed" in document) is not listed
