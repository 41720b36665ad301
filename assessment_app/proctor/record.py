"""The session record (berita acara) of one room in one session: a faithful account.

Seat statuses come from vocabulary.statuses (the room view's words), the actions from the
audit log in the audit sentences (audit/reading.py), answered counts per test from the database.
"""

from __future__ import annotations

import io
from collections import Counter

from flask import current_app
from sqlalchemy import or_, select

from assessment_app import clock
from assessment_app.attempts.answered import answered_counts
from assessment_app.attempts.lifecycle import test_titles
from assessment_app.audit.reading import sentences
from assessment_app.exports.csv_writer import SpreadsheetCsv
from assessment_app.extensions import db
from assessment_app.formatting import natural_key
from assessment_app.models import (
    Attempt,
    AuditEntry,
    Candidate,
    ExamSession,
    Incident,
    ProctorAssignment,
    Registration,
    Room,
    SessionStatus,
    User,
)
from assessment_app.proctor.live import room_live
from assessment_app.vocabulary import statuses
from assessment_app.vocabulary.categories import category_label

# What else concerns a room besides the proctor actions done in it.
SESSION_ACTIONS = ("session.open", "session.close", "session.outage", "session.schedule")
PLACEMENT_ACTIONS = ("candidate.move", "candidate.register_late")
NOT_LOGGED_IN = "Belum login"


def session_record(room: Room, session: ExamSession) -> dict:
    """Return everything the berita acara shows: times, counts, seats, incidents, actions."""
    live = room_live(room, session)
    seats = _seats(live["seats"], _tests(room, session))
    counts = live["counts"]
    return {
        "room": room,
        "session": session,
        "draft": session.status is not SessionStatus.CLOSED,
        "printed_at": clock.now(),
        "seats": seats,
        "clashes": sorted({s["seat"] for s in seats if s["clash"]}, key=natural_key),
        "counts": {
            "registered": len(seats),
            "present": len(seats) - counts["belum_hadir"],
            "finished": counts["selesai"],
            "absent": counts["belum_hadir"],
            "voided": counts["dibatalkan"],
            "stopped": counts["dihentikan"],
        },
        "incidents": _incidents(room, session),
        "actions": _actions(room, session, seats),
        "proctors": _proctors(room, session),
        "agency": _agency(),
        "signers": _signers(),
    }


def _seats(live_seats: list[dict], tests: dict[int, list[dict]]) -> list[dict]:
    """One row per candidate (never per join row); a seat label used twice is marked."""
    used = Counter(natural_key(s["seat"]) for s in live_seats if s["seat"])
    return [
        {
            "candidate_id": s["candidate_id"],
            "seat": s["seat"],
            "nip": s["nip"],
            "name": s["name"],
            "status": s["status"],
            "status_label": statuses.LABELS[s["status"]],
            "tests": tests.get(s["candidate_id"], []),
            "tests_done": f"{s['tests_done']}/{s['tests_total']}",
            "clash": bool(s["seat"]) and used[natural_key(s["seat"])] > 1,
        }
        for s in live_seats
    ]


def _tests(room: Room, session: ExamSession) -> dict[int, list[dict]]:
    """Each candidate's tests in roster order: state, answered and total from the database."""
    rows = db.session.execute(
        select(
            Registration.candidate_id,
            Registration.test_code,
            Attempt.id,
            Attempt.status,
            Attempt.deadline_at,
            Attempt.finish_reason,
            Attempt.item_count,
        )
        .join(Candidate, Candidate.id == Registration.candidate_id)
        .outerjoin(Attempt, Attempt.registration_id == Registration.id)
        .where(Candidate.room_id == room.id, Candidate.session_id == session.id)
        .order_by(Registration.candidate_id, Registration.position)
    ).all()
    answered = answered_counts(row.id for row in rows if row.id is not None)
    titles = test_titles(session.snapshot_id) if session.snapshot_id else {}
    now = clock.now()
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        state = statuses.test_state(row, now) if row.id is not None else None
        grouped.setdefault(row.candidate_id, []).append(
            {
                "code": row.test_code,
                "title": titles.get(row.test_code, row.test_code),
                "state": state or "",
                "label": statuses.TEST_LABELS[state] if state else NOT_LOGGED_IN,
                "answered": answered.get(row.id, 0),
                "total": row.item_count or 0,
                "started": state not in (None, "ready"),
            }
        )
    return grouped


