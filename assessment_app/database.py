"""Engine settings that every connection needs (SQLite: WAL, busy timeout, savepoints)."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 15000


def engine_options(uri: str) -> dict:
    """Return create_engine options suited to the database URL."""
    if uri.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10}


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
    connection.exec_driver_sql("BEGIN")
