"""The embedded redis-server: one real 6.2 process per instance folder, shared by workers."""

from __future__ import annotations

import multiprocessing

import redis

from assessment_app.store import ensure_embedded, stop_embedded


def _start(path: str, queue) -> None:
    queue.put(ensure_embedded(path))


def test_racing_workers_share_one_embedded_server(tmp_path):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_start, args=(str(tmp_path), queue)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(20)
    urls = {queue.get(timeout=5) for _ in workers}
    try:
        assert len(urls) == 1
        client = redis.Redis.from_url(urls.pop())
        info = client.info("server")
        assert info["redis_version"].startswith("6.2")
        assert (tmp_path / "redis.pid").read_text().strip() == str(info["process_id"])
        client.close()
    finally:
        stop_embedded(str(tmp_path))


def test_a_dead_server_is_started_again(tmp_path):
    url = ensure_embedded(str(tmp_path))
    stop_embedded(str(tmp_path))
    assert ensure_embedded(str(tmp_path)) == url
    client = redis.Redis.from_url(url)
    try:
        assert client.ping()
    finally:
        client.close()
        stop_embedded(str(tmp_path))
