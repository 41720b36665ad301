"""The proctor API: who may see and act, the live view, and every action's effect."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models import AuditEntry, Candidate
from assessment_app.vocabulary.statuses import STATUSES
from tests.api.conftest import Api
from tests.factories import (
    csrf_from,
    csv_text,
    login_staff,
    make_user,
    publish_sample_bank,
    roster_rows,
    write,
)


@pytest.fixture
def rooms(app, runner, tmp_path):
    """Two rooms in session S1 (open), a proctor for each, an admin."""
    rows = roster_rows(3) + roster_rows(2, room="R02", start=10)
    with app.app_context():
        publish_sample_bank()
        runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))])
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
        make_user("proctor", "pengawas1", rooms=["R01"])
        make_user("proctor", "pengawas2", rooms=["R02"])
        make_user("admin", "admin1")
    return token, rows


class Staff:
    """A logged-in staff browser calling the proctor API with the page's CSRF token."""

    def __init__(self, client, username: str):
        assert login_staff(client, username).status_code == 302
        self.client = client
        self.csrf = csrf_from(client.get("/pengawas/").get_data(as_text=True))

    def live(self, room="R01", session="S1"):
        return self.client.get(f"/api/v1/proctor/rooms/{room}/sessions/{session}/live")

    def post(self, path: str, body: dict, csrf: bool = True):
        headers = {"X-CSRF-Token": self.csrf} if csrf else {}
        return self.client.post("/api/v1/proctor" + path, json=body, headers=headers)


def _new_client(app):
    return app.test_client()


@pytest.fixture
def frozen():
    """Stop the clock before anything starts (list it first among a test's fixtures)."""
    return clock.freeze()


@pytest.fixture
def proctor(app, rooms):
    return Staff(_new_client(app), "pengawas1")


@pytest.fixture
def candidate(app, rooms):
    """The first candidate of R01, logged in, first test started."""
    token, rows = rooms
    api = Api(_new_client(app))
    seat = type("Seat", (), {"nip": rows[0][0], "pin": rows[0][9]})
    attempt_id = api.login(seat, token).json["attempts"][0]["id"]
    api.attempt = api.start(attempt_id).json
    return api


def test_live_view_counts_and_seats(proctor, candidate, rooms):
    item = candidate.attempt["items"][0]
    candidate.save(candidate.attempt["id"], item["id"], item["options"][0]["key"], 1)
    candidate.heartbeat(candidate.attempt["id"], focus_lost=4)
    body = proctor.live().json
    assert body["session"]["token"] == rooms[0]
    assert body["counts"] == {s: {"belum_hadir": 2, "mengerjakan": 1}.get(s, 0) for s in STATUSES}
    assert [s["seat"] for s in body["seats"]] == ["1", "2", "3"]
    seat = body["seats"][0]
    assert seat["status"] == "mengerjakan" and seat["focus_lost"] == 4
    assert seat["attempt"]["answered"] == 1 and seat["attempt"]["total"] == 45
    assert seat["tests_total"] == 2 and seat["device_changed"] is False


def test_no_heartbeat_for_30_seconds_is_terputus(frozen, proctor, candidate):
    candidate.heartbeat(candidate.attempt["id"])
    clock.advance(timedelta(seconds=31))
    seat = proctor.live().json["seats"][0]
    assert seat["status"] == "terputus" and seat["last_seen_seconds"] == 31


def test_a_proctor_neither_sees_nor_acts_on_another_room(app, proctor, candidate, rooms):
    assert proctor.live(room="R02").status_code == 403
    assert proctor.live(room="R99").status_code == 403
    other = Staff(_new_client(app), "pengawas2")
    assert other.live().status_code == 403
    response = other.post(f"/attempts/{candidate.attempt['id']}/pause", {"reason": "x"})
    assert response.status_code == 403
    assert other.client.get("/pengawas/ruang/R01/sesi/S1").status_code == 403
    assert other.client.get("/pengawas/ruang/R01/sesi/S1/berita-acara").status_code == 403
    admin = Staff(_new_client(app), "admin1")
    assert admin.live(room="R02").status_code == 200


