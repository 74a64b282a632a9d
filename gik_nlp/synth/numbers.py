"""Statistics that add up: the values a report's tables and prose are written from.

Every generator returns field id → value and guarantees the consistency checks of
record.md (channels never exceed the total, parts add up to their totals, 表三 columns and
rows balance, 表四 blocks sum to 总计). Inconsistencies are injected later, on purpose, by
``break_one_check``, which also returns the warning a careful annotator writes.
"""

from __future__ import annotations

import math
import random

from gik_nlp.schema.templates import templates

# Scale of a body's work by level: (proactive lo, hi), (requests lo, hi), share of zero requests.
SCALES = {
    "county": ((300, 12000), (1, 300), 0.35), "town": ((10, 800), (1, 8), 0.75),
    "city": ((1000, 30000), (5, 900), 0.1), "province": ((200, 6000), (5, 400), 0.15),
    "national": ((300, 6000), (30, 3000), 0.05),
}
BUREAU_SCALE = ((20, 2500), (1, 40), 0.6)


def log_uniform(rng: random.Random, lo: int, hi: int) -> int:
    """An integer spread evenly over orders of magnitude between lo and hi."""
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi + 1))))


def split(rng: random.Random, total: int, parts: int, weights: list[float] | None = None) -> list[int]:
    """``total`` split into ``parts`` non-negative integers that add up to it.

    >>> sum(split(random.Random(1), 17, 4)), len(split(random.Random(1), 0, 3))
    (17, 3)
    """
    weights = weights or [rng.random() for _ in range(parts)]
    if total <= 0:
        return [0] * parts
    out = [0] * parts
    for _ in range(total) if total <= 200 else ():
        out[rng.choices(range(parts), weights=weights)[0]] += 1
    if total > 200:
        norm = sum(weights) or 1.0
        out = [int(total * w / norm) for w in weights]
        out[max(range(parts), key=lambda i: weights[i])] += total - sum(out)
    return out


def scale_of(kind: str, level: str) -> tuple[tuple[int, int], tuple[int, int], float]:
    if kind in ("bureau", "city_bureau", "province_dept") and level != "national":
        lo_hi = BUREAU_SCALE
        if level in ("city", "province"):
            return ((100, 5000), (2, 150), 0.3)
        return lo_hi
    return SCALES[level]


def requests(rng: random.Random, kind: str, level: str) -> int:
    _, (lo, hi), zero = scale_of(kind, level)
    return 0 if rng.random() < zero else log_uniform(rng, lo, hi)


def _identity_parts(template_name: str, total: str, per: str = "column") -> tuple[str, ...]:
    """The parts of a template's "parts = total" identity (schema/templates.yaml)."""
    template = templates()[template_name]
    identity = next(i for i in template.identities if i.per == per and i.op == "=" and i.rhs == (total,))
    return template.expand(identity.lhs, per)


#: 表三's applicant columns and a 表四 block's results: the parts its identities add up.
APPLICANTS = _identity_parts("apply_2021", "total", "row")
RESULTS = _identity_parts("table4", "total", "row")

#: The pre-2019 统计表's parts, from its identities: the channels each bounded by
#: proactive.total, the ways a request came in, the kinds of reply, the reasons for a refusal,
#: a review's (or a lawsuit's) results.
PRE2019 = "pre2019_national"
CHANNELS = tuple(i.lhs[0] for i in templates()[PRE2019].identities if i.op == "<=" and i.rhs == ("proactive.total",))
REQUEST_CHANNELS = _identity_parts(PRE2019, "request.received")
#: reply.other is left out: the generator prints no 其他类型答复数
REPLY_KINDS = tuple(p for p in _identity_parts(PRE2019, "reply.total") if p != "reply.other")
REFUSAL_REASONS = _identity_parts(PRE2019, "reply.refused")
BLOCK_RESULTS = tuple(p.split(".", 1)[1] for p in _identity_parts(PRE2019, "review.total"))


