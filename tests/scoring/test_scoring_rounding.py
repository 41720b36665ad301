"""Half-up rounding as the decimal string reads (CONTRACT §5), checked against Decimal."""

from __future__ import annotations

import math
import random
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from assessment_app.scoring import round_half_up, round_half_up_scalar


def reference(value: float, decimals: int) -> float:
    """Round with Decimal on the shortest repr: the definition the export follows."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def sample(seed: int, decimals: int, size: int = 10_000) -> np.ndarray:
    """Random values: a third ties written as decimal strings, a sixth one ulp either side
    of such a tie, the rest uniform and log-uniform over a wide range, both signs."""
    rng = random.Random(seed)
    ties = []
    for _ in range(size // 3):
        digits = "".join(rng.choice("0123456789") for _ in range(decimals))
        sign = rng.choice(["", "-"])
        ties.append(float(f"{sign}{rng.randrange(0, 1000)}.{digits}5"))
    near = [math.nextafter(t, rng.choice([math.inf, -math.inf])) for t in ties[: size // 6]]
    uniform = [rng.uniform(-1000.0, 1000.0) for _ in range(size // 4)]
    rest = size - len(ties) - len(near) - len(uniform)
    spread = [rng.choice([1, -1]) * 10 ** rng.uniform(-8, 9) for _ in range(rest)]
    return np.array(ties + near + uniform + spread)


@pytest.mark.parametrize("decimals", [4, 2, 0])
def test_matches_decimal_on_10000_random_values(decimals):
    values = sample(seed=decimals, decimals=decimals)
    assert values.size == 10_000

    got = round_half_up(values, decimals)

    expected = np.array([reference(v, decimals) for v in values.tolist()])
    assert_array_equal(got, expected)


def test_formatted_result_prints_the_decimal_result():
    values = sample(seed=7, decimals=4, size=2_000).tolist()

    got = round_half_up(values, 4).tolist()

    for value, rounded in zip(values, got, strict=True):
        text = Decimal(repr(value)).quantize(Decimal("1e-4"), rounding=ROUND_HALF_UP)
        assert f"{rounded:.4f}" == str(text + 0), value  # + 0 turns -0.0000 into 0.0000


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.00005, 4, 2.0001),  # the double is 2.0000499999999998...; its string is a tie
        (0.12345, 4, 0.1235),
        (-1.23455, 4, -1.2346),  # half away from zero
        (2.5e-5, 4, 0.0),  # reads 0.000025: the fifth decimal is 2
        (0.00005, 4, 0.0001),
        (88.885, 2, 88.89),
        (77.995, 2, 78.0),
        (78.125, 2, 78.13),
        (1.005, 2, 1.01),  # round(1.005, 2) gives 1.0
        (0.5, 0, 1.0),
        (-2.5, 0, -3.0),
        (3.0, 4, 3.0),
    ],
)
def test_known_ties(value, decimals, expected):
    assert float(round_half_up(value, decimals)) == expected
    assert round_half_up_scalar(value, decimals) == expected


def test_nan_and_infinity_are_kept_and_shape_preserved():
    got = round_half_up([[np.nan, np.inf], [-np.inf, 1.23456]], 4)

    assert got.shape == (2, 2)
    assert np.isnan(got[0, 0])
    assert_array_equal(got[0, 1:], [np.inf])
    assert_array_equal(got[1], [-np.inf, 1.2346])


def test_negative_values_rounding_to_zero_give_positive_zero():
    got = round_half_up([-1e-6, -0.00004], 4)

    assert_array_equal(np.signbit(got), [False, False])


def test_values_too_large_for_the_fast_path_still_match_decimal():
    values = [1e15 + 0.5, -(1e15 + 0.5), 123456789012.34565, 1e20, 5e-324]

    got = round_half_up(values, 4)

    assert_array_equal(got, [reference(v, 4) for v in values])
    assert float(round_half_up(1e15 + 0.5, 0)) == 1e15 + 1
    # Decimal's default 28-digit context cannot quantize this; the value is an integer
    assert float(round_half_up(1.7e308, 4)) == 1.7e308


def test_scalar_helper_passes_none_and_nan():
    assert round_half_up_scalar(None, 4) is None
    assert math.isnan(round_half_up_scalar(float("nan"), 4))


@pytest.mark.parametrize("decimals", [-1, 16])
def test_decimals_out_of_range(decimals):
    with pytest.raises(ValueError):
        round_half_up(1.0, decimals)
