"""Proctor actions: each needs a reason and is written to the audit log with the change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from assessment_app import audit
from assessment_app.attempts import lifecycle as flow
from assessment_app.candidate.login import release_device
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import (
    Attempt,
    AttemptStatus,
    Candidate,
    ExamSession,
    FinishReason,
    Incident,
    Room,
    User,
)
from assessment_app.security import throttle
from assessment_app.vocabulary.categories import CATEGORIES, default_category

S = AttemptStatus
MAX_REASON = 500
MAX_MINUTES = 240


def check_reason(reason: object) -> str:
    """Return a trimmed reason or refuse (422): every action needs one."""
    if not isinstance(reason, str) or not reason.strip():
        raise Refused(422, "reason_required", "Alasan wajib diisi.")
    if len(reason) > MAX_REASON:
        raise Refused(422, "reason_too_long", f"Alasan paling panjang {MAX_REASON} karakter.")
    return reason.strip()


def check_minutes(minutes: object) -> timedelta:
    """Return the extension as a timedelta, or refuse (422)."""
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int | float)
        or not 0 < minutes <= MAX_MINUTES
    ):
        raise Refused(
            422,
            "invalid_extension",
            f"Tambahan waktu harus lebih dari 0 dan paling lama {MAX_MINUTES} menit.",
        )
    return timedelta(minutes=minutes)


def check_over_cap(value: object) -> bool:
    """Return the admin's `over_cap` confirmation (absent: False), or refuse (400)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise Refused(400, "bad_request", "Kolom 'over_cap' harus true atau false.")
    return value


def _minutes(span: timedelta) -> str:
    return f"{span / timedelta(minutes=1):g}"


def check_extension_cap(
    user: User, attempt: Attempt, who: str, extra: timedelta, over_cap: bool
) -> bool:
    """Refuse (409 extension_cap) extra time past the attempt's cumulative cap.

    Proctors cannot pass the cap; an admin can by confirming (`over_cap`). Returns whether
    this extension goes past it (the audit says so). Call with the attempt's row locked.
    """
    cap = timedelta(minutes=current_app.config["EXTRA_TIME_CAP_MINUTES"])
    granted = timedelta(milliseconds=attempt.extension_ms)
    if granted + extra <= cap:
        return False
    if user.is_admin and over_cap:
        return True
    message = (
        f"{who}: tambahan waktu paling banyak {_minutes(cap)} menit per tes; sudah "
        f"{_minutes(granted)} menit, sisa {_minutes(max(cap - granted, timedelta(0)))} menit."
    )
    if user.is_admin:
        message += " Sebagai admin, centang “Lewati batas” untuk tetap menambah."
    else:
        message += " Tambahan di atas batas hanya dapat diberikan admin."
    raise Refused(409, "extension_cap", message)


def _where(candidate: Candidate) -> dict:
    """Where and who, as the audit sentence and the session record name the target."""
    return {
        "room": candidate.room.code,
        "session": candidate.session.code,
        "nip": candidate.nip,
        "candidate_id": candidate.id,
        "name": candidate.name,
        "seat": candidate.seat,
    }


@dataclass(frozen=True)
class Order:
    """What a proctor asked of an attempt or a room: the action, why, and for an extension
    the time to add and the admin's confirmation past the cap."""

    action: str
    reason: str
    extra: timedelta | None = None
    over_cap: bool = False


def read_order(action: str, body: dict) -> Order:
    """Read an order from a JSON body: the reason, the minutes (extend only), `over_cap`."""
    reason = check_reason(body.get("reason"))
    extra = check_minutes(body.get("minutes")) if action == "extend" else None
    return Order(action, reason, extra, check_over_cap(body.get("over_cap")))


# The transitions a proctor applies; each changes nothing when the attempt is already there.
TRANSITIONS: dict[str, Callable[[Attempt, str], Attempt]] = {
    "pause": lambda attempt, _: flow.pause_attempt(attempt),
    "resume": lambda attempt, _: flow.resume_attempt(attempt),
    "finish": lambda attempt, _: flow.finish_attempt(attempt, reason=FinishReason.PROCTOR),
    "void": flow.void_attempt,
}


def act_on_attempt(user: User, attempt: Attempt, order: Order) -> bool:
    """Apply one action (pause, resume, extend, finish, void) to one attempt, audited.

    Decided under the attempt's row lock, after its deadline is applied. An action that
    finds the attempt already where it leads (pausing a paused attempt, resuming a running
    one, finishing a finished one, voiding a voided one: a double click, two proctors at
    once) changes nothing and writes no audit entry; the caller answers as the first time.
    An action the state does not allow is refused (409). An extension past
    EXTRA_TIME_CAP_MINUTES is refused unless an admin confirms `over_cap`. Return whether
    the attempt changed.
    """
    flow.lock(attempt)
    flow.expire_if_due(attempt)
    before = attempt.status
    candidate = db.session.get(Candidate, attempt.candidate_id)
    details = _where(candidate) | {"test": attempt.test_code}
    if order.action == "extend":
        details |= _extend(user, attempt, candidate, order)
    elif TRANSITIONS[order.action](attempt, order.reason).status is before:
        return False
    audit.record(
        user.username,
        f"proctor.{order.action}",
        target=f"attempt:{attempt.id}",
        reason=order.reason,
        details=details,
    )
    return True


