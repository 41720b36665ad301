"""The exam-day benchmark end to end, small: 12 candidates, a few seconds per phase.

It runs as `make bench` runs it (`python -m bench.examday`, its own gunicorn, Redis and
database) on the suite's database: SQLite, or PostgreSQL when the suite runs on it. What it
holds is the benchmark's own honesty: no answer lost, no request failed, every phase measured.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import require_postgres

ROOT = Path(__file__).resolve().parents[2]
PHASES = ("login", "start", "answer", "finish", "read-back")
SMALL = {
    "BENCH_CANDIDATES": "12",
    "BENCH_LOGIN_SECONDS": "1",
    "BENCH_ANSWER_SECONDS": "4",
    "BENCH_THINK_SECONDS": "10",  # one save a second per page: a few dozen in 4 s
    "BENCH_COMPRESS": "10",
    "BENCH_PROCESSES": "2",
    "BENCH_ROOM_SIZE": "5",  # three rooms
}


@pytest.fixture(scope="module")
def output() -> str:
    """Run the benchmark once; return what it printed (it must exit 0)."""
    env = dict(os.environ, **SMALL)
    if (env.get("DATABASE_URL") or "").startswith("postgres"):
        require_postgres()
        env["BENCH_DB"] = "postgres"
    else:
        env["BENCH_DB"] = "sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "bench.examday"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _latency_rows(text: str) -> dict[tuple[str, str], list[float]]:
    """Return (phase, kind) -> [requests, errors, p50, p95, p99, max, req/s]."""
    rows, phase = {}, None
    for line in text.splitlines():
        match = re.match(r"^(\S+)?\s+([a-z-]+)\s+(\d+)\s+(\d+)((?:\s+[\d.]+){5})$", line)
        if match:
            phase = match.group(1) or phase
            numbers = [float(x) for x in match.group(3, 4)] + [
                float(x) for x in match.group(5).split()
            ]
            rows[(phase, match.group(2))] = numbers
    return rows


def test_no_answer_lost_and_no_request_failed(output):
    assert "lost: 0 (database), 0 (GET attempt)" in output
    assert "candidates: 12; logged in 12, started 12, finished 12; errors: 0" in output
    acknowledged = int(re.search(r"acknowledged saves: (\d+)", output).group(1))
    assert acknowledged >= 12  # every page saved at least once


def test_every_phase_printed_its_figures(output):
    rows = _latency_rows(output)
    for phase in PHASES:
        requests, errors, p50, *_ = rows[(phase, "all")]
        assert requests > 0 and errors == 0 and p50 > 0, (phase, rows[(phase, "all")])
        cpu = re.search(rf"^{phase}\s+([\d.]+)\s+(\d+)\s+(\d+)\s+([\d.]+)", output, re.M)
        assert cpu and float(cpu.group(4)) > 0, f"no server CPU figures for {phase}"
    for kind in ("save", "signal"):
        assert rows[("answer", kind)][0] > 0, kind
    heartbeats = sum(rows.get((p, "heartbeat"), [0])[0] for p in ("start", "answer"))
    assert heartbeats > 0
    assert re.search(r"skipped heartbeat ticks: \d+", output)
    assert "goals (issue 15" in output
