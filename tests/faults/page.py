"""The exam page as a scripted client: a local queue of changes with a seq counter, sent oldest
first, retried with the page's backoff, flushed when the way is open again.

It follows static/js/exam (saving.js, clock.js, http.js): every change gets the next seq and
waits in the queue until a 200 acknowledges a seq at least as high; a network failure, a 5xx or
a 429 schedules a retry after 1, 2, 4 ... 15 s; a successful heartbeat retries at once. While
`offline` is set the client is cut off: nothing reaches the server, changes keep queueing.
Every acknowledgement is recorded, so a test can read every acknowledged answer back.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass, field

from bench.examday import stored_answers
from bench.harness.client import ApiFailure, Candidate

BACKOFF_FIRST, BACKOFF_MAX = 1.0, 15.0  # http.js: 1 s doubling to BACKOFF_MAX_MS
# No answer, a cut connection, or a body that is not JSON (the balancer's own 502/503 page, a
# request cut mid-response): http.js counts these as the network's fault and retries.
TRANSIENT = (OSError, http.client.HTTPException, json.JSONDecodeError)


class CutOff(ConnectionError):
    """The client's network is cut: the request never left the machine."""


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, ApiFailure):
        return exc.status >= 500 or exc.status == 429
    return isinstance(exc, TRANSIENT)


