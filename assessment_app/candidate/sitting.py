"""The candidate's own attempts: list, start, heartbeat, and the live state they leave.

Each function changes the database through the attempt lifecycle and registers what Redis
must learn once the request commits (hooks.after_commit): a rollback drops it, so the live
state never shows what the database did not keep. The views only parse and answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assessment_app import clock
from assessment_app.attempts import lifecycle as flow
from assessment_app.attempts.answered import answered_items
from assessment_app.attempts.signals import live_state
from assessment_app.candidate.answers import CandidateRef, check_owner, login_moved, owned_layout
from assessment_app.database import begin_write
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.hooks import after_commit
from assessment_app.models import Attempt, AttemptStatus, Candidate
from assessment_app.ops.metrics import count_heartbeat
from assessment_app.snapshots.catalog import Layout, cached_layout
from assessment_app.store import AttemptState, Seen, StoreError


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
    attempt_id, candidate_id, now_ms = attempt.id, attempt.candidate_id, now_ms_of(clock.now())

    def tell_redis() -> None:
        live.rebuild_answered(attempt_id, answered)
        live.heartbeat(attempt_id, candidate_id, now_ms, 0, device, address)

    after_commit(db.session, tell_redis)
    return attempt


@dataclass(frozen=True)
class Beat:
    """What a heartbeat answers: the attempt's status and its remaining seconds."""

    status: str
    remaining_seconds: int


def heartbeat(
    who: CandidateRef, attempt_id: int, focus_lost: int, item_id: object, device: str, address: str
) -> Beat:
    """Record that the candidate is here: focus losses since the last beat, the item shown.

    The common case touches Redis only: one script checks the login version, records the
    beat and answers from the attempt's state, which every transition drops after its
    commit (`LiveState.signal`). The database answers when Redis cannot: the state is not
    kept (the first beat after a transition), the login moved, the deadline passed (the
    attempt is finished here, as before), or Redis is down; that beat keeps the state again.
    Refuse an attempt not found (404), another's (403), an item not in it (404).
    """
    now = clock.now()
    seen = Seen(focus_lost, device, address, item_id)
    layout = cached_layout(attempt_id)
    try:
        if layout is None:  # this process has not read the attempt yet: the database will
            version = live_state().read_signal(attempt_id)
        else:
            _check_beat(layout, who, item_id)
            found = live_state().beat(
                attempt_id, who.candidate_id, who.login_version, clock.to_us(now), seen
            )
            if isinstance(found, AttemptState):
                count_heartbeat("redis")
                return _beat_of(found, now)
            version = found
    except StoreError:
        version = None  # Redis down: the database answers, nothing is kept after
    return _heartbeat_in_database(who, attempt_id, seen, version, now)


def _check_beat(layout: Layout, who: CandidateRef, item_id: object) -> None:
    check_owner(who, layout)
    if item_id is not None and (not isinstance(item_id, str) or item_id not in layout.options):
        raise Refused(
            404, "item_not_in_attempt", "Kolom 'current_item_id' bukan soal dalam ujian Anda."
        )


def _heartbeat_in_database(
    who: CandidateRef, attempt_id: int, seen: Seen, version: int | None, now: datetime
) -> Beat:
    begin_write(db.session)  # it may finish the attempt: SQLite's write lock first
    _check_beat(owned_layout(who, attempt_id), who, seen.item_id)
    candidate = db.session.get(Candidate, who.candidate_id)
    if candidate.login_version != who.login_version:
        raise login_moved()
    attempt = flow.expire_if_due(db.session.get(Attempt, attempt_id), now)
    state = AttemptState(
        attempt.status.value,
        _us_or_none(attempt.deadline_at),
        _us_or_none(attempt.paused_at),
        attempt.duration_ms + attempt.extension_ms,
    )
    live, focus_lost, device, address, item_id = live_state(), *seen
    candidate_id, login_version, now_ms = who.candidate_id, who.login_version, now_ms_of(now)

    def tell_redis() -> None:
        live.heartbeat(attempt_id, candidate_id, now_ms, focus_lost, device, address, item_id)
        live.keep_login(candidate_id, login_version)
        if version is not None:
            live.keep_state(attempt_id, version, state)

    after_commit(db.session, tell_redis)
    count_heartbeat("database")
    return _beat_of(state, now)


def _beat_of(state: AttemptState, now: datetime) -> Beat:
    """Answer from the state, by the one remaining-time rule (lifecycle.remaining_for)."""
    status = AttemptStatus(state.status)
    left = flow.remaining_for(
        status,
        _datetime_or_none(state.deadline_us),
        _datetime_or_none(state.paused_at_us),
        state.budget_ms,
        now,
    )
    return Beat(status.value, left)


def _us_or_none(moment: datetime | None) -> int | None:
    return None if moment is None else clock.to_us(moment)


def _datetime_or_none(value: int | None) -> datetime | None:
    return None if value is None else clock.from_us(value)


def now_ms_of(moment: datetime) -> int:
    """Return a moment as the whole milliseconds the live state records."""
    return clock.to_us(moment) // 1000
