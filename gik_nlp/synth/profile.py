"""Simple statistics of a set of documents, to hold synthetic reports against real ones.

``profile(docs)`` gives length, spans per 1,000 characters by label, the share of table
lines and the formats; ``text_profile(texts)`` the label-free part for raw texts;
``compare_table`` prints profiles side by side. Table lines are found by one heuristic
applied to every text alike (tab or pipe cells, number-only lines, rows ending in
numbers, and short label lines next to those), so the comparison is fair even where
it misjudges a line.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from gik_nlp.corpus.format import AnnotatedDocument
from gik_nlp.schema import LABELS

_NUMBER_CELL = re.compile(r"^[+\-]?\d[\d,.]*\s*(?:万元|元|%|条|件|次|个|人次|人|篇|项)?$|^(?:——|—|/|-|不适用)$")
_NUMBER_ROW = re.compile(r"(?:\s[+\-]?\d[\d,.]*){2,}\s*$")


def table_line_flags(text: str) -> list[bool | None]:
    """Per line: True for a table line, False for other text, None for a blank line."""
    lines = text.split("\n")
    flags: list[bool | None] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            flags.append(None)
        elif line.startswith("\t") or "\t" in stripped or "|" in stripped or _NUMBER_CELL.match(stripped) \
                or _NUMBER_ROW.search(stripped):
            flags.append(True)
        else:
            flags.append(False)
    strong = [i for i, f in enumerate(flags) if f]
    nonblank = [i for i, f in enumerate(flags) if f is not None]
    position = {line: k for k, line in enumerate(nonblank)}
    for i in strong:
        k = position[i]
        for j in nonblank[max(0, k - 2):k + 3]:
            stripped = lines[j].strip()
            if flags[j] is False and len(stripped) <= 30 and "。" not in stripped and "，" not in stripped:
                flags[j] = True
    return flags


def table_share(text: str) -> float:
    flags = [f for f in table_line_flags(text) if f is not None]
    return sum(flags) / len(flags) if flags else 0.0


def text_profile(texts: Sequence[str]) -> dict[str, Any]:
    """Length and table-line share of raw texts (no labels needed)."""
    lengths = [len(t) for t in texts]
    return {"documents": len(texts), "chars_mean": statistics.mean(lengths) if lengths else 0.0,
            "chars_median": statistics.median(lengths) if lengths else 0.0,
            "table_line_share": statistics.mean(table_share(t) for t in texts) if texts else 0.0}


def profile(docs: Iterable[AnnotatedDocument]) -> dict[str, Any]:
    """Length, labels per 1,000 characters, table lines, statistics per document, formats."""
    docs = list(docs)
    out = text_profile([d.text for d in docs])
    chars = sum(len(d.text) for d in docs) or 1
    labels = Counter(s.label for d in docs for s in d.spans)
    for label in LABELS:
        out[f"{label} per 1k chars"] = 1000 * labels[label] / chars
    out["statistics per doc"] = statistics.mean(len(d.record.get("statistics") or {}) for d in docs) if docs else 0
    out["other_statistics per doc"] = (statistics.mean(len(d.record.get("other_statistics") or []) for d in docs)
                                       if docs else 0)
    formats = Counter(d.format for d in docs)
    out["formats"] = ", ".join(f"{k} {v}" for k, v in sorted(formats.items()))
    return out


def compare_table(profiles: dict[str, dict[str, Any]]) -> str:
    """Profiles side by side, one row per measure (a Markdown table)."""
    names = list(profiles)
    keys: list[str] = []
    for prof in profiles.values():
        keys.extend(k for k in prof if k not in keys)
    rows = ["| measure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key in keys:
        cells = []
        for name in names:
            value = profiles[name].get(key, "")
            cells.append(f"{value:.3g}" if isinstance(value, float) else str(value))
        rows.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
