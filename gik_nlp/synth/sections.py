"""The prose parts of a report: title, introduction, work done, statistics in sentences,
problems and measures, signature.

Each builder appends blocks to a ``Report`` and registers what the gold record needs
(title pieces, the agency's printed name, dates, statistic mentions).
"""

from __future__ import annotations

from gik_nlp.synth import lexicon
from gik_nlp.synth.blocks import Para, Seg
from gik_nlp.synth.report import Report
from gik_nlp.synth.written import iso, lost_digit_date, write_date, write_month_day

#: Share of request and staff counts printed before their name (收到4件政府信息公开申请, 确定1名同志
#: 具体负责…). The real openings print about one request in fourteen so; the generator prints more,
#: for the tagger to see it at all.
VALUE_FIRST_SHARE = 0.25

# --- small helpers ------------------------------------------------------------------------


def marker(r: Report, segs: list[Seg]) -> tuple[str, list[Seg]]:
    """Wrap pieces between two empty keyed markers so their printed extent is known."""
    key = r.key("m")
    return key, [Seg("", None, key + "<")] + segs + [Seg("", None, key + ">")]


def heading(r: Report, index: int, text: str, style: str) -> Para:
    """A numbered section heading (never tagged: it carries no number of its own)."""
    ordinal = lexicon.CN_ORDINALS[index]
    if style == "dun":
        return Para([Seg(f"{ordinal}、{text}")], "h")
    if style == "dot":
        return Para([Seg(f"{ordinal}.{text}")], "h")
    if style == "part":
        return Para([Seg(f"第{ordinal}部分 {text}")], "h")
    return Para([Seg(f"{index + 1}、{text}")], "h")


def enumerate_items(r: Report, items: list[list[Seg]], style: int | None = None) -> list[Seg]:
    """``一是…；二是…。`` over pieces."""
    enum = lexicon.ENUMERATORS[style if style is not None else r.rng.choice([0, 0, 0, 1, 4])]
    out: list[Seg] = []
    for i, item in enumerate(items):
        out.append(Seg(enum[i % len(enum)]))
        out.extend(item)
        out.append(Seg("；" if i < len(items) - 1 else "。"))
    return out


def stat(r: Report, field_id: str | None, value: int | float, unit: str, names: tuple[str, ...] | None = None,
         link: str | None = None, name: str | None = None) -> list[Seg]:
    """``{name}{link}{value}`` for one statistic stated in prose."""
    name = name or r.rng.choice(names or lexicon.PROSE_NAMES[field_id])
    name_seg, value_seg = r.prose_stat(field_id, name, value, unit)
    if link is None:
        link = r.rng.choice(["", "", "", "为", "达"]) if not name.endswith(("公开", "申请", "办结")) else ""
    return [name_seg, Seg(link), value_seg]


def received_value_first(r: Report, value: int, unit: str) -> list[Seg]:
    """``收到{value}{name}`` (``本机关收到4件政府信息公开申请``): the count before what it counts, the
    verb left out of the name (docs/spec/annotation.md)."""
    name = r.rng.choice(lexicon.REQUESTS_AFTER_VALUE)
    name_seg, value_seg = r.prose_stat("request.received", name, value, unit)
    return [Seg(r.rng.choice(lexicon.RECEIVING_VERBS)), value_seg, name_seg]


def lead(r: Report) -> list[Seg]:
    """How a statistics sentence opens: a year, a date range, or nothing."""
    y = r.year
    choice = r.rng.choice(["year", "year", "year", "yearly", "all", "all", "range", "until", "months", "none",
                           "none", "none"])
    if choice == "year":
        return [Seg(f"{y}年，")]
    if choice == "yearly":
        return [Seg(f"{y}年度，")]
    if choice == "all":
        return [Seg(r.rng.choice(["全年", "本年度，", "今年以来，", "一年来，"]))]
    if choice == "range":
        return [r.date_seg(y, 1, 1, "cn"), Seg("至"), Seg(write_month_day(12, 31, "cn"), "DATE", r.key("d")),
                Seg("，")]
    if choice == "until":
        return [Seg("截至"), r.date_seg(y, 12, 31, "cn"), Seg(r.rng.choice(["，", "止，"]))]
    if choice == "months":
        return [Seg(f"{y}年1月", "DATE", r.key("d")), Seg("至"), Seg("12月", "DATE", r.key("d")), Seg("，")]
    return []


