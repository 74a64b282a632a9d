"""The tables of each format as cells whose pieces carry their labels.

Row headers are tagged STAT_NAME without their enumerator (（一）, 1., 其中：) and without
explanatory parentheses; value cells hold one STAT_VALUE piece (with its unit or sign
when the cell prints one); blank cells ("", "/", "—", "不适用") are not values and
register nothing. In 表四 the block headers 行政复议 / 未经复议直接起诉 / 复议后起诉 are
the rows of their blocks and are tagged STAT_NAME; other column headers are not.
"""

from __future__ import annotations

import re

from gik_nlp.schema import FIELDS, MATRICES
from gik_nlp.schema.templates import templates
from gik_nlp.synth.blocks import Cell, Seg, Table
from gik_nlp.synth.numbers import APPLICANTS, RESULTS, apply_rows
from gik_nlp.synth.report import Report

BLANKS = ("", "", "", "/", "—", "——", "不适用")
_ENUM = re.compile(r"^(一、|二、|三、|四、|（[一二三四五六七八九]）|\d+\.)")


def split_enumerator(text: str) -> tuple[str, str]:
    """``（一）予以公开`` → ``('（一）', '予以公开')``.

    >>> split_enumerator("1.属于国家秘密"), split_enumerator("规章")
    (('1.', '属于国家秘密'), ('', '规章'))
    """
    m = _ENUM.match(text)
    return (m.group(1), text[m.end():]) if m else ("", text)


def value_text(r: Report, value: int | float, *, fid: str | None = None, unit_in_cell: str = "",
               sign: bool = False, unit: str = "") -> tuple[str, int | float, str]:
    """How a table cell prints a value; returns (printed, value as printed, unit as printed)."""
    unit = FIELDS[fid].unit if fid else unit
    if unit_in_cell == "元" and float(value * 10000).is_integer():
        shown: int | float = int(value * 10000)
        return f"{shown}元", shown, "元"
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        value = int(value) if value.is_integer() else value
    else:
        text = str(value)
        if value >= 10000 and r.rng.random() < 0.1:
            text = f"{value:,}"
    if sign and value > 0:
        text = "+" + text
    if unit_in_cell:
        return text + unit_in_cell, value, unit_in_cell
    if r.noise.get("fullwidth_digits") and r.rng.random() < 0.5:
        from gik_nlp.synth.written import fullwidth
        text = fullwidth(text)
    return text, value, unit


def name_cell(r: Report, enumerator: str, name: str, paren: str = "", *, colspan: int = 1, rowspan: int = 1,
              split_long: bool = True) -> tuple[Cell, str]:
    """A row header: enumerator (untagged), the indicator (STAT_NAME), a parenthesis (untagged).
    A long name may break over two lines into two spans (annotation.md)."""
    key = r.key("tn")
    segs = [Seg(enumerator)] if enumerator else []
    if split_long and len(name) >= 12 and r.rng.random() < 0.08:
        cut = r.rng.randint(5, len(name) - 3)
        segs += [Seg(name[:cut], "STAT_NAME", key), Seg(r.rng.choice(["\n", "\n\n"])), Seg(name[cut:], "STAT_NAME")]
    else:
        segs.append(Seg(name, "STAT_NAME", key))
    if paren:
        segs.append(Seg(r.rng.choice(["", "", "\n", "\n\n"]) + paren))
    return Cell(segs, colspan, rowspan), key


def value_cell(r: Report, fid: str | None, name: str, value: int | float | None, name_key: str | None, *,
               colspan: int = 1, unit_in_cell: str = "", sign: bool = False, blank: str = "", unit: str = "") -> Cell:
    """A number cell (registered as a table mention), or a blank cell when ``value`` is None."""
    if value is None:
        return Cell([Seg(blank)] if blank else [], colspan, value=True)
    printed, shown, unit = value_text(r, value, fid=fid, unit_in_cell=unit_in_cell, sign=sign, unit=unit)
    return Cell([r.table_stat(fid, name, shown, unit, printed, name_key)], colspan, value=True)


# --- pre-2019 statistics table ------------------------------------------------------------------

def _field_row(fid: str, enum: str, paren: str = "") -> tuple[str | None, str, str, str, str]:
    """A field's row: its printed name and unit are fields.yaml's."""
    return fid, enum, FIELDS[fid].zh, paren, FIELDS[fid].unit


