"""The fault suite: real processes killed, cut off and restarted; `make faults` runs it.

Every test under tests/faults/ is marked `faults` here, and pyproject's addopts deselects
that marker, so `make test` (plain pytest) skips the suite at collection and stays as fast as
before; `make faults` runs `pytest -m faults tests/faults`.

Shared with every fault test (tests/faults/page.py holds the client):

- `make_cluster(**kwargs)`: a `bench.harness.balancer.Cluster` (HAProxy in front of two or
  three gunicorn instances on one throwaway PostgreSQL database and one Redis), prepared with
  a roster and session S1 open, started, closed at the end of the module. Keyword arguments
  go to Cluster (`instances`, `workers`, `redis_url`, `database_url`) and to prepare
  (`candidates`). It returns a `Running` (cluster, session token, roster rows).
- `shared_cluster`: one such cluster for the whole run (three instances, 110 candidates),
  for tests that leave it as they found it; SHARED_ROWS says which roster rows each uses.
- `pages(running, rows, **kwargs)`: open an exam page (log in, start) through the balancer
  for each roster row of the slice `rows`, several at once.
- `pg`: a private PostgreSQL server for the module (bench/harness/pgcluster.py), for the
  tests that stop it or dump it: the machine's own is shared and must never stop.
- `tests.faults.page.unstored_answers(database_url, pages)`: every acknowledged answer read
  back from the database; a test ends with `assert not unstored_answers(...)`.

The cluster needs Debian's haproxy and a PostgreSQL server (TEST_POSTGRES_URL or
DATABASE_URL): without them the tests skip visibly, or fail when TEST_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.harness.balancer import Cluster, haproxy_available
from tests.faults.page import ExamPage
from tests.services import missing, require_postgres

FAULTS_DIR = Path(__file__).resolve().parent
SHARED_CANDIDATES = 110
# Roster rows of the shared cluster, per test module (slices of the roster, never shared).
SHARED_ROWS = {"multihost": slice(0, 10), "instance_kill": slice(10, 50), "cut": slice(50, 110)}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark every test of this directory `faults` (before -m selects on markers)."""
    for item in items:
        if FAULTS_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.faults)


@dataclass
class Running:
    """A started cluster with its roster: NIP in column 0, PIN in column 9 of each row."""

    cluster: Cluster
    token: str
    rows: list

    @property
    def url(self) -> str:
        """The balancer's address."""
        return self.cluster.url


def require_cluster_services() -> None:
    """Skip (or fail under TEST_REQUIRE_SERVICES=1) without haproxy or PostgreSQL."""
    if not haproxy_available():
        missing("haproxy (apt-get install haproxy)")
    require_postgres()


def _build(tmp_path_factory, made: list[Cluster], candidates: int, **kwargs) -> Running:
    require_cluster_services()
    directory = tmp_path_factory.mktemp("cluster")
    cluster = Cluster(directory, **kwargs)
    made.append(cluster)
    token, rows = cluster.prepare(candidates=candidates)
    cluster.start()
    return Running(cluster, token, rows)


def _close(made: list[Cluster]) -> None:
    for cluster in made:
        cluster.close()
        shutil.rmtree(cluster.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def shared_cluster(tmp_path_factory):
    """One cluster (three instances, SHARED_CANDIDATES candidates) for the tests that leave
    it as they found it: an instance killed is started again before the test ends. Each test
    takes roster rows no other test uses (see `SHARED_ROWS`)."""
    made: list[Cluster] = []
    yield _build(tmp_path_factory, made, SHARED_CANDIDATES)
    _close(made)


@pytest.fixture(scope="module")
def make_cluster(tmp_path_factory):
    """Build started clusters on demand; each is closed and its data removed after the module."""
    made: list[Cluster] = []

    def make(candidates: int = 40, **kwargs) -> Running:
        return _build(tmp_path_factory, made, candidates, **kwargs)

    yield make
    _close(made)


def open_pages(running: Running, rows: slice, **kwargs) -> list[ExamPage]:
    """Open an exam page for each roster row of `rows`, logged in and started, in parallel."""
    pages = [
        ExamPage(running.url, row[0], row[9], running.token, seed=n, **kwargs)
        for n, row in enumerate(running.rows[rows], start=rows.start or 0)
    ]
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(ExamPage.open, pages))
    return pages


@pytest.fixture
def pages():
    """The `open_pages` function, for tests that prefer a fixture to an import."""
    return open_pages


@pytest.fixture(scope="module")
def pg():
    """A private PostgreSQL server (its pg_dump and pg_restore match it), removed after the
    module."""
    from bench.harness import pgcluster

    reason = pgcluster.unavailable_reason()
    if reason:
        missing(reason)
    with pgcluster.PgCluster() as cluster:
        yield cluster
