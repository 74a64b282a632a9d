"""One report being generated: its facts, its blocks, and the gold record they imply.

``Report`` is the state shared by the format builders: the body, year and format, the
blocks written so far, every statistic mention (table cell or prose) with the keys of its
pieces, and the warnings and notes a careful annotator would write. ``gold_record`` turns
it into the record.md object once the text is laid out and every key has offsets.
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from gik_nlp.schema import HEADLINE
from gik_nlp.synth import lexicon
from gik_nlp.synth.agencies import Agency
from gik_nlp.synth.blocks import Block, LostRow, Para, Seg
from gik_nlp.synth.config import SynthConfig
from gik_nlp.synth.written import (BROKEN_DOC_NUMBER_FORMS, DATE_FORMS, DOC_NUMBER_FORMS, doc_number_record,
                                   pick, write_count, write_date, write_doc_number)


@dataclass
class Mention:
    """A statistic as the report states it once (a table cell or a prose phrase).

    field: the field id, or None for an indicator that maps to none (other_statistics).
    name: the indicator as printed (the STAT_NAME text before any character noise).
    value/unit/approximate: what the printed value says.  printed: the value as printed.
    name_key/value_key: keys of the STAT_NAME and STAT_VALUE pieces; sentence_key: the
    clause of a zero stated by negation.  origin: "table" or "prose".
    """

    field: str | None
    name: str
    value: int | float
    unit: str
    approximate: bool
    printed: str
    origin: str
    name_key: str | None = None
    value_key: str | None = None
    sentence_key: str | None = None


@dataclass
class Report:
    """The facts and blocks of one report while it is generated."""

    rng: random.Random
    config: SynthConfig
    year: int
    format: str                     # record format: pre2019 / 2019 / 2021
    layout: str                     # builder: pre2019_table / short_annex / prose / national_2019 / national_2021
    agency: Agency
    blocks: list[Block] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cited: list[dict[str, Any]] = field(default_factory=list)     # every cited 文号 mention
    doc_number: dict[str, Any] | None = None
    doc_number_key: str | None = None
    cited_keys: list[str] = field(default_factory=list)
    published: str | None = None
    page_date: str | None = None    # a scraped page's 发布时间: the record's published when no signature date (D1)
    period: dict[str, str] | None = None
    title_keys: list[str] = field(default_factory=list)
    agency_key: str | None = None   # the mention whose printed form is the record's agency
    subject_key: str | None = None  # the title's subject when the title names only a place
    noise: dict[str, bool] = field(default_factory=dict)
    self_only: bool = False         # the body names itself only by pronoun
    table_rendering: str = ""       # synth/renderings.py's rendering of the national tables, "" for none
    tables_rendered: bool = False   # the national tables were printed in ``table_rendering``
    used: set = field(default_factory=set)
    _counter: int = 0

    # --- keys and simple pieces ----------------------------------------------------------

    def key(self, prefix: str = "k") -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def chance(self, rate: float) -> bool:
        return self.rng.random() < rate

    def agency_seg(self, name: str) -> Seg:
        return Seg(name, "AGENCY", self.key("a"))

    @property
    def self_ref(self) -> str:
        return self.agency.self_refs[0]

    def level_char(self) -> str:
        """县/区/市/镇/乡/街道/省 for 全县-style phrases."""
        place = self.agency.place
        if self.agency.level == "national":
            return "国"
        if place.endswith("街道"):
            return "街道"
        return place[-1] if place[-1] in "县区市镇乡旗省" else "县"

    def date_seg(self, year: int, month: int, day: int, form: str | None = None) -> Seg:
        form = form or pick(self.rng, DATE_FORMS)
        return Seg(write_date(year, month, day, form), "DATE", self.key("d"))

    def random_date_in_year(self) -> Seg:
        month = self.rng.randint(1, 12)
        return self.date_seg(self.year, month, self.rng.randint(1, 28))

    def doc_number_seg(self, issuer: str, year: int, serial: int, *, own: bool, form: str | None = None) -> Seg:
        """A 文号 span; registers it as the report's own number or as a cited document."""
        if form is None:
            form = "std"
            if self.noise.get("broken_doc_number") and self.chance(0.5):
                form = pick(self.rng, BROKEN_DOC_NUMBER_FORMS)
            elif self.chance(0.12):
                form = pick(self.rng, DOC_NUMBER_FORMS)
        printed = write_doc_number(issuer, year, serial, form)
        key = self.key("n")
        rec = doc_number_record(printed, issuer, year, serial)
        if own:
            self.doc_number, self.doc_number_key = rec, key
        else:
            # every mention: the record lists them in order of first mention in the text,
            # which only the laid-out text knows (blocks are not built in reading order)
            self.cited.append(rec)
            self.cited_keys.append(key)
        if form in ("lost_open", "lost_close", "stray"):
            self.notes.append(f"文号 printed broken as {printed!r}: recorded normalized {rec['normalized']}")
        return Seg(printed, "DOCNO", key)

    def cited_doc(self) -> list[Seg]:
        """``《title》（文号）`` of a document the report cites; the title is never tagged.
        The body's own documents carry its own codes; superiors' documents theirs."""
        a = self.agency
        local = bool(a.issuers) and self.chance(0.5)
        sup = a.superiors[0]
        supname = sup + ("办公厅" if sup.endswith(("省人民政府", "区人民政府")) and a.level != "county" else "办公室")
        template = self.rng.choice(lexicon.LOCAL_TITLES if local else lexicon.SUPERIOR_TITLES)
        title = template.format(year=self.year, place=a.place, name=a.name, supname=supname)
        issuer = self.rng.choice(a.issuers if local else a.cited_issuers)
        year = self.year - (1 if self.chance(0.25) else 0)
        seg = self.doc_number_seg(issuer, year, self.rng.randint(1, 180), own=False)
        left, right = ("（", "）") if not self.chance(0.1) else ("", "")
        return [Seg(f"《{title}》{left}"), seg, Seg(right)]

    def fresh(self, pool: tuple, count: int = 1) -> list:
        """``count`` items of ``pool`` not used before in this report (indicators never repeat)."""
        unused = [p for p in pool if p not in self.used]
        chosen = self.rng.sample(unused, min(count, len(unused)))
        self.used.update(chosen)
        return chosen

    # --- templates -----------------------------------------------------------------------

    def fill(self, template: str, **extra: Any) -> list[Seg]:
        """Fill ``{slot}`` placeholders (lexicon's module docstring lists them) into segments."""
        segs: list[Seg] = []
        peers = list(self.agency.peers)
        self.rng.shuffle(peers)
        for literal, slot in _parse(template):
            if literal:
                segs.append(Seg(literal))
            if not slot:
                continue
            if slot in extra:
                value = extra[slot]
                if isinstance(value, Seg):
                    segs.append(value)
                elif isinstance(value, list):
                    segs.extend(value)
                else:
                    segs.append(Seg(str(value)))
            elif slot == "self":
                segs.append(Seg(self.rng.choice(self.agency.self_refs)))
            elif slot == "As":
                if self.self_only:
                    segs.append(Seg(self.rng.choice(self.agency.self_refs)))
                else:
                    segs.append(self.agency_seg(self.rng.choice(self.agency.short_names)))
            elif slot == "A":
                segs.append(self.agency_seg(self.agency.name) if not self.self_only
                            else Seg(self.rng.choice(self.agency.self_refs)))
            elif slot in ("peer", "peer2"):
                index = 0 if slot == "peer" else 1
                segs.append(self.agency_seg(peers[index % len(peers)]))
            elif slot == "sup":
                segs.append(self.agency_seg(self.rng.choice(self.agency.superiors)))
            elif slot == "group":
                group = self.agency.group if self.chance(0.6) else _short_group(self.agency.group)
                segs.append(self.agency_seg(group))
            elif slot == "web":
                segs.append(Seg(self.agency.website))
            elif slot == "doc":
                segs.extend(self.cited_doc())
            elif slot == "date":
                segs.append(self.random_date_in_year())
            elif slot == "place":
                segs.append(Seg(self.agency.place))
            elif slot == "year":
                segs.append(Seg(str(self.year)))
            elif slot == "next":
                segs.append(Seg(str(self.year + 1)))
            elif slot == "lc":
                segs.append(Seg(self.level_char()))
            elif slot == "province":
                segs.append(Seg(self.agency.division.province))
            elif slot in ("party", "gov"):
                segs.append(self.agency_seg(self.level_body(slot)))
            elif slot == "peers":
                chosen = peers[2:2 + self.rng.randint(2, 3)] or peers[:1]
                for i, peer in enumerate(chosen):
                    if i:
                        segs.append(Seg("、"))
                    segs.append(self.agency_seg(peer))
            elif slot.startswith(("os:", "ov:")):
                segs.extend(self.counted(slot))
            else:
                raise KeyError(f"template slot {{{slot}}} has no value: {template!r}")
        return _merge(segs)

    def level_body(self, which: str) -> str:
        """The party committee (县委) or government (县政府) of the report's level."""
        level = {"county": self.agency.division.county[-1], "city": "市", "province": "省", "town": "镇",
                 "national": ""}[self.agency.level]
        if self.agency.place.endswith("街道"):
            level = "街道"
        if self.agency.level == "national":
            return "党中央" if which == "party" else "国务院"
        if level == "街道":
            return "街道党工委" if which == "party" else "街道办事处"
        return f"{level}委" if which == "party" else f"{level}政府"

    def counted(self, slot: str) -> list[Seg]:
        """``{os:NAME:UNIT:LO:HI}`` (name, value) or ``{ov:…}`` (value, name): a work count
        that maps to no field id; the same name never counts twice in one report."""
        kind, name, unit, lo, hi = slot.split(":")
        if name in self.used:
            name = name + "事项" if not name.endswith("事项") else "其他" + name
        self.used.add(name)
        name_seg, value_seg = self.prose_stat(None, name, self.rng.randint(int(lo), int(hi)), unit)
        if kind == "os":
            return [name_seg, value_seg]
        return [value_seg, name_seg]

    def para(self, template: str, kind: str = "p", **extra: Any) -> Para:
        return Para(self.fill(template, **extra), kind)

    # --- statistics ------------------------------------------------------------------------

    def prose_stat(self, field_id: str | None, name: str, value: int | float, unit: str,
                   *, exact: bool = False) -> tuple[Seg, Seg]:
        """The STAT_NAME and STAT_VALUE pieces of a statistic stated in prose, registered."""
        noise = self.config.noise
        if exact:
            printed, shown, approximate = (f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}",
                                           value, False)
        else:
            may_approximate = field_id is None or field_id in APPROXIMABLE
            printed, shown, approximate = write_count(
                self.rng, value, unit,
                approximate=noise.approximate_numbers if self.noise.get("approx") and may_approximate else 0.0,
                chinese=noise.chinese_numerals if self.noise.get("cn_numerals") else 0.0,
                full_width=0.5 if self.noise.get("fullwidth_digits") else 0.0)
        name_key, value_key = self.key("sn"), self.key("sv")
        self.mentions.append(Mention(field_id, name, shown, unit, approximate, printed, "prose",
                                     name_key, value_key))
        return Seg(name, "STAT_NAME", name_key), Seg(printed, "STAT_VALUE", value_key)

    def negation(self, field_ids: tuple[str, ...], clause: list[Seg]) -> list[Seg]:
        """A clause stating zeros by negation: no span, the clause is the evidence."""
        key = self.key("ng")
        text = "".join(s.text for s in clause)
        for fid in field_ids:
            unit = _unit(fid)
            self.mentions.append(Mention(fid, text, 0, unit, False, text, "prose", sentence_key=key))
        # the clause's own pieces keep their labels (AGENCY inside it); a keyed wrapper marks it
        return [Seg("", None, key + "<")] + clause + [Seg("", None, key + ">")]

    def table_stat(self, field_id: str | None, name: str, value: int | float, unit: str, printed: str,
                   name_key: str | None, approximate: bool = False) -> Seg:
        value_key = self.key("tv")
        self.mentions.append(Mention(field_id, name, value, unit, approximate, printed, "table", name_key, value_key))
        return Seg(printed, "STAT_VALUE", value_key)