@dataclass
class ExamPage:
    """One candidate's exam page: log in, start, change answers, queue, send, heartbeat."""

    base_url: str
    nip: str
    pin: str
    token: str
    seed: int = 0
    think: tuple[float, float] = (0.5, 1.5)  # seconds between two changes
    heartbeat_every: float = 5.0
    offline: bool = False
    client: Candidate = field(init=False)
    attempt_id: int = 0
    items: list = field(default_factory=list)
    queue: dict = field(default_factory=dict)  # item_id -> (choice, seq)
    seq: int = 0
    sent: dict = field(default_factory=dict)  # (item_id, seq) -> choice
    acknowledged: dict = field(default_factory=dict)  # item_id -> highest acknowledged seq
    served_by: list = field(default_factory=list)
    acks: int = 0  # saves acknowledged
    failures: int = 0  # transient failures met (retried)
    errors: list = field(default_factory=list)  # anything a page would not retry

    def __post_init__(self):
        self.client = Candidate(self.base_url)
        self.rng = random.Random(self.seed)
        self._backoff = 0.0
        self._retry_at = 0.0

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        if self.offline:
            raise CutOff(path)
        return self.client.request(method, path, body)

    def _until_answered(self, method: str, path: str, body: dict | None = None) -> dict:
        """Repeat a request through transient failures (login, start: the page's Http.retry)."""
        delay = BACKOFF_FIRST
        for _ in range(20):
            try:
                return self._call(method, path, body)
            except (ApiFailure, *TRANSIENT) as exc:
                if not _transient(exc):
                    raise
                self.failures += 1
            time.sleep(delay)
            delay = min(delay * 2, BACKOFF_MAX)
        raise TimeoutError(f"{method} {path} never answered")

    def open(self) -> None:
        """Log in and start the first test, as a candidate pressing "Masuk" then "Mulai"."""
        body = self._until_answered(
            "POST",
            "/api/v1/candidate/login",
            {"nip": self.nip, "pin": self.pin, "session_token": self.token},
        )
        self.client.csrf = body["csrf_token"]
        self.attempt_id = body["attempts"][0]["id"]
        started = self._until_answered("POST", f"/api/v1/attempts/{self.attempt_id}/start", {})
        self.items = started["items"]
        self.seq = started.get("last_seq") or 0

    def change(self) -> None:
        """Pick an item and an option (or clear it): queue it with the next seq."""
        item = self.rng.choice(self.items)
        choice = self.rng.choice([None] + [o["key"] for o in item["options"]])
        self.seq += 1
        self.queue[item["id"]] = (choice, self.seq)
        self.sent[(item["id"], self.seq)] = choice

    def pump(self) -> None:
        """Send queued changes oldest first until one fails; a failure schedules a retry."""
        if time.monotonic() < self._retry_at:
            return
        while self.queue:
            item_id = min(self.queue, key=lambda k: self.queue[k][1])
            choice, seq = self.queue[item_id]
            try:
                ack = self._call(
                    "PUT",
                    f"/api/v1/attempts/{self.attempt_id}/answers/{item_id}",
                    {"choice": choice, "seq": seq},
                )
            except (ApiFailure, *TRANSIENT) as exc:
                if not _transient(exc):
                    self.errors.append(exc)
                    self.queue.pop(item_id)
                    continue
                self.failures += 1
                self._backoff = min(self._backoff * 2, BACKOFF_MAX) or BACKOFF_FIRST
                self._retry_at = time.monotonic() + self._backoff
                return
            self._acknowledge(item_id, seq, ack)

    def _acknowledge(self, item_id: str, seq: int, ack: dict) -> None:
        self._backoff = 0.0
        self.acks += 1
        acked = int(ack["seq"])
        self.seq = max(self.seq, acked)
        if acked >= seq:
            self.acknowledged[item_id] = max(self.acknowledged.get(item_id, 0), acked)
            if self.queue.get(item_id, (None, 0))[1] <= acked:
                self.queue.pop(item_id, None)

    def heartbeat(self) -> None:
        """Say we are here; when it gets through, retry the queue at once (clock.js)."""
        try:
            self._call("POST", f"/api/v1/attempts/{self.attempt_id}/heartbeat", {"focus_lost": 0})
        except (ApiFailure, *TRANSIENT) as exc:
            if not _transient(exc):
                self.errors.append(exc)
            return
        self._retry_at = 0.0

    def run(self, stop: threading.Event) -> None:
        """Answer with think time and heartbeats until `stop`; then flush the queue."""
        try:
            next_change = time.monotonic()
            next_beat = time.monotonic() + self.rng.uniform(0, self.heartbeat_every)
            while not stop.is_set():
                now = time.monotonic()
                if now >= next_change:
                    self.change()
                    next_change = now + self.rng.uniform(*self.think)
                if now >= next_beat:
                    self.heartbeat()
                    next_beat = now + self.heartbeat_every
                self.pump()
                stop.wait(0.05)
            self.flush()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.errors.append(exc)

    def flush(self, within: float = 90.0) -> None:
        """Send what is queued (heartbeats opening the way) until empty; raise if it cannot."""
        deadline = time.monotonic() + within
        while self.queue:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.nip}: {len(self.queue)} changes never acknowledged")
            self.heartbeat()
            self.pump()
            time.sleep(0.1)


_NOT_SENT = object()


def run_pages(pages: list[ExamPage], stop: threading.Event) -> list[threading.Thread]:
    """Run every page in a thread of its own; return the threads (join them after `stop`)."""
    threads = [threading.Thread(target=page.run, args=(stop,), daemon=True) for page in pages]
    for thread in threads:
        thread.start()
    return threads


def unstored_answers(database_url: str, pages: list[ExamPage]) -> list[str]:
    """Read every acknowledged answer back; return what is missing or differs (empty: none).

    An acknowledgement of seq s promises that the stored answer has a seq of at least s, and
    that its choice is the one this page sent with the stored seq.
    """
    stored = stored_answers(database_url)
    problems = []
    for page in pages:
        for item_id, seq in page.acknowledged.items():
            choice, stored_seq = stored.get((page.attempt_id, item_id), (None, 0))
            if stored_seq < seq:
                problems.append(f"{page.nip} {item_id}: acknowledged {seq}, stored {stored_seq}")
            elif page.sent.get((item_id, stored_seq), _NOT_SENT) != choice:
                problems.append(f"{page.nip} {item_id}: seq {stored_seq} stored {choice!r}")
    return problems
