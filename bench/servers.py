"""The servers a benchmark runs: the real app and the bare app under one gunicorn config.

The real app reuses the live-test server (its own instance folder, database and the real
commands to prepare it); only the database choice and the gunicorn settings differ.
"""

from __future__ import annotations

import os
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import gunicorn_conf
from bench.harness.postgres import postgres_base_url, temporary_postgres_database
from bench.harness.servers import BIN, ROOT, LiveServer, free_port, wait_for
from bench.procstat import command_line, parent_pid

CONFIG = Path(__file__).with_name("gunicorn_conf.py")
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def launch_gunicorn(app_spec: str, port: int, env: dict) -> subprocess.Popen:
    """Start gunicorn with the benchmark's settings, in its own process group."""
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", str(CONFIG), "--bind", f"127.0.0.1:{port}", app_spec],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def stop_gunicorn(process: subprocess.Popen | None) -> None:
    """Stop gunicorn and its workers: TERM the group, KILL it if it lingers."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


class AppServer(LiveServer):
    """wsgi:app on the benchmark's gunicorn settings, on SQLite or a temporary PostgreSQL."""

    def __init__(self, directory: Path, *, redis_url: str, postgres_url: str | None = None):
        self._postgres_url = postgres_url  # read by _database(), which __init__ calls
        super().__init__(directory, workers=gunicorn_conf.workers, redis_url=redis_url)

    def _database(self) -> str:
        if self._postgres_url:
            return self._stack.enter_context(temporary_postgres_database(self._postgres_url))
        return f"sqlite:///{self.instance / 'asesmen.db'}"

    def start(self) -> None:
        self.process = launch_gunicorn("wsgi:app", self.port, self.env)
        wait_for(self._answers, "gunicorn wsgi:app")


class BareServer:
    """bench.bare_app:app on the same gunicorn settings, writing to the given Redis."""

    def __init__(self, redis_url: str):
        self.redis_url, self.port = redis_url, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["REDIS_URL"] = self.redis_url
        self.process = launch_gunicorn("bench.bare_app:app", self.port, env)
        wait_for(self._answers, "gunicorn bench.bare_app:app")

    def _answers(self) -> bool:
        request = urllib.request.Request(
            self.url + "/bare/ping", data=b'{"choice": null}', method="PUT"
        )
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.HTTPError):
            return False

    def stop(self) -> None:
        stop_gunicorn(self.process)


def find_postgres() -> tuple[str, int]:
    """Return the PostgreSQL server URL and its postmaster's pid.

    Raises RuntimeError, with the reason, when the server is unreachable or not on this
    machine (its processes' CPU could not be read).
    """
    url = postgres_base_url() or DEFAULT_POSTGRES
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            backend = conn.execute(text("select pg_backend_pid()")).scalar_one()
            postmaster = parent_pid(backend)
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure to connect means unavailable
        reason = f"PostgreSQL at {url} is unreachable ({exc.__class__.__name__})"
        raise RuntimeError(reason) from exc
    if postmaster is None or "postgres" not in command_line(postmaster):
        raise RuntimeError(f"PostgreSQL at {url} does not run on this machine")
    return url, postmaster
