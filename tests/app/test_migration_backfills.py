"""Migrations 0003 and 0004 fill their new columns from the layout every old attempt has.

A database is built at the revision before, rows are written the way that schema wanted them
(raw inserts, no models: the models describe head), then it is upgraded one step.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from assessment_app import create_app
from assessment_app.extensions import db
from assessment_app.models.types import UTCDateTime
from tests.services import require_postgres, temporary_postgres_database

WHEN = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
LAYOUTS = {
    1: {"items": ["MANSOS-001", "MANSOS-007", "MANSOS-003"], "options": {}},
    2: {"items": ["TEK-AK-010"], "options": {}},
    3: {"items": [], "options": {}},  # an empty draw stays empty, not one blank id
}


def _table(table: str, **columns: sa.types.TypeEngine) -> sa.TableClause:
    return sa.table(table, *(sa.column(key, kind) for key, kind in columns.items()))


def _parents(connection) -> None:
    """An event, a session, a room, a snapshot and one candidate with three registrations."""
    stamp = UTCDateTime()
    connection.execute(
        sa.insert(_table("event", id=sa.Integer(), name=sa.String(), created_at=stamp)),
        {"id": 1, "name": "Asesmen", "created_at": WHEN},
    )
    connection.execute(
        sa.insert(
            _table(
                "bank_snapshot",
                id=sa.Integer(),
                version_hash=sa.String(),
                content=sa.JSON(),
                published_at=stamp,
                published_by=sa.String(),
                item_count=sa.Integer(),
            )
        ),
        {
            "id": 1,
            "version_hash": "a" * 64,
            "content": {},
            "published_at": WHEN,
            "published_by": "test",
            "item_count": 4,
        },
    )
    connection.execute(
        sa.text(
            "INSERT INTO exam_session (id, event_id, code, title, late_entry_minutes, status,"
            " snapshot_id) VALUES (1, 1, 'S1', 'Sesi 1', 0, 'open', 1)"
        )
    )
    connection.execute(
        sa.text("INSERT INTO room (id, event_id, code, name) VALUES (1, 1, 'R01', 'R')")
    )
    connection.execute(
        sa.insert(
            _table(
                "candidate",
                id=sa.Integer(),
                event_id=sa.Integer(),
                nip=sa.String(),
                name=sa.String(),
                position=sa.String(),
                position_code=sa.String(),
                unit=sa.String(),
                session_id=sa.Integer(),
                room_id=sa.Integer(),
                seat=sa.String(),
                pin_mac=sa.String(),
                pin_sealed=sa.String(),
                login_version=sa.Integer(),
                created_at=stamp,
                updated_at=stamp,
            )
        ),
        {
            "id": 1,
            "event_id": 1,
            "nip": "197501012000011001",
            "name": "Peserta",
            "position": "Analis",
            "position_code": "AK",
            "unit": "Unit",
            "session_id": 1,
            "room_id": 1,
            "seat": "1",
            "pin_mac": "x",
            "pin_sealed": "x",
            "login_version": 0,
            "created_at": WHEN,
            "updated_at": WHEN,
        },
    )
    for position in LAYOUTS:
        connection.execute(
            sa.text(
                "INSERT INTO registration (id, candidate_id, test_code, position)"
                " VALUES (:id, 1, :code, :id)"
            ),
            {"id": position, "code": f"T{position}"},
        )


def _old_attempts(connection) -> None:
    """Attempts as written at revision 0002: a layout, no item_count, no item_ids."""
    attempt = _table(
        "attempt",
        id=sa.Integer(),
        registration_id=sa.Integer(),
        candidate_id=sa.Integer(),
        test_code=sa.String(),
        snapshot_id=sa.Integer(),
        status=sa.String(),
        seed=sa.Integer(),
        layout=sa.JSON(),
        duration_ms=sa.Integer(),
        extension_ms=sa.Integer(),
        paused_ms=sa.Integer(),
        created_at=UTCDateTime(),
    )
    connection.execute(
        sa.insert(attempt),
        [
            {
                "id": key,
                "registration_id": key,
                "candidate_id": 1,
                "test_code": f"T{key}",
                "snapshot_id": 1,
                "status": "ready",
                "seed": 7,
                "layout": layout,
                "duration_ms": 60_000,
                "extension_ms": 0,
                "paused_ms": 0,
                "created_at": WHEN,
            }
            for key, layout in LAYOUTS.items()
        ],
    )


def _columns(connection, *names: str) -> dict[int, tuple]:
    query = sa.text(f"SELECT id, {', '.join(names)} FROM attempt ORDER BY id")
    return {row[0]: tuple(row[1:]) for row in connection.execute(query)}


def _check_backfills(app) -> None:
    with app.app_context():
        upgrade(revision="0002")
        with db.engine.begin() as connection:
            _parents(connection)
            _old_attempts(connection)
        upgrade(revision="0003")
        with db.engine.connect() as connection:
            assert _columns(connection, "item_count") == {1: (3,), 2: (1,), 3: (0,)}
        upgrade(revision="0004")
        with db.engine.connect() as connection:
            assert _columns(connection, "item_count", "item_ids") == {
                1: (3, "MANSOS-001,MANSOS-007,MANSOS-003"),
                2: (1, "TEK-AK-010"),
                3: (0, ""),
            }
        upgrade()  # and the later revisions accept the backfilled rows
        db.engine.dispose()


def _app_for(url: str, tmp_path, app):
    return create_app(
        INSTANCE_PATH=str(tmp_path), SQLALCHEMY_DATABASE_URI=url, REDIS_URL=app.config["REDIS_URL"]
    )


def test_0003_and_0004_backfill_old_attempts_on_sqlite(tmp_path, app):
    _check_backfills(_app_for(f"sqlite:///{tmp_path / 'old.db'}", tmp_path, app))


@pytest.mark.postgres
def test_0003_and_0004_backfill_old_attempts_on_postgres(tmp_path, app):
    with temporary_postgres_database(require_postgres()) as url:
        _check_backfills(_app_for(url, tmp_path, app))
