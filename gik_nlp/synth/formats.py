"""Whole reports, one builder per format (formats.md "Formats").

pre2019_table  sections in prose, then the 统计指标/单位/统计数 table as an annex (seeds 000, 001)
short_annex    sections in prose, then the short 附表 with 本年/历年累计 columns (seed 002)
prose          statistics only in sentences, zeros stated by negation (seeds 003, 004)
national_2019, national_2021   总体情况 in prose, then 表二, 表三, 表四 (fields.yaml matrices)

A builder returns the report's blocks; ``Report`` collects the facts for the gold record.
"""

from __future__ import annotations

from gik_nlp.synth import lexicon, numbers, renderings, sections, tables
from gik_nlp.synth.blocks import Block, Para, Seg
from gik_nlp.synth.report import Report
from gik_nlp.synth.sections import heading

LAYOUT_FORMAT = {"pre2019_table": "pre2019", "short_annex": "pre2019", "prose": "pre2019",
                 "national_2019": "2019", "national_2021": "2021"}


def year_for(layout: str, rng) -> int:
    """The year a report of this layout covers."""
    if layout == "pre2019_table":
        return rng.choice([2012, 2013, 2014, 2015, 2016, 2016, 2017, 2017, 2017, 2018, 2018])
    if layout == "short_annex":
        return rng.randint(2009, 2018)
    if layout == "prose":
        return rng.choices(range(2008, 2025), weights=[1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5, 2, 2, 1, 1, 1, 1])[0]
    if layout == "national_2019":
        return rng.choice([2019, 2020])
    return rng.randint(2021, 2024)


def prose_format(year: int) -> str:
    return "pre2019" if year <= 2018 else "2019" if year <= 2020 else "2021"


def _blank(values: dict, rng, share: float, keep: tuple[str, ...] = ()) -> dict:
    """Leave a share of table cells blank (they are not values; the record leaves them out)."""
    return {k: (None if k not in keep and rng.random() < share else v) for k, v in values.items()}


def _heading_style(r: Report) -> str:
    return r.rng.choice(["dun"] * 8 + ["dot", "num"])