#: Fields whose prose value may be approximate (余/多): totals, never their parts.
APPROXIMABLE = frozenset({"proactive.total", "proactive.website", "request.received", "training.trainees"})


@functools.lru_cache(maxsize=4096)
def _parse(template: str) -> tuple[tuple[str, str], ...]:
    parts = re.split(r"\{([^{}]+)\}", template)
    out = []
    for i in range(0, len(parts), 2):
        out.append((parts[i], parts[i + 1] if i + 1 < len(parts) else ""))
    return tuple(out)


def _merge(segs: list[Seg]) -> list[Seg]:
    """Join neighbouring plain pieces (fewer pieces, faster rendering)."""
    out: list[Seg] = []
    for seg in segs:
        if out and seg.label is None and seg.key is None and out[-1].label is None and out[-1].key is None:
            out[-1] = Seg(out[-1].text + seg.text)
        elif seg.text or seg.key:
            out.append(seg)
    return out


def _short_group(group: str) -> str:
    for word in ("政务公开工作领导小组办公室", "政务公开工作领导小组", "政务公开领导小组", "政府信息公开工作领导小组",
                 "政务信息公开工作领导小组"):
        if group.endswith(word):
            return word
    return group


@functools.cache
def _units() -> dict[str, str]:
    from gik_nlp.schema import FIELDS
    return {fid: spec.unit for fid, spec in FIELDS.items()}


