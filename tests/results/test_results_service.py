"""Results from real attempts: hand-computed scores, levels, z, JPM and boxes; the export."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from assessment_app.bank import load_bank
from tests.api.conftest import Api
from tests.factories import SAMPLE_BANK, csv_text, publish_sample_bank, roster_rows, write

MANSOS = ["INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK", "PB"]
BANK = load_bank(str(SAMPLE_BANK)).bank


def _option_with(item_id: str, score: int) -> str:
    return next(o.key for o in BANK.item(item_id).options if o.score == score)


def _sit(app, seat, token, pick, finish=True, test_index=0) -> int:
    """Log in, start, answer every item with pick(item) (None leaves it blank), finish."""
    from tests.conftest import _Client

    app.test_client_class = _Client
    api = Api(app.test_client())
    attempt_id = api.login(seat, token).json["attempts"][test_index]["id"]
    items = api.start(attempt_id).json["items"]
    for seq, item in enumerate(items, start=1):
        choice = pick(item["id"])
        if choice is not None:
            assert api.save(attempt_id, item["id"], choice, seq).status_code == 200
    if finish:
        assert api.finish(attempt_id).status_code == 200
    return attempt_id


@pytest.fixture
def event(app, runner, tmp_path):
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
    seats = [type("Seat", (), {"nip": r[0], "pin": r[9]}) for r in rows]
    _sit(app, seats[0], token, lambda item: _option_with(item, 5))  # all best
    _sit(app, seats[1], token, lambda item: _option_with(item, 1))  # all worst
    _sit(app, seats[2], token, lambda item: None, finish=False)  # started, nothing answered
    _sit(app, seats[3], token, lambda item: _option_with(item, 3))  # no standards
    return rows


def _results(app):
    from assessment_app.results.service import result_set

    with app.app_context():
        return result_set()


def test_scores_levels_z_and_t_by_hand(app, event):
    results = _results(app)
    assert [r.nip for r in results.rows] == [row[0] for row in event]
    best, worst, running, middle = results.rows
    # Three finished attempts per competency: scores 5, 1, 3 -> mean 3, sd sqrt(8/3).
    sd = (8 / 3) ** 0.5
    for code in MANSOS:
        assert best.scores[code].score == 5.0 and best.scores[code].level == 5
        assert worst.scores[code].score == 1.0 and worst.scores[code].level == 1
        assert middle.scores[code].level == 3  # 3.0 is past the 2.6 cut, short of 3.4
        assert best.scores[code].z == pytest.approx(2 / sd)
        assert best.scores[code].t == pytest.approx(50 + 10 * 2 / sd)
        assert middle.scores[code].z == pytest.approx(0.0)
    assert running.status == "in_progress" and running.scores == {}
    assert best.answered == best.total == 45


def test_jpm_category_performance_and_box(app, event):
    best, worst, running, middle = _results(app).rows
    assert best.talent.jpm == pytest.approx(100 * 45 / 27)  # 166.67: above 100, not capped
    assert best.talent.jpm_category == "Optimal" and best.talent.potential == "Tinggi"
    assert best.talent.performance == "Di Atas Ekspektasi" and best.talent.box == 9
    assert worst.talent.jpm == pytest.approx(100 * 9 / 27)
    assert worst.talent.jpm_category == "Kurang Optimal"
    assert worst.talent.performance == "Sesuai Ekspektasi" and worst.talent.box == 2
    assert running.talent.jpm is None and running.talent.box is None  # nothing assessed
    assert middle.talent.jpm is None  # the position has no standards
    assert middle.talent.required == {}


def test_dropping_an_item_recomputes_from_the_same_attempts(app, event):
    from assessment_app.extensions import db
    from assessment_app.results.service import add_correction

    before = _results(app).rows[1]
    with app.app_context():
        add_correction(
            "sjt_level_cuts",
            actor="admin1",
            reason="kalibrasi",
            test_code="MANSOS",
            cuts="0.5, 0.9, 1.0, 4.5",
        )
        db.session.commit()
    after = _results(app).rows[1]
    assert before.scores["INT"].level == 1 and after.scores["INT"].level == 4  # 1.0 >= 1.0
    assert _results(app).corrections[0].reason == "kalibrasi"


def test_export_csv_and_xlsx_from_the_command_line(app, event, runner, tmp_path):
    with app.app_context():
        out = tmp_path / "hasil.csv"
        result = runner.invoke(args=["results", "export", "--format", "csv", "--out", str(out)])
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
        header = rows[0]
        assert header[:7] == ["nip", "name", "position", "test_code", "status", "answered", "total"]
        assert header[7:11] == ["INT_score", "INT_level", "INT_z", "INT_t"]
        first = dict(zip(header, rows[1], strict=False))
        assert first["nip"] == event[0][0] and first["INT_score"] == "5"
        assert first["INT_level"] == "5" and first["box"] == "9" and first["jpm"] == "166.67"
        book = tmp_path / "hasil.xlsx"
        result = runner.invoke(args=["results", "export", "--format", "xlsx", "--out", str(book)])
        assert result.exit_code == 0, result.output
        sheet = load_workbook(book, read_only=True).worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        assert values[1][0] == event[0][0]  # the NIP stays text
        assert isinstance(values[1][header.index("INT_score")], int | float)


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
    best = _results(app).rows[0]
    assert best.talent.jpm == pytest.approx(100.0) and best.talent.jpm_category == "Optimal"
    assert best.talent.predikat == "Butuh Perbaikan" and best.talent.box == 6  # latest year


def test_attempts_are_scored_by_the_snapshot_they_were_drawn_from(app, event, runner, bank_copy):
    before = [r.scores["INT"].score for r in _results(app).rows if r.scores]
    # Re-score every INT option 1 in a new published version: finished attempts keep theirs.
    path = bank_copy / "items" / "manajerial" / "int.yaml"
    text = path.read_text(encoding="utf-8")
    for score in "2345":
        text = text.replace(f"score: {score}", "score: 1")
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        assert runner.invoke(args=["bank", "publish", str(bank_copy)]).exit_code == 0
    after = [r.scores["INT"].score for r in _results(app).rows if r.scores]
    assert after == before == [5.0, 1.0, 3.0]
