"""Redis with Sentinel: the primary is killed during the answer phase, the sentinels promote
the replica and the app follows without a restart.

The app is given the sentinels, not a server (REDIS_URL=redis+sentinel://.../mymaster/0).
While no primary answers (about two seconds: one to agree it is down, one to promote), saves
keep being acknowledged (Redis is written after the commit, best effort) and heartbeats fall
back to the database; afterwards the heartbeats and the proctor's live view are in Redis
again, on the new primary. Every acknowledged answer is read back from the database.
"""

from __future__ import annotations

import time
import urllib.parse
import urllib.request

import pytest

from bench.harness import sentinel
from bench.harness.client import Candidate
from bench.harness.roster import csrf_from
from bench.harness.sentinel import SentinelGroup
from tests.faults.page import unstored_answers
from tests.faults.recording import open_recording, run_recorded, stop_pages
from tests.services import missing

PAGES = 10
PASSWORD = "Pengawas-Sentinel-2026!"
LIVE = "/api/v1/proctor/rooms/R01/sessions/S1/live"
PREFIX = "asesmen:"  # the app's REDIS_PREFIX (Config default)


@pytest.fixture(scope="module")
def group(tmp_path_factory):
    """Primary, replica and three sentinels of our own; killed after the module."""
    reason = sentinel.unavailable_reason()
    if reason:
        missing(reason)
    redis_group = SentinelGroup(tmp_path_factory.mktemp("sentinel"))
    try:
        redis_group.start()
        yield redis_group
    finally:
        redis_group.close()


def _proctor(running) -> Candidate:
    """A proctor of R01, logged in through the form (the browser's cookies kept)."""
    running.cluster.flask(
        "users", "create", "--role", "proctor", "--username", "pengawas",
        "--password", PASSWORD, "--rooms", "R01",
    )  # fmt: skip
    browser = Candidate(running.url)
    with browser.opener.open(running.url + "/masuk", timeout=10) as response:
        token = csrf_from(response.read().decode())
    form = {"csrf_token": token, "username": "pengawas", "password": PASSWORD}
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(running.url + "/masuk", data=data, method="POST")
    with browser.opener.open(request, timeout=10) as response:  # follows the redirect home
        assert response.status == 200
    return browser


def _live_in_redis(proctor: Candidate, pages, within: float = 10.0) -> dict:
    """Poll the live view until it reads Redis again and every page's seat was seen lately."""
    deadline = time.monotonic() + within
    while True:
        view = proctor.request("GET", LIVE)
        seen = {seat["nip"]: seat["last_seen_seconds"] for seat in view["seats"]}
        fresh = all(seen.get(page.nip) is not None and seen[page.nip] <= 3 for page in pages)
        if view["live_notice"] is None and fresh:
            return view
        assert time.monotonic() < deadline, view
        time.sleep(0.5)


def test_the_app_follows_a_sentinel_failover_without_a_restart(group, make_cluster):
    running = make_cluster(candidates=PAGES, instances=1, workers=2, redis_url=group.url)
    proctor = _proctor(running)
    pages = open_recording(running, PAGES, think=(0.2, 0.5), heartbeat_every=1.0)
    stop, threads = run_recorded(pages)
    try:
        time.sleep(2.0)
        _live_in_redis(proctor, pages)
        killed_at = time.monotonic()
        old_port = group.kill_primary()
        new_port = group.wait_promoted(old_port)
        promoted_at, promoted_ms = time.monotonic(), time.time() * 1000
        time.sleep(3.0)
        during = sum(page.acks_between(killed_at, promoted_at) for page in pages)
        after = sum(page.acks_between(promoted_at) for page in pages)
        view = _live_in_redis(proctor, pages)
    finally:
        stop_pages(stop, threads, pages)

    print(f"sentinel failover: {promoted_at - killed_at:.1f} s to promotion, {during} saves acked")
    assert new_port != old_port
    assert during > 0, "no save was acknowledged while the sentinels promoted the replica"
    assert after > 0, "no save was acknowledged after the promotion"
    refusals = [refusal for page in pages for refusal in page.refusals]
    assert not refusals, refusals  # Redis missing for seconds refuses nothing
    # The heartbeats reach the new primary: every attempt was seen there after the promotion.
    with group.node(new_port).client() as client:
        seen = [client.hget(f"{PREFIX}att:{page.attempt_id}", "seen") for page in pages]
    assert all(value and int(value) > promoted_ms for value in seen), seen
    assert {seat["nip"] for seat in view["seats"]} >= {page.nip for page in pages}
    assert not unstored_answers(running.cluster.database_url, pages)
