"""Card pages and downloads leave an audit entry (who, what, how much); refusals leave none.

Also the admin page that checks an answer receipt ("Tanda terima").
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assessment_app.audit.reading import sentences
from assessment_app.extensions import db
from assessment_app.models import AuditEntry
from tests.factories import (
    build_event,
    csrf_from,
    roster_rows,
)

ROWS = roster_rows(3) + roster_rows(2, room="R02", start=20)


@pytest.fixture
def event(app, runner, tmp_path):
    build_event(app, ROWS, tmp_path, open_session=None)
    return ROWS


@pytest.fixture
def admin(staff, event):
    return staff("admin")


def _entries(app, action: str) -> list[tuple[AuditEntry, str]]:
    """The entries of one action, oldest first, each with its sentence."""
    with app.app_context():
        found = list(
            db.session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )
        return list(zip(found, sentences(found), strict=True))


def test_session_cards_are_audited_with_room_and_count(app, admin):
    assert admin.get("/admin/sesi/S1/kartu?ruang=R02").status_code == 200
    assert admin.get("/admin/sesi/S1/kartu").status_code == 200
    (room, whole) = _entries(app, "session.cards")
    entry, sentence = room
    assert entry.actor == "admin1" and entry.target == "session:S1"
    assert entry.details == {"session": "S1", "room": "R02", "cards": 2}
    assert entry.seq is not None and entry.chain_hash  # sealed at the view's commit
    assert "membuka 2 kartu login (berisi PIN) sesi S1 ruang R02" in sentence
    assert whole[0].details["cards"] == 5 and "sesi S1." in whole[1]


def test_a_refused_card_page_leaves_no_entry(app, admin):
    assert admin.get("/admin/sesi/S1/kartu?ruang=R09").status_code == 404
    assert admin.get("/admin/peserta/199001012020011999/kartu").status_code == 404
    assert _entries(app, "session.cards") == [] and _entries(app, "candidate.card") == []


def test_a_candidates_card_is_audited_once(app, admin):
    assert admin.get(f"/admin/peserta/{ROWS[0][0]}/kartu").status_code == 200
    ((entry, sentence),) = _entries(app, "candidate.card")
    assert entry.target == f"candidate:{ROWS[0][0]}"
    assert "membuka kartu login Peserta 1" in sentence


def test_results_downloads_are_audited_with_format_and_rows(app, admin):
    csv = admin.get("/admin/hasil/unduh.csv")
    xlsx = admin.get("/admin/hasil/unduh.xlsx")
    assert csv.status_code == xlsx.status_code == 200
    rows = len(csv.get_data(as_text=True).splitlines()) - 1
    (first, second) = _entries(app, "results.download")
    assert first[0].details["format"] == "csv" and first[0].details["rows"] == rows == 10
    assert second[0].details["format"] == "xlsx"
    assert "mengunduh hasil asesmen (CSV, 10 baris)" in first[1]


def test_item_analysis_download_is_audited(app, admin):
    _finished_receipt(app, ROWS[0])  # the analysis needs a finished MANSOS attempt
    assert admin.get("/admin/analisis-butir/MANSOS.csv").status_code == 200
    assert admin.get("/admin/analisis-butir/NOPE.csv").status_code == 404
    ((entry, sentence),) = _entries(app, "item_analysis.download")
    assert entry.details["test"] == "MANSOS" and entry.details["format"] == "csv"
    assert "mengunduh analisis butir tes MANSOS (CSV" in sentence


def test_proctor_record_csv_is_audited_for_their_room_only(app, staff, event):
    proctor = staff("proctor")
    base = "/pengawas/ruang/{}/sesi/S1/berita-acara.csv"
    assert proctor.get(base.format("R01")).status_code == 200
    assert proctor.get(base.format("R02")).status_code in (403, 404)
    ((entry, sentence),) = _entries(app, "record.download")
    assert entry.actor == "pengawas1"
    assert entry.details == {"room": "R01", "session": "S1", "format": "csv", "rows": 3}
    assert sentence.startswith("Pengawas R01 (pengawas1) mengunduh berita acara ruang R01 sesi S1")


def test_cli_cards_are_audited_with_the_file(app, runner, event, tmp_path):
    out = str(tmp_path / "kartu.html")
    with app.app_context():
        result = runner.invoke(args=["roster", "cards", "--out", out, "--room", "r01"])
    assert result.exit_code == 0, result.output
    ((entry, sentence),) = _entries(app, "session.cards")
    assert entry.actor.startswith("cli:")
    assert entry.details == {"session": "", "room": "R01", "cards": 3, "file": out}
    assert f"menulis 3 kartu login (berisi PIN) semua sesi ruang R01 ke berkas {out}" in sentence


# --- the receipt page ---------------------------------------------------------------------


def _finished_receipt(app, seat_row) -> tuple[str, str]:
    """Log a candidate in, start and finish their first test with one answer; return it."""
    from tests.api.conftest import Api, Seat

    with app.app_context():
        from assessment_app.events.service import open_session

        token = open_session("S1", actor="test").token
        db.session.commit()
    api = Api(app.test_client())
    login = api.login(Seat(seat_row[0], seat_row[9]), token)
    assert login.status_code == 200, login.json
    attempt = api.start(login.json["attempts"][0]["id"]).json
    item = attempt["items"][0]
    assert api.save(attempt["id"], item["id"], item["options"][0]["key"], 1).status_code == 200
    return api.finish(attempt["id"]).json["receipt"], attempt["test_code"]


def _check(admin, nip: str, code: str):
    page = admin.get("/admin/tanda-terima")
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), "nip": nip, "code": code}
    return admin.post("/admin/tanda-terima", data=data)


def test_receipt_page_says_cocok_and_tidak_cocok_and_audits(app, admin):
    receipt, test_code = _finished_receipt(app, ROWS[0])
    nip = ROWS[0][0]
    good = _check(admin, f" {nip[:8]} {nip[8:]} ", receipt.replace("-", "").lower())
    assert good.status_code == 200
    html = good.get_data(as_text=True)
    assert 'data-testid="receipt-verdict"><strong>cocok</strong>' in html
    bad = _check(admin, nip, "AAAA-BBBB-CC")
    assert "<strong>tidak cocok</strong>" in bad.get_data(as_text=True)
    (first, second) = _entries(app, "receipt.check")
    assert first[0].details == {"nip": nip, "code": receipt, "matched": [test_code]}
    assert f"memeriksa kode tanda terima {receipt} milik Peserta 1" in first[1]
    assert first[1].endswith(f"cocok untuk tes {test_code}.")
    assert second[1].endswith(": tidak cocok.")


def test_receipt_page_refuses_bad_input_with_a_message(app, admin):
    unknown = _check(admin, "199001012020011999", "AAAA-BBBB-CC")
    assert unknown.status_code == 422 and "tidak terdaftar" in unknown.get_data(as_text=True)
    empty = _check(admin, "", "")
    assert empty.status_code == 422 and "Wajib diisi." in empty.get_data(as_text=True)
    long = _check(admin, "1" * 5000, "x" * 5000)
    assert long.status_code == 422 and "Maksimal 40 karakter." in long.get_data(as_text=True)
    nothing_yet = _check(admin, ROWS[1][0], "AAAA-BBBB-CC")
    assert "belum menyelesaikan satu tes pun" in nothing_yet.get_data(as_text=True)
    assert len(_entries(app, "receipt.check")) == 1  # only the check of a known candidate


def test_receipt_page_is_for_admins_only(staff, event):
    proctor = staff("proctor")
    assert proctor.get("/admin/tanda-terima").status_code == 403
    admin = staff("admin")
    assert 'href="/admin/tanda-terima"' in admin.get("/admin/").get_data(as_text=True)
