"""Read what scoring needs from the database in a few bulk queries (no per-row queries)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress

from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import (
    Attempt,
    AttemptStatus,
    Candidate,
    ExamSession,
    PerformanceRating,
    PositionStandard,
    PotentialRating,
    Registration,
    Room,
    ScoringOverride,
    SnapshotTest,
)


@dataclass
class Answers:
    """The answers of finished attempts as parallel tuples (column-wise, for numpy)."""

    attempt_ids: tuple[int, ...]
    item_ids: tuple[str, ...]
    choices: tuple[str, ...]
    saved: tuple[float, ...]  # seconds since the epoch (UTC) of each answer's last save


@dataclass
class EventData:
    """The rows of one event that results are computed from."""

    candidates: list  # Row(id, nip, name, position, position_code, unit, session, room, seat)
    registrations: list  # Row(candidate_id, test_code, position)
    attempts: list  # Row(id, candidate_id, test_code, snapshot_id, status, item_ids,
    #                     item_count, started_at, finished_at)
    answered: dict[int, int]  # attempt id -> answered items
    answers: Answers  # of finished attempts, choice not null
    standards: list  # Row(position_code, competency_code, required_level)
    ratings: list  # Row(nip, year, predikat)
    potentials: list  # Row(nip, year, potential, source)
    overrides: list  # ScoringOverride
    test_sizes: dict[str, int]  # test code -> items drawn (for attempts never created)


def load_event(event_id: int, snapshot_id: int | None) -> EventData:
    """Load every row results need for one event."""
    candidates = db.session.execute(
        select(
            Candidate.id,
            Candidate.nip,
            Candidate.name,
            Candidate.position,
            Candidate.position_code,
            Candidate.unit,
            ExamSession.code.label("session"),
            Room.code.label("room"),
            Candidate.seat,
        )
        .join(ExamSession, ExamSession.id == Candidate.session_id)
        .join(Room, Room.id == Candidate.room_id)
        .where(Candidate.event_id == event_id)
    ).all()
    in_event = select(Candidate.id).where(Candidate.event_id == event_id).scalar_subquery()
    registrations = db.session.execute(
        select(Registration.candidate_id, Registration.test_code, Registration.position).where(
            Registration.candidate_id.in_(in_event)
        )
    ).all()
    attempts = db.session.execute(
        select(
            Attempt.id,
            Attempt.candidate_id,
            Attempt.test_code,
            Attempt.snapshot_id,
            Attempt.status,
            Attempt.item_ids,
            Attempt.item_count,
            Attempt.started_at,
            Attempt.finished_at,
        ).where(Attempt.candidate_id.in_(in_event))
    ).all()
    answers, answered = _answers(attempts)
    sizes = {}
    if snapshot_id is not None:
        sizes = dict(
            db.session.execute(
                select(SnapshotTest.code, SnapshotTest.item_count).where(
                    SnapshotTest.snapshot_id == snapshot_id
                )
            ).all()
        )
    return EventData(
        candidates=candidates,
        registrations=registrations,
        attempts=attempts,
        answered=answered,
        answers=answers,
        standards=db.session.execute(
            select(
                PositionStandard.position_code,
                PositionStandard.competency_code,
                PositionStandard.required_level,
            )
        ).all(),
        ratings=db.session.execute(
            select(PerformanceRating.nip, PerformanceRating.year, PerformanceRating.predikat)
        ).all(),
        potentials=db.session.execute(
            select(
                PotentialRating.nip,
                PotentialRating.year,
                PotentialRating.potential,
                PotentialRating.source,
            )
        ).all(),
        overrides=list(db.session.scalars(select(ScoringOverride).order_by(ScoringOverride.id))),
        test_sizes=sizes,
    )


def _answers(attempts: list) -> tuple[Answers, dict[int, int]]:
    """Return the answers of the finished attempts and every attempt's answered count, from
    one read of the answer table.

    Hundreds of thousands of rows: fetched straight from the driver as plain DBAPI tuples
    and turned into columns in one zip (result-row objects would cost several times more),
    by the answer key's range of the event's attempt ids, so the database needs no join;
    rows of another event's attempts in that range are dropped here. The save time comes
    as epoch seconds computed by the database, so no datetime is parsed per row.
    """
    import numpy as np  # here, not at import: commands that never score start faster

    if not attempts:
        return Answers((), (), (), ()), {}
    ids = np.array(sorted(a.id for a in attempts), dtype=np.int64)
    sql = (
        f"SELECT a.attempt_id, a.item_id, a.choice, {_epoch_sql('a.saved_at')} FROM answer a"
        f" WHERE a.attempt_id BETWEEN {int(ids[0])} AND {int(ids[-1])}"
        " AND a.choice IS NOT NULL"
    )
    cursor = db.session.connection().connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if not rows:
        return Answers((), (), (), ()), {}
    columns = list(zip(*rows, strict=True))
    owners = np.array(columns[0], dtype=np.int64)
    in_event = np.isin(owners, ids)
    counted, counts = np.unique(owners[in_event], return_counts=True)
    finished = [a.id for a in attempts if a.status == AttemptStatus.FINISHED]
    keep = in_event & np.isin(owners, np.array(finished, dtype=np.int64))
    if not keep.all():
        chosen = keep.tolist()
        columns = [tuple(compress(column, chosen)) for column in columns]
    return Answers(*columns), dict(zip(counted.tolist(), counts.tolist(), strict=True))


def _epoch_sql(column: str) -> str:
    """Return SQL for a UTC timestamp column as float seconds since the epoch."""
    if db.session.get_bind().dialect.name == "sqlite":  # stored as naive UTC text
        return f"(julianday({column}) - 2440587.5) * 86400.0"
    return f"CAST(EXTRACT(EPOCH FROM {column}) AS DOUBLE PRECISION)"
