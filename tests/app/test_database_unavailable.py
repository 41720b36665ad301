"""While the database cannot be reached every request answers 503 with Retry-After, never a
500: JSON `database_unavailable` under /api (the exam page retries it with the same seq), the
error page elsewhere. The app here points at a PostgreSQL port that refuses connections (a
real refusal from the driver); tests/faults/test_postgres_restart.py does the same with a
server restarted under load."""

from __future__ import annotations

import os
import uuid

import pytest

REFUSED = "postgresql+psycopg://postgres@127.0.0.1:1/asesmen"


@pytest.fixture(scope="module")
def unreachable(tmp_path_factory):
    """An app whose database refuses every connection (Redis is the usual one)."""
    from assessment_app import create_app
    from assessment_app.store import stop_embedded

    instance = tmp_path_factory.mktemp("unreachable")
    application = create_app(
        INSTANCE_PATH=str(instance),
        TESTING=True,
        SQLALCHEMY_DATABASE_URI=REFUSED,
        REDIS_PREFIX=f"asesmen-test-{uuid.uuid4().hex[:8]}:",
    )
    yield application
    if not os.environ.get("REDIS_URL"):
        stop_embedded(str(instance))


def _browser(application, **session_values):
    """A test client whose session holds `session_values` and a CSRF token it sends."""
    from flask import session as request_session
    from flask_wtf.csrf import generate_csrf

    with application.test_request_context():
        token = generate_csrf()
        raw = request_session["csrf_token"]
    client = application.test_client()
    client.environ_base["HTTP_X_CSRF_TOKEN"] = token
    with client.session_transaction() as session:
        session.update(session_values, csrf_token=raw)
    return client


def _assert_unavailable(response, code: str = "database_unavailable") -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert int(response.headers["Retry-After"]) > 0
    if code:
        assert response.json["error"]["code"] == code


def test_a_save_answers_503_database_unavailable(unreachable):
    browser = _browser(unreachable, cand=[1, 1], cand_att=[1])
    response = browser.put("/api/v1/attempts/1/answers/PB-0001", json={"choice": "A", "seq": 1})
    _assert_unavailable(response)


def test_the_proctor_api_answers_503_database_unavailable(unreachable):
    browser = _browser(unreachable, _user_id="staff:1:1", _fresh=True)
    _assert_unavailable(browser.get("/api/v1/proctor/rooms/R01/sessions/S1/live"))


def test_a_staff_page_answers_503_with_the_error_page(unreachable):
    browser = _browser(unreachable, _user_id="staff:1:1", _fresh=True)
    response = browser.get("/admin/")
    _assert_unavailable(response, code="")
    assert "text/html" in response.content_type or "text/plain" in response.content_type


def test_a_login_that_cannot_be_counted_answers_503_with_retry_after(unreachable):
    body = {"nip": "197501012000011001", "pin": "123456", "session_token": "ABCDEF"}
    response = unreachable.test_client().post("/api/v1/candidate/login", json=body)
    _assert_unavailable(response, code="limiter_unavailable")


def _sqlite_error(path, statement: str, *, locked: bool = False):
    """Run `statement` on a SQLite file through SQLAlchemy; return the error it raises
    (with `locked`, while another connection holds the write lock)."""
    import sqlite3

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    if locked:
        holder.execute("BEGIN IMMEDIATE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    except DBAPIError as exc:
        return exc
    finally:
        engine.dispose()
        holder.close()
    raise AssertionError(f"{statement} did not fail")


def test_a_busy_sqlite_database_is_unavailable_but_a_missing_table_is_a_bug(tmp_path):
    from assessment_app.web.errors import database_unreachable

    path = tmp_path / "busy.db"
    assert database_unreachable(_sqlite_error(path, "INSERT INTO t VALUES (1)", locked=True))
    assert not database_unreachable(_sqlite_error(path, "SELECT * FROM no_such_table"))