def _extend(user: User, attempt: Attempt, candidate: Candidate, order: Order) -> dict:
    """Add the order's time (the row is locked: two extensions cannot both pass the cap)."""
    details = {}
    if check_extension_cap(user, attempt, candidate.name, order.extra, order.over_cap):
        details["over_cap"] = True
        details["cap_minutes"] = current_app.config["EXTRA_TIME_CAP_MINUTES"]
    flow.extend_attempt(attempt, order.extra)
    return details | {"minutes": order.extra / timedelta(minutes=1)}


# What a proctor can do for a seat's login: the audit action and the change.
SEAT_ACTIONS: dict[str, tuple[str, Callable[[Candidate], None]]] = {
    # free the login for another device (the old one gets 401)
    "release": ("proctor.release", release_device),
    # "Buka blokir": the NIP's wrong tries forgotten, the room's address cap waived a while
    "unlock": ("candidate.unlock", lambda candidate: throttle.unlock_candidate(candidate.nip)),
}


def act_on_candidate(user: User, candidate: Candidate, action: str, reason: str) -> Candidate:
    """Release the candidate's login or lift its lockout (SEAT_ACTIONS), audited."""
    audit_action, change = SEAT_ACTIONS[action]
    change(candidate)
    audit.record(
        user.username,
        audit_action,
        target=f"candidate:{candidate.id}",
        reason=reason,
        details=_where(candidate),
    )
    return candidate


ROOM_TARGETS = {
    "pause": (S.IN_PROGRESS,),
    "resume": (S.PAUSED,),
    "extend": flow.EXTENDABLE,
}


def act_on_room(user: User, room: Room, session: ExamSession, order: Order) -> int:
    """Apply pause, resume or extend to every attempt of the room where it makes sense.

    All or nothing: one attempt refused (an extension past the cap) refuses the room.
    Return how many attempts changed.
    """
    action = order.action
    if action not in ROOM_TARGETS:
        raise Refused(404, "not_found", "Tindakan tidak dikenal.")
    attempts = db.session.scalars(
        select(Attempt)
        .join(Candidate, Candidate.id == Attempt.candidate_id)
        .where(
            Candidate.room_id == room.id,
            Candidate.session_id == session.id,
            Attempt.status.in_(ROOM_TARGETS[action]),
        )
        .order_by(Attempt.id)
    ).all()
    affected = 0
    for attempt in attempts:
        flow.expire_if_due(attempt)
        if attempt.status not in ROOM_TARGETS[action]:
            continue  # ran out of time meanwhile
        affected += act_on_attempt(user, attempt, order)
    audit.record(
        user.username,
        f"proctor.room_{action}",
        target=f"room:{room.code}",
        reason=order.reason,
        details={"room": room.code, "session": session.code, "affected": affected}
        | ({"minutes": order.extra / timedelta(minutes=1)} if action == "extend" else {}),
    )
    return affected


def record_incident(
    user: User,
    room: Room,
    session: ExamSession,
    category: object,
    text: str,
    candidate_id: int | None,
) -> Incident:
    """Write an incident down for the session record (berita acara).

    Without a category, one about a seat is filed under the candidate, one about the room
    under its surroundings (categories.default_category).
    """
    if category is None or category == "":
        category = default_category(for_seat=candidate_id is not None)
    if not isinstance(category, str) or category not in CATEGORIES:
        raise Refused(
            422,
            "invalid_category",
            "Kategori harus salah satu dari: " + ", ".join(CATEGORIES) + ".",
        )
    text = check_reason(text)
    where = {"room": room.code, "session": session.code}
    if candidate_id is not None:
        candidate = db.session.get(Candidate, candidate_id)
        if candidate is None or candidate.room_id != room.id or candidate.session_id != session.id:
            raise Refused(422, "invalid_candidate", "Peserta tidak ada di ruang dan sesi ini.")
        where = _where(candidate)
    incident = Incident(
        session_id=session.id,
        room_id=room.id,
        candidate_id=candidate_id,
        category=category,
        text=text,
        recorded_by=user.username,
    )
    db.session.add(incident)
    db.session.flush()
    audit.record(
        user.username,
        "proctor.incident",
        target=f"incident:{incident.id}",
        reason=text,
        details=where | {"category": category},
    )
    return incident
