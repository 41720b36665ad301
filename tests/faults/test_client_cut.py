"""A tenth of the candidates lose the network for 60 s in the answer phase: their pages keep
queueing changes with rising seq, as static/js/exam does, and flush the queue when they are
back; everyone else answers on. Every acknowledged answer is in the database afterwards, the
cut pages' last changes included."""

from __future__ import annotations

import threading
import time

from tests.faults.conftest import SHARED_ROWS, open_pages
from tests.faults.page import run_pages, unstored_answers

CUT_SECONDS = 60  # the figure


def test_a_tenth_of_the_clients_cut_off_for_a_minute_flush_their_queues(shared_cluster):
    pages = open_pages(shared_cluster, SHARED_ROWS["cut"], think=(1.0, 3.0), heartbeat_every=10.0)
    cut = pages[::10]  # one in ten
    stop = threading.Event()
    threads = run_pages(pages, stop)
    time.sleep(5)

    for page in cut:
        page.offline = True
    seq_at_cut = {page.nip: page.seq for page in cut}
    acknowledged_at_cut = {page.nip: dict(page.acknowledged) for page in cut}
    time.sleep(CUT_SECONDS)
    for page in cut:
        assert page.seq - seq_at_cut[page.nip] >= 10, "changes went on with rising seq"
        assert page.queue, "and waited in the queue"
        assert page.acknowledged == acknowledged_at_cut[page.nip], "none reached the server"
    seq_at_return = {page.nip: page.seq for page in cut}
    for page in cut:
        page.offline = False
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join(120)

    queued = {p.nip: p.seq - seq_at_cut[p.nip] for p in cut}
    print(f"\n{len(pages)} pages, {len(cut)} cut off; changes queued while cut: {queued}")
    assert not [e for p in pages for e in p.errors]
    assert not [p.nip for p in pages if p.queue], "every page flushed its queue"
    for page in cut:
        assert page.failures > 0
        assert max(page.acknowledged.values()) >= seq_at_return[page.nip]
    assert not unstored_answers(shared_cluster.cluster.database_url, pages)
