"""Attempt creation and the state transitions, one function per transition.

Every transition checks its allowed from-states in the UPDATE itself, so two requests racing
(a double click on "Mulai", a proctor pausing while the deadline passes) cannot both apply.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update

from assessment_app import clock
from assessment_app.attempts import timing
from assessment_app.attempts.signals import signal_after_commit
from assessment_app.bank import order_for_attempt
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import (
    Attempt,
    AttemptStatus,
    Candidate,
    ExamSession,
    FinishReason,
    Registration,
    SessionStatus,
)
from assessment_app.snapshots import catalog
from assessment_app.snapshots.catalog import bank_for

S = AttemptStatus
RUNNING = (S.IN_PROGRESS, S.PAUSED)
DONE = (S.FINISHED, S.VOIDED)
EXTENDABLE = (S.READY, *RUNNING)  # time can be added before the start too


def ensure_attempts(candidate: Candidate) -> list[Attempt]:
    """Create the candidate's attempts (one per registration) from the session's snapshot.

    The draw and the option orders are fixed here, once, so that every device and every
    reload shows the same test.
    """
    session: ExamSession = candidate.session
    existing = {
        a.registration_id: a
        for a in db.session.scalars(select(Attempt).where(Attempt.candidate_id == candidate.id))
    }
    missing = [r for r in candidate.registrations if r.id not in existing]
    if missing:
        bank = bank_for(session.snapshot_id)
        tests = {t.code: t for t in bank.tests}
        for registration in missing:
            existing[registration.id] = _create(candidate, registration, session, tests)
        db.session.flush()
    return [existing[r.id] for r in candidate.registrations]


def _create(
    candidate: Candidate, registration: Registration, session: ExamSession, tests: dict
) -> Attempt:
    test = tests.get(registration.test_code)
    if test is None:
        raise Refused(
            409,
            "test_unavailable",
            (f"Tes {registration.test_code} tidak ada di bank soal sesi ini. Hubungi pengawas."),
        )
    seed = secrets.randbelow(2**31)
    bank = bank_for(session.snapshot_id)
    attempt = Attempt(
        registration_id=registration.id,
        candidate_id=candidate.id,
        test_code=test.code,
        snapshot_id=session.snapshot_id,
        status=S.READY,
        seed=seed,
        layout=(layout := order_for_attempt(bank, test, seed)),
        item_count=len(layout["items"]),
        item_ids=",".join(layout["items"]),
        duration_ms=round(test.duration_minutes * 60_000),
    )
    db.session.add(attempt)
    return attempt


def test_titles(snapshot_id: int) -> dict[str, str]:
    """Return the titles of a snapshot's tests by code (cached per process: a snapshot is
    immutable; the dictionary is shared, never change it)."""
    return catalog.test_titles(snapshot_id)


def _transition(attempt_id: int, allowed: tuple[AttemptStatus, ...], **values) -> bool:
    """Apply values if the attempt is in an allowed state; return whether it was.

    An applied change bumps the attempt's control version, so its open page hears of it.
    """
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id, Attempt.status.in_(allowed))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        signal_after_commit([attempt_id])
    return result.rowcount == 1


def _reload(attempt: Attempt) -> Attempt:
    db.session.refresh(attempt)
    return attempt


# What an attempt past its deadline becomes: finished at its deadline, by the clock.
EXPIRED = {
    "status": S.FINISHED,
    "finished_at": Attempt.deadline_at,
    "finish_reason": FinishReason.DEADLINE,
}


def expire_if_due(attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Finish an attempt whose deadline has passed (lazily, at its deadline)."""
    now = now or clock.now()
    due = attempt.status is S.IN_PROGRESS and attempt.deadline_at is not None
    if due and attempt.deadline_at <= now:
        finished = db.session.execute(
            update(Attempt)
            .where(
                Attempt.id == attempt.id,
                Attempt.status == S.IN_PROGRESS,
                Attempt.deadline_at <= now,
            )
            .values(EXPIRED)
            .execution_options(synchronize_session=False)
        ).rowcount
        if finished:
            _reload(attempt)
    return attempt


