"""The table decoder on small tables written by hand (none copied from a report)."""

from gik_nlp.assemble.decode import AMBIGUOUS, INCONSISTENT, NOT_FOUND, Decoding, decode_tables

# 表三 (2021) with every row's cells run together, as a scraper leaves them. Column sums:
# 自然人 12 + 1 = 11 + 2; 商业企业 3 = 3; 总计 16 = 14 + 2.
ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", "123000015"),
    ("二、上年结转政府信息公开申请数量", "1000001"),
    ("三、本年度办理结果（一）予以公开", "6200008"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1000001"),
    ("（三）不予公开1.属于国家秘密", "0000000"),
    ("2.其他法律行政法规禁止公开", "0000000"),
    ("3.危及“三安全一稳定”", "0000000"),
    ("4.保护第三方合法权益", "0000000"),
    ("5.属于三类内部事务信息", "0000000"),
    ("6.属于四类过程性信息", "0000000"),
    ("7.属于行政执法案卷", "0000000"),
    ("8.属于行政查询事项", "0000000"),
    ("（四）无法提供1.本机关不掌握相关政府信息", "3100004"),
    ("2.没有现成信息需要另行制作", "0000000"),
    ("3.补正后申请内容仍不明确", "0000000"),
    ("（五）不予处理1.信访举报投诉类申请", "0000000"),
    ("2.重复申请", "1000001"),
    ("3.要求提供公开出版物", "0000000"),
    ("4.无正当理由大量反复申请", "0000000"),
    ("5.要求行政机关确认或重新出具已获取信息", "0000000"),
    ("（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0000000"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0000000"),
    ("3.其他", "0000000"),
    ("（七）总计", "113000014"),
    ("四、结转下年度继续办理", "2000002"),
]


def _values(decoding: Decoding) -> dict:
    """field id → value of the decoding's cells (cells kept as other statistics left out)."""
    return {c.field_id: c.value for c in decoding.cells if c.field_id}


def _cells(text: str) -> dict:
    return _values(decode_tables(text))


def test_run_together_table_is_read_by_its_identities():
    text = "三、收到和处理政府信息公开申请情况" + "".join(a + b for a, b in ROWS_2021) + "四、政府信息公开行政复议"
    cells = _cells(text)
    assert [cells[f"apply.new.{c}"] for c in ("natural_person", "business", "research", "nonprofit",
                                              "legal_service", "other_org", "total")] == [12, 3, 0, 0, 0, 0, 15]
    assert cells["apply.total.natural_person"] == 11 and cells["apply.total.total"] == 14
    assert cells["apply.granted.business"] == 2 and cells["apply.unable.not_held.business"] == 1
    assert len([k for k in cells if k.startswith("apply.")]) == 25 * 7


def test_a_shuffled_row_is_refused_not_guessed():
    rows = list(ROWS_2021)
    # 结转下年度 printed before (七)总计: its label is not found in order; the table's
    # identities then fail and nothing is filled from that row.
    rows[23], rows[24] = rows[24], rows[23]
    text = "".join(a + b for a, b in rows)
    cells = _cells(text)
    assert not any(k.startswith("apply.carried_out.") for k in cells)   # out of order: not read
    assert cells["apply.total.total"] == 14 and cells["apply.other.other.total"] == 0


def test_a_shuffled_row_inside_the_table_is_not_read_as_another_row():
    rows = list(ROWS_2021)
    rows[2], rows[3] = rows[3], rows[2]      # （二）部分公开 printed before （一）予以公开
    decoding = decode_tables("".join(a + b for a, b in rows))
    cells = _values(decoding)
    # 部分公开 is searched after 予以公开: the printed 部分公开 row (before it) is not taken,
    # and the column identities that need it are not checked, never satisfied by a guess
    assert cells["apply.granted.total"] == 8
    assert not any(k.startswith("apply.partly_granted.") for k in cells)
    assert any(w.startswith(NOT_FOUND) and "partly_granted" in w for w in decoding.warnings)


def test_a_reading_the_identities_do_not_single_out_is_refused():
    # 行政规范性文件 "1234": no identity ties 本年制发件数/本年废止件数/现行有效件数 together.
    text = ("第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 0 0 0行政规范性文件1234"
            "第二十条第（五）项信息内容本年处理决定数量行政许可 7第二十条第（六）项信息内容本年处理决定数量"
            "行政处罚 5行政强制 2第二十条第（八）项信息内容本年收费金额行政事业性收费 1.5")
    decoding = decode_tables(text)
    cells = _values(decoding)
    assert "disclosure.normative.made" not in cells
    assert cells["disclosure.rules.in_force"] == 0 and cells["disclosure.licensing.decisions"] == 7
    assert any(w.startswith(AMBIGUOUS) and "normative" in w for w in decoding.warnings)


def test_table4_on_one_line_run_together():
    text = ("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
            "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
            "10102120001200000 五、存在的主要问题")
    cells = _cells(text)
    assert [cells[f"review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [1, 0, 1, 0, 2]
    assert cells["litigation_direct.upheld"] == 12 and cells["litigation_direct.total"] == 12
    assert cells["litigation_after_review.total"] == 0


def test_pipe_table_keeps_blank_cells_and_placeholders():
    # a markdown table from a PDF converter: only 自然人 and 总计 hold numbers
    values = {0: ("4", "4"), 1: ("—", "0"), 2: ("3", "3"), 24: ("1", "1"), 23: ("3", "3")}
    lines = ["| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
             "|---|---|---|---|---|---|---|---|"]
    for index, (label, _) in enumerate(ROWS_2021):
        first, total = values.get(index, ("0", "0"))
        lines.append(f"| {label} | {first} |  |  |  |  |  | {total} |")
    cells = _cells("\n".join(lines))
    assert cells["apply.new.natural_person"] == 4 and cells["apply.new.total"] == 4
    assert "apply.new.business" not in cells                     # blank stays blank
    assert cells["apply.carried_in.natural_person"] is None       # a placeholder, not 0
    assert cells["apply.carried_out.total"] == 1


def test_source_inconsistency_is_reported_with_printed_values():
    rows = list(ROWS_2021)
    rows[23] = ("（七）总计", "12 3 0 0 0 0 15")   # printed with spaces: one reading, breaks 一+二 = (七)+四
    text = "".join(a + b for a, b in rows)
    decoding = decode_tables(text)
    cells = _values(decoding)
    assert cells["apply.total.total"] == 15
    assert any(w.startswith(INCONSISTENT) for w in decoding.warnings)


# A provincial 统计表 scraped flat (指标名称/计量单位/本年度/历年累计), figures made up by hand:
# 主动公开文件数 512 this year, 1700 in all; "5121700" alone reads 5/121700, 51/21700 or 512/1700.
FUJIAN = ("指标名称计量单位2016年度历年累计主动公开文件数条5121700其中：1、政府网站公开数条51217002、政府公报公开数条00"
          "受理依申请公开信息总数条39其中：1、当面申请数条022、网上申请数条133、信函、传真申请数条24"
          "对申请的答复总数条39其中：1、同意公开答复数条262、同意部分公开答复数条003、不予公开答复数条134、其他类型答复数条00"
          "接受行政申诉、举报数件00行政复议数件01行政诉讼数件00")


def test_a_figure_stated_in_prose_chooses_among_readings_the_identities_accept():
    alone = decode_tables(FUJIAN)
    cells = _values(alone)
    assert "proactive.total" not in cells and cells["review.total"] == 0 and cells["request.in_person"] == 0
    # 39 / 02 / 13 / 24 read 3/9, 0/2, 1/3, 2/4 — or, blank cells collapsed, 本年度 blank and
    # 历年累计 39 = 2 + 13 + 24: the identities accept both, so neither is read
    assert "request.received" not in cells and "request.letter" not in cells
    assert any(w.startswith(AMBIGUOUS) and "proactive.total" in w for w in alone.warnings)
    stated = decode_tables(FUJIAN, {"proactive.total": {512, 40}})
    cells = _values(stated)
    others = {c.name: c.value for c in stated.cells if not c.field_id}
    assert cells["proactive.total"] == 512 and cells["proactive.website"] == 512
    assert others["主动公开文件数（历年累计）"] == 1700
    stated = decode_tables(FUJIAN, {"proactive.total": {512}, "request.received": {3}})
    cells = _values(stated)
    assert (cells["request.received"], cells["request.online"], cells["request.letter"]) == (3, 1, 2)


# 表二 of the 2019 format, cells run together, figures made up by hand: 行政许可 120 items last
# year, 5 fewer, 300 decisions ("120-5300"); every other row 0.
TABLE2_2019 = ("第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件000"
               "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可120-5300其他对外管理服务事项000"
               "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚000行政强制000"
               "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费00"
               "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购00")


def test_a_minus_sign_stands_only_in_the_signed_column():
    # "120-5300" cuts as 120/-5/300 or 120/-530/0 (本年增/减 is signed), never 1/20/-5300 or
    # 12/0/-5300: a count of decisions is not negative — so 上一年项目数量 is read
    decoding = decode_tables(TABLE2_2019)
    cells = _values(decoding)
    assert cells["disclosure.licensing.previous_items"] == 120 and cells["disclosure.punishment.decisions"] == 0
    assert "disclosure.licensing.change" not in cells and "disclosure.licensing.decisions" not in cells


def test_the_2019_bound_refuses_a_cut_that_publishes_more_than_in_all():
    from gik_nlp.assemble.decode.fill import readings, row_ok
    from gik_nlp.assemble.decode.grid import tokens
    from gik_nlp.schema.templates import templates

    t2, cols = templates()["disclosure_2019"], ("made", "published_new", "public_total")
    # 1910: 1/9/10, 1/91/0, 19/1/0 — only the first publishes no more than it has in all
    got = readings(tokens("1910", 0, 4), 3, lambda r: row_ok(t2, cols, r))
    assert [tuple(c[0] for c in r) for r in got] == [(1, 9, 10)]


def test_table_ambiguous_names_the_cells_it_leaves_out():
    from gik_nlp.record_warnings import typed

    (warning,) = [w for w in decode_tables(TABLE2_2019).warnings if w.startswith(AMBIGUOUS)]
    assert typed(warning)["fields"] == ["disclosure.licensing.change", "disclosure.licensing.decisions"]


# 表二 of the 2021 format run together: 行政规范性文件 "4212305" is 42/1/2305, 42/12/305,
# 42/1230/5, 4/2/12305 … (14 readings); the report's prose states 42 made and 305 in force.
TABLE2_2021 = ("第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件4212305"
               "第二十条第（五）项信息内容本年处理决定数量行政许可517第二十条第（六）项信息内容本年处理决定数量"
               "行政处罚88行政强制3第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费12.5")


def test_prose_figures_of_a_several_cell_row_choose_its_reading():
    alone = {c.field_id for c in decode_tables(TABLE2_2021).cells}
    assert "disclosure.normative.made" not in alone
    stated = {"disclosure.normative.made": {42}, "disclosure.normative.in_force": {305}}
    cells = {c.field_id: (c.value, c.confidence) for c in decode_tables(TABLE2_2021, stated).cells}
    assert [cells[f"disclosure.normative.{c}"] for c in ("made", "repealed", "in_force")] == \
        [(42, 0.85), (12, 0.85), (305, 0.85)]


def test_a_stated_figure_no_reading_has_is_set_aside():
    # 393 in force fits no cut of 4212305 (prose counting after a clean-up, say): the stated 42
    # made still chooses; 废止/现行有效 stay out
    stated = {"disclosure.normative.made": {42}, "disclosure.normative.in_force": {393}}
    decoding = decode_tables(TABLE2_2021, stated)
    cells = _values(decoding)
    assert cells["disclosure.normative.made"] == 42 and "disclosure.normative.in_force" not in cells


# --- excerpts cut by their end (docs/spec/annotation.md "Openings", D12) -------------------

APPLY_HEAD = ("三、收到和处理政府信息公开申请情况\n"
              "一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |\n"
              "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
              "三、本年度办理结果 | （一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |\n")


def test_a_table_cut_by_the_end_is_read_up_to_the_cut():
    # four rows of 25 printed, the last cut after its fourth cell (no delimiter after it)
    text = APPLY_HEAD + "（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 "
    cells = _cells(text)
    assert cells["apply.new.total"] == 4 and cells["apply.carried_in.natural_person"] == 0
    assert cells["apply.granted.total"] == 3
    # the cut row: the cells followed by their delimiter, not the last one (it could be cut: 0 of 03?)
    assert [cells.get(f"apply.partly_granted.{c}") for c in ("natural_person", "business", "research",
                                                             "nonprofit")] == [1, 0, 0, None]
    assert len([k for k in cells if k.startswith("apply.")]) == 7 * 3 + 3


def test_a_cut_row_ending_with_its_delimiter_keeps_every_cell():
    text = APPLY_HEAD + "（二）部分公开 | 1 | 0 | 0 | 0 | 0 | 0 |"
    cells = _cells(text)
    assert [cells.get(f"apply.partly_granted.{c}") for c in ("legal_service", "other_org", "total")] == [0, 0, None]


def test_a_table_cut_inside_the_next_label_keeps_its_last_row():
    cells = _cells(APPLY_HEAD + "（二")
    assert cells["apply.granted.natural_person"] == 2 and cells["apply.granted.total"] == 3


def test_a_complete_last_row_its_identity_proves_is_kept_at_the_end():
    # spaces only; the text ends with the row's 总计, which its row identity proves (3 + 1 = 4)
    text = ("本年新收政府信息公开申请数量 3 1 0 0 0 0 4\n上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
            "予以公开 2 1 0 0 0 0 3\n部分公开 1 0 0 0 0 0 1")
    cells = _cells(text)
    assert cells["apply.partly_granted.total"] == 1 and cells["apply.partly_granted.natural_person"] == 1


def test_a_table_that_goes_on_after_few_rows_is_not_taken_as_cut():
    # the same four rows followed by prose with figures: not an excerpt's end, too few rows
    text = APPLY_HEAD + "（二）部分公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n四、其他情况：本年度收到申请4件。"
    assert not any(k.startswith("apply.") for k in _cells(text))


def test_labels_with_long_notes_and_converted_words():
    # a mirror converted 文件 to 档案; the form's explanations follow labels and headers, and one
    # of them lists later rows' names (行政处罚、行政强制) before their own rows
    note = "（指行政许可以外的政务服务事项，含行政确认、行政奖励、行政裁决、行政处罚、行政强制、行政检查和其他类事项）"
    text = ("第二十条第（一）项\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n"
            "规章 | 0 | 0 | 0 |\n"
            "规范性档案（行政机关制定发布的决定、公告、通告、意见、通知，以及标题采用规定办法细则等字样的公文）"
            " | 2 | 2 | 19 |\n"
            "第二十条第（五）项\n信息内容 | 上一年项目数量（指上一年的事项数） | 本年增/减（减用负值表示，如-8） | 处理决定数量\n"
            "行政许可 | 8 | 5 | 93 |\n其他对外管理服务事项" + note + " | 117 | 0 | 165 |\n"
            "第二十条第（六）项\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量\n"
            "行政处罚 | 90 | 0 | 22 |\n行政强制 | 4 | 4 | - |\n"
            "第二十条第（八）项\n行政事业性收费 | 3 | 0 |\n"
            "第二十条第（九）项\n政府集中采购 | 5 | 12.5 |\n四、收到和处理政府信息公开申请情况")
    cells = _cells(text)
    assert cells["disclosure.normative.public_total"] == 19
    assert cells["disclosure.other_services.decisions"] == 165 and cells["disclosure.punishment.previous_items"] == 90
    assert cells["disclosure.coercion.change"] == 4 and cells["disclosure.coercion.decisions"] is None  # "-": no value


def test_the_template_whose_columns_fit_wins_a_tie():
    # a 2021 表二 (one cell per 处理决定 row): the 2019 template reads it too, with blank cells
    text = ("| 第二十条第（一）项 | |||\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
            "| 规章 | 2 | 0 | 2 |\n| 行政规范性文件 | 2 | 0 | 2 |\n| 第二十条第（五）项 | |||\n"
            "| 信息内容 | 本年处理决定数量 | ||\n| 行政许可 | 0 | ||\n| 第二十条第（六）项 | |||\n"
            "| 信息内容 | 本年处理决定数量 | ||\n| 行政处罚 | 9 | ||\n| 行政强制 | 0 | ||\n"
            "| 第二十条第（八）项 | |||\n| 信息内容 | 本年收费金额（单位：万元） | ||\n| 行政事业性收费 | 0 | ||\n"
            "三、收到和处理政府信息公开申请情况")
    cells = _cells(text)
    assert cells["disclosure.rules.repealed"] == 0 and cells["disclosure.punishment.decisions"] == 9
    assert "disclosure.punishment.previous_items" not in cells and "disclosure.rules.published_new" not in cells


def test_printed_column_headers_choose_the_template_one_cell_a_line():
    # a 2021 表二 printed one cell a line and cut inside its second row: the 2019 template reads
    # the same cells, but only 2021's headers (本年废止件数, 现行有效件数) are printed
    text = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
            "规章\n0\n1\n5\n行政规范性文件\n2\n0\n")
    cells = _cells(text)
    assert cells["disclosure.rules.in_force"] == 5 and cells["disclosure.rules.repealed"] == 1
    assert cells["disclosure.normative.made"] == 2 and cells["disclosure.normative.repealed"] == 0
    assert "disclosure.normative.in_force" not in cells and "disclosure.rules.public_total" not in cells


def test_a_2021_table_cut_short_is_not_read_by_the_2019_template_with_a_row_more() -> None:
    """表二 (2021) one cell per line, cut inside its last row (an excerpt): the 2019 template reads
    as many labels plus a row (其他对外管理服务事项) that is not printed; the 2021 one reads more cells."""
    text = ("二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
            "规章\n0\n0\n1\n行政规范性文件\n2\n0\n5\n第二十条第(五)项\n信息内容\n本年处理决定数量\n行政许可\n7\n"
            "第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n3\n行政强制\n0")
    (table,) = decode_tables(text).tables
    assert table.template.name == "disclosure_2021"
    assert {c.field_id: c.value for c in table.cells if c.field_id and "normative" in c.field_id} == {
        "disclosure.normative.made": 2, "disclosure.normative.repealed": 0, "disclosure.normative.in_force": 5}
