"""The heartbeat answers from Redis alone once the attempt's state is kept there; every
transition drops that state after its commit, and the database answers the next beat.

Statements are counted on the engine: "no statement" is what makes the heartbeat cheap.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from assessment_app import clock
from assessment_app.attempts import lifecycle as flow
from assessment_app.candidate.login import release_device
from assessment_app.extensions import db
from assessment_app.models import Attempt, Candidate
from assessment_app.store import AttemptState, Seen


@contextmanager
def statements(app):
    """Collect the SQL statements the block sends."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _live(app):
    return app.extensions["store"].live


def _change(app, attempt_id: int, transition, *args) -> None:
    """Apply a lifecycle transition as a proctor's request does, and commit it."""
    with app.app_context():
        transition(db.session.get(Attempt, attempt_id), *args)
        db.session.commit()


def test_after_one_database_beat_the_heartbeat_sends_no_sql(app, api, started):
    first = api.heartbeat(started["id"])
    assert first.status_code == 200
    with statements(app) as sent:
        again = api.heartbeat(started["id"], focus_lost=2)
    assert again.status_code == 200, again.json
    assert sent == [], sent
    assert again.json["status"] == "in_progress"
    assert 0 < again.json["remaining_seconds"] <= started["remaining_seconds"]
    seen = _live(app).read([started["id"]])[started["id"]]
    assert seen["focus_lost"] == 2  # recorded by the Redis-only beat


def test_a_pause_is_heard_at_the_next_beat_and_then_kept(app, api, started):
    api.heartbeat(started["id"])
    _change(app, started["id"], flow.pause_attempt)
    with statements(app) as sent:
        paused = api.heartbeat(started["id"])
    assert paused.json["status"] == "paused" and sent, "the dropped state makes the DB answer"
    with statements(app) as sent:
        still = api.heartbeat(started["id"])
    assert sent == [] and still.json == paused.json  # frozen time, kept in Redis
    _change(app, started["id"], flow.resume_attempt)
    assert api.heartbeat(started["id"]).json["status"] == "in_progress"


def test_an_extension_moves_the_time_the_redis_beat_answers(app, api, started):
    before = api.heartbeat(started["id"]).json["remaining_seconds"]
    _change(app, started["id"], flow.extend_attempt, timedelta(minutes=10))
    api.heartbeat(started["id"])  # the database answers and keeps the new state
    with statements(app) as sent:
        after = api.heartbeat(started["id"]).json["remaining_seconds"]
    assert sent == [], sent
    assert 600 - 2 <= after - before <= 600


def test_redis_and_the_database_answer_the_same(app, api, started):
    clock.freeze()
    try:
        from_database = api.heartbeat(started["id"]).json
        clock.advance(timedelta(seconds=7, microseconds=999_999))
        with statements(app) as sent:
            from_redis = api.heartbeat(started["id"]).json
        assert sent == [], sent  # answered by Redis alone
        with app.app_context():
            attempt = db.session.get(Attempt, started["id"])
            expected = flow.remaining(attempt)
    finally:
        clock.reset()
    assert from_redis == {"status": "in_progress", "remaining_seconds": expected}
    assert from_database["remaining_seconds"] - expected == 8


def test_a_beat_past_the_deadline_finishes_the_attempt_in_the_database(app, api, started):
    api.heartbeat(started["id"])
    clock.advance(timedelta(seconds=started["remaining_seconds"] + 1))
    try:
        answer = api.heartbeat(started["id"])
        with app.app_context():
            attempt = db.session.get(Attempt, started["id"])
            assert attempt.status.value == "finished" and attempt.finish_reason == "deadline"
    finally:
        clock.reset()
    assert answer.json == {"status": "finished", "remaining_seconds": 0}


def test_a_released_login_is_refused_even_while_redis_keeps_the_state(app, api, started):
    api.heartbeat(started["id"])
    with app.app_context():
        attempt = db.session.get(Attempt, started["id"])
        release_device(db.session.get(Candidate, attempt.candidate_id))
        db.session.commit()
    response = api.heartbeat(started["id"])
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def test_a_state_read_before_a_transition_is_not_kept_after_it(app, api, started):
    """The race the control version closes: a beat reads the database, a proctor's change
    commits and drops the state, then the beat's late write must not bring the old back."""
    live = _live(app)
    api.heartbeat(started["id"])
    live.signal([started["id"]])  # a transition: the state is dropped
    with app.app_context():
        candidate_id = db.session.get(Attempt, started["id"]).candidate_id
        login_version = db.session.get(Candidate, candidate_id).login_version
    seen = Seen(0, "", "", None)
    version = live.beat(started["id"], candidate_id, login_version, clock.to_us(clock.now()), seen)
    assert isinstance(version, int)
    stale = AttemptState("in_progress", clock.to_us(clock.now()) + 10**9, None, 60_000)
    live.signal([started["id"]])  # another transition commits meanwhile
    live.keep_state(started["id"], version, stale)
    assert isinstance(live.beat(started["id"], candidate_id, login_version, 0, seen), int)
    live.keep_state(started["id"], version + 1, stale)  # read after it: kept
    kept = live.beat(started["id"], candidate_id, login_version, 0, seen)
    assert kept == stale


def test_another_candidates_attempt_is_refused_from_the_cache_too(
    app, api, other_api, exam, started
):
    api.heartbeat(started["id"])  # the layout is now cached in this process
    other_api.login(exam.seats[1], exam.token)
    response = other_api.heartbeat(started["id"])
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
