"""The pure functions behind the results pages' query strings: filter and sort."""

from __future__ import annotations

from assessment_app.admin.results import presenters as q

from .builders import result_set, row, score, talent


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
        100.0,
        "Optimal",
        "Sangat Baik",
        "Di Atas Ekspektasi",
        9,
        "Tinggi",
    )
    citra = talent({"INT": 2}, {"INT": 3}, 66.6667, "Kurang Optimal", potential="Rendah")
    dedi = talent({"INT": 3}, {}, predikat="Baik", performance="Sesuai Ekspektasi")
    return [
        row(1, "Ani", seat="2", tal=ani, scores={"INT": score(3, 45.0), "KS": score(2, 22.0)}),
        row(1, "Ani", seat="2", test="TEK-AK", tal=ani, scores={"TEK-AK": score(4, 65.0)}),
        row(2, "Budi", seat="10", tal=budi, scores={"INT": score(4, 75.0), "KS": score(4, 61.0)}),
        row(
            3,
            "Citra",
            room="R02",
            seat="1",
            unit="Dinas Kesehatan",
            tal=citra,
            scores={"INT": score(2, 24.0)},
            flags=("incomplete", "rapid_guessing"),
            answered=1,
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
    assert by(tinjau=q.REVIEW) == {"Citra"}
    assert by(tinjau="tidak") == {"Ani", "Budi", "Dedi Sulaiman"}


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
