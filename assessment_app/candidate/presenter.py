"""What a candidate receives: never a score, a key, or another candidate's data."""

from __future__ import annotations

from sqlalchemy import select

from assessment_app import clock
from assessment_app.attempts.answered import answered_counts
from assessment_app.attempts.lifecycle import remaining
from assessment_app.attempts.receipts import receipt_for
from assessment_app.attempts.signals import live_state
from assessment_app.extensions import db
from assessment_app.models import Answer, Attempt, AttemptStatus, Candidate
from assessment_app.snapshots.catalog import candidate_items, test_titles
from assessment_app.store import StoreError


def attempt_summary(attempt: Attempt, titles: dict[str, str]) -> dict:
    """Return the short form listed at login."""
    return {
        "id": attempt.id,
        "test_code": attempt.test_code,
        "title": titles.get(attempt.test_code, attempt.test_code),
        "status": attempt.status.value,
    }


def login_body(candidate: Candidate, attempts: list[Attempt], csrf_token: str) -> dict:
    """Return the body of the login and `me` responses."""
    titles = test_titles(candidate.session.snapshot_id) if attempts else {}
    return {
        "csrf_token": csrf_token,
        "candidate": {"nip": candidate.nip, "name": candidate.name},
        "attempts": [attempt_summary(a, titles) for a in attempts],
    }


def attempt_body(attempt: Attempt, session_open: bool) -> dict:
    """Return the attempt object of CONTRACT §4, items in the candidate's own order.

    Added to the pinned fields: `current_item_id` (where to resume), `end_reason` (why a
    finished attempt ended: candidate, deadline, proctor, session_closed), `session_open`
    (the caller has the candidate's session at hand) and `receipt` (the answer receipt of a
    finished attempt, else null).

    One query reads the stored answers, which also give `last_seq` and the latest answer;
    the items and the title come from the per-process catalog (a snapshot never changes).
    """
    now = clock.now()
    answers = db.session.execute(
        select(Answer.item_id, Answer.choice, Answer.flagged, Answer.seq).where(
            Answer.attempt_id == attempt.id
        )
    ).all()
    items = []
    if attempt.status is not AttemptStatus.READY:
        layout = attempt.layout
        items = candidate_items(attempt.snapshot_id, layout["items"], layout["options"])
    latest = max(answers, key=_seq, default=None)
    return {
        "id": attempt.id,
        "test_code": attempt.test_code,
        "title": test_titles(attempt.snapshot_id).get(attempt.test_code, attempt.test_code),
        "status": attempt.status.value,
        "remaining_seconds": remaining(attempt, now),
        "server_time": clock.iso_z(now),
        "last_seq": 0 if latest is None else latest.seq,
        "items": items,
        "answers": {a.item_id: a.choice for a in answers if a.choice is not None},
        "flagged": sorted(a.item_id for a in answers if a.flagged),
        "current_item_id": _resume_at(attempt, latest) if items else None,
        "end_reason": attempt.finish_reason if attempt.status is AttemptStatus.FINISHED else None,
        "session_open": session_open,
        "receipt": receipt_for(attempt),
    }


def _seq(answer) -> int:
    return answer.seq


def _resume_at(attempt: Attempt, latest) -> str | None:
    """The item to resume at on another PC: the last one a heartbeat reported on screen
    (`LiveState.heartbeat`), else the latest answer saved (from the answers already read)."""
    try:
        reported = live_state().position(attempt.id)
    except StoreError:
        reported = None
    if reported is not None and reported in attempt.layout["options"]:
        return reported
    return None if latest is None else latest.item_id


def finish_body(attempt: Attempt) -> dict:
    """Return what the closing page shows: the status, how many items answered, the receipt."""
    return {
        "status": attempt.status.value,
        "answered": answered_counts([attempt.id]).get(attempt.id, 0),
        "total": len(attempt.layout["items"]),
        "receipt": receipt_for(attempt),
    }
