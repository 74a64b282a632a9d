from __future__ import annotations

import pytest

from gik_nlp.assemble.pairing import Pairing
from gik_nlp.assemble.statistics import resolve_statistics

TEXT = "政府公报21期，总访问量2645万人次。2020年共收到政府信息公开申请70件，其中予以公开21件。"


def _prose(name: str, value: str, occurrence: int = 0) -> Pairing:
    at = [i for i in range(len(TEXT)) if TEXT.startswith(value, i)][occurrence]
    return Pairing("request.received", name, (TEXT.index(name), TEXT.index(name) + len(name)),
                   (at, at + len(value)), value, "", 0.5, "prose")


@pytest.mark.parametrize("pairings,expected", [
    # a name mistaken for the field: its figure counts issues (期), not requests; the one in 件 is taken
    ([_prose("政府公报", "21期"), _prose("收到政府信息公开申请", "70件")], 70),
    # the first figure of a unit the field counts in is kept, as before (none has a unit it cannot)
    ([_prose("收到政府信息公开申请", "70件"), _prose("政府公报", "21件")], 70),
    # a figure in an odd unit is still the field's when it is the only one
    ([_prose("政府公报", "21期")], 21),
])
def test_statistics_prose_figure_counted_in_the_fields_kind_of_unit_first(pairings, expected):
    statistics, _, _ = resolve_statistics(TEXT, pairings, [], "2019")
    assert statistics["request.received"].value == expected
