"""Live state in Redis behind a small API; the only package that imports redis.

Key names come from :class:`Keys` under one prefix, every key carries a TTL, and
multi-step updates are atomic (Lua scripts, pipelines). Values are JSON, never pickle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import redis

from assessment_app.store.connection import connect
from assessment_app.store.embedded import ensure_embedded, stop_embedded

__all__ = [
    "AttemptState",
    "LiveState",
    "Seen",
    "Store",
    "StoreError",
    "connect",
    "ensure_embedded",
    "stop_embedded",
]

StoreError = redis.RedisError  # what callers catch when Redis is unreachable

_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
"""

# Take back one hit (a try that turned out right); never below zero, the TTL untouched.
_UNDO = """
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n <= 0 then return 0 end
if n == 1 then redis.call('DEL', KEYS[1]) return 0 end
return redis.call('DECR', KEYS[1])
"""


class Keys:
    """Build every key name under one prefix."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def limit(self, scope: str, subject: str) -> str:
        """Return the counter key of a rate limit for one subject (a NIP, an address)."""
        return f"{self.prefix}limit:{scope}:{subject}"

    def candidate(self, candidate_id: int) -> str:
        """Return the hash of a candidate's device, address and count of changes."""
        return f"{self.prefix}cand:{candidate_id}"

    def attempt(self, attempt_id: int) -> str:
        """Return the hash of an attempt's last heartbeat, focus losses and item on screen."""
        return f"{self.prefix}att:{attempt_id}"

    def answered(self, attempt_id: int) -> str:
        """Return the set of the items an attempt has an answer for."""
        return f"{self.prefix}att:{attempt_id}:ans"

    def signal(self, attempt_id: int) -> str:
        """Return the counter of an attempt's control version (bumped by others' changes)."""
        return f"{self.prefix}att:{attempt_id}:sig"

    def state(self, attempt_id: int) -> str:
        """Return the hash of an attempt's status, deadline, pause and time budget."""
        return f"{self.prefix}att:{attempt_id}:st"


class Store:
    """Live-state operations on one Redis connection pool.

    The rate-limit counters are methods here; the attempts' live state is `live`, created
    once with the store (its scripts registered once) on the same client and key names.
    """

    def __init__(self, client: redis.Redis, prefix: str):
        self.client = client
        self.keys = Keys(prefix)
        self._hit = client.register_script(_HIT)
        self._undo = client.register_script(_UNDO)
        self.live = LiveState(client, self.keys)

    def ping(self) -> bool:
        """Return True when Redis answers."""
        return bool(self.client.ping())

    def limit_count(self, scope: str, subject: str) -> int:
        """Return how many hits a rate-limit window holds for the subject."""
        value = self.client.get(self.keys.limit(scope, subject))
        return int(value or 0)

    def limit_counts(self, scope: str, subjects: list[str]) -> list[int]:
        """Return the hits of several subjects' windows, in order (one round trip)."""
        values = self.client.mget([self.keys.limit(scope, s) for s in subjects])
        return [int(value or 0) for value in values]

    def limit_hit(self, scope: str, subject: str, window_seconds: int) -> int:
        """Count one hit in the subject's window (atomically) and return the new count."""
        return int(self._hit(keys=[self.keys.limit(scope, subject)], args=[window_seconds * 1000]))

    def limit_reset(self, scope: str, subject: str) -> None:
        """Forget the subject's hits (after a successful login)."""
        self.client.delete(self.keys.limit(scope, subject))

    def limit_undo(self, scope: str, subject: str) -> int:
        """Take back one of the subject's hits (never below zero) and return the new count."""
        return int(self._undo(keys=[self.keys.limit(scope, subject)]))


LIVE_TTL_SECONDS = 24 * 3600

# Attempt hashes whose answered set missed a save (Redis unreachable after the commit). Their
# "ans_ready" mark is dropped at the next call of this process that reaches Redis, so the room
# view rebuilds the set from the database instead of counting one that lacks those answers.
# Per process, shared by every Store: the one that failed may not be the one in use after.
_UNSURE: set[str] = set()

# One round trip per answer save: the answered set, the last-seen time, both TTLs.
_ANSWER_SAVED = """
if ARGV[2] == '1' then
  redis.call('SADD', KEYS[1], ARGV[1])
else
  redis.call('SREM', KEYS[1], ARGV[1])
end
redis.call('HSET', KEYS[2], 'seen', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1
"""

# Remember a candidate's device and address, counting every change (a mark for the
# proctor); with a second key, also the attempt's heartbeat and the item on screen (when
# given): one round trip per heartbeat. KEYS[1] candidate hash, KEYS[2] attempt hash;
# ARGV device, address, ttl, now_ms, focus losses, item. Shared by two scripts.
_SEEN = """
local device, address = redis.call('HGET', KEYS[1], 'device'), redis.call('HGET', KEYS[1], 'ip')
if (device and device ~= ARGV[1]) or (address and address ~= ARGV[2]) then
  redis.call('HINCRBY', KEYS[1], 'changes', 1)
end
redis.call('HSET', KEYS[1], 'device', ARGV[1], 'ip', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
if #KEYS > 1 then
  redis.call('HSET', KEYS[2], 'seen', ARGV[4])
  if tonumber(ARGV[5]) > 0 then redis.call('HINCRBY', KEYS[2], 'focus', ARGV[5]) end
  if ARGV[6] ~= '' then redis.call('HSET', KEYS[2], 'item', ARGV[6]) end
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
"""
_SEEN_DEVICE = _SEEN + "return 1"

