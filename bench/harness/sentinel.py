"""A private Redis Sentinel group: one primary, one replica and three sentinels (Debian's
redis-server and redis-sentinel), on free ports, for the failover test and its benchmark.

The sentinels agree (quorum 2) that the primary is down one second after it stops answering
(`down-after-milliseconds 1000`) and promote the replica; the app, given the sentinels'
addresses (`redis+sentinel://...`), asks them for the primary on every new connection.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import redis

from bench.harness.servers import free_port, wait_for

REDIS_SERVER = os.environ.get("REDIS_SERVER_BIN", "/usr/bin/redis-server")
REDIS_SENTINEL = os.environ.get("REDIS_SENTINEL_BIN", "/usr/bin/redis-sentinel")
DOWN_AFTER_MS = 1000
FAILOVER_TIMEOUT_MS = 5000


def unavailable_reason() -> str | None:
    """Say why a Sentinel group cannot run here (Debian's redis-server/redis-sentinel missing)."""
    for binary in (REDIS_SERVER, REDIS_SENTINEL):
        if not (os.path.exists(binary) or shutil.which(binary)):
            return f"{binary} not found (apt-get install redis-server redis-sentinel)"
    return None


class _Process:
    """One redis-server or redis-sentinel process on a fixed port, restartable."""

    def __init__(self, command: list[str], port: int, log: Path):
        self.command, self.port, self.log = command, port, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT)
        wait_for(self.answers, f"redis on port {self.port}")

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, decode_responses=True, socket_timeout=2)

    def answers(self) -> bool:
        try:
            with self.client() as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL (a crash: no shutdown, no save)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(5)


class SentinelGroup:
    """Primary + replica + three sentinels monitoring them as `master_name`."""

    def __init__(self, directory: Path, master_name: str = "mymaster", sentinels: int = 3):
        self.directory = directory
        self.master_name = master_name
        directory.mkdir(parents=True, exist_ok=True)
        self.nodes = [self._node(n) for n in range(2)]
        self.sentinels = [self._sentinel(n) for n in range(sentinels)]

    def _node(self, number: int) -> _Process:
        port = free_port()
        command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        command += ["--dbfilename", f"node{number}.rdb"]
        return _Process(command, port, self.directory / f"node{number}.log")

    def _sentinel(self, number: int) -> _Process:
        port = free_port()
        return _Process(
            [REDIS_SENTINEL, str(self.directory / f"sentinel{number}.conf")],
            port,
            self.directory / f"sentinel{number}.log",
        )

    @property
    def url(self) -> str:
        """The app's REDIS_URL for this group (database 0)."""
        hosts = ",".join(f"127.0.0.1:{s.port}" for s in self.sentinels)
        return f"redis+sentinel://{hosts}/{self.master_name}/0"

    def start(self) -> None:
        """Start the primary, its replica and the sentinels; wait until they all know each
        other (a failover needs a majority of sentinels that see one another)."""
        primary, replica = self.nodes
        primary.start()
        replica.command += ["--replicaof", "127.0.0.1", str(primary.port)]
        replica.start()
        wait_for(lambda: self._link_up(replica), "replication link")
        for number, sentinel in enumerate(self.sentinels):
            self._write_sentinel_conf(number, sentinel.port, primary.port)
            sentinel.start()
        wait_for(self._sentinels_agree, "sentinels to discover each other", timeout=30)

    def _write_sentinel_conf(self, number: int, port: int, primary_port: int) -> None:
        name = self.master_name
        lines = [
            f"port {port}",
            "bind 127.0.0.1",
            f"dir {self.directory}",
            f"sentinel monitor {name} 127.0.0.1 {primary_port} 2",
            f"sentinel down-after-milliseconds {name} {DOWN_AFTER_MS}",
            f"sentinel failover-timeout {name} {FAILOVER_TIMEOUT_MS}",
            f"sentinel parallel-syncs {name} 1",
        ]
        path = self.directory / f"sentinel{number}.conf"  # sentinels rewrite their file
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @staticmethod
    def _link_up(replica: _Process) -> bool:
        with replica.client() as client:
            return client.info("replication").get("master_link_status") == "up"

    def _sentinels_agree(self) -> bool:
        for sentinel in self.sentinels:
            with sentinel.client() as client:
                state = client.sentinel_master(self.master_name)
            if state["num-other-sentinels"] < len(self.sentinels) - 1 or state["num-slaves"] < 1:
                return False
        return True

    def primary_port(self) -> int:
        """Return the port the sentinels name as the primary now."""
        with self.sentinels[0].client() as client:
            return int(client.sentinel_get_master_addr_by_name(self.master_name)[1])

    def node(self, port: int) -> _Process:
        """Return the node (primary or replica) on `port`."""
        return next(node for node in self.nodes if node.port == port)

    def kill_primary(self) -> int:
        """SIGKILL the current primary; return its port."""
        port = self.primary_port()
        self.node(port).kill()
        return port

    def wait_promoted(self, old_port: int, timeout: float = 30.0) -> int:
        """Wait until every sentinel names another primary and it accepts writes; return its
        port."""

        def promoted() -> bool:
            ports = set()
            for sentinel in self.sentinels:
                with sentinel.client() as client:
                    ports.add(int(client.sentinel_get_master_addr_by_name(self.master_name)[1]))
            if len(ports) != 1 or old_port in ports:
                return False
            with self.node(ports.pop()).client() as client:
                return client.info("replication")["role"] == "master"

        wait_for(promoted, "the replica's promotion", timeout=timeout)
        return self.primary_port()

    def restart_node(self, port: int) -> None:
        """Start a killed node again (empty: no persistence); the sentinels make it a replica
        of the new primary."""
        self.node(port).start()

    def close(self) -> None:
        """Kill every process (sentinels first, so that none starts a failover meanwhile)."""
        for process in [*self.sentinels, *self.nodes]:
            process.kill()


def wait_role(node: _Process, role: str, timeout: float = 30.0) -> None:
    """Wait until a node reports `role` (master or slave) and, as a replica, a live link."""

    def has_role() -> bool:
        with node.client() as client:
            info = client.info("replication")
        return info["role"] == role and (role == "master" or info["master_link_status"] == "up")

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if has_role():
                return
        except redis.RedisError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"redis on port {node.port} did not become {role} in {timeout:.0f} s")
