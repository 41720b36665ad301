"""Audit entries in words: the names behind ids read in a few queries, then one sentence each."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select

from assessment_app.audit import text as audit_text
from assessment_app.extensions import db
from assessment_app.formatting import local_time
from assessment_app.models import Attempt, AuditEntry, Candidate, User


def sentences(entries: Sequence[AuditEntry]) -> list[str]:
    """Return each entry as one Indonesian sentence (audit_text), names read in a few queries."""
    names = _names(entries)
    return [audit_text.describe(entry, names) for entry in entries]


def _names(entries: Sequence[AuditEntry]) -> audit_text.Names:
    attempt_ids, candidate_ids, nips, usernames = set(), set(), set(), set()
    for entry in entries:
        details = entry.details or {}
        usernames.add(entry.actor)
        if entry.actor.startswith("peserta:"):
            nips.add(entry.actor[len("peserta:") :])
        raw = audit_text.target_id(entry.target, "candidate") or ""
        (nips if len(raw) == 18 else candidate_ids).add(raw)
        attempt_ids.add(audit_text.target_id(entry.target, "attempt") or "")
        nips.add(str(details.get("nip") or ""))
    attempts = _attempts({int(a) for a in attempt_ids if a.isdigit()})
    candidate_ids = {int(c) for c in candidate_ids if c.isdigit()} | {
        owner for owner, _ in attempts.values()
    }
    people = _candidates(candidate_ids, nips - {""})
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return audit_text.Names(
        by_id={c.id: person for c, person in people},
        by_nip={c.nip: person for c, person in people},
        attempts=attempts,
        staff=_staff(usernames),
        when=lambda value: local_time(value, zone),
    )


def _attempts(ids: set[int]) -> dict[int, tuple[int, str]]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(Attempt.id, Attempt.candidate_id, Attempt.test_code).where(Attempt.id.in_(ids))
    )
    return {row.id: (row.candidate_id, row.test_code) for row in rows}


def _candidates(ids: set[int], nips: set[str]) -> list[tuple[Candidate, audit_text.Person]]:
    if not ids and not nips:
        return []
    found = db.session.scalars(
        select(Candidate).where(or_(Candidate.id.in_(ids), Candidate.nip.in_(nips)))
    ).all()
    return [(c, audit_text.Person(c.name, c.nip, c.seat)) for c in found]


def _staff(usernames: set[str]) -> dict[str, audit_text.Staff]:
    users = db.session.scalars(select(User).where(User.username.in_(usernames))).all()
    return {
        u.username: audit_text.Staff(
            u.role.value, u.full_name or "", tuple(sorted({a.room.code for a in u.assignments}))
        )
        for u in users
    }
