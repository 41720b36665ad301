"""Several app hosts behind a real balancer: HAProxy in front of two or three gunicorn masters.

HAProxy rather than nginx: open-source nginx only notices a dead upstream when a real request
fails on it (passive `max_fails`); active health checks are in nginx Plus. HAProxy checks
every instance every second, takes a dead one out of the rotation before clients meet it,
retries a request whose connection failed on another instance (`retries`, `option
redispatch`) and names the instance that answered (`X-Served-By`), which the fault tests use
to prove that a session moves between instances.

Every instance is its own gunicorn master with its own workers and instance folder; all of
them share one database, one Redis and one SECRET_KEY, as production hosts must.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bench.harness.postgres import postgres_base_url, temporary_postgres_database
from bench.harness.servers import LiveServer, RedisServer, free_port, wait_for

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
SERVED_BY = "X-Served-By"  # the response header naming the instance that answered


def haproxy_available() -> bool:
    """Return True when Debian's haproxy binary is installed."""
    return Path(HAPROXY).exists()


@dataclass(frozen=True)
class Backend:
    """One app instance as the balancer sees it: a name and an address."""

    name: str
    address: str  # host:port


def haproxy_config(
    port: int,
    backends: list[Backend],
    *,
    health_path: str = "/healthz",
    stats_socket: str | None = None,
    bind: str = "127.0.0.1",
) -> str:
    """Return the HAProxy configuration the fault tests run and docs/operations.md shows.

    Round robin, no stickiness (sessions are signed cookies, CSRF tokens come from the
    secret, rate limits live in Redis: any instance can answer any request). A dead instance
    costs a client one short connect timeout: HAProxy retries the request on another
    instance. A request whose connection broke after it was sent (a killed worker) is
    replayed only when it is a PUT: an answer save carries its seq, so a replay changes
    nothing; logins, starts, heartbeats and finishes (POST) are left to the client's retry.
    The health check is /healthz (the process answers), not /readyz: the database and
    Redis are shared, so a readiness failure would take every instance out at once, and a
    Redis outage, which the app rides out, would become a total one. The admin console goes
    to one instance while it is up (`console`): an upload's preview is kept on the disk of
    the host that showed it until "Simpan".
    """
    check = "check inter 1s fall 2 rise 2"
    servers = "\n".join(f"    server {b.name} {b.address} {check}" for b in backends)
    # The admin console on the first instance while it is up, the others standing by; each
    # follows its health check in `app` (no second check).
    console = "\n".join(
        f"    server {b.name} {b.address} track app/{b.name}{' backup' if n else ''}"
        for n, b in enumerate(backends)
    )
    rules = (
        "    http-request disable-l7-retry unless METH_PUT\n"
        f"    http-response set-header {SERVED_BY} %[srv_name]"
    )
    stats = f"    stats socket {stats_socket} mode 600 level admin\n" if stats_socket else ""
    return f"""global
    maxconn 4096
{stats}
defaults
    mode http
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout http-keep-alive 5s
    timeout queue 10s
    retries 3
    option redispatch 1
    option forwardfor
    option httpchk
    http-check send meth GET uri {health_path}
    http-check expect status 200
    retry-on conn-failure empty-response

frontend exam
    bind {bind}:{port}
    use_backend console if {{ path /admin }} || {{ path_beg /admin/ }}
    default_backend app

backend app
    balance roundrobin
{rules}
{servers}

# An upload waits on the disk of the host that previewed it until "Simpan" (instance/uploads).
backend console
{rules}
{console}
"""


