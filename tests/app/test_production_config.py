"""Production refuses a weak SECRET_KEY, debug mode and SQLite, each saying why."""

from __future__ import annotations

import secrets

import pytest

from assessment_app import create_app
from config import ConfigError, ProductionConfig, check_secret_strength, secret_bits

STRONG = "Vq3" + secrets.token_urlsafe(48)


@pytest.fixture
def production(monkeypatch, tmp_path):
    """A production environment that passes every check; a test then spoils one thing."""
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@127.0.0.1/none")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    return tmp_path


def _settings(**changes) -> dict:
    settings = {
        "TIMEZONE": "Asia/Makassar",
        "SECRET_KEY": STRONG,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x@127.0.0.1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    return settings | changes


def test_the_valid_production_settings_pass(production):
    ProductionConfig.validate(_settings())  # no ConfigError


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("a" * 32, "1 karakter berbeda"),
        ("password" * 4, "7 karakter berbeda"),
        ("passwordpassword1234567890123456", "perkiraan entropi 128 bit"),
        ("abcdefghijabcdefghijabcdefghijab", "perkiraan entropi 106 bit"),
    ],
)
def test_a_weak_secret_key_is_refused_with_how_to_make_one(production, monkeypatch, key, words):
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError) as info:
        create_app(INSTANCE_PATH=str(production))
    assert "SECRET_KEY terlalu lemah" in str(info.value) and words in str(info.value)
    assert "secrets.token_urlsafe(48)" in str(info.value)


def test_generated_keys_pass_the_strength_check():
    for _ in range(200):
        check_secret_strength(secrets.token_urlsafe(48))
        check_secret_strength(secrets.token_urlsafe(32))
        check_secret_strength(secrets.token_hex(32))


def test_the_estimate_is_length_times_shannon_entropy():
    assert secret_bits("a" * 32) == 0
    assert secret_bits("ab" * 16) == pytest.approx(32)
    assert secret_bits("0123456789abcdef" * 2) == pytest.approx(128)


@pytest.mark.parametrize("value", ["1", "true"])
def test_debug_mode_is_refused(production, monkeypatch, value):
    monkeypatch.setenv("FLASK_DEBUG", value)
    with pytest.raises(ConfigError, match="mode debug"):
        create_app(INSTANCE_PATH=str(production))


def test_debug_in_the_settings_is_refused():
    with pytest.raises(ConfigError, match="mode debug"):
        ProductionConfig.validate(_settings(DEBUG=True))


def test_sqlite_is_refused(production, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{production}/asesmen.db")
    with pytest.raises(ConfigError, match="membutuhkan PostgreSQL: DATABASE_URL menunjuk SQLite"):
        create_app(INSTANCE_PATH=str(production))
