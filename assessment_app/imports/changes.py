"""What a roster row changes for one candidate, and its audit entry (never the PIN).

A roster import writes one summary entry and, per candidate it creates or changes, one
`roster.candidate` entry naming the fields that changed (old and new values) and whether
the PIN was replaced, so a changed PIN or seat leaves a per-candidate trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment_app import audit
from assessment_app.models import Candidate
from assessment_app.security import PinVault
from assessment_app.tabular import RosterRow

# The candidate fields a roster sets, in the order the audit sentence names them.
FIELDS = ("name", "position", "position_code", "unit", "session", "room", "seat", "tests")


@dataclass(frozen=True)
class RowChange:
    """The fields a row changes (name → [old, new], texts) and what happens to the PIN:
    "" (kept), "diganti" (a new PIN from the file), "dibuat" (a new candidate's PIN)."""

    created: bool
    fields: dict[str, list[str]] = field(default_factory=dict)
    pin: str = ""

    def __bool__(self) -> bool:
        return self.created or bool(self.fields) or bool(self.pin)

    @property
    def moves(self) -> bool:
        """Say whether the candidate's tests or session change (their attempts then go)."""
        return "tests" in self.fields or "session" in self.fields


def current_values(candidate: Candidate) -> dict[str, str]:
    """Return the candidate's roster fields as texts (tests joined with `;`)."""
    return {
        "name": candidate.name,
        "position": candidate.position,
        "position_code": candidate.position_code,
        "unit": candidate.unit,
        "session": candidate.session.code,
        "room": candidate.room.code,
        "seat": candidate.seat,
        "tests": ";".join(r.test_code for r in candidate.registrations),
    }


def row_values(row: RosterRow) -> dict[str, str]:
    """Return a roster row's fields as texts, in the shape of `current_values`."""
    return {
        "name": row.name,
        "position": row.position,
        "position_code": row.position_code,
        "unit": row.unit or "",
        "session": row.session,
        "room": row.room,
        "seat": row.seat or "",
        "tests": ";".join(row.tests),
    }


def row_change(candidate: Candidate | None, row: RosterRow, vault: PinVault) -> RowChange:
    """Compare `row` with the stored `candidate` (None: the row creates one)."""
    wanted = row_values(row)
    if candidate is None:
        fields = {name: ["", value] for name, value in wanted.items() if value}
        return RowChange(True, fields, "dibuat")
    current = current_values(candidate)
    fields = {
        name: [current[name], wanted[name]] for name in FIELDS if current[name] != wanted[name]
    }
    replaced = row.pin is not None and not vault.verify(row.nip, row.pin, candidate.pin_mac)
    return RowChange(False, fields, "diganti" if replaced else "")


def record_change(actor: str, row: RosterRow, change: RowChange) -> None:
    """Add the `roster.candidate` audit entry of one created or changed candidate."""
    details: dict = {"nip": row.nip, "row": row.row, "fields": change.fields}
    if change.created:
        details["created"] = True
    if change.pin:
        details["pin"] = change.pin
    audit.record(actor, "roster.candidate", target=f"candidate:{row.nip}", details=details)