class Balancer:
    """HAProxy in the foreground on a free port, its config in a directory of its own."""

    def __init__(self, directory: Path, backends: list[Backend], health_path: str = "/healthz"):
        self.directory, self.backends, self.health_path = directory, backends, health_path
        self.port = free_port()
        self.socket = directory / "haproxy.sock"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The address clients use."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Write the config, start haproxy (-db: foreground) and wait until all are up."""
        self.directory.mkdir(parents=True, exist_ok=True)
        config = self.directory / "haproxy.cfg"
        config.write_text(
            haproxy_config(
                self.port,
                self.backends,
                health_path=self.health_path,
                stats_socket=str(self.socket),
            ),
            encoding="utf-8",
        )
        subprocess.run([HAPROXY, "-c", "-q", "-f", str(config)], check=True)
        with open(self.directory / "haproxy.log", "ab") as log:  # the child keeps its copy
            self.process = subprocess.Popen(
                [HAPROXY, "-db", "-f", str(config)],
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        self.wait_until(len(self.backends))

    def stats(self) -> dict[str, dict[str, str]]:
        """Return HAProxy's `show stat` row of each instance in `app` (status, wretr, ...)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(self.socket))
            sock.sendall(b"show stat\n")
            out = b""
            while chunk := sock.recv(65536):
                out += chunk
        lines = out.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return {
            r["svname"]: r
            for r in rows
            if r.get("pxname") == "app" and r["svname"] not in ("FRONTEND", "BACKEND")
        }

    def status(self) -> dict[str, str]:
        """Return each instance's health as HAProxy sees it ("UP", "DOWN", ...)."""
        return {name: row["status"].split()[0] for name, row in self.stats().items()}

    def retried(self) -> int:
        """Return how many requests HAProxy retried or sent to another instance so far."""
        return sum(int(r["wretr"] or 0) + int(r["wredis"] or 0) for r in self.stats().values())

    def wait_until(self, up: int, timeout: float = 30.0) -> None:
        """Wait until exactly `up` instances pass their health checks."""
        wait_for(
            lambda: sum(s == "UP" for s in self._status_or_empty().values()) == up,
            f"{up} instances up behind haproxy",
            timeout,
        )

    def _status_or_empty(self) -> dict[str, str]:
        try:
            return self.status()
        except OSError:
            return {}

    def stop(self) -> None:
        """Stop haproxy (SIGTERM, then SIGKILL after 5 s)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


class Instance(LiveServer):
    """A gunicorn master of the cluster: its own folder and workers, the shared database."""

    def __init__(self, directory: Path, database_url: str, redis_url: str, workers: int):
        self._shared_database = database_url
        super().__init__(directory, workers=workers, redis_url=redis_url)
        # Behind one proxy: X-Forwarded-For from HAProxy names the client the limits count.
        self.env["TRUSTED_PROXIES"] = "1"

    def _database(self) -> str:
        return self._shared_database

    def alive(self) -> bool:
        """Return True while the master process runs."""
        return self.process is not None and self.process.poll() is None

    def kill(self) -> list[int]:
        """SIGKILL the master and every worker at once (a host dying); return their pids."""
        pids = [self.process.pid, *self.worker_pids()]
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(5)
        return pids


class Cluster:
    """Two or three gunicorn instances on one PostgreSQL database and one Redis, behind HAProxy.

    The database is a throwaway one on the PostgreSQL server of DATABASE_URL or
    TEST_POSTGRES_URL (several hosts need a server database: production refuses SQLite).
    Redis is a private redis-server unless `redis_url` names one (the Sentinel tests do).
    """

    def __init__(
        self,
        directory: Path,
        *,
        instances: int = 3,
        workers: int = 2,
        redis_url: str | None = None,
        database_url: str | None = None,
    ):
        self.directory = directory
        self._stack = ExitStack()
        self.redis: RedisServer | None = None
        if redis_url is None:
            self.redis = RedisServer(directory)
            self.redis.start()
            self._stack.callback(self.redis.kill)
            redis_url = self.redis.url
        self.redis_url = redis_url
        if database_url is None:
            base = postgres_base_url()
            if base is None:
                raise RuntimeError("a cluster needs PostgreSQL: set TEST_POSTGRES_URL")
            database_url = self._stack.enter_context(temporary_postgres_database(base))
        self.database_url = database_url
        self.instances = [
            Instance(directory / f"app{n}", database_url, redis_url, workers)
            for n in range(1, instances + 1)
        ]
        self.balancer: Balancer | None = None

    @property
    def url(self) -> str:
        """The address clients use: the balancer's."""
        return self.balancer.url

    def flask(self, *args: str) -> str:
        """Run a `flask --app wsgi` command against the shared data (as an operator would)."""
        return self.instances[0].flask(*args)

    def prepare(self, candidates: int = 5, tests: str = "MANSOS;TEK-AK") -> tuple[str, list]:
        """Migrate, publish the sample bank, import a roster and open S1 (see LiveServer)."""
        for instance in self.instances:
            instance.instance.mkdir(parents=True, exist_ok=True)
        return self.instances[0].prepare(candidates=candidates, tests=tests)

    def start(self) -> None:
        """Start every instance (at once: each takes seconds to import), then the balancer."""
        with ThreadPoolExecutor(len(self.instances)) as pool:
            list(pool.map(LiveServer.start, self.instances))
        backends = [
            Backend(f"app{n}", f"127.0.0.1:{i.port}") for n, i in enumerate(self.instances, 1)
        ]
        self.balancer = Balancer(self.directory / "haproxy", backends)
        self.balancer.start()

    def kill(self, index: int) -> list[int]:
        """SIGKILL instance `index` (master and workers); return the pids killed."""
        return self.instances[index].kill()

    def restart(self, index: int) -> None:
        """Start instance `index` again and wait until the balancer sends it requests."""
        self.instances[index].start()
        self.balancer.wait_until(sum(i.alive() for i in self.instances))

    def close(self) -> None:
        """Stop the balancer and every instance, drop the database, stop the private Redis."""
        if self.balancer:
            self.balancer.stop()
        for instance in self.instances:
            instance.stop()
        self._stack.close()
