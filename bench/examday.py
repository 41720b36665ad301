"""Benchmark: an exam day on this machine, from the first login to the read-back of every answer.

The app runs as `make serve` runs it (gunicorn with the project's gunicorn.conf.py) on
PostgreSQL (a throwaway database on DATABASE_URL, TEST_POSTGRES_URL or the local server;
SQLite when BENCH_DB=sqlite) and a redis-server of its own. The roster (BENCH_CANDIDATES,
default 600, in rooms of 50, each with two tests) is imported with the real command. Every
candidate is a scripted exam page (bench.harness.exam_page: what static/js/exam sends, when,
and how it retries), hundreds to an asyncio loop in BENCH_PROCESSES generator processes.

Phases, back to back:

- login: the pages open over BENCH_LOGIN_SECONDS (default 30): login page, login, exam page,
  `me`, the attempt; the signal poll (every 2 s) runs from then on.
- start: everyone presses "Mulai" at the same instant.
- answer: BENCH_ANSWER_SECONDS (default 120) of answering, one item after another. The think
  time per item is BENCH_THINK_SECONDS (default 45 s: the sample MANSOS test allows 120 s per
  item and TEK-AK 90 s; 45 s is a candidate using well under half of it, answer changes
  included, so it errs on the heavy side) divided by BENCH_COMPRESS (default 10): each real
  page then saves as often as 10 candidates would, while heartbeats (every 10 s), signal
  polls (every 2 s) and retry backoffs stay in real time, as one page sends them.
- finish: everyone presses "Selesai" at the same instant (queue flushed first, then
  finish, then what the page reads after it).
- read-back: every page reads its attempt (GET) and compares; then every acknowledged answer
  is read from the database: lost = acknowledged but not stored with that seq (or a later
  one this page sent) and its choice.

Printed per phase and kind of request: count, errors (no answer or any non-2xx: nothing in
this run is expected to be refused), latency percentiles, throughput; per phase: server CPU
per request from /proc (gunicorn master and workers; redis-server and PostgreSQL apart), the
generator's own CPU and how busy the whole machine was (other work on it included).

Run: `python -m bench.examday` (also part of `make bench`). Exits 1 when an answer was lost,
a request failed or a candidate could not finish.
"""

from __future__ import annotations

import math
import os
import runpy
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.examday_generator import Generator
from bench.examday_report import Report, read_back_losses
from bench.harness.roster import ROSTER_HEADER, roster_rows
from bench.harness.servers import BIN, ROOT, RedisServer, wait_for
from bench.procstat import REDIS, CpuMeter, gunicorn_processes, postgres_processes
from bench.servers import AppServer, find_postgres

START_LEAD = 1.0  # seconds between the end of the logins and "Mulai": the proctor's word
METER_INTERVAL = 0.5  # seconds between two samples of /proc: the meters' own CPU stays small


@dataclass(frozen=True)
class Settings:
    """The load (see the module's docstring); `from_environment` reads the BENCH_* variables."""

    candidates: int = 600
    login_seconds: float = 30.0
    answer_seconds: float = 120.0
    think_seconds: float = 45.0
    compress: float = 10.0
    processes: int = 2
    room_size: int = 50
    tests: str = "MANSOS;TEK-AK"
    database: str = "postgres"

    @classmethod
    def from_environment(cls) -> Settings:
        """Return the defaults overridden by BENCH_CANDIDATES, BENCH_LOGIN_SECONDS, ..."""
        given = {}
        for name, kind in (
            ("candidates", int),
            ("login_seconds", float),
            ("answer_seconds", float),
            ("think_seconds", float),
            ("compress", float),
            ("processes", int),
            ("room_size", int),
            ("tests", str),
        ):
            value = os.environ.get(f"BENCH_{name.upper()}")
            if value:
                given[name] = kind(value)
        if os.environ.get("BENCH_DB"):
            given["database"] = os.environ["BENCH_DB"]
        return cls(**given)

    @property
    def think(self) -> float:
        """Return the compressed mean seconds between two answers of one page."""
        return self.think_seconds / self.compress


