"""decode/series.py: consecutive reports of one body choose each other's run-together readings."""

from pathlib import Path

from gik_nlp.assemble.decode import AMBIGUOUS, SERIES, SERIES_CONFIDENCE, decode_tables
from gik_nlp.assemble.decode.series import series_limits
from gik_nlp.record_warnings import typed

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "series"   # made up by hand: see its README.md
EARLIER = (FIXTURES / "qingshi-2019.txt").read_text(encoding="utf-8")
LATER = (FIXTURES / "qingshi-2020.txt").read_text(encoding="utf-8")


LICENSING = ("disclosure.licensing.previous_items", "disclosure.licensing.change", "disclosure.licensing.decisions")
COERCION = ("disclosure.coercion.previous_items", "disclosure.coercion.change", "disclosure.coercion.decisions")


def _cells(decoding):
    return {c.field_id: (c.value, c.confidence) for c in decoding.cells if c.field_id}


def test_alone_the_run_together_rows_are_left_out():
    cells = _cells(decode_tables(EARLIER))
    assert not any(f in cells for f in LICENSING + COERCION)
    assert cells["disclosure.punishment.change"] == (-1, 1.0)


def test_a_chain_that_singles_out_one_reading_fills_it():
    for_earlier, for_later = series_limits(decode_tables(EARLIER), decode_tables(LATER), "2019", "2020")
    decoding = decode_tables(EARLIER, series=for_earlier)
    cells = _cells(decoding)
    assert [cells[f] for f in LICENSING] == [(52, SERIES_CONFIDENCE), (0, SERIES_CONFIDENCE), (3110, SERIES_CONFIDENCE)]
    (warning,) = [w for w in decoding.warnings if w.startswith(SERIES)]
    assert "read with 2020" in warning   # the other report, as the caller names it
    assert typed(warning)["kind"] == "table-series" and typed(warning)["fields"] == list(LICENSING)
    # the later report's rows printed one number a cell are read as before
    assert _cells(decode_tables(LATER, series=for_later))["disclosure.licensing.change"] == (-3, 1.0)


def test_a_chain_that_leaves_two_readings_fills_nothing():
    for_earlier, for_later = series_limits(decode_tables(EARLIER), decode_tables(LATER))
    (limit,) = [x for x in for_earlier if x.row == "coercion"]
    assert limit.values == {(34, 0, 15), (340, 1, 5)}
    for text, limits in ((EARLIER, for_earlier), (LATER, for_later)):
        decoding = decode_tables(text, series=limits)
        assert not any(f in _cells(decoding) for f in COERCION)
        (warning,) = [w for w in decoding.warnings if w.startswith(AMBIGUOUS)]
        assert set(COERCION) <= set(typed(warning)["fields"])


def test_rows_that_chain_with_no_reading_get_no_limit():
    # year N+1 printing 行政许可 60 …: no cut of 5203110 adds up to 60 — the chain says nothing
    later = LATER.replace("行政许可 52 -3 17", "行政许可 60 -3 17")
    assert later != LATER
    for_earlier, _ = series_limits(decode_tables(EARLIER), decode_tables(later))
    assert "licensing" not in {x.row for x in for_earlier}
