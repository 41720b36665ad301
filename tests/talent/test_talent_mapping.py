"""The whole talent mapping for a cohort: JPM, category, potential (given or derived), box."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from assessment_app.talent import DERIVED, JPM_DECIMALS, talent_map

NAN = np.nan


def test_cohort_mapping_by_hand():
    # A: min(4,3) + min(4,3) / 3+3 = 6/6 = 100 -> Optimal, Tinggi; Baik -> Sesuai -> box 8
    #    (C2 required 4 but not assessed: leaves both sums)
    # B: 4+3 / 4+4 = 87.5 -> Cukup Optimal, Menengah; Sangat Baik -> Di Atas -> box 7
    # C: no standards -> no JPM, no potential, no box; performance still mapped
    # D: 2+2 / 3+3 = 66.67 -> Kurang Optimal, Rendah; no SKP rating -> box None
    # E: 7 x 3 + 4 / 8 x 4 = 25/32 = 78.125 -> shown 78.13 (half up), Cukup Optimal
    achieved = [[4, 4, NAN], [4, 3, 2], [3, 3, 3], [2, 2, NAN], [NAN, NAN, NAN]]
    required = [[3, 3, 4], [4, 4, NAN], [NAN, NAN, NAN], [3, 3, 3], [NAN, NAN, NAN]]
    achieved = np.hstack([np.array(achieved), np.full((5, 5), NAN)])
    required = np.hstack([np.array(required), np.full((5, 5), NAN)])
    achieved[4], required[4] = [3] * 7 + [4], [4] * 8

    result = talent_map(achieved, required, ["Baik", "Sangat Baik", "Kurang", None, "Baik"])

    assert JPM_DECIMALS == 2
    assert_allclose(result.jpm[[0, 1, 3, 4]], [100.0, 87.5, 66.66666666666667, 78.125])
    assert np.isnan(result.jpm[2])
    assert_allclose(result.jpm_rounded[[0, 1, 3, 4]], [100.0, 87.5, 66.67, 78.13])
    assert result.categories == [
        "Optimal",
        "Cukup Optimal",
        None,
        "Kurang Optimal",
        "Cukup Optimal",
    ]
    assert result.potentials == ["Tinggi", "Menengah", None, "Rendah", "Menengah"]
    assert result.potential_sources == [DERIVED, DERIVED, None, DERIVED, DERIVED]
    assert result.performances == [
        "Sesuai Ekspektasi",
        "Di Atas Ekspektasi",
        "Di Bawah Ekspektasi",
        None,
        "Sesuai Ekspektasi",
    ]
    assert result.boxes == [8, 7, None, None, 5]
    assert_allclose(result.gaps[0, :3], [1.0, 1.0, NAN])
    assert result.below[3, :3].tolist() == [True, True, False]


def test_a_given_potential_stands_instead_of_the_jpm_one():
    # A: JPM 100 would give Tinggi; the file says Rendah -> Rendah x Sesuai = box 2
    # B: no test at all (no JPM) but a given Tinggi and Sangat Baik -> box 9
    # C: given potential without an SKP rating -> no box
    # D: nothing given -> derived from JPM 50 -> Rendah x Di Atas = box 4
    achieved = [[3, 3], [NAN, NAN], [NAN, NAN], [2, 1]]
    required = [[3, 3], [3, 3], [3, 3], [3, 3]]
    given = [("Rendah", "BKN 2024"), ("Tinggi", ""), ("Menengah", "x"), None]

    result = talent_map(
        achieved, required, ["Baik", "Sangat Baik", None, "Sangat Baik"], given=given
    )

    assert result.potentials == ["Rendah", "Tinggi", "Menengah", "Rendah"]
    assert result.potential_sources == ["BKN 2024", "berkas potensi", "x", DERIVED]
    assert result.categories[:2] == ["Optimal", None]  # the category stays the JPM's
    assert result.boxes == [2, 9, None, 4]


def test_selection_bands_by_name():
    # 3 / 4 = 75 -> Masih Memenuhi Syarat (68..<80), Menengah
    result = talent_map([[3]], [[4]], ["Baik"], "seleksi")

    assert result.categories == ["Masih Memenuhi Syarat"]
    assert result.potentials == ["Menengah"]
    assert result.boxes == [5]


def test_one_entry_per_candidate_is_required():
    with pytest.raises(ValueError):
        talent_map([[3], [3]], [[3], [3]], ["Baik"])
    with pytest.raises(ValueError):
        talent_map([[3]], [[3]], ["Baik"], given=[None, None])
