"""Proctor actions repeated or out of place: the answer, the state, and the audit log.

Repeating an action (a double click, two proctors at once) leaves one trace: pausing a paused
attempt, resuming a running one, finishing a finished one or voiding a voided one changes
nothing, writes no second audit entry and answers as the first time (docs/api.md). An action
the state does not allow is a 409 with a code.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models import Attempt, AttemptStatus, AuditEntry
from tests.proctor import test_proctor_api as base
from tests.proctor.test_proctor_api import Staff, _new_client

rooms, proctor, candidate, frozen = base.rooms, base.proctor, base.candidate, base.frozen

S = AttemptStatus


def _entries(app, action: str, attempt_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == action, AuditEntry.target == f"attempt:{attempt_id}")
        )


def _attempt(app, attempt_id: int) -> Attempt:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        db.session.expunge(attempt)
        return attempt


def _twice(proctor, attempt_id: int, action: str):
    path = f"/attempts/{attempt_id}/{action}"
    first = proctor.post(path, {"reason": "pertama"})
    assert first.status_code == 200, first.json
    return first, proctor.post(path, {"reason": "kedua"})


REPEATS = [
    # (action, what to do first so the repeat is a no-op, the state after)
    ("pause", None, S.PAUSED),
    ("resume", "pause", S.IN_PROGRESS),
    ("void", None, S.VOIDED),
    ("finish", None, S.FINISHED),
]


@pytest.mark.parametrize(("action", "before", "state"), REPEATS)
def test_a_repeated_action_answers_as_the_first_time_and_is_audited_once(
    frozen, app, proctor, candidate, action, before, state
):
    attempt_id = candidate.attempt["id"]
    if before:
        assert proctor.post(f"/attempts/{attempt_id}/{before}", {"reason": "x"}).status_code == 200
    clock.advance(timedelta(minutes=3))
    first, again = _twice(proctor, attempt_id, action)
    assert _attempt(app, attempt_id).status is state
    assert again.status_code == 200 and again.json == first.json
    assert _entries(app, f"proctor.{action}", attempt_id) == 1


@pytest.mark.parametrize(("action", "before", "state"), REPEATS)
def test_a_repeated_action_answers_the_same_state_and_moves_no_clock(
    frozen, app, proctor, candidate, action, before, state
):
    attempt_id = candidate.attempt["id"]
    if before:
        proctor.post(f"/attempts/{attempt_id}/{before}", {"reason": "x"})
    first, _ = _twice(proctor, attempt_id, action)
    before_repeat = _attempt(app, attempt_id)
    clock.advance(timedelta(minutes=3))
    again = proctor.post(f"/attempts/{attempt_id}/{action}", {"reason": "ketiga"})
    assert again.status_code == 200, again.json
    after = _attempt(app, attempt_id)
    assert after.status is state
    assert (after.deadline_at, after.paused_at, after.paused_ms, after.finished_at) == (
        before_repeat.deadline_at,
        before_repeat.paused_at,
        before_repeat.paused_ms,
        before_repeat.finished_at,
    )
    assert again.json["attempt"]["status"] == first.json["attempt"]["status"]


def test_void_keeps_the_first_reason_and_finish_time(frozen, app, proctor, candidate):
    attempt_id = candidate.attempt["id"]
    proctor.post(f"/attempts/{attempt_id}/void", {"reason": "kecurangan"})
    voided_at = _attempt(app, attempt_id).finished_at
    clock.advance(timedelta(minutes=5))
    proctor.post(f"/attempts/{attempt_id}/void", {"reason": "lain"})
    after = _attempt(app, attempt_id)
    assert (after.void_reason, after.finished_at) == ("kecurangan", voided_at)


def test_voiding_a_finished_attempt_keeps_when_it_finished(frozen, app, proctor, candidate):
    attempt_id = candidate.attempt["id"]
    clock.advance(timedelta(minutes=7))
    finished_at = clock.now()
    assert candidate.finish(attempt_id).status_code == 200
    clock.advance(timedelta(minutes=5))
    assert proctor.post(f"/attempts/{attempt_id}/void", {"reason": "joki"}).status_code == 200
    after = _attempt(app, attempt_id)
    assert after.status is S.VOIDED and after.finished_at == finished_at


NOT_ALLOWED = [
    # (what brings the attempt to a state, the action refused there, its code)
    ("finish", "pause", "not_in_progress"),
    ("finish", "resume", "not_paused"),
    ("finish", "extend", "not_in_progress"),
    ("void", "pause", "not_in_progress"),
    ("void", "resume", "not_paused"),
    ("void", "finish", "not_in_progress"),
    ("void", "extend", "not_in_progress"),
]


@pytest.mark.parametrize(("first", "action", "code"), NOT_ALLOWED)
def test_an_action_the_state_does_not_allow_is_409_and_not_audited(
    app, proctor, candidate, first, action, code
):
    attempt_id = candidate.attempt["id"]
    assert proctor.post(f"/attempts/{attempt_id}/{first}", {"reason": "x"}).status_code == 200
    response = proctor.post(f"/attempts/{attempt_id}/{action}", {"reason": "y", "minutes": 5})
    assert response.status_code == 409 and response.json["error"]["code"] == code
    assert _entries(app, f"proctor.{action}", attempt_id) == 0


def test_actions_on_a_test_not_started_yet(app, proctor, candidate):
    """The second test (TEK-AK) is ready: extend works before the start, pause does not."""
    second = candidate.client.get("/api/v1/candidate/me").json["attempts"][1]
    assert second["status"] == "ready"
    paused = proctor.post(f"/attempts/{second['id']}/pause", {"reason": "x"})
    assert paused.status_code == 409 and paused.json["error"]["code"] == "not_in_progress"
    resumed = proctor.post(f"/attempts/{second['id']}/resume", {"reason": "x"})
    assert resumed.status_code == 409 and resumed.json["error"]["code"] == "not_paused"
    finished = proctor.post(f"/attempts/{second['id']}/finish", {"reason": "x"})
    assert finished.status_code == 409 and finished.json["error"]["code"] == "not_in_progress"
    extended = proctor.post(f"/attempts/{second['id']}/extend", {"reason": "x", "minutes": 10})
    assert extended.status_code == 200
    attempt = _attempt(app, second["id"])
    assert attempt.extension_ms == 10 * 60_000 and attempt.deadline_at is None


def test_pause_past_the_deadline_finishes_instead(frozen, app, candidate):
    attempt_id = candidate.attempt["id"]
    clock.advance(timedelta(minutes=91))
    proctor = Staff(_new_client(app), "pengawas1")  # a fresh login: staff sessions idle out
    response = proctor.post(f"/attempts/{attempt_id}/pause", {"reason": "x"})
    assert response.status_code == 409 and response.json["error"]["code"] == "not_in_progress"
    assert _entries(app, "proctor.pause", attempt_id) == 0
    # The refusal rolls back; the candidate's next call finishes it at its deadline.
    seen = candidate.get(f"/api/v1/attempts/{attempt_id}").json
    assert seen["status"] == "finished" and seen["remaining_seconds"] == 0
    assert _attempt(app, attempt_id).finish_reason == "deadline"


def test_finish_while_paused_counts_the_pause(frozen, app, proctor, candidate):
    attempt_id = candidate.attempt["id"]
    clock.advance(timedelta(minutes=10))
    proctor.post(f"/attempts/{attempt_id}/pause", {"reason": "x"})
    clock.advance(timedelta(minutes=4))
    assert proctor.post(f"/attempts/{attempt_id}/finish", {"reason": "sakit"}).status_code == 200
    after = _attempt(app, attempt_id)
    assert after.status is S.FINISHED and after.paused_at is None
    assert after.paused_ms == 4 * 60_000 and after.finish_reason == "proctor"


def test_unknown_actions_and_attempts(app, proctor, candidate, rooms):
    attempt_id = candidate.attempt["id"]
    assert proctor.post(f"/attempts/{attempt_id}/explode", {"reason": "x"}).status_code == 404
    assert proctor.post("/attempts/999999/pause", {"reason": "x"}).status_code == 404
    assert proctor.post("/rooms/R01/sessions/S1/void", {"reason": "x"}).status_code == 404
    assert proctor.post("/candidates/999999/release", {"reason": "x"}).status_code == 404
    too_long = proctor.post(f"/attempts/{attempt_id}/pause", {"reason": "x" * 501})
    assert too_long.status_code == 422 and too_long.json["error"]["code"] == "reason_too_long"
    for minutes in (True, "5", 241, -1):
        bad = proctor.post(f"/attempts/{attempt_id}/extend", {"reason": "x", "minutes": minutes})
        assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_extension"
    over_cap = proctor.post(
        f"/attempts/{attempt_id}/extend", {"reason": "x", "minutes": 5, "over_cap": "ya"}
    )
    assert over_cap.status_code == 400


def test_incident_about_a_seat_and_its_refusals(app, proctor, candidate, rooms):
    seat_id = proctor.live().json["seats"][0]["candidate_id"]
    made = proctor.post(
        "/rooms/R01/sessions/S1/incidents", {"text": "pingsan", "candidate_id": seat_id}
    )
    assert made.status_code == 201 and made.json["candidate_id"] == seat_id
    assert made.json["category"] == "peserta"
    room_wide = proctor.post("/rooms/R01/sessions/S1/incidents", {"text": "AC mati"})
    assert room_wide.status_code == 201 and room_wide.json["category"] != "peserta"
    admin = Staff(_new_client(app), "admin1")
    other_room = admin.live(room="R02").json["seats"][0]["candidate_id"]
    for candidate_id in (other_room, 999999):
        refused = admin.post(
            "/rooms/R01/sessions/S1/incidents", {"text": "x", "candidate_id": candidate_id}
        )
        assert refused.status_code == 422 and refused.json["error"]["code"] == "invalid_candidate"
    assert proctor.post("/rooms/R01/sessions/S1/incidents", {"text": " "}).status_code == 422
