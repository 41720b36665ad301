"""Saving answers: idempotent by seq, checked against the server's deadline in SQL.

The save is the hot path of exam day. It reads no layout from the database (cached per
process) and, in the common case, sends one statement: an upsert whose WHERE clause checks
the candidate's login version, the attempt's state and its deadline, and whose RETURNING
clause reads the deadline for the time left. A save racing the deadline, a pause or a login
on another PC is therefore either acknowledged and stored, or refused; only when nothing is
stored does a second look (`_not_stored`) find out why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Boolean, Integer, String, and_, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from assessment_app import clock
from assessment_app.attempts import timing
from assessment_app.attempts.lifecycle import expire_if_due, remaining
from assessment_app.attempts.signals import live_state
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.hooks import after_commit
from assessment_app.models import Answer, Attempt, AttemptStatus, Candidate, FinishReason
from assessment_app.models.types import UTCDateTime
from assessment_app.snapshots.catalog import Layout, layout_of

S = AttemptStatus
_answer = Answer.__table__
_attempt = Attempt.__table__
_candidate = Candidate.__table__


@dataclass(frozen=True)
class CandidateRef:
    """Who is asking, as the session cookie says (checked against the database in SQL)."""

    candidate_id: int
    login_version: int


@dataclass(frozen=True)
class Saved:
    """What the API acknowledges: the stored choice and seq, and the time left."""

    item_id: str
    choice: str | None
    seq: int
    remaining_seconds: int

    def body(self) -> dict:
        """Return the JSON body of the acknowledgement (dataclasses.asdict deep-copies each
        field, which costs more on this hot path than the dictionary itself)."""
        return {
            "item_id": self.item_id,
            "choice": self.choice,
            "seq": self.seq,
            "remaining_seconds": self.remaining_seconds,
        }


def owned_layout(who: CandidateRef, attempt_id: int) -> Layout:
    """Return the attempt's layout; refuse an unknown attempt (404) or another's (403)."""
    layout = layout_of(attempt_id)
    if layout is None:
        raise Refused(404, "not_found", "Ujian tidak ditemukan.")
    check_owner(who, layout)
    return layout


def check_owner(who: CandidateRef, layout: Layout) -> None:
    """Refuse (403) an attempt that is not the asking candidate's."""
    if layout.candidate_id != who.candidate_id:
        raise Refused(403, "forbidden", "Ujian ini bukan milik Anda.")


def login_moved() -> Refused:
    """The refusal of a cookie whose login version is no longer the candidate's (401)."""
    return Refused(401, "unauthorized", "Login Anda dipindahkan ke perangkat lain.")


def check_choice(who: CandidateRef, attempt_id: int, item_id: str, choice: str | None) -> None:
    """Refuse an unknown attempt (404), another's (403), an item or option not in it."""
    keys = owned_layout(who, attempt_id).options.get(item_id)
    if keys is None:
        raise Refused(404, "item_not_in_attempt", "Soal ini tidak ada dalam ujian Anda.")
    if choice is not None and choice not in keys:
        raise Refused(422, "invalid_choice", "Pilihan jawaban tidak dikenal untuk soal ini.")


def save_answer(
    who: CandidateRef,
    attempt_id: int,
    item_id: str,
    choice: str | None,
    seq: int,
    flagged: bool | None,
) -> Saved:
    """Store the answer if seq is newer and the attempt is running; say what is stored."""
    check_choice(who, attempt_id, item_id, choice)
    now = clock.now()
    # Core statements on the session's connection: the ORM's execution layer is not needed
    # here and costs more than the statements themselves.
    connection = db.session.connection()
    statement = _upsert(connection.dialect.name, flagged is not None)
    row = connection.execute(
        statement,
        {
            "attempt_id": attempt_id,
            "login_version": who.login_version,
            "item_id": item_id,
            "choice": choice,
            "flagged": bool(flagged),
            "seq": seq,
            "now": now,
        },
    ).first()
    if row is None:
        return _not_stored(who, attempt_id, item_id, seq, now)
    after_commit(db.session, _live_update(attempt_id, item_id, row.choice, now))
    left = timing.remaining_seconds(
        now=now, deadline_at=row.deadline_at, paused_at=None, budget_ms=0
    )
    return Saved(item_id, row.choice, row.seq, left)


