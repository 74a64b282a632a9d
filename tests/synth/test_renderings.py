"""Synthetic table renderings: the decoder agrees with their gold (bench/tables_synth.py runs 200 each)."""

import pytest

from gik_nlp.assemble.decode import decode_tables
from gik_nlp.synth.renderings import RENDERINGS, synthetic_tables

#: Renderings whose text cannot say which column a collapsed blank stood in: the decoder
#: must refuse those cells, never guess them. None now: collapsed_blanks collapses only rows
#: whose numbers the identities can place (synth/renderings.py), as a real collapsed row does.
LOSSY: set[str] = set()


def _agreement(rendering: str, n: int) -> tuple[int, int, int]:
    cells = agree = wrong = 0
    for text, gold in synthetic_tables(rendering, n, seed=7):
        got = {c.field_id: c.value for c in decode_tables(text).cells if c.field_id and c.value is not None}
        for field_id, value in gold.items():
            cells += 1
            if field_id in got:
                if abs(got[field_id] - value) < 1e-6:
                    agree += 1
                else:
                    wrong += 1
    return cells, agree, wrong


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
def test_decoder_agrees_with_synthetic_gold(rendering):
    cells, agree, wrong = _agreement(rendering, 4)
    assert cells > 0 and wrong == 0
    if rendering not in LOSSY:
        assert agree / cells >= 0.995


def test_renderings_are_reproducible_and_have_gold():
    first = synthetic_tables("run_together", 2, seed=3)
    assert first == synthetic_tables("run_together", 2, seed=3)
    text, gold = first[0]
    assert "本年新收政府信息公开申请数量" in text and "apply.new.total" in gold and "review.total" in gold


def test_a_rendering_of_one_format_prints_only_that_format():
    # table2_2021_no_header is the 2021 表二: its fees row has the amount, not the 2019 item counts
    for text, gold in synthetic_tables("table2_2021_no_header", 5, seed=1):
        assert "disclosure.fees.amount" in gold and "disclosure.fees.previous_items" not in gold


@pytest.mark.slow
@pytest.mark.parametrize("rendering", sorted(set(RENDERINGS) - LOSSY))
def test_decoder_agrees_on_200_per_rendering(rendering):
    cells, agree, wrong = _agreement(rendering, 200)
    assert wrong == 0 and agree / cells >= 0.995


# --- whole synthetic reports (gik synth --table-rendering): gold spans on the rendered cells ---

from dataclasses import replace  # noqa: E402

from gik_nlp.assemble.fields import simplified  # noqa: E402
from gik_nlp.assemble.numbers import parse_quantity  # noqa: E402
from gik_nlp.synth import SynthConfig, generate  # noqa: E402
from gik_nlp.synth.config import with_table_rendering  # noqa: E402
from gik_nlp.synth.renderings import PARTS  # noqa: E402

#: The fields of each table a rendering prints ("t2" 表二, "t3" 表三, "t4" 表四).
TABLE_FIELDS = {"t2": ("disclosure.",), "t3": ("apply.",), "t4": ("review.", "litigation_direct.",
                                                                 "litigation_after_review.")}


def _national(rendering: str) -> SynthConfig:
    # the config `gik synth --table-rendering` uses, the two national formats in equal shares
    config = SynthConfig.from_dict({"formats": {"national_2019": 1, "national_2021": 1},
                                    "noise": {"inconsistent_table": 0}})
    return with_table_rendering(config, rendering)


@pytest.mark.parametrize("rendering", sorted(PARTS))
def test_synthetic_reports_in_each_rendering_have_gold_spans_the_decoder_reads_back(rendering):
    docs = generate(4, 11, _national(rendering))
    rendered = [d for d in docs if any(rendering in n and "synth/renderings.py" in n for n in d.notes)]
    assert len(rendered) >= 2
    prefixes = tuple(p for part in PARTS[rendering] for p in TABLE_FIELDS[part])
    cells = agree = 0
    for doc in rendered:
        # read as the pipeline reads it: in simplified characters (a traditional copy is noise)
        got = {c.field_id: c.value for c in decode_tables(simplified(doc.text)).cells
               if c.field_id and c.value is not None}
        values = {s.start: s for s in doc.spans if s.label == "STAT_VALUE"}
        for field_id, stat in doc.record["statistics"].items():
            if not field_id.startswith(prefixes) or stat.get("derived"):
                continue
            start, end = stat["evidence"]["value"]
            # the gold span covers the printed cell, which says the gold value
            assert start in values and values[start].end == end, (doc.id, field_id)
            assert abs(parse_quantity(doc.text[start:end]).value - stat["value"]) < 1e-6, (doc.id, field_id)
            cells += 1
            if field_id in got:
                assert abs(got[field_id] - stat["value"]) < 1e-6, (doc.id, field_id)   # never wrong
                agree += 1
    assert cells > 0
    if rendering not in LOSSY:
        assert agree / cells >= 0.995


def test_default_reports_print_no_rendering():
    # the rate is 0 by default: `gik synth` without --table-rendering writes what it wrote before
    assert SynthConfig().noise.national_table_renderings == 0
    assert not any("synth/renderings.py" in n for d in generate(6, 3) for n in d.notes)


def test_an_unknown_table_rendering_is_refused():
    from gik_nlp.synth.config import SynthConfigError

    with pytest.raises(SynthConfigError, match="nope"):
        replace(SynthConfig(), table_rendering="nope")
