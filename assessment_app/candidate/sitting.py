"""The candidate's own attempts: list, start, heartbeat, and the live state they leave.

Each function changes the database through the attempt lifecycle and registers what Redis
must learn once the request commits (hooks.after_commit): a rollback drops it, so the live
state never shows what the database did not keep. The views only parse and answer.
"""

from __future__ import annotations

from assessment_app import clock
from assessment_app.attempts import lifecycle as flow
from assessment_app.attempts.answered import answered_items
from assessment_app.attempts.signals import live_state
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.hooks import after_commit
from assessment_app.models import Attempt, Candidate


def current_attempts(candidate: Candidate) -> list[Attempt]:
    """Return the candidate's attempts in order, those past their deadline finished."""
    return [flow.expire_if_due(a) for a in flow.ensure_attempts(candidate)]


def start(attempt: Attempt, device: str, address: str) -> Attempt:
    """Start the attempt's clock (safe to retry); the proctor sees the candidate present.

    The answered set is rebuilt from the database (a restart resumes with what is stored),
    and a first heartbeat is recorded, so the seat is not "terputus" until the next one.
    """
    attempt = flow.start_attempt(attempt)
    live, answered = live_state(), answered_items(attempt.id)
    attempt_id, candidate_id, now_ms = attempt.id, attempt.candidate_id, _now_ms()

    def tell_redis() -> None:
        live.rebuild_answered(attempt_id, answered)
        live.heartbeat(attempt_id, candidate_id, now_ms, 0, device, address)

    after_commit(db.session, tell_redis)
    return attempt


def heartbeat(
    attempt: Attempt, focus_lost: int, item_id: object, device: str, address: str
) -> Attempt:
    """Record that the candidate is here: focus losses since the last beat, the item shown.

    Refuse (404 `item_not_in_attempt`) an item that is not in the attempt. An attempt past
    its deadline is finished here (the answer then says so).
    """
    attempt = flow.expire_if_due(attempt)
    if item_id is not None and (
        not isinstance(item_id, str) or item_id not in attempt.layout["items"]
    ):
        raise Refused(
            404, "item_not_in_attempt", "Kolom 'current_item_id' bukan soal dalam ujian Anda."
        )
    live, now_ms = live_state(), _now_ms()
    attempt_id, candidate_id = attempt.id, attempt.candidate_id  # the commit expires them
    after_commit(
        db.session,
        lambda: live.heartbeat(
            attempt_id, candidate_id, now_ms, focus_lost, device, address, item_id
        ),
    )
    return attempt


def _now_ms() -> int:
    return int(clock.now().timestamp() * 1000)
