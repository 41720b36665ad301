"""Roster upload checks (issue 12): new codes ticked off, typo lookalikes, seat clashes,
Indonesian headers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assessment_app.events.service import ensure_event, ensure_session
from assessment_app.extensions import db
from assessment_app.models import Candidate, ExamSession, Room
from tests.admin_console.test_uploads import (
    CONFIRM_BUTTON,
    confirm,
    count,
    upload,
    xlsx_bytes,
)
from tests.factories import csv_text, nip, roster_rows

TICK = 'data-testid="codes-checked"'
INDONESIAN_HEADER = [
    "nip", "Nama", "Jabatan", "kode_jabatan", "Unit Kerja",
    "Sesi", "Ruang", "Kursi", "Tes", "PIN",
]  # fmt: skip


def _roster(rows, header=None) -> bytes:
    return csv_text(rows, header).encode()


def _codes(app, model) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(model.code)))


def _save(app, admin, rows) -> None:
    page = upload(admin, "peserta", _roster(rows), "r.csv").get_data(as_text=True)
    assert confirm(admin, "peserta", page).status_code == 302


def test_new_codes_are_listed_and_need_the_tick(app, admin):
    rows = roster_rows(2) + roster_rows(1, session="S2", room="R02", start=3)
    page = upload(admin, "peserta", _roster(rows), "r.csv").get_data(as_text=True)
    assert "Berkas valid" in page and CONFIRM_BUTTON in page and TICK in page
    assert "Saya memeriksa kode sesi/ruang baru" in page
    for code, rows_text in (("session-S1", "baris 2, 3"), ("room-R02", "baris 4")):
        item = page.split(f'data-testid="new-{code}"')[1].split("</li>")[0]
        assert "akan dibuat" in item and rows_text in item

    refused = confirm(admin, "peserta", page, tick=False)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'data-testid="codes-unchecked"' in text and "Belum disimpan" in text
    assert TICK in text and CONFIRM_BUTTON in text  # the same upload, ready to tick
    assert count(app, Candidate) == 0 and count(app, ExamSession) == 0 and count(app, Room) == 0

    assert confirm(admin, "peserta", text).status_code == 302
    assert _codes(app, ExamSession) == {"S1", "S2"} and _codes(app, Room) == {"R01", "R02"}


def test_known_codes_need_no_tick(app, admin):
    _save(app, admin, roster_rows(2))
    rows = roster_rows(2)
    rows[0][1] = "Nama Baru"
    page = upload(admin, "peserta", _roster(rows), "r.csv").get_data(as_text=True)
    assert CONFIRM_BUTTON in page and TICK not in page and "akan dibuat" not in page
    assert confirm(admin, "peserta", page, tick=False).status_code == 302


def test_typo_lookalikes_are_warnings_on_their_rows(app, admin):
    _save(app, admin, roster_rows(2))  # S1, R01
    rows = roster_rows(2) + roster_rows(1, session="S9", start=3)
    rows += roster_rows(1, room="R1", start=4)
    page = upload(admin, "peserta", _roster(rows), "r.csv").get_data(as_text=True)
    assert CONFIRM_BUTTON in page  # warnings do not block, the tick does
    assert (
        "baris 4, kolom session: sesi S9 belum ada dan akan dibuat, padahal mirip sesi S1 "
        "yang sudah ada (beda satu karakter)"
    ) in page
    assert (
        "baris 5, kolom room: ruang R1 belum ada dan akan dibuat, padahal mirip ruang R01 "
        "yang sudah ada (hanya beda nol di depan angka)"
    ) in page
    s9 = page.split('data-testid="new-session-S9"')[1].split("</li>")[0]
    assert "Peringatan: sesi S9" in s9
    assert page.count('class="note"') == 2  # each warning sits on its cell


def test_a_code_differing_only_by_case_from_a_stored_one_is_warned(app, admin):
    with app.app_context():  # a session stored in lower case (an older import or by hand)
        ensure_session(ensure_event(), "pagi")
        db.session.commit()
    page = upload(admin, "peserta", _roster(roster_rows(1, session="Pagi")), "r.csv")
    assert "sesi PAGI belum ada dan akan dibuat, padahal mirip sesi pagi yang sudah ada" in (
        page.get_data(as_text=True)
    )
    assert "hanya beda huruf besar/kecil" in page.get_data(as_text=True)


def test_seat_clashes_in_the_file_and_with_a_stored_candidate(app, admin):
    _save(app, admin, roster_rows(2))  # nip(1) seat 1, nip(2) seat 2
    rows = roster_rows(3, start=5)
    rows[0][7] = "2"  # row 2: seat of nip(2), who is not in this file
    rows[2][7] = rows[1][7]  # row 4: the seat of row 3
    page = upload(admin, "peserta", _roster(rows), "r.csv").get_data(as_text=True)
    assert (
        f"baris 2, kolom seat: kursi 2 di sesi S1 ruang R01 sudah dipakai peserta NIP {nip(2)}"
    ) in page
    assert "baris 4, kolom seat: kursi 6 di sesi S1 ruang R01 dipakai dua kali: baris 3 dan " in (
        page
    )
    assert CONFIRM_BUTTON not in page
    assert count(app, Candidate) == 2


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_indonesian_headers_preview_and_save(app, admin, kind):
    rows = roster_rows(2)
    if kind == "csv":
        data = _roster(rows, INDONESIAN_HEADER)
    else:
        data = xlsx_bytes([INDONESIAN_HEADER, *rows])
    page = upload(admin, "peserta", data, f"peserta.{kind}").get_data(as_text=True)
    assert "Berkas valid" in page and "<th >Unit Kerja" in page
    assert confirm(admin, "peserta", page).status_code == 302
    assert count(app, Candidate) == 2


def test_errors_name_the_indonesian_column_and_sit_on_its_cell(app, admin):
    rows = roster_rows(2)
    rows[1][5] = "S 1"
    page = upload(admin, "peserta", _roster(rows, INDONESIAN_HEADER), "r.csv")
    text = page.get_data(as_text=True)
    assert "baris 3, kolom Sesi: kode &#39;S 1&#39; tidak valid" in text
    assert 'class="bad" title="kode' in text  # on the Sesi cell, not only in the list
    assert CONFIRM_BUTTON not in text


def test_both_names_of_a_column_is_refused(app, admin):
    header = [*INDONESIAN_HEADER, "session"]
    rows = [[*row, "S2"] for row in roster_rows(1)]
    page = upload(admin, "peserta", _roster(rows, header), "r.csv").get_data(as_text=True)
    assert "kolom &#39;Sesi&#39; dan &#39;session&#39; adalah kolom yang sama" in page
    assert CONFIRM_BUTTON not in page


def test_the_import_page_lists_both_names_of_each_column(admin):
    page = admin.get("/admin/impor").get_data(as_text=True)
    headers = page.split('data-testid="headers-peserta"')[1].split("</p>")[0]
    assert "<code>nama</code> (atau <code>name</code>)" in headers
    assert "<code>unit_kerja</code> (atau <code>unit</code>)" in headers
    assert "<code>nip</code>," in headers  # the same in both languages: named once
    potential = page.split('data-testid="headers-potensi"')[1].split("</p>")[0]
    assert "<code>sumber</code> (atau <code>source</code>)" in potential


@pytest.mark.parametrize(
    ("kind", "header", "row"),
    [
        ("standar", ["Kode Jabatan", "INT", "KS"], ["AK-MUDA", "3", "2"]),
        ("kinerja", ["NIP", "Predikat", "Tahun"], [nip(1), "Baik", "2024"]),
        ("potensi", ["NIP", "Potensi", "Sumber", "Tahun"], [nip(1), "Tinggi", "BKN", "2024"]),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_other_kinds_take_indonesian_headers(app, admin, kind, header, row, fmt):
    if fmt == "csv":
        data = (",".join(header) + "\n" + ",".join(row) + "\n").encode()
    else:
        data = xlsx_bytes([header, row])
    page = upload(admin, kind, data, f"{kind}.{fmt}").get_data(as_text=True)
    assert "Berkas valid" in page and "tidak dikenal" not in page
    assert confirm(admin, kind, page).status_code == 302
