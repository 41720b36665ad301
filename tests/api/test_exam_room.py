"""The exam page's extensions of CONTRACT §4: logout, the control signal, where to resume."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from assessment_app.attempts import lifecycle as flow
from assessment_app.database import begin_write
from assessment_app.events.service import close_session
from assessment_app.extensions import db
from assessment_app.models import Attempt, Candidate
from assessment_app.store import Store, connect


def _signal(api, attempt_id: int):
    return api.get(f"/api/v1/attempts/{attempt_id}/signal")


def _change(app, attempt_id: int, transition, *args) -> None:
    with app.app_context():
        begin_write(db.session)
        transition(db.session.get(Attempt, attempt_id), *args)
        db.session.commit()


def test_logout_needs_csrf_ends_the_session_and_keeps_the_device(api, exam, started):
    refused = api.call("POST", "/api/v1/candidate/logout", {}, csrf=None)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "csrf_failed"
    assert api.call("POST", "/api/v1/candidate/logout", {}).json == {"status": "logged_out"}
    assert api.get("/api/v1/candidate/me").status_code == 401
    assert api.get("/ujian").status_code == 200  # the login form, not the previous exam
    assert api.client.get_cookie("asesmen_perangkat") is not None
    # The same PC logs in again although a test is running: it is still the same device.
    again = api.login(exam.seats[0], exam.token)
    assert again.status_code == 200 and again.json["attempts"][0]["status"] == "in_progress"


def test_logout_without_login_is_401(api):
    assert api.call("POST", "/api/v1/candidate/logout", {}).status_code == 401


def test_a_proctors_pause_and_resume_move_the_signal(app, api, started):
    attempt_id = started["id"]
    before = _signal(api, attempt_id).json["signal"]
    _change(app, attempt_id, flow.pause_attempt)
    paused = _signal(api, attempt_id).json["signal"]
    _change(app, attempt_id, flow.extend_attempt, timedelta(minutes=5))
    _change(app, attempt_id, flow.resume_attempt)
    assert before < paused < _signal(api, attempt_id).json["signal"]
    assert api.heartbeat(attempt_id).json["status"] == "in_progress"


def test_closing_the_session_signals_attempts_not_started(app, api, exam):
    attempts = api.login(exam.seats[0], exam.token).json["attempts"]
    waiting = attempts[1]["id"]
    before = _signal(api, waiting).json["signal"]
    with app.app_context():
        close_session("S1", "admin")
        db.session.commit()
    assert _signal(api, waiting).json["signal"] > before
    body = api.get(f"/api/v1/attempts/{waiting}").json
    assert body["session_open"] is False and body["status"] == "ready"
    refused = api.start(attempts[0]["id"])
    assert refused.status_code == 409


def test_the_signal_is_only_for_the_owner(api, other_api, exam, started):
    assert other_api.get(f"/api/v1/attempts/{started['id']}/signal").status_code == 401
    other_api.login(exam.seats[1], exam.token)
    refused = other_api.get(f"/api/v1/attempts/{started['id']}/signal")
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"


def test_the_poll_reads_no_database(app, api, started):
    """Its cost is a benchmark figure (bench.save prints the poll's server CPU per request)."""
    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(50):
            assert _signal(api, started["id"]).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statements == []


def test_without_redis_the_poll_answers_null_not_500(app, api, started):
    working = app.extensions["store"]
    app.extensions["store"] = Store(connect("redis://127.0.0.1:9/0"), "gone:")
    try:
        response = _signal(api, started["id"])
        assert response.status_code == 200 and response.json == {"signal": None}
        assert api.heartbeat(started["id"]).status_code == 200  # the fallback still works
    finally:
        app.extensions["store"] = working


def test_another_pc_resumes_at_the_reported_item(app, api, other_api, exam, started):
    attempt_id, items = started["id"], started["items"]
    assert started["current_item_id"] is None  # nothing reported or saved yet
    hb = api.call(
        "POST", f"/api/v1/attempts/{attempt_id}/heartbeat", {"current_item_id": items[6]["id"]}
    )
    assert hb.status_code == 200
    with app.app_context():
        candidate = db.session.get(Attempt, attempt_id).candidate_id
        db.session.get(Candidate, candidate).device_id = None  # as a proctor's release does
        db.session.commit()
    moved = other_api.login(exam.seats[0], exam.token)
    assert moved.status_code == 200
    body = other_api.get(f"/api/v1/attempts/{attempt_id}").json
    assert body["current_item_id"] == items[6]["id"]


def test_without_redis_the_latest_saved_answer_says_where_to_resume(app, api, started):
    attempt_id, items = started["id"], started["items"]
    api.save(attempt_id, items[3]["id"], items[3]["options"][0]["key"], 1)
    api.save(attempt_id, items[9]["id"], items[9]["options"][1]["key"], 2)
    api.save(attempt_id, items[2]["id"], None, 3)
    api.call(
        "POST", f"/api/v1/attempts/{attempt_id}/heartbeat", {"current_item_id": items[20]["id"]}
    )
    store = app.extensions["store"]
    store.client.delete(store.keys.attempt(attempt_id))  # Redis lost it
    assert api.get(f"/api/v1/attempts/{attempt_id}").json["current_item_id"] == items[2]["id"]


def test_a_position_outside_the_attempt_is_refused(api, started):
    url = f"/api/v1/attempts/{started['id']}/heartbeat"
    wrong = api.call("POST", url, {"current_item_id": "NOT-AN-ITEM"})
    assert wrong.status_code == 404 and wrong.json["error"]["code"] == "item_not_in_attempt"
    assert "current_item_id" in wrong.json["error"]["message"]
    assert api.call("POST", url, {"current_item_id": 7}).status_code == 404


def test_the_attempt_says_why_it_ended(app, api, exam, started):
    attempt_id = started["id"]
    assert started["end_reason"] is None and started["session_open"] is True
    finished = api.finish(attempt_id).json
    assert finished["status"] == "finished"
    body = api.get(f"/api/v1/attempts/{attempt_id}").json
    assert body["end_reason"] == "candidate"
    second = api.get("/api/v1/candidate/me").json["attempts"][1]["id"]
    api.start(second)
    _change(app, second, flow.void_attempt, "Peserta sakit")
    voided = api.get(f"/api/v1/attempts/{second}").json
    assert voided["status"] == "voided" and voided["end_reason"] is None
    assert "Peserta sakit" not in str(voided)  # the proctor's reason stays with staff
