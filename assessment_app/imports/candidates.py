"""Single-candidate edits from the admin pages: move a seat, register late, reprint a card.

The same rules as the roster import: the NIP is checked with `parse_nip`, PINs are kept in
the PIN vault, a candidate who has started cannot be moved, a closed session takes no one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from assessment_app import audit, clock
from assessment_app.events.service import current_event, ensure_event
from assessment_app.exceptions import Refused, conflict, invalid, not_found
from assessment_app.extensions import db
from assessment_app.imports.cards import render_cards_of
from assessment_app.imports.roster import new_candidate
from assessment_app.models import (
    Attempt,
    AttemptStatus,
    Candidate,
    ExamSession,
    Room,
    SessionStatus,
    SnapshotTest,
)
from assessment_app.security import generate_pin, pin_vault
from assessment_app.snapshots.service import current_snapshot
from assessment_app.tabular import NipError, parse_nip
from assessment_app.tabular.roster import MAX_SEAT, MAX_TEXT, PIN_PATTERN


def field_refused(field: str, message: str, code: str) -> Refused:
    """Return the refusal (422) that belongs to one field of the form, named `field`."""
    return invalid(message, field=field, code=code)


@dataclass(frozen=True)
class Placement:
    """Where a candidate sits: session code, room code, seat label."""

    session: str
    room: str
    seat: str = ""


@dataclass(frozen=True)
class NewCandidate:
    """What a late registration gives (the roster's columns)."""

    nip: str
    name: str
    position: str
    placement: Placement
    tests: tuple[str, ...]
    position_code: str = ""
    unit: str = ""
    pin: str = ""


def get_candidate(nip: str) -> Candidate:
    """Return the current event's candidate with this NIP or refuse (404 `not_found`)."""
    event = current_event()
    found = None
    if event is not None:
        found = db.session.scalar(
            select(Candidate).where(Candidate.event_id == event.id, Candidate.nip == nip.strip())
        )
    if found is None:
        raise not_found(f"Peserta dengan NIP {nip} tidak ditemukan.")
    return found


def move_candidate(nip: str, placement: Placement, *, actor: str) -> Candidate:
    """Change a candidate's session, room or seat, only while their session has not opened.

    Refuses (409 `session_opened`) once the session opened, and a closed target session
    or a seat already taken on its field (422).
    """
    candidate = get_candidate(nip)
    if candidate.session.status is not SessionStatus.PLANNED or _has_started(candidate):
        raise conflict(
            f"Tempat peserta {candidate.nip} tidak dapat diubah: sesi sudah dibuka "
            f"(sesi {candidate.session.code}).",
            code="session_opened",
        )
    session, room, seat = _resolve(placement, exclude=candidate.id)
    before = _placement_of(candidate)
    candidate.session_id, candidate.room_id, candidate.seat = session.id, room.id, seat
    candidate.updated_at = clock.now()
    db.session.flush()
    db.session.expire(candidate, ["session", "room"])
    audit.record(
        actor,
        "candidate.move",
        target=f"candidate:{candidate.nip}",
        details={"before": before, "after": _placement_of(candidate)},
    )
    return candidate


def register_late(data: NewCandidate, *, actor: str) -> tuple[Candidate, str]:
    """Add one candidate (also into an open session) and return it with its PIN.

    Refuses (422) on the form field at fault.
    """
    nip = _checked_nip(data.nip)
    texts = _checked_texts(data)
    session, room, seat = _resolve(data.placement)
    tests = _checked_tests(data.tests, session)
    pin = _checked_pin(data.pin) or generate_pin()
    place = {"session_id": session.id, "room_id": room.id, "seat": seat}
    candidate = new_candidate(ensure_event().id, nip, pin, tests, pin_vault(), **place, **texts)
    db.session.flush()
    audit.record(
        actor,
        "candidate.register_late",
        target=f"candidate:{nip}",
        details={"name": texts["name"], "tests": list(tests), **_placement_of(candidate)},
    )
    return candidate, pin


def available_tests(session: ExamSession | None = None) -> list[SnapshotTest]:
    """Return the tests a candidate can be registered for, in the snapshot's order.

    An open session draws from the snapshot it opened with; otherwise the current one.
    """
    snapshot_id = session.snapshot_id if session is not None and session.is_open else None
    if snapshot_id is None:
        snapshot = current_snapshot()
        snapshot_id = snapshot.id if snapshot is not None else None
    if snapshot_id is None:
        return []
    return list(
        db.session.scalars(
            select(SnapshotTest)
            .where(SnapshotTest.snapshot_id == snapshot_id)
            .order_by(SnapshotTest.id)
        )
    )


def render_card(nip: str) -> str:
    """Render one candidate's printable login card (the PIN included; the view audits it)."""
    return render_cards_of([get_candidate(nip)])


def _has_started(candidate: Candidate) -> bool:
    return (
        db.session.scalar(
            select(Attempt.id)
            .where(Attempt.candidate_id == candidate.id, Attempt.status != AttemptStatus.READY)
            .limit(1)
        )
        is not None
    )


def _placement_of(candidate: Candidate) -> dict[str, str]:
    return {"session": candidate.session.code, "room": candidate.room.code, "seat": candidate.seat}


def _resolve(placement: Placement, exclude: int | None = None) -> tuple[ExamSession, Room, str]:
    """Find the session and room, refuse a closed session or a taken seat."""
    event = current_event()
    if event is None:
        raise conflict("Belum ada acara: impor daftar peserta terlebih dahulu.", code="no_event")
    sessions = {s.code: s for s in event.sessions}
    rooms = {r.code: r for r in event.rooms}
    session = sessions.get(placement.session.strip().upper())
    if session is None:
        raise field_refused(
            "session", f"Sesi {placement.session!r} tidak dikenal.", "unknown_session"
        )
    if session.status is SessionStatus.CLOSED:
        raise field_refused("session", f"Sesi {session.code} sudah ditutup.", "session_closed")
    room = rooms.get(placement.room.strip().upper())
    if room is None:
        raise field_refused("room", f"Ruang {placement.room!r} tidak dikenal.", "unknown_room")
    seat = _text("seat", placement.seat, limit=MAX_SEAT)
    if seat:
        query = select(Candidate.nip).where(
            Candidate.session_id == session.id,
            Candidate.room_id == room.id,
            db.func.upper(Candidate.seat) == seat.upper(),
        )
        if exclude is not None:
            query = query.where(Candidate.id != exclude)
        holder = db.session.scalar(query.limit(1))
        if holder is not None:
            raise field_refused(
                "seat",
                f"Kursi {seat} di sesi {session.code} ruang {room.code} sudah dipakai "
                f"peserta {holder}.",
                "seat_taken",
            )
    return session, room, seat


def _checked_nip(text: str) -> str:
    try:
        nip = parse_nip(text, clock.now().date()).nip
    except NipError as exc:
        raise field_refused("nip", exc.message, "invalid_nip") from None
    event = current_event()
    if event is not None and db.session.scalar(
        select(Candidate.id).where(Candidate.event_id == event.id, Candidate.nip == nip)
    ):
        raise field_refused("nip", f"NIP {nip} sudah terdaftar sebagai peserta.", "nip_taken")
    return nip


def _checked_texts(data: NewCandidate) -> dict[str, str]:
    """The candidate's text fields, in the form's order (the first fault is the one shown)."""
    name = _text("name", data.name, required=True)
    position = _text("position", data.position, required=True)
    position_code = _text("position_code", data.position_code) or position
    unit = _text("unit", data.unit)
    return {"name": name, "position": position, "position_code": position_code, "unit": unit}


def _text(field: str, value: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise field_refused(field, "Wajib diisi.", "required")
    if len(value) > limit:
        raise field_refused(
            field, f"Terlalu panjang ({len(value)} karakter, maksimal {limit}).", "too_long"
        )
    return value


def _checked_tests(codes: tuple[str, ...], session: ExamSession) -> tuple[str, ...]:
    known = [t.code for t in available_tests(session)]
    chosen = [code for code in known if code in set(codes)]  # the snapshot's order
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise field_refused(
            "tests", f"Kode tes tidak dikenal: {', '.join(unknown)}.", "unknown_test"
        )
    if not chosen:
        raise field_refused("tests", "Pilih minimal satu tes.", "no_test")
    return tuple(chosen)


def _checked_pin(pin: str) -> str:
    pin = (pin or "").strip()
    if pin and not PIN_PATTERN.fullmatch(pin):
        raise field_refused(
            "pin", "PIN harus 6-12 digit angka (kosongkan untuk dibuat otomatis).", "invalid_pin"
        )
    return pin
