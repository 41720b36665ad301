"""Round half away from zero as the value's shortest decimal string reads (CONTRACT §5).

``round_half_up(x, 4)`` equals ``Decimal(repr(x)).quantize(Decimal("1e-4"), ROUND_HALF_UP)``
for every float: 2.00005 -> 2.0001, 0.12345 -> 0.1235, -1.23455 -> -1.2346 (even though
the nearest doubles lie slightly below those ties), and 2.5e-5 -> 0.0 (its string reads
0.000025). Binary floating point alone (``np.round``, ``round``) gets these wrong.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np
from numpy.typing import ArrayLike, NDArray

MAX_DECIMALS = 15
# Below this, |x| * 10**(decimals + 1) has an ulp under 1/10, so at most one
# (decimals + 1)-digit tie fits in a double's rounding interval and the test below is exact.
_EXACT_LIMIT = 2.0**52


def _check(decimals: int) -> float:
    if not 0 <= decimals <= MAX_DECIMALS:
        raise ValueError(f"decimals must be 0..{MAX_DECIMALS}, got {decimals}")
    return 10.0**decimals


def _decimal_round(value: float, decimals: int) -> float:
    with localcontext() as context:
        context.prec = 400  # room for any double's integer digits plus the decimals
        quantum = Decimal(1).scaleb(-decimals)
        return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_half_up(x: ArrayLike, decimals: int) -> NDArray[np.float64]:
    """Return ``x`` rounded half away from zero to ``decimals`` places, as a float array.

    A result is the double nearest the rounded decimal, so formatting it with
    ``f"{v:.{decimals}f}"`` prints that decimal. NaN and infinities are kept; a result of
    zero is +0.0 (never -0.0). Vectorised; only values too large for the exact test
    (|x| * 10**(decimals + 1) >= 2**52) go through ``Decimal`` one by one.
    """
    scale = _check(decimals)
    values = np.asarray(x, dtype=np.float64)
    magnitude = np.abs(values)
    with np.errstate(invalid="ignore", over="ignore"):
        exact = magnitude * (scale * 10.0) < _EXACT_LIMIT  # False for NaN and inf
    m = np.where(exact, magnitude, 0.0)
    r = np.floor(m * scale + 0.5)  # within 1 of the answer; fix it against the true ties:
    # the string of m reads >= the tie t exactly when m >= the double nearest t, and
    # (r +- 0.5) / scale is that double (both operands exact, one correctly rounded division).
    r = np.where(m < (r - 0.5) / scale, r - 1.0, r)
    r = np.where(m >= (r + 0.5) / scale, r + 1.0, r)
    result = np.where(exact, np.copysign(r / scale, values) + 0.0, values)
    flat, flat_values = result.reshape(-1), values.reshape(-1)  # views of the same cells
    for index in np.flatnonzero(~exact & np.isfinite(values)):
        flat[index] = _decimal_round(float(flat_values[index]), decimals) + 0.0
    return result


def round_half_up_scalar(x: float | None, decimals: int) -> float | None:
    """Return one value rounded as ``round_half_up`` does; None stays None, NaN stays NaN."""
    if x is None:
        return None
    return float(round_half_up(float(x), decimals))
