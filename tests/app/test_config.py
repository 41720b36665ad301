"""Configuration: strict environment parsing, production refusals, the shared secret."""

from __future__ import annotations

import multiprocessing

import pytest

from assessment_app import create_app
from assessment_app.security import load_or_create_secret
from config import ConfigError


def test_production_refuses_without_secret_database_and_redis(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError) as info:
        create_app(INSTANCE_PATH=str(tmp_path))
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        assert name in str(info.value)


def test_production_refuses_a_short_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "pendek")
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@127.0.0.1/none")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    with pytest.raises(ConfigError, match="terlalu pendek"):
        create_app(INSTANCE_PATH=str(tmp_path))


def test_unknown_app_env_and_timezone_are_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "staging")
    with pytest.raises(ConfigError, match="APP_ENV"):
        create_app(INSTANCE_PATH=str(tmp_path))
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError, match="TIMEZONE"):
        create_app(INSTANCE_PATH=str(tmp_path))


def test_postgres_urls_use_psycopg3(monkeypatch):
    from config import Config

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert Config.from_environment()["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def _secret(path: str, queue) -> None:
    queue.put(load_or_create_secret(path))


def test_racing_workers_agree_on_one_generated_secret(tmp_path):
    queue = multiprocessing.get_context("fork").Queue()
    workers = [
        multiprocessing.get_context("fork").Process(target=_secret, args=(str(tmp_path), queue))
        for _ in range(6)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    secrets = {queue.get(timeout=5) for _ in workers}
    assert len(secrets) == 1
    assert len(secrets.pop()) >= 48
    assert load_or_create_secret(str(tmp_path)) == (tmp_path / "secret_key").read_text().strip()


def test_embedded_defaults_are_real_sqlite_in_wal_mode(app):
    from sqlalchemy import text

    from assessment_app.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("this pass runs on PostgreSQL (DATABASE_URL set)")
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