def subject(r: Report) -> list[Seg]:
    choice = r.rng.random()
    if choice < 0.35:
        return [Seg(r.rng.choice(r.agency.self_refs))]
    if choice < 0.55 and r.agency.level in ("county", "city", "town"):
        return [Seg("全" + r.level_char())]
    if choice < 0.65 and not r.self_only:
        return [r.agency_seg(r.rng.choice(r.agency.short_names))]
    return []


def adverb(r: Report) -> str:
    return r.rng.choice(["共", "累计", "共计", "", "", "全年共"])


# --- title, introduction, signature ----------------------------------------------------------

TITLE_FORMS = (
    "{A}{y}年政府信息公开工作年度报告", "{A}关于{y}年政府信息公开工作年度报告", "{A}{y}年度政府信息公开工作年度报告",
    "{A}{y}年政府信息公开年度报告", "{y}年{A}政府信息公开工作年度报告", "{A}政府信息公开工作{y}年度报告",
    "{P}{y}年政府信息公开工作年度报告", "{P}{y}年政府信息公开年度报告", "{A}{y}年度政府信息公开工作报告",
)


def title(r: Report, *, agency_in_title: bool = True) -> list[Para]:
    """The title (maybe broken over two lines); its pieces become the record's title."""
    form = r.rng.choice(TITLE_FORMS[:6] if agency_in_title else TITLE_FORMS[6:8])
    a = r.agency
    # the body named in its title is tagged; a bare place name (易门县) is an area, not tagged
    agency_seg = r.agency_seg(a.name)
    place = a.place if a.level != "national" else a.name
    pieces: list[Seg] = []
    if "{A}" in form:
        before, _, after = form.partition("{A}")
        pieces = [Seg(before.format(y=r.year)), agency_seg, Seg(after.format(y=r.year))]
    else:
        # the title's subject is the record's agency when no fuller name is printed
        before, _, after = form.partition("{P}")
        subject = Seg(place, None, r.key("ts"))
        r.subject_key = subject.key
        pieces = [Seg(before.format(y=r.year)), subject, Seg(after.format(y=r.year))]
    pieces = [p for p in pieces if p.text]
    if agency_in_title and r.agency_key is None:
        r.agency_key = agency_seg.key
    lines: list[list[Seg]] = [pieces]
    if r.rng.random() < 0.3:
        # break the title where Word wrapped it: after the agency, or before 年度报告
        if "{A}" in form and form.startswith("{A}") and r.rng.random() < 0.5:
            lines = [pieces[:1], pieces[1:]]
        else:
            last = pieces[-1]
            for tail in ("年度报告", "工作报告"):
                if last.text.endswith(tail) and len(last.text) > len(tail):
                    lines = [pieces[:-1] + [Seg(last.text[: -len(tail)])], [Seg(tail)]]
                    break
    paras = []
    for line in lines:
        key, segs = marker(r, [s for s in line if s.text])
        r.title_keys.append(key)
        paras.append(Para(segs, "title"))
    return paras


def own_doc_number(r: Report) -> Para:
    a = r.agency
    issuer = r.rng.choice(a.issuers)
    serial = r.rng.randint(1, 160)
    return Para([r.doc_number_seg(issuer, r.year + 1, serial, own=True)], "line")


