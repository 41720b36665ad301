"""Performance from the SKP predikat, the 9-box (PermenPANRB 3/2020) and the KRS."""

from __future__ import annotations

import pytest

from assessment_app.talent import (
    BOXES,
    KRS_NO,
    KRS_YES,
    PREDIKAT,
    SUCCESSION_BOXES,
    box,
    krs,
    performance,
)

ABOVE, MEETS, BELOW = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"


@pytest.mark.parametrize(
    ("predikat", "expected"),
    [
        ("Sangat Baik", ABOVE),
        ("Baik", MEETS),
        ("Butuh Perbaikan", BELOW),
        ("Kurang", BELOW),
        ("Misconduct", BELOW),
        ("Kurang/Misconduct", BELOW),
        ("Sangat Kurang", BELOW),
        ("  sangat   BAIK ", ABOVE),
        ("baik", MEETS),
        ("kurang / misconduct", BELOW),
    ],
)
def test_performance_from_predikat(predikat, expected):
    assert performance(predikat) == expected


def test_every_predikat_is_known_and_none_stays_none():
    assert len(PREDIKAT) == 7
    assert all(performance(name) is not None for name in PREDIKAT)
    assert performance(None) is None


def test_unknown_predikat_is_rejected():
    with pytest.raises(ValueError):
        performance("Cukup")


@pytest.mark.parametrize(
    ("potential", "perf", "expected"),
    [
        ("Tinggi", BELOW, 6),
        ("Tinggi", MEETS, 8),
        ("Tinggi", ABOVE, 9),
        ("Menengah", BELOW, 3),
        ("Menengah", MEETS, 5),
        ("Menengah", ABOVE, 7),
        ("Rendah", BELOW, 1),
        ("Rendah", MEETS, 2),
        ("Rendah", ABOVE, 4),
    ],
)
def test_every_box(potential, perf, expected):
    assert box(potential, perf) == expected
    assert BOXES[expected].potential == potential
    assert BOXES[expected].performance == perf


def test_missing_input_gives_no_box():
    assert box("Tinggi", None) is None
    assert box(None, ABOVE) is None
    assert box(None, None) is None


def test_unknown_axis_value_is_rejected():
    with pytest.raises(ValueError):
        box("Sedang", ABOVE)


def test_boxes_describe_each_box_with_its_action():
    # the recommended actions of PermenPANRB 3/2020 in full, without English glosses
    assert list(BOXES) == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert BOXES[9].name == "Kotak 9"
    assert BOXES[9].action == (
        "Dipromosikan dan dipertahankan; Masuk Kelompok Rencana Suksesi Instansi/Nasional; "
        "Mendapat penghargaan"
    )
    assert "Masuk Kelompok Rencana Suksesi Instansi" in BOXES[8].actions
    assert "Masuk Kelompok Rencana Suksesi Instansi" in BOXES[7].actions
    assert "Tugas belajar" in BOXES[7].actions
    assert BOXES[1].action == "Diproses sesuai ketentuan peraturan perundang-undangan"
    assert not any("Suksesi" in b.action for b in BOXES.values() if b.number < 7)
    assert all(b.action for b in BOXES.values())
    assert BOXES[8].description == "Kinerja sesuai ekspektasi, potensial tinggi"


def test_succession_pool_is_boxes_7_8_9():
    assert sorted(SUCCESSION_BOXES) == [7, 8, 9]
    assert [b.number for b in BOXES.values() if b.succession] == [7, 8, 9]


GOOD_YEARS = [(2025, "Baik"), (2024, "Sangat Baik")]


@pytest.mark.parametrize("number", [7, 8, 9])
def test_krs_yes_for_a_succession_box_and_two_consecutive_good_years(number):
    assert KRS_YES == "ya" and KRS_NO == "tidak"
    assert krs(number, GOOD_YEARS, flagged=False) == "ya"
    # any case and spacing of the predikat; an older bad year does not matter
    assert krs(number, [(2025, " sangat  baik"), (2024, "BAIK"), (2023, "Kurang")], False) == "ya"


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_krs_no_outside_boxes_7_8_9(number):
    assert krs(number, GOOD_YEARS, flagged=False) == "tidak"


@pytest.mark.parametrize(
    ("ratings", "why"),
    [
        ([(2025, "Baik"), (2023, "Sangat Baik")], "the two latest years are not consecutive"),
        ([(2025, "Sangat Baik")], "one year only"),
        ([(2025, "Sangat Baik"), (None, "Sangat Baik")], "a row without a year does not count"),
        ([(2025, "Baik"), (2024, "Butuh Perbaikan")], "the year before is not good"),
        ([(2025, "Kurang"), (2024, "Baik"), (2023, "Baik")], "the latest year is not good"),
        ([], "no SKP rows"),
    ],
)
def test_krs_no_without_two_consecutive_good_latest_years(ratings, why):
    assert krs(9, ratings, flagged=False) == "tidak", why


def test_krs_no_when_any_row_of_the_candidate_is_flagged():
    assert krs(9, GOOD_YEARS, flagged=True) == "tidak"


def test_krs_empty_without_a_box():
    assert krs(None, GOOD_YEARS, flagged=False) is None
    assert krs(None, [], flagged=True) is None


def test_krs_reads_the_latest_years_whatever_their_order():
    assert krs(8, [(2024, "Sangat Baik"), (None, "Kurang"), (2025, "Baik")], False) == "ya"
