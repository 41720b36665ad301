"""The live room view: one seat per candidate, built from the database and Redis."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import Row, select

from assessment_app import clock
from assessment_app.attempts import timing
from assessment_app.attempts.answered import answered_counts, answered_items
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
from assessment_app.snapshots.catalog import bank_for
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

    One query (the seats with their registrations and attempts, no layouts) and two Redis
    round trips (the current attempts' state, the devices) whatever the number of seats:
    a proctor polls this every few seconds, and the admin dashboard once per room.
    """
    now = clock.now()
    seats, live_ok = _seats(
        _roster(Candidate.room_id == room.id, Candidate.session_id == session.id), session, now
    )
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
    seats, _ = _seats(_roster(Candidate.id == candidate.id), candidate.session, clock.now())
    return seats[0]


@dataclass
class _Sitter:
    """One candidate's row, registrations counted, attempts in test order (query rows)."""

    candidate: Row
    registered: int = 0
    attempts: list[Row] = field(default_factory=list)


def _roster(*where) -> list[_Sitter]:
    """Return the candidates matching `where` with their registrations and attempts: one
    query, the candidate's columns repeated on each registration's row."""
    rows = db.session.execute(
        select(
            Candidate.id,
            Candidate.nip,
            Candidate.name,
            Candidate.seat,
            Candidate.position,
            Registration.id.label("registration_id"),
            Attempt.id.label("attempt_id"),
            Attempt.test_code,
            Attempt.status,
            Attempt.deadline_at,
            Attempt.paused_at,
            Attempt.duration_ms,
            Attempt.extension_ms,
            Attempt.item_count,
            Attempt.finish_reason,
        )
        .select_from(Candidate)
        .outerjoin(Registration, Registration.candidate_id == Candidate.id)
        .outerjoin(Attempt, Attempt.registration_id == Registration.id)
        .where(*where)
        .order_by(Candidate.id, Registration.position)
    ).all()
    sitters: dict[int, _Sitter] = {}
    for row in rows:
        sitter = sitters.get(row.id)
        if sitter is None:
            sitter = sitters[row.id] = _Sitter(row)
        if row.registration_id is not None:
            sitter.registered += 1
        if row.attempt_id is not None:
            sitter.attempts.append(row)
    return list(sitters.values())


def _seats(roster: list[_Sitter], session: ExamSession, now: datetime) -> tuple[list[dict], bool]:
    """Return the seats and whether Redis's live state was read (else the database's).

    Only each seat's current test is read from Redis: the others show no live figures.
    """
    tests = [[statuses.test_state(a, now) for a in s.attempts] for s in roster]
    current = [
        s.attempts[statuses.current_index(states)] if states else None
        for s, states in zip(roster, tests, strict=True)
    ]
    attempt_ids = [a.attempt_id for a in current if a is not None]
    ids = [s.candidate.id for s in roster]
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
        "titles": _titles(session.snapshot_id),
        "limit": current_app.config["DISCONNECTED_AFTER_SECONDS"],
        "closed": session.status is SessionStatus.CLOSED,
        "locked": throttle.locked_subjects(
            throttle.candidate_nip_rule(), [s.candidate.nip for s in roster]
        ),
    }
    return [
        _seat(sitter, states, attempt, attempt_live, devices[sitter.candidate.id], context)
        for sitter, states, attempt in zip(roster, tests, current, strict=True)
    ], live_ok


def _titles(snapshot_id: int | None) -> dict[str, str]:
    """Return the session's test titles from the per-process bank cache (a snapshot never
    changes), so a poll does not query them again."""
    if not snapshot_id:
        return {}
    return {test.code: test.title for test in bank_for(snapshot_id).tests}


def _from_database(attempt_ids: list[int]) -> dict[int, dict]:
    """Return what the database knows of the live state: answered counts, nothing else."""
    answered = answered_counts(attempt_ids)
    return {
        attempt_id: {"seen_ms": None, "focus_lost": 0, "answered": answered.get(attempt_id, 0)}
        for attempt_id in attempt_ids
    }


def _no_devices(candidate_ids: list[int]) -> dict[int, dict]:
    return {cid: {"device": None, "ip": None, "changes": 0} for cid in candidate_ids}


def _with_answered(live: LiveState, states: dict[int, dict]) -> dict[int, dict]:
    """Rebuild answered sets Redis lost (a restart) from the database."""
    for attempt_id, state in states.items():
        if state["answered"] is None:
            items = answered_items(attempt_id)
            live.rebuild_answered(attempt_id, items)
            state["answered"] = len(items)
    return states


def _seat(
    sitter: _Sitter,
    states: list[str],
    current: Row | None,
    attempt_live: dict,
    device: dict,
    context: dict,
) -> dict:
    now, candidate = context["now"], sitter.candidate
    state = attempt_live.get(current.attempt_id, {}) if current else {}
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
        "tests_total": sitter.registered,
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
        "id": attempt.attempt_id,
        "test_code": attempt.test_code,
        "title": titles.get(attempt.test_code, attempt.test_code),
        "status": status,
        "state": statuses.test_state(attempt, now),
        "answered": state.get("answered", 0),
        "total": attempt.item_count,
        "remaining_seconds": remaining,
        "extension_seconds": attempt.extension_ms // 1000,
    }
