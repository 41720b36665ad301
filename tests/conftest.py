"""Shared fixtures: the app built once per session on real services, rollback per test."""

from __future__ import annotations

import os
import shutil
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
        application.test_client_class = _Client
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


@dataclass
class SharedData:
    """Data a module builds once (see `module_data`): its connection and its clock."""

    connection: object
    clock_offset: timedelta = timedelta(0)


def _engine(application):
    from assessment_app.extensions import db

    with application.app_context():
        return db.engine


@contextmanager
def _rolled_back(bind):
    """Bind db.session to a transaction that is rolled back at the end; yield the connection.

    `bind` is the engine (open a connection of our own) or a module's connection (nest a
    savepoint in its transaction).
    """
    from flask.globals import _cv_app
    from sqlalchemy import orm
    from sqlalchemy.engine import Engine

    from assessment_app.extensions import db

    own = isinstance(bind, Engine)
    connection = bind.connect() if own else bind
    transaction = connection.begin() if own else connection.begin_nested()
    previous = db.session
    factory = orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    # Scoped like Flask-SQLAlchemy (per app context); the test body itself, outside any app
    # context, gets a session of its own on the same connection.
    db.session = orm.scoped_session(factory, scopefunc=lambda: id(_cv_app.get(None)))
    try:
        yield connection
    finally:
        db.session.remove()
        db.session = previous
        transaction.rollback()
        if own:
            connection.close()


@contextmanager
def _own_redis_keys(application):
    """Give the block a Redis key prefix of its own."""
    from assessment_app.store import Store

    original = application.extensions["store"]
    prefix = f"{application.config['REDIS_PREFIX']}t{uuid.uuid4().hex[:8]}:"
    application.extensions["store"] = Store(original.client, prefix)
    try:
        yield
    finally:
        application.extensions["store"] = original


@pytest.fixture(scope="module")
def module_data(app):
    """A database transaction for the whole module, rolled back after its last test.

    A module-scoped fixture that depends on this one builds its data once; every test then
    runs in a savepoint of that transaction, so what a test changes is undone before the
    next, while the module's data stays. The clock stays where the build left it.
    """
    from assessment_app import clock

    clock.reset()
    with _rolled_back(_engine(app)) as connection, _own_redis_keys(app):
        _SHARED.append(SharedData(connection))
        try:
            yield _SHARED[-1]
        finally:
            _SHARED.pop()
    clock.reset()


# The module data alive now: every test of that module, whether it asks for the data or not,
# runs on its connection (a second connection would wait on the module's open transaction).
_SHARED: list[SharedData] = []


def mark_built(shared: SharedData) -> None:
    """Remember how far the build moved the clock, for every test of the module."""
    from assessment_app import clock

    shared.clock_offset = clock.now() - datetime.now(UTC)


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
    if "module_data" in request.fixturenames:
        request.getfixturevalue("module_data")
    shared = _SHARED[-1] if _SHARED else None
    if shared is not None:
        clock.advance(shared.clock_offset)
    bind = shared.connection if shared else _engine(application)
    with _rolled_back(bind), _own_redis_keys(application):
        yield
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
    """A browser of its own (cookies, session) for this test."""
    return app.test_client()


@pytest.fixture
def new_client(app):
    """Return another browser each call: a second device, a proctor beside an admin."""
    return app.test_client


STAFF = {"admin": "admin1", "proctor": "pengawas1"}  # the usual account of each role


@pytest.fixture
def staff(app):
    """Return staff(role, username=None, rooms=None): that account logged in on a new browser.

    The account is created unless it exists (a proctor gets room R01 by default); the
    username defaults to the role's usual one (admin1, pengawas1).
    """
    from sqlalchemy import select

    from assessment_app.extensions import db
    from assessment_app.models import User
    from tests.factories import login_staff, make_user

    def logged_in(role: str = "admin", username: str | None = None, *, rooms=None):
        username = username or STAFF[role]
        with app.app_context():
            if db.session.scalar(select(User.id).where(User.username == username)) is None:
                default_rooms = ["R01"] if role == "proctor" else None
                make_user(role, username, rooms=rooms or default_rooms)
        browser = app.test_client()
        assert login_staff(browser, username).status_code == 302
        return browser

    return logged_in


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
