"""Live servers are slow to start: one per test module that needs it."""

from __future__ import annotations

import shutil

import pytest

from bench.harness.servers import LiveServer, RedisServer


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def live_factory(tmp_path):
    """Build live servers on demand; every one is stopped and its data removed at the end."""
    made: list[LiveServer] = []

    def make(**kwargs) -> LiveServer:
        server = LiveServer(tmp_path / f"live{len(made)}", **kwargs)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()
        shutil.rmtree(server.directory, ignore_errors=True)
