"""Noise of real copies (formats.md "Noise"), applied so the gold record stays right.

Character noise (traditional characters, pinyin glosses, ASCII punctuation) is a per-piece
transform applied while the text is laid out, so span boundaries never move. Structural
noise (spam site names, navigation lines, a publishing notice around the report, Word and
OCR artefacts) adds blocks around or inside the report; a spam name is never tagged and
never becomes the agency.
"""

from __future__ import annotations

import functools
import random
from typing import Callable

from gik_nlp.synth import lexicon
from gik_nlp.synth.blocks import Block, Para, Seg
from gik_nlp.synth.report import Report
from gik_nlp.synth.written import write_date

_ASCII = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"})
_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
_PINYIN_CHARS = set("abcdefghijklmnopqrstuvwxyzü") | _TONE_MARKS


@functools.cache
def _s2t() -> Callable[[str], str]:
    import opencc
    return opencc.OpenCC("s2t").convert


@functools.lru_cache(maxsize=8192)
def traditional(text: str) -> str:
    """Simplified → traditional characters (cached: table pieces repeat)."""
    return _s2t()(text)


@functools.lru_cache(maxsize=4096)
def _pinyin(char: str) -> str:
    from pypinyin import Style, pinyin
    return pinyin(char, style=Style.TONE)[0][0]


def make_transform(rng: random.Random, *, to_traditional: bool, glosses: bool, ascii_punct: bool
                   ) -> Callable[[str, bool], str] | None:
    """The character transform of one document, or None when it has no character noise.

    Glosses follow characters whose traditional form differs (動(dòng)), as in scraped
    copies. Inside a span only tone-marked glosses are written, which the reader drops;
    toneless ones (們(men)) survive normalisation and so stay outside spans.
    """
    if not (to_traditional or ascii_punct):
        return None
    gloss_rate = rng.uniform(0.2, 0.7) if glosses else 0.0

    def transform(text: str, labeled: bool) -> str:
        if to_traditional:
            converted = traditional(text)
            if gloss_rate and len(converted) == len(text):
                out = []
                for simple, trad in zip(text, converted):
                    out.append(trad)
                    if trad != simple and "\u4e00" <= trad <= "\u9fff" and rng.random() < gloss_rate:
                        syllable = _pinyin(simple)
                        if not syllable or not set(syllable) <= _PINYIN_CHARS:
                            continue
                        if labeled and not set(syllable) & _TONE_MARKS:
                            continue   # a toneless gloss would survive normalisation inside the span
                        out.append(f"({syllable})")
                converted = "".join(out)
            text = converted
        if ascii_punct:
            text = text.translate(_ASCII)
        return text

    return transform


# --- spam and navigation --------------------------------------------------------------------

def spam_name(rng: random.Random) -> str:
    return rng.choice(lexicon.SPAM_PARTS_A) + rng.choice(lexicon.SPAM_PARTS_B)


def word_salad(rng: random.Random) -> str:
    chars = lexicon.SALAD
    words = ["".join(rng.choice(chars) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 6))]
    return ",".join(["".join(words[:2])] + words[2:]) + "。"


def page_header(r: Report, spam: str | None, nav: bool) -> list[Block]:
    """A scraped page's top: page title (maybe with a spam site name), navigation lines,
    发布时间 (a DATE), 发布机构 (an AGENCY), 来源, 本文地址, 文章摘要."""
    rng = r.rng
    a = r.agency
    blocks: list[Block] = []
    title_text = f"{a.name}{r.year}年度政府信息公开工作年度报告"
    if spam:
        blocks.append(Para([Seg(rng.choice(["? ", "", "\ufeff"])), Seg(a.name, "AGENCY", r.key("a")),
                            Seg(f"{r.year}年度政府信息公开工作年度报告 - {spam}")], "line"))
        r.notes.append(f"noise: spam site name {spam!r} in the page title and summary (not tagged, not the agency)")
    if nav:
        for line in rng.sample(lexicon.NAV_LINES, rng.randint(1, 3)):
            blocks.append(Para([Seg(line)], "line"))
        if spam:
            blocks.append(Para([Seg(title_text.replace(a.name, "")), ], "line") if rng.random() < 0.2 else
                          Para([Seg(a.name, "AGENCY", r.key("a")), Seg(f"{r.year}年度政府信息公开工作年度报告")], "line"))
        y, m, d = r.year + 1, rng.randint(1, 3), rng.randint(1, 28)
        form = rng.choice(["iso", "iso", "cn"])
        date = Seg(write_date(y, m, d, form), "DATE", r.key("d"))
        blocks.append(Para([Seg(rng.choice(["发布时间:", "发布时间：", "发布日期："])), date], "line"))
        r.page_date = f"{y:04d}-{m:02d}-{d:02d}"
        publisher = a.superiors[0] if a.level in ("town",) or rng.random() < 0.3 else a.name
        blocks.append(Para([Seg(rng.choice(["发布机构:", "发布机构：", "信息来源："])),
                            Seg(publisher, "AGENCY", r.key("a"))], "line"))
        for line in rng.sample(["【字体:", "来源:", "浏览次数：", "【打印本页】 【关闭窗口】"], rng.randint(0, 2)):
            blocks.append(Para([Seg(line)], "line"))
        host = f"www.{''.join(rng.choice('abcdefghijkmnpqrstuvwxyz') for _ in range(5))}.com.cn" if spam else a.domain
        blocks.append(Para([Seg(f"本文地址:http://{host}/cms/html/{rng.randint(1000, 9999)}/"
                                f"{r.year + 1}-{m:02d}-{d:02d}/{rng.randint(10000000, 99999999)}.html")], "line"))
        r.noise["nav_lines"] = True
        r.notes.append("noise: navigation lines of a scraped page")
    if spam:
        blocks.append(Para([Seg("文章摘要:"), Seg(a.name, "AGENCY", r.key("a")),
                            Seg(f"{r.year}年度政府信息公开工作年度报告 ,{word_salad(rng)}")], "line"))
    return blocks


