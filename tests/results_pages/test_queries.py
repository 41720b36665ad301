"""The pure functions behind the results pages: filter, sort, group, report, distribute."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from assessment_app import talent as talent_rules
from assessment_app.admin import results_queries as q

from .builders import INT, KS, PB, correction, result_set, row, score, talent

BOX_OF = {(b.potential, b.performance): b.number for b in talent_rules.BOXES.values()}


def _people():
    """Four candidates in two rooms: Ani and Budi mapped, Citra without SKP, Dedi without a
    standard."""
    ani = talent(
        {"INT": 3, "KS": 2},
        {"INT": 3, "KS": 3},
        83.3333,
        "Cukup Optimal",
        "Baik",
        "Sesuai Ekspektasi",
        5,
        "Menengah",
    )
    budi = talent(
        {"INT": 4, "KS": 4},
        {"INT": 3, "KS": 3},
        133.3333,
        "Optimal",
        "Sangat Baik",
        "Di Atas Ekspektasi",
        9,
        "Tinggi",
    )
    citra = talent({"INT": 2}, {"INT": 3}, 66.6667, "Kurang Optimal", potential="Rendah")
    dedi = talent({"INT": 3}, {}, predikat="Baik", performance="Sesuai Ekspektasi")
    return [
        row(1, "Ani", seat="2", tal=ani, scores={"INT": score(3, 3.4), "KS": score(2, 2.2)}),
        row(1, "Ani", seat="2", test="TEK-AK", tal=ani, scores={"TEK-AK": score(4, 65.0)}),
        row(2, "Budi", seat="10", tal=budi, scores={"INT": score(4, 4.0), "KS": score(4, 3.6)}),
        row(
            3,
            "Citra",
            room="R02",
            seat="1",
            unit="Dinas Kesehatan",
            tal=citra,
            scores={"INT": score(2, 2.0)},
        ),
        row(
            4,
            "Dedi Sulaiman",
            room="R02",
            seat="3",
            status="in_progress",
            tal=dedi,
            position="Pranata Komputer Ahli Pertama",
        ),
    ]


def test_decimal_text_rounds_half_up_with_a_comma():
    assert q.decimal_text(83.33333, 2) == "83,33"
    assert q.decimal_text(87.505, 2) == "87,51"  # binary rounding would give 87,50
    assert q.decimal_text(2.675, 2) == "2,68"
    assert q.decimal_text(None) == "–"


def test_filters_narrow_the_rows():
    rows = _people()
    by = lambda **kw: {r.name for r in q.filter_rows(rows, q.ResultFilter(**kw))}  # noqa: E731
    assert by(ruang="r02") == {"Citra", "Dedi Sulaiman"}
    assert by(unit="Dinas Kesehatan") == {"Citra"}
    assert by(jabatan="Pranata Komputer Ahli Pertama") == {"Dedi Sulaiman"}
    assert by(kotak="9") == {"Budi"}
    assert by(kotak=q.NO_BOX) == {"Citra", "Dedi Sulaiman"}
    assert by(kategori="Cukup Optimal") == {"Ani"}
    assert by(kategori=q.NO_BOX) == {"Dedi Sulaiman"}
    assert by(tes="TEK-AK") == {"Ani"}
    assert by(cari="sulai") == {"Dedi Sulaiman"}
    assert by(cari=rows[2].nip) == {"Budi"}
    assert by(ruang="R01", kotak="5") == {"Ani"}


def test_filter_reads_only_known_parameters_and_cuts_long_values():
    flt = q.ResultFilter.from_args({"sesi": " S1 ", "cari": "x" * 500, "evil": "1"})
    assert flt.sesi == "S1" and len(flt.cari) == q.MAX_PARAM
    assert q.ResultFilter.from_args({"tes": "MANSOS"}, only=("sesi",)).tes == ""
    assert q.ResultFilter(sesi="S1").params() == {"sesi": "S1"}


def test_sorting_by_jpm_puts_missing_values_last_both_ways():
    rows = [r for r in _people() if r.test_code == "MANSOS"]
    down = [r.name for r in q.sort_rows(rows, "jpm", descending=True)]
    up = [r.name for r in q.sort_rows(rows, "jpm", descending=False)]
    assert down == ["Budi", "Ani", "Citra", "Dedi Sulaiman"]
    assert up == ["Citra", "Ani", "Budi", "Dedi Sulaiman"]


def test_sorting_by_room_sorts_seats_naturally():
    rows = [r for r in _people() if r.room == "R01" and r.test_code == "MANSOS"]
    assert [r.seat for r in q.sort_rows(rows, "ruang", descending=False)] == ["2", "10"]
    assert [r.seat for r in q.sort_rows(rows, "ruang", descending=True)] == ["10", "2"]


def test_sorting_by_a_competency_and_unknown_keys():
    rows = [r for r in _people() if r.test_code == "MANSOS"]
    assert [r.name for r in q.sort_rows(rows, "k-KS", True)][:2] == ["Budi", "Ani"]
    assert q.sort_rows(rows, "nonsense", True) == rows
    assert not q.sort_key_valid("k-") and q.sort_key_valid("k-INT")


def test_header_links_toggle_the_direction_and_keep_the_filter():
    flt = q.ResultFilter(ruang="R01")
    assert q.sort_link(flt, "", "naik", "jpm") == {"ruang": "R01", "urut": "jpm", "arah": "turun"}
    assert q.sort_link(flt, "jpm", "turun", "jpm")["arah"] == "naik"
    assert q.sort_link(flt, "jpm", "turun", "nama")["arah"] == "naik"


def test_options_and_counts():
    rows = _people()
    options = q.filter_options(rows)
    assert options.rooms == ["R01", "R02"] and options.boxes == ["5", "9", "-"]
    assert options.units == ["Bapperida", "Dinas Kesehatan"]
    assert q.candidate_count(rows) == 4
    assert [c.code for c in q.measured_competencies(result_set(rows), rows[:2])] == [
        "INT",
        "KS",
        "TEK-AK",
    ]


def test_individual_report_compares_achieved_with_required():
    report = q.individual_report(result_set(_people()), 1)
    assert report.person.name == "Ani" and report.finished and report.has_standard
    lines = {line.info.code: line for line in report.lines}
    assert set(lines) == {"INT", "KS"}  # PB neither required nor assessed; TEK-AK is technical
    assert (lines["INT"].gap, lines["INT"].verdict) == (0, "Kekuatan")
    assert (lines["KS"].gap, lines["KS"].verdict) == (-1, "Area pengembangan")
    assert lines["KS"].achieved_text == "KS level 2" and lines["KS"].required_text == "KS level 3"
    assert [s.info.code for s in report.strengths] == ["INT"]
    assert [d.info.code for d in report.developments] == ["KS"]
    assert [(t.info.code, t.test_code, t.score.score) for t in report.technical] == [
        ("TEK-AK", "TEK-AK", 65.0)
    ]
    assert q.individual_report(result_set(_people()), 99) is None


def test_individual_report_without_standard_or_result():
    rs = result_set(_people())
    dedi = q.individual_report(rs, 4)
    assert not dedi.finished and not dedi.has_standard
    assert [(line.info.code, line.verdict) for line in dedi.lines] == [
        ("INT", "Tidak dipersyaratkan")
    ]
    required_only = q.CompetencyLine(PB, None, 2, None)
    assert required_only.gap is None and required_only.verdict == "Belum diukur"


def test_talent_map_places_people_and_explains_the_others():
    tmap = q.talent_map(_people(), BOX_OF)
    assert [[cell.number for cell in row] for row in tmap.grid] == [[6, 8, 9], [3, 5, 7], [1, 2, 4]]
    assert [row[0].potential for row in tmap.grid] == ["Tinggi", "Menengah", "Rendah"]
    assert [c.performance for c in tmap.grid[0]] == list(q.PERFORMANCES)
    assert [p.name for p in tmap.grid[0][2].people] == ["Budi"]
    assert [p.name for p in tmap.grid[1][1].people] == ["Ani"]
    assert tmap.total == 4 and [p.name for p in tmap.unmapped] == ["Citra", "Dedi Sulaiman"]
    assert [p.name for p in tmap.reasons["kinerja"]] == ["Citra"]
    assert [p.name for p in tmap.reasons["standar"]] == ["Dedi Sulaiman"]
    assert tmap.reasons["penilaian"] == []


def test_distributions_count_levels_with_population_sd():
    rows = [
        row(i, f"P{i}", scores={"INT": score(level, value), "PB": score(2, 2.2)})
        for i, (level, value) in enumerate([(1, 1.4), (3, 3.0), (3, 3.2), (5, 4.6)], start=1)
    ] + [row(9, "Belum", status="in_progress")]
    (test,) = q.distributions(result_set(rows), rows)
    assert test.code == "MANSOS" and test.finished == 4
    integritas = test.competencies[0]
    assert integritas.info == INT and integritas.counts == [1, 0, 2, 0, 1] and integritas.n == 4
    values = np.array([1.4, 3.0, 3.2, 4.6])
    assert_allclose([integritas.mean, integritas.sd], [values.mean(), values.std(ddof=0)])
    assert [d.info.code for d in test.competencies] == ["INT", "PB"]
    assert KS not in [d.info for d in test.competencies]


def test_cuts_in_force_take_the_latest_correction():
    defaults = {"MANSOS": {"sjt": (1.8, 2.6, 3.4, 4.2), "mcq": (20.0, 40.0, 60.0, 80.0)}}
    fixes = [
        correction("sjt_level_cuts", "1,2,3,4", test_code="MANSOS"),
        correction("drop_item", item_id="INT-0001"),
        correction("sjt_level_cuts", "1.5,2.5,3.5,4.5", test_code="MANSOS"),
    ]
    cuts = q.cuts_in_force(defaults, fixes)
    assert cuts["MANSOS"]["sjt"] == (1.5, 2.5, 3.5, 4.5)
    assert cuts["MANSOS"]["mcq"] == (20.0, 40.0, 60.0, 80.0)
    assert defaults["MANSOS"]["sjt"] == (1.8, 2.6, 3.4, 4.2)  # not changed in place
