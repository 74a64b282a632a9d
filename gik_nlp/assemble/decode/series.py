"""Identities across consecutive reports of one body (templates.yaml ``series``).

The 2019 表二 prints 上一年项目数量 and 本年增/减 per row, so year N+1's 上一年项目数量 is
year N's 上一年项目数量 plus its 本年增/减. Where a row's digits run together, no identity
inside one report chooses its cut; the other year's report may. ``series_limits`` takes the
decodings of a body's reports for years N and N+1 and keeps, for each row the identity names,
the readings of each report that satisfy it with some reading of the other; ``decode_tables``
then fills a cell only when every reading kept agrees on it (as the rest of the decoder does).
Which reports are one body's consecutive years is the caller's to say (batch_series.chain_series).
"""

from __future__ import annotations

from gik_nlp.assemble.decode import Decoding, DecodedTable, SeriesLimit
from gik_nlp.assemble.decode.fill import Reading
from gik_nlp.schema.templates import SeriesIdentity


def _value(columns: tuple[str, ...], reading: Reading, column: str) -> float | int | None:
    return reading[columns.index(column)][0]


def satisfies(identity: SeriesIdentity, earlier: tuple[tuple[str, ...], Reading],
              later: tuple[tuple[str, ...], Reading]) -> bool:
    """Whether a reading of a row in year N and one in year N+1 satisfy the identity
    (``Identity.holds``: blank parts count 0); a pair where every cell it names is blank
    satisfies nothing (there is nothing to check).

    >>> from gik_nlp.schema.templates import templates
    >>> chain = templates()["disclosure_2019"].series[0]
    >>> cols, cell = ("previous_items", "change", "decisions"), (lambda v: (v, 0, 0, ""))
    >>> satisfies(chain, (cols, (cell(396), cell(0), cell(181))), (cols, (cell(396), cell(44), cell(2278))))
    True
    >>> satisfies(chain, (cols, (cell(39), cell(60), cell(181))), (cols, (cell(396), cell(44), cell(2278))))
    False
    >>> satisfies(chain, (cols, (cell(None), cell(None), cell(1))), (cols, (cell(None), cell(2), cell(3))))
    False
    """
    values = {c: _value(earlier[0], earlier[1], c) for c in identity.columns}
    values[identity.identity.lhs[0]] = _value(later[0], later[1], identity.next_column)  # year N+1's cell
    return identity.identity.holds(values) is True


def _table(decoding: Decoding, identity: SeriesIdentity) -> DecodedTable | None:
    """The one table of a decoding whose template holds the identity (None when none or several)."""
    found = [t for t in decoding.tables if identity in t.template.series]
    return found[0] if len(found) == 1 else None


def series_limits(earlier: Decoding, later: Decoding, earlier_source: str = "the previous year's report",
                  later_source: str = "the next year's report") -> tuple[list[SeriesLimit], list[SeriesLimit]]:
    """What two consecutive reports of one body (years N and N+1, the same template) prove of
    each other's rows: (limits for year N's decoding, limits for year N+1's), for
    ``decode_tables(series=...)``. A row gets a limit only where the identity drops some of its
    readings; a row no pair of readings satisfies gets none (the identity then says nothing:
    a body that renamed or merged its items)."""
    for_earlier: list[SeriesLimit] = []
    for_later: list[SeriesLimit] = []
    templates = {t.template.name: t.template for t in earlier.tables if t.template.series}
    for template in templates.values():
        for identity in template.series:
            a, b = _table(earlier, identity), _table(later, identity)
            if a is None or b is None or a.template is not b.template:
                continue
            for rid in identity.rows:
                if rid not in a.options or rid not in b.options:
                    continue
                (a_cols, a_rs), (b_cols, b_rs) = a.options[rid], b.options[rid]
                pairs = [(x, y) for x in a_rs for y in b_rs if satisfies(identity, (a_cols, x), (b_cols, y))]
                if not pairs:
                    continue
                kept_a = {tuple(c[0] for c in x) for x, _ in pairs}
                kept_b = {tuple(c[0] for c in y) for _, y in pairs}
                if len(kept_a) < len({tuple(c[0] for c in x) for x in a_rs}):
                    for_earlier.append(SeriesLimit(template.name, rid, frozenset(kept_a), identity.text, later_source))
                if len(kept_b) < len({tuple(c[0] for c in y) for y in b_rs}):
                    for_later.append(SeriesLimit(template.name, rid, frozenset(kept_b), identity.text, earlier_source))
    return for_earlier, for_later


__all__ = ["satisfies", "series_limits"]