def _unit(field_id: str) -> str:
    return _units().get(field_id, "件")


# --- the gold record -------------------------------------------------------------------------

def region(regions: dict[str, tuple[int, int]], key: str) -> tuple[int, int]:
    """Offsets of a keyed piece; a negation clause is keyed by its two empty end markers."""
    if key in regions:
        return regions[key]
    return regions[key + "<"][0], regions[key + ">"][1]


def _fmt(value: int | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def resolve_statistics(report: Report, text: str, regions: dict[str, tuple[int, int]],
                       lost: Sequence[LostRow] = ()
                       ) -> tuple[dict[str, Any], list[dict[str, Any]], list[str], list[str]]:
    """Statistics, other_statistics, warnings and notes from the mentions (record.md rules).

    A table value beats prose for the same field; a disagreeing (or approximate) prose value
    becomes a warning in the form of record.md's example; an agreeing one is a duplicate
    (noted). Headline fields of the 2019/2021 formats are derived from their table cells.
    The cells of a ``lost`` matrix row (its columns cannot be told from the text) are left
    out with a warning worded as the assembler's; their spans stay.
    """
    stats: dict[str, Any] = {}
    chosen: dict[str, Mention] = {}
    others: list[dict[str, Any]] = []
    warnings: list[str] = []
    notes: list[str] = []
    lost_keys = {key for row in lost for key in row.value_keys}
    for row in lost:
        printed_values = " ".join(text[slice(*regions[key])] for key in row.value_keys)
        warnings.append(f"table: {row.target}: {len(row.value_keys)} value(s) ({printed_values}) in a row of "
                        f"{row.columns} columns whose columns cannot be told apart; left out")

    def evidence(m: Mention) -> dict[str, Any]:
        if m.sentence_key:
            return {"sentence": list(region(regions, m.sentence_key))}
        ev: dict[str, Any] = {}
        if m.name_key:
            ev["name"] = list(regions[m.name_key])
        ev["value"] = list(regions[m.value_key])
        return ev

    def printed(m: Mention) -> str:
        if m.sentence_key:
            s, e = region(regions, m.sentence_key)
            return text[s:e]
        s, e = regions[m.value_key]
        return text[s:e]

    def name_text(m: Mention) -> str:
        if m.name_key:
            s, e = regions[m.name_key]
            return text[s:e]
        return ""

    mentions = [m for m in report.mentions if m.value_key not in lost_keys]
    if lost:
        notes.append(f"{len(lost_keys)} matrix cell(s) in {len(lost)} row(s) printed without their columns "
                     "(blank cells vanished): tagged, left out of statistics")
    ordered = sorted(mentions, key=lambda m: 0 if m.origin == "table" else 1)
    for m in ordered:
        if m.field is None:
            continue
        if m.field not in chosen:
            chosen[m.field] = m
            continue
        first = chosen[m.field]
        if first.origin == "table" and m.origin == "prose":
            if m.approximate:
                warnings.append(f"{m.field}: prose says {printed(m)} (approximate), table says {_fmt(first.value)}")
            elif m.value != first.value:
                warnings.append(f"{m.field}: table says {_fmt(first.value)}, prose says {_fmt(m.value)} "
                                f"({name_text(m)}{printed(m)})")
            else:
                notes.append(f"{m.field}: prose '{name_text(m)}{printed(m)}' repeats the table value")
        elif m.value != first.value:
            warnings.append(f"{m.field}: conflicting values {_fmt(first.value)} and {_fmt(m.value)} "
                            f"({name_text(m) or printed(m)})")
        else:
            notes.append(f"{m.field}: '{name_text(m)}{printed(m) if not m.sentence_key else ''}' restates "
                         f"the same value")
    for m in mentions:
        if m.field is not None:
            first = chosen[m.field]
            if first is m:
                stats[m.field] = {"value": m.value, "unit": m.unit, "approximate": m.approximate,
                                  "evidence": evidence(m)}
        else:
            others.append({"name": name_text(m) or m.name, "value": m.value, "unit": m.unit,
                           "approximate": m.approximate, "evidence": evidence(m)})
    if report.format in ("2019", "2021"):
        for hid, headline in HEADLINE.items():
            cells = headline.cells.get(report.format)
            if not cells or cells == (hid,):
                continue
            if not all(c in stats for c in cells):
                continue
            total = sum(stats[c]["value"] for c in cells)
            prose = chosen.get(hid)
            if prose is not None and prose.origin == "prose":
                if prose.approximate:
                    warnings.append(f"{hid}: prose says {printed(prose)} (approximate), table says {_fmt(total)}")
                elif prose.value != total:
                    warnings.append(f"{hid}: table says {_fmt(total)}, prose says {_fmt(prose.value)} "
                                    f"({name_text(prose)}{printed(prose)})")
                else:
                    notes.append(f"{hid}: prose '{name_text(prose)}{printed(prose)}' repeats the table cells")
            stats[hid] = {"value": total, "unit": stats[cells[0]]["unit"], "approximate": False, "derived": True,
                          "evidence": {"cells": list(cells)}}
    return stats, others, warnings, notes
