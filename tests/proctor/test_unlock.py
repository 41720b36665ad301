"""Lifting login lockouts: a proctor's "Buka blokir" for a seat, an admin's for a staff account."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assessment_app.audit.reading import sentences
from assessment_app.extensions import db
from assessment_app.models import AuditEntry, Candidate
from assessment_app.security.throttle import NIP_LIMIT
from tests.api.conftest import Api
from tests.factories import login_staff, make_user
from tests.proctor import test_proctor_api as base
from tests.proctor.test_proctor_api import Staff, _new_client
from tests.services import redis_unreachable

rooms, proctor = base.rooms, base.proctor  # the same fixtures

WRONG = "000000"


class _Seat:
    def __init__(self, row):
        self.nip, self.pin = row[0], row[9]


@pytest.fixture
def locked(app, rooms):
    """The first candidate of R01 after 10 wrong PINs: a browser, the seat, its id."""
    token, rows = rooms
    api, seat = Api(_new_client(app)), _Seat(rows[0])
    for _ in range(NIP_LIMIT):
        assert api.login(seat, token, pin=WRONG).status_code == 401
    assert api.login(seat, token).status_code == 429
    with app.app_context():
        candidate_id = db.session.scalar(select(Candidate.id).where(Candidate.nip == seat.nip))
    return api, seat, candidate_id


def _entries(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(db.session.scalars(query))


def test_the_tile_shows_the_lockout_and_the_proctor_lifts_it(app, proctor, locked, rooms):
    api, seat, candidate_id = locked
    seats = {s["candidate_id"]: s for s in proctor.live().json["seats"]}
    assert seats[candidate_id]["locked"] is True
    assert [s["locked"] for i, s in seats.items() if i != candidate_id] == [False, False]
    response = proctor.post(f"/candidates/{candidate_id}/unlock", {"reason": "PIN salah ketik"})
    assert response.status_code == 200
    assert response.json["candidate_id"] == candidate_id and response.json["locked"] is False
    assert api.login(seat, rooms[0]).status_code == 200
    entry = _entries(app, "candidate.unlock")[-1]
    assert (entry.actor, entry.reason) == ("pengawas1", "PIN salah ketik")
    assert entry.target == f"candidate:{candidate_id}" and entry.details["nip"] == seat.nip
    with app.app_context():
        sentence = sentences([db.session.merge(entry)])[0]
    assert "membuka blokir masuk" in sentence and "PIN salah ketik" in sentence


def test_unlock_needs_a_reason_csrf_and_the_room(app, proctor, locked, rooms):
    api, seat, candidate_id = locked
    missing = proctor.post(f"/candidates/{candidate_id}/unlock", {"reason": "  "})
    assert missing.status_code == 422 and missing.json["error"]["code"] == "reason_required"
    no_csrf = proctor.post(f"/candidates/{candidate_id}/unlock", {"reason": "x"}, csrf=False)
    assert no_csrf.status_code == 403
    other = Staff(_new_client(app), "pengawas2")
    refused = other.post(f"/candidates/{candidate_id}/unlock", {"reason": "x"})
    assert refused.status_code == 403
    assert api.login(seat, rooms[0]).status_code == 429
    admin = Staff(_new_client(app), "admin1")
    assert admin.post(f"/candidates/{candidate_id}/unlock", {"reason": "x"}).status_code == 200
    assert api.login(seat, rooms[0]).status_code == 200
    assert [e.actor for e in _entries(app, "candidate.unlock")] == ["admin1"]


@pytest.fixture
def staff(app, monkeypatch):
    """Two staff accounts and a small per-account limit (each try costs a password hash)."""
    monkeypatch.setitem(app.config, "STAFF_LOGIN_LIMIT", 3)
    with app.app_context():
        make_user("admin", "admin1")
        make_user("proctor", "pengawas1", rooms=["R01"])


def _staff_lockout(app, username: str) -> None:
    client = _new_client(app)
    for _ in range(app.config["STAFF_LOGIN_LIMIT"]):
        assert login_staff(client, username, "salah-sekali-123").status_code == 401
    assert login_staff(client, username).status_code == 429  # the right password too


def test_a_staff_lockout_is_lifted_by_unlock_staff_and_the_cli(app, staff, runner):
    from assessment_app.security.throttle import unlock_staff

    _staff_lockout(app, "admin1")
    with app.app_context():
        unlock_staff(" Admin1 ")
        db.session.commit()
    assert login_staff(_new_client(app), "admin1").status_code == 302

    _staff_lockout(app, "pengawas1")
    assert runner.invoke(args=["users", "unlock", "pengawas1"]).exit_code != 0  # no reason
    result = runner.invoke(args=["users", "unlock", "pengawas1", "--reason", "lupa sandi"])
    assert result.exit_code == 0, result.output
    assert login_staff(_new_client(app), "pengawas1").status_code == 302
    entries = _entries(app, "staff.unlock")
    assert [(e.target, e.reason) for e in entries] == [("user:pengawas1", "lupa sandi")]
    unknown = runner.invoke(args=["users", "unlock", "tidak-ada", "--reason", "x"])
    assert unknown.exit_code == 1 and "tidak ditemukan" in unknown.output


def test_staff_login_with_redis_down_counts_in_the_database_and_never_500s(app, staff):
    with redis_unreachable(app):
        client = _new_client(app)
        assert login_staff(client, "pengawas1", "salah-sekali-123").status_code == 401
        assert login_staff(client, "pengawas1").status_code == 302
        _staff_lockout(app, "admin1")
    assert login_staff(_new_client(app), "admin1").status_code == 429  # still counted
