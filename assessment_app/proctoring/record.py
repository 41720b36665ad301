"""The session record (berita acara) of one room in one session."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.formatting import spreadsheet_text
from assessment_app.models import (
    AuditEntry,
    Candidate,
    ExamSession,
    Incident,
    ProctorAssignment,
    Room,
    User,
)
from assessment_app.proctoring.actions import ACTION_LABELS, CATEGORIES
from assessment_app.proctoring.live import LABELS, room_live


def session_record(room: Room, session: ExamSession) -> dict:
    """Return everything the berita acara shows: times, counts, seats, incidents, actions."""
    live = room_live(room, session)
    seats = [
        {
            "seat": s["seat"],
            "nip": s["nip"],
            "name": s["name"],
            "status_label": LABELS[s["status"]],
            "answered": s["attempt"]["answered"] if s["attempt"] else 0,
            "total": s["attempt"]["total"] if s["attempt"] else 0,
            "tests": f"{s['tests_done']}/{s['tests_total']}",
        }
        for s in live["seats"]
    ]
    absent = live["counts"]["belum_hadir"]
    return {
        "room": room,
        "session": session,
        "printed_at": clock.now(),
        "seats": seats,
        "counts": {
            "registered": len(seats),
            "present": len(seats) - absent,
            "finished": live["counts"]["selesai"],
            "absent": absent,
        },
        "incidents": _incidents(room, session),
        "actions": _actions(room, session),
        "proctors": _proctors(room, session),
    }


def _incidents(room: Room, session: ExamSession) -> list[dict]:
    rows = db.session.scalars(
        select(Incident)
        .where(Incident.session_id == session.id, Incident.room_id == room.id)
        .order_by(Incident.recorded_at)
    ).all()
    names = {
        c.id: c.name
        for c in db.session.scalars(
            select(Candidate).where(
                Candidate.id.in_([r.candidate_id for r in rows if r.candidate_id])
            )
        )
    }
    return [
        {
            "at": r.recorded_at,
            "category_label": CATEGORIES.get(r.category, r.category),
            "text": r.text,
            "candidate": names.get(r.candidate_id, ""),
            "by": r.recorded_by,
        }
        for r in rows
    ]


def _actions(room: Room, session: ExamSession) -> list[dict]:
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(list(ACTION_LABELS))).order_by(AuditEntry.at)
    ).all()
    return [
        {
            "at": e.at,
            "by": e.actor,
            "action_label": ACTION_LABELS[e.action],
            "target": (e.details or {}).get("nip", ""),
            "reason": e.reason,
        }
        for e in entries
        if _concerns(e, room, session)
    ]


def _concerns(entry: AuditEntry, room: Room, session: ExamSession) -> bool:
    details = entry.details or {}
    if entry.action == "session.outage":
        return entry.target == f"session:{session.code}"
    return details.get("room") == room.code and details.get("session") == session.code


def _proctors(room: Room, session: ExamSession) -> list[str]:
    users = db.session.scalars(
        select(User)
        .join(ProctorAssignment, ProctorAssignment.user_id == User.id)
        .where(
            ProctorAssignment.room_id == room.id,
            (ProctorAssignment.session_id.is_(None)) | (ProctorAssignment.session_id == session.id),
        )
    ).unique()
    return sorted(u.full_name or u.username for u in users)


def record_csv(record: dict) -> str:
    """Return the session record as CSV (UTF-8, comma-separated)."""
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out, lineterminator="\n"))
    session, room = record["session"], record["room"]
    writer.writerow(["berita_acara", session.code, room.code])
    writer.writerow(["terdaftar", "hadir", "selesai", "tidak_hadir"])
    counts = record["counts"]
    writer.writerow([counts["registered"], counts["present"], counts["finished"], counts["absent"]])
    writer.writerow([])
    writer.writerow(["kursi", "nip", "nama", "status", "terjawab", "jumlah_soal", "tes_selesai"])
    for seat in record["seats"]:
        writer.writerow(
            [
                seat["seat"],
                seat["nip"],
                seat["name"],
                seat["status_label"],
                seat["answered"],
                seat["total"],
                seat["tests"],
            ]
        )
    writer.writerow([])
    writer.writerow(["jenis", "waktu_utc", "oleh", "kategori_atau_tindakan", "peserta", "uraian"])
    for incident in record["incidents"]:
        writer.writerow(
            [
                "kejadian",
                clock.iso_z(incident["at"]),
                incident["by"],
                incident["category_label"],
                incident["candidate"],
                incident["text"],
            ]
        )
    for action in record["actions"]:
        writer.writerow(
            [
                "tindakan",
                clock.iso_z(action["at"]),
                action["by"],
                action["action_label"],
                action["target"],
                action["reason"],
            ]
        )
    return out.getvalue()


class _SafeWriter:
    """A csv writer whose text cells cannot become formulas when opened in Excel."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_text(value) for value in row])