def test_candidates_and_anonymous_cannot_reach_the_proctor_api(app, candidate):
    response = candidate.client.get("/api/v1/proctor/rooms/R01/sessions/S1/live")
    assert response.status_code == 401
    anonymous = _new_client(app)
    assert anonymous.get("/api/v1/proctor/rooms/R01/sessions/S1/live").status_code == 401
    assert anonymous.post("/api/v1/proctor/attempts/1/pause", json={}).status_code == 401
    assert anonymous.get("/pengawas/ruang/R01").status_code == 302


def test_actions_need_csrf_and_a_reason(proctor, candidate):
    path = f"/attempts/{candidate.attempt['id']}/pause"
    assert proctor.post(path, {"reason": "x"}, csrf=False).status_code == 403
    missing = proctor.post(path, {})
    assert missing.status_code == 422 and missing.json["error"]["code"] == "reason_required"


def test_pause_is_seen_by_the_candidate_and_resume_moves_the_deadline(frozen, proctor, candidate):
    attempt_id = candidate.attempt["id"]
    clock.advance(timedelta(minutes=10))
    paused = proctor.post(f"/attempts/{attempt_id}/pause", {"reason": "peserta ke toilet"})
    assert paused.status_code == 200 and paused.json["status"] == "jeda"
    clock.advance(timedelta(minutes=4))
    assert candidate.heartbeat(attempt_id).json == {
        "status": "paused",
        "remaining_seconds": 80 * 60,
    }
    item = candidate.attempt["items"][0]
    refused = candidate.save(attempt_id, item["id"], item["options"][0]["key"], 1)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "attempt_paused"
    resumed = proctor.post(f"/attempts/{attempt_id}/resume", {"reason": "kembali"})
    assert resumed.json["status"] == "mengerjakan"
    assert resumed.json["attempt"]["remaining_seconds"] == 80 * 60
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(["proctor.pause", "proctor.resume"]))
    ).all()
    assert [(e.actor, e.reason) for e in entries] == [
        ("pengawas1", "peserta ke toilet"),
        ("pengawas1", "kembali"),
    ]


def test_two_extensions_add_up_and_room_extension_keeps_individual_time(frozen, proctor, candidate):
    attempt_id = candidate.attempt["id"]
    proctor.post(f"/attempts/{attempt_id}/extend", {"minutes": 5, "reason": "a"})
    proctor.post(f"/attempts/{attempt_id}/extend", {"minutes": 3, "reason": "b"})
    assert candidate.heartbeat(attempt_id).json["remaining_seconds"] == (90 + 8) * 60
    room = proctor.post("/rooms/R01/sessions/S1/extend", {"minutes": 10, "reason": "listrik"})
    assert room.json == {"affected": 2}  # both tests of the one candidate who logged in
    seat = proctor.live().json["seats"][0]
    assert seat["attempt"]["extension_seconds"] == (8 + 10) * 60
    assert candidate.heartbeat(attempt_id).json["remaining_seconds"] == (90 + 18) * 60
    bad = proctor.post(f"/attempts/{attempt_id}/extend", {"minutes": 0, "reason": "x"})
    assert bad.status_code == 422


def test_room_pause_and_resume(proctor, candidate):
    assert proctor.post("/rooms/R01/sessions/S1/pause", {"reason": "gempa"}).json == {"affected": 1}
    assert proctor.live().json["counts"]["jeda"] == 1
    assert proctor.post("/rooms/R01/sessions/S1/resume", {"reason": "aman"}).json == {"affected": 1}


