"""The candidate API with Redis unreachable: the database is the truth, nothing answers 5xx.

docs/architecture.md ("Redis restarts"): saves and heartbeats keep working (Redis is written
after the commit, best effort), login tries are counted in the database, the signal poll
answers null (docs/api.md) and the page learns of changes at its next heartbeat; the proctor
view rebuilds the answered sets from the database once Redis is back.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models import Answer, Attempt, LoginThrottle
from tests.factories import make_user
from tests.proctor.test_proctor_api import Staff, _new_client


def _stored_answers(app, attempt_id: int) -> dict[str, str | None]:
    with app.app_context():
        rows = db.session.execute(
            select(Answer.item_id, Answer.choice).where(Answer.attempt_id == attempt_id)
        )
        return dict(rows.all())


def test_a_whole_sitting_without_redis(app, api, exam, redis_down):
    clock.freeze()
    wrong = api.login(exam.seats[0], exam.token, pin="000000")
    assert wrong.status_code == 401 and wrong.json["error"]["code"] == "invalid_credentials"
    with app.app_context():  # the wrong try was counted in the database instead
        assert db.session.scalar(select(func.count()).select_from(LoginThrottle)) >= 1

    login = api.login(exam.seats[0], exam.token)
    assert login.status_code == 200, login.json
    attempt_id = login.json["attempts"][0]["id"]
    assert api.get("/api/v1/candidate/me").status_code == 200

    started = api.start(attempt_id)
    assert started.status_code == 200, started.json
    assert started.json["status"] == "in_progress"
    assert started.json["remaining_seconds"] == 90 * 60
    first, second = started.json["items"][:2]

    clock.advance(timedelta(minutes=1))
    for seq, (item, option) in enumerate([(first, 0), (second, 1), (first, 2)], start=1):
        saved = api.save(attempt_id, item["id"], item["options"][option]["key"], seq)
        assert saved.status_code == 200, saved.json
        assert saved.json["seq"] == seq and saved.json["remaining_seconds"] == 89 * 60
    assert _stored_answers(app, attempt_id) == {
        first["id"]: first["options"][2]["key"],
        second["id"]: second["options"][1]["key"],
    }

    beat = api.heartbeat(attempt_id, focus_lost=2)
    assert beat.status_code == 200
    assert beat.json == {"status": "in_progress", "remaining_seconds": 89 * 60}
    assert api.get(f"/api/v1/attempts/{attempt_id}/signal").json == {"signal": None}

    # Without the reported position, the page resumes at the latest saved answer.
    again = api.get(f"/api/v1/attempts/{attempt_id}")
    assert again.status_code == 200 and again.json["current_item_id"] == first["id"]
    assert again.json["last_seq"] == 3

    finished = api.finish(attempt_id)
    assert finished.status_code == 200, finished.json
    assert finished.json["status"] == "finished" and finished.json["answered"] == 2
    assert finished.json["receipt"]
    assert api.call("POST", "/api/v1/candidate/logout", {}).status_code == 200


def test_a_proctor_pause_reaches_the_page_at_its_next_heartbeat(app, api, exam, redis_down):
    login = api.login(exam.seats[0], exam.token)
    attempt_id = login.json["attempts"][0]["id"]
    api.start(attempt_id)
    with app.app_context():
        make_user("proctor", "pengawas1", rooms=["R01"])
    proctor = Staff(_new_client(app), "pengawas1")
    assert proctor.post(f"/attempts/{attempt_id}/pause", {"reason": "x"}).status_code == 200
    assert api.get(f"/api/v1/attempts/{attempt_id}/signal").json == {"signal": None}
    assert api.heartbeat(attempt_id).json["status"] == "paused"


def _save_while_redis_is_down(app, api, exam) -> int:
    from tests.services import redis_unreachable

    login = api.login(exam.seats[0], exam.token)
    attempt_id = login.json["attempts"][0]["id"]
    item = api.start(attempt_id).json["items"][0]
    with redis_unreachable(app):
        saved = api.save(attempt_id, item["id"], item["options"][0]["key"], 1)
        assert saved.status_code == 200
    with app.app_context():
        make_user("proctor", "pengawas1", rooms=["R01"])
    return attempt_id


def test_after_a_redis_restart_the_live_view_counts_answers_from_the_database(app, api, exam):
    _save_while_redis_is_down(app, api, exam)
    store = app.extensions["store"]  # a restart without persistence: every live key is gone
    store.client.delete(*store.client.scan_iter(match=f"{store.keys.prefix}*"))
    seat = Staff(_new_client(app), "pengawas1").live().json["seats"][0]
    assert seat["attempt"]["answered"] == 1


def test_after_redis_was_unreachable_the_live_view_counts_the_answers_saved_meanwhile(
    app, api, exam
):
    _save_while_redis_is_down(app, api, exam)
    seat = Staff(_new_client(app), "pengawas1").live().json["seats"][0]
    assert seat["attempt"]["answered"] == 1


def test_a_new_device_takes_over_and_the_old_one_is_out_without_redis(
    app, api, other_api, exam, redis_down
):
    """Before the start there is no device lock: the second login ends the first session."""
    assert api.login(exam.seats[0], exam.token).status_code == 200
    assert other_api.login(exam.seats[0], exam.token).status_code == 200
    assert api.get("/api/v1/candidate/me").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2