def _contradict(r: Report, table_values: dict, fields: list[str]) -> dict:
    """Prose values: the table's, except one that the prose gets wrong (noise, a warning)."""
    prose = dict(table_values)
    if r.noise.get("prose_contradiction"):
        candidates = [f for f in fields if isinstance(table_values.get(f), int)]
        if candidates:
            fid = r.rng.choice(candidates)
            old = table_values[fid]
            prose[fid] = max(0, old + r.rng.choice([-1, 1]) * r.rng.randint(1, max(1, old // 5 + 2)))
            if prose[fid] == old:
                prose[fid] = old + 1
            r.notes.append(f"noise: prose contradicts its table for {fid}")
    return prose


def _self_section_sentence(r: Report) -> list[Seg]:
    return r.fill(r.rng.choice([
        "{self}严格按照《条例》规定，编制公布了政府信息公开指南和目录，告知信息获取方式，申请公开的格式表格和申请公开办理流程。",
        "建立了依申请公开制度，明确了依申请公开的受理机构和受理流程，群众可通过{web}“依申请公开”栏目提出申请。",
        "{self}继续履行政府信息公开申请受理义务，不断完善规范依申请公开的受理、审查、处理、答复程序。",
        "{self}按照依申请公开政府信息办理规范要求，按期认真办结答复。",
    ]))


def front_matter(r: Report, *, own_number: bool, addressee: bool, agency_in_title: bool = True) -> list[Block]:
    blocks: list[Block] = []
    if own_number and r.agency.issuers and not r.noise.get("notice_wrapper"):
        blocks.append(sections.own_doc_number(r))
    blocks += sections.title(r, agency_in_title=agency_in_title)
    if addressee:
        blocks.append(Para([Seg(r.rng.choice(r.agency.superiors[:1] + r.agency.superiors), "AGENCY", r.key("a")),
                            Seg("：")], "p"))
    blocks.append(sections.intro(r))
    return blocks


def build_pre2019_table(r: Report) -> list[Block]:
    a = r.agency
    true = numbers.pre2019_values(r.rng, a.kind, a.level, r.year)
    share = r.rng.choice([0.0, 0.0, 0.0, 0.15, 0.5, 0.8])
    table_values = _blank(true, r.rng, share, keep=("proactive.total",) if share < 0.8 else ())
    if r.noise.get("inconsistent_table"):
        r.warnings.extend(numbers.break_one_check(r.rng, table_values, "pre2019"))
    quoted = ["proactive.total", "proactive.website", "request.received", "review.total", "litigation.total",
              "meeting.total", "training.sessions", "training.trainees", "org.staff"]
    prose_values = {k: (table_values[k] if table_values.get(k) is not None else true[k]) for k in true}
    prose_values = _contradict(r, prose_values, quoted)
    style = _heading_style(r)
    h = lexicon.HEADINGS_PRE2019
    blocks = front_matter(r, own_number=r.rng.random() < 0.3, addressee=r.rng.random() < 0.2)
    idx = 0

    def head(key: str) -> Para:
        nonlocal idx
        para = heading(r, idx, r.rng.choice(h[key]), style)
        idx += 1
        return para

    blocks.append(head("overview"))
    blocks += sections.overview(r, r.rng.randint(4, 8))
    if r.rng.random() < 0.5:
        blocks.append(Para(sections.org_prose(r, {k: prose_values[k] for k in
                                                  ("org.staff", "org.staff_fulltime", "org.staff_parttime",
                                                   "meeting.total", "training.sessions", "training.trainees")})))
    blocks.append(head("proactive"))
    blocks += sections.proactive_section(r, prose_values, channels=r.rng.random() < 0.3,
                                         with_categories=r.rng.random() < 0.3)
    blocks.append(head("request"))
    blocks.append(Para(_self_section_sentence(r) + sections.request_prose(r, prose_values, detail=False)))
    blocks.append(head("review"))
    blocks.append(Para(sections.review_prose(r, prose_values)))
    if r.rng.random() < 0.4:
        blocks.append(head("fee"))
        blocks.append(Para(sections.fee_prose(r, prose_values)))
    blocks += sections.problems_and_measures(r, head("problems"))
    annex_title = r.rng.choice(["政府信息公开情况统计表", f"{a.place}政府信息公开情况统计表"])
    blocks.append(Para([Seg(f"附件：{annex_title}")], "p"))
    blocks += sections.signature(r)
    blocks.append(Para([Seg(r.rng.choice(["附件", ""]))], "line"))
    blocks.append(Para([Seg(annex_title)], "title"))
    blocks.append(Para([Seg(r.rng.choice([f"（{r.year}年度）", f"（ {r.year}年度）", f"({r.year}年度)"]))], "line"))
    filler = [Seg("填报单位（盖章）：")]
    if r.rng.random() < 0.7:
        filler.append(r.agency_seg(a.name))
    blocks.append(Para(filler, "line"))
    blocks.append(tables.stats_table(r, table_values))
    y, m, d = sections.signature_date(r)
    blocks.append(Para([Seg(f"单位负责人：{sections.person(r)}　审核人：{sections.person(r)}　"
                            f"填报人：{sections.person(r)}")], "line"))
    blocks.append(Para([Seg(f"联系电话：{sections.phone(r)}　填报日期："), r.date_seg(y, m, d, "cn")], "line"))
    return blocks


def build_short_annex(r: Report) -> list[Block]:
    a = r.agency
    true = numbers.annex_values(r.rng, a.kind, a.level)
    table_values: dict = dict(true)
    if r.rng.random() < 0.4:   # the request rows left blank, as in seed 002
        for fid in list(table_values):
            if fid.startswith(("request.", "reply.", "complaint.", "review.", "litigation.")):
                table_values[fid] = None
    cumulative = {k: (v + r.rng.randint(0, 5 * max(v, 3)) if v is not None and r.rng.random() < 0.8 else None)
                  for k, v in table_values.items()}
    prose_values = {k: (table_values[k] if table_values.get(k) is not None else true[k]) for k in true}
    prose_values = _contradict(r, prose_values, ["proactive.total", "request.received"])
    style = _heading_style(r)
    h = lexicon.HEADINGS_PRE2019
    blocks = front_matter(r, own_number=r.rng.random() < 0.4, addressee=False)
    idx = 0

    def head(key: str) -> Para:
        nonlocal idx
        para = heading(r, idx, r.rng.choice(h[key]), style)
        idx += 1
        return para

    blocks.append(head("overview"))
    blocks += sections.overview(r, r.rng.randint(4, 8))
    blocks.append(head("proactive"))
    blocks += sections.proactive_section(r, prose_values, channels=False, with_categories=r.rng.random() < 0.5)
    blocks.append(head("request"))
    segs = _self_section_sentence(r)
    if r.rng.random() < 0.6:
        segs += sections.request_prose(r, prose_values, detail=False)
    blocks.append(Para(segs))
    blocks.append(head("review"))
    blocks.append(Para(sections.review_prose(r, prose_values)))
    blocks += sections.problems_and_measures(r, head("problems"))
    blocks.append(Para([Seg(f"{lexicon.CN_ORDINALS[idx]}、需要说明的其他事项与附表")], "h"))
    blocks.append(Para([Seg("（一）需要说明的其他事项")], "h"))
    blocks.append(Para(r.fill(r.rng.choice(lexicon.OTHER_MATTERS[:2]))))
    blocks.append(Para([Seg("（二）附表")], "h"))
    blocks.append(tables.annex_table(r, table_values, cumulative))
    blocks += sections.signature(r)
    if r.rng.random() < 0.5:
        blocks.append(Para([Seg(r.rng.choice(lexicon.COPY_TO[2:]))], "line"))
    return blocks


def build_prose(r: Report) -> list[Block]:
    a = r.agency
    national = r.format != "pre2019"
    v = numbers.pre2019_values(r.rng, a.kind, a.level, min(r.year, 2018))
    style = _heading_style(r)
    h = lexicon.HEADINGS_NATIONAL if national else lexicon.HEADINGS_PRE2019
    title_has_agency = r.rng.random() < 0.6 or r.self_only
    blocks = front_matter(r, own_number=r.rng.random() < 0.15, addressee=r.rng.random() < 0.1,
                          agency_in_title=title_has_agency)
    idx = 0

    def head(key: str) -> Para:
        nonlocal idx
        para = heading(r, idx, r.rng.choice(h[key]), style)
        idx += 1
        return para

    blocks.append(head("overview"))
    blocks += sections.overview(r, r.rng.randint(3, 6))
    blocks.append(head("proactive"))
    if national:
        blocks.append(Para(national_proactive_prose(r, v["proactive.total"])))
    else:
        blocks += sections.proactive_section(r, v, channels=r.rng.random() < 0.7, with_categories=r.rng.random() < 0.4)
    blocks.append(head("request"))
    if national:
        blocks.append(Para(national_request_prose(r, v["request.received"])))
    else:
        blocks.append(Para(sections.request_prose(r, v, detail=r.rng.random() < 0.7)))
        blocks.append(head("review"))
        blocks.append(Para(sections.review_prose(r, v)))
        if r.rng.random() < 0.5:
            blocks.append(head("fee"))
            blocks.append(Para(sections.fee_prose(r, v)))
        if r.rng.random() < 0.35:
            org = sections.org_prose(r, v)
            if org:
                blocks.append(Para(org))
    blocks += sections.problems_and_measures(r, head("problems"))
    if r.rng.random() < 0.6:
        blocks += sections.signature(r, with_agency=r.rng.random() < 0.8)
    return blocks


def national_proactive_prose(r: Report, total: int) -> list[Seg]:
    names = lexicon.PROSE_NAMES_2019["proactive.total"]
    segs = sections.lead(r) + sections.subject(r) + [Seg(sections.adverb(r))]
    segs += sections.stat(r, "proactive.total", total, "条", names=names, link="")
    if r.rng.random() < 0.6:
        segs.append(Seg("，其中："))
        segs += sections.category_breakdown(r, total)
    else:
        segs.append(Seg("。"))
    if r.rng.random() < 0.4:
        segs += sections.other_stats_sentence(r, r.rng.randint(1, 2))
    return segs


def national_request_prose(r: Report, received: int) -> list[Seg]:
    names = lexicon.PROSE_NAMES_2019["request.received"]
    segs = sections.lead(r) + sections.subject(r)
    if r.rng.random() < sections.VALUE_FIRST_SHARE:
        segs += sections.received_value_first(r, received, "件")
    else:
        segs += [Seg(sections.adverb(r))] + sections.stat(r, "request.received", received, "件", names=names, link="")
    segs.append(Seg(r.rng.choice(["，均已按时答复。", "，已全部按期办结。", "。", "，及时回复申请人。"])))
    return segs


def build_national(r: Report) -> list[Block]:
    a = r.agency
    fmt = r.format
    v = numbers.national_values(r.rng, a.kind, a.level, fmt)
    table_values: dict = dict(v)
    others_zero = all(v[f"apply.{row}.{col}"] == 0 for row in numbers.apply_rows(fmt)
                      for col in numbers.APPLICANTS[1:])
    if others_zero and r.rng.random() < 0.35:   # only 自然人 and 总计 filled (the Shuyang report)
        for row in numbers.apply_rows(fmt):
            for col in numbers.APPLICANTS[1:]:
                table_values[f"apply.{row}.{col}"] = None
        r.notes.append("表三: the organisation columns are blank (not zero): left out of statistics")
    if r.rng.random() < 0.25:
        for cid in ("made", "published_new", "public_total", "repealed", "in_force"):
            if f"disclosure.rules.{cid}" in table_values and v[f"disclosure.rules.{cid}"] == 0:
                table_values[f"disclosure.rules.{cid}"] = None
    if r.noise.get("inconsistent_table"):
        r.warnings.extend(numbers.break_one_check(r.rng, table_values, fmt))
    received = table_values.get("apply.new.total")
    prose_received = received if received is not None else v["apply.new.total"]
    if r.noise.get("prose_contradiction"):
        prose_received = max(0, prose_received + r.rng.choice([-2, -1, 1, 2, 3]))
        if prose_received == received:
            prose_received += 1
        r.notes.append("noise: prose contradicts 表三 for request.received")
    proactive_total = numbers.log_uniform(r.rng, *numbers.scale_of(a.kind, a.level)[0])
    style = "dun"
    h = lexicon.HEADINGS_NATIONAL
    blocks = front_matter(r, own_number=r.rng.random() < 0.1, addressee=False)
    if r.rng.random() < 0.3 and fmt == "2021":
        name, issuer, year, serial = lexicon.NATIONAL_FORMAT_NOTICES[0]
        blocks.append(Para([Seg(f"按照《{name}》（"), r.doc_number_seg(issuer, year, serial, own=False),
                            Seg("）要求，报告统计表格按照新格式编制。")]))
    elif r.rng.random() < 0.15:
        name, issuer, year, serial = lexicon.NATIONAL_FORMAT_NOTICES[1]
        blocks.append(Para([Seg(f"按照《{name}》（"), r.doc_number_seg(issuer, year, serial, own=False),
                            Seg("）要求编制本报告。")]))
    blocks.append(heading(r, 0, h["overview"][0], style))
    blocks.append(r.para(r.rng.choice(lexicon.OVERVIEW_OPENINGS)))   # national: 2019 onwards
    blocks.append(Para([Seg("（一）主动公开政府信息情况")], "h"))
    blocks.append(Para(national_proactive_prose(r, proactive_total)))
    blocks.append(Para([Seg("（二）依申请公开政府信息情况")], "h"))
    blocks.append(Para(national_request_prose(r, prose_received)))
    blocks += sections.work_paragraphs(r, r.rng.randint(1, 4), start=2)
    printed: dict[str, Block] = {}
    if r.table_rendering and not r.noise.get("inconsistent_table"):
        # the tables as a converter or scraper leaves them (synth/renderings.py), with gold spans
        printed = dict(renderings.report_tables(r, r.table_rendering, fmt, table_values))
        if printed:
            r.tables_rendered = True
            r.notes.append(f"tables: {', '.join(sorted(printed))} in the rendering {r.table_rendering} "
                           "(synth/renderings.py)")
    blocks.append(heading(r, 1, h["proactive"][0], style))
    blocks.append(printed.get("t2") or tables.table2(r, table_values, fmt))
    blocks.append(heading(r, 2, h["request"][0], style))
    blocks.append(printed.get("t3") or tables.table3(r, table_values, fmt))
    blocks.append(heading(r, 3, h["review"][0], style))
    blocks.append(printed.get("t4") or tables.table4(r, table_values))
    blocks += sections.problems_and_measures(r, heading(r, 4, r.rng.choice(h["problems"]), style))
    blocks.append(heading(r, 5, h["other"][0], style))
    blocks.append(Para(r.fill(r.rng.choice(lexicon.OTHER_MATTERS))))
    blocks += sections.signature(r, with_agency=r.rng.random() < 0.9)
    return blocks


BUILDERS = {"pre2019_table": build_pre2019_table, "short_annex": build_short_annex, "prose": build_prose,
            "national_2019": build_national, "national_2021": build_national}