# The rows of the national 统计表 (schema/templates.yaml's pre2019_national: fields.yaml's pre-2019
# fields, reply.other left out as the generator prints none) with what the table prints besides
# them: section rows, enumerators ("@" = numbered top level), explanatory parentheses.
# (field id or None for a section row, enumerator, name, parenthesis, unit)
PRE2019_ROWS: tuple[tuple[str | None, str, str, str, str], ...] = (
    (None, "@", "主动公开情况", "", "——"),
    _field_row("proactive.total", "（一）", "（不同渠道和方式公开相同信息计1条）"),
    _field_row("proactive.normative_docs", "其中："),
    _field_row("proactive.normative_issued", ""),
    (None, "", "（二）通过不同渠道和方式公开政府信息的情况", "", "——"),
    _field_row("proactive.gazette", "1."),
    _field_row("proactive.website", "2."),
    _field_row("proactive.weibo", "3."),
    _field_row("proactive.wechat", "4."),
    _field_row("proactive.other", "5."),
    (None, "@", "回应解读情况", "", "——"),
    _field_row("response.hotspots", "（一）", "（不同方式回应同一热点或舆情计1次）"),
    (None, "", "（二）通过不同渠道和方式回应解读的情况", "", "——"),
    _field_row("response.press_conferences", "1."),
    _field_row("response.press_conferences_by_heads", "其中："),
    _field_row("response.online_interviews", "2."),
    _field_row("response.online_interviews_by_heads", "其中："),
    _field_row("response.interpretations", "3."),
    _field_row("response.weibo_wechat", "4."),
    _field_row("response.other", "5."),
    (None, "@", "依申请公开情况", "", "——"),
    _field_row("request.received", "（一）"),
    _field_row("request.in_person", "1."),
    _field_row("request.fax", "2."),
    _field_row("request.online", "3."),
    _field_row("request.letter", "4."),
    _field_row("request.completed", "（二）"),
    _field_row("request.on_time", "1."),
    _field_row("request.extended", "2."),
    _field_row("reply.total", "（三）"),
    _field_row("reply.already_public", "1."),
    _field_row("reply.granted", "2."),
    _field_row("reply.partly_granted", "3."),
    _field_row("reply.refused", "4."),
    _field_row("reply.refused.state_secret", "其中："),
    _field_row("reply.refused.commercial_secret", ""),
    _field_row("reply.refused.privacy", ""),
    _field_row("reply.refused.security", ""),
    _field_row("reply.refused.not_government_info", ""),
    _field_row("reply.refused.other_law", ""),
    _field_row("reply.not_this_agency", "5."),
    _field_row("reply.nonexistent", "6."),
    _field_row("reply.amend", "7."),
    _field_row("reply.other_channel", "8."),
    _field_row("review.total", "@"),
    _field_row("review.upheld", "（一）"),
    _field_row("review.corrected", "（二）"),
    _field_row("review.other", "（三）"),
    _field_row("litigation.total", "@"),
    _field_row("litigation.upheld", "（一）"),
    _field_row("litigation.corrected", "（二）"),
    _field_row("litigation.other", "（三）"),
    _field_row("complaint.total", "@"),
    _field_row("fee.total", "@"),
    (None, "@", "机构建设和保障经费情况", "", "——"),
    _field_row("org.offices", "（一）"),
    _field_row("org.reading_points", "（二）"),
    _field_row("org.staff", "（三）"),
    _field_row("org.staff_fulltime", "1.", "（不包括政府公报及政府网站工作人员数）"),
    _field_row("org.staff_parttime", "2."),
    _field_row("org.funding", "（四）", "（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）"),
    (None, "@", "政府信息公开会议和培训情况", "", "——"),
    _field_row("meeting.total", "（一）"),
    _field_row("training.sessions", "（二）"),
    _field_row("training.trainees", "（三）"),
)
HEADER_NAMES = ("统计指标", "统　计　指　标", "统  计  指  标", "统 计 指 标")
# Rows some provinces added (text rows with no value: untagged).
PROVINCE_EXTRA_ROWS = ("州市负责政府信息与政务公开工作的具体机构、主要负责人姓名及职务",
                       "省直部门负责政府信息与政务公开工作的具体单位、主要负责人姓名及职务")