def lock(attempt: Attempt) -> Attempt:
    """Re-read the attempt and lock its row until commit (FOR UPDATE; SQLite: BEGIN IMMEDIATE)."""
    db.session.refresh(attempt, with_for_update=True)
    return attempt


def start_attempt(attempt: Attempt) -> Attempt:
    """Start the clock; starting an attempt that already started changes nothing."""
    lock(attempt)
    if attempt.status in RUNNING:
        return expire_if_due(attempt)
    if attempt.status in DONE:
        raise Refused(409, "not_startable", "Tes ini sudah selesai dan tidak dapat dimulai lagi.")
    candidate = db.session.get(Candidate, attempt.candidate_id)
    if candidate.session.status is not SessionStatus.OPEN:
        raise Refused(409, "not_startable", "Sesi ujian sudah ditutup.")
    earlier = [
        r.id
        for r in candidate.registrations
        if r.position < _position(candidate, attempt.registration_id)
    ]
    if earlier and db.session.scalar(
        select(Attempt.id)
        .where(Attempt.registration_id.in_(earlier), Attempt.status.not_in(DONE))
        .limit(1)
    ):
        raise Refused(409, "not_startable", "Selesaikan tes sebelumnya terlebih dahulu.")
    now = clock.now()
    _transition(
        attempt.id,
        (S.READY,),
        status=S.IN_PROGRESS,
        started_at=now,
        deadline_at=timing.deadline(
            now, attempt.duration_ms, attempt.extension_ms, attempt.paused_ms
        ),
    )
    return _reload(attempt)


def _position(candidate: Candidate, registration_id: int) -> int:
    return next(r.position for r in candidate.registrations if r.id == registration_id)


def finish_attempt(attempt: Attempt, reason: FinishReason = FinishReason.CANDIDATE) -> Attempt:
    """Finish an attempt now; finishing a finished attempt changes nothing."""
    lock(attempt)
    expire_if_due(attempt)
    if attempt.status is S.FINISHED:
        return attempt
    if attempt.status not in RUNNING:
        raise Refused(409, "not_in_progress", "Tes ini belum dimulai.")
    now = clock.now()
    values = {"status": S.FINISHED, "finished_at": now, "finish_reason": reason}
    if attempt.status is S.PAUSED:
        values |= _unpause_values(attempt, now)
    _transition(attempt.id, RUNNING, **values)
    return _reload(attempt)


def _unpause_values(attempt: Attempt, now: datetime) -> dict:
    paused = int((now - attempt.paused_at) / timedelta(milliseconds=1))
    return {
        "paused_at": None,
        "paused_ms": attempt.paused_ms + paused,
        "deadline_at": attempt.deadline_at + timedelta(milliseconds=paused),
    }


def pause_attempt(attempt: Attempt) -> Attempt:
    """Stop the attempt's clock (remaining time is frozen until it resumes)."""
    lock(attempt)
    expire_if_due(attempt)
    if attempt.status is S.PAUSED:
        return attempt
    if attempt.status is not S.IN_PROGRESS:
        raise Refused(409, "not_in_progress", "Hanya ujian yang sedang berlangsung dapat dijeda.")
    _transition(attempt.id, (S.IN_PROGRESS,), status=S.PAUSED, paused_at=clock.now())
    return _reload(attempt)


def resume_attempt(attempt: Attempt) -> Attempt:
    """Restart the clock; the deadline moves by exactly the paused span."""
    lock(attempt)
    if attempt.status is S.IN_PROGRESS:
        return attempt
    if attempt.status is not S.PAUSED:
        raise Refused(409, "not_paused", "Ujian ini tidak sedang dijeda.")
    _transition(
        attempt.id, (S.PAUSED,), status=S.IN_PROGRESS, **_unpause_values(attempt, clock.now())
    )
    return _reload(attempt)