# A heartbeat answered from Redis alone (KEYS[3] the attempt's state, KEYS[4] its control
# version; ARGV[7] the login version the cookie carries, ARGV[8] now in microseconds). It
# records nothing and answers {0, control version} when Redis cannot answer for the
# database: no state kept, a login version other than the cookie's, or a running attempt
# whose deadline passed (the database finishes it). Else it records the heartbeat and
# answers {1, status, deadline_us, paused_at_us, budget_ms}.
_BEAT = (
    """
local st = redis.call('HMGET', KEYS[3], 's', 'd', 'p', 'b')
local lv = redis.call('HGET', KEYS[1], 'lv')
if (not st[1]) or lv ~= ARGV[7]
    or (st[1] == 'in_progress' and tonumber(st[2]) <= tonumber(ARGV[8])) then
  return {0, redis.call('GET', KEYS[4]) or '0'}
end
"""
    + _SEEN
    + """
return {1, st[1], st[2], st[3], st[4]}
"""
)

# Keep an attempt's state read from the database, unless its control version moved since
# the read began (a transition committed meanwhile: its own drop of the state wins).
_KEEP_STATE = """
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 's', ARGV[2], 'd', ARGV[3], 'p', ARGV[4], 'b', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[6])
return 1
"""

# A candidate's login version only grows: an older write arriving late changes nothing.
_KEEP_LOGIN = """
local known = tonumber(redis.call('HGET', KEYS[1], 'lv') or '0')
if tonumber(ARGV[1]) > known then redis.call('HSET', KEYS[1], 'lv', ARGV[1]) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
"""


class Seen(NamedTuple):
    """What a heartbeat tells: focus losses since the last beat, the device, the address
    and the item on screen (None when the page did not say)."""

    focus_lost: int
    device: str
    address: str
    item_id: str | None


@dataclass(frozen=True)
class AttemptState:
    """What a heartbeat answers from: the attempt's status and clock, as the database has
    them (times in microseconds since the epoch, exact; None where the database has NULL)."""

    status: str
    deadline_us: int | None
    paused_at_us: int | None
    budget_ms: int

    def fields(self) -> list[str]:
        """Return the values as the state hash stores them ('' for None)."""
        return [self.status, _text(self.deadline_us), _text(self.paused_at_us), str(self.budget_ms)]

    @classmethod
    def parse(cls, values: list[str]) -> AttemptState:
        """Build the state from the hash's values, in the order fields() writes them."""
        status, deadline, paused, budget = values
        return cls(status, _number(deadline), _number(paused), int(budget))


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _number(value: str) -> int | None:
    return int(value) if value else None


