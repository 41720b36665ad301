"""Roster import: all-or-nothing, row and column in every error, re-import by NIP, cards."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import Attempt, AttemptStatus, Candidate, ExamSession, Room
from assessment_app.roster.service import pin_vault
from tests.factories import ROSTER_HEADER, csv_text, nip, publish_sample_bank, roster_rows, write


@pytest.fixture
def bank(ctx):
    return publish_sample_bank()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_good_roster_creates_candidates_sessions_rooms(runner, bank, tmp_path):
    rows = roster_rows(20) + roster_rows(5, session="S2", room="R02", tests="MANSOS", start=21)
    path = write(tmp_path / "peserta.csv", csv_text(rows))
    result = runner.invoke(args=["roster", "import", path])
    assert result.exit_code == 0, result.output
    assert "25 baru" in result.output
    assert _count(Candidate) == 25
    assert set(db.session.scalars(select(ExamSession.code))) == {"S1", "S2"}
    assert set(db.session.scalars(select(Room.code))) == {"R01", "R02"}
    first = db.session.scalar(select(Candidate).where(Candidate.nip == rows[0][0]))
    assert [r.test_code for r in first.registrations] == ["MANSOS", "TEK-AK"]
    assert pin_vault().verify(first.nip, rows[0][9], first.pin_mac)
    assert rows[0][9] not in first.pin_sealed  # the PIN is sealed, not stored in clear


def test_one_bad_nip_among_500_rows_imports_nothing(runner, bank, tmp_path):
    rows = roster_rows(500)
    rows[375][0] = rows[375][0][:-1] + "X"  # spreadsheet row 377 (header is row 1)
    path = write(tmp_path / "peserta.csv", csv_text(rows))
    result = runner.invoke(args=["roster", "import", path])
    assert result.exit_code == 1
    assert "baris 377, kolom nip" in result.stderr
    assert "tidak ada data yang disimpan" in result.stderr
    assert _count(Candidate) == 0
    assert _count(ExamSession) == 0


def test_every_bad_row_is_reported(runner, bank, tmp_path):
    rows = roster_rows(6)
    rows[1][8] = "MANSOS;TIDAK-ADA"  # unknown test, row 3
    rows[3][0] = rows[0][0]  # duplicate NIP, row 5
    rows[4][1] = ""  # missing name, row 6
    path = write(tmp_path / "peserta.csv", csv_text(rows))
    result = runner.invoke(args=["roster", "import", path])
    assert result.exit_code == 1
    for expected in ("baris 3, kolom tests", "baris 5, kolom nip", "baris 6, kolom name"):
        assert expected in result.stderr, result.stderr
    assert _count(Candidate) == 0


def test_missing_required_column_is_named(runner, bank, tmp_path):
    header = [h for h in ROSTER_HEADER if h != "session"]
    rows = [
        [v for h, v in zip(ROSTER_HEADER, row, strict=True) if h != "session"]
        for row in roster_rows(2)
    ]
    path = write(tmp_path / "peserta.csv", csv_text(rows, header))
    result = runner.invoke(args=["roster", "import", path])
    assert result.exit_code == 1
    assert "session" in result.stderr


def test_dry_run_writes_nothing(runner, bank, tmp_path):
    path = write(tmp_path / "peserta.csv", csv_text(roster_rows(3)))
    result = runner.invoke(args=["roster", "import", path, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Uji coba" in result.output and "3 baru" in result.output
    assert _count(Candidate) == 0


def test_reimport_updates_by_nip_and_keeps_pins(runner, bank, tmp_path):
    rows = roster_rows(3)
    runner.invoke(args=["roster", "import", write(tmp_path / "a.csv", csv_text(rows))])
    moved = [row[:] for row in rows]
    moved[0][6] = "R09"
    for row in moved:
        row[9] = ""  # no PINs in the second file
    result = runner.invoke(args=["roster", "import", write(tmp_path / "b.csv", csv_text(moved))])
    assert result.exit_code == 0, result.output
    assert "0 baru, 1 diperbarui, 2 tidak berubah" in result.output
    first = db.session.scalar(select(Candidate).where(Candidate.nip == rows[0][0]))
    assert first.room.code == "R09"
    assert pin_vault().verify(first.nip, rows[0][9], first.pin_mac)


def test_generated_pins_when_the_file_has_none(runner, bank, tmp_path):
    rows = roster_rows(2)
    for row in rows:
        row[9] = ""
    runner.invoke(args=["roster", "import", write(tmp_path / "a.csv", csv_text(rows))])
    pins = [pin_vault().unseal(c.pin_sealed) for c in db.session.scalars(select(Candidate))]
    assert len(pins) == 2 and all(len(p) == 6 and p.isdigit() for p in pins)


def test_a_candidate_who_started_cannot_be_moved(runner, bank, tmp_path):
    rows = roster_rows(2)
    runner.invoke(args=["roster", "import", write(tmp_path / "a.csv", csv_text(rows))])
    candidate = db.session.scalar(select(Candidate).where(Candidate.nip == rows[1][0]))
    registration = candidate.registrations[0]
    db.session.add(
        Attempt(
            registration_id=registration.id,
            candidate_id=candidate.id,
            test_code=registration.test_code,
            snapshot_id=bank.id,
            status=AttemptStatus.IN_PROGRESS,
            seed=1,
            layout={},
            duration_ms=60_000,
        )
    )
    db.session.commit()
    rows[1][6] = "R02"
    result = runner.invoke(args=["roster", "import", write(tmp_path / "b.csv", csv_text(rows))])
    assert result.exit_code == 1
    assert "baris 3, kolom nip" in result.stderr and "sudah mulai" in result.stderr
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).room.code == "R01"


def test_indonesian_excel_csv_with_semicolons_and_bom(runner, bank, tmp_path):
    path = write(tmp_path / "excel.csv", csv_text(roster_rows(4), sep=";"), bom=True)
    result = runner.invoke(args=["roster", "import", path])
    assert result.exit_code == 0, result.output
    candidate = db.session.scalar(select(Candidate).order_by(Candidate.id))
    assert [r.test_code for r in candidate.registrations] == ["MANSOS", "TEK-AK"]


def test_xlsx_with_nips_as_text_and_pin_with_leading_zero(runner, bank, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ROSTER_HEADER)
    rows = roster_rows(3)
    rows[0][9] = "012345"
    for row in rows:
        sheet.append(row)
    workbook.save(tmp_path / "peserta.xlsx")
    result = runner.invoke(args=["roster", "import", str(tmp_path / "peserta.xlsx")])
    assert result.exit_code == 0, result.output
    first = db.session.scalar(select(Candidate).where(Candidate.nip == rows[0][0]))
    assert pin_vault().unseal(first.pin_sealed) == "012345"


def test_a_file_that_is_not_a_table_gets_a_clear_message(runner, bank, tmp_path):
    path = tmp_path / "peserta.xlsx"
    path.write_bytes(b"%PDF-1.4 not a spreadsheet")
    result = runner.invoke(args=["roster", "import", str(path)])
    assert result.exit_code == 1
    assert str(path) in result.stderr
    assert "Traceback" not in result.output


def test_cards_show_every_candidate_with_pin(runner, bank, tmp_path):
    rows = roster_rows(3)
    runner.invoke(args=["roster", "import", write(tmp_path / "a.csv", csv_text(rows))])
    out = tmp_path / "kartu.html"
    result = runner.invoke(args=["roster", "cards", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    for row in rows:
        assert row[0] in html and row[1] in html and row[9] in html
    assert html.count('class="card"') == 3


def test_roster_needs_a_published_bank(runner, ctx, tmp_path):
    path = write(tmp_path / "a.csv", csv_text(roster_rows(1)))
    result = runner.invoke(args=["roster", "import", path])
    assert result.exit_code == 1
    assert "bank publish" in result.stderr


def test_nip_helper_makes_valid_nips():
    from datetime import date

    from assessment_app.tabular import parse_nip

    for i in range(1, 600):
        parse_nip(nip(i), date(2026, 11, 28))


def test_rows_into_a_closed_session_are_refused(runner, bank, tmp_path):
    rows = roster_rows(2)
    runner.invoke(args=["roster", "import", write(tmp_path / "a.csv", csv_text(rows))])
    runner.invoke(args=["session", "open", "S1"])
    runner.invoke(args=["session", "close", "S1"])
    late = rows + roster_rows(1, start=9)
    result = runner.invoke(args=["roster", "import", write(tmp_path / "b.csv", csv_text(late))])
    assert result.exit_code == 1
    assert "baris 4, kolom session" in result.stderr and "ditutup" in result.stderr
    unchanged = runner.invoke(args=["roster", "import", write(tmp_path / "c.csv", csv_text(rows))])
    assert unchanged.exit_code == 0, unchanged.output