def extend_attempt(attempt: Attempt, extra: timedelta) -> Attempt:
    """Add time (additive, never overwriting earlier extensions), before or after start."""
    extra_ms = int(extra / timedelta(milliseconds=1))
    if extra_ms <= 0:
        raise Refused(422, "invalid_extension", "Tambahan waktu harus lebih dari nol.")
    lock(attempt)
    expire_if_due(attempt)
    if attempt.status in DONE:
        raise Refused(409, "not_in_progress", "Ujian ini sudah selesai.")
    values = {"extension_ms": attempt.extension_ms + extra_ms}
    if attempt.deadline_at is not None:
        values["deadline_at"] = attempt.deadline_at + timedelta(milliseconds=extra_ms)
    _transition(attempt.id, EXTENDABLE, **values)
    return _reload(attempt)


def void_attempt(attempt: Attempt, reason: str) -> Attempt:
    """Void an attempt: it is never scored."""
    lock(attempt)
    if attempt.status is S.VOIDED:
        return attempt
    _transition(
        attempt.id,
        tuple(S),
        status=S.VOIDED,
        void_reason=reason,
        finished_at=attempt.finished_at or clock.now(),
    )
    return _reload(attempt)


def remaining(attempt: Attempt, now: datetime | None = None) -> int:
    """Return the attempt's remaining whole seconds by the server's clock."""
    return remaining_for(
        attempt.status,
        attempt.deadline_at,
        attempt.paused_at,
        attempt.duration_ms + attempt.extension_ms,
        now or clock.now(),
    )


def remaining_for(
    status: AttemptStatus,
    deadline_at: datetime | None,
    paused_at: datetime | None,
    budget_ms: int,
    now: datetime,
) -> int:
    """Return the remaining whole seconds of an attempt in this state (0 once it is done)."""
    if status in DONE:
        return 0
    return timing.remaining_seconds(
        now=now, deadline_at=deadline_at, paused_at=paused_at, budget_ms=budget_ms
    )


def finalize_expired(now: datetime | None = None) -> int:
    """Finish every in-progress attempt whose deadline has passed; return how many."""
    now = now or clock.now()
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.status == S.IN_PROGRESS, Attempt.deadline_at <= now)
        .values(EXPIRED)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def apply_outage(session_id: int, starts_at: datetime, ends_at: datetime) -> list[int]:
    """Turn an outage window into paused time for every attempt whose clock ran in it.

    Attempts that ran out of time inside the window are reopened with their answers and
    get back exactly the time the outage took from them. Return the ids changed.
    """
    rows = db.session.scalars(
        select(Attempt)
        .join(Candidate, Candidate.id == Attempt.candidate_id)
        .where(
            Candidate.session_id == session_id,
            Attempt.started_at < ends_at,
            Attempt.status.in_((*RUNNING, S.FINISHED)),
        )
        .with_for_update(of=Attempt)
    ).all()
    changed = []
    for attempt in rows:
        lost = _time_lost(attempt, starts_at, ends_at)
        if lost <= 0:
            continue
        attempt.paused_ms += lost
        attempt.deadline_at += timedelta(milliseconds=lost)
        if attempt.status is S.FINISHED:
            attempt.status, attempt.finished_at, attempt.finish_reason = S.IN_PROGRESS, None, None
        changed.append(attempt.id)
    db.session.flush()
    signal_after_commit(changed)
    return changed


def _time_lost(attempt: Attempt, starts_at: datetime, ends_at: datetime) -> int:
    """Milliseconds the outage took from an attempt: the clock stops for the whole window.

    An attempt that ran out of time inside the window would have kept running through it,
    so it gets the window from its start too; a paused attempt lost only the part before
    its pause (the pause already stopped its clock).
    """
    if attempt.status is S.PAUSED:
        clock_ran_until = attempt.paused_at
    elif attempt.deadline_at <= starts_at:
        return 0  # out of time before the outage began, whether or not it was finished yet
    elif attempt.status is S.FINISHED and attempt.finish_reason != FinishReason.DEADLINE:
        return 0  # finished by the candidate or a proctor
    else:
        clock_ran_until = ends_at
    return timing.overlap_ms(starts_at, ends_at, attempt.started_at, clock_ran_until)