# -- servers ---------------------------------------------------------------------------------


class ServedApp(AppServer):
    """wsgi:app under the project's gunicorn.conf.py, as `make serve` runs it (log to a file)."""

    def start(self) -> None:
        log = (self.directory / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        wait_for(self._answers, "gunicorn wsgi:app (gunicorn.conf.py)")


def event_rows(settings: Settings) -> list[list[str]]:
    """Return the roster: session S1, rooms of `room_size` seats numbered from 1 in each."""
    seat, rows = ROSTER_HEADER.index("seat"), []
    for first in range(0, settings.candidates, settings.room_size):
        size = min(settings.room_size, settings.candidates - first)
        room = f"R{first // settings.room_size + 1:02d}"
        for row in roster_rows(size, room=room, tests=settings.tests, start=first + 1):
            row[seat] = str(int(row[seat]) - first)
            rows.append(row)
    return rows


@dataclass
class Servers:
    """What the run started: the app, its Redis, and where its data lives."""

    app: ServedApp
    redis: RedisServer
    token: str
    rows: list
    label: str
    postmaster: int | None = None

    def discover(self) -> dict[int, str]:
        """Return the server processes by role (gunicorn, redis, postgres)."""
        found = gunicorn_processes(self.app.process.pid) | {self.redis.process.pid: REDIS}
        if self.postmaster:
            name = make_url(self.app.database_url).database
            found |= postgres_processes(self.postmaster, name)
        return found


def start_servers(settings: Settings, workdir: Path, stack: ExitStack) -> Servers:
    """Start Redis and the app on the chosen database; import the roster; open S1."""
    postgres_url, postmaster, label = None, None, "SQLite (BENCH_DB=sqlite)"
    if settings.database != "sqlite":
        postgres_url, postmaster = find_postgres()  # raises, with the reason, when unreachable
        label = f"PostgreSQL ({make_url(postgres_url).render_as_string()})"
    redis = RedisServer(workdir)
    stack.callback(redis.kill)
    redis.start()
    app = ServedApp(workdir / "app", redis_url=redis.url, postgres_url=postgres_url)
    stack.callback(app.close)
    token, rows = app.prepare(rows=event_rows(settings))
    app.start()
    return Servers(app, redis, token, rows, label, postmaster)


# -- phases and their CPU --------------------------------------------------------------------


class _Meter(CpuMeter):
    """A CpuMeter that records, instead of raising, a server process replaced mid-phase."""

    problem: str | None = None

    def _check_stable(self, final: set[int]) -> None:
        try:
            super()._check_stable(final)
        except RuntimeError as exc:
            self.problem = str(exc)


def machine_ticks() -> tuple[int, int]:
    """Return (busy, total) CPU ticks of the whole machine from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


@dataclass
class Phase:
    """One phase's window and what the servers, the generator and the machine spent in it."""

    name: str
    began: float
    ended: float = 0.0
    cpu: dict = field(default_factory=dict)  # role -> seconds
    machine_busy: float = 0.0  # fraction of all cores
    problem: str | None = None


class Phases:
    """Back-to-back phases: at each boundary the meters of the last stop and new ones start."""

    def __init__(self, discover_servers, discover_generator):
        self.discover = (discover_servers, discover_generator)
        self.done: list[Phase] = []
        self._current: Phase | None = None
        self._meters: list[_Meter] = []
        self._machine = (0, 0)

    def next(self, name: str | None, at: float | None = None) -> None:
        """End the current phase (if any) and begin `name` (None: nothing) now or `at`.

        `at` is a boundary fixed in advance ("Selesai" at the end of the answer time): the
        requests sent from then on belong to the next phase even if this call comes late.
        """
        now = time.monotonic() if at is None else at
        if self._current is not None:
            self._end(now)
        if name is None:
            self._current = None
            return
        self._current = Phase(name, now)
        self._meters = [_Meter(discover, METER_INTERVAL) for discover in self.discover]
        for meter in self._meters:
            meter.__enter__()
        self._machine = machine_ticks()

    def _end(self, now: float) -> None:
        phase = self._current
        busy, total = machine_ticks()
        for meter in self._meters:
            meter.__exit__(None, None, None)
            phase.cpu |= meter.usage.seconds
            phase.problem = phase.problem or meter.problem
        phase.ended = now
        phase.machine_busy = (busy - self._machine[0]) / max(1, total - self._machine[1])
        self.done.append(phase)


# -- the run ---------------------------------------------------------------------------------


def drive(settings: Settings, servers: Servers) -> Report:
    """Run the phases against the servers; return everything the report needs."""
    report = Report(settings=settings, database=servers.label)
    generator = Generator(settings.processes, servers.app.port, servers.rows)
    with generator:
        phases = Phases(servers.discover, generator.discover)
        total = len(servers.rows)
        phases.next("login")
        first = time.monotonic() + 0.5
        args = (servers.token, first, settings.login_seconds, total)
        report.counts["logged in"] = sum(generator.ask("login", *args))
        phases.next("start")
        report.counts["started"] = sum(generator.ask("start", time.monotonic() + START_LEAD))
        phases.next("answer")
        until = time.monotonic() + settings.answer_seconds
        generator.send("answer", until, settings.think)
        time.sleep(max(0.0, until - time.monotonic()))
        phases.next("finish", at=until)
        report.counts["finished"] = sum(generator.replies("answer"))
        phases.next("read-back")
        answers = generator.ask("read")
        phases.next(None)
        generator.stop()
    report.phases = phases.done
    report.add_tallies([tally for _, tally in answers], [shown for shown, _ in answers])
    report.total = total
    return report


def stored_answers(database_url: str) -> dict[tuple[int, str], tuple[str | None, int]]:
    """Return every stored answer: (attempt, item) -> (choice, seq), read from the database."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT attempt_id, item_id, choice, seq FROM answer")).all()
    finally:
        engine.dispose()
    return {(r.attempt_id, r.item_id): (r.choice, r.seq) for r in rows}


def run(settings: Settings) -> Report:
    """Start the servers, drive the exam day, read every answer back; return the report."""
    with tempfile.TemporaryDirectory(prefix="asesmen-examday-") as workdir, ExitStack() as stack:
        began = time.monotonic()
        servers = start_servers(settings, Path(workdir), stack)
        ready = time.monotonic() - began
        report = drive(settings, servers)
        report.setup_seconds = ready
        report.server = gunicorn_settings()
        report.losses = read_back_losses(report, stored_answers(servers.app.database_url))
    return report


def gunicorn_settings() -> str:
    """Return the worker settings of the project's gunicorn.conf.py, as the header shows them."""
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return (
        f"{conf.get('workers')} workers, {conf.get('worker_class')}, {conf.get('threads')} "
        f"threads, keepalive {conf.get('keepalive')} s, access log {conf.get('accesslog')!r}"
    )


def _exit_on_term(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # unwinds the ExitStack, so every server is stopped


def main() -> None:
    """Run the exam day with the settings from the environment; print the report."""
    signal.signal(signal.SIGTERM, _exit_on_term)
    settings = Settings.from_environment()
    started = time.monotonic()
    try:
        report = run(settings)
    except KeyboardInterrupt:
        sys.exit("\ninterrupted; every server this benchmark started is stopped")
    report.print()
    print(f"\n(done in {math.ceil(time.monotonic() - started)} s)")
    if report.failures():
        sys.exit("exam day FAILED: " + "; ".join(report.failures()))


if __name__ == "__main__":
    main()
