"""PostgreSQL restarts during the answer phase: saves answer 503 while it is down, the pages
retry the same seq, the connection pools recover without an app restart, and every
acknowledged answer is in the database afterwards.

The server is a private one (bench/harness/pgcluster.py): the machine's own PostgreSQL is
shared by everyone and must never be stopped. It is restarted twice: once cleanly (`pg_ctl
stop -m fast`, what `systemctl restart postgresql` does: sessions are told and cut) and once
as a crash (`-m immediate`: no goodbye, crash recovery at the next start).
"""

from __future__ import annotations

import time

from tests.faults.page import unstored_answers
from tests.faults.recording import open_recording, raw_request, run_recorded, stop_pages

PAGES = 10
DOWN_SECONDS = 2.0
AFTER_SECONDS = 3.0
RECOVERY_SECONDS = 10.0  # a save must be acknowledged again this soon after the restart


def _probe_down(probe, app_url: str) -> None:
    """A save and a read straight to the app while the database is down: 503
    database_unavailable with Retry-After, never a 500."""
    item = probe.items[0]
    path = f"/api/v1/attempts/{probe.attempt_id}/answers/{item['id']}"
    for method, target, body in (
        ("PUT", path, {"choice": item["options"][0]["key"], "seq": 1}),
        ("GET", f"/api/v1/attempts/{probe.attempt_id}", None),
    ):
        status, headers, answer = raw_request(probe, app_url, method, target, body)
        assert status == 503, (method, status, answer)
        assert answer["error"]["code"] == "database_unavailable"
        assert int(headers["Retry-After"]) > 0


def _probe_until_saved(probe, app_url: str, seq: int) -> float:
    """Save one answer as the page does (same seq until a 200); return how long it took."""
    item = probe.items[0]
    choice = item["options"][seq % len(item["options"])]["key"]
    path = f"/api/v1/attempts/{probe.attempt_id}/answers/{item['id']}"
    probe.sent[(item["id"], seq)] = choice
    began = time.monotonic()
    while time.monotonic() - began < RECOVERY_SECONDS:
        status, _headers, answer = raw_request(
            probe, app_url, "PUT", path, {"choice": choice, "seq": seq}
        )
        if status == 200:
            probe._acknowledge(item["id"], seq, answer)
            return time.monotonic() - began
        assert status == 503, (status, answer)
        time.sleep(0.2)
    raise AssertionError(f"no save acknowledged within {RECOVERY_SECONDS} s of the restart")


def test_saves_answer_503_while_postgres_restarts_and_nothing_acknowledged_is_lost(
    pg, make_cluster
):
    database_url = pg.create_database("exam")
    running = make_cluster(candidates=PAGES + 1, instances=1, workers=2, database_url=database_url)
    app_url = running.cluster.instances[0].url  # the app itself, not the balancer
    pages = open_recording(running, PAGES, think=(0.2, 0.5), heartbeat_every=2.0)
    probe = open_recording(running, 1, first=PAGES)[0]
    stop, threads = run_recorded(pages)
    try:
        time.sleep(2.0)
        recoveries, after_restart = [], []
        for number, mode in enumerate(("fast", "immediate"), start=1):
            pg.stop(mode)
            _probe_down(probe, app_url)
            time.sleep(DOWN_SECONDS)
            pg.start()
            up_at = time.monotonic()
            recoveries.append(_probe_until_saved(probe, app_url, seq=number))
            time.sleep(AFTER_SECONDS)
            after_restart.append(sum(page.acks_between(up_at) for page in pages))
    finally:
        stop_pages(stop, threads, pages)

    refusals = {(status, code) for page in pages for _method, status, code in page.refusals}
    met = sum(len(page.refusals) for page in pages)
    print(f"postgres restarts: {met} refusals met, first save after each restart {recoveries} s")
    assert (503, "database_unavailable") in refusals, "the pages never met the outage"
    assert refusals <= {(503, "database_unavailable")}, refusals  # never a 500
    assert all(count > 0 for count in after_restart), after_restart  # pools recovered
    assert max(recoveries) < RECOVERY_SECONDS, recoveries
    assert not unstored_answers(database_url, [*pages, probe])
