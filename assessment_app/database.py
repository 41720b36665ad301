"""Engine settings that every connection needs (SQLite: WAL, busy timeout, savepoints)."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 15000
CONNECT_TIMEOUT_SECONDS = 5  # PostgreSQL: how long a new connection may take
WRITE_OPTION = "asesmen_write"


def engine_options(uri: str) -> dict:
    """Return create_engine options suited to the database URL."""
    if uri.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    # No pre-ping: it costs a round trip per request; after a database restart SQLAlchemy
    # invalidates the pool on the first disconnect error and the client retries that request
    # (503 database_unavailable, web/errors.py; tests/faults/test_postgres_restart.py).
    # connect_timeout: a database host that stops answering (not a refused port) fails a
    # request in seconds instead of holding a worker thread until gunicorn's timeout.
    return {
        "pool_size": 5,
        "max_overflow": 10,
        "pool_recycle": 3600,
        "connect_args": {"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    }


def configure_engine(engine: Engine) -> None:
    """Attach per-connection settings; a no-op except on SQLite."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so that
    # SAVEPOINT works and a transaction covers the reads that precede its writes.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL: an acknowledged answer must survive a power cut, not only a process crash.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_on_begin(connection) -> None:
    # A write transaction takes the write lock at BEGIN: a deferred transaction that reads
    # first and writes later can fail with SQLITE_BUSY_SNAPSHOT when another writer committed
    # in between, and busy_timeout does not help there.
    immediate = connection.get_execution_options().get(WRITE_OPTION)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write(session) -> None:
    """Start the session's transaction as a write transaction (BEGIN IMMEDIATE on SQLite).

    Call before the first statement of a service that reads and then writes; elsewhere a
    no-op. PostgreSQL services lock the rows they change with SELECT ... FOR UPDATE.
    """
    session.connection(execution_options={WRITE_OPTION: True})
