"""Benchmark: server CPU and latency of an answer save, against a bare Flask + Redis endpoint.

The exam page's control poll (``GET .../signal``, every ~2 s per open page) is measured in the
same rounds, so its cost per request sits next to the save's and the bare endpoint's.

For each database (SQLite, then PostgreSQL), one run starts a redis-server of its own, the
real app (wsgi:app) and the bare app (bench.bare_app:app) under identical gunicorn settings,
logs candidates in and starts their first attempts, then sends the same number of
``PUT`` requests to each app in turn. Server CPU is utime + stime of every server process
(gunicorn master and workers, redis-server, and on PostgreSQL the cluster's processes);
the load generator's CPU is not counted. Figures are printed; nothing passes or fails.

Run: ``python -m bench.save`` (or ``make bench`` for every benchmark).
"""

from __future__ import annotations

import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from bench import gunicorn_conf
from bench.harness.client import Candidate
from bench.harness.roster import ROSTER_HEADER
from bench.harness.servers import RedisServer
from bench.load import Client, Load, LoadResult, run_load
from bench.procstat import (
    GUNICORN,
    OTHER_DATABASES,
    POSTGRES,
    REDIS,
    CpuMeter,
    CpuUsage,
    Discover,
    gunicorn_processes,
    postgres_processes,
)
from bench.servers import AppServer, BareServer, find_postgres

CANDIDATES = 60
REQUESTS = 3000  # per app and round
WARMUP = 300
ROUNDS = 2  # save, bare, save, bare: a change in the machine's other load hits both alike
PROCESSES, THREADS = 2, 8
SAVE_PATH = "/api/v1/attempts/{attempt}/answers/{item}"
BARE_PATH = "/bare/{item}"
SIGNAL_PATH = "/api/v1/attempts/{attempt}/signal"


@dataclass(frozen=True)
class Phase:
    """One app's measured phase: the load's answers and the servers' CPU."""

    load: LoadResult
    cpu: CpuUsage

    def __add__(self, other: Phase) -> Phase:
        return Phase(self.load + other.load, self.cpu + other.cpu)

    def cpu_ms(self, role: str | None = None) -> float:
        """Return server CPU milliseconds per request (all counted roles, or one role)."""
        seconds = self.cpu.counted if role is None else self.cpu.seconds.get(role, 0.0)
        return 1000 * seconds / len(self.load.latencies)


@dataclass(frozen=True)
class Database:
    """Where the app keeps its data: a label, and for PostgreSQL the server and postmaster."""

    label: str
    postgres_url: str | None = None
    postmaster: int | None = None


@dataclass(frozen=True)
class Target:
    """One app to load: its port, the request path template, how to find its processes."""

    port: int
    path: str
    discover: Discover
    method: str = "PUT"


def log_in(base_url: str, token: str, rows: list[list[str]]) -> list[Client]:
    """Log every roster candidate in and start their first attempt; return the clients."""
    nip, pin = ROSTER_HEADER.index("nip"), ROSTER_HEADER.index("pin")
    clients = []
    for row in rows:
        candidate = Candidate(base_url)
        attempts = candidate.login(row[nip], row[pin], token)["attempts"]
        attempt = candidate.start(attempts[0]["id"])
        options = {item["id"]: [o["key"] for o in item["options"]] for item in attempt["items"]}
        clients.append(Client(candidate.cookie_string(), candidate.csrf, attempt["id"], options))
    return clients


def measure(target: Target, clients: list[Client], first_seq: int) -> Phase:
    """Warm up, then send REQUESTS requests to one app while metering the servers' CPU."""
    load = Load(
        target.port, target.path, REQUESTS, WARMUP, PROCESSES, THREADS, first_seq, target.method
    )
    meter = CpuMeter(target.discover)
    result = run_load(load, clients, meter)
    return Phase(result, meter.usage)


def server_processes(gunicorn_pid: int, redis_pid: int, database: Database, name: str) -> Discover:
    """Return a function listing the phase's server processes with their roles."""

    def discover() -> dict[int, str]:
        found = gunicorn_processes(gunicorn_pid) | {redis_pid: REDIS}
        if database.postmaster:
            found |= postgres_processes(database.postmaster, name)
        return found

    return discover


def run_database(database: Database, workdir: Path) -> list[Phase]:
    """Start the servers on one database; measure save, bare endpoint and poll in turns."""
    with ExitStack() as stack:
        redis = RedisServer(workdir)
        stack.callback(redis.kill)
        redis.start()
        app = AppServer(workdir / "app", redis_url=redis.url, postgres_url=database.postgres_url)
        stack.callback(app.close)
        token, rows = app.prepare(candidates=CANDIDATES)
        app.start()
        bare = BareServer(redis.url)
        stack.callback(bare.stop)
        bare.start()
        clients = log_in(app.url, token, rows)
        name = make_url(app.database_url).database
        targets = [
            Target(
                server.port,
                path,
                server_processes(server.process.pid, redis.process.pid, database, name),
                method,
            )
            for server, path, method in (
                (app, SAVE_PATH, "PUT"),
                (bare, BARE_PATH, "PUT"),
                (app, SIGNAL_PATH, "GET"),
            )
        ]
        return alternate(targets, clients)


