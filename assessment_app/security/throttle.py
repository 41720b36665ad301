"""One rate limiter for every login: counts in Redis, in the database while Redis cannot.

A try is charged before it is judged, so concurrent tries cannot slip past a limit, and
taken back when it turns out right. A charge is durable the moment it is made: in Redis, or
(Redis unreachable) in `LoginThrottle` rows written in a transaction of their own, so the
rollback of a refused login does not undo it. When neither can count, the try is refused
with 503 `limiter_unavailable`: a PIN is never judged uncounted. Counts made in the
database during a Redis outage keep counting after Redis is back (both are added).

Callers must charge before their own session takes SQLite's write lock (the durable write
waits for that lock otherwise). Refunds, resets and unlocks go through the caller's session
and commit with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, case, delete, orm, select, update
from sqlalchemy.exc import SQLAlchemyError

from assessment_app import clock
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import LoginThrottle
from assessment_app.store import StoreError

log = logging.getLogger(__name__)

NIP_LIMIT = 10  # wrong PINs judged per NIP per window (CONTRACT §4)
CANDIDATE_WINDOW_SECONDS = 600
STAFF_ADDRESS_FACTOR = 5  # an office shares an address too
SUBJECT_LENGTH = 128  # LoginThrottle.subject; a longer subject is counted by its start

CANDIDATE_NIP = "cand-nip"
CANDIDATE_ADDRESS = "cand-addr"
CANDIDATE_PASS = "cand-pass"  # a seat a proctor unlocked: past the address cap
STAFF_USER = "staff-user"
STAFF_ADDRESS = "staff-addr"


UNAVAILABLE = "limiter_unavailable"


def unavailable() -> Refused:
    """Return the refusal when neither Redis nor the database can count a try (503)."""
    return Refused(
        503,
        UNAVAILABLE,
        "Layanan masuk sedang gangguan dan tidak dapat menghitung percobaan. "
        "Coba lagi dalam satu menit; bila berlanjut, hubungi pengawas.",
    )


@dataclass(frozen=True)
class Rule:
    """A limit: at most `limit` tries of one subject per `window_seconds`."""

    scope: str
    limit: int
    window_seconds: int


@dataclass(frozen=True)
class Charge:
    """One try counted before it is judged: the window's count with it, and where it lies."""

    rule: Rule
    subject: str
    count: int
    in_redis: bool

    @property
    def over(self) -> bool:
        """Return True when this try is beyond the limit (refuse it unjudged)."""
        return self.count > self.rule.limit


def candidate_nip_rule() -> Rule:
    return Rule(CANDIDATE_NIP, NIP_LIMIT, CANDIDATE_WINDOW_SECONDS)


def candidate_address_rule() -> Rule:
    limit = current_app.config["LOGIN_ADDRESS_LIMIT"]
    return Rule(CANDIDATE_ADDRESS, limit, CANDIDATE_WINDOW_SECONDS)


def staff_rules() -> tuple[Rule, Rule]:
    """Return the per-username and per-address rules of staff logins."""
    limit = current_app.config["STAFF_LOGIN_LIMIT"]
    window = current_app.config["STAFF_LOGIN_WINDOW_SECONDS"]
    return (
        Rule(STAFF_USER, limit, window),
        Rule(STAFF_ADDRESS, limit * STAFF_ADDRESS_FACTOR, window),
    )


def charge(rule: Rule, subject: str) -> Charge:
    """Count one try of `subject` now, durably; raise the `unavailable()` refusal if nothing can."""
    subject = subject[:SUBJECT_LENGTH]
    earlier = _database_counts(rule.scope, [subject]).get(subject, 0)
    try:
        count = _store().limit_hit(rule.scope, subject, rule.window_seconds)
    except StoreError:
        log.warning("rate limit %s: Redis unreachable, counting in the database", rule.scope)
        return Charge(rule, subject, _database_hit(rule, subject), in_redis=False)
    return Charge(rule, subject, count + earlier, in_redis=True)


def count(rule: Rule, subject: str) -> int:
    """Return the tries of `subject` in its window; raise the `unavailable()` refusal if unknown."""
    subject = subject[:SUBJECT_LENGTH]
    earlier = _database_counts(rule.scope, [subject]).get(subject, 0)
    try:
        return _store().limit_count(rule.scope, subject) + earlier
    except StoreError:
        return earlier


def refund(charge_: Charge) -> None:
    """Take back a try that turned out right (the caller's transaction carries it)."""
    if charge_.in_redis:
        try:
            _store().limit_undo(charge_.rule.scope, charge_.subject)
        except StoreError:
            log.warning("rate limit %s: could not take a try back", charge_.rule.scope)
        return
    db.session.execute(
        update(LoginThrottle)
        .where(_key(charge_.rule.scope, charge_.subject), LoginThrottle.count > 0)
        .values(count=LoginThrottle.count - 1)
    )


def locked(rule: Rule, subject: str) -> bool:
    """Return True while `subject` has used up its tries (the next one is refused)."""
    return count(rule, subject) >= rule.limit


