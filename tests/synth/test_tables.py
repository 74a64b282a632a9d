"""Tests of gik_nlp.synth.tables: 表二 prints the rows and columns of its year's form (schema/templates.yaml)."""

from __future__ import annotations

import random

import pytest

from gik_nlp.synth.agencies import sample_agency
from gik_nlp.synth.config import SynthConfig
from gik_nlp.synth.report import Report
from gik_nlp.synth.tables import table2

#: Every 表二 cell of both forms, each with a value of its own (so a printed value names its cell).
VALUES = {
    "disclosure.rules.made": 11, "disclosure.rules.published_new": 12, "disclosure.rules.public_total": 13,
    "disclosure.rules.repealed": 14, "disclosure.rules.in_force": 15,
    "disclosure.normative.made": 21, "disclosure.normative.published_new": 22,
    "disclosure.normative.public_total": 23, "disclosure.normative.repealed": 24, "disclosure.normative.in_force": 25,
    "disclosure.licensing.previous_items": 31, "disclosure.licensing.change": 0, "disclosure.licensing.decisions": 33,
    "disclosure.other_services.previous_items": 41, "disclosure.other_services.change": 0,
    "disclosure.other_services.decisions": 43,
    "disclosure.punishment.previous_items": 51, "disclosure.punishment.change": 0, "disclosure.punishment.decisions": 53,
    "disclosure.coercion.previous_items": 61, "disclosure.coercion.change": 0, "disclosure.coercion.decisions": 63,
    "disclosure.fees.previous_items": 71, "disclosure.fees.change": 0, "disclosure.fees.amount": 7.5,
    "disclosure.procurement.items": 81, "disclosure.procurement.amount": 82,
}


def _block(fmt: str, item: str) -> list[list[str]]:
    """The cell texts of the rows of 表二's block of 第二十条 ``item``, from its item row to the next."""
    rng = random.Random(5)
    report = Report(rng, SynthConfig(), int(fmt), fmt, f"national_{fmt}", sample_agency(rng, int(fmt), "gov"))
    rows = [[cell.text for cell in row] for row in table2(report, dict(VALUES), fmt).rows]
    starts = [i for i, row in enumerate(rows) if len(row) == 1 and row[0].startswith("第二十条")]
    begin = next(i for i in starts if item in rows[i][0].replace("(", "（").replace(")", "）"))
    end = min([i for i in starts if i > begin] + [len(rows)])
    return rows[begin + 1:end]


@pytest.mark.parametrize("fmt,header,fees", [
    # the 2019 form: 行政事业性收费 has 上一年项目数量 and 本年增/减, no amount column
    ("2019", ["信息内容", "上一年项目数量", "本年增/减"], ["行政事业性收费", "71", "0"]),
    # the 2021 form: only 本年收费金额
    ("2021", ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "7.5"]),
])
def test_tables_table2_fees_print_the_forms_columns(fmt, header, fees):
    # a new Report carries no noise: values print as given (change 0 takes no sign)
    assert _block(fmt, "（八）") == [header, fees]


@pytest.mark.parametrize("fmt,item,block", [
    ("2019", "（五）", [["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "31", "0", "33"],
                      ["其他对外管理服务事项", "41", "0", "43"]]),
    ("2019", "（九）", [["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "81", "82"]]),
    ("2021", "（五）", [["信息内容", "本年处理决定数量"], ["行政许可", "33"]]),
])
def test_tables_table2_other_blocks_keep_their_columns(fmt, item, block):
    assert _block(fmt, item) == block


def test_tables_table2_2019_registers_no_fee_amount():
    rng = random.Random(5)
    report = Report(rng, SynthConfig(), 2019, "2019", "national_2019", sample_agency(rng, 2019, "gov"))
    table2(report, dict(VALUES), "2019")
    fields = {m.field for m in report.mentions}
    assert "disclosure.fees.amount" not in fields
    assert {"disclosure.fees.previous_items", "disclosure.fees.change", "disclosure.procurement.amount"} <= fields