class LiveState:
    """Per-attempt live state: last heartbeat, focus losses, answered items, device, address.

    Everything here can be rebuilt from the database (answers) or is transient (heartbeats);
    losing it never loses an answer.
    """

    def __init__(self, client: redis.Redis, keys: Keys):
        self._client = client
        self._keys = keys
        self._seen_device = client.register_script(_SEEN_DEVICE)
        self._answer_saved = client.register_script(_ANSWER_SAVED)
        self._beat = client.register_script(_BEAT)
        self._keep_state = client.register_script(_KEEP_STATE)
        self._keep_login = client.register_script(_KEEP_LOGIN)

    def seen_device(self, candidate_id: int, device: str, address: str) -> None:
        """Record the device and address a candidate uses; changes are counted."""
        self._seen_device(
            keys=[self._keys.candidate(candidate_id)], args=[device, address, LIVE_TTL_SECONDS]
        )

    def read_candidates(self, candidate_ids: list[int]) -> dict[int, dict]:
        """Return device, address and change count per candidate, in one round trip."""
        pipe = self._client.pipeline(transaction=False)
        for candidate_id in candidate_ids:
            pipe.hgetall(self._keys.candidate(candidate_id))
        return {
            cid: {
                "device": raw.get("device"),
                "ip": raw.get("ip"),
                "changes": int(raw.get("changes", 0)),
            }
            for cid, raw in zip(candidate_ids, pipe.execute(), strict=True)
        }

    def answer_saved(self, attempt_id: int, item_id: str, answered: bool, now_ms: int) -> None:
        """Record that an item is (or is no longer) answered, and that the candidate is here."""
        key_hash = self._keys.attempt(attempt_id)
        try:
            self._settle()
            self._answer_saved(
                keys=[self._keys.answered(attempt_id), key_hash],
                args=[item_id, "1" if answered else "0", now_ms, LIVE_TTL_SECONDS],
            )
        except redis.RedisError:
            _UNSURE.add(key_hash)
            raise

    def _settle(self) -> None:
        """Drop the ready mark of the answered sets a failed save left unsure (_UNSURE)."""
        unsure = list(_UNSURE)
        if unsure:
            pipe = self._client.pipeline(transaction=False)
            for key_hash in unsure:
                pipe.hdel(key_hash, "ans_ready")
            pipe.execute()
            _UNSURE.difference_update(unsure)

    def heartbeat(
        self,
        attempt_id: int,
        candidate_id: int,
        now_ms: int,
        focus_lost: int,
        device: str,
        address: str,
        item_id: str | None = None,
    ) -> None:
        """Record that the candidate is here, on which device, with the focus losses since
        the last heartbeat and the item on screen (to resume there on another PC)."""
        self._seen_device(
            keys=[self._keys.candidate(candidate_id), self._keys.attempt(attempt_id)],
            args=[device, address, LIVE_TTL_SECONDS, now_ms, focus_lost, item_id or ""],
        )

    def beat(
        self,
        attempt_id: int,
        candidate_id: int,
        login_version: int,
        now_us: int,
        seen: Seen,
    ) -> AttemptState | int:
        """Record a heartbeat and return the attempt's state, in one round trip, when Redis
        can answer for the database; else record nothing and return the control version
        to keep a state under (see _BEAT).
        """
        focus_lost, device, address, item_id = seen
        keys = self._keys
        reply = self._beat(
            keys=[
                keys.candidate(candidate_id),
                keys.attempt(attempt_id),
                keys.state(attempt_id),
                keys.signal(attempt_id),
            ],
            args=[
                device,
                address,
                LIVE_TTL_SECONDS,
                now_us // 1000,
                focus_lost,
                item_id or "",
                login_version,
                now_us,
            ],
        )
        if int(reply[0]) == 0:
            return int(reply[1])
        return AttemptState.parse(reply[1:])

    def keep_state(self, attempt_id: int, version: int, state: AttemptState) -> None:
        """Keep the attempt's state read from the database, if its control version is still
        `version` (read before the database was): a transition committed meanwhile wins."""
        self._keep_state(
            keys=[self._keys.state(attempt_id), self._keys.signal(attempt_id)],
            args=[version, *state.fields(), LIVE_TTL_SECONDS],
        )

    def keep_login(self, candidate_id: int, login_version: int) -> None:
        """Record the candidate's login version (it only grows; a late older write is void)."""
        self._keep_login(
            keys=[self._keys.candidate(candidate_id)], args=[login_version, LIVE_TTL_SECONDS]
        )

    def signal(self, attempt_ids: list[int]) -> None:
        """Bump the control version of attempts whose state someone else changed, and drop
        the state their heartbeats answer from: the next heartbeat reads the database.

        Atomic (MULTI): a state kept between the drop and the bump would outlive both.
        """
        pipe = self._client.pipeline(transaction=True)
        for attempt_id in attempt_ids:
            pipe.delete(self._keys.state(attempt_id))
            pipe.incr(self._keys.signal(attempt_id))
            pipe.expire(self._keys.signal(attempt_id), LIVE_TTL_SECONDS)
        pipe.execute()

    def read_signal(self, attempt_id: int) -> int:
        """Return the attempt's control version (0 when never bumped): one GET."""
        return int(self._client.get(self._keys.signal(attempt_id)) or 0)

    def position(self, attempt_id: int) -> str | None:
        """Return the item the candidate last reported having on screen, if Redis has it."""
        return self._client.hget(self._keys.attempt(attempt_id), "item")

    def rebuild_answered(self, attempt_id: int, item_ids: list[str]) -> None:
        """Replace the answered set with what the database holds, atomically."""
        key_set, key_hash = self._keys.answered(attempt_id), self._keys.attempt(attempt_id)
        pipe = self._client.pipeline(transaction=True)
        pipe.delete(key_set)
        if item_ids:
            pipe.sadd(key_set, *item_ids)
            pipe.expire(key_set, LIVE_TTL_SECONDS)
        pipe.hset(key_hash, "ans_ready", 1)
        pipe.expire(key_hash, LIVE_TTL_SECONDS)
        pipe.execute()

    def read(self, attempt_ids: list[int]) -> dict[int, dict]:
        """Return the live state of several attempts in one round trip (after settling the
        answered sets a failed save left unsure: those read as not ready, to be rebuilt)."""
        self._settle()
        pipe = self._client.pipeline(transaction=False)
        for attempt_id in attempt_ids:
            pipe.hgetall(self._keys.attempt(attempt_id))
            pipe.scard(self._keys.answered(attempt_id))
        raw = pipe.execute()
        result = {}
        for index, attempt_id in enumerate(attempt_ids):
            fields, answered = raw[2 * index], raw[2 * index + 1]
            result[attempt_id] = {
                "seen_ms": int(fields["seen"]) if "seen" in fields else None,
                "focus_lost": int(fields.get("focus", 0)),
                "answered": answered if "ans_ready" in fields else None,
            }
        return result
