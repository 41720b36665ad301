"""Many writers at once still make one unbroken audit chain (SQLite and PostgreSQL).

Each test builds its own app on a fresh database: the writers need real commits from their
own connections, which the per-test rollback of the shared `app` fixture cannot give.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from assessment_app import audit
from assessment_app.audit.chain import chain_key, verify
from assessment_app.extensions import db
from assessment_app.models import AuditEntry
from tests.services import require_postgres, temporary_postgres_database

THREADS = 8
COMMITS = 12  # per thread; every third commit writes two entries


@contextmanager
def _fresh_app(url: str, tmp_path):
    from flask_migrate import upgrade

    from assessment_app import create_app

    # No Redis is used here: an address nobody listens on keeps the embedded one from starting.
    application = create_app(
        INSTANCE_PATH=str(tmp_path), SQLALCHEMY_DATABASE_URI=url, REDIS_URL="redis://127.0.0.1:9/0"
    )
    with application.app_context():
        upgrade()
    try:
        yield application
    finally:
        with application.app_context():
            db.engine.dispose()


def _writer(application, number: int, start: threading.Barrier, errors: list) -> None:
    try:
        with application.app_context():
            start.wait()
            for commit in range(COMMITS):
                audit.record(f"writer{number}", "test.action", details={"n": commit})
                if commit % 3 == 0:
                    audit.record(f"writer{number}", "test.second", reason="dua sekaligus")
                db.session.commit()
    except Exception as exc:  # noqa: BLE001 - reported by the test, not lost in the thread
        errors.append(exc)


def _run_writers(application) -> None:
    start, errors = threading.Barrier(THREADS), []
    threads = [
        threading.Thread(target=_writer, args=(application, n, start, errors))
        for n in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def _assert_one_chain(application) -> None:
    expected = THREADS * (COMMITS + len(range(0, COMMITS, 3)))
    with application.app_context():
        verdict = verify(db.session, chain_key(application.config["SECRET_KEY"]))
        seqs = db.session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)).all()
        unsealed = db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.seq.is_(None))
        )
    assert verdict.ok, verdict.broken
    assert verdict.checked == expected and unsealed == 0
    assert seqs == list(range(1, expected + 1))


def test_concurrent_writers_make_one_chain_on_sqlite(tmp_path):
    with _fresh_app(f"sqlite:///{tmp_path / 'chain.db'}", tmp_path) as application:
        _run_writers(application)
        _assert_one_chain(application)


@pytest.mark.postgres
def test_concurrent_writers_make_one_chain_on_postgres(tmp_path):
    base = require_postgres()
    with (
        temporary_postgres_database(base) as url,
        _fresh_app(url, tmp_path) as application,
    ):
        _run_writers(application)
        _assert_one_chain(application)
