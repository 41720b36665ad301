"""The live room view: one seat per candidate, built from the database and Redis."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from assessment_app import clock
from assessment_app.attempts import timing
from assessment_app.attempts.answered import answered_counts, answered_items
from assessment_app.attempts.lifecycle import test_titles
from assessment_app.attempts.signals import live_state
from assessment_app.extensions import db
from assessment_app.formatting import natural_key
from assessment_app.models import (
    Attempt,
    Candidate,
    ExamSession,
    Registration,
    Room,
    SessionStatus,
)
from assessment_app.security import throttle
from assessment_app.store import LiveState, StoreError
from assessment_app.vocabulary import statuses

log = logging.getLogger(__name__)

# Shown by every staff page whose numbers come from here while Redis cannot be read.
LIVE_UNAVAILABLE = (
    "Data langsung tidak tersedia (Redis) — status dari basis data; kehadiran dan jawaban "
    "terakhir mungkin tertinggal."
)


def room_live(room: Room, session: ExamSession) -> dict:
    """Return the live view of one room in one session (docs/api.md).

    Three narrow queries (candidates, registration counts, attempts without their layout)
    and two Redis round trips, whatever the number of seats.
    """
    now = clock.now()
    candidates = db.session.execute(
        select(
            Candidate.id, Candidate.nip, Candidate.name, Candidate.seat, Candidate.position
        ).where(Candidate.room_id == room.id, Candidate.session_id == session.id)
    ).all()
    seats, live_ok = _seats(candidates, session, now)
    seats.sort(key=lambda s: (natural_key(s["seat"] or ""), s["name"]))
    return {
        "live_notice": None if live_ok else LIVE_UNAVAILABLE,
        "room": {"code": room.code, "name": room.name},
        "session": {
            "code": session.code,
            "title": session.title,
            "status": session.status.value,
            "token": session.token if session.is_open else None,
        },
        "server_time": clock.iso_z(now),
        "counts": statuses.count([s["status"] for s in seats]),
        "seats": seats,
    }


def seat_of(candidate: Candidate) -> dict:
    """Return one candidate's seat object (the answer of every action)."""
    row = db.session.execute(
        select(
            Candidate.id, Candidate.nip, Candidate.name, Candidate.seat, Candidate.position
        ).where(Candidate.id == candidate.id)
    ).one()
    seats, _ = _seats([row], candidate.session, clock.now())
    return seats[0]


def _seats(candidates: list, session: ExamSession, now: datetime) -> tuple[list[dict], bool]:
    """Return the seats and whether Redis's live state was read (else the database's)."""
    ids = [c.id for c in candidates]
    registered = _registration_counts(ids)
    by_candidate = _attempts_by_candidate(ids)
    attempt_ids = [a.id for rows in by_candidate.values() for a in rows]
    try:
        live = live_state()
        attempt_live = _with_answered(live, live.read(attempt_ids))
        devices = live.read_candidates(ids)
        live_ok = True
    except StoreError:
        log.warning("live state unavailable (Redis error); seats from the database only")
        attempt_live, devices, live_ok = _from_database(attempt_ids), _no_devices(ids), False
    context = {
        "live_ok": live_ok,
        "now": now,
        "titles": test_titles(session.snapshot_id) if session.snapshot_id else {},
        "limit": current_app.config["DISCONNECTED_AFTER_SECONDS"],
        "closed": session.status is SessionStatus.CLOSED,
        "locked": throttle.locked_subjects(
            throttle.candidate_nip_rule(), [c.nip for c in candidates]
        ),
    }
    return [
        _seat(
            c,
            registered.get(c.id, 0),
            by_candidate.get(c.id, []),
            attempt_live,
            devices[c.id],
            context,
        )
        for c in candidates
    ], live_ok


def _from_database(attempt_ids: list[int]) -> dict[int, dict]:
    """Return what the database knows of the live state: answered counts, nothing else."""
    answered = answered_counts(attempt_ids)
    return {
        attempt_id: {"seen_ms": None, "focus_lost": 0, "answered": answered.get(attempt_id, 0)}
        for attempt_id in attempt_ids
    }


