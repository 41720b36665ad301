"""/healthz says the process answers; /readyz says whether the database and Redis do."""

from __future__ import annotations

import pytest

from bench.harness.servers import free_port

SECRETS = ("postgres", "redis://", "sqlite", "127.0.0.1", "Traceback", "Error")


@pytest.fixture
def dead_database_app(app, tmp_path):
    """The app built on a PostgreSQL URL whose port nobody listens on (a real refusal)."""
    from assessment_app import create_app

    dead = create_app(
        INSTANCE_PATH=str(tmp_path / "instance"),
        TESTING=True,
        SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://asesmen:rahasia@127.0.0.1:{free_port()}/x",
        REDIS_URL=app.config["REDIS_URL"],
        REDIS_PREFIX=app.config["REDIS_PREFIX"],
    )
    yield dead
    with dead.app_context():
        from assessment_app.extensions import db

        db.engine.dispose()


def _says_nothing_secret(response) -> None:
    text = response.get_data(as_text=True)
    assert not [word for word in SECRETS if word in text], text


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_touches_neither_the_database_nor_redis(dead_database_app, redis_down):
    response = dead_database_app.test_client().get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_is_200_with_each_check_when_both_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_readyz_is_503_naming_redis_when_redis_is_unreachable(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
    }
    _says_nothing_secret(response)


def test_readyz_is_503_naming_the_database_when_it_is_unreachable(dead_database_app, caplog):
    response = dead_database_app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "redis": "ok"},
    }
    _says_nothing_secret(response)
    # The log names the failure by class only: the driver's message carries host and user.
    assert "rahasia" not in caplog.text
    assert "readiness: database unreachable (OperationalError)" in caplog.text


def test_the_probes_are_get_only(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
