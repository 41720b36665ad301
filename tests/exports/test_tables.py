"""The derived tables of `results.tables`, checked by hand against the small sample.

The sample (tests/exports/sample.py): A and D in BKPSDM as Analis, box 8 each; B in
"@Bagian Umum" as Analis, box 4; C in BKPSDM as Pengadministrasi, no box, only an incomplete
finished attempt. A is the only one in the succession pool (D is flagged).
"""

from __future__ import annotations

import ast
import math
from dataclasses import replace
from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from assessment_app import talent
from assessment_app.results import tables
from assessment_app.results.model import ResultSet
from tests.exports.sample import (
    ADMIN,
    ASDM,
    COMPETENCIES,
    NIP_A,
    NIP_B,
    NIP_C,
    NIP_D,
    POTENTIAL_FILE,
    TESTS,
    UNIT_B,
)


def test_level_distribution_counts_finished_attempts_per_test_and_competency(result_set):
    mansos, tek = tables.level_distribution(result_set)
    assert (mansos.code, mansos.title, mansos.finished) == ("MANSOS", TESTS["MANSOS"], 3)
    assert [d.competency.code for d in mansos.competencies] == ["INT", "KS", "PB"]
    integrity, teamwork, unity = mansos.competencies
    assert (integrity.counts, integrity.n) == ((1, 1, 1, 0, 0), 3)  # A 2, B 1, D 3
    assert teamwork.counts == (0, 1, 1, 1, 0)  # A 4, B 2, D 3
    assert unity.counts == (0, 0, 0, 3, 0)
    # INT scores 100/3, 10, 40: mean 250/9, deviations 50/9, -160/9, 110/9
    assert_allclose(integrity.mean, 250 / 9)
    assert_allclose(integrity.sd, math.sqrt((50**2 + 160**2 + 110**2) / 3) / 9)
    assert_allclose((teamwork.mean, unity.mean, unity.sd), (132.5 / 3, 65.0, 0.0))
    # TEK-1: A (66.67, level 4) and C (-12.5, level 1, incomplete but finished); B in progress
    assert (tek.code, tek.finished) == ("TEK-1", 2)
    (tpk,) = tek.competencies
    assert (tpk.competency.code, tpk.counts, tpk.n) == ("TPK", (1, 0, 0, 1, 0), 2)
    assert_allclose((tpk.mean, tpk.sd), ((200 / 3 - 12.5) / 2, (200 / 3 + 12.5) / 2))


def test_level_distribution_narrows_to_rows_and_lists_tests_without_finished(result_set):
    bkpsdm = [r for r in result_set.rows if r.unit == "BKPSDM"]
    mansos, tek = tables.level_distribution(result_set, bkpsdm)
    assert mansos.finished == 2 and mansos.competencies[0].counts == (0, 1, 1, 0, 0)
    assert tek.finished == 2
    ready = [r for r in result_set.rows if r.status == "ready"]
    assert [
        (t.code, t.finished, t.competencies) for t in tables.level_distribution(result_set, ready)
    ] == [("MANSOS", 0, ()), ("TEK-1", 0, ())]


def test_people_one_row_per_person_with_box_actions_and_flags(result_set):
    persons = tables.people(result_set)
    assert [p.nip for p in persons] == [NIP_A, NIP_B, NIP_C, NIP_D]
    a, b, c, d = persons
    assert (a.jpm, a.jpm_category, a.potential, a.potential_source) == (
        91.66666666666667,
        "Optimal",
        "Tinggi",
        talent.DERIVED,
    )
    assert (a.predikat, a.performance, a.box, a.krs) == ("Baik", "Sesuai Ekspektasi", 8, "ya")
    assert a.box_description == talent.BOXES[8].description
    assert a.box_actions == talent.BOXES[8].actions
    assert a.box_action == talent.BOXES[8].action
    assert (a.flags, a.review, a.assessed, a.below_standard) == ((), False, True, ())
    assert (b.unit, b.box, b.below_standard, b.krs, b.assessed) == (
        UNIT_B,
        4,
        ("INT", "KS"),
        "tidak",
        True,
    )
    assert "Tugas belajar" not in b.box_actions and b.box_actions == (
        "Rotasi",
        "Pengembangan kompetensi",
    )
    assert (c.box, c.box_description, c.box_actions, c.krs) == (None, None, (), None)
    assert (c.flags, c.review, c.assessed) == (("incomplete", "rapid_guessing"), True, False)
    assert (c.position, c.position_code) == (ADMIN, "")
    assert (d.potential_source, d.flags, d.review, d.krs) == (
        POTENTIAL_FILE,
        ("longest_option",),
        True,
        "tidak",
    )


def test_a_persons_flags_are_merged_in_the_flags_order(result_set):
    rows = list(result_set.rows)
    rows[0] = replace(rows[0], flags=("longest_option",))
    rows[1] = replace(rows[1], flags=("rapid_guessing", "incomplete"))
    budi = tables.people(replace(result_set, rows=rows))[0]
    assert budi.flags == ("incomplete", "rapid_guessing", "longest_option")
    assert budi.assessed  # the MANSOS attempt is complete


