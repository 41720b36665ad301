"""Under gunicorn with two workers, a scrape adds up what every worker counted.

A real gunicorn (the project's gunicorn.conf.py, whose master prepares the metrics
directory), real requests in parallel until both workers have served some; then each
worker's own files are read apart to show both counted, and one scrape, answered by either
worker, must hold the sum. A killed worker's counts stay in the sum.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from bench.harness.client import Candidate
from tests.ops.conftest import METRICS_TOKEN

LATENCY_COUNT = "asesmen_http_request_duration_seconds_count"


def _get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def _samples(text: str, name: str, **labels) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and labels.items() <= sample.labels.items()
    )


def _healthz_count_of(directory: Path, pid: int, scratch: Path) -> float:
    """What one worker counted: its own histogram file, collected alone."""
    alone = scratch / str(pid)
    alone.mkdir(parents=True, exist_ok=True)
    source = directory / f"histogram_{pid}.db"
    if not source.exists():
        return 0
    shutil.copy(source, alone / source.name)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(alone))
    text = generate_latest(registry).decode()
    return _samples(text, LATENCY_COUNT, endpoint="ops.healthz")


@contextmanager
def _paused(pids: list[int]):
    """Stop these workers (SIGSTOP) for the block: the others accept its connections."""
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def _wait_for_workers(server, count: int) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        if len(pids) == count:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not come back to {count} workers: {pids}")


def test_a_scrape_adds_up_every_workers_counts(live_factory, tmp_path):
    directory = tmp_path / "metrics"
    directory.mkdir()  # the commands of prepare() build the app too
    server = live_factory(workers=2)
    server.env |= {"METRICS_TOKEN": METRICS_TOKEN, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    token, rows = server.prepare(candidates=1)
    server.start()
    workers = _wait_for_workers(server, 2)

    sent, per_worker = 0, {}
    with ThreadPoolExecutor(8) as pool:
        for batch in range(1, 31):
            busy = [pid for pid, count in per_worker.items() if count]
            # Once one worker has served, it is paused for a batch: a loaded machine (CI runs
            # other suites) otherwise lets one worker accept every connection.
            with _paused(busy if 0 < len(busy) < len(workers) else []):
                statuses = list(pool.map(lambda _: _get(server.url + "/healthz")[0], range(16)))
            assert statuses == [200] * 16
            sent += 16
            scratch = tmp_path / f"scratch{batch}"
            per_worker = {pid: _healthz_count_of(directory, pid, scratch) for pid in workers}
            if all(per_worker.values()):
                break
    assert all(per_worker.values()), f"one worker served every request: {per_worker}"
    assert sum(per_worker.values()) == sent

    for _ in range(3):  # whichever worker answers the scrape, it shows the sum
        status, text = _get(server.url + "/metrics", METRICS_TOKEN)
        assert status == 200
        assert _samples(text, LATENCY_COUNT, endpoint="ops.healthz") == sent

    # The running attempts come from the database, whichever worker is asked.
    candidate = Candidate(server.url)
    attempt_id = candidate.login(rows[0][0], rows[0][9], token)["attempts"][0]["id"]
    candidate.start(attempt_id)
    _, text = _get(server.url + "/metrics", METRICS_TOKEN)
    assert _samples(text, "asesmen_active_attempts", status="in_progress") == 1

    # A worker killed mid-day takes none of its counts with it.
    server.kill_worker()
    _wait_for_workers(server, 2)
    _, text = _get(server.url + "/metrics", METRICS_TOKEN)
    assert _samples(text, LATENCY_COUNT, endpoint="ops.healthz") == sent
