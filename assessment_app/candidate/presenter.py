"""What a candidate receives: never a score, a key, or another candidate's data."""

from __future__ import annotations

from sqlalchemy import select

from assessment_app import clock
from assessment_app.attempts.answered import answered_counts
from assessment_app.attempts.lifecycle import remaining, test_titles
from assessment_app.attempts.receipts import receipt_for
from assessment_app.attempts.signals import current_item_id
from assessment_app.bank import get_item_type
from assessment_app.candidate.answers import last_seq
from assessment_app.extensions import db
from assessment_app.models import Answer, Attempt, AttemptStatus, Candidate, SessionStatus
from assessment_app.snapshots.catalog import bank_for


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


def attempt_body(attempt: Attempt) -> dict:
    """Return the attempt object of CONTRACT §4, items in the candidate's own order.

    Added to the pinned fields: `current_item_id` (where to resume), `end_reason` (why a
    finished attempt ended: candidate, deadline, proctor, session_closed), `session_open` and
    `receipt` (the answer receipt of a finished attempt, else null).
    """
    now = clock.now()
    answers = db.session.execute(
        select(Answer.item_id, Answer.choice, Answer.flagged).where(Answer.attempt_id == attempt.id)
    ).all()
    items = []
    if attempt.status is not AttemptStatus.READY:
        bank = bank_for(attempt.snapshot_id)
        options = attempt.layout["options"]
        for item_id in attempt.layout["items"]:
            item = bank.item(item_id)
            items.append(get_item_type(item.type).candidate_view(item, options[item_id]))
    return {
        "id": attempt.id,
        "test_code": attempt.test_code,
        "title": test_titles(attempt.snapshot_id).get(attempt.test_code, attempt.test_code),
        "status": attempt.status.value,
        "remaining_seconds": remaining(attempt, now),
        "server_time": clock.iso_z(now),
        "last_seq": last_seq(attempt.id),
        "items": items,
        "answers": {a.item_id: a.choice for a in answers if a.choice is not None},
        "flagged": sorted(a.item_id for a in answers if a.flagged),
        "current_item_id": current_item_id(attempt) if items else None,
        "end_reason": attempt.finish_reason if attempt.status is AttemptStatus.FINISHED else None,
        "session_open": _session_open(attempt),
        "receipt": receipt_for(attempt),
    }


def _session_open(attempt: Attempt) -> bool:
    candidate = db.session.get(Candidate, attempt.candidate_id)
    return candidate.session.status is SessionStatus.OPEN


def finish_body(attempt: Attempt) -> dict:
    """Return what the closing page shows: the status, how many items answered, the receipt."""
    return {
        "status": attempt.status.value,
        "answered": answered_counts([attempt.id]).get(attempt.id, 0),
        "total": len(attempt.layout["items"]),
        "receipt": receipt_for(attempt),
    }