def test_release_finish_and_void(app, proctor, candidate, rooms):
    attempt_id = candidate.attempt["id"]
    seat_id = proctor.live().json["seats"][0]["candidate_id"]
    assert proctor.post(f"/candidates/{seat_id}/release", {"reason": "PC mati"}).status_code == 200
    assert candidate.heartbeat(attempt_id).status_code == 401  # the old device is out
    done = proctor.post(f"/attempts/{attempt_id}/finish", {"reason": "sakit"})
    assert done.json["tests_done"] == 1  # the seat now shows the next test
    assert done.json["attempt"]["test_code"] == "TEK-AK"
    voided = proctor.post(f"/attempts/{attempt_id}/void", {"reason": "kecurangan"})
    assert voided.status_code == 200
    with app.app_context():
        nip = db.session.get(Candidate, seat_id).nip
    assert nip == rooms[1][0][0]


def test_incidents_and_the_session_record(proctor, candidate):
    made = proctor.post(
        "/rooms/R01/sessions/S1/incidents",
        {"category": "teknis", "text": '=HYPERLINK("x") layar mati'},
    )
    assert made.status_code == 201
    assert (
        proctor.post(
            "/rooms/R01/sessions/S1/incidents", {"category": "lain", "text": "x"}
        ).status_code
        == 422
    )
    proctor.post(f"/attempts/{candidate.attempt['id']}/pause", {"reason": "cek identitas"})
    page = proctor.client.get("/pengawas/ruang/R01/sesi/S1/berita-acara")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "layar mati" in html and "cek identitas" in html
    csv_body = proctor.client.get("/pengawas/ruang/R01/sesi/S1/berita-acara.csv")
    text = csv_body.get_data(as_text=True)
    assert csv_body.mimetype == "text/csv"
    assert "'=HYPERLINK" in text  # neutralised for Excel
    assert "cek identitas" in text
    assert text.splitlines()[2] == "3,1,0,2,0,0"  # with dibatalkan, dihentikan (berita acara)


def test_outage_from_the_api_is_admin_only(frozen, app, proctor, candidate):
    start = clock.now()
    clock.advance(timedelta(minutes=10))
    body = {
        "from": (start + timedelta(minutes=2)).isoformat(),
        "to": (start + timedelta(minutes=7)).isoformat(),
        "reason": "server mati",
    }
    assert proctor.post("/sessions/S1/outage", body).status_code == 403
    admin = Staff(_new_client(app), "admin1")
    response = admin.post("/sessions/S1/outage", body)
    assert response.status_code == 200 and response.json["affected"] == [candidate.attempt["id"]]
    assert admin.post("/sessions/S1/outage", body).status_code == 422  # overlaps


UNKNOWN = [("R99", "S1"), ("R01", "S9"), ("R99", "S9")]


@pytest.mark.parametrize(("room", "session"), UNKNOWN)
def test_an_admin_asking_for_an_unknown_room_or_session_gets_404(app, rooms, room, session):
    admin = Staff(_new_client(app), "admin1")
    response = admin.live(room=room, session=session)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    for page in (
        f"/pengawas/ruang/{room}/sesi/{session}",
        f"/pengawas/ruang/{room}/sesi/{session}/berita-acara",
    ):
        html = admin.client.get(page)
        assert html.status_code == 404
        assert "tidak ditemukan" in html.get_data(as_text=True)
    assert admin.post(f"/rooms/{room}/sessions/{session}/pause", {"reason": "x"}).status_code == 404
    if room == "R99":
        assert admin.client.get(f"/pengawas/ruang/{room}").status_code == 404


@pytest.mark.parametrize(("room", "session"), [*UNKNOWN, ("R02", "S1")])
def test_a_proctor_gets_403_for_a_room_not_theirs_known_or_not(app, proctor, room, session):
    response = proctor.live(room=room, session=session)
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    assert proctor.client.get(f"/pengawas/ruang/{room}/sesi/{session}").status_code == 403
    assert (
        proctor.post(f"/rooms/{room}/sessions/{session}/pause", {"reason": "x"}).status_code == 403
    )
    if session == "S1":
        assert proctor.client.get(f"/pengawas/ruang/{room}").status_code == 403
