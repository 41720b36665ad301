"""Rounding and number text for the exports.

Rounding is `scoring.round_half_up_scalar` (half away from zero on the value's decimal
string, CONTRACT §5): the rule lives there, this module only blanks non-numbers and caches,
because an export sees few distinct values (z and T are functions of the score within a
test) and one call through numpy costs microseconds.
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache


@lru_cache(maxsize=1 << 16)
def _cached(value: float, decimals: int) -> float | None:
    # scoring brings numpy (~0.1 s): the first rounded export loads it, not the CSV writer's
    # other users (the proctor's record, the upload templates) nor the start-up.
    from assessment_app.scoring import round_half_up_scalar

    return round_half_up_scalar(value, decimals)


def round_half_up(value: float | None, decimals: int) -> float | None:
    """Round half up as `scoring.round_half_up` does; None for None, NaN and infinities."""
    if value is None or not math.isfinite(value):
        return None
    return _cached(float(value), decimals)


def number_text(value: int | float) -> str:
    """Write a number as plain decimal text: no exponent, no trailing zeros ("2.5", "3")."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:  # below 1e-4 repr switches to exponent notation
        text = format(Decimal(text), "f")
    return text