def period_segs(r: Report, template: str) -> list[Seg]:
    """The statistics period, with each end tagged DATE (or broken, as noise)."""
    y = r.year
    end_y, end_m, end_d = (y + 1, 1, 1) if r.noise.get("period_next_year") else (y, 12, 31)
    r.period = {"start": iso(y, 1, 1), "end": iso(end_y, end_m, end_d)}
    if r.noise.get("period_next_year"):
        r.notes.append(f"period printed as ending on {iso(end_y, end_m, end_d)} (1 January of the next year): "
                       "recorded as printed")
    if r.noise.get("lost_digit_date"):
        d1 = Seg(lost_digit_date(y, 1, 1), "DATE", r.key("d"))
        d2 = Seg(lost_digit_date(end_y, end_m, end_d), "DATE", r.key("d"))
        r.notes.append(f"period dates printed with 年/月 lost ({d1.text}, {d2.text}): tagged DATE as printed, "
                       f"recorded as {r.period['start']} to {r.period['end']}")
    else:
        form = r.rng.choice(["cn"] * 8 + ["cn_pad", "fullwidth", "chinese"] if not r.noise.get("cn_date") else
                            ["chinese"])
        d1 = r.date_seg(y, 1, 1, form)
        if end_y == y and "{d1}至{d2}" in template and r.rng.random() < 0.4:
            d2 = Seg(write_month_day(end_m, end_d, form), "DATE", r.key("d"))
        else:
            d2 = r.date_seg(end_y, end_m, end_d, form)
    return r.fill(template, d1=d1, d2=d2)


def intro(r: Report) -> Para:
    """The opening paragraph: legal basis, who compiled it, period, website, contact."""
    a = r.agency
    who = r.rng.choice(["A", "A", "As", "self", "group"])
    if who == "A" and not r.self_only:
        who_segs = [r.agency_seg(a.name)]
    elif who == "As" and not r.self_only:
        who_segs = [r.agency_seg(r.rng.choice(a.short_names))]
    elif who == "group":
        who_segs = r.fill("{self}{group}") if r.rng.random() < 0.5 else r.fill("{group}")
    else:
        who_segs = [Seg(r.rng.choice(a.self_refs))]
    rules = r.rng.choice(lexicon.PROVINCIAL_RULES).format(province=a.division.province)
    laws = lexicon.LAWS_REVISED if r.year >= 2019 else lexicon.LAWS
    segs = r.fill(r.rng.choice(lexicon.INTRO_PURPOSE), law=r.rng.choice(laws), rules=rules, who=who_segs)
    if r.rng.random() < 0.5:
        segs += r.fill(r.rng.choice(lexicon.INTRO_CONTENTS))
    if r.rng.random() < 0.92:
        segs += period_segs(r, r.rng.choice(lexicon.INTRO_PERIOD))
    segs += r.fill(r.rng.choice(lexicon.INTRO_ONLINE), url=f"http://{a.domain}/")
    contact_template = r.rng.choice(lexicon.INTRO_CONTACT)
    if contact_template:
        contact = r.agency_seg(r.rng.choice((a.name,) + a.short_names)) if not r.self_only else \
            r.agency_seg(r.rng.choice(a.peers))
        segs += r.fill(contact_template, contact=contact, address=address(r), postcode=postcode(r),
                       phone=phone(r), fax=phone(r))
    return Para(segs)


def address(r: Report) -> str:
    return f"{r.agency.division.county}{r.rng.choice(lexicon.ROADS)}{r.rng.randint(1, 199)}号"


def postcode(r: Report) -> str:
    return f"{r.rng.randint(10, 86)}{r.rng.randint(0, 9999):04d}"


def phone(r: Report) -> str:
    sep = r.rng.choice(["-", "-", "—", "－"])
    return f"0{r.rng.randint(10, 999)}{sep}{r.rng.randint(2000000, 89999999)}"


def person(r: Report) -> str:
    return r.rng.choice(lexicon.SURNAMES) + "".join(r.rng.choice(lexicon.GIVEN) for _ in range(r.rng.randint(1, 2)))


def signature_date(r: Report) -> tuple[int, int, int]:
    month = r.rng.choice([1, 1, 1, 1, 2, 3])
    return r.year + 1, month, r.rng.randint(3, 28) if month == 1 else r.rng.randint(1, 28)


def signature(r: Report, *, with_agency: bool = True, with_date: bool = True) -> list[Para]:
    """The body's name and the issue date at the end; the date is the record's published."""
    paras = []
    if with_agency:
        seg = r.agency_seg(r.agency.name)
        r.agency_key = seg.key   # the signature's full name is what the record carries
        paras.append(Para([seg], "sign"))
    if with_date:
        y, m, d = signature_date(r)
        form = "chinese" if r.noise.get("cn_date") else r.rng.choice(["cn"] * 12 + ["cn_pad", "iso", "spaced"])
        if form == "chinese" and r.rng.random() < 0.3:
            form = "chinese_circle"
        paras.append(Para([Seg(write_date(y, m, d, form), "DATE", r.key("d"))], "sign"))
        r.published = iso(y, m, d)
    return paras


