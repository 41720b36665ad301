"""The proctor pages and API at their edges: no event yet, a room nobody sits in, a room
action over attempts that ran out of time, and the outage API's refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessment_app import clock
from assessment_app.vocabulary.statuses import STATUSES
from tests.factories import make_user
from tests.proctor import test_proctor_api as base
from tests.proctor.test_proctor_api import Staff, _new_client

rooms, proctor, candidate, frozen = base.rooms, base.proctor, base.candidate, base.frozen


def test_before_any_roster_a_proctor_sees_no_room_and_an_admin_gets_404(app):
    with app.app_context():
        make_user("proctor", "pengawas1")
        make_user("admin", "admin1")
    watcher = Staff(_new_client(app), "pengawas1")
    page = watcher.client.get("/pengawas/")
    assert page.status_code == 200
    assert "/pengawas/ruang/" not in page.get_data(as_text=True)
    assert watcher.live().status_code == 403
    admin = Staff(_new_client(app), "admin1")
    response = admin.live()
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_a_room_nobody_sits_in(app, rooms):
    with app.app_context():
        make_user("proctor", "pengawas5", rooms=["R05"])  # a room the roster never named
    watcher = Staff(_new_client(app), "pengawas5")
    page = watcher.client.get("/pengawas/ruang/R05")
    assert page.status_code == 200  # the "no session in this room" page, not a redirect
    body = watcher.live(room="R05").json
    assert body["seats"] == [] and body["counts"] == dict.fromkeys(STATUSES, 0)
    assert watcher.post("/rooms/R05/sessions/S1/pause", {"reason": "x"}).json == {"affected": 0}


def test_a_room_pause_skips_attempts_that_ran_out_of_time(frozen, app, candidate):
    clock.advance(timedelta(minutes=91))  # MANSOS is 90 minutes; nobody touched the attempt
    watcher = Staff(_new_client(app), "pengawas1")  # a fresh login: staff sessions idle out
    assert watcher.post("/rooms/R01/sessions/S1/pause", {"reason": "x"}).json == {"affected": 0}
    seat = watcher.live().json["seats"][0]
    assert seat["tests_done"] == 1 and seat["attempt"]["test_code"] == "TEK-AK"


def _outage(admin, **body):
    return admin.post("/sessions/S1/outage", {"reason": "listrik padam"} | body)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"from": "kemarin", "to": "2026-01-01T10:00+08:00"}, 400, "bad_request"),
        ({"to": "2026-01-01T10:00+08:00"}, 400, "bad_request"),  # "None" is no time
        ({"from": "2026-01-01T09:00", "to": "2026-01-01T10:00+08:00"}, 400, "bad_request"),
        ({"from": "1999-12-31T09:00Z", "to": "2026-01-01T10:00Z"}, 400, "bad_request"),
        ({"from": "2026-01-01T10:00Z", "to": "2026-01-01T09:00Z"}, 422, "invalid_outage"),
    ],
)
def test_outage_api_refusals(app, rooms, body, status, code):
    admin = Staff(_new_client(app), "admin1")
    response = _outage(admin, **body)
    assert response.status_code == status and response.json["error"]["code"] == code


def test_outage_api_for_an_unknown_session_is_404(app, rooms):
    admin = Staff(_new_client(app), "admin1")
    body = {"from": "2026-01-01T09:00Z", "to": "2026-01-01T10:00Z", "reason": "x"}
    response = admin.post("/sessions/S9/outage", body)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    missing = admin.post("/sessions/S1/outage", body | {"reason": " "})
    assert missing.status_code == 422 and missing.json["error"]["code"] == "reason_required"
