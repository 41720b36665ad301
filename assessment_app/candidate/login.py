"""Candidate login and logout: NIP and PIN, the session token, one device at a time."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from assessment_app import audit
from assessment_app.attempts.lifecycle import RUNNING, ensure_attempts
from assessment_app.attempts.signals import live_state
from assessment_app.database import begin_write
from assessment_app.events.service import current_event
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.hooks import after_commit
from assessment_app.models import Attempt, Candidate, SessionStatus
from assessment_app.security import pin_vault, throttle, tokens_equal


@dataclass(frozen=True)
class LoginResult:
    """The candidate, the device id to keep in the cookie, and the attempts in order."""

    candidate: Candidate
    device_id: str
    attempts: list[Attempt]


def login_candidate(
    nip: str, pin: str, token: str, device_id: str | None, address: str
) -> LoginResult:
    """Check, in the contract's order: rate limit, NIP and PIN, session, token, device.

    The try is counted before the PIN is judged (assessment_app.security.throttle), then the write
    transaction begins; a right PIN and token take the try back.
    """
    nip = "".join(nip.split())
    charges = _admit(nip, address)
    begin_write(db.session)
    candidate = _candidate_by_nip(nip)
    if candidate is None or not pin_vault().verify(nip, pin.strip(), candidate.pin_mac):
        raise Refused(401, "invalid_credentials", "NIP atau PIN salah.")
    session = candidate.session
    if session.status is not SessionStatus.OPEN:
        _refund(charges)  # the right PIN, too early or too late: not a guess
        message = (
            "Sesi ujian Anda sudah ditutup."
            if session.status is SessionStatus.CLOSED
            else "Sesi ujian Anda belum dibuka. Tunggu arahan pengawas."
        )
        raise Refused(403, "session_not_open", message)
    if not tokens_equal(token, session.token):
        raise Refused(401, "invalid_token", "Token sesi salah. Periksa token dari pengawas.")
    _refund(charges)
    throttle.unlock(throttle.CANDIDATE_NIP, nip)
    device_id = _bind_device(candidate, device_id)
    attempts = ensure_attempts(candidate)
    audit.record(
        f"peserta:{nip}",
        "candidate.login",
        target=f"candidate:{candidate.id}",
        details={"device": device_id[:8]},
    )
    _remember_device(candidate, device_id, address)
    return LoginResult(candidate, device_id, attempts)


def _remember_device(candidate: Candidate, device_id: str, address: str) -> None:
    """Tell Redis, once the login commits, which device and address the candidate uses and
    the login version heartbeats are checked against there."""
    live, candidate_id, login_version = live_state(), candidate.id, candidate.login_version

    def tell_redis() -> None:
        live.seen_device(candidate_id, device_id, address)
        live.keep_login(candidate_id, login_version)

    after_commit(db.session, tell_redis)


def logout_candidate(candidate: Candidate | None) -> None:
    """Write the candidate's logout to the audit log (nothing for a session already lost)."""
    if candidate is not None:
        audit.record(
            f"peserta:{candidate.nip}", "candidate.logout", target=f"candidate:{candidate.id}"
        )


def _candidate_by_nip(nip: str) -> Candidate | None:
    event = current_event()
    if event is None:
        return None
    return db.session.scalar(
        select(Candidate).where(Candidate.event_id == event.id, Candidate.nip == nip)
    )


def _bind_device(candidate: Candidate, device_id: str | None) -> str:
    """Keep one device per candidate while an attempt runs; a new device takes over otherwise."""
    if device_id and device_id == candidate.device_id:
        return device_id
    if candidate.device_id is not None and _has_active_attempt(candidate):
        raise Refused(
            409,
            "device_locked",
            ("Akun Anda sedang aktif di perangkat lain. Minta pengawas memindahkan login Anda."),
        )
    device_id = device_id or secrets.token_hex(16)
    if candidate.device_id is not None:
        candidate.login_version += 1  # the previous device's session ends here
    candidate.device_id = device_id
    return device_id


def _has_active_attempt(candidate: Candidate) -> bool:
    return (
        db.session.scalar(
            select(Attempt.id)
            .where(Attempt.candidate_id == candidate.id, Attempt.status.in_(RUNNING))
            .limit(1)
        )
        is not None
    )


def release_device(candidate: Candidate) -> None:
    """Free a login locked to a device: the next device may log in, the old one gets 401.

    The caller audits who did it and why.
    """
    candidate.device_id = None
    candidate.login_version += 1
    live, candidate_id, login_version = live_state(), candidate.id, candidate.login_version
    after_commit(db.session, lambda: live.keep_login(candidate_id, login_version))


def _admit(nip: str, address: str) -> list[throttle.Charge]:
    """Count this try against the NIP and the address, or refuse it (429, or 503 when
    nothing can count). A NIP already locked is refused before the address counts it, so
    one locked seat cannot use up the room's cap; a seat a proctor unlocked is let past it.
    """
    address_rule = throttle.candidate_address_rule()
    if throttle.locked(address_rule, address) and not throttle.has_pass(nip):
        raise Refused(
            429,
            "rate_limited",
            "Terlalu banyak percobaan masuk yang gagal dari jaringan ini. "
            "Minta pengawas membuka blokir kursi Anda.",
        )
    nip_charge = throttle.charge(throttle.candidate_nip_rule(), nip)
    if nip_charge.over:
        raise Refused(
            429,
            "rate_limited",
            "Terlalu banyak percobaan masuk. Tunggu 10 menit atau minta pengawas "
            "membuka blokir kursi Anda.",
        )
    return [nip_charge, throttle.charge(address_rule, address)]


def _refund(charges: list[throttle.Charge]) -> None:
    for charge in charges:
        throttle.refund(charge)
