"""Where a roster puts people: the session and room codes it creates, seats already taken."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import Candidate, Event, ExamSession, Room
from assessment_app.tabular import RosterParse, RowError, seat_key
from assessment_app.tabular.codes import Lookalike, lookalikes

NOUNS = {"session": "sesi", "room": "ruang"}
ROWS_SHOWN = 5


@dataclass(frozen=True)
class NewCode:
    """A session or room code that the import creates, with the rows that name it."""

    kind: str  # "session" or "room", the roster column
    code: str
    rows: tuple[int, ...]
    lookalike: str = ""  # the typo warning, when the code looks like another one

    @property
    def noun(self) -> str:
        return NOUNS[self.kind]

    @property
    def rows_text(self) -> str:
        """Return "baris 2, 3, 4, 5, 6 dan 7 lainnya" (the first few row numbers)."""
        shown = ", ".join(str(number) for number in self.rows[:ROWS_SHOWN])
        rest = len(self.rows) - ROWS_SHOWN
        return f"baris {shown}" + (f" dan {rest} lainnya" if rest > 0 else "")


def new_codes(parsed: RosterParse, event: Event) -> tuple[list[NewCode], list[RowError]]:
    """Return the session and room codes the rows would create, and a warning per lookalike.

    A warning sits on the first row naming the new code, in the session or room column.
    """
    existing = {
        "session": {session.code for session in event.sessions},
        "room": {room.code for room in event.rooms},
    }
    created: list[NewCode] = []
    warnings: list[RowError] = []
    for kind, known in existing.items():
        rows: dict[str, list[int]] = {}
        for row in parsed.rows:
            code = getattr(row, kind)
            if code not in known:
                rows.setdefault(code, []).append(row.row)
        notes = {match.code: _lookalike_message(kind, match) for match in lookalikes(rows, known)}
        for code, numbers in rows.items():
            created.append(NewCode(kind, code, tuple(numbers), notes.get(code, "")))
            if code in notes:
                warnings.append(RowError(numbers[0], parsed.label(kind), notes[code]))
    return created, warnings


def _lookalike_message(kind: str, match: Lookalike) -> str:
    noun = NOUNS[kind]
    where = "yang juga baru di berkas ini" if match.other_is_new else "yang sudah ada"
    return (
        f"{noun} {match.code} belum ada dan akan dibuat, padahal mirip {noun} {match.other} "
        f"{where} ({match.reason}); periksa apakah salah ketik"
    )


def seat_clashes(parsed: RosterParse, event: Event) -> list[RowError]:
    """Return an error for each row whose seat an existing candidate keeps, naming its NIP.

    A candidate in the file leaves its old seat (the file says where it sits now), so only
    candidates the file does not name keep theirs; clashes inside the file are the parser's.
    """
    in_file = {row.nip for row in parsed.rows}
    taken = {
        seat_key(session, room, seat): (nip, name)
        for nip, name, session, room, seat in db.session.execute(
            select(Candidate.nip, Candidate.name, ExamSession.code, Room.code, Candidate.seat)
            .join(ExamSession, ExamSession.id == Candidate.session_id)
            .join(Room, Room.id == Candidate.room_id)
            .where(Candidate.event_id == event.id, Candidate.seat != "")
        )
        if nip not in in_file
    }
    errors = []
    for row in parsed.rows:
        holder = taken.get(seat_key(row.session, row.room, row.seat)) if row.seat else None
        if holder is not None:
            nip, name = holder
            message = (
                f"kursi {row.seat} di sesi {row.session} ruang {row.room} sudah dipakai "
                f"peserta NIP {nip} ({name})"
            )
            errors.append(RowError(row.row, parsed.label("seat"), message))
    return errors
