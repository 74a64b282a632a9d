"""From decoded tables to the assembler's pairings (the record is built in record.py).

Decoded cells are the strongest evidence a report gives: a field the decoder filled is
taken from it, the fallback row reader's pairings for that field are dropped, and so are prose
pairings whose value stands inside a decoded table (numbers run together read as one).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from gik_nlp.assemble.decode import Decoding
from gik_nlp.assemble.numbers import parse_quantity
from gik_nlp.assemble.prose import clause_bounds
from gik_nlp.assemble.decode.fallback import TableReading
from gik_nlp.assemble.pairing import Pairing
from gik_nlp.schema import FIELDS, HEADLINE
from gik_nlp.types import Span


def decoded_pairings(decoding: Decoding, values: Sequence[Span] = ()) -> list[Pairing]:
    """One pairing per filled cell that holds a number (placeholders stay out: not 0);
    ``values`` (the tagger's STAT_VALUE spans) only say whether the tagger saw the cell."""
    out = []
    for cell in decoding.cells:
        if cell.value is None:
            continue
        unit = FIELDS[cell.field_id].unit if cell.field_id else ""
        tagged = any(v.start <= cell.span[0] and cell.span[1] <= v.end for v in values)
        out.append(Pairing(cell.field_id, cell.name, cell.label_span, cell.span, cell.text, unit,
                           cell.confidence, "table", tagged))
    return out


def merge_decoded(table: Sequence[Pairing], prose: Sequence[Pairing], decoding: Decoding,
                  values: Sequence[Span] = ()) -> tuple[list[Pairing], list[Pairing]]:
    """(table pairings, prose pairings) with the decoded cells first and what they replace removed."""
    decoded = decoded_pairings(decoding, values)
    filled = {p.field_id for p in decoded if p.field_id}
    names = {p.name for p in decoded if not p.field_id}
    # a fallback pairing goes when the decoder filled its field; one with no field, when the
    # decoder kept the same name or its value stands inside a decoded table
    kept_table = [p for p in table if p.field_id not in filled and not (
        p.field_id is None and (p.name in names or decoding.covers(*p.value_span)))]
    kept_prose = [p for p in prose if not decoding.covers(*p.value_span)]
    return decoded + kept_table, kept_prose


def _named_values(text: str, values: Sequence[Span], decoding: Decoding) -> dict[str, set[float | int]]:
    """Values tagged in prose whose clause, before the value, prints the name of a cell the
    decoder left out ("全区主动公开政府信息2122条" for 主动公开文件数), whether or not the
    tagger tagged the name."""
    names: dict[str, tuple[str, ...]] = {}
    for table in decoding.tables:
        template = table.template
        for row in template.rows:
            fields = [template.field_id(row.id, c) for c in row.columns]
            fields = [f for f in fields if f]
            # a row's name tells its cell only where the row has one field (a 统计表 row's
            # 本年度; not 表二's 本年制发/本年废止/现行有效 of one 行政规范性文件 row)
            if len(fields) == 1 and fields[0] in table.left_out and fields[0] in FIELDS:
                printed = (FIELDS[fields[0]].zh, *FIELDS[fields[0]].aliases, *row.labels)
                names[fields[0]] = tuple(n for n in printed if len(n) >= 4)
    cells = _column_cells(decoding)
    out: dict[str, set[float | int]] = {}
    if not names and not cells:
        return out
    for span in values:
        if decoding.covers(span.start, span.end):
            continue
        quantity = parse_quantity(span.text)
        if quantity is None or quantity.approximate:
            continue
        left, _ = clause_bounds(text, span.start, span.end)
        clause = text[left:span.start]
        for field_id, printed in names.items():
            if any(name in clause for name in printed):
                out.setdefault(field_id, set()).add(quantity.value)
        for field_id in column_named(clause, cells):
            out.setdefault(field_id, set()).add(quantity.value)
    return out


#: What may stand between a row's label and its figure in prose ("规范性文件共88件").
_BEFORE_FIGURE = re.compile(r"[共计为有达:： \u3000]{0,3}$")

#: A cell of a several-column row named in prose: its row's labels, its column's words, and
#: the words of the row's other columns (which must not be named in the same clause).
ColumnCell = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _column_cells(decoding: Decoding) -> dict[str, ColumnCell]:
    """Left-out cells of several-column rows that prose can name (templates.yaml prose_columns)."""
    out: dict[str, ColumnCell] = {}
    for table in decoding.tables:
        template = table.template
        words = dict(template.prose_columns)
        for row in template.rows:
            if len(row.columns) < 2:
                continue
            for column in row.columns:
                field_id = template.field_id(row.id, column)
                if field_id and field_id in table.left_out and column in words:
                    others = tuple(w for c in row.columns if c != column for w in words.get(c, ()))
                    out[field_id] = (row.labels, words[column], others)
    return out


def column_named(clause: str, cells: dict[str, ColumnCell]) -> list[str]:
    """The cells a prose clause names just before its figure: the clause ends with the row's
    label (a filler word at most between it and the number) and names exactly one of the
    row's columns before it.

    >>> cells = {"d.normative.made": (("行政规范性文件", "规范性文件"), ("制发",), ("废止", "现行有效")),
    ...          "d.normative.in_force": (("行政规范性文件", "规范性文件"), ("现行有效",), ("制发", "废止"))}
    >>> column_named("动态更新本年度制发的规范性文件", cells), column_named("集中公开现行有效行政规范性文件", cells)
    (['d.normative.made'], ['d.normative.in_force'])
    >>> column_named("政策、规范性文件类信息", cells), column_named("制发并废止规范性文件", cells)
    ([], [])
    """
    out = []
    for field_id, (labels, own, others) in cells.items():
        for label in labels:
            at = clause.rfind(label)
            if at < 0 or not _BEFORE_FIGURE.fullmatch(clause[at + len(label):]):
                continue
            before = clause[:at]
            if any(w in before for w in own) and not any(w in before for w in others):
                out.append(field_id)
            break
    return out


def stated_values(prose: Sequence[Pairing], decoding: Decoding, text: str = "",
                  values: Sequence[Span] = ()) -> dict[str, set[float | int]]:
    """Field values the report states in prose (outside its tables), headline fields also
    under the cell that holds them in each format ("收到70件申请" → apply.new.total); with
    ``text`` and the STAT_VALUE spans, also values whose clause names a left-out cell."""
    out: dict[str, set[float | int]] = _named_values(text, values, decoding) if text else {}
    for pairing in prose:
        if not pairing.field_id or decoding.covers(*pairing.value_span):
            continue
        quantity = parse_quantity(pairing.value_text)
        if quantity is None or quantity.approximate:
            continue
        out.setdefault(pairing.field_id, set()).add(quantity.value)
    for hid, headline in HEADLINE.items():
        if hid in out:
            for cells in headline.cells.values():
                if len(cells) == 1:
                    out.setdefault(cells[0], set()).update(out[hid])
    return out


def with_decoded(reading: TableReading, decoding: Decoding) -> TableReading:
    """The line reader's result with the decoded tables' evidence of the format added."""
    markers = set(reading.markers)
    for table in decoding.tables:
        formats = table.template.formats
        if len(formats) == 1 and table.cells and table.format_known:
            markers.add(f"format:{formats[0]}")
    matrices = set(reading.matrices) | {t.template.matrix for t in decoding.tables if t.template.matrix}
    return replace(reading, markers=markers, matrices=matrices)


__all__ = ["decoded_pairings", "merge_decoded", "stated_values", "with_decoded"]
