"""Rounding and number text for the exports (a stand-in until `scoring.round_half_up` lands).

Rounding is half away from zero on the value's decimal string (its shortest repr), so 2.00005
becomes 2.0001 even though the double nearest 2.00005 lies a hair below it: what a person reads
is what gets rounded. Exports see few distinct values (z and T are functions of the score within
a test), so the results are cached.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(0, 11)}
# At or beyond 1e15 a double's repr keeps at most one decimal: rounding to 1+ places is a no-op.
_NO_FRACTION_LEFT = 1e15


@lru_cache(maxsize=1 << 16)
def _rounded(value: float, decimals: int) -> float:
    if abs(value) >= _NO_FRACTION_LEFT:
        return value
    quantum = _QUANTA[decimals]
    # Adding 0.0 turns a rounded -0.0 into 0.0, so "-0" never appears in a file.
    return float(Decimal(repr(float(value))).quantize(quantum, ROUND_HALF_UP)) + 0.0


def round_half_up(value: float | None, decimals: int) -> float | None:
    """Round half away from zero by the decimal string; None for None, NaN and infinities."""
    if value is None or not math.isfinite(value):
        return None
    return _rounded(value, decimals)


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
