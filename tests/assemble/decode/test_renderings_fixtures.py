"""One small hand-written fixture per table rendering (none copied from a report).

表三 fixtures share one set of figures (written out below, balanced by hand): 自然人 new 5,
carried in 1, granted 3, 本机关不掌握 2, total 5, carried out 1; 商业企业 new 2, granted 1,
部分公开 1, total 2; every other cell 0.
"""

from gik_nlp.assemble.decode import AMBIGUOUS, decode_tables

LABELS = [
    ("new", "一、本年新收政府信息公开申请数量"), ("carried_in", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果（一）予以公开"), ("partly_granted", "（二）部分公开"),
    ("refused.state_secret", "（三）不予公开1.属于国家秘密"), ("refused.law_prohibited", "2.其他法律行政法规禁止公开"),
    ("refused.three_safety_one_stability", "3.危及“三安全一稳定”"), ("refused.third_party", "4.保护第三方合法权益"),
    ("refused.internal_affairs", "5.属于三类内部事务信息"), ("refused.process_info", "6.属于四类过程性信息"),
    ("refused.enforcement_files", "7.属于行政执法案卷"), ("refused.query", "8.属于行政查询事项"),
    ("unable.not_held", "（四）无法提供1.本机关不掌握相关政府信息"), ("unable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unable.unclear", "3.补正后申请内容仍不明确"), ("unprocessed.petition", "（五）不予处理1.信访举报投诉类申请"),
    ("unprocessed.repeated", "2.重复申请"), ("unprocessed.publication", "3.要求提供公开出版物"),
    ("unprocessed.mass_repeated", "4.无正当理由大量反复申请"),
    ("unprocessed.confirm", "5.要求行政机关确认或重新出具已获取信息"), ("other", "（六）其他处理"),
    ("total", "（七）总计"), ("carried_out", "四、结转下年度继续办理"),
]
ROWS = {"new": "5 2 0 0 0 0 7", "carried_in": "1 0 0 0 0 0 1", "granted": "3 1 0 0 0 0 4",
        "partly_granted": "0 1 0 0 0 0 1", "unable.not_held": "2 0 0 0 0 0 2", "total": "5 2 0 0 0 0 7",
        "carried_out": "1 0 0 0 0 0 1"}
ZEROS = "0 0 0 0 0 0 0"


def _row(rid: str, sep: str = " ") -> str:
    return ROWS.get(rid, ZEROS).replace(" ", sep)


def _filled(text: str) -> dict:
    return {c.field_id: c.value for c in decode_tables(text).cells if c.field_id and c.value is not None}


def _assert_table3(cells: dict) -> None:
    assert cells["apply.new.natural_person"] == 5 and cells["apply.new.business"] == 2
    assert cells["apply.new.total"] == 7 and cells["apply.carried_out.natural_person"] == 1
    assert cells["apply.partly_granted.business"] == 1 and cells["apply.unable.not_held.total"] == 2
    assert len([k for k in cells if k.startswith("apply.")]) == 23 * 7


def test_table3_header_lost_or_mislabelled():
    text = "申请人情况 法人 其他组织 合计\n" + "\n".join(f"{label} {_row(rid)}" for rid, label in LABELS)
    _assert_table3(_filled(text))


def test_table3_split_over_two_tables_with_a_wrong_header():
    lines = [f"{label}\t{_row(rid, chr(9))}" for rid, label in LABELS]
    lines.insert(12, "申请人情况\t自然人\t企业\t合计")
    _assert_table3(_filled("\n".join(lines)))


def test_header_words_split_by_spaces_and_a_page_marker():
    lines = [(" ".join(label) if index % 3 == 0 else label) + " " + _row(rid) for index, (rid, label) in enumerate(LABELS)]
    lines.insert(9, "- 3 -")
    _assert_table3(_filled("\n".join(lines)))


def test_sub_row_after_an_empty_merged_cell():
    lines = []
    for rid, label in LABELS:
        lead = "\t" if label[0].isdigit() else ""
        lines.append(f"{lead}{label}\t{_row(rid, chr(9))}")
    _assert_table3(_filled("\n".join(lines)))


def test_units_inside_cells():
    lines = [label + "\t" + "\t".join(v + "件" for v in _row(rid).split()) for rid, label in LABELS]
    _assert_table3(_filled("\n".join(lines)))


def test_cells_run_together():
    _assert_table3(_filled("".join(label + _row(rid, "") for rid, label in LABELS)))


def test_collapsed_blank_cells_are_refused_where_the_column_is_unknown():
    # only 总计 printed in the zero rows: which column the lone 0 stands in is unknown
    text = "\n".join(f"{label} {ROWS[rid] if rid in ROWS else '0'}" for rid, label in LABELS)
    decoding = decode_tables(text)
    cells = {c.field_id: c.value for c in decoding.cells if c.field_id}
    assert cells["apply.new.total"] == 7 and "apply.refused.query.total" not in cells
    assert any(w.startswith(AMBIGUOUS) for w in decoding.warnings)


def test_collapsed_rows_are_placed_by_the_identities():
    # 一 "5 2 7": its zero cells left blank; (七) and 四 in full give 5 and 2 their columns
    # (一 = (七) + 四 − 二 per column); 予以公开 "3 1 4" likewise from (七) = Σ results
    collapsed = {"new": "5 2 7", "granted": "3 1 4"}
    text = "\n".join(f"{label} {collapsed.get(rid, _row(rid))}" for rid, label in LABELS)
    decoding = decode_tables(text)
    cells = {c.field_id: c.value for c in decoding.cells if c.field_id}
    assert (cells["apply.new.natural_person"], cells["apply.new.business"], cells["apply.new.total"]) == (5, 2, 7)
    assert (cells["apply.granted.natural_person"], cells["apply.granted.business"]) == (3, 1)
    assert "apply.new.research" not in cells and "apply.granted.other_org" not in cells   # blank stays blank
    assert not decoding.warnings


def test_two_collapsed_rows_that_can_trade_columns_are_refused():
    # 自然人 1 and 商业企业 1 in all: 予以公开 "1 1" and 部分公开 "1 1" each hold one of them,
    # and either way round every identity holds: their 总计 are read, their columns are not
    rows = {"new": "1 1 0 0 0 0 2", "total": "1 1 0 0 0 0 2", "granted": "1 1", "partly_granted": "1 1"}
    text = "\n".join(f"{label} {rows.get(rid, ZEROS)}" for rid, label in LABELS)
    decoding = decode_tables(text)
    cells = {c.field_id: c.value for c in decoding.cells if c.field_id}
    assert cells["apply.granted.total"] == 1 and cells["apply.partly_granted.total"] == 1
    assert "apply.granted.natural_person" not in cells and "apply.partly_granted.business" not in cells
    assert any(w.startswith(AMBIGUOUS) and "apply.granted.natural_person" in w for w in decoding.warnings)


T4 = "结果维持 结果纠正 其他结果 尚未审结 总计"


def test_table4_as_three_small_tables():
    text = (f"（一）行政复议\n{T4}\n1 0 0 1 2\n（二）行政诉讼（未经复议直接起诉）\n{T4}\n0 0 0 0 0\n"
            f"（三）行政诉讼（复议后起诉）\n{T4}\n0 1 0 0 1\n")
    cells = _filled(text)
    assert [cells[f"review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [1, 0, 0, 1, 2]
    assert cells["litigation_after_review.corrected"] == 1 and cells["litigation_direct.total"] == 0


def test_table4_as_one_line_of_15_numbers():
    text = f"行政复议 行政诉讼\n{T4} 未经复议直接起诉 复议后起诉\n{T4} {T4}\n3 0 0 0 3 0 0 0 0 0 1 0 0 0 1\n"
    cells = _filled(text)
    assert cells["review.upheld"] == 3 and cells["litigation_after_review.total"] == 1


def test_table4_with_a_two_line_header():
    text = ("行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n结果 结果 其他 尚未 总计 结果 结果 其他 尚未 总计 结果 结果 其他 尚未 总计\n"
            "维持 纠正 结果 审结 维持 纠正 结果 审结 维持 纠正 结果 审结\n0 2 0 0 2 0 0 0 0 0 0 0 0 0 0\n")
    cells = _filled(text)
    assert cells["review.corrected"] == 2 and cells["review.total"] == 2 and cells["litigation_direct.total"] == 0


def test_table2_2021_without_header_rows():
    text = "规章\t0\t0\t3\n行政规范性文件\t4\t1\t52\n行政许可\t310\n行政处罚\t27\n行政强制\t0\n行政事业性收费\t12.5\n"
    cells = _filled(text)
    assert cells["disclosure.normative.in_force"] == 52 and cells["disclosure.licensing.decisions"] == 310
    assert cells["disclosure.fees.amount"] == 12.5


def test_markdown_table_from_a_pdf_converter():
    lines = ["| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    lines += ["| " + label + " | " + " | ".join(_row(rid).split()) + " |" for rid, label in LABELS]
    _assert_table3(_filled("\n".join(lines)))


def test_labels_in_one_block_numbers_in_another_with_a_stray_line():
    text = "\n".join(label for _, label in LABELS) + "\n" + "\n".join(
        [_row(rid) for rid, _ in LABELS[:10]] + ["7"] + [_row(rid) for rid, _ in LABELS[10:]]) + "\n"
    _assert_table3(_filled(text))
