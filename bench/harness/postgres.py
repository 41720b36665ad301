"""The PostgreSQL server to run against, and throwaway databases on it."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _is_postgres(url: str | None) -> bool:
    return bool(url) and url.split(":", 1)[0].startswith("postgres")


def postgres_base_url() -> str | None:
    """Return the PostgreSQL server URL configured in DATABASE_URL or TEST_POSTGRES_URL, if any."""
    for name in ("DATABASE_URL", "TEST_POSTGRES_URL"):
        url = os.environ.get(name)
        if _is_postgres(url):
            return _psycopg(url)
    return None


def _psycopg(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return "postgresql+psycopg://" + rest if "+" not in scheme else url


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