# --- work done -------------------------------------------------------------------------------

def system_sentence(r: Report) -> list[Seg]:
    """``印发《…》（X政办发〔2017〕45号）、《…》（…）`` : a list of cited documents."""
    docs: list[Seg] = []
    for i in range(r.rng.randint(2, 5)):
        if i:
            docs.append(Seg("、"))
        docs.extend(r.cited_doc())
    return r.fill(r.rng.choice(lexicon.SYSTEM_SENTENCES), docs=docs)


def work_paragraphs(r: Report, count: int, start: int = 0) -> list[Para]:
    """Paragraphs about the year's work: many bodies, cited documents, dates and work counts."""
    paras: list[Para] = []
    items = list(lexicon.WORK_ITEMS)
    counted = list(lexicon.WORK_ITEMS_COUNTED)
    r.rng.shuffle(counted)
    items += counted[:r.rng.randint(4, 12)]
    r.rng.shuffle(items)
    subheads = list(lexicon.SUBHEADINGS)
    r.rng.shuffle(subheads)
    style = r.rng.choice([0, 1, 2])
    for i in range(count):
        chosen = [r.fill(items.pop()) for _ in range(r.rng.randint(3, 7)) if items]
        if i == 0 and r.rng.random() < 0.6:
            chosen.insert(0, system_sentence(r))
        segs: list[Seg] = []
        if style == 0:
            segs.append(Seg(f"（{lexicon.CN_ORDINALS[start + i]}）{subheads[i % len(subheads)]}。"))
            segs += enumerate_items(r, chosen, 0)
        elif style == 1:
            segs.append(Seg(f"{start + i + 1}.{subheads[i % len(subheads)]}。"))
            for item in chosen:
                segs += item + [Seg("。")]
        else:
            sep = r.rng.choice(["。", "。", "；", "，"])
            for j, item in enumerate(chosen):
                segs += item + [Seg(sep if j < len(chosen) - 1 else "。")]
        paras.append(Para(segs))
    return paras


def other_stats_sentence(r: Report, count: int) -> list[Seg]:
    """A sentence of indicators that map to no field id (other_statistics)."""
    picks = r.fresh(lexicon.OTHER_INDICATORS, count)
    segs: list[Seg] = list(lead(r)) if r.rng.random() < 0.5 else [Seg(r.rng.choice(["全年", "共", "同时，", ""]))]
    for i, (name, unit, lo, hi) in enumerate(picks):
        if name.startswith("办理县长信箱") and r.agency.level != "county":
            name = "办理领导信箱来信"
        value = r.rng.randint(lo, hi)
        segs += stat(r, None, value, unit, name=name, link="")
        segs.append(Seg("，" if i < len(picks) - 1 else "。"))
    return segs


def category_breakdown(r: Report, total: int | None = None) -> list[Seg]:
    """``工作动态公开206条，会议信息公开53条…`` (other_statistics, as in seed 003); the
    categories of a stated total never add up to more than it."""
    names = r.fresh(lexicon.CATEGORY_NAMES, r.rng.randint(3, 7))
    if total is None:
        counts = [r.rng.randint(1, 400) for _ in names]
    else:
        from gik_nlp.synth.numbers import split
        counts = split(r.rng, int(total * r.rng.uniform(0.6, 1.0)), len(names))
    segs: list[Seg] = []
    for i, (name, count) in enumerate(zip(names, counts)):
        segs += stat(r, None, count, "条", name=name, link=r.rng.choice(["", "", "为"]))
        segs.append(Seg("，" if i < len(names) - 1 else "。"))
    return segs


def overview(r: Report, paragraphs: int) -> list[Para]:
    # the revised 条例 took effect in May 2019
    openings = [o for o in lexicon.OVERVIEW_OPENINGS if r.year >= 2019 or "新修订" not in o]
    paras = [r.para(r.rng.choice(openings))]
    paras += work_paragraphs(r, paragraphs)
    if r.rng.random() < 0.5:
        paras.append(Para(other_stats_sentence(r, r.rng.randint(1, 3))))
    return paras