def stats_table(r: Report, values: dict[str, int | float | None]) -> Table:
    """The 统计指标/单位/统计数 table; ``values`` holds None for a blank cell."""
    header_name = r.rng.choice(HEADER_NAMES)
    header = [Cell([Seg(header_name)]), Cell([Seg("单位")]), Cell([Seg("统计数")])]
    rows = [header]
    ordinal = 0
    responses = r.year >= 2016
    section_unit = r.rng.choice(["——", "", "——"])
    for fid, enum, name, paren, unit in PRE2019_ROWS:
        if not responses and ((fid or "").startswith("response.") or "回应解读" in name):
            continue
        if enum == "@":
            enum = "一二三四五六七八九"[ordinal] + "、"
            ordinal += 1
        if fid == "request.received" and r.rng.random() < 0.15:
            rows.append(list(header))  # the header repeated after a page break (seed 001)
        if fid is None:
            rows.append([Cell([Seg(enum + name)]), Cell([Seg(section_unit)]), Cell([], value=True)])
            continue
        cell, key = name_cell(r, enum, name, paren if r.rng.random() < 0.85 else "")
        value = values.get(fid)
        rows.append([cell, Cell([Seg(unit)]), value_cell(r, fid, name, value, key)])
        if fid == "complaint.total" and r.year <= 2014:
            # older provincial tables: 行政申诉 counted apart (no field id: other_statistics)
            cell, key = name_cell(r, "", "行政申诉数")
            appeals = None if value is None else r.rng.choice([0, 0, 0, 1])
            rows.append([cell, Cell([Seg("件")]), value_cell(r, None, "行政申诉数", appeals, key, unit="件")])
        if fid == "org.offices" and r.rng.random() < 0.15:
            for extra in PROVINCE_EXTRA_ROWS:
                rows.append([Cell([Seg(extra)]), Cell([]), Cell([], value=True)])
    return Table(rows, "stats", 3, header_rows=1)


# --- short 附表 (seed 002) ------------------------------------------------------------------------

ANNEX_ROWS = (
    ("", "proactive.total", "主动公开文件数"), ("其中:1.", "proactive.website", "政府网站公开数"),
    ("2.", "proactive.gazette", "政府公报公开数"), ("", "request.received", "受理政府信息公开申请总数"),
    ("其中:1.", "request.in_person", "当面申请数"), ("2.", "request.online", "网络申请数"),
    ("3.", "request.letter", "信函、传真申请数"), ("", "reply.total", "对申请的答复总数"),
    ("其中:1.", "reply.granted", "同意公开答复数"), ("2.", "reply.partly_granted", "同意部分公开答复数"),
    ("3.", "reply.refused", "不予公开答复数"), ("4.", "reply.other", "其他类型答复数"),
    ("", "complaint.total", "接受行政申诉、举报数"), ("", "review.total", "行政复议数"), ("", "litigation.total", "行政诉讼数"),
)


def annex_table(r: Report, values: dict[str, int | None], cumulative: dict[str, int | None]) -> Table:
    """指标名称 | 单位 | 本年 | 历年累计; the unit column is empty in the rows, as printed in
    seed 002. 历年累计 cells are cumulative across years, not statistics of the year: not
    tagged (the seed 002 annotation's decision)."""
    with_unit = r.rng.random() < 0.4
    spaced = r.rng.random() < 0.6
    header = [Cell([Seg("指 标 名 称" if spaced else "指标名称")]), Cell([Seg("单位")]),
              Cell([Seg(r.rng.choice([f"{r.year}年", "本年", f"{r.year}年度"]))]), Cell([Seg("历年累计")])]
    rows = [header]
    for enum, fid, name in ANNEX_ROWS:
        cell, key = name_cell(r, enum, name, split_long=False)
        row = [cell]
        if with_unit:
            row.append(Cell([Seg(FIELDS[fid].unit)]))
        row.append(value_cell(r, fid, name, values.get(fid), key, blank=" "))
        cum = cumulative.get(fid)
        row.append(Cell([Seg(str(cum) if cum is not None else " ")], value=True))
        rows.append(row)
    return Table(rows, "annex", 4, header_rows=1)


