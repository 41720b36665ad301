"""The embedded redis-server: one real 6.2 process per instance folder, shared by workers."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import redis

from assessment_app.store import ensure_embedded, stop_embedded


def _start(path: str, barrier, queue) -> None:
    barrier.wait(10)  # every worker asks at the same moment, as gunicorn's do at boot
    queue.put(ensure_embedded(path))


def _servers_working_in(directory: Path) -> list[int]:
    """Return the pids of the redis-server processes whose working folder (--dir) is directory."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if os.readlink(proc / "cwd") == str(directory.resolve()) and os.readlink(
                proc / "exe"
            ).endswith("redis-server"):
                pids.append(int(proc.name))
        except (OSError, ValueError):
            continue  # not a process, gone meanwhile, or not ours to read
    return pids


def test_racing_workers_share_one_embedded_server(tmp_path):
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(4), context.Queue()
    workers = [
        context.Process(target=_start, args=(str(tmp_path), barrier, queue)) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(20)
    urls = {queue.get(timeout=5) for _ in workers}
    try:
        assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
        # the URL is the same for every server of a folder, so count the processes
        assert len(_servers_working_in(tmp_path)) == 1
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
