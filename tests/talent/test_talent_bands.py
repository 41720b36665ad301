"""JPM categories and potential, from the unrounded JPM (CONTRACT §6)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from assessment_app.scoring import round_half_up
from assessment_app.talent import (
    DEFAULT_BANDS,
    SELECTION_BANDS,
    Bands,
    band_index,
    bands_named,
    categorise,
    potential,
)


@pytest.mark.parametrize(
    ("value", "category", "level"),
    [
        (100.0, "Optimal", "Tinggi"),
        (90.0, "Optimal", "Tinggi"),
        (89.99, "Cukup Optimal", "Menengah"),
        (78.0, "Cukup Optimal", "Menengah"),
        (77.99, "Kurang Optimal", "Rendah"),
        (0.0, "Kurang Optimal", "Rendah"),
    ],
)
def test_default_mapping_bands(value, category, level):
    assert categorise(value) == category
    assert potential(value) == level


@pytest.mark.parametrize(
    ("value", "category"),
    [
        (80.0, "Memenuhi Syarat"),
        (79.99, "Masih Memenuhi Syarat"),
        (68.0, "Masih Memenuhi Syarat"),
        (67.99, "Kurang Memenuhi Syarat"),
    ],
)
def test_selection_bands(value, category):
    assert categorise(value, SELECTION_BANDS) == category
    assert categorise(value, bands_named("seleksi")) == category


def test_category_uses_the_unrounded_jpm_not_the_displayed_one():
    # 77.995 displays as 78.00 (half up, 2 decimals) yet is below the 78 band:
    # CONTRACT §6 computes categories from unrounded values, so it is Kurang Optimal.
    assert float(round_half_up(77.995, 2)) == 78.0
    assert categorise(77.995) == "Kurang Optimal"
    assert potential(77.995) == "Rendah"
    # and 89.995 shows as 90.00 but is Cukup Optimal
    assert float(round_half_up(89.995, 2)) == 90.0
    assert categorise(89.995) == "Cukup Optimal"


def test_jpm_display_rounding_is_half_up():
    assert_array_equal(round_half_up([88.885, 78.125, 88.88888888888889], 2), [88.89, 78.13, 88.89])


def test_arrays_give_lists_with_none_for_missing():
    values = np.array([95.0, 80.0, np.nan, 50.0])

    assert_array_equal(band_index(values), [0, 1, -1, 2])
    assert categorise(values) == ["Optimal", "Cukup Optimal", None, "Kurang Optimal"]
    assert potential(values) == ["Tinggi", "Menengah", None, "Rendah"]
    assert categorise(np.nan) is None
    assert categorise(None) is None


def test_bands_are_configurable():
    bands = Bands("instansi", (85, 70), ("Siap", "Hampir Siap", "Belum Siap"))

    assert categorise([85.0, 84.9, 70.0, 69.9], bands) == [
        "Siap",
        "Hampir Siap",
        "Hampir Siap",
        "Belum Siap",
    ]
    assert potential(84.9, bands) == "Menengah"


@pytest.mark.parametrize(
    ("thresholds", "labels"),
    [
        ((78, 90), ("A", "B", "C")),
        ((90, 90), ("A", "B", "C")),
        ((90,), ("A", "B", "C")),
        ((90, float("nan")), ("A", "B", "C")),
        ((90, 78), ("A", "B")),
        ((90, 78), ("A", "A", "C")),
    ],
)
def test_malformed_bands_are_rejected(thresholds, labels):
    with pytest.raises(ValueError):
        Bands("x", thresholds, labels)


def test_unknown_names_are_rejected():
    assert bands_named("pemetaan") is DEFAULT_BANDS
    with pytest.raises(ValueError):
        bands_named("promosi")