def _incidents(room: Room, session: ExamSession) -> list[dict]:
    rows = db.session.scalars(
        select(Incident)
        .where(Incident.session_id == session.id, Incident.room_id == room.id)
        .order_by(Incident.recorded_at, Incident.id)
    ).all()
    ids = [r.candidate_id for r in rows if r.candidate_id]
    people = {
        c.id: f"{c.name} (kursi {c.seat or '–'})"
        for c in db.session.scalars(select(Candidate).where(Candidate.id.in_(ids)))
    }
    return [
        {
            "at": r.recorded_at,
            "category_label": category_label(r.category),
            "text": r.text,
            "candidate": people.get(r.candidate_id, ""),
            "by": r.recorded_by,
        }
        for r in rows
    ]


def _actions(room: Room, session: ExamSession, seats: list[dict]) -> list[dict]:
    """Every audited action on this room in this session, oldest first, in words."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            or_(
                AuditEntry.action.like("proctor.%"),
                AuditEntry.action.in_(PLACEMENT_ACTIONS),
                AuditEntry.action.in_(SESSION_ACTIONS)
                & (AuditEntry.target == f"session:{session.code}"),
            )
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    mine = [e for e in entries if _concerns(e, room, session)]
    cut_off = _cut_off(room, session, seats)
    return [
        {
            "at": e.at,
            "by": e.actor,
            "code": e.action,
            "sentence": sentence + (cut_off if _forced_close(e) and cut_off else ""),
            "forced_close": _forced_close(e),
        }
        for e, sentence in zip(mine, sentences(mine), strict=True)
    ]


def _concerns(entry: AuditEntry, room: Room, session: ExamSession) -> bool:
    details = entry.details or {}
    if entry.action in SESSION_ACTIONS:
        return True  # already narrowed to this session's target
    if entry.action == "candidate.move":
        places = [details.get("before") or {}, details.get("after") or {}]
        return any(_here(place, room, session) for place in places)
    return _here(details, room, session)


def _here(place: dict, room: Room, session: ExamSession) -> bool:
    return place.get("room") == room.code and place.get("session") == session.code


def _forced_close(entry: AuditEntry) -> bool:
    return entry.action == "session.close" and bool((entry.details or {}).get("forced"))


def _cut_off(room: Room, session: ExamSession, seats: list[dict]) -> str:
    """Name this room's candidates whose tests the forced close ended."""
    names = [
        f"{s['name']} (kursi {s['seat'] or '–'})"
        for s in seats
        if any(t["state"] == "dihentikan" for t in s["tests"]) or s["status"] == "dihentikan"
    ]
    return f" Di ruang ini dihentikan: {', '.join(names)}." if names else ""


def _proctors(room: Room, session: ExamSession) -> list[str]:
    users = db.session.scalars(
        select(User)
        .join(ProctorAssignment, ProctorAssignment.user_id == User.id)
        .where(ProctorAssignment.room_id == room.id)
    ).unique()
    return sorted({u.full_name or u.username for u in users})


def _agency() -> dict:
    config = current_app.config
    return {
        "parent": config["AGENCY_PARENT"],
        "name": config["AGENCY_NAME"],
        "address": config["AGENCY_ADDRESS"],
    }


def _signers() -> tuple:
    """Who signs besides the proctors: RECORD_SIGNERS, else REPORT_SIGNERS."""
    return current_app.config["RECORD_SIGNERS"] or current_app.config["REPORT_SIGNERS"]


def record_csv(record: dict) -> str:
    """Return the session record as CSV (UTF-8, comma-separated), one row per seat and test."""
    out = io.StringIO()
    writer = SpreadsheetCsv(out)
    session, room, counts = record["session"], record["room"], record["counts"]
    writer.writerow(["berita_acara", session.code, room.code, "draf" if record["draft"] else ""])
    writer.writerow(["terdaftar", "hadir", "selesai", "tidak_hadir", "dibatalkan", "dihentikan"])
    writer.writerow([counts[key] for key in COUNT_KEYS])
    writer.writerow([])
    writer.writerow(
        ["kursi", "nip", "nama", "status", "tes", "status_tes", "terjawab", "jumlah_soal"]
    )
    for seat in record["seats"]:
        head = [seat["seat"], seat["nip"], seat["name"], seat["status_label"]]
        for test in seat["tests"] or [None]:
            tail = [test["code"], test["label"], test["answered"], test["total"]] if test else []
            writer.writerow(head + tail)
    writer.writerow([])
    writer.writerow(["jenis", "waktu_utc", "oleh", "kategori_atau_kode", "peserta", "uraian"])
    events = [
        ("kejadian", i["at"], i["by"], i["category_label"], i["candidate"], i["text"])
        for i in record["incidents"]
    ] + [("tindakan", a["at"], a["by"], a["code"], "", a["sentence"]) for a in record["actions"]]
    for kind, at, by, code, who, text in events:
        writer.writerow([kind, clock.iso_z(at), by, code, who, text])
    return out.getvalue()


COUNT_KEYS = ("registered", "present", "finished", "absent", "voided", "stopped")