_LOGIN_VERSION = (
    select(_candidate.c.login_version)
    .join(_attempt, _attempt.c.candidate_id == _candidate.c.id)
    .where(_attempt.c.id == bindparam("attempt_id"))
)


@lru_cache(maxsize=4)
def _upsert(dialect: str, sets_flag: bool):
    """Build (once) INSERT ... SELECT ... ON CONFLICT DO UPDATE WHERE stored.seq < new seq.

    The SELECT yields a row only while the login is the candidate's current one, the attempt
    runs and its deadline is ahead, so all three are checked by the very statement that
    writes. RETURNING adds the attempt's deadline (a primary-key lookup in the same
    statement), so the time left needs no other query.
    """
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = bindparam("now", type_=UTCDateTime)
    attempt_id = bindparam("attempt_id", type_=Integer)
    source = (
        select(
            attempt_id,
            bindparam("item_id", type_=String),
            bindparam("choice", type_=String),
            bindparam("flagged", type_=Boolean),
            bindparam("seq", type_=Integer),
            now,
        )
        .select_from(_attempt.join(_candidate, _candidate.c.id == _attempt.c.candidate_id))
        .where(
            and_(
                _attempt.c.id == attempt_id,
                _attempt.c.status == S.IN_PROGRESS.value,
                _attempt.c.deadline_at > now,
                _candidate.c.login_version == bindparam("login_version", type_=Integer),
            )
        )
    )
    statement = insert(_answer).from_select(
        ["attempt_id", "item_id", "choice", "flagged", "seq", "saved_at"], source
    )
    changes = {
        "choice": statement.excluded.choice,
        "seq": statement.excluded.seq,
        "saved_at": statement.excluded.saved_at,
    }
    if sets_flag:
        changes["flagged"] = statement.excluded.flagged
    deadline = (
        select(_attempt.c.deadline_at)
        .where(_attempt.c.id == attempt_id)
        .scalar_subquery()
        .label("deadline_at")
    )
    return statement.on_conflict_do_update(
        index_elements=["attempt_id", "item_id"],
        set_=changes,
        where=_answer.c.seq < statement.excluded.seq,
    ).returning(_answer.c.choice, _answer.c.seq, deadline)


def _not_stored(who: CandidateRef, attempt_id: int, item_id: str, seq: int, now: datetime) -> Saved:
    """Say why the upsert stored nothing: a moved login (401), a stale or repeated seq
    (acknowledged with what is stored), or an attempt not running (409 with a code).
    """
    connection = db.session.connection()
    login_version = connection.execute(_LOGIN_VERSION, {"attempt_id": attempt_id}).scalar_one()
    if login_version != who.login_version:
        raise login_moved()
    stored = db.session.execute(
        select(_answer.c.choice, _answer.c.seq).where(
            _answer.c.attempt_id == attempt_id, _answer.c.item_id == item_id
        )
    ).first()
    attempt = db.session.get(Attempt, attempt_id)
    expire_if_due(attempt, now)
    if stored is not None and seq <= stored.seq:
        return Saved(item_id, stored.choice, stored.seq, remaining(attempt, now))
    if attempt.status is S.PAUSED:
        raise Refused(409, "attempt_paused", "Ujian sedang dijeda oleh pengawas. Tunggu sebentar.")
    if attempt.status is S.FINISHED and attempt.finish_reason == FinishReason.DEADLINE:
        raise Refused(409, "deadline_passed", "Waktu ujian sudah habis.")
    raise Refused(409, "not_in_progress", "Ujian ini tidak sedang berlangsung.")


def _live_update(attempt_id: int, item_id: str, choice: str | None, now: datetime):
    live = live_state()
    now_ms = int(now.timestamp() * 1000)
    return lambda: live.answer_saved(attempt_id, item_id, choice is not None, now_ms)
