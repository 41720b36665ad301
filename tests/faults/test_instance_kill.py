"""One of three app instances dies (SIGKILL to its master and workers at once) while forty
candidates are answering through HAProxy: the balancer takes it out of the rotation, the pages
retry what failed with the same seq, and every acknowledged answer is in the database."""

from __future__ import annotations

import threading
import time

from tests.faults.conftest import SHARED_ROWS, open_pages
from tests.faults.page import run_pages, unstored_answers

VICTIM = 1  # app2


def _pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_killing_an_instance_during_the_answer_phase_loses_nothing(shared_cluster):
    cluster = shared_cluster.cluster
    pages = open_pages(shared_cluster, SHARED_ROWS["instance_kill"], think=(0.3, 1.0))
    stop = threading.Event()
    threads = run_pages(pages, stop)
    time.sleep(5)
    before = sum(p.acks for p in pages)

    retried_before = cluster.balancer.retried()
    killed = cluster.kill(VICTIM)
    time.sleep(8)  # answering goes on on the two others
    assert not any(_pid_alive(pid) for pid in killed), "master and workers are gone"
    assert cluster.balancer.status()[f"app{VICTIM + 1}"] == "DOWN"
    during = sum(p.acks for p in pages)

    retried = cluster.balancer.retried() - retried_before
    cluster.restart(VICTIM)  # back in the rotation once its health check passes
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(120)

    acks, failures = sum(p.acks for p in pages), sum(p.failures for p in pages)
    print(f"\n{len(pages)} pages: {acks} acks; retried by HAProxy {retried}, pages {failures}")
    assert not [e for p in pages for e in p.errors]
    assert not [p.nip for p in pages if p.queue], "every page flushed its queue"
    assert during > before > 0, "saves were acknowledged before and while app2 was dead"
    assert retried > 0, "requests that met the dead instance went to another one"
    assert cluster.balancer.status() == {"app1": "UP", "app2": "UP", "app3": "UP"}
    assert not unstored_answers(cluster.database_url, pages)