def apply_rows(fmt: str) -> list[str]:
    """表三 row ids of a format, in printed order (the format's template)."""
    return [row.id for row in templates()[f"apply_{fmt}"].rows]


def apply_outcomes(fmt: str) -> list[str]:
    """表三's outcome rows (一)…(六) of a format: the rows its (七)总计 adds up."""
    return list(_identity_parts(f"apply_{fmt}", "total"))


def pre2019_values(rng: random.Random, kind: str, level: str, year: int) -> dict[str, int | float]:
    """All fields of the pre-2019 statistics table, consistent."""
    (plo, phi), _, _ = scale_of(kind, level)
    v: dict[str, int | float] = {}
    total = log_uniform(rng, plo, phi)
    v["proactive.total"] = total
    issued = rng.choice([0, 0, rng.randint(1, 60)])
    v["proactive.normative_issued"] = issued
    v["proactive.normative_docs"] = rng.randint(0, issued) if issued else 0
    website_share = rng.uniform(0.5, 1.0)
    website = int(total * website_share)
    rest = split(rng, total - website, 4, [rng.choice([0, 0.2, 1, 3]) + 0.01 for _ in range(4)])
    if rng.random() < 0.3:   # some information went out through channels the table does not list
        rest = [rng.randint(0, r) for r in rest]
    for fid, value in zip(CHANNELS, [rest[0], website] + rest[1:]):
        v[fid] = value
    hot = rng.choice([0, rng.randint(1, 60)])
    press = rng.choice([0, 0, rng.randint(1, 12)])
    interviews = rng.choice([0, 0, rng.randint(1, 6)])
    v.update({"response.hotspots": hot, "response.press_conferences": press,
              "response.press_conferences_by_heads": rng.randint(0, press),
              "response.online_interviews": interviews,
              "response.online_interviews_by_heads": rng.randint(0, interviews),
              "response.interpretations": rng.choice([0, rng.randint(1, 80)]),
              "response.weibo_wechat": rng.choice([0, rng.randint(1, 40)]),
              "response.other": rng.choice([0, 0, rng.randint(1, 10)])})
    received = requests(rng, kind, level)
    v["request.received"] = received
    for fid, value in zip(REQUEST_CHANNELS, split(rng, received, 4, [3, 0.2, 4, 1])):
        v[fid] = value
    carried = rng.randint(0, received // 10) if received >= 10 and rng.random() < 0.3 else 0
    completed = received - carried
    extended = rng.randint(0, completed // 4) if completed >= 4 and rng.random() < 0.3 else 0
    v.update({"request.completed": completed, "request.on_time": completed - extended, "request.extended": extended})
    v["reply.total"] = completed
    parts = split(rng, completed, 8, [2, 5, 1, 1, 1, 1, 0.3, 0.5])
    for fid, value in zip(REPLY_KINDS, parts):
        v[fid] = value
    for fid, value in zip(REFUSAL_REASONS, split(rng, v["reply.refused"], 6, [1, 1, 2, 0.5, 3, 1])):
        v[fid] = value
    for family in ("review", "litigation"):
        n = 0 if rng.random() < 0.8 or received == 0 else rng.randint(1, max(1, received // 20 + 1))
        v[f"{family}.total"] = n
        for fid, value in zip(BLOCK_RESULTS, split(rng, n, 3, [5, 1, 1])):
            v[f"{family}.{fid}"] = value
    v["complaint.total"] = 0 if rng.random() < 0.85 else rng.randint(1, 5)
    v["fee.total"] = 0 if rng.random() < 0.95 else round(rng.uniform(0.01, 0.5), 2)
    full, part = rng.choice([0, 1, 1, 2, 3]), rng.randint(1, 12)
    v.update({"org.offices": rng.choice([0, 1, 1, 1, 2]), "org.reading_points": rng.randint(0, 20),
              "org.staff": full + part, "org.staff_fulltime": full, "org.staff_parttime": part,
              "org.funding": rng.choice([0, 0, rng.randint(1, 30), round(rng.uniform(0.5, 30), 1)]),
              "meeting.total": rng.choice([0, rng.randint(1, 8)])})
    sessions = rng.choice([0, rng.randint(1, 10)])
    v["training.sessions"] = sessions
    v["training.trainees"] = sessions * rng.randint(8, 90) if sessions else 0
    return v


def annex_values(rng: random.Random, kind: str, level: str) -> dict[str, int]:
    """The short 附表's fields (this year), consistent."""
    (plo, phi), _, _ = scale_of(kind, level)
    total = log_uniform(rng, plo, phi)
    website = rng.randint(total // 2, total)
    received = requests(rng, kind, level)
    in_person, online, letter = split(rng, received, 3, [3, 4, 1])
    granted, partly, refused, other = split(rng, received, 4, [6, 1, 1, 2])
    return {"proactive.total": total, "proactive.website": website, "proactive.gazette": total - website
            if rng.random() < 0.3 else 0, "request.received": received, "request.in_person": in_person,
            "request.online": online, "request.letter": letter, "reply.total": received, "reply.granted": granted,
            "reply.partly_granted": partly, "reply.refused": refused, "reply.other": other,
            "complaint.total": 0 if rng.random() < 0.9 else rng.randint(1, 3),
            "review.total": 0 if rng.random() < 0.9 else 1, "litigation.total": 0 if rng.random() < 0.93 else 1}


def national_values(rng: random.Random, kind: str, level: str, fmt: str) -> dict[str, int | float]:
    """表二, 表三 and 表四 cells of a 2019/2021 report, consistent."""
    v: dict[str, int | float] = {}
    big = level in ("city", "province", "national") or kind == "gov"
    rules_maker = kind in ("city_gov", "gov") and level in ("city", "province") or kind == "ministry"
    for row in ("rules", "normative"):
        made = rng.randint(0, 8) if (row == "normative" or rules_maker) and rng.random() < 0.6 else 0
        repealed = rng.randint(0, 5) if rng.random() < 0.3 else 0
        in_force = made + rng.randint(0, 120 if row == "normative" else 30) if (row == "normative" or rules_maker) else made
        v[f"disclosure.{row}.made"] = made
        if fmt == "2021":
            v[f"disclosure.{row}.repealed"] = repealed
            v[f"disclosure.{row}.in_force"] = in_force
        else:
            v[f"disclosure.{row}.published_new"] = made
            v[f"disclosure.{row}.public_total"] = in_force
    rows = ["licensing", "punishment", "coercion"] + (["other_services"] if fmt == "2019" else [])
    for row in rows:
        hi = {"licensing": 60000, "punishment": 8000, "coercion": 600, "other_services": 3000}[row]
        decisions = 0 if rng.random() < (0.3 if big else 0.6) else log_uniform(rng, 1, hi)
        v[f"disclosure.{row}.decisions"] = decisions
        if fmt == "2019":
            previous = rng.randint(0, 300) if decisions else rng.choice([0, rng.randint(0, 20)])
            v[f"disclosure.{row}.previous_items"] = previous
            v[f"disclosure.{row}.change"] = rng.randint(-min(previous, 20), 30) if rng.random() < 0.5 else 0
    fees = 0 if rng.random() < 0.6 else round(rng.uniform(0.5, 90000), rng.choice([0, 1, 2, 4]))
    v["disclosure.fees.amount"] = int(fees) if float(fees).is_integer() else fees
    if fmt == "2019":
        v["disclosure.fees.previous_items"] = rng.randint(0, 30)
        v["disclosure.fees.change"] = rng.randint(-3, 3)
        v["disclosure.procurement.items"] = rng.randint(0, 400)
        v["disclosure.procurement.amount"] = round(rng.uniform(0, 50000), 2) if v["disclosure.procurement.items"] else 0
    # 表三: per applicant column, new + carried in = total handled + carried out
    total_new = requests(rng, kind, level)
    weights = [80, 10, 1, 1, 2, 3]
    if rng.random() < 0.5:
        weights = [95, 3, 0, 0, 0, 2]
    new = split(rng, total_new, len(APPLICANTS), [w + 0.001 for w in weights])
    outcome_rows = apply_outcomes(fmt)
    outcome_weights = {"granted": 10, "partly_granted": 2, "unable.not_held": 4, "unprocessed.repeated": 1,
                       "refused.process_info": 0.5, "refused.third_party": 0.3, "unable.unclear": 0.5,
                       "unprocessed.petition": 0.8, "other": 0.6, "other.other": 0.4, "other.no_amendment": 0.4}
    for col, n_new in zip(APPLICANTS, new):
        carried_in = rng.randint(0, max(0, n_new // 8)) if n_new and rng.random() < 0.3 else 0
        carried_out = rng.randint(0, (n_new + carried_in) // 6) if n_new + carried_in >= 6 and rng.random() < 0.3 else 0
        handled = n_new + carried_in - carried_out
        parts = split(rng, handled, len(outcome_rows), [outcome_weights.get(r, 0.05) for r in outcome_rows])
        v[f"apply.new.{col}"] = n_new
        v[f"apply.carried_in.{col}"] = carried_in
        for row, value in zip(outcome_rows, parts):
            v[f"apply.{row}.{col}"] = value
        v[f"apply.total.{col}"] = handled
        v[f"apply.carried_out.{col}"] = carried_out
    for row in apply_rows(fmt):
        v[f"apply.{row}.total"] = sum(v[f"apply.{row}.{col}"] for col in APPLICANTS)
    # 表四
    for block in (row.id for row in templates()["table4"].rows):
        n = 0 if rng.random() < (0.7 if total_new else 0.95) else rng.randint(1, max(1, total_new // 15 + 1))
        for result, value in zip(RESULTS, split(rng, n, 4, [5, 1, 1, 1.5])):
            v[f"{block}.{result}"] = value
        v[f"{block}.total"] = n
    return v


def break_one_check(rng: random.Random, values: dict[str, int | float | None], fmt: str) -> list[str]:
    """Make one consistency check fail (a report's own slip); return the warnings it causes
    ([] if no check can be broken with the values present)."""
    def present(*ids: str) -> bool:
        return all(isinstance(values.get(i), (int, float)) for i in ids)

    options = []
    if fmt == "pre2019":
        if present("request.on_time", "request.extended", "request.completed") and values["request.completed"]:
            options.append("on_time")
        if present("proactive.website", "proactive.total"):
            options.append("website")
        if present("reply.total", "reply.granted") and values["reply.total"]:
            options.append("reply")
    else:
        if present("apply.total.natural_person", "apply.granted.natural_person"):
            options.append("apply_column")
        if present("review.total", "review.upheld"):
            options.append("review_block")
    if not options:
        return []
    choice = rng.choice(options)
    bump = rng.randint(1, 3)
    if choice == "on_time":
        values["request.on_time"] += bump
        a, b, c = values["request.on_time"], values["request.extended"], values["request.completed"]
        return [f"request.on_time + request.extended != request.completed ({a} + {b} != {c})"]
    if choice == "website":
        values["proactive.website"] = values["proactive.total"] + bump * rng.randint(1, 40)
        return [f"proactive.website > proactive.total ({values['proactive.website']} > {values['proactive.total']})"]
    if choice == "reply":
        values["reply.granted"] += bump
        total = sum(values.get(p) or 0 for p in REPLY_KINDS)
        return [f"reply parts != reply.total ({total} != {values['reply.total']})"]
    if choice == "apply_column":
        values["apply.granted.natural_person"] += bump
        values["apply.granted.total"] += bump
        rows = apply_outcomes(fmt)
        return [f"apply.{col}: (一)+(二)+Σ(三)+Σ(四)+Σ(五)+Σ(六) != (七)总计 "
                f"({sum(values[f'apply.{r}.{col}'] for r in rows)} != {values[f'apply.total.{col}']})"
                for col in ("natural_person", "total")]
    values["review.upheld"] += bump
    s = sum(values[f"review.{r}"] for r in RESULTS)
    return [f"review: upheld + corrected + other + pending != total ({s} != {values['review.total']})"]
