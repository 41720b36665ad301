"""Upgrading an empty database gives exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from assessment_app import create_app
from assessment_app.extensions import db
from tests.services import require_postgres, temporary_postgres_database


def _diff_after_upgrade(app) -> list:
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    return diff


def _app_for(url: str, tmp_path, app):
    return create_app(
        INSTANCE_PATH=str(tmp_path), SQLALCHEMY_DATABASE_URI=url, REDIS_URL=app.config["REDIS_URL"]
    )


def test_upgrade_of_empty_sqlite_matches_models(tmp_path, app):
    fresh = _app_for(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path, app)
    assert _diff_after_upgrade(fresh) == []


@pytest.mark.postgres
def test_upgrade_of_empty_postgres_matches_models(tmp_path, app):
    base = require_postgres()
    with temporary_postgres_database(base) as url:
        fresh = _app_for(url, tmp_path, app)
        assert _diff_after_upgrade(fresh) == []
