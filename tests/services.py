"""Find the real services the tests use; skip visibly, or fail under CI, when one is missing."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REQUIRED = os.environ.get("TEST_REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"


def _is_postgres(url: str | None) -> bool:
    return bool(url) and url.split(":", 1)[0].startswith("postgres")


def postgres_base_url() -> str | None:
    """Return the PostgreSQL server URL to test against, if any is configured."""
    for name in ("DATABASE_URL", "TEST_POSTGRES_URL"):
        url = os.environ.get(name)
        if _is_postgres(url):
            return _psycopg(url)
    return None


def _psycopg(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return "postgresql+psycopg://" + rest if "+" not in scheme else url


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
def temporary_postgres_database(base_url: str):
    """Create an empty database on the server of base_url; drop it afterwards."""
    name = f"asesmen_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


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
