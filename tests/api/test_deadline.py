"""The deadline: start + duration + extensions + paused time (outages included)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessment_app import clock
from assessment_app.attempts import lifecycle as flow
from assessment_app.database import begin_write
from assessment_app.extensions import db
from assessment_app.models import Attempt

MANSOS = timedelta(minutes=90)


@pytest.fixture
def running(app, api, exam):
    start = clock.freeze()
    attempt_id = api.login(exam.seats[0], exam.token).json["attempts"][0]["id"]
    body = api.start(attempt_id).json
    return start, body


def _change(app, attempt_id: int, transition, *args):
    with app.app_context():
        begin_write(db.session)
        attempt = transition(db.session.get(Attempt, attempt_id), *args)
        db.session.commit()
        return attempt.deadline_at


def test_pause_freezes_remaining_and_moves_the_deadline_by_the_paused_span(app, api, running):
    start, body = running
    attempt_id, item = body["id"], body["items"][0]
    clock.advance(timedelta(minutes=10))
    _change(app, attempt_id, flow.pause_attempt)
    frozen = api.get(f"/api/v1/attempts/{attempt_id}").json
    assert frozen["status"] == "paused" and frozen["remaining_seconds"] == 80 * 60
    clock.advance(timedelta(minutes=7))
    assert api.heartbeat(attempt_id).json == {"status": "paused", "remaining_seconds": 80 * 60}
    refused = api.save(attempt_id, item["id"], item["options"][0]["key"], 1)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "attempt_paused"
    deadline = _change(app, attempt_id, flow.resume_attempt)
    assert deadline == start + MANSOS + timedelta(minutes=7)
    assert api.heartbeat(attempt_id).json["remaining_seconds"] == 80 * 60
    assert api.save(attempt_id, item["id"], item["options"][0]["key"], 1).status_code == 200


def test_extensions_add_up_before_and_after_start(app, api, exam):
    clock.freeze()
    attempts = api.login(exam.seats[0], exam.token).json["attempts"]
    attempt_id = attempts[0]["id"]
    _change(app, attempt_id, flow.extend_attempt, timedelta(minutes=5))
    ready = api.get(f"/api/v1/attempts/{attempt_id}").json
    assert ready["remaining_seconds"] == (90 + 5) * 60
    api.start(attempt_id)
    _change(app, attempt_id, flow.extend_attempt, timedelta(minutes=3))
    assert api.heartbeat(attempt_id).json["remaining_seconds"] == (90 + 5 + 3) * 60


def test_an_outage_reopens_attempts_that_expired_inside_it(app, api, running, runner):
    start, body = running
    attempt_id, item = body["id"], body["items"][0]
    api.save(attempt_id, item["id"], item["options"][1]["key"], 1)
    outage_from = start + timedelta(minutes=85)
    outage_to = outage_from + timedelta(minutes=13)  # the deadline (90 min) falls inside
    clock.advance(timedelta(minutes=100))
    assert api.heartbeat(attempt_id).json["status"] == "finished"
    result = runner.invoke(
        args=[
            "session",
            "outage",
            "S1",
            "--from",
            outage_from.isoformat(),
            "--to",
            outage_to.isoformat(),
            "--reason",
            "listrik padam",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "1 ujian" in result.output
    reopened = api.get(f"/api/v1/attempts/{attempt_id}").json
    # The clock stopped for the whole window: the deadline moves from 90 to 103 minutes after
    # the start, so at minute 100 the candidate has the 3 minutes still owed.
    assert reopened["status"] == "in_progress"
    assert reopened["answers"] == {item["id"]: item["options"][1]["key"]}
    assert reopened["remaining_seconds"] == 3 * 60

    def outage(starts_at, ends_at):
        window = ["--from", starts_at.isoformat(), "--to", ends_at.isoformat()]
        return runner.invoke(args=["session", "outage", "S1", *window, "--reason", "x"])

    overlapping = outage(outage_to - timedelta(minutes=5), outage_to + timedelta(minutes=1))
    assert overlapping.exit_code == 1 and "tumpang tindih" in overlapping.output
    reversed_window = outage(outage_to + timedelta(minutes=1), outage_to)
    assert reversed_window.exit_code == 1 and "setelah awalnya" in reversed_window.output
    assert api.get(f"/api/v1/attempts/{attempt_id}").json["remaining_seconds"] == 3 * 60


def test_an_outage_during_a_running_attempt_is_a_pause(app, api, running, runner):
    start, body = running
    clock.advance(timedelta(minutes=30))
    result = runner.invoke(
        args=[
            "session",
            "outage",
            "S1",
            "--from",
            (start + timedelta(minutes=20)).isoformat(),
            "--to",
            (start + timedelta(minutes=25)).isoformat(),
            "--reason",
            "jaringan putus",
        ]
    )
    assert result.exit_code == 0, result.output
    assert api.heartbeat(body["id"]).json["remaining_seconds"] == (90 - 30 + 5) * 60


def test_finalize_finishes_expired_attempts_with_their_answers(app, api, running, runner):
    start, body = running
    item = body["items"][0]
    api.save(body["id"], item["id"], item["options"][0]["key"], 1)
    clock.advance(MANSOS + timedelta(seconds=1))
    result = runner.invoke(args=["attempts", "finalize"])
    assert result.exit_code == 0 and result.output.startswith("1 ujian")
    with app.app_context():
        attempt = db.session.get(Attempt, body["id"])
        assert attempt.status.value == "finished" and attempt.finish_reason == "deadline"
        assert attempt.finished_at == start + MANSOS
        assert len(attempt.answers) == 1
