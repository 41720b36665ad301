"""Backup and restore of a running exam, as docs/operations.md ("Cadangan dan pemulihan")
says: `pg_dump -Fc` while candidates keep saving, `pg_restore` into a fresh database, every
answer acknowledged before the dump began is there, and the app opens the restored database
(its migration is the head; a candidate's browser reads its attempt from it).

pg_dump reads one snapshot taken when it starts, so an answer acknowledged (committed) before
that moment is in the dump; later ones may or may not be.
"""

from __future__ import annotations

import subprocess
import time
from types import SimpleNamespace

from bench.harness.balancer import Instance
from bench.harness.client import Candidate
from bench.harness.servers import BIN, ROOT
from tests.faults.page import unstored_answers
from tests.faults.recording import open_recording, run_recorded, stop_pages

PAGES = 8


def _flask(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_dump_of_a_running_exam_restores_every_answer_acknowledged_before_it(
    pg, make_cluster, tmp_path
):
    database_url = pg.create_database("asesmen")
    running = make_cluster(candidates=PAGES, instances=1, workers=2, database_url=database_url)
    pages = open_recording(running, PAGES, think=(0.1, 0.3), heartbeat_every=2.0)
    dump = tmp_path / "asesmen.dump"
    stop, threads = run_recorded(pages)
    try:
        time.sleep(2.0)
        before = {page.nip: page.acknowledged_now() for page in pages}
        dump_began = time.monotonic()
        pg.dump("asesmen", dump)  # while the pages keep saving
        dump_ended = time.monotonic()
        time.sleep(0.5)
    finally:
        stop_pages(stop, threads, pages)
    during = sum(page.acks_between(dump_began, dump_ended) for page in pages)
    print(f"pg_dump: {dump_ended - dump_began:.1f} s, {during} answers acknowledged meanwhile")
    assert during > 0, "no answer was saved while pg_dump ran"

    restored_url = pg.create_database("asesmen_pulih")
    pg.restore(dump, "asesmen_pulih")
    as_dumped = [
        SimpleNamespace(
            nip=page.nip, attempt_id=page.attempt_id, acknowledged=before[page.nip], sent=page.sent
        )
        for page in pages
    ]
    assert sum(len(acked) for acked in before.values()) > 0
    assert not unstored_answers(restored_url, as_dumped)

    # The app opens the restored database: its migration is the head ...
    app = Instance(tmp_path / "pulih", restored_url, running.cluster.redis_url, workers=1)
    env = app.env
    assert "(head)" in _flask(env, "db", "current")
    # ... and a candidate's browser reads its attempt from it, answers included.
    app.instance.mkdir(parents=True, exist_ok=True)
    try:
        app.start()
        page = pages[0]
        browser = Candidate(app.url, cookie_header=page.client.cookie_string())
        body = browser.request("GET", f"/api/v1/attempts/{page.attempt_id}")
    finally:
        app.close()
    assert body["last_seq"] >= max(before[page.nip].values(), default=0)
