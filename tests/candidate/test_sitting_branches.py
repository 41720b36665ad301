"""A sitting's rarer turns: a test missing from the bank, a save after the login moved, an
extension of nothing, and a seat moved before the session opened (the session record)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessment_app.attempts import lifecycle as flow
from assessment_app.events.service import current_event, ensure_room
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.imports.candidates import Placement, move_candidate
from assessment_app.models import Attempt, Candidate, Registration
from tests.factories import make_user
from tests.proctor.test_proctor_api import Staff, _new_client


def _candidate(nip: str) -> Candidate:
    return db.session.query(Candidate).filter_by(nip=nip).one()


def test_a_registered_test_missing_from_the_bank_refuses_the_login(app, api, exam):
    with app.app_context():
        candidate = _candidate(exam.seats[0].nip)
        db.session.add(Registration(candidate_id=candidate.id, test_code="HILANG", position=9))
        db.session.commit()
    response = api.login(exam.seats[0], exam.token)
    assert response.status_code == 409 and response.json["error"]["code"] == "test_unavailable"
    assert "HILANG" in response.json["error"]["message"]


def test_a_save_after_the_login_moved_away_is_401(app, api, started):
    item = started["items"][0]
    with app.app_context():
        db.session.get(
            Candidate, db.session.get(Attempt, started["id"]).candidate_id
        ).login_version += 1
        db.session.commit()
    response = api.save(started["id"], item["id"], item["options"][0]["key"], 1)
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def test_an_extension_of_no_time_is_refused(app, started):
    with app.app_context(), pytest.raises(Refused) as refused:
        flow.extend_attempt(db.session.get(Attempt, started["id"]), timedelta(0))
    assert (refused.value.status, refused.value.code) == (422, "invalid_extension")


def test_a_seat_moved_before_its_session_opened_is_in_both_rooms_records(app, exam):
    """The waiting candidate (session S2, planned) moves from R01 to R02."""
    with app.app_context():
        ensure_room(current_event(), "R02")
        move_candidate(exam.waiting.nip, Placement("S2", "R02", "9"), actor="admin1")
        db.session.commit()
        make_user("admin", "admin1")
    admin = Staff(_new_client(app), "admin1")
    for room in ("R01", "R02"):
        page = admin.client.get(f"/pengawas/ruang/{room}/sesi/S2/berita-acara")
        assert page.status_code == 200
        assert exam.waiting.nip in page.get_data(as_text=True), room
    elsewhere = admin.client.get("/pengawas/ruang/R01/sesi/S1/berita-acara")
    assert exam.waiting.nip not in elsewhere.get_data(as_text=True)
