"""Results from real attempts (candidate API in, `result_set()` out): scoring v2 by hand."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from numpy.testing import assert_allclose
from openpyxl import load_workbook

from assessment_app import clock
from assessment_app.bank import load_bank
from tests.factories import SAMPLE_BANK, csv_text, publish_sample_bank, roster_rows, sit, write

MANSOS = ["INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK", "PB"]  # competencies.yaml order
BANK = load_bank(str(SAMPLE_BANK)).bank
SAVE_GAP = timedelta(seconds=20)  # an unhurried candidate: no rapid-guessing flag


def _option_with(item_id: str, score: int) -> str:
    return next(o.key for o in BANK.item(item_id).options if o.score == score)


@pytest.fixture
def event(app, runner, tmp_path):
    """Four candidates on MANSOS: all best, all worst, started but blank, no standards."""
    clock.freeze()
    rows = roster_rows(4, tests="MANSOS")
    rows[3][3] = "TANPA-STANDAR"
    with app.app_context():
        publish_sample_bank()
        assert (
            runner.invoke(
                args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))]
            ).exit_code
            == 0
        )
        header = ["position_code", *MANSOS]
        assert (
            runner.invoke(
                args=[
                    "standards",
                    "import",
                    write(tmp_path / "s.csv", csv_text([["AK-MUDA", *["3"] * 9]], header)),
                ]
            ).exit_code
            == 0
        )
        skp = [[rows[0][0], "Sangat Baik", "2025"], [rows[1][0], "Baik", "2025"]]
        assert (
            runner.invoke(
                args=[
                    "performance",
                    "import",
                    write(tmp_path / "p.csv", csv_text(skp, ["nip", "predikat", "year"])),
                ]
            ).exit_code
            == 0
        )
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
    sit(app, rows[0], token, lambda item: _option_with(item, 5), gap=SAVE_GAP)  # all best
    sit(app, rows[1], token, lambda item: _option_with(item, 1), gap=SAVE_GAP)  # all worst
    sit(app, rows[2], token, lambda item: None, finish=False)  # started, nothing answered
    sit(app, rows[3], token, lambda item: _option_with(item, 3), gap=SAVE_GAP)  # no standards
    return rows


def _results(app):
    from assessment_app.results.service import result_set

    with app.app_context():
        return result_set()


def test_scores_levels_z_and_t_by_hand(app, event):
    results = _results(app)
    assert [r.nip for r in results.rows] == [row[0] for row in event]
    best, worst, running, middle = results.rows
    # Every MANSOS item scores its options 1..5: m = 3, M = 5, credit (s - 3) / 2.
    # best: credit 1 on 5 items -> C_score 100, level 5; C_raw 5
    # worst: credit -1 -> C_score -100 (never clamped), level 1; C_raw 1
    # middle: credit 0 -> C_score 0 (what chance earns), level 1; C_raw 3
    # z over the three finished attempts: mean 0, sd sqrt(20000 / 3) = 81.64965809277261
    #   -> best z = 100 / sd = 1.224744871391589, T = 62.24744871391589; middle z = 0
    for code in MANSOS:
        assert_allclose(
            [best.scores[code].score, worst.scores[code].score, middle.scores[code].score],
            [100.0, -100.0, 0.0],
            atol=1e-12,
        )
        assert_allclose(
            [best.scores[code].raw, worst.scores[code].raw, middle.scores[code].raw],
            [5.0, 1.0, 3.0],
        )
        assert [best.scores[code].level, worst.scores[code].level] == [5, 1]
        assert middle.scores[code].level == 1
        assert best.scores[code].items == 5
        assert_allclose(best.scores[code].z, 1.224744871391589, rtol=1e-12)
        assert_allclose(best.scores[code].t, 62.24744871391589, rtol=1e-12)
        assert_allclose(middle.scores[code].z, 0.0, atol=1e-12)
    assert running.status == "in_progress" and running.scores == {} and running.flags == ()
    assert best.answered == best.total == 45
    assert best.flags == worst.flags == middle.flags == ()  # unhurried, not the longest option
    assert results.rules["MANSOS"].level_cuts == (20.0, 40.0, 60.0, 80.0)
    assert results.rules["MANSOS"].min_answered_share == 0.8


def test_capped_jpm_category_performance_box_and_below_standard(app, event):
    best, worst, running, middle = _results(app).rows
    # best: min(5, 3) x 9 / 27 = 100 (capped: uncapped it was 45 / 27 = 166.67)
    assert best.talent.jpm == 100.0
    assert best.talent.jpm_category == "Optimal" and best.talent.potential == "Tinggi"
    assert best.talent.potential_source == "JPM"
    assert best.talent.performance == "Di Atas Ekspektasi" and best.talent.box == 9
    assert best.talent.below_standard == ()
    assert best.talent.krs == "tidak"  # box 9 but a single SKP year
    # worst: 1 x 9 / 27 = 33.33 -> Kurang Optimal, Rendah; Baik -> box 2
    assert_allclose(worst.talent.jpm, 100 / 3)
    assert worst.talent.jpm_category == "Kurang Optimal"
    assert worst.talent.performance == "Sesuai Ekspektasi" and worst.talent.box == 2
    assert worst.talent.below_standard == tuple(MANSOS)  # competencies.yaml order
    assert worst.talent.krs == "tidak"
    assert running.talent.jpm is None and running.talent.box is None  # nothing assessed
    assert running.talent.krs is None
    assert middle.talent.jpm is None  # the position has no standards
    assert middle.talent.required == {} and middle.talent.box is None


def test_a_cut_change_recomputes_from_the_same_attempts(app, event):
    from assessment_app.extensions import db
    from assessment_app.results.service import add_correction

    before = _results(app).rows[1]
    with app.app_context():
        add_correction(
            "level_cuts",
            actor="admin1",
            reason="kalibrasi",
            test_code="MANSOS",
            cuts="-150, -120, -100, 50",
        )
        db.session.commit()
    after = _results(app)
    worst = after.rows[1]
    # -100 reaches -150, -120 and -100 (exactly on the cut): level 4
    assert before.scores["INT"].level == 1 and worst.scores["INT"].level == 4
    assert worst.scores["INT"].score == before.scores["INT"].score  # only the level moves
    assert after.rules["MANSOS"].level_cuts == (-150.0, -120.0, -100.0, 50.0)
    assert after.rules["MANSOS"].corrected is True
    assert after.rules["TEK-AK"].corrected is False
    assert after.corrections[0].reason == "kalibrasi"


def test_old_scale_cut_corrections_are_refused(app, event):
    from assessment_app.exceptions import Refused
    from assessment_app.results.service import add_correction

    with app.app_context(), pytest.raises(Refused) as refused:
        add_correction(
            "sjt_level_cuts", actor="a", reason="r", test_code="MANSOS", cuts="1.8,2.6,3.4,4.2"
        )
    assert refused.value.code == "invalid_correction"


def test_dropping_or_crediting_an_item_recomputes_from_the_same_attempts(app, event):
    from assessment_app.extensions import db
    from assessment_app.results.service import add_correction

    with app.app_context():
        drawn = _drawn_items(event[1][0])
    first, second = [item for item in drawn if item.startswith("INT-")][:2]
    with app.app_context():
        add_correction("drop_item", actor="admin1", reason="salah kunci", item_id=first)
        db.session.commit()
    worst = _results(app).rows[1].scores["INT"]
    # 4 presented INT items left, all answered with the worst option: still -100, raw 1
    assert worst.items == 4 and worst.score == -100.0 and worst.raw == 1.0
    with app.app_context():
        add_correction("credit_all", actor="admin1", reason="dua kunci", item_id=second)
        db.session.commit()
    worst = _results(app).rows[1].scores["INT"]
    # credit-all: the answered item earns 1 and counts as its best option (5):
    # C_score 100 x (1 - 3) / 4 = -50, C_raw (5 + 1 + 1 + 1) / 4 = 2
    assert worst.items == 4
    assert_allclose([worst.score, worst.raw], [-50.0, 2.0])
    assert worst.level == 1


def _drawn_items(nip: str) -> list[str]:
    from sqlalchemy import select

    from assessment_app.extensions import db
    from assessment_app.models import Attempt, Candidate

    query = select(Attempt.item_ids).join(Candidate).where(Candidate.nip == nip)
    return db.session.scalar(query).split(",")


def test_export_csv_and_xlsx_from_the_command_line(app, event, runner, tmp_path):
    with app.app_context():
        out = tmp_path / "hasil.csv"
        result = runner.invoke(args=["results", "export", "--format", "csv", "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "SEMENTARA" in result.output  # no version fixed yet
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
        header = rows[0]
        assert header[:8] == [
            "nip",
            "name",
            "position",
            "test_code",
            "status",
            "answered",
            "total",
            "flags",
        ]
        assert header[8:13] == ["INT_raw", "INT_score", "INT_level", "INT_z", "INT_t"]
        best, worst = (dict(zip(header, row, strict=True)) for row in rows[1:3])
        assert best["nip"] == event[0][0] and best["flags"] == ""
        assert (best["INT_raw"], best["INT_score"], best["INT_level"]) == ("5", "100", "5")
        assert (best["INT_z"], best["INT_t"]) == ("1.2247", "62.2474")
        assert (worst["INT_raw"], worst["INT_score"], worst["INT_level"]) == ("1", "-100", "1")
        assert best["box"] == "9" and best["jpm"] == "100" and best["krs"] == "tidak"
        assert worst["jpm"] == "33.33" and worst["jpm_category"] == "Kurang Optimal"
        assert worst["below_standard"] == ";".join(MANSOS)
        book = tmp_path / "hasil.xlsx"
        result = runner.invoke(args=["results", "export", "--format", "xlsx", "--out", str(book)])
        assert result.exit_code == 0, result.output
        sheet = load_workbook(book, read_only=True).worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        first = next(i for i, row in enumerate(values) if row and row[0] == event[0][0])
        assert isinstance(values[first][0], str)  # the NIP stays text
        assert values[first][header.index("INT_score")] == 100


def test_new_standards_and_ratings_change_the_next_computation(app, event, runner, tmp_path):
    assert _results(app).rows[0].talent.box == 9
    with app.app_context():
        header = ["position_code", *MANSOS]
        runner.invoke(
            args=[
                "standards",
                "import",
                write(tmp_path / "s2.csv", csv_text([["AK-MUDA", *["5"] * 9]], header)),
            ]
        )
        runner.invoke(
            args=[
                "performance",
                "import",
                write(
                    tmp_path / "p2.csv",
                    csv_text(
                        [[event[0][0], "Butuh Perbaikan", "2026"]], ["nip", "predikat", "year"]
                    ),
                ),
            ]
        )
    best, worst = _results(app).rows[:2]
    assert best.talent.jpm == 100.0 and best.talent.jpm_category == "Optimal"
    assert best.talent.predikat == "Butuh Perbaikan" and best.talent.box == 6  # latest year
    assert worst.talent.jpm == 20.0  # 9 x 1 / 45


def test_attempts_are_scored_by_the_snapshot_they_were_drawn_from(app, event, runner, bank_copy):
    before = [r.scores["INT"].score for r in _results(app).rows if r.scores]
    # Swap the INT options scored 5 and 1 in a new published version: finished attempts
    # keep the scores of the snapshot they were drawn from.
    path = bank_copy / "items" / "manajerial" / "int.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("score: 5}", "score: X}").replace("score: 1}", "score: 5}")
    path.write_text(text.replace("score: X}", "score: 1}"), encoding="utf-8")
    with app.app_context():
        published = runner.invoke(args=["bank", "publish", str(bank_copy)])
        assert published.exit_code == 0, published.output
    after = [r.scores["INT"].score for r in _results(app).rows if r.scores]
    assert after == before == [100.0, -100.0, 0.0]