def splice_spam(r: Report, blocks: list[Block], spam: str) -> None:
    """Splice the spam name into one body paragraph (``广东快乐十分官方网:清晰明了``)."""
    paras = [i for i, b in enumerate(blocks) if isinstance(b, Para) and b.kind == "p" and len(b.segs) > 1]
    if not paras:
        return
    i = r.rng.choice(paras)
    segs = list(blocks[i].segs)
    j = r.rng.randrange(len(segs))
    if segs[j].label or segs[j].key:
        segs.insert(j, Seg(f"{spam}:"))
    else:
        text = segs[j].text
        cut = r.rng.randint(0, len(text))
        segs[j] = Seg(text[:cut] + f"{spam}:" + text[cut:])
    blocks[i] = Para(segs, "p")


def spam_agency_title(r: Report, spam: str) -> Para | None:
    """The spam name spliced into the body's own name at the top of a mirrored copy:
    ``<spam>区人民政府江城街道办事处…``. The span covers what remains of the body's name
    after the spam; the record's agency comes from the signature."""
    a = r.agency
    name = a.name
    place = a.division.county
    if name.startswith(place) and len(place) > 1:
        rest = place[-1] + name[len(place):]
    else:
        rest = name[len(a.place_short):] if name.startswith(a.place_short) else name
    if len(rest) < 3 or rest == name:
        return None   # nothing of the name would be left to tag (海关总署)
    r.notes.append(f"noise: spam site name {spam!r} spliced into the agency name; tagged AGENCY {rest!r} "
                   "(the remainder), the agency comes from the signature")
    return Para([Seg(f"《{spam}:"), Seg(rest, "AGENCY", r.key("a")),
                 Seg(f"{r.year}年度政府信息公开工作年度报告》")], "line")


# --- Word and OCR artefacts, publishing notice ---------------------------------------------------

def word_artifacts(r: Report, blocks: list[Block]) -> None:
    """``[bookmark: _GoBack]`` before a paragraph, ``[image: imageN.jpg]`` plus OCR junk lines."""
    rng = r.rng
    paras = [i for i, b in enumerate(blocks) if isinstance(b, Para) and b.kind == "p"]
    if not paras:
        return
    if rng.random() < 0.6:
        i = rng.choice(paras)
        blocks[i] = Para([Seg("[bookmark: _GoBack]")] + list(blocks[i].segs), "p")
    if rng.random() < 0.7:
        i = rng.choice(paras)
        junk = [Para([Seg(f"[image: image{rng.randint(1, 9)}.{rng.choice(['jpg', 'png', 'jpeg'])}]")], "line")]
        junk += [Para([Seg(line)], "line") for line in rng.sample(lexicon.JUNK_LINES, rng.randint(0, 2))]
        blocks[i + 1:i + 1] = junk
    r.notes.append("noise: Word bookmark / image placeholders and OCR junk lines (untagged)")


def notice_wrapper(r: Report, report_title_text: str) -> tuple[list[Block], list[Block]]:
    """A publishing notice around the report: its title with the notice's 文号 (the report's
    own number in the record), the addressees, one sentence, the issuer and date; returns
    (blocks before the report, blocks after it)."""
    rng = r.rng
    a = r.agency
    issuer_body = a.name
    issuer = rng.choice(a.issuers) if a.issuers else a.cited_issuers[0]
    serial = rng.randint(1, 120)
    docno = r.doc_number_seg(issuer, r.year + 1, serial, own=True)
    verb = rng.choice(["公布", "印发", "发布"])
    bracket = rng.choice([("（", "）"), ("(", ")"), ("", "")])
    before: list[Block] = [
        Para([Seg(issuer_body, "AGENCY", r.key("a")), Seg(f"关于{verb}《{report_title_text}》的通知")], "line"),
        Para([Seg(bracket[0]), docno, Seg(bracket[1])], "line"),
        Para([Seg(rng.choice([f"各乡镇人民政府，{r.level_char()}政府各部门、各直属机构：", "各有关单位：",
                              "各科室、局属各单位：", f"各街道办事处，{r.level_char()}政府各部门："]))], "p"),
        Para([Seg(f"现将《{report_title_text}》{verb}给你们，请{rng.choice(['认真贯彻落实', '遵照执行', '结合实际抓好落实'])}。")], "p"),
    ]
    after: list[Block] = []
    r.notes.append("noise: publishing notice wrapped around the report; its 文号 is recorded as the report's "
                   "doc_number (the number the report was issued under)")
    return before, after
