"""Redis down for staff: the live view, the dashboard and committed actions never answer 500.

Redis is made unreachable for one test by swapping the app's store for one pointed at a port
nobody listens on (real client, real connection refused), and restored afterwards.
"""

from __future__ import annotations

from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import Attempt, AttemptStatus, AuditEntry
from assessment_app.proctor.live import LIVE_UNAVAILABLE
from tests.factories import make_user
from tests.proctor import test_proctor_api as base
from tests.proctor.test_proctor_api import Staff, _new_client

rooms, proctor, candidate = base.rooms, base.proctor, base.candidate  # the same fixtures

BANNER = "Data langsung tidak tersedia (Redis)"


def _answer(candidate) -> None:
    item = candidate.attempt["items"][0]
    response = candidate.save(candidate.attempt["id"], item["id"], item["options"][0]["key"], 1)
    assert response.status_code == 200


def _status(app, attempt_id: int) -> AttemptStatus:
    with app.app_context():
        return db.session.get(Attempt, attempt_id).status


def _audited(app, action: str) -> list[str]:
    with app.app_context():
        query = select(AuditEntry.target).where(AuditEntry.action == action)
        return list(db.session.scalars(query))


def test_live_json_falls_back_to_the_database_with_a_notice(proctor, candidate, redis_down):
    _answer(candidate)
    response = proctor.live()
    assert response.status_code == 200
    body = response.json
    assert body["live_notice"] == LIVE_UNAVAILABLE and BANNER in body["live_notice"]
    seat = body["seats"][0]
    # The database still knows the test runs and what was answered.
    assert seat["status"] == "mengerjakan" and seat["attempt"]["answered"] == 1
    assert seat["last_seen_seconds"] is None and seat["address"] is None


def test_live_json_has_no_notice_while_redis_answers(proctor, candidate):
    assert proctor.live().json["live_notice"] is None


def test_live_page_still_renders(proctor, candidate, redis_down):
    response = proctor.client.get("/pengawas/ruang/R01/sesi/S1")
    assert response.status_code == 200
    assert 'data-testid="live-notice"' in response.get_data(as_text=True)


def test_pause_and_resume_answer_success_after_the_commit(app, proctor, candidate, redis_down):
    attempt_id = candidate.attempt["id"]
    paused = proctor.post(f"/attempts/{attempt_id}/pause", {"reason": "Listrik padam"})
    assert paused.status_code == 200, paused.json
    assert paused.json["status"] == "jeda" and paused.json["attempt"]["status"] == "paused"
    assert _status(app, attempt_id) is AttemptStatus.PAUSED
    resumed = proctor.post(f"/attempts/{attempt_id}/resume", {"reason": "Listrik menyala"})
    assert resumed.status_code == 200, resumed.json
    assert resumed.json["attempt"]["status"] == "in_progress"
    assert _status(app, attempt_id) is AttemptStatus.IN_PROGRESS
    assert _audited(app, "proctor.pause") == [f"attempt:{attempt_id}"]
    assert _audited(app, "proctor.resume") == [f"attempt:{attempt_id}"]


def test_room_pause_answers_success(app, proctor, candidate, redis_down):
    response = proctor.post("/rooms/R01/sessions/S1/pause", {"reason": "Evakuasi"})
    assert response.status_code == 200 and response.json == {"affected": 1}
    assert _status(app, candidate.attempt["id"]) is AttemptStatus.PAUSED


def test_dashboard_page_and_json_show_the_banner(app, candidate, redis_down):
    admin = Staff(_new_client(app), "admin1")
    page = admin.client.get("/admin/dasbor")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert BANNER in html and 'id="live-notice"' in html
    data = admin.client.get("/admin/dasbor.json")
    assert data.status_code == 200 and data.json["live_notice"] == LIVE_UNAVAILABLE
    (session,) = data.json["sessions"]
    assert session["counts"]["mengerjakan"] == 1


def test_dashboard_without_the_banner_while_redis_answers(app, candidate):
    admin = Staff(_new_client(app), "admin1")
    html = admin.client.get("/admin/dasbor").get_data(as_text=True)
    assert BANNER not in html
    assert admin.client.get("/admin/dasbor.json").json["live_notice"] is None


def test_no_staff_page_answers_5xx_without_redis(app, candidate, redis_down):
    """Every GET route an admin can reach, crawled with Redis unreachable (but the
    readiness probe, whose 503 is its answer: tests/ops/test_probes.py)."""
    from tests.app.test_security_headers import CANDIDATE_ONLY, _angoff_panel, _routes

    admin = Staff(_new_client(app), "admin1")  # the staff login itself copes without Redis
    with app.app_context():
        first = db.session.scalars(select(Attempt)).first()
        make_user("panelis", "panelis1")
        values = {
            "candidate_id": first.candidate_id,
            "nip": "x",
            "attempt_id": first.id,
            "panel_id": _angoff_panel("panelis1"),
        }
    failed = [
        f"{url}: {response.status_code}"
        for endpoint, url in _routes(app, values)
        if not endpoint.startswith(CANDIDATE_ONLY) and endpoint != "ops.readyz"
        for response in [admin.client.get(url)]
        if response.status_code >= 500
    ]
    assert failed == []