# --- 表二 -------------------------------------------------------------------------------------------

#: The item of 第二十条 under which 表二 prints each row (the table's section rows).
DISCLOSURE_ITEMS = {"rules": "（一）", "normative": "（一）", "licensing": "（五）", "other_services": "（五）",
                    "punishment": "（六）", "coercion": "（六）", "fees": "（八）", "procurement": "（九）"}


def table2_groups(fmt: str) -> list[tuple[str, list[str], tuple[str, ...]]]:
    """表二's blocks as the form of ``fmt`` prints them: (第二十条 item, row ids, columns), the rows
    and each row's columns read from schema/templates.yaml (``disclosure_<fmt>``); consecutive rows
    of one item with the same columns share a column header.

    >>> [(item, rows, columns) for item, rows, columns in table2_groups("2019") if item == "（八）"]
    [('（八）', ['fees'], ('previous_items', 'change'))]
    """
    groups: list[tuple[str, list[str], tuple[str, ...]]] = []
    for row in templates()[f"disclosure_{fmt}"].rows:
        item = DISCLOSURE_ITEMS[row.id]
        if groups and groups[-1][0] == item and groups[-1][2] == row.columns:
            groups[-1][1].append(row.id)
        else:
            groups.append((item, [row.id], row.columns))
    return groups


def table2(r: Report, values: dict[str, int | float | None], fmt: str) -> Table:
    """主动公开政府信息情况 by 第二十条 items (fields.yaml matrices.disclosure), with the rows and
    columns of the form of ``fmt`` (``table2_groups``)."""
    spec = MATRICES["disclosure"]
    columns = spec["columns"]
    rows_spec = {row["id"]: row for row in spec["rows"]}
    units_in_cells = r.noise.get("units_in_cells", False)
    groups = table2_groups(fmt)
    ncols = 4
    rows: list[list[Cell]] = []
    matrix_rows: dict[int, tuple[str, int]] = {}
    blank = r.rng.choice(BLANKS)
    ascii_brackets = r.rng.random() < 0.2
    previous_item = ""
    for item, row_ids, col_ids in groups:
        label = f"第二十条第{item}项"
        if ascii_brackets:
            label = label.replace("（", "(").replace("）", ")")
        if item != previous_item:
            rows.append([Cell([Seg(label)], ncols)])
        previous_item = item
        span = (ncols - 1) // len(col_ids) if len(col_ids) < ncols - 1 else 1
        header = [Cell([Seg("信息内容")])]
        for i, cid in enumerate(col_ids):
            zh = columns[cid]["zh"]
            if cid == "amount":
                zh = "采购总金额" if row_ids == ["procurement"] else "本年收费金额（单位：万元）"
            elif cid == "made" and fmt == "2019":
                zh = "本年新制作数量"
            elif cid == "decisions" and fmt == "2019":
                zh = "处理决定数量"
            colspan = span if i < len(col_ids) - 1 else ncols - 1 - span * (len(col_ids) - 1)
            header.append(Cell([Seg(zh)], colspan))
        rows.append(header)
        for row_id in row_ids:
            name = rows_spec[row_id]["zh"]
            if row_id == "normative" and (fmt == "2019" or r.rng.random() < 0.3):
                name = "规范性文件"
            cell, key = name_cell(r, "", name, split_long=False)
            row = [cell]
            for i, cid in enumerate(col_ids):
                fid = f"disclosure.{row_id}.{cid}"
                colspan = span if i < len(col_ids) - 1 else ncols - 1 - span * (len(col_ids) - 1)
                unit_in_cell = ""
                if cid == "amount" and units_in_cells and values.get(fid) and r.rng.random() < 0.6:
                    unit_in_cell = r.rng.choice(["万元", "万元", "元"])
                row.append(value_cell(r, fid, name, values.get(fid), key, colspan=colspan, unit_in_cell=unit_in_cell,
                                      sign=cid == "change" and r.rng.random() < 0.7,
                                      blank=blank))
            matrix_rows[len(rows)] = (f"disclosure.{row_id}", len(col_ids))
            rows.append(row)
    return Table(rows, "t2", ncols, matrix_rows=matrix_rows)


# --- 表三 ------------------------------------------------------------------------------------------