def _detailed(r: Report, titles: tuple[str, ...], details: tuple[str, ...]) -> list[Para]:
    count = r.rng.randint(2, 5)
    out = []
    for i, (t, d) in enumerate(zip(r.rng.sample(titles, count), r.rng.sample(details, min(count, len(details))))):
        out.append(Para(r.fill(f"（{lexicon.CN_ORDINALS[i]}）{t}。{d}。")))
    return out


def problems_and_measures(r: Report, heading_para: Para | None) -> list[Para]:
    paras = [heading_para] if heading_para else []
    if r.rng.random() < 0.5:
        paras.append(Para([Seg(r.rng.choice(["（一）存在的主要问题和困难", "（一）存在问题", "存在问题和困难"]))], "h"))
        paras += _detailed(r, lexicon.PROBLEM_TITLES, lexicon.PROBLEM_DETAILS)
        paras.append(Para([Seg(r.rng.choice(["（二）改进措施", "（二）下步工作措施", "下步工作措施"]))], "h"))
        paras += _detailed(r, lexicon.MEASURE_TITLES, lexicon.MEASURE_DETAILS)
        return paras
    problems = [r.fill(p) for p in r.rng.sample(lexicon.PROBLEMS, r.rng.randint(2, 4))]
    measures = [r.fill(m) for m in r.rng.sample(lexicon.MEASURES, r.rng.randint(2, 5))]
    intro_p = r.fill(r.rng.choice(lexicon.PROBLEM_INTROS))
    intro_m = r.fill(r.rng.choice(lexicon.MEASURE_INTROS))
    if r.rng.random() < 0.5:
        style = r.rng.choice([0, 2, 4])
        paras.append(Para([Seg("（一）存在的主要问题")], "h"))
        paras.append(Para(intro_p + enumerate_items(r, problems, style)))
        paras.append(Para([Seg("（二）改进措施")], "h"))
        paras.append(Para(intro_m + enumerate_items(r, measures, style)))
    else:
        paras.append(Para(intro_p + enumerate_items(r, problems)))
        paras.append(Para(intro_m + enumerate_items(r, measures)))
    return paras


# --- statistics in prose (pre-2019 era fields) --------------------------------------------------

def proactive_prose(r: Report, v: dict, *, channels: bool) -> list[Seg]:
    total = v.get("proactive.total")
    if total is None:
        return []
    segs = lead(r) + subject(r) + [Seg(adverb(r))] + stat(r, "proactive.total", total, "条")
    ids = [f for f in ("proactive.website", "proactive.weibo", "proactive.wechat", "proactive.gazette",
                       "proactive.other") if v.get(f)]
    if channels and ids:
        segs.append(Seg(r.rng.choice(["。其中，", "，其中", "，其中：", "。其中"])))
        for i, fid in enumerate(ids):
            segs += stat(r, fid, v[fid], "条")
            segs.append(Seg("，" if i < len(ids) - 1 else ""))
    segs.append(Seg("。"))
    if v.get("proactive.normative_docs") and r.rng.random() < 0.4:
        segs += [Seg("其中")] + stat(r, "proactive.normative_docs", v["proactive.normative_docs"], "件") + [Seg("。")]
    return segs


