"""Proctor actions: each needs a reason and is written to the audit log with the change."""

from __future__ import annotations

from collections.abc import Callable
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
ACTION_LABELS = {
    "proctor.pause": "Jeda",
    "proctor.resume": "Lanjutkan",
    "proctor.extend": "Tambah waktu",
    "proctor.finish": "Selesaikan",
    "proctor.void": "Batalkan ujian",
    "proctor.release": "Pindahkan login",
    "candidate.unlock": "Buka blokir",
    "proctor.incident": "Catat kejadian",
    "session.outage": "Catat gangguan sesi",
}


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


TRANSITIONS: dict[str, Callable[..., Attempt]] = {
    "pause": flow.pause_attempt,
    "resume": flow.resume_attempt,
    "finish": lambda attempt: flow.finish_attempt(attempt, reason=FinishReason.PROCTOR),
}


def act_on_attempt(
    user: User,
    attempt: Attempt,
    action: str,
    reason: str,
    extra: timedelta | None = None,
    over_cap: bool = False,
) -> Attempt:
    """Apply one action (pause, resume, extend, finish, void) to one attempt, audited.

    An extension past EXTRA_TIME_CAP_MINUTES is refused unless an admin confirms `over_cap`.
    """
    candidate = db.session.get(Candidate, attempt.candidate_id)
    details = _where(candidate) | {"test": attempt.test_code}
    if action == "extend":
        flow.lock(attempt)  # two proctors extending at once cannot both pass the cap
        if check_extension_cap(user, attempt, candidate.name, extra, over_cap):
            details["over_cap"] = True
            details["cap_minutes"] = current_app.config["EXTRA_TIME_CAP_MINUTES"]
        flow.extend_attempt(attempt, extra)
        details["minutes"] = extra / timedelta(minutes=1)
    elif action == "void":
        flow.void_attempt(attempt, reason)
    else:
        TRANSITIONS[action](attempt)
    audit.record(
        user.username,
        f"proctor.{action}",
        target=f"attempt:{attempt.id}",
        reason=reason,
        details=details,
    )
    return attempt


def release(user: User, candidate: Candidate, reason: str) -> Candidate:
    """Free the candidate's login for another device, audited."""
    release_device(candidate)
    audit.record(
        user.username,
        "proctor.release",
        target=f"candidate:{candidate.id}",
        reason=reason,
        details=_where(candidate),
    )
    return candidate


def unlock(user: User, candidate: Candidate, reason: str) -> Candidate:
    """Lift the candidate's login lockout ("Buka blokir"), audited: the NIP's wrong tries
    are forgotten and the seat may log in past its room's address cap for a while."""
    throttle.unlock_candidate(candidate.nip)
    audit.record(
        user.username,
        "candidate.unlock",
        target=f"candidate:{candidate.id}",
        reason=reason,
        details=_where(candidate),
    )
    return candidate


ROOM_TARGETS = {
    "pause": (S.IN_PROGRESS,),
    "resume": (S.PAUSED,),
    "extend": (S.READY, S.IN_PROGRESS, S.PAUSED),
}


def act_on_room(
    user: User,
    room: Room,
    session: ExamSession,
    action: str,
    reason: str,
    extra: timedelta | None = None,
    over_cap: bool = False,
) -> int:
    """Apply pause, resume or extend to every attempt of the room where it makes sense.

    All or nothing: one attempt refused (an extension past the cap) refuses the room.
    """
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
        act_on_attempt(user, attempt, action, reason, extra, over_cap)
        affected += 1
    audit.record(
        user.username,
        f"proctor.room_{action}",
        target=f"room:{room.code}",
        reason=reason,
        details={"room": room.code, "session": session.code, "affected": affected}
        | ({"minutes": extra / timedelta(minutes=1)} if action == "extend" else {}),
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
