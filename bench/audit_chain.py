"""Benchmark: what sealing the audit chain costs a commit, alone and under a login peak.

For each database (SQLite in a temporary file, then PostgreSQL when reachable), on a fresh
schema:
- serial: one audited commit at a time, with the seal and with it switched off; the
  difference is the seal's cost per commit;
- peak: 600 audited commits from 8 threads at once (600 candidates logging in within 30 s
  is the exam-day peak): wall time, hence the longest the chain's lock can be held per
  commit, and each seal's time including its wait for the lock;
- backlog: sealing 20,000 entries written before the chain existed (migration 0006), in the
  one commit that meets them.
Figures are printed; nothing passes or fails.

Run: ``python -m bench.audit_chain``.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager

from sqlalchemy import insert

from assessment_app import audit, clock
from assessment_app.audit import chain as audit_chain
from assessment_app.extensions import db
from assessment_app.models import AuditEntry
from bench.harness.postgres import postgres_base_url, temporary_postgres_database

SERIAL = 300
THREADS, PER_THREAD = 8, 75
BACKLOG = 20_000


@contextmanager
def _app(url: str, instance: str):
    from flask_migrate import upgrade

    from assessment_app import create_app

    application = create_app(
        INSTANCE_PATH=instance, SQLALCHEMY_DATABASE_URI=url, REDIS_URL="redis://127.0.0.1:9/0"
    )
    with application.app_context():
        upgrade()
    try:
        yield application
    finally:
        with application.app_context():
            db.engine.dispose()


@contextmanager
def _seal_timed(holds: list[float], enabled: bool = True):
    """Time every seal (the span the chain's lock is held before the commit), or skip it."""
    original = audit_chain.seal

    def timed(session, key):
        if not enabled:
            return 0
        began = time.perf_counter()
        try:
            return original(session, key)
        finally:
            holds.append(time.perf_counter() - began)

    audit_chain.seal = timed
    try:
        yield
    finally:
        audit_chain.seal = original


def _commits(count: int, actor: str) -> None:
    for n in range(count):
        audit.record(actor, "bench.login", target=f"candidate:{n}", details={"device": "x" * 22})
        db.session.commit()


def _serial(application) -> tuple[float, float]:
    """Return ms per audited commit without and with the seal."""
    figures = []
    for enabled in (False, True):
        with application.app_context(), _seal_timed([], enabled):
            began = time.perf_counter()
            _commits(SERIAL, f"serial-{enabled}")
            figures.append((time.perf_counter() - began) * 1000 / SERIAL)
        if not enabled:  # seal what the unsealed run left, outside the timing
            with application.app_context():
                audit.record("bench", "bench.flush")
                db.session.commit()
    return figures[0], figures[1]


def _peak(application) -> tuple[float, list[float]]:
    holds: list[float] = []
    start = threading.Barrier(THREADS)

    def writer(number: int) -> None:
        with application.app_context():
            start.wait()
            _commits(PER_THREAD, f"peak{number}")

    with _seal_timed(holds):
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    return wall, holds


def _backlog(application) -> float:
    with application.app_context():
        rows = [
            {
                "at": clock.now(),
                "actor": "old",
                "action": "legacy",
                "target": f"candidate:{n}",
                "reason": "",
                "details": {"n": n},
                "address": "",
            }
            for n in range(BACKLOG)
        ]
        db.session.execute(insert(AuditEntry), rows)
        db.session.commit()  # core inserts: nothing sealed yet
        began = time.perf_counter()
        audit.record("bench", "bench.after_upgrade")
        db.session.commit()
        return time.perf_counter() - began


def _verify(application) -> tuple[int, float]:
    with application.app_context():
        began = time.perf_counter()
        verdict = audit_chain.verify(
            db.session, audit_chain.chain_key(application.config["SECRET_KEY"])
        )
        assert verdict.ok, verdict.broken
        return verdict.checked, time.perf_counter() - began


def _report(name: str, url: str, instance: str) -> None:
    with _app(url, instance) as application:
        off, on = _serial(application)
        wall, holds = _peak(application)
        backlog = _backlog(application)
        checked, verify_s = _verify(application)
    holds_ms = sorted(h * 1000 for h in holds)
    p95 = holds_ms[int(len(holds_ms) * 0.95) - 1]
    print(f"{name}:")
    print(
        f"  serial audited commit: {off:.2f} ms without the seal, {on:.2f} ms with it "
        f"(+{on - off:.2f} ms)"
    )
    commits = THREADS * PER_THREAD
    print(
        f"  peak: {commits} audited commits from {THREADS} threads in {wall:.2f} s "
        f"({commits / wall:.0f}/s; sealers run one at a time, so the lock is held at most "
        f"{wall * 1000 / commits:.1f} ms per commit); seal including the wait for the lock: "
        f"median {statistics.median(holds_ms):.2f} ms, p95 {p95:.2f} ms"
    )
    print(f"  backlog: {BACKLOG} pre-chain entries sealed in one commit in {backlog:.2f} s")
    print(f"  audit verify: {checked} entries in {verify_s:.2f} s")


def main() -> None:
    """Run the SQLite and (when reachable) PostgreSQL rounds and print the figures."""
    with ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-audit-"))
        _report("SQLite", f"sqlite:///{folder}/audit.db", folder)
        base = postgres_base_url()
        if base is None:
            print("PostgreSQL: skipped (set TEST_POSTGRES_URL or DATABASE_URL)")
            return
        url = stack.enter_context(temporary_postgres_database(base))
        _report("PostgreSQL", url, folder)


if __name__ == "__main__":
    main()
