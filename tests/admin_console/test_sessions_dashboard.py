"""Admin sessions page (open, close, schedule, cards) and the live dashboard."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import Attempt, AttemptStatus, AuditEntry, ExamSession
from assessment_app.vocabulary.statuses import LABELS, MEANINGS, STATUSES
from tests.api.conftest import Api, Seat
from tests.factories import (
    build_event,
    csrf_from,
    login_staff,
    roster_rows,
)

ROWS = (
    roster_rows(3) + roster_rows(2, room="R02", start=10) + roster_rows(1, session="S2", start=50)
)


@pytest.fixture
def event(app, runner, tmp_path):
    """S1 with rooms R01 (3) and R02 (2), S2 with one candidate; nothing open yet."""
    build_event(app, ROWS, tmp_path, open_session=None)
    return ROWS


@pytest.fixture
def admin(app, event):
    client = app.test_client()
    assert login_staff(client, "admin1").status_code == 302
    client.csrf = csrf_from(client.get("/admin/sesi").get_data(as_text=True))
    return client


def _session(app, code: str) -> ExamSession:
    with app.app_context():
        session = db.session.scalar(select(ExamSession).where(ExamSession.code == code))
        db.session.expunge(session)
    return session


def _audit(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        for entry in entries:
            db.session.expunge(entry)
    return list(entries)


def _open(admin, code: str = "S1"):
    response = admin.post(f"/admin/sesi/{code}/buka", data={"csrf_token": admin.csrf})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/sesi")
    return response


def _close(admin, code: str = "S1", **fields):
    return admin.post(
        f"/admin/sesi/{code}/tutup",
        data={"csrf_token": admin.csrf, **fields},
        follow_redirects=True,
    )


def _candidate(app, row, token) -> tuple[Api, dict]:
    api = Api(app.test_client())
    login = api.login(Seat(row[0], row[9]), token)
    assert login.status_code == 200, login.json
    return api, login.json


def test_sessions_page_lists_sessions_rooms_and_actions(admin):
    page = admin.get("/admin/sesi").get_data(as_text=True)
    assert "S1" in page and "S2" in page and "Terjadwal" in page
    assert "Buka sesi" in page and "Cetak kartu R01" in page and "Cetak kartu R02" in page
    assert "Batas terlambat" in page and "WITA" in page


def test_open_from_the_page_shows_the_token_to_admin_and_proctor(app, admin):
    _open(admin)
    token = _session(app, "S1").token
    assert token and len(token) == 6
    page = admin.get("/admin/sesi").get_data(as_text=True)
    assert f'data-testid="session-token">{token}<' in page and "Dibuka" in page
    proctor = app.test_client()
    login_staff(proctor, "pengawas1")
    room = proctor.get("/pengawas/ruang/R01/sesi/S1").get_data(as_text=True)
    assert token in room
    (entry,) = _audit(app, "session.open")
    assert entry.actor == "admin1" and entry.target == "session:S1" and entry.address
    _open(admin)  # opening again keeps the token
    assert _session(app, "S1").token == token


def test_close_is_refused_while_an_attempt_runs_and_forced_with_paksa(app, admin):
    _open(admin)
    api, login = _candidate(app, ROWS[0], _session(app, "S1").token)
    attempt_id = login["attempts"][0]["id"]
    assert api.start(attempt_id).status_code == 200

    page = _close(admin, reason="").get_data(as_text=True)
    assert "masih memiliki 1 peserta" in page and "Paksa" in page
    assert _session(app, "S1").status.value == "open"

    page = _close(admin, force="y", reason="").get_data(as_text=True)
    assert "Alasan wajib diisi" in page
    assert _session(app, "S1").status.value == "open"

    page = _close(admin, force="y", reason="Waktu gedung habis").get_data(as_text=True)
    assert "Sesi S1 ditutup. 1 ujian yang masih berjalan diselesaikan." in page
    assert _session(app, "S1").status.value == "closed"
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).status is AttemptStatus.FINISHED
    (entry,) = _audit(app, "session.close")
    assert entry.actor == "admin1" and entry.reason == "Waktu gedung habis"
    assert entry.details["forced"] is True and entry.details["finished_attempts"] == [attempt_id]
    assert "Buka sesi" not in admin.get("/admin/sesi").get_data(as_text=True).split("S2")[0]


def test_close_without_running_attempts_needs_no_paksa(app, admin):
    _open(admin)
    page = _close(admin).get_data(as_text=True)
    assert "Sesi S1 ditutup." in page
    assert _session(app, "S1").status.value == "closed"


def test_schedule_is_read_in_local_time_and_audited(app, admin):
    data = {
        "csrf_token": admin.csrf,
        "planned_start": "2026-11-28T08:00",
        "planned_end": "2026-11-28T10:30",
        "late_entry_minutes": "15",
    }
    response = admin.post("/admin/sesi/S1/jadwal", data=data)
    assert response.status_code == 302
    session = _session(app, "S1")
    assert session.planned_start == datetime(2026, 11, 28, 0, 0, tzinfo=UTC)  # 08:00 WITA
    assert session.planned_end == datetime(2026, 11, 28, 2, 30, tzinfo=UTC)
    assert session.late_entry_minutes == 15
    page = admin.get("/admin/sesi").get_data(as_text=True)
    assert "Mulai: 28/11/2026 08:00 WITA;" in page and 'value="2026-11-28T08:00"' in page
    (entry,) = _audit(app, "session.schedule")
    assert entry.actor == "admin1" and entry.details["after"]["late_entry_minutes"] == 15


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"planned_start": "2026-11-28T10:00", "planned_end": "2026-11-28T08:00"}, "setelah"),
        ({"late_entry_minutes": "lima"}, "bilangan bulat"),
        ({"late_entry_minutes": "-1"}, "antara 0 dan"),
        ({"planned_start": "besok pagi"}, "tanggal dan jam"),
    ],
)
def test_bad_schedules_are_refused_with_a_message(app, admin, fields, message):
    data = {"csrf_token": admin.csrf, "late_entry_minutes": "30"} | fields
    response = admin.post("/admin/sesi/S1/jadwal", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _session(app, "S1").planned_start is None
    assert _audit(app, "session.schedule") == []


def test_a_closed_session_keeps_its_schedule(app, admin):
    _open(admin)
    _close(admin)
    data = {"csrf_token": admin.csrf, "late_entry_minutes": "5"}
    response = admin.post("/admin/sesi/S1/jadwal", data=data)
    assert response.status_code == 422
    assert "sudah ditutup" in response.get_data(as_text=True)
    assert _session(app, "S1").late_entry_minutes == 30


def test_cards_per_room_hold_that_rooms_candidates_only(admin):
    page = admin.get("/admin/sesi/S1/kartu?ruang=R02").get_data(as_text=True)
    r02 = [r for r in ROWS if r[5] == "S1" and r[6] == "R02"]
    others = [r for r in ROWS if r not in r02]
    for row in r02:
        assert row[0] in page and row[9] in page
    for row in others:
        assert row[0] not in page
    assert admin.get("/admin/sesi/S1/kartu?ruang=R09").status_code == 404
    assert admin.get("/admin/sesi/S9/kartu?ruang=R01").status_code == 404
    whole = admin.get("/admin/sesi/S1/kartu").get_data(as_text=True)
    assert all(r[0] in whole for r in ROWS if r[5] == "S1")


def _room(data: dict, session: str, room: str) -> dict:
    found = next(s for s in data["sessions"] if s["code"] == session)
    return next(r for r in found["rooms"] if r["code"] == room)


def test_dashboard_counts_follow_logins_and_answers(app, admin):
    _open(admin)
    data = admin.get("/admin/dasbor.json").json
    r01 = _room(data, "S1", "R01")
    assert r01["counts"] == {"registered": 3, "present": 0} | {
        s: 3 if s == "belum_hadir" else 0 for s in STATUSES
    }
    assert r01["proctor_url"] == "/pengawas/ruang/R01/sesi/S1"
    assert _room(data, "S1", "R02")["counts"]["registered"] == 2
    assert _room(data, "S2", "R01")["counts"]["registered"] == 1

    api, login = _candidate(app, ROWS[0], _session(app, "S1").token)
    counts = _room(admin.get("/admin/dasbor.json").json, "S1", "R01")["counts"]
    assert counts["sudah_login"] == 1 and counts["belum_hadir"] == 2 and counts["present"] == 1
    assert counts["mengerjakan"] == 0

    attempt = api.start(login["attempts"][0]["id"]).json
    api.heartbeat(attempt["id"])
    item = attempt["items"][0]
    assert api.save(attempt["id"], item["id"], item["options"][0]["key"], 1).status_code == 200
    data = admin.get("/admin/dasbor.json").json
    r01 = _room(data, "S1", "R01")
    assert r01["counts"]["mengerjakan"] == 1 and r01["counts"]["sudah_login"] == 0
    assert r01["counts"]["present"] == 1
    assert r01["answered"] == 1 and r01["total"] >= len(attempt["items"])
    session = next(s for s in data["sessions"] if s["code"] == "S1")
    assert session["counts"]["registered"] == 5 and session["answered"] == 1
    assert session["token"] == _session(app, "S1").token

    page = admin.get("/admin/dasbor").get_data(as_text=True)
    assert 'href="/pengawas/ruang/R01/sesi/S1"' in page and "js/dashboard.js" in page
    assert 'data-poll-ms="' in page


PAGES = [
    ("GET", "/admin/sesi"),
    ("GET", "/admin/sesi/S1/kartu?ruang=R01"),
    ("GET", "/admin/dasbor"),
    ("GET", "/admin/dasbor.json"),
    ("POST", "/admin/sesi/S1/buka"),
    ("POST", "/admin/sesi/S1/tutup"),
    ("POST", "/admin/sesi/S1/jadwal"),
]


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_proctors_are_refused(app, event, method, url):
    client = app.test_client()
    login_staff(client, "pengawas1")
    csrf = csrf_from(client.get("/pengawas/").get_data(as_text=True))
    data = {"csrf_token": csrf, "late_entry_minutes": "5", "force": "y", "reason": "x"}
    response = client.open(url, method=method, data=data if method == "POST" else None)
    assert response.status_code == 403
    assert _session(app, "S1").status.value == "planned"


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_anonymous_is_sent_to_login(app, event, method, url):
    client = app.test_client()
    csrf = csrf_from(client.get("/masuk").get_data(as_text=True))
    response = client.open(
        url, method=method, data={"csrf_token": csrf} if method == "POST" else None
    )
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def _room_view_counts(admin, room: str, session: str = "S1") -> dict:
    response = admin.get(f"/api/v1/proctor/rooms/{room}/sessions/{session}/live")
    assert response.status_code == 200
    return response.json["counts"]


def _assert_dashboard_agrees_with_room_views(admin) -> dict:
    data = admin.get("/admin/dasbor.json").json
    rooms = {}
    for room in ("R01", "R02"):
        dashboard = _room(data, "S1", room)["counts"]
        view = _room_view_counts(admin, room)
        assert {s: dashboard[s] for s in STATUSES} == view, room
        assert dashboard["present"] == dashboard["registered"] - view["belum_hadir"]
        rooms[room] = view
    return rooms


def test_dashboard_and_room_view_agree_on_every_status_through_a_forced_close(app, admin):
    _open(admin)
    token = _session(app, "S1").token
    working, _ = _candidate(app, ROWS[0], token)  # R01: starts and works
    attempt = working.start(
        working.login(Seat(ROWS[0][0], ROWS[0][9]), token).json["attempts"][0]["id"]
    ).json
    working.heartbeat(attempt["id"])
    _candidate(app, ROWS[1], token)  # R01: logs in, starts nothing; R01's third stays away
    voided, login = _candidate(app, ROWS[3], token)  # R02: first test voided by the proctor
    first = login["attempts"][0]["id"]
    assert voided.start(first).status_code == 200
    headers = {"X-CSRF-Token": admin.csrf}
    body = {"reason": "Membuka catatan"}
    assert (
        admin.post(f"/api/v1/proctor/attempts/{first}/void", json=body, headers=headers).status_code
        == 200
    )

    rooms = _assert_dashboard_agrees_with_room_views(admin)
    assert rooms["R01"] | {} == {
        s: {"mengerjakan": 1, "sudah_login": 1, "belum_hadir": 1}.get(s, 0) for s in STATUSES
    }
    assert rooms["R02"]["sudah_login"] == 1 and rooms["R02"]["belum_hadir"] == 1

    page = _close(admin, force="y", reason="Listrik padam").get_data(as_text=True)
    assert "ditutup" in page
    rooms = _assert_dashboard_agrees_with_room_views(admin)
    assert rooms["R01"] == {s: {"dihentikan": 2, "belum_hadir": 1}.get(s, 0) for s in STATUSES}
    assert rooms["R02"] == {s: {"dibatalkan": 1, "belum_hadir": 1}.get(s, 0) for s in STATUSES}


def test_dashboard_page_labels_its_columns_with_the_one_status_table(admin):
    page = admin.get("/admin/dasbor").get_data(as_text=True)
    for code in STATUSES:
        assert f'data-count="{code}"' in page
        assert f">{LABELS[code]}</th>" in page and MEANINGS[code] in page
    assert "Sudah login</th>" in page and "Hadir</th>" in page
