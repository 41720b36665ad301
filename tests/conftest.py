"""Shared fixtures: the app built once per session on real services, rollback per test."""

from __future__ import annotations

import os
import shutil
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.services import postgres_base_url, temporary_postgres_database

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_BANK = ROOT / "question_bank"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """Build the app once: a fresh database (SQLite or PostgreSQL) migrated to head."""
    from flask_migrate import upgrade

    from assessment_app import create_app
    from assessment_app.store import stop_embedded

    instance = tmp_path_factory.mktemp("instance")
    overrides = {"INSTANCE_PATH": str(instance), "TESTING": True}
    with ExitStack() as stack:
        pg = postgres_base_url() if os.environ.get("DATABASE_URL") else None
        if pg:
            overrides["SQLALCHEMY_DATABASE_URI"] = stack.enter_context(
                temporary_postgres_database(pg)
            )
        if os.environ.get("REDIS_URL"):
            overrides["REDIS_PREFIX"] = f"asesmen-test-{uuid.uuid4().hex[:8]}:"
        application = create_app(**overrides)
        with application.app_context():
            upgrade()
        yield application
        _clean_redis(application)
        with application.app_context():
            from assessment_app.extensions import db

            db.engine.dispose()
        if not os.environ.get("REDIS_URL"):
            stop_embedded(str(instance))


def _clean_redis(application) -> None:
    store = application.extensions["store"]
    base = application.config["REDIS_PREFIX"]
    keys = list(store.client.scan_iter(match=f"{base}*", count=1000))
    if keys:
        store.client.delete(*keys)


@pytest.fixture(autouse=True)
def _isolated(request):
    """Roll back every database change of a test, give it its own Redis keys and clock."""
    from assessment_app import clock
    from assessment_app.snapshots.catalog import clear_caches

    clock.reset()
    clear_caches()
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    from flask.globals import _cv_app
    from sqlalchemy import orm

    from assessment_app.extensions import db
    from assessment_app.store import Store

    original_store = application.extensions["store"]
    prefix = f"{application.config['REDIS_PREFIX']}t{uuid.uuid4().hex[:8]}:"
    application.extensions["store"] = Store(original_store.client, prefix)
    with application.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
    original_session = db.session
    factory = orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    # Scoped like Flask-SQLAlchemy (per app context); the test body itself, outside any app
    # context, gets a session of its own on the same connection.
    db.session = orm.scoped_session(factory, scopefunc=lambda: id(_cv_app.get(None)))
    try:
        yield
    finally:
        db.session.remove()
        db.session = original_session
        outer.rollback()
        connection.close()
        application.extensions["store"] = original_store
        clock.reset()


@pytest.fixture
def redis_down(app):
    """Point the app at a Redis that refuses connections, for this test only."""
    from tests.services import redis_unreachable

    with redis_unreachable(app) as dead:
        yield dead


class _Client(FlaskClient):
    """A test client that refuses to run inside a test's own app context.

    Flask reuses an app context that is already pushed, so `g` (and Flask-Login's cached
    user) would leak from one request to the next and hide bugs.
    """

    def open(self, *args, **kwargs):
        from flask.globals import _cv_app

        assert _cv_app.get(None) is None, "do not send requests from inside an app context"
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = _Client
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def ctx(app):
    """An app context for calling services directly."""
    with app.app_context():
        yield


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def bank_copy(tmp_path) -> Path:
    """A writable copy of the sample bank."""
    target = tmp_path / "bank"
    shutil.copytree(SAMPLE_BANK, target)
    return target
