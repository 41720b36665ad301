"""The Redis client: one server (redis://, rediss://, unix://) or a Sentinel group.

With Sentinel, REDIS_URL names the sentinels and the group instead of a server:

    redis+sentinel://[:password@]host1:26379,host2:26379,host3:26379/mymaster[/db]

The client asks the sentinels for the primary's address on every new connection, so when the
primary dies and the sentinels promote its replica the app follows without a restart: the
commands of the few seconds in between fail as StoreError (which every caller already treats
as "Redis unreachable": answers are in the database), the next ones reach the new primary.
The password, when given, is the data nodes'; sentinels that ask for one of their own get it
from `?sentinel_password=...`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

import redis
from redis.sentinel import Sentinel

SENTINEL_SCHEME = "redis+sentinel"
DEFAULT_SENTINEL_PORT = 26379

# A Redis that stops answering (a host gone, not a refused port) must not hold a request or
# a worker thread: every command is a sub-millisecond round trip, so seconds are generous.
CONNECT_TIMEOUT_SECONDS = 2.0
COMMAND_TIMEOUT_SECONDS = 5.0
# Asking a sentinel is tried on each in turn; a dead one must be skipped quickly.
SENTINEL_TIMEOUT_SECONDS = 0.5


@dataclass(frozen=True)
class SentinelAddress:
    """What a redis+sentinel:// URL says: the sentinels, the group's name, db, passwords."""

    sentinels: tuple[tuple[str, int], ...]
    master: str
    db: int = 0
    password: str | None = None
    sentinel_password: str | None = None


def connect(url: str) -> redis.Redis:
    """Create a client for REDIS_URL (connections open lazily, with bounded timeouts).

    redis+sentinel:// gives a client that follows the primary through failovers; any other
    URL a client of that one server.
    """
    options = {
        "decode_responses": True,
        "health_check_interval": 30,
        "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "socket_timeout": COMMAND_TIMEOUT_SECONDS,
    }
    if url.startswith(SENTINEL_SCHEME + "://"):
        return sentinel_client(parse_sentinel_url(url), options)
    return redis.Redis.from_url(url, **options)


def sentinel_client(address: SentinelAddress, options: dict) -> redis.Redis:
    """Return a client of the group's current primary, as the sentinels name it."""
    sentinel_options = {
        "socket_connect_timeout": SENTINEL_TIMEOUT_SECONDS,
        "socket_timeout": SENTINEL_TIMEOUT_SECONDS,
        "decode_responses": True,
    }
    if address.sentinel_password:
        sentinel_options["password"] = address.sentinel_password
    sentinel = Sentinel(list(address.sentinels), sentinel_kwargs=sentinel_options)
    return sentinel.master_for(address.master, db=address.db, password=address.password, **options)


def parse_sentinel_url(url: str) -> SentinelAddress:
    """Read `redis+sentinel://[:password@]host:port,host:port/master[/db][?sentinel_password=]`.

    Raises ValueError, in Indonesian, naming what is wrong (the app refuses to start).
    """
    parts = urlsplit(url)
    userinfo, _, hosts = parts.netloc.rpartition("@")
    password = unquote(userinfo.partition(":")[2]) if userinfo else None
    sentinels = tuple(_host_port(entry) for entry in hosts.split(",") if entry.strip())
    path = [segment for segment in parts.path.split("/") if segment]
    if not sentinels or not 1 <= len(path) <= 2:
        raise ValueError(
            "REDIS_URL Sentinel harus berbentuk "
            "redis+sentinel://host:port,host:port/nama-master[/db], bukan " + _hidden(url)
        )
    if len(path) == 2 and not path[1].isdigit():
        raise ValueError(f"REDIS_URL Sentinel: nomor database harus angka, bukan {path[1]!r}")
    query = parse_qs(parts.query)
    return SentinelAddress(
        sentinels=sentinels,
        master=unquote(path[0]),
        db=int(path[1]) if len(path) == 2 else 0,
        password=password or None,
        sentinel_password=(query.get("sentinel_password") or [None])[0],
    )


def _host_port(entry: str) -> tuple[str, int]:
    host, _, port = entry.strip().rpartition(":")
    if not host:  # no port given
        return entry.strip(), DEFAULT_SENTINEL_PORT
    if not port.isdigit():
        raise ValueError(f"REDIS_URL Sentinel: port harus angka, bukan {entry.strip()!r}")
    return host.strip("[]"), int(port)


def _hidden(url: str) -> str:
    """The URL without its password, for an error message."""
    scheme, sep, rest = url.partition("://")
    return scheme + sep + rest.rpartition("@")[2] if sep else url
