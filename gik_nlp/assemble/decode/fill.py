"""Fill and verify: the readings of each row's tokens, and the one the identities prove.

A row's tokens give its cells directly when there are as many as columns. Fewer tokens
than columns mean numbers ran together or blank cells collapsed: every way to cut the
tokens into the row's cells is a reading (a number never starts with 0 unless it is 0),
and so is every way to place them in order with the other cells blank. The readings that
the template's per-row identities and bounds accept are kept; then the table's per-column
identities choose among the rows' readings, each group of rows they tie on its own. A
cell is filled when every reading the identities accept agrees on it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from gik_nlp.assemble.decode.grid import Token
from gik_nlp.schema.templates import Identity, Template

#: A cell: (value, start, end, printed) — value None for a blank or a placeholder.
Cell = tuple[float | int | None, int, int, str]
Reading = tuple[Cell, ...]

#: Enumeration gives up past this many candidate readings of one row: a reading proven
#: among a list cut short proves nothing, so the row is then left out.
MAX_ENUMERATED = 300_000


class TooManyReadings(ValueError):
    """A row whose cells can be cut in more ways than are enumerated."""


#: Readings tried at most when choosing the rows an identity ties together (each group of
#: tied rows on its own); past it, the group's rows are left out.
MAX_JOINT = 50_000

_NUMBER = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$|^[+\-＋－](?:0|[1-9]\d*)(?:\.\d+)?$")


def parse_number(text: str) -> float | int | None:
    """A cell's number, or None when the text is no single number.

    >>> parse_number("12"), parse_number("012"), parse_number("3.50"), parse_number("-2")
    (12, None, 3.5, -2)
    """
    if not _NUMBER.match(text):
        return None
    text = text.replace("＋", "+").replace("－", "-")
    return float(text) if "." in text else int(text)


def _splits(token: Token, parts: int) -> list[tuple[Cell, ...]]:
    """Every way to cut a number token into ``parts`` numbers."""
    text = token.text
    if parts == 1:
        value = parse_number(text)
        return [((value, token.start, token.end, text),)] if value is not None else []
    out = []
    # every piece parsed once (a row cut many ways reads the same pieces again and again)
    pieces: dict[tuple[int, int], Cell | None] = {}
    for cuts in itertools.combinations(range(1, len(text)), parts - 1):
        bounds = (0, *cuts, len(text))
        cells = []
        for a, b in zip(bounds, bounds[1:]):
            cell = pieces.get((a, b), False)
            if cell is False:
                value = parse_number(text[a:b])
                cell = pieces[a, b] = None if value is None else (value, token.start + a, token.start + b, text[a:b])
            if cell is None:
                break
            cells.append(cell)
        else:
            out.append(tuple(cells))
            if len(out) > MAX_ENUMERATED:
                raise TooManyReadings(token.text)
    return out


def readings(tokens: Sequence[Token], ncols: int, accept=None) -> list[Reading]:
    """Every reading of a row's tokens as ``ncols`` cells (that ``accept`` accepts, when given);
    raises TooManyReadings when there are too many to enumerate.

    >>> from gik_nlp.assemble.decode.grid import tokens as tk
    >>> [tuple(c[0] for c in r) for r in readings(tk("500000 5", 0, 8), 7)]
    [(5, 0, 0, 0, 0, 0, 5)]
    >>> len(readings(tk("1234", 0, 4), 2))
    3
    """
    if not tokens:
        return []
    if len(tokens) == ncols:
        cells = []
        for t in tokens:
            if t.kind == "number":
                value = parse_number(t.text)
                if value is None:
                    return []
                cells.append((value, t.start, t.end, t.text))
            else:
                cells.append((None, t.start, t.end, t.text))
        return [tuple(cells)]
    if len(tokens) > ncols or any(t.explicit for t in tokens):
        return []
    out: list[Reading] = []
    if any(t.kind != "number" for t in tokens):
        return []
    extra = ncols - len(tokens)
    seen = 0
    # how many extra cells each token holds
    for shares in _compositions(extra, len(tokens)):
        options = [_splits(t, 1 + k) for t, k in zip(tokens, shares)]
        if any(not o for o in options):
            continue
        for combo in itertools.product(*options):
            seen += 1
            if seen > MAX_ENUMERATED:
                raise TooManyReadings(" ".join(t.text for t in tokens))
            reading = tuple(c for part in combo for c in part)
            if accept is None or accept(reading):
                out.append(reading)
    return out


def blank_readings(tokens: Sequence[Token], ncols: int) -> list[Reading]:
    """Readings where blank cells collapsed: the tokens as cells, the rest blank (in order)."""
    if not tokens or len(tokens) >= ncols or any(t.kind != "number" or t.explicit for t in tokens):
        return []   # tabs and pipes keep blank cells: nothing collapsed
    out = []
    for places in itertools.combinations(range(ncols), len(tokens)):
        cells: list[Cell] = [(None, tokens[0].start, tokens[0].start, "")] * ncols
        for place, t in zip(places, tokens):
            value = parse_number(t.text)
            if value is None:
                return []
            cells[place] = (value, t.start, t.end, t.text)
        out.append(tuple(cells))
    return out


def _compositions(total: int, parts: int):
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)


def _value(cells: Mapping[str, Cell | None], name: str) -> float | int | None:
    cell = cells.get(name)
    return None if cell is None else cell[0]


def holds(identity: Identity, template: Template, cells: Mapping[str, Cell | None]) -> bool | None:
    """Whether an identity holds over named cells (row ids or column ids, ``prefix.*``
    expanded over the template); None when it cannot be decided (a cell absent, every cell
    blank). The arithmetic is ``Identity.holds``: blank cells count 0."""
    lhs = template.expand(identity.lhs, identity.per)
    rhs = template.expand(identity.rhs, identity.per)
    return identity.holds({n: _value(cells, n) for n in (*lhs, *rhs) if n in cells}, lhs, rhs)


def row_ok(template: Template, columns: Sequence[str], reading: Reading) -> bool:
    """Whether a reading of one row passes the template's per-row identities and bounds; a
    negative number stands only in a signed column (本年增/减): every other cell is a count
    or an amount.

    >>> from gik_nlp.schema.templates import templates
    >>> t2 = templates()["disclosure_2019"]
    >>> cell = lambda v: (v, 0, 0, str(v))
    >>> row_ok(t2, ("previous_items", "change", "decisions"), (cell(2648), cell(-18), cell(538)))
    True
    >>> row_ok(t2, ("previous_items", "change", "decisions"), (cell(2), cell(648), cell(-18538)))
    False
    >>> row_ok(t2, ("made", "published_new", "public_total"), (cell(8), cell(989), cell(89)))
    False
    """
    for column, cell in zip(columns, reading):
        if cell[0] is not None and cell[0] < 0 and column not in template.signed:
            return False
    cells = dict(zip(columns, reading))
    return all(holds(i, template, cells) is not False for i in template.identities if i.per == "row")


def _column_checks(template: Template, options: Mapping[str, tuple[Sequence[str], list[Reading]]]):
    """The per-column identities as fast checks over {row id: reading} (same rules as ``holds``):
    (the rows a check reads, the check)."""
    checks = []
    for identity in template.identities:
        if identity.per != "column":
            continue
        lhs = template.expand(identity.lhs, "column")
        rhs = template.expand(identity.rhs, "column")
        if any(r not in options for r in lhs + rhs):
            continue   # a row the print leaves out: the identity cannot be checked
        for column in template.columns:
            places = [(r, list(options[r][0]).index(column)) for r in lhs + rhs if column in options[r][0]]
            if len(places) != len(lhs + rhs):
                continue

            def check(chosen, places=places, lhs=lhs, rhs=rhs, identity=identity):
                # a row with no reading yet is absent: the identity is then undecided, not broken
                values = {r: chosen[r][i][0] for r, i in places if r in chosen}
                return identity.holds(values, lhs, rhs) is not False
            checks.append((frozenset(r for r, _ in places), check))
    return checks


def _components(rows: Sequence[str], checks) -> list[list[str]]:
    """The open rows grouped by the checks that tie them (rows of different groups are chosen
    independently: their readings multiply)."""
    group = {rid: {rid} for rid in rows}
    for tied, _ in checks:
        members = [rid for rid in rows if rid in tied]
        for other in members[1:]:
            if group[other] is not group[members[0]]:
                merged = group[members[0]] | group[other]
                for rid in merged:
                    group[rid] = merged
    out, seen = [], set()
    for rid in rows:
        if id(group[rid]) not in seen:
            seen.add(id(group[rid]))
            out.append([r for r in rows if r in group[rid]])
    return out


def _joint(component: Sequence[str], options, fixed, checks, budget: int) -> list[dict[str, Reading]] | None:
    """Every choice of the component's rows' readings that passes the checks (a check is tried
    as soon as its last row is chosen); None past ``budget`` partial choices."""
    order = list(component)
    depth_of = {rid: i for i, rid in enumerate(order)}
    by_depth: list[list] = [[] for _ in order]
    for tied, check in checks:
        inside = [depth_of[r] for r in tied if r in depth_of]
        if inside:
            by_depth[max(inside)].append(check)
    chosen = {rid: r for rid, (cols, r) in fixed.items()}
    found: list[dict[str, Reading]] = []
    tried = 0

    def walk(depth: int) -> bool:
        nonlocal tried
        if depth == len(order):
            found.append({rid: chosen[rid] for rid in order})
            return True
        rid = order[depth]
        for reading in options[rid][1]:
            tried += 1
            if tried > budget:
                return False
            chosen[rid] = reading
            if all(check(chosen) for check in by_depth[depth]) and not walk(depth + 1):
                return False
        del chosen[rid]
        return True

    return found if walk(0) else None


def failing(template: Template, rows: Mapping[str, tuple[Sequence[str], Reading]]) -> list[str]:
    """The identities (with their column or row) that a complete reading violates."""
    out = []
    for identity in template.identities:
        if identity.per == "row":
            for rid, (cols, reading) in rows.items():
                if holds(identity, template, dict(zip(cols, reading))) is False:
                    out.append(f"row {rid}: {identity.text}")
        else:
            for column in template.columns:
                cells = {rid: dict(zip(cols, reading)).get(column) for rid, (cols, reading) in rows.items()
                         if column in cols}
                if holds(identity, template, {k: v for k, v in cells.items() if v is not None}) is False:
                    out.append(f"column {column}: {identity.text}")
    return out


def _agrees(rid: str, columns: Sequence[str], reading: Reading, prefer: Mapping[str, set]) -> bool:
    touched = False
    for column, cell in zip(columns, reading):
        stated = prefer.get(f"{rid}:{column}")
        if stated is not None and cell[0] is not None:
            if cell[0] not in stated:
                return False
            touched = True
    return touched


@dataclass
class Solution:
    """What the identities prove: per row, the cells every accepted reading agrees on
    (None where they differ), how many joint readings were accepted, and why a row is out."""

    cells: dict[str, list[Cell | None]]
    accepted: int
    ambiguous: dict[str, str]


def solve(template: Template, options: Mapping[str, tuple[Sequence[str], list[Reading]]],
          prefer: Mapping[str, set] | None = None) -> Solution:
    """Choose each row's reading so that every per-column identity holds.

    ``options``: row id → (its columns, its readings that pass the row identities).
    ``prefer``: cell values the report states elsewhere ("row:column" → values): among
    several accepted readings, those that agree with every stated value they touch win.
    """
    fixed = {rid: (cols, rs[0]) for rid, (cols, rs) in options.items() if len(rs) == 1}
    open_rows = [rid for rid, (cols, rs) in options.items() if len(rs) > 1]
    ambiguous: dict[str, str] = {rid: "no reading of its cells satisfies the row identities"
                                 for rid, (cols, rs) in options.items() if not rs}
    if not any(i.per == "column" for i in template.identities):
        # rows that no identity ties together are read each on its own
        cells: dict[str, list[Cell | None]] = {rid: list(r) for rid, (cols, r) in fixed.items()}
        for rid in open_rows:
            cols, rs = options[rid]
            # a stated figure no reading has (prose about something else: 现行有效 393 after a
            # clean-up, where the table's cut cannot give 393) says nothing about this row
            usable = {key: values for key, values in (prefer or {}).items()
                      if key.split(":")[0] == rid and any(
                          c[0] in values for r in rs for col, c in zip(cols, r) if f"{rid}:{col}" == key)}
            stated = [r for r in rs if _agrees(rid, cols, r, usable)] if usable else []
            rs = stated if stated else rs
            cells[rid] = [rs[0][i] if all(r[i] == rs[0][i] for r in rs) else None for i in range(len(cols))]
            if any(c is None for c in cells[rid]):
                ambiguous[rid] = f"{len(rs)} readings, no identity chooses"
        return Solution(cells, 1, ambiguous)
    checks = _column_checks(template, options)
    fixed_checks = [check for tied, check in checks if not (tied & set(open_rows))]
    accepted_by: list[list[dict[str, Reading]]] = []
    consistent = all(check({rid: r for rid, (cols, r) in fixed.items()}) for check in fixed_checks)
    for component in _components(open_rows, checks) if consistent else []:
        found = _joint(component, options, fixed, [c for c in checks if c[0] & set(component)], MAX_JOINT)
        if found is None:
            for rid in component:
                ambiguous[rid] = f"{len(options[rid][1])} readings, too many to try together"
            continue
        if not found:
            consistent = False
            break
        if prefer and len(found) > 1:
            best = max(_matches(choice, options, prefer) for choice in found)
            if best:
                found = [choice for choice in found if _matches(choice, options, prefer) == best]
        accepted_by.append(found)
    if not consistent:
        # Nothing satisfies every identity: rows printed unambiguously keep their cells (the
        # failing identities are then the source's), rows that needed the identities are out.
        for rid in open_rows:
            ambiguous[rid] = "no reading satisfies the table's identities"
        return Solution({rid: list(r) for rid, (cols, r) in fixed.items()}, 0, ambiguous)
    cells: dict[str, list[Cell | None]] = {rid: list(r) for rid, (cols, r) in fixed.items()}
    accepted = 1
    for found in accepted_by:
        accepted *= len(found)
        for rid in found[0]:
            seen_readings = {choice[rid] for choice in found}
            row_cells: list[Cell | None] = []
            for index in range(len(options[rid][0])):
                seen = {reading[index] for reading in seen_readings}
                row_cells.append(seen.pop() if len(seen) == 1 else None)
            cells[rid] = row_cells
            if any(c is None for c in row_cells):
                ambiguous[rid] = f"{len(seen_readings)} readings satisfy the identities"
    return Solution(cells, accepted, ambiguous)


def _matches(choice: Mapping[str, Reading], options, prefer: Mapping[str, set]) -> int:
    """How many cells of a choice hold a value the report states elsewhere."""
    return sum(1 for rid, reading in choice.items()
               for column, cell in zip(options[rid][0], reading)
               if cell[0] is not None and cell[0] in prefer.get(f"{rid}:{column}", ()))


__all__ = ["Cell", "MAX_ENUMERATED", "Reading", "Solution", "TooManyReadings", "blank_readings", "failing", "parse_number", "readings", "solve"]