def alternate(targets: list[Target], clients: list[Client]) -> list[Phase]:
    """Measure each target in turn, ROUNDS times over; return each target's summed phases."""
    totals: list[Phase | None] = [None] * len(targets)
    for round_ in range(ROUNDS):
        first_seq = 1 + round_ * (WARMUP + REQUESTS)
        for i, target in enumerate(targets):
            phase = measure(target, clients, first_seq)
            totals[i] = phase if totals[i] is None else totals[i] + phase
    return totals


def databases():
    """Yield SQLite, then PostgreSQL when a local server answers (else print why not)."""
    yield Database("SQLite (in the gunicorn workers)")
    try:
        url, postmaster = find_postgres()
    except RuntimeError as exc:
        print(f"\nPostgreSQL skipped: {exc}. Set TEST_POSTGRES_URL to a local server.")
        return
    yield Database("PostgreSQL (every process of the cluster)", url, postmaster)


def _row(label: str, save: float, bare: float, ratio: bool = False, fmt: str = ".2f") -> str:
    cells = f"{label:<34}{save:>10{fmt}}{bare:>10{fmt}}"
    return cells + (f"{save / bare:>12.2f}" if ratio and bare else "")


def print_table(label: str, save: Phase, bare: Phase) -> None:
    """Print one database's figures: CPU per request by role, latency, throughput, errors."""
    print(f"\n== {label} ==")
    print(f"{'':<34}{'save':>10}{'bare':>10}{'save/bare':>12}")
    print(_row("server CPU ms/request", save.cpu_ms(), bare.cpu_ms(), ratio=True))
    roles = [(GUNICORN, "  gunicorn master + workers"), (REDIS, "  redis-server")]
    if POSTGRES in save.cpu.seconds:
        roles.append((POSTGRES, "  postgres (this db + cluster)"))
    for role, name in roles:
        print(_row(name, save.cpu_ms(role), bare.cpu_ms(role)))
    if save.cpu.seconds.get(OTHER_DATABASES) or bare.cpu.seconds.get(OTHER_DATABASES):
        print(_row("  (not counted: other databases)", *_other(save, bare)))
    for q in (50, 95, 99):
        print(_row(f"latency p{q} ms", save.load.percentile(q), bare.load.percentile(q), True))
    print(_row("throughput req/s", save.load.throughput, bare.load.throughput, fmt=".0f"))
    print(_row("requests", len(save.load.latencies), len(bare.load.latencies), fmt="d"))
    print(_row("errors (non-200)", save.load.errors, bare.load.errors, fmt="d"))
    for name, phase in (("save", save), ("bare", bare)):
        if phase.load.errors:
            print(f"  {name} answers by status: {dict(phase.load.statuses)}  (0 = no answer)")


def print_poll(poll: Phase, bare: Phase) -> None:
    """Print the control poll's figures beside the bare endpoint's."""
    print(f"{'':<34}{'poll':>10}{'bare':>10}{'poll/bare':>12}")
    print(_row("server CPU ms/request", poll.cpu_ms(), bare.cpu_ms(), ratio=True))
    for q in (50, 95, 99):
        print(_row(f"latency p{q} ms", poll.load.percentile(q), bare.load.percentile(q), True))
    print(_row("requests, errors", len(poll.load.latencies), poll.load.errors, fmt="d"))


def _other(save: Phase, bare: Phase) -> tuple[float, float]:
    return save.cpu_ms(OTHER_DATABASES), bare.cpu_ms(OTHER_DATABASES)


def print_header() -> None:
    """Say what is measured and how."""
    conf = gunicorn_conf
    lines = [
        "Answer save vs a bare Flask endpoint doing one Redis HSET, under the same gunicorn",
        f"({conf.workers} workers, {conf.worker_class}, {conf.threads} threads, no access log).",
        f"{CANDIDATES} candidates logged in with their first attempt started. Per app and round:",
        f"{WARMUP} warm-up then {REQUESTS} measured PUTs from {PROCESSES} processes x {THREADS}"
        " threads (keep-alive);",
        f"{ROUNDS} rounds alternating save, bare and the control poll (GETs), summed.",
        "Server CPU = utime + stime (/proc/<pid>/stat) of the gunicorn master and workers, the",
        "redis-server and, on PostgreSQL, the postmaster and all its children (the whole cluster;",
        "backends of other databases are shown apart, not counted). The load generator is not",
        "counted, but it shares the machine's cores: latency includes waiting for a CPU.",
    ]
    print("\n".join(lines))


def _exit_on_term(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # unwinds the ExitStacks, so every server is stopped


def main() -> None:
    """Run the benchmark on every available database and print the tables."""
    signal.signal(signal.SIGTERM, _exit_on_term)
    try:
        run()
    except KeyboardInterrupt:
        sys.exit("\ninterrupted; every server this benchmark started is stopped")


def run() -> None:
    """Print the header, then one table per database; exit 1 if any request failed."""
    print_header()
    started, errors = time.monotonic(), 0
    for database in databases():
        with tempfile.TemporaryDirectory(prefix="asesmen-bench-") as workdir:
            save, bare, poll = run_database(database, Path(workdir))
        print_table(database.label, save, bare)
        print_poll(poll, bare)
        errors += save.load.errors + bare.load.errors + poll.load.errors
    print(f"\n(done in {time.monotonic() - started:.0f} s)")
    if errors:
        sys.exit(f"{errors} requests did not answer 200: the figures above are not valid")


if __name__ == "__main__":
    main()
