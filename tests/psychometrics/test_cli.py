"""`flask irt ...`: calibrate, score, export-responses and analyse, with their failures."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from assessment_app.bank import load_bank
from assessment_app.psychometrics import read_params, read_responses, read_scores, write_responses
from assessment_app.psychometrics.simulate import draw_design, random_items, simulate
from tests.factories import SAMPLE_BANK, csv_text, publish_sample_bank, roster_rows, sit, write

BANK = load_bank(str(SAMPLE_BANK)).bank


def _responses(path, seed=41, persons=400, items=12, categories=2, shown=6):
    rng = np.random.default_rng(seed)
    truth = random_items(rng, items, categories)
    data = simulate(rng, truth, rng.normal(size=persons), draw_design(rng, persons, items, shown))
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_responses(data, out)
    return data


def _invoke(runner, *args):
    return runner.invoke(args=["irt", *map(str, args)])


def test_calibrate_then_score(runner, tmp_path):
    data = _responses(tmp_path / "r.csv")
    result = _invoke(
        runner, "calibrate", "--model", "2pl", "--responses", tmp_path / "r.csv",
        "--out", tmp_path / "p.csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "12 butir dikalibrasi (2PL, 400 peserta" in result.stdout and result.stderr == ""
    model, params = read_params(tmp_path / "p.csv")
    assert model == "2pl" and params.items == data.items
    result = _invoke(
        runner, "score", "--params", tmp_path / "p.csv", "--responses", tmp_path / "r.csv",
        "--out", tmp_path / "s.csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    persons, scores = read_scores(tmp_path / "s.csv")
    assert persons == list(data.persons) and np.isfinite(scores.theta).all()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv", "r.csv", "s.csv"]


def test_grm_warnings_go_to_stderr(runner, tmp_path):
    data = _responses(tmp_path / "r.csv", categories=4)
    values = data.values.copy()
    values[values[:, 0] == 2, 0] = 3  # category 2 of the first item never used
    with open(tmp_path / "r.csv", "w", encoding="utf-8", newline="") as out:
        write_responses(type(data)(data.persons, data.items, values), out)
    result = _invoke(
        runner, "calibrate", "--model", "grm", "--responses", tmp_path / "r.csv",
        "--out", tmp_path / "p.csv",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Peringatan: Butir I001: kategori 2 tidak pernah dipakai" in result.stderr
    assert "Peringatan" not in result.stdout
    lines = (tmp_path / "p.csv").read_text().splitlines()
    assert lines[0] == "item,a,b1,b2,b3" and lines[1].endswith(",")  # I001 has two thresholds


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda p: _responses(p, persons=40), "Gagal: Hanya 40 peserta dengan jawaban"),
        (lambda p: p.write_text("person,A\nx,0\ny,oops\n"), "r.csv, baris 3, kolom 2 (A):"),
        (lambda p: _responses(p, categories=3), "model 2PL hanya untuk data 0/1"),
    ],
)
def test_calibrate_failures_leave_no_file(runner, tmp_path, prepare, message):
    prepare(tmp_path / "r.csv")
    result = _invoke(
        runner, "calibrate", "--model", "2pl", "--responses", tmp_path / "r.csv",
        "--out", tmp_path / "p.csv",
    )  # fmt: skip
    assert result.exit_code == 1 and message in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_score_with_bad_params_fails_cleanly(runner, tmp_path):
    _responses(tmp_path / "r.csv")
    (tmp_path / "p.csv").write_text("item,a,b1,b2\nI001,1.0,0.5,0.2\n")
    result = _invoke(
        runner, "score", "--params", tmp_path / "p.csv", "--responses", tmp_path / "r.csv",
        "--out", tmp_path / "s.csv",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "p.csv, baris 2, kolom 4 (b2): ambang b harus naik" in result.stderr
    assert not (tmp_path / "s.csv").exists()


def _option(item_id: str, score: int) -> str:
    return next(o.key for o in BANK.item(item_id).options if o.score == score)


def _wrong(item_id: str) -> str:
    item = BANK.item(item_id)
    return next(key for key in item.option_keys if key != item.answer)


@pytest.fixture
def event(app, runner, tmp_path):
    """Four candidates: best/right, worst/wrong, half blank/blank, voided/unfinished."""
    rows = roster_rows(4, tests="MANSOS;TEK-AK")
    with app.app_context():
        publish_sample_bank()
        roster = write(tmp_path / "roster.csv", csv_text(rows))
        assert runner.invoke(args=["roster", "import", roster]).exit_code == 0
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
    half = {}

    def blank_half(item_id):
        half.setdefault(item_id, len(half) % 2 == 0)
        return None if half[item_id] else _option(item_id, 3)

    sit(app, rows[0], token, lambda i: _option(i, 5), tests=["MANSOS"])
    sit(app, rows[0], token, lambda i: BANK.item(i).answer, tests=["TEK-AK"])
    sit(app, rows[1], token, lambda i: _option(i, 1), tests=["MANSOS"])
    sit(app, rows[1], token, _wrong, tests=["TEK-AK"])
    sit(app, rows[2], token, blank_half, tests=["MANSOS"])
    sit(app, rows[2], token, lambda i: None, tests=["TEK-AK"])
    voided = sit(app, rows[3], token, lambda i: _option(i, 2), tests=["MANSOS"]).attempts["MANSOS"]
    sit(app, rows[3], token, lambda i: BANK.item(i).answer, tests=["TEK-AK"], finish=False)
    with app.app_context():
        from assessment_app.attempts.lifecycle import void_attempt
        from assessment_app.extensions import db
        from assessment_app.models import Attempt

        void_attempt(db.session.get(Attempt, voided), "test")
        db.session.commit()
    return [r[0] for r in rows], half


def test_export_responses_codes_categories_as_the_contract_says(app, runner, tmp_path, event):
    nips, half = event
    result = _invoke(runner, "export-responses", "--test", "mansos", "--out", tmp_path / "m.csv")
    assert result.exit_code == 0, result.output
    mansos = read_responses(tmp_path / "m.csv")
    assert mansos.persons == tuple(sorted(nips[:3]))  # the voided attempt is left out
    by_nip = dict(zip(mansos.persons, mansos.values, strict=True))
    drawn = by_nip[nips[0]] != -1
    assert drawn.sum() == 45 and (by_nip[nips[0]][drawn] == 4).all()  # score 5 -> category 4
    assert (by_nip[nips[1]][by_nip[nips[1]] != -1] == 0).all()  # score 1 -> category 0
    third = dict(zip(mansos.items, by_nip[nips[2]], strict=True))
    assert all(third[i] == (-1 if blank else 2) for i, blank in half.items())  # blank sjt = empty
    with app.app_context():
        from sqlalchemy import select

        from assessment_app.extensions import db
        from assessment_app.models import Attempt, AttemptStatus

        drawn_ids = db.session.scalars(
            select(Attempt.item_ids).where(
                Attempt.test_code == "MANSOS", Attempt.status == AttemptStatus.FINISHED
            )
        ).all()
    assert mansos.items == tuple(sorted({i for ids in drawn_ids for i in ids.split(",")}))

    result = _invoke(runner, "export-responses", "--test", "TEK-AK", "--out", tmp_path / "t.csv")
    assert result.exit_code == 0, result.output
    tek = read_responses(tmp_path / "t.csv")
    assert tek.persons == tuple(sorted(nips[:3]))  # the unfinished attempt is left out
    rows = dict(zip(tek.persons, tek.values, strict=True))
    assert set(rows[nips[0]][rows[nips[0]] != -1]) == {1}
    assert set(rows[nips[1]][rows[nips[1]] != -1]) == {0}
    assert (rows[nips[2]] != -1).sum() == 20 and set(rows[nips[2]][rows[nips[2]] != -1]) == {0}


def test_analyse_writes_item_statistics_from_the_event(app, runner, tmp_path, event):
    result = _invoke(
        runner, "analyse", "--test", "MANSOS", "--out", tmp_path / "a.csv", "--min-count", "2"
    )
    assert result.exit_code == 0, result.output
    assert "Peringatan: MANSOS / INT: Data tidak lengkap" in result.stderr
    table = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text())))
    assert {row["competency"] for row in table} == {
        "INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK", "PB"
    }  # fmt: skip
    assert all(row["type"] == "sjt" and row["test"] == "MANSOS" for row in table)
    cells = {cell.lower() for row in table for cell in row.values()}
    assert not {"nan", "inf", "none"} & cells
    assert _invoke(runner, "export-responses", "--test", "MANSOS", "--out", tmp_path / "r.csv")
    exported = read_responses(tmp_path / "r.csv")
    assert sorted(row["item"] for row in table) == list(exported.items)
    for row in table:  # every figure agrees with the exported categories (score - 1)
        column = exported.values[:, exported.items.index(row["item"])]
        scores = column[column >= 0] + 1.0
        assert int(row["n"]) == len(scores)
        if len(scores) >= 2:
            assert float(row["facility"]) == pytest.approx(scores.mean(), abs=1e-6)
            assert float(row["sd"]) == pytest.approx(scores.std(ddof=1), abs=1e-6)
        else:
            assert row["facility"] == "" and row["flags"] == "few_responses"
        blanks = int(row["presented"]) - len(scores)
        assert float(row["share_blank"] or 0) == pytest.approx(blanks / int(row["presented"]))
    assert f"{len(table)} butir dianalisis (" in result.stdout


def test_export_without_finished_attempts_fails(app, runner, tmp_path):
    with app.app_context():
        publish_sample_bank()
        roster = write(tmp_path / "roster.csv", csv_text(roster_rows(1)))
        assert runner.invoke(args=["roster", "import", roster]).exit_code == 0
    result = _invoke(runner, "export-responses", "--test", "TEK-PK", "--out", tmp_path / "x.csv")
    assert result.exit_code == 1
    assert "Tidak ada ujian tes TEK-PK yang sudah selesai di acara ini." in result.stderr
    assert not (tmp_path / "x.csv").exists()