def locked_subjects(rule: Rule, subjects: list[str]) -> set[str]:
    """Return which of `subjects` have used up their tries: one Redis and one SQL query.

    For pages: an unreachable Redis or database leaves out what it would have counted.
    """
    if not subjects:
        return set()
    try:
        counts = _database_counts(rule.scope, subjects)
    except Refused as exc:
        if exc.code != UNAVAILABLE:
            raise
        counts = {}
    try:
        in_redis = _store().limit_counts(rule.scope, subjects)
    except StoreError:
        in_redis = [0] * len(subjects)
    return {
        subject
        for subject, n in zip(subjects, in_redis, strict=True)
        if n + counts.get(subject, 0) >= rule.limit
    }


def unlock(scope: str, subject: str) -> None:
    """Forget every try of `subject` (after a good login, or a person lifting a lockout)."""
    subject = subject[:SUBJECT_LENGTH]
    db.session.execute(delete(LoginThrottle).where(_key(scope, subject)))
    try:
        _store().limit_reset(scope, subject)
    except StoreError:
        # Not counting now; the key expires with its window if Redis comes back with it.
        log.warning("rate limit %s: Redis unreachable, the Redis count stays", scope)


def grant_pass(subject: str) -> None:
    """Let a candidate past the address cap for one window (a proctor unlocked the seat)."""
    window, subject = CANDIDATE_WINDOW_SECONDS, subject[:SUBJECT_LENGTH]
    try:
        _store().limit_reset(CANDIDATE_PASS, subject)  # a second unlock starts a new window
        _store().limit_hit(CANDIDATE_PASS, subject, window)
        return
    except StoreError:
        log.warning("rate limit pass: Redis unreachable, kept in the database")
    db.session.execute(delete(LoginThrottle).where(_key(CANDIDATE_PASS, subject)))
    db.session.add(
        LoginThrottle(
            scope=CANDIDATE_PASS,
            subject=subject,
            count=1,
            expires_at=clock.now() + timedelta(seconds=window),
        )
    )


def has_pass(subject: str) -> bool:
    """Return True when a proctor unlocked this candidate within the window."""
    return count(Rule(CANDIDATE_PASS, 1, CANDIDATE_WINDOW_SECONDS), subject) > 0


def unlock_candidate(nip: str) -> None:
    """Lift a candidate's lockout: the NIP's tries forgotten, the address cap waived."""
    unlock(CANDIDATE_NIP, nip)
    grant_pass(nip)


def unlock_staff(username: str) -> None:
    """Lift a staff account's lockout (the caller audits and commits)."""
    unlock(STAFF_USER, username.strip().lower())


def _store():
    return current_app.extensions["store"]


def _key(scope: str, subject: str):
    return and_(LoginThrottle.scope == scope, LoginThrottle.subject == subject)


def _own_session() -> orm.Session:
    """A session that commits on its own: a transaction of its own on the engine, or a
    savepoint when the bind is a connection already in a transaction (the tests')."""
    return orm.Session(bind=db.session.get_bind(), join_transaction_mode="create_savepoint")


def _database_counts(scope: str, subjects: list[str]) -> dict[str, int]:
    """Return the unexpired database counts of `subjects` (read outside the caller's
    transaction, so that a SQLite write transaction can still begin after)."""
    query = select(LoginThrottle.subject, LoginThrottle.count).where(
        LoginThrottle.scope == scope,
        LoginThrottle.subject.in_(subjects),
        LoginThrottle.expires_at > clock.now(),
    )
    try:
        with _own_session() as session:
            return {subject: n for subject, n in session.execute(query)}
    except SQLAlchemyError:
        log.error("rate limit %s: the database cannot be read", scope, exc_info=True)
        raise unavailable() from None


def _database_hit(rule: Rule, subject: str) -> int:
    """Count one try in the database, committed at once; return the window's count."""
    now = clock.now()
    expires = now + timedelta(seconds=rule.window_seconds)
    try:
        with _own_session() as session, session.begin():
            # Only while Redis is down: forget expired rows, so the table stays small.
            session.execute(delete(LoginThrottle).where(LoginThrottle.expires_at <= now))
            return _upsert(session, rule.scope, subject, now, expires)
    except SQLAlchemyError:
        log.error("rate limit %s: the database cannot count either", rule.scope, exc_info=True)
        raise unavailable() from None


def _upsert(session: orm.Session, scope: str, subject: str, now, expires) -> int:
    """Add one to the row (a fresh window when it expired) in one statement; return it."""
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        return _upsert_portable(session, scope, subject, now, expires)
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    table = LoginThrottle.__table__
    proposed = insert(table).values(scope=scope, subject=subject, count=1, expires_at=expires)
    stale = table.c.expires_at <= now
    statement = proposed.on_conflict_do_update(
        index_elements=[table.c.scope, table.c.subject],
        set_={
            "count": case((stale, 1), else_=table.c.count + 1),
            "expires_at": case((stale, proposed.excluded.expires_at), else_=table.c.expires_at),
        },
    ).returning(table.c.count)
    return int(session.execute(statement).scalar_one())


def _upsert_portable(session: orm.Session, scope: str, subject: str, now, expires) -> int:
    """The same for other databases: lock the row, then update or insert it."""
    row = session.scalar(select(LoginThrottle).where(_key(scope, subject)).with_for_update())
    if row is None:
        session.add(LoginThrottle(scope=scope, subject=subject, count=1, expires_at=expires))
        return 1
    if row.expires_at <= now:
        row.count, row.expires_at = 1, expires
    else:
        row.count += 1
    return row.count