APPLY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
GROUPS = {"refused": "（三）不予公开", "unable": "（四）无法提供", "unprocessed": "（五）不予处理", "other": "（六）其他处理"}
#: The heading the national 表三 prints over its outcome rows (一)…(七).
HANDLED = "三、本年度办理结果"


def table3(r: Report, values: dict[str, int | float | None], fmt: str) -> Table:
    """收到和处理政府信息公开申请情况: 3 label columns, 7 value columns."""
    spec = {row["id"]: row for row in MATRICES["apply"]["rows"]}
    col_zh = {c["id"]: c["zh"] for c in MATRICES["apply"]["columns"]}
    ids = apply_rows(fmt)
    note = APPLY_NOTE if r.rng.random() < 0.8 else ""
    rows: list[list[Cell]] = [
        [Cell([Seg(note)] if note else [], 3, 3), Cell([Seg("申请人情况")], 7)],
        [Cell([Seg("自然人")], 1, 2), Cell([Seg("法人或其他组织")], 5), Cell([Seg("总计")], 1, 2)],
        [Cell([Seg(col_zh[c])]) for c in APPLICANTS[1:]],
    ]
    handled = [i for i in ids if i not in ("new", "carried_in", "carried_out")]
    group_sizes: dict[str, int] = {}
    for row_id in handled:
        group = row_id.split(".")[0]
        if "." in row_id:
            group_sizes[group] = group_sizes.get(group, 0) + 1
    seen_groups: set[str] = set()
    matrix_rows: dict[int, tuple[str, int]] = {}
    for row_id in ids:
        enum, name = split_enumerator(spec[row_id]["zh"])
        paren = "（区分处理的，只计这一情形，不计其他情形）" if row_id == "partly_granted" and r.rng.random() < 0.8 else ""
        row: list[Cell] = []
        if row_id in ("new", "carried_in", "carried_out"):
            cell, key = name_cell(r, enum, name, colspan=3)
            row.append(cell)
        else:
            if row_id == handled[0]:
                row.append(Cell([Seg(HANDLED)], 1, len(handled)))
            group = row_id.split(".")[0]
            if "." in row_id:
                if group not in seen_groups:
                    seen_groups.add(group)
                    row.append(Cell([Seg(GROUPS[group])], 1, group_sizes[group]))
                cell, key = name_cell(r, enum, name)
            else:
                cell, key = name_cell(r, enum, name, paren, colspan=2)
            row.append(cell)
        for col in APPLICANTS + ("total",):
            fid = f"apply.{row_id}.{col}"
            row.append(value_cell(r, fid, name, values.get(fid), key))
        matrix_rows[len(rows)] = (f"apply.{row_id}", len(APPLICANTS) + 1)
        rows.append(row)
    return Table(rows, "t3", 10, header_rows=3, matrix_rows=matrix_rows)


# --- 表四 ------------------------------------------------------------------------------------------

def table4(r: Report, values: dict[str, int | float | None]) -> Table:
    """行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉): 15 value columns in one row."""
    result_zh = {c["id"]: c["zh"] for c in MATRICES["review"]["columns"]}
    # the template's blocks (schema/templates.yaml table4): 行政复议, 未经复议直接起诉, 复议后起诉
    blocks = [(row.id, row.labels[0]) for row in templates()["table4"].rows]
    (review_cell, review_key), (direct_cell, direct_key), (after_cell, after_key) = (
        name_cell(r, "", name, colspan=5, split_long=False) for _, name in blocks)
    results = list(RESULTS) + ["total"]
    rows: list[list[Cell]] = [
        [review_cell, Cell([Seg("行政诉讼")], 10)],
        [Cell([Seg(result_zh[c])], 1, 2) for c in results] + [direct_cell, after_cell],
        [Cell([Seg(result_zh[c])]) for c in results] * 2,
    ]
    cells: list[Cell] = []
    for (block, name), key in zip(blocks, (review_key, direct_key, after_key)):
        for c in results:
            cells.append(value_cell(r, f"{block}.{c}", name, values.get(f"{block}.{c}"), key))
    rows.append(cells)
    return Table(rows, "t4", 15, header_rows=3, flat_values_row=3, matrix_rows={3: ("表四", len(cells))})
