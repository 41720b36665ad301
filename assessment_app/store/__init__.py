"""Live state in Redis behind a small API; the only package that imports redis.

Key names come from :class:`Keys` under one prefix, every key carries a TTL, and
multi-step updates are atomic (Lua scripts, pipelines). Values are JSON, never pickle.
"""

from __future__ import annotations

import redis

from assessment_app.store.embedded import ensure_embedded, stop_embedded

__all__ = ["LiveState", "Store", "StoreError", "connect", "ensure_embedded", "stop_embedded"]

StoreError = redis.RedisError  # what callers catch when Redis is unreachable

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


LIVE_TTL_SECONDS = 24 * 3600


class LiveState:
    """Per-attempt live state: last heartbeat, focus losses, answered items, device, address.

    Everything here can be rebuilt from the database (answers) or is transient (heartbeats);
    losing it never loses an answer.
    """

    def __init__(self, store: Store):
        self._client = store.client
        self._prefix = store.keys.prefix

    def _hash(self, attempt_id: int) -> str:
        return f"{self._prefix}att:{attempt_id}"

    def _answered(self, attempt_id: int) -> str:
        return f"{self._prefix}att:{attempt_id}:ans"

    def answer_saved(self, attempt_id: int, item_id: str, answered: bool, now_ms: int) -> None:
        """Record that an item is (or is no longer) answered, and that the candidate is here."""
        key_set, key_hash = self._answered(attempt_id), self._hash(attempt_id)
        pipe = self._client.pipeline(transaction=False)
        (pipe.sadd if answered else pipe.srem)(key_set, item_id)
        pipe.hset(key_hash, "seen", now_ms)
        pipe.expire(key_set, LIVE_TTL_SECONDS)
        pipe.expire(key_hash, LIVE_TTL_SECONDS)
        pipe.execute()

    def heartbeat(
        self, attempt_id: int, now_ms: int, focus_lost: int, address: str, device: str
    ) -> None:
        """Record a heartbeat with the focus losses since the last one."""
        key = self._hash(attempt_id)
        pipe = self._client.pipeline(transaction=False)
        pipe.hset(key, mapping={"seen": now_ms, "ip": address, "device": device})
        if focus_lost:
            pipe.hincrby(key, "focus", focus_lost)
        pipe.expire(key, LIVE_TTL_SECONDS)
        pipe.execute()

    def rebuild_answered(self, attempt_id: int, item_ids: list[str]) -> None:
        """Replace the answered set with what the database holds, atomically."""
        key_set, key_hash = self._answered(attempt_id), self._hash(attempt_id)
        pipe = self._client.pipeline(transaction=True)
        pipe.delete(key_set)
        if item_ids:
            pipe.sadd(key_set, *item_ids)
            pipe.expire(key_set, LIVE_TTL_SECONDS)
        pipe.hset(key_hash, "ans_ready", 1)
        pipe.expire(key_hash, LIVE_TTL_SECONDS)
        pipe.execute()

    def read(self, attempt_ids: list[int]) -> dict[int, dict]:
        """Return the live state of several attempts in one round trip."""
        pipe = self._client.pipeline(transaction=False)
        for attempt_id in attempt_ids:
            pipe.hgetall(self._hash(attempt_id))
            pipe.scard(self._answered(attempt_id))
        raw = pipe.execute()
        result = {}
        for index, attempt_id in enumerate(attempt_ids):
            fields, answered = raw[2 * index], raw[2 * index + 1]
            result[attempt_id] = {
                "seen_ms": int(fields["seen"]) if "seen" in fields else None,
                "focus_lost": int(fields.get("focus", 0)),
                "ip": fields.get("ip"),
                "device": fields.get("device"),
                "answered": answered if "ans_ready" in fields else None,
            }
        return result
