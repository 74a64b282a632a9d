"""One fixed train/dev/test split of a set of real reports, decided before anyone reads them.

The rule (docs/evaluation.md): documents are grouped into strata by the manifest's *guessed*
format and year band (never by what annotation found, so the split cannot depend on the
annotation); within each stratum they are ranked by ``sha256(corpus id)`` and the first 60%
are ``train``, the next 20% ``dev``, the rest ``test`` (shares rounded per stratum). Rules,
thresholds, features and model choices are tuned on train and dev; test is scored to
report, never to tune.

The split is written to a list file (``corpus/splits/openings.tsv``: ``id<TAB>split`` lines,
ids only) and into each built document.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from gik_nlp.corpus.format import SPLITS, CorpusError

#: Shares of train, dev and test within each stratum.
SHARES = (0.6, 0.2, 0.2)
#: Year bands (first year, last year, name): the manifest README's bands.
YEAR_BANDS = ((0, 2012, "2008-2012"), (2013, 2018, "2013-2018"), (2019, 2020, "2019-2020"),
              (2021, 9999, "2021-"))


def year_band(year: int | None) -> str:
    """The band of a year.

    >>> year_band(2010), year_band(2018), year_band(2020), year_band(2025), year_band(None)
    ('2008-2012', '2013-2018', '2019-2020', '2021-', 'unknown')
    """
    if not isinstance(year, int):
        return "unknown"
    return next(name for low, high, name in YEAR_BANDS if low <= year <= high)


def rank_key(doc_id: str) -> str:
    """What orders documents within a stratum: the sha256 of the id."""
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()


def stratified_split(strata: Mapping[str, str], shares: tuple[float, float, float] = SHARES) -> dict[str, str]:
    """id → split, given id → stratum: per stratum, rank by sha256(id); first share train, then dev, then test.

    >>> s = stratified_split({f"d{i}": "x" for i in range(10)})
    >>> sorted(s.values()).count("train"), sorted(s.values()).count("dev"), sorted(s.values()).count("test")
    (6, 2, 2)
    """
    by_stratum: dict[str, list[str]] = {}
    for doc_id, stratum in strata.items():
        by_stratum.setdefault(stratum, []).append(doc_id)
    out: dict[str, str] = {}
    for ids in by_stratum.values():
        ids.sort(key=rank_key)
        n = len(ids)
        n_test = round(shares[2] * n)
        n_dev = round(shares[1] * n)
        n_train = n - n_dev - n_test
        for i, doc_id in enumerate(ids):
            out[doc_id] = "train" if i < n_train else "dev" if i < n_train + n_dev else "test"
    return dict(sorted(out.items()))


def _numbered_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of each non-blank line of a UTF-8 file; CorpusError naming it when unreadable."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read ({exc})") from exc
    return [(lineno, line) for lineno, line in enumerate(lines, 1) if line.strip()]


def manifest_strata(manifest: Path, root: str = "openings") -> dict[str, str]:
    """corpus id (``<root>-<id>``) → stratum ``<format guess>/<year band>`` from a manifest.jsonl."""
    strata: dict[str, str] = {}
    for lineno, line in _numbered_lines(manifest):
        try:
            entry = json.loads(line)
            strata[f"{root}-{entry['id']}"] = f"{entry.get('format') or 'unknown'}/{year_band(entry.get('year'))}"
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{manifest}:{lineno}: not a manifest entry ({exc!r})") from exc
    return strata


def write_split_file(splits: Mapping[str, str], path: Path, header: Iterable[str] = ()) -> None:
    """Write ``id<TAB>split`` lines (ids only), after ``# `` comment lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# {line}" for line in header] + [f"{doc_id}\t{split}" for doc_id, split in sorted(splits.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_split_file(path: Path) -> dict[str, str]:
    """id → split from a split list file; CorpusError naming the file and line when malformed."""
    out: dict[str, str] = {}
    for lineno, line in _numbered_lines(path):
        if line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[1] not in SPLITS:
            raise CorpusError(f"{path}:{lineno}: expected 'id<TAB>train|dev|test', found {line!r}")
        out[parts[0]] = parts[1]
    return out


__all__ = ["SHARES", "YEAR_BANDS", "manifest_strata", "rank_key", "read_split_file", "stratified_split",
           "write_split_file", "year_band"]
