"""Roster import: all-or-nothing, row and column in every error, re-import by NIP, cards."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import Attempt, AttemptStatus, Candidate, ExamSession, Room
from assessment_app.security import pin_vault
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


def _import(runner, tmp_path, rows, name="r.csv", *extra, header=None):
    path = write(tmp_path / name, csv_text(rows, header))
    return runner.invoke(args=["roster", "import", path, *extra])


def test_cli_names_each_code_it_creates_on_stderr(runner, bank, tmp_path):
    rows = roster_rows(3) + roster_rows(1, session="S2", room="R02", start=4)
    dry = _import(runner, tmp_path, rows, "a.csv", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "sesi baru akan dibuat: S1 (baris 2, 3, 4)" in dry.stderr
    assert "ruang baru akan dibuat: R02 (baris 5)" in dry.stderr
    assert _count(ExamSession) == 0
    done = _import(runner, tmp_path, rows, "b.csv")
    assert done.exit_code == 0, done.output
    for line in ("sesi baru dibuat: S1", "sesi baru dibuat: S2", "ruang baru dibuat: R01"):
        assert line in done.stderr
    again = _import(runner, tmp_path, rows, "c.csv")
    assert again.exit_code == 0 and "baru dibuat" not in again.stderr


def test_cli_warns_about_codes_that_look_like_typos(runner, bank, tmp_path):
    assert _import(runner, tmp_path, roster_rows(2), "a.csv").exit_code == 0  # S1, R01
    rows = (
        roster_rows(2) + roster_rows(1, session="S9", start=3) + roster_rows(1, room="R1", start=4)
    )
    result = _import(runner, tmp_path, rows, "b.csv", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "sesi baru akan dibuat: S9 (baris 4)" in result.stderr
    assert "ruang baru akan dibuat: R1 (baris 5)" in result.stderr
    assert (
        "peringatan: baris 4, kolom session: sesi S9 belum ada dan akan dibuat, padahal mirip "
        "sesi S1 yang sudah ada (beda satu karakter)"
    ) in result.stderr
    assert "baris 5, kolom room: ruang R1 belum ada dan akan dibuat, padahal mirip ruang R01" in (
        result.stderr
    )
    assert "hanya beda nol di depan angka" in result.stderr


def test_seat_taken_by_a_candidate_outside_the_file_is_an_error_naming_the_nip(
    runner, bank, tmp_path
):
    first = roster_rows(2)  # seats 1 and 2 in S1/R01
    assert _import(runner, tmp_path, first, "a.csv").exit_code == 0
    newcomer = roster_rows(1, start=7)
    newcomer[0][7] = "2"  # seat 2 belongs to nip(2), who is not in this file
    result = _import(runner, tmp_path, newcomer, "b.csv")
    assert result.exit_code == 1
    assert (
        f"baris 2, kolom seat: kursi 2 di sesi S1 ruang R01 sudah dipakai peserta NIP {nip(2)} "
        "(Peserta 2)"
    ) in result.stderr
    assert _count(Candidate) == 2  # all-or-nothing
    elsewhere = [row[:] for row in newcomer]
    elsewhere[0][5] = "S1"
    elsewhere[0][6] = "R02"  # the same seat label in another room is free
    assert _import(runner, tmp_path, elsewhere, "c.csv").exit_code == 0


def test_own_seat_and_a_seat_freed_in_the_same_file_are_not_clashes(runner, bank, tmp_path):
    first = roster_rows(2)
    assert _import(runner, tmp_path, first, "a.csv").exit_code == 0
    moved = [row[:] for row in first]
    moved[0][7] = "5"  # nip(1) leaves seat 1 ...
    newcomer = roster_rows(1, start=3)
    newcomer[0][7] = "1"  # ... which a new candidate takes; nip(2) stays in seat 2
    result = _import(runner, tmp_path, [*moved, *newcomer], "b.csv")
    assert result.exit_code == 0, result.stderr
    seats = dict(db.session.execute(select(Candidate.nip, Candidate.seat)).all())
    assert seats == {nip(1): "5", nip(2): "2", nip(3): "1"}


def test_seat_twice_in_the_file_names_both_rows(runner, bank, tmp_path):
    rows = roster_rows(3)
    rows[2][7] = "1"
    result = _import(runner, tmp_path, rows, "a.csv")
    assert result.exit_code == 1
    assert "baris 4, kolom seat: kursi 1 di sesi S1 ruang R01 dipakai dua kali: baris 2 dan " in (
        result.stderr
    )
    assert _count(Candidate) == 0


INDONESIAN_HEADER = [
    "NIP", "Nama", "Jabatan", "Kode Jabatan", "Unit Kerja",
    "Sesi", "Ruang", "Kursi", "Tes", "PIN",
]  # fmt: skip


def test_indonesian_headers_in_xlsx_and_errors_named_as_written(runner, bank, tmp_path):
    workbook = Workbook()
    workbook.active.append(INDONESIAN_HEADER)
    rows = roster_rows(2)
    rows[1][1] = ""
    for row in rows:
        workbook.active.append(row)
    workbook.save(tmp_path / "peserta.xlsx")
    bad = runner.invoke(args=["roster", "import", str(tmp_path / "peserta.xlsx")])
    assert bad.exit_code == 1 and "baris 3, kolom Nama: wajib diisi" in bad.stderr
    workbook.active["B3"] = "Peserta Dua"
    workbook.save(tmp_path / "peserta.xlsx")
    good = runner.invoke(args=["roster", "import", str(tmp_path / "peserta.xlsx")])
    assert good.exit_code == 0, good.stderr
    second = db.session.scalar(select(Candidate).where(Candidate.nip == rows[1][0]))
    assert (second.name, second.unit, second.room.code) == ("Peserta Dua", "Bapperida", "R01")


def test_standards_and_performance_cli_take_indonesian_headers(runner, bank, tmp_path):
    standards = write(tmp_path / "standar.csv", "Kode_Jabatan;INT;KS\nAK-MUDA;3;2\n")
    result = runner.invoke(args=["standards", "import", standards])
    assert result.exit_code == 0, result.stderr
    skp = write(tmp_path / "skp.csv", f"nip,predikat,tahun\n{nip(1)},Baik,2024\n")
    result = runner.invoke(args=["performance", "import", skp])
    assert result.exit_code == 0, result.stderr
    both = write(tmp_path / "dua.csv", f"nip,predikat,tahun,Year\n{nip(1)},Baik,2024,2024\n")
    result = runner.invoke(args=["performance", "import", both])
    assert result.exit_code == 1
    assert "kolom 'tahun' dan 'Year' adalah kolom yang sama" in result.stderr
