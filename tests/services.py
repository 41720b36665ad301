"""Find the real services the tests use; skip visibly, or fail under CI, when one is missing."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from bench.harness.postgres import postgres_base_url, temporary_postgres_database

__all__ = [
    "missing",
    "postgres_base_url",
    "redis_unreachable",
    "require_postgres",
    "temporary_postgres_database",
]

REQUIRED = os.environ.get("TEST_REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"


def missing(what: str) -> None:
    """Fail when services are required (CI), else skip with the reason shown."""
    if REQUIRED:
        pytest.fail(f"{what} is required here (TEST_REQUIRE_SERVICES/CI) but unavailable")
    pytest.skip(f"{what} unavailable")


def require_postgres() -> str:
    """Return the PostgreSQL URL or skip/fail."""
    url = postgres_base_url()
    if url is None:
        missing("PostgreSQL (set TEST_POSTGRES_URL or DATABASE_URL)")
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure to connect means unavailable
        missing(f"PostgreSQL at {url} ({exc.__class__.__name__})")
    return url


@contextmanager
def redis_unreachable(app):
    """Point `app` at a Redis that refuses connections (a real refusal, not a stand-in),
    for the block only; yield that store."""
    from assessment_app.store import Store, StoreError, connect

    working = app.extensions["store"]
    dead = Store(connect("redis://127.0.0.1:1/0"), working.keys.prefix)
    with pytest.raises(StoreError):
        dead.ping()
    app.extensions["store"] = dead
    try:
        yield dead
    finally:
        app.extensions["store"] = working