def _no_devices(candidate_ids: list[int]) -> dict[int, dict]:
    return {cid: {"device": None, "ip": None, "changes": 0} for cid in candidate_ids}


def _registration_counts(candidate_ids: list[int]) -> dict[int, int]:
    if not candidate_ids:
        return {}
    rows = db.session.execute(
        select(Registration.candidate_id, func.count())
        .where(Registration.candidate_id.in_(candidate_ids))
        .group_by(Registration.candidate_id)
    )
    return dict(rows.all())


def _attempts_by_candidate(candidate_ids: list[int]) -> dict[int, list]:
    if not candidate_ids:
        return {}
    rows = db.session.execute(
        select(
            Attempt.id,
            Attempt.candidate_id,
            Attempt.test_code,
            Attempt.status,
            Attempt.deadline_at,
            Attempt.paused_at,
            Attempt.duration_ms,
            Attempt.extension_ms,
            Attempt.item_count,
            Attempt.finish_reason,
        )
        .join(Registration, Registration.id == Attempt.registration_id)
        .where(Attempt.candidate_id.in_(candidate_ids))
        .order_by(Attempt.candidate_id, Registration.position)
    ).all()
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.candidate_id, []).append(row)
    return grouped


def _with_answered(live: LiveState, states: dict[int, dict]) -> dict[int, dict]:
    """Rebuild answered sets Redis lost (a restart) from the database."""
    for attempt_id, state in states.items():
        if state["answered"] is None:
            items = answered_items(attempt_id)
            live.rebuild_answered(attempt_id, items)
            state["answered"] = len(items)
    return states


def _seat(
    candidate,
    registered: int,
    attempts: list,
    attempt_live: dict,
    device: dict,
    context: dict,
) -> dict:
    now = context["now"]
    states = [statuses.test_state(a, now) for a in attempts]
    current = attempts[statuses.current_index(states)] if attempts else None
    state = attempt_live.get(current.id, {}) if current else {}
    seen_ms = state.get("seen_ms")
    seen_seconds = None if seen_ms is None else max(0, int(now.timestamp() - seen_ms / 1000))
    # Without Redis nobody knows who is connected: a running test counts as worked on (the
    # banner says presence may lag) rather than a room full of alarms.
    status = statuses.seat_status(
        states,
        seen_seconds=seen_seconds if context["live_ok"] else 0,
        limit=context["limit"],
        session_closed=context["closed"],
    )
    return {
        "candidate_id": candidate.id,
        "nip": candidate.nip,
        "name": candidate.name,
        "seat": candidate.seat,
        "position": candidate.position,
        "status": status,
        "attempt": _attempt(current, state, context["titles"], now) if current else None,
        "tests_done": sum(1 for s in states if s in statuses.ENDED),
        "tests_total": registered,
        "focus_lost": state.get("focus_lost", 0),
        "last_seen_seconds": seen_seconds,
        "device_changed": device["changes"] > 0,
        "address": device["ip"],
        "locked": candidate.nip in context["locked"],  # login refused: "Buka blokir"
    }


def _attempt(attempt, state: dict, titles: dict, now: datetime) -> dict:
    status = statuses.effective(attempt, now)
    remaining = (
        0
        if status in statuses.DONE
        else timing.remaining_seconds(
            now=now,
            deadline_at=attempt.deadline_at,
            paused_at=attempt.paused_at,
            budget_ms=attempt.duration_ms + attempt.extension_ms,
        )
    )
    return {
        "id": attempt.id,
        "test_code": attempt.test_code,
        "title": titles.get(attempt.test_code, attempt.test_code),
        "status": status,
        "state": statuses.test_state(attempt, now),
        "answered": state.get("answered", 0),
        "total": attempt.item_count,
        "remaining_seconds": remaining,
        "extension_seconds": attempt.extension_ms // 1000,
    }
