"""Performance from the SKP predikat and the 9-box (PermenPANRB 3/2020)."""

from __future__ import annotations

import pytest

from assessment_app.talent import BOXES, PREDIKAT, SUCCESSION_BOXES, box, performance

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
    assert list(BOXES) == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert BOXES[9].name == "Kotak 9"
    assert BOXES[9].action == (
        "Dipromosikan dan dipertahankan; masuk Kelompok Rencana Suksesi; mendapat penghargaan"
    )
    assert BOXES[1].action == "Diproses sesuai ketentuan peraturan perundang-undangan"
    assert "Kelompok Rencana Suksesi" in BOXES[7].action
    assert "Kelompok Rencana Suksesi" not in BOXES[6].action
    assert all(b.action for b in BOXES.values())


def test_succession_pool_is_boxes_7_8_9():
    assert sorted(SUCCESSION_BOXES) == [7, 8, 9]
    assert [b.number for b in BOXES.values() if b.succession] == [7, 8, 9]