def request_prose(r: Report, v: dict, *, detail: bool) -> list[Seg]:
    received = v.get("request.received")
    if received is None:
        return []
    if received == 0:
        template = r.rng.choice([t for ids, t in lexicon.NEGATIONS if ids == ("request.received",)])
        if r.rng.random() < 0.2:
            return lead(r) + subject(r) + stat(r, "request.received", 0, "件", link="") + [Seg("。")]
        return r.negation(("request.received",), r.fill(template)) + [Seg("。")]
    unit = r.rng.choice(["件", "件", "件", "条", "宗"])
    if r.rng.random() < VALUE_FIRST_SHARE:
        segs = lead(r) + subject(r) + received_value_first(r, received, unit)
    else:
        segs = lead(r) + subject(r) + [Seg(adverb(r))] + stat(r, "request.received", received, unit, link="")
    if detail:
        channels = [f for f in ("request.in_person", "request.online", "request.letter", "request.fax") if v.get(f)]
        if channels and r.rng.random() < 0.7:
            segs.append(Seg("，其中"))
            for i, fid in enumerate(channels):
                segs += stat(r, fid, v[fid], r.rng.choice(["件", unit]), link="")
                segs.append(Seg("、" if i < len(channels) - 1 else ""))
        completed, on_time, extended = (v.get("request.completed"), v.get("request.on_time"),
                                        v.get("request.extended"))
        if completed is not None and r.rng.random() < 0.7:
            segs.append(Seg("；"))
            segs += stat(r, "request.completed", completed, "件", link="")
            if on_time is not None and extended:
                segs += [Seg("，其中")] + stat(r, "request.on_time", on_time, "件", link="") + [Seg("，")]
                segs += stat(r, "request.extended", extended, "件", link="")
        elif on_time == received and not extended:
            segs.append(Seg(r.rng.choice(["，均已按时办结", "，全部在规定时限内答复", "，已全部办结"])))
        replies = [f for f in ("reply.granted", "reply.partly_granted", "reply.refused", "reply.not_this_agency",
                               "reply.nonexistent") if v.get(f)]
        if replies and r.rng.random() < 0.6:
            segs.append(Seg(r.rng.choice(["。答复情况为：", "。其中", "，其中"])))
            for i, fid in enumerate(replies):
                segs += stat(r, fid, v[fid], "件", link="")
                segs.append(Seg("，" if i < len(replies) - 1 else ""))
    segs.append(Seg("。"))
    return segs


def review_prose(r: Report, v: dict) -> list[Seg]:
    review, litigation = v.get("review.total"), v.get("litigation.total")
    if review is None or litigation is None:
        return []
    if review == 0 and litigation == 0:
        if r.rng.random() < 0.75:
            options = [(ids, t) for ids, t in lexicon.NEGATIONS if ids in (("review.total", "litigation.total"),)]
            ids, template = r.rng.choice(options)
            if r.rng.random() < 0.25:
                first = r.negation(("review.total",), r.fill("不存在申请行政复议的情况"))
                second = r.negation(("litigation.total",), r.fill("未发生引发行政诉讼案件的情形"))
                return lead(r) + first + [Seg("，")] + second + [Seg("。")]
            return lead(r) + r.negation(ids, r.fill(template)) + [Seg("。")]
        return (lead(r) + [Seg("因政府信息公开申请")] + stat(r, "review.total", 0, "件", name="行政复议", link="")
                + [Seg("，")] + stat(r, "litigation.total", 0, "件", name="行政诉讼", link="") + [Seg("。")])
    segs = lead(r) + [Seg(r.rng.choice(["因政府信息公开", "", "涉及政府信息公开的"]))]
    segs += stat(r, "review.total", review, "件", link="")
    if review and v.get("review.upheld") is not None and r.rng.random() < 0.6:
        segs += [Seg("，其中")] + stat(r, "review.upheld", v["review.upheld"], "件", name="维持具体行政行为", link="")
        if v.get("review.corrected"):
            segs += [Seg("，")] + stat(r, "review.corrected", v["review.corrected"], "件", name="被依法纠错", link="")
    segs.append(Seg("；"))
    segs += stat(r, "litigation.total", litigation, "件", link="")
    segs.append(Seg("。"))
    return segs


def fee_prose(r: Report, v: dict) -> list[Seg]:
    """Fees charged for disclosure: none, by negation (fee.total 0, the clause as evidence,
    seed 004), or the amount in 万元; [] when the report does not know it."""
    fee = v.get("fee.total")
    if fee is None:
        return []
    if fee == 0:
        ids_templates = [t for ids, t in lexicon.NEGATIONS if ids == ("fee.total",)]
        return r.negation(("fee.total",), r.fill(r.rng.choice(ids_templates))) + [Seg("。")]
    return lead(r) + [Seg(r.rng.choice(r.agency.self_refs))] + stat(r, "fee.total", fee, "万元", link="") + [Seg("。")]


