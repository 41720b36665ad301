"""Telling an open exam page, within seconds, that someone else changed its attempt.

A proctor's pause, resume, extension, finish or void, an outage, or a session close bumps a
per-attempt control version in Redis after the commit. The page polls that version every ~2 s
with a request that reads one Redis key and no database row; when it moves, the page asks the
real API (heartbeat or GET). Redis being down only slows the news to the next heartbeat.

The same module hands the services the app's one `LiveState` (`live_state`).
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.hooks import after_commit
from assessment_app.models import Attempt, Candidate
from assessment_app.store import LiveState, StoreError

log = logging.getLogger(__name__)


def live_state() -> LiveState:
    """Return the app's live state: the one its Store holds, read at each call.

    Services use it; views never do. (Tests swap the store, so it is never cached here.)
    """
    return current_app.extensions["store"].live


def signal_after_commit(attempt_ids: list[int]) -> None:
    """Bump the control version of these attempts once the transaction commits."""
    ids = sorted(set(attempt_ids))
    if ids:
        live = live_state()
        after_commit(db.session, lambda: live.signal(ids))


def signal_session(session_id: int) -> None:
    """Bump every attempt of an exam session (it was closed): their pages look again."""
    ids = db.session.scalars(
        select(Attempt.id)
        .join(Candidate, Candidate.id == Attempt.candidate_id)
        .where(Candidate.session_id == session_id)
    ).all()
    signal_after_commit(list(ids))


def read_signal(attempt_id: int) -> int | None:
    """Return the attempt's control version, or None when Redis cannot say."""
    try:
        return live_state().read_signal(attempt_id)
    except StoreError:
        log.warning("control version unavailable (Redis error); pages fall back to heartbeats")
        return None
