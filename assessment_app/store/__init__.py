"""Live state in Redis behind a small API; the only package that imports redis.

Key names come from :class:`Keys` under one prefix, every key carries a TTL, and
multi-step updates are atomic (Lua scripts, pipelines). Values are JSON, never pickle.
"""

from __future__ import annotations

import redis

from assessment_app.store.embedded import ensure_embedded, stop_embedded

__all__ = ["Store", "connect", "ensure_embedded", "stop_embedded"]

_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
"""


class Keys:
    """Build every key name under one prefix."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def limit(self, scope: str, subject: str) -> str:
        """Return the counter key of a rate limit for one subject (a NIP, an address)."""
        return f"{self.prefix}limit:{scope}:{subject}"


class Store:
    """Live-state operations on one Redis connection pool."""

    def __init__(self, client: redis.Redis, prefix: str):
        self.client = client
        self.keys = Keys(prefix)
        self._hit = client.register_script(_HIT)

    def ping(self) -> bool:
        """Return True when Redis answers."""
        return bool(self.client.ping())

    def limit_count(self, scope: str, subject: str) -> int:
        """Return how many hits a rate-limit window holds for the subject."""
        value = self.client.get(self.keys.limit(scope, subject))
        return int(value or 0)

    def limit_hit(self, scope: str, subject: str, window_seconds: int) -> int:
        """Count one hit in the subject's window (atomically) and return the new count."""
        return int(self._hit(keys=[self.keys.limit(scope, subject)], args=[window_seconds * 1000]))

    def limit_reset(self, scope: str, subject: str) -> None:
        """Forget the subject's hits (after a successful login)."""
        self.client.delete(self.keys.limit(scope, subject))


def connect(url: str) -> redis.Redis:
    """Create a client for a redis:// or unix:// URL (connections open lazily)."""
    return redis.Redis.from_url(url, decode_responses=True, health_check_interval=30)