def test_krs_list_is_the_succession_pool_box_then_jpm(result_set):
    assert [p.nip for p in tables.krs_list(result_set)] == [NIP_A]
    rows = list(result_set.rows)
    nine = replace(rows[6].talent, box=9, krs="ya", review=False, jpm=80.0)
    eight_high = replace(rows[2].talent, box=8, krs="ya", jpm=95.0)
    rows[2] = replace(rows[2], talent=eight_high)
    rows[3] = replace(rows[3], talent=eight_high)
    rows[6] = replace(rows[6], talent=nine, flags=())
    pool = tables.krs_list(replace(result_set, rows=rows))
    assert [(p.nip, p.box) for p in pool] == [(NIP_D, 9), (NIP_B, 8), (NIP_A, 8)]


def test_recap_by_unit_counted_by_hand(result_set):
    bagian, bkpsdm = tables.recap_by(result_set, tables.UNIT)
    assert (bagian.value, bagian.persons, bagian.assessed, bagian.jpm_count) == (UNIT_B, 1, 1, 1)
    assert bagian.mean_jpm == 77.995  # unrounded
    assert bagian.categories == {"Optimal": 0, "Cukup Optimal": 0, "Kurang Optimal": 1}
    assert bagian.boxes == {n: int(n == 4) for n in range(1, 10)}
    assert (bagian.unmapped, bagian.uncategorised, bagian.krs) == (0, 0, 0)
    # BKPSDM: A (box 8, 91.67, KRS), C (no box, not assessed), D (box 8, 100)
    assert (bkpsdm.value, bkpsdm.persons, bkpsdm.assessed, bkpsdm.jpm_count) == ("BKPSDM", 3, 2, 2)
    assert_allclose(bkpsdm.mean_jpm, (91.66666666666667 + 100.0) / 2)
    assert bkpsdm.categories == {"Optimal": 2, "Cukup Optimal": 0, "Kurang Optimal": 0}
    assert bkpsdm.boxes == {n: 2 if n == 8 else 0 for n in range(1, 10)}
    assert (bkpsdm.unmapped, bkpsdm.uncategorised, bkpsdm.krs) == (1, 1, 1)


def test_recap_by_position_and_total_counted_by_hand(result_set):
    admin, analyst = tables.recap_by(result_set, tables.POSITION)
    assert (admin.value, admin.persons, admin.assessed, admin.mean_jpm) == (ADMIN, 1, 0, None)
    assert (admin.unmapped, admin.uncategorised, sum(admin.boxes.values())) == (1, 1, 0)
    assert (analyst.value, analyst.persons, analyst.assessed, analyst.krs) == (ASDM, 3, 3, 1)
    assert_allclose(analyst.mean_jpm, (91.66666666666667 + 77.995 + 100.0) / 3)
    assert analyst.categories == {"Optimal": 2, "Cukup Optimal": 0, "Kurang Optimal": 1}
    assert (analyst.boxes[8], analyst.boxes[4], analyst.unmapped) == (2, 1, 0)
    total = tables.recap_total(result_set)
    assert (total.value, total.persons, total.assessed, total.jpm_count, total.krs) == (
        "",
        4,
        3,
        3,
        1,
    )
    assert (total.boxes[8], total.boxes[4], total.unmapped) == (2, 1, 1)
    assert total.mean_jpm == analyst.mean_jpm


def test_recap_groups_an_empty_value_last_and_follows_the_bands_in_force(result_set):
    rows = [replace(r, unit="") if r.candidate_id == 2 else r for r in result_set.rows]
    selection = replace(result_set, rows=rows, bands=talent.SELECTION_BANDS)
    recaps = tables.recap_by(selection, tables.UNIT)
    assert [(r.value, r.persons) for r in recaps] == [("BKPSDM", 3), ("", 1)]
    assert list(recaps[0].categories) == list(talent.SELECTION_BANDS.labels)
    with pytest.raises(ValueError, match="recap key"):
        tables.recap_by(result_set, "session")


def test_empty_result_set_gives_empty_tables():
    empty = ResultSet("Kosong", COMPETENCIES, TESTS, [])
    assert tables.people(empty) == [] and tables.krs_list(empty) == []
    assert tables.recap_by(empty, tables.UNIT) == []
    total = tables.recap_total(empty)
    assert (total.persons, total.mean_jpm, sum(total.boxes.values())) == (0, None, 0)
    assert [t.finished for t in tables.level_distribution(empty)] == [0, 0]


def test_status_and_flag_labels_are_indonesian():
    assert [tables.status_label(s) for s in tables.STATUS_LABELS] == [
        "Belum mulai",
        "Sedang dikerjakan",
        "Dijeda",
        "Selesai",
        "Dibatalkan",
    ]
    assert tables.status_label("unknown") == "unknown"
    assert tables.flag_labels(["incomplete", "longest_option", "x"]) == (
        "Tidak lengkap",
        "Selalu opsi terpanjang",
        "x",
    )


def test_tables_module_is_pure():
    tree = ast.parse(Path(tables.__file__).read_text(encoding="utf-8"))
    roots = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not roots & {"flask", "flask_sqlalchemy", "sqlalchemy", "redis", "werkzeug"}
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not any(
        m.startswith(("assessment_app.models", "assessment_app.extensions")) for m in imported
    )
