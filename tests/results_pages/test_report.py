"""The individual report from a hand-built ResultSet: SEM bands, gaps, suggestions, method."""

from __future__ import annotations

import pytest

from assessment_app.results.report import individual_report, sem_band

from .builders import PB, TEK, reliability, result_set, row, score, talent

CUTS = (20.0, 40.0, 60.0, 80.0)


def test_sem_band_spans_the_levels_its_ends_fall_in():
    band = sem_band(45.0, 8.0, CUTS)  # 37 .. 53: levels 2 and 3
    assert (band.low, band.high, band.sem) == (37.0, 53.0, 8.0)
    assert (band.level_low, band.level_high, band.levels) == (2, 3, (2, 3))
    inside = sem_band(50.0, 5.0, CUTS)  # 45 .. 55: level 3 only
    assert inside.levels == (3,)
    assert sem_band(40.0, 0.0, CUTS).levels == (3,)  # exactly on a cut reaches it
    wide = sem_band(-10.0, 55.0, CUTS)  # -65 .. 45
    assert wide.levels == (1, 2, 3)
    assert sem_band(50.0, None, CUTS) is None
    assert sem_band(50.0, float("nan"), CUTS) is None


def _ani():
    """Ani: INT level 3 (required 3), KS level 2 (required 4), PB required but not
    measured; a technical test; the MANSOS test flagged for rapid guessing."""
    tal = talent(
        {"INT": 3, "KS": 2},
        {"INT": 3, "KS": 4, "PB": 2},
        55.5556,
        "Kurang Optimal",
        "Baik",
        "Sesuai Ekspektasi",
        2,
        "Rendah",
        review=True,
    )
    return [
        row(
            1,
            "Ani",
            tal=tal,
            scores={"INT": score(3, 45.0, items=6), "KS": score(2, 31.0, items=4)},
            flags=("rapid_guessing",),
        ),
        row(1, "Ani", test="TEK-AK", tal=tal, scores={"TEK-AK": score(4, 70.0, items=20)}),
        row(2, "Budi", tal=talent(), status="ready"),
    ]


def _rs():
    return result_set(
        _ani(),
        reliabilities=[
            reliability("MANSOS", "INT", 8.0, 0.62),
            reliability("MANSOS", "KS", 12.5, 0.41),
            reliability("TEK-AK", "TEK-AK", 6.0, 0.85),
        ],
    )


def test_lines_carry_the_level_its_band_and_the_dictionary_titles():
    report = individual_report(_rs(), 1)
    lines = {line.info.code: line for line in report.lines}
    assert list(lines) == ["INT", "KS", "PB"]  # dictionary order; TEK-AK is technical
    integritas = lines["INT"]
    assert (integritas.level, integritas.achieved, integritas.required) == (3, 3, 3)
    assert integritas.band.levels == (2, 3) and integritas.reliability.reliability == 0.62
    assert integritas.level_title == "INT level 3" and integritas.test_code == "MANSOS"
    assert integritas.level_indicators == ("INT indikator 3a", "INT indikator 3b")
    assert (integritas.gap, integritas.verdict) == (0, "Memenuhi standar")
    ks = lines["KS"]
    assert ks.band.levels == (1, 2, 3)  # 18.5 .. 43.5
    assert (ks.gap, ks.verdict, ks.required_title) == (-2, "Area pengembangan", "KS level 4")
    pb = lines["PB"]
    assert pb.info == PB and pb.score is None and pb.band is None
    assert (pb.gap, pb.verdict) == (None, "Belum diukur")
    assert [line.info.code for line in report.gaps] == ["INT", "KS", "PB"]
    (technical,) = report.technical
    assert technical.info == TEK and technical.level == 4 and technical.required is None
    assert technical.band.levels == (4,) and technical.level_title == "TEK level 4"


def test_suggestions_quote_the_levels_between_achieved_and_required():
    (ks,) = individual_report(_rs(), 1).suggestions
    assert (ks.info.code, ks.achieved, ks.required) == ("KS", 2, 4)
    assert [(s.level, s.title) for s in ks.steps] == [(3, "KS level 3"), (4, "KS level 4")]
    assert ks.target.level == 4 and ks.target.indicators == ()  # KS has no indicators here


def test_flags_talent_and_method():
    report = individual_report(_rs(), 1)
    assert report.review and report.finished and report.has_standard
    assert [(n.test_code, n.flag.label) for n in report.flags] == [("MANSOS", "Menebak cepat")]
    assert report.box.number == 2 and "Bimbingan kinerja" in report.box.actions
    method = [(m.test_code, m.info.code, m.items) for m in report.method]
    assert method == [("MANSOS", "INT", 6), ("MANSOS", "KS", 4), ("TEK-AK", "TEK-AK", 20)]
    assert report.method[1].reliability.sem == 12.5
    assert report.method[0].rules.level_cuts == CUTS


def test_an_incomplete_test_is_shown_but_not_counted():
    tal = talent({}, {"INT": 3}, review=True)
    rows = [row(5, "Eko", tal=tal, scores={"INT": score(4, 65.0)}, flags=("incomplete",))]
    (line,) = individual_report(result_set(rows), 5).lines
    assert line.level == 4 and not line.counted and line.gap is None
    assert line.verdict == "Tidak dipakai untuk JPM (tes tidak lengkap)"
    assert line.band is None  # no reliability row: no SEM


def test_a_complete_later_test_wins_over_an_incomplete_one():
    tal = talent({"INT": 2}, {"INT": 3})
    rows = [
        row(6, "Fajar", tal=tal, scores={"INT": score(2, 30.0)}),
        row(
            6,
            "Fajar",
            test="TEK-AK",
            tal=tal,
            scores={"INT": score(5, 90.0)},
            flags=("incomplete",),
        ),
    ]
    (line,) = individual_report(result_set(rows), 6).lines
    assert (line.test_code, line.level, line.achieved) == ("MANSOS", 2, 2)


def test_someone_who_has_not_sat_a_test():
    report = individual_report(_rs(), 2)
    assert not report.finished and not report.has_standard and report.lines == []
    assert report.method == [] and report.box is None and not report.review
    assert individual_report(_rs(), 99) is None


@pytest.mark.parametrize("required", [None, 3])
def test_a_line_without_score(required):
    tal = talent({}, {"INT": required} if required else {})
    report = individual_report(result_set([row(7, "G", tal=tal, status="ready")]), 7)
    assert [line.info.code for line in report.lines] == (["INT"] if required else [])
