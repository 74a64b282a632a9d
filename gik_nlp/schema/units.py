"""One canonical unit per field: a value printed in another unit, converted.

``fields.yaml`` gives every field its unit and, under ``unit_conversions``, the factors
from printed units into a canonical one (元 → 万元). ``canonical(value, printed_unit,
unit)`` gives the value in ``unit``, or None when the printed unit cannot be converted.
Arithmetic is decimal, so 300 元 is exactly 0.03 万元.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from gik_nlp.schema import FIELDS_YAML, SchemaError, fields_yaml

#: Multipliers a printed unit may carry before the field's own unit (6.8万条 for 条).
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


@functools.cache
def conversions() -> dict[str, dict[str, Decimal]]:
    """Canonical unit → {printed unit: factor}, from ``unit_conversions`` of fields.yaml."""
    raw = fields_yaml().get("unit_conversions") or {}
    out: dict[str, dict[str, Decimal]] = {}
    for unit, table in raw.items():
        if not isinstance(table, dict):
            raise SchemaError(f"{FIELDS_YAML.name}: unit_conversions: {unit}: expected a mapping")
        try:
            out[str(unit)] = {str(k): Decimal(str(v)) for k, v in table.items()}
        except ArithmeticError as exc:
            raise SchemaError(f"{FIELDS_YAML.name}: unit_conversions: {unit}: {exc}") from exc
    return out


@functools.cache
def counted_as() -> dict[str, frozenset[str]]:
    """Canonical unit → the printed units that count the same kind of thing, from ``counted_as``
    of fields.yaml."""
    raw = fields_yaml().get("counted_as") or {}
    if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
        raise SchemaError(f"{FIELDS_YAML.name}: counted_as: expected unit → list of units")
    return {str(unit): frozenset(map(str, units)) for unit, units in raw.items()}


def counts_alike(printed_unit: str, unit: str) -> bool:
    """Whether a figure printed in ``printed_unit`` (simplified) can be a count in ``unit``: no
    printed unit, the same or a convertible one, or one ``counted_as`` lists for it; a unit
    fields.yaml says nothing about is not ruled out.

    >>> counts_alike("期", "件"), counts_alike("件", "件"), counts_alike("", "件"), counts_alike("元", "万元")
    (False, True, True, True)
    >>> counts_alike("万条", "条"), counts_alike("场", "次"), counts_alike("人", "件"), counts_alike("期", "次")
    (True, True, False, True)
    """
    if not printed_unit or factor(printed_unit, unit) is not None:
        return True
    kinds = counted_as()
    if unit not in kinds:
        return True
    head, rest = printed_unit[:1], printed_unit[1:]
    return printed_unit in kinds[unit] or (head in _MULTIPLIERS and rest in kinds[unit])


def factor(printed_unit: str, unit: str) -> Decimal | None:
    """How many ``unit`` one ``printed_unit`` is; None when they cannot be converted.

    >>> factor("元", "万元"), factor("万条", "条"), factor("万元", "万元"), factor("人", "件")
    (Decimal('0.0001'), Decimal('10000'), Decimal('1'), None)
    """
    if printed_unit == unit:
        return Decimal(1)
    table = conversions().get(unit, {})
    if printed_unit in table:
        return table[printed_unit]
    head, rest = printed_unit[:1], printed_unit[1:]
    if head in _MULTIPLIERS and rest == unit:
        return _MULTIPLIERS[head]
    return None


def canonical(value: float | int, printed_unit: str, unit: str) -> float | int | None:
    """``value`` printed in ``printed_unit`` expressed in ``unit`` (a whole number stays an
    int); None when the units cannot be converted.

    >>> canonical(300, "元", "万元"), canonical(0.03, "万元", "万元"), canonical(6.8, "万条", "条")
    (0.03, 0.03, 68000)
    >>> canonical(12, "人", "件") is None
    True
    """
    f = factor(printed_unit, unit)
    if f is None:
        return None
    if f == 1:
        return value
    converted = Decimal(str(value)) * f
    if converted == converted.to_integral_value() and (isinstance(value, int) or f > 1):
        return int(converted)
    return float(converted)