def staff_value_first(r: Report, v: dict) -> list[Seg]:
    """``确定1名同志具体负责政府信息公开的日常工作（其中全职1人，兼职0人）。``: the staff counted before
    the words that say what they do (the name, without the verb)."""
    name = r.rng.choice(lexicon.STAFF_AFTER_VALUE)
    name_seg, value_seg = r.prose_stat("org.staff", name, v["org.staff"], "名")
    segs = [Seg(r.rng.choice(lexicon.STAFF_VERBS)), value_seg, name_seg]
    if v.get("org.staff_fulltime") is not None and v.get("org.staff_parttime") is not None and r.rng.random() < 0.5:
        segs += [Seg("（其中")] + stat(r, "org.staff_fulltime", v["org.staff_fulltime"], "人",
                                        name=r.rng.choice(("全职", "专职")), link="")
        segs += [Seg("，")] + stat(r, "org.staff_parttime", v["org.staff_parttime"], "人", name="兼职", link="")
        segs.append(Seg("）"))
    return segs + [Seg("。")]


def org_prose(r: Report, v: dict) -> list[Seg]:
    segs: list[Seg] = []
    if v.get("org.staff") and r.rng.random() < VALUE_FIRST_SHARE:
        segs += staff_value_first(r, v)
    elif v.get("org.staff") and r.rng.random() < 0.6:
        unit = r.rng.choice(["人", "人", "名"])
        segs += [Seg(r.rng.choice(["全年", "目前", ""]))] + stat(r, "org.staff", v["org.staff"], unit)
        if v.get("org.staff_fulltime") is not None and v.get("org.staff_parttime") is not None:
            segs += [Seg("，其中")] + stat(r, "org.staff_fulltime", v["org.staff_fulltime"], unit, link="")
            segs += [Seg("，")] + stat(r, "org.staff_parttime", v["org.staff_parttime"], unit, link="")
        segs.append(Seg("。"))
    parts: list[list[Seg]] = []
    if v.get("meeting.total"):
        parts.append(stat(r, "meeting.total", v["meeting.total"], "次", link=""))
    if v.get("training.sessions"):
        parts.append(stat(r, "training.sessions", v["training.sessions"], r.rng.choice(["次", "期", "次"]), link=""))
        if v.get("training.trainees"):
            name = r.rng.choice(lexicon.PROSE_NAMES["training.trainees"])
            name_seg, value_seg = r.prose_stat("training.trainees", name, v["training.trainees"], "人", exact=True)
            tail = r.rng.choice(["", "（次）", "次"])
            if tail == "次":
                # 人次 is the unit: the measure word is whole
                r.mentions[-1].unit = "人次"
                value_seg = value_seg._replace(text=value_seg.text + "次")
                r.mentions[-1].printed = value_seg.text
                tail = ""
            parts.append([name_seg, Seg(r.rng.choice(["", "达"])), value_seg, Seg(tail)])
    if parts:
        segs += [Seg(r.rng.choice(["全年", "", "一年来，"]))]
        for i, part in enumerate(parts):
            segs += part + [Seg("，" if i < len(parts) - 1 else "。")]
    return segs



def proactive_section(r: Report, v: dict, *, channels: bool, with_categories: bool) -> list[Para]:
    """主动公开 as pre-2019 reports write it: （一）数量 …（五）回应社会关切, the numbers first."""
    paras: list[Para] = []
    subsections = r.rng.random() < 0.6
    heads = list(lexicon.PROACTIVE_SUBHEADS)
    numbered = 0

    def sub(title_index: int, body: list[Seg]) -> None:
        nonlocal numbered
        if subsections:
            prefix = [Seg(f"（{lexicon.CN_ORDINALS[numbered]}）{heads[title_index]}。")]
            numbered += 1
            paras.append(Para(prefix + body))
        else:
            paras.append(Para(body))

    sub(0, proactive_prose(r, v, channels=channels))
    if with_categories:
        sub(1, category_breakdown(r, v.get("proactive.total")))
    if r.rng.random() < 0.6:
        sub(2, r.fill(r.rng.choice(lexicon.PROACTIVE_FORMS)))
    if r.rng.random() < 0.6:
        sub(3, r.fill(r.rng.choice(lexicon.INTERPRETATION_PARAS)))
    if r.rng.random() < 0.6:
        sub(4, r.fill(r.rng.choice(lexicon.RESPONSE_PARAS)))
    return paras
