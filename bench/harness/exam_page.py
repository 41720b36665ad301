"""The exam page of static/js/exam, as coroutines: what it sends, when, and how it retries.

One `ExamPage` is one candidate's browser tab, driven on an asyncio loop (bench.harness.browser)
so that hundreds share a process. What it replicates, file by file:

- exam-login.js and flow.js: the login page, the login POST, the exam page, then
  ``GET /candidate/me`` and ``GET /attempts/<id>`` (the instructions), repeated patiently.
- exam.js and signal.js: ``GET /attempts/<id>/signal`` every 2 s from page load, none while
  one is out (counted as a skipped poll); a changed value means ``GET /attempts/<id>`` on
  the instructions and an immediate heartbeat during the test (start itself bumps it).
- screens.js: "Mulai" is ``POST start`` repeated patiently; the page takes the attempt from
  its answer (no further GET).
- saving.js: every change gets the next seq and waits in a queue; one save is out at a time,
  oldest first; a network failure, 5xx or 429 waits 1, 2, 4 ... 15 s (never compressed) and
  sends the same seq again; a successful heartbeat cuts the wait short.
- clock.js: a heartbeat every 10 s of real time. Here the ticks are fixed (10 s after the
  start answer, then every 10 s); a tick that finds the previous heartbeat still out sends
  nothing and is counted as skipped. The page's earlier heartbeat after moving to another
  question (heartbeatSoon) is left out: it moves a tick, it adds none.
- finish.js: "Selesai" waits up to 15 s for the queue, then ``POST finish`` (pressed again
  after a failure), then ``GET /attempts/<id>`` and ``GET /candidate/me`` (flow.js).

Every request is logged as (kind, sent, latency, status); every acknowledged save as
(attempt, item, seq, choice), every sent one by (attempt, item, seq), for the read-back.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from dataclasses import dataclass, field

from bench.harness.browser import Answer, Browser

API = "/api/v1"
HEARTBEAT_SECONDS = 10.0  # state.js HEARTBEAT_MS
SIGNAL_SECONDS = 2.0  # state.js SIGNAL_MS
BACKOFF_FIRST, BACKOFF_MAX = 1.0, 15.0  # http.js patiently() and saving.js scheduleRetry()
FLUSH_SECONDS = 15.0  # finish.js confirmFinish: flushQueue(15000)
OVER = ("finished", "voided")


@dataclass
class Tally:
    """What the pages of one process saw: requests, acknowledgements, skips, refusals."""

    requests: list = field(default_factory=list)  # (kind, sent, latency, status)
    acknowledged: list = field(default_factory=list)  # (attempt, item, seq, choice)
    sent: dict = field(default_factory=dict)  # (attempt, item, seq) -> choice
    skipped_heartbeats: list = field(default_factory=list)  # when a tick found one still out
    skipped_polls: list = field(default_factory=list)  # when a poll found the last one out
    refusals: list = field(default_factory=list)  # (kind, status, code): not retried


class ExamPage:
    """One candidate at one PC: log in, wait for "Mulai", answer, finish, as the page does."""

    def __init__(self, browser: Browser, tally: Tally, seed: int):
        self.browser, self.tally, self.random = browser, tally, random.Random(seed)
        self.attempt_id = 0
        self.items: list[tuple[str, list[str]]] = []  # (item id, option keys) in page order
        self.index = 0
        self.answers: dict[str, str] = {}  # acknowledged choices
        self.queue: dict[str, tuple[str, int]] = {}  # item id -> (choice, seq)
        self.seq = 0
        self.in_test = False
        self.signal: int | None = None
        self.finished = False
        self.until = math.inf  # when the timers stop: set when "Selesai" is known
        self._heartbeat: asyncio.Task | None = None
        self._pump: asyncio.Task | None = None
        self._retry_now = asyncio.Event()  # a change, or the way is open again
        self._cut_short = asyncio.Event()  # a heartbeat got through: stop waiting out a backoff
        self._tasks: list[asyncio.Task] = []

    # -- requests ---------------------------------------------------------------------------

    async def call(self, kind: str, method: str, path: str, payload=None) -> Answer:
        """One request through the page's api(): logged; a stale CSRF token refreshed once."""
        answer = await self._logged(kind, method, path, payload)
        data = answer.json() if answer.status == 403 else None
        stale = isinstance(data, dict) and data.get("error", {}).get("code") == "csrf_failed"
        if stale and (await self._refresh_me()).ok:
            answer = await self._logged(kind, method, path, payload)
        return answer

    async def _logged(self, kind: str, method: str, path: str, payload) -> Answer:
        answer = await self.browser.request(method, path, payload)
        self.tally.requests.append((kind, answer.sent, answer.latency, answer.status))
        return answer

    async def patiently(self, kind: str, method: str, path: str, payload=None) -> Answer:
        """Repeat while the failure is transient, waiting 1, 2, 4 ... 15 s (http.js)."""
        delay = BACKOFF_FIRST
        while (answer := await self.call(kind, method, path, payload)).transient:
            await asyncio.sleep(delay)
            delay = min(delay * 2, BACKOFF_MAX)
        return answer

    def _refused(self, kind: str, answer: Answer) -> None:
        data = answer.json()
        code = data.get("error", {}).get("code") if isinstance(data, dict) else None
        self.tally.refusals.append((kind, answer.status, code))

    async def _refresh_me(self) -> Answer:
        answer = await self._logged("me", "GET", API + "/candidate/me", None)
        if answer.ok:
            self.browser.csrf = answer.json()["csrf_token"]
        return answer

    # -- login and instructions -------------------------------------------------------------

    async def open(self, nip: str, pin: str, token: str) -> bool:
        """Load the login page, log in, load the exam page and its instructions; start polling.

        Return whether the instructions of a ready attempt are on screen.
        """
        await self.call("page", "GET", "/ujian")
        body = {"nip": nip, "pin": pin, "session_token": token}
        login = await self.patiently("login", "POST", API + "/candidate/login", body)
        if not login.ok:
            self._refused("login", login)
            return False
        await self.call("page", "GET", "/ujian/tes")
        me = await self.patiently("me", "GET", API + "/candidate/me")
        if not me.ok:
            self._refused("me", me)
            return False
        self.browser.csrf = me.json()["csrf_token"]
        waiting = [a for a in me.json()["attempts"] if a["status"] not in OVER]
        self.attempt_id = waiting[0]["id"]
        shown = await self.patiently("attempt", "GET", f"{API}/attempts/{self.attempt_id}")
        self._tasks.append(asyncio.create_task(self._poll_signal()))
        return shown.ok and shown.json()["status"] == "ready"

    async def _poll_signal(self) -> None:
        """signal.js under exam.js's setInterval: every 2 s, none while one is out."""
        tick, out = time.monotonic() + SIGNAL_SECONDS, None
        while tick < self.until:
            await asyncio.sleep(max(0.0, tick - time.monotonic()))
            tick += SIGNAL_SECONDS
            if out is not None and not out.done():
                self.tally.skipped_polls.append(time.monotonic())
                continue
            out = asyncio.create_task(self._signal_once())

    async def _signal_once(self) -> None:
        answer = await self.call("signal", "GET", f"{API}/attempts/{self.attempt_id}/signal")
        value = answer.json().get("signal") if answer.ok else None
        if not isinstance(value, int):
            return
        before, self.signal = self.signal, value
        if before == value or self.finished:
            return
        if self.in_test:
            self.heartbeat_now()
        else:
            await self.call("attempt", "GET", f"{API}/attempts/{self.attempt_id}")

    # -- the test -----------------------------------------------------------------------------

    async def start(self) -> bool:
        """Press "Mulai": start patiently, enter the attempt, start the heartbeat ticks."""
        answer = await self.patiently("start", "POST", f"{API}/attempts/{self.attempt_id}/start")
        if not answer.ok or answer.json()["status"] in OVER:
            self._refused("start", answer)
            return False
        attempt = answer.json()
        self.items = [(i["id"], [o["key"] for o in i["options"]]) for i in attempt["items"]]
        self.answers = dict(attempt["answers"])
        self.seq = int(attempt.get("last_seq") or 0)
        self.in_test = True
        self._pump = asyncio.create_task(self._pump_queue())
        self._tasks += [self._pump, asyncio.create_task(self._heartbeats())]
        return True

    async def answer(self, think: float, until: float) -> None:
        """Answer item after item (again from the first after the last) until `until`.

        `think` is the mean (compressed) time per item; each wait is drawn in 0.5x..1.5x.
        The heartbeats and polls stop at `until` too: "Selesai" is pressed then.
        """
        self.until = until
        wait = self.random.uniform(0, think)
        while time.monotonic() + wait < until:
            await asyncio.sleep(wait)
            item_id, keys = self.items[self.index]
            current = self.queue.get(item_id, (self.answers.get(item_id), 0))[0]
            self.change(item_id, self.random.choice([k for k in keys if k != current]))
            self.index = (self.index + 1) % len(self.items)
            wait = think * self.random.uniform(0.5, 1.5)
        await asyncio.sleep(max(0.0, until - time.monotonic()))

    def change(self, item_id: str, choice: str) -> None:
        """saving.js change(): the next seq, into the queue, and send unless a retry waits."""
        self.seq += 1
        self.queue[item_id] = (choice, self.seq)
        self.tally.sent[(self.attempt_id, item_id, self.seq)] = choice
        self._retry_now.set()

    async def _pump_queue(self) -> None:
        """saving.js pump(): one save at a time, oldest first; back off on a transient failure."""
        backoff = 0.0
        while True:
            await self._retry_now.wait()
            self._retry_now.clear()
            while self.queue and not self.finished:
                item_id = min(self.queue, key=lambda k: self.queue[k][1])
                if await self._send_one(item_id, *self.queue[item_id]):
                    backoff = 0.0
                    continue
                backoff = min(backoff * 2, BACKOFF_MAX) if backoff else BACKOFF_FIRST
                self._cut_short.clear()
                try:  # a scheduled retry: new changes wait; a heartbeat's success cuts it short
                    async with asyncio.timeout(backoff):
                        await self._cut_short.wait()
                except TimeoutError:
                    pass

    async def _send_one(self, item_id: str, choice: str, seq: int) -> bool:
        """Send one queued change; return False when it is to be retried."""
        path = f"{API}/attempts/{self.attempt_id}/answers/{item_id}"
        answer = await self.call("save", "PUT", path, {"choice": choice, "seq": seq})
        if answer.transient:
            return False
        if not answer.ok:
            self._refused("save", answer)  # nothing here should be refused: counted, dropped
            self._drop(item_id, seq)
            return True
        data = answer.json()
        acked = int(data["seq"])
        self.seq = max(self.seq, acked)
        if acked < seq:
            return False  # saving.js acknowledge(): not our change, send it again
        self.answers[item_id] = data["choice"]
        self.tally.acknowledged.append((self.attempt_id, item_id, acked, data["choice"]))
        self._drop(item_id, acked)
        return True

    def _drop(self, item_id: str, seq: int) -> None:
        if item_id in self.queue and self.queue[item_id][1] <= seq:
            del self.queue[item_id]

    def _retry_at_once(self) -> None:
        self._cut_short.set()
        self._retry_now.set()

    async def _heartbeats(self) -> None:
        """clock.js: every 10 s of real time; a tick finding the last one still out is skipped."""
        tick = time.monotonic() + HEARTBEAT_SECONDS
        while tick < self.until:
            await asyncio.sleep(max(0.0, tick - time.monotonic()))
            tick += HEARTBEAT_SECONDS
            if self._heartbeat is not None and not self._heartbeat.done():
                self.tally.skipped_heartbeats.append(time.monotonic())
                continue
            self.heartbeat_now()

    def heartbeat_now(self) -> None:
        """Send a heartbeat now unless one is out."""
        if self._heartbeat is None or self._heartbeat.done():
            self._heartbeat = asyncio.create_task(self._send_heartbeat())

    async def _send_heartbeat(self) -> None:
        payload = {"focus_lost": 0, "current_item_id": self.items[self.index][0]}
        path = f"{API}/attempts/{self.attempt_id}/heartbeat"
        answer = await self.call("heartbeat", "POST", path, payload)
        if answer.ok and answer.json()["status"] in OVER and not self.finished:
            self._refused("heartbeat", answer)  # over before "Selesai": not expected here
        elif answer.ok and self.queue and not self.finished:
            self._retry_at_once()
        elif not answer.ok and not answer.transient:
            self._refused("heartbeat", answer)

    # -- finishing ----------------------------------------------------------------------------

    async def finish(self) -> bool:
        """Press "Selesai": wait for the queue (15 s at most), finish, then what flow.js reads."""
        self._retry_at_once()
        flush_until = time.monotonic() + FLUSH_SECONDS
        while self.queue and time.monotonic() < flush_until:
            await asyncio.sleep(0.05)
        self.finished = True
        path = f"{API}/attempts/{self.attempt_id}"
        done = await self.patiently("finish", "POST", path + "/finish")  # pressed again
        self.stop()
        if not done.ok or done.json()["status"] != "finished":
            self._refused("finish", done)
            return False
        await self.patiently("attempt", "GET", path)
        await self.patiently("me", "GET", API + "/candidate/me")
        return True

    async def read_back(self) -> dict[str, str] | None:
        """Return the stored answers as ``GET /attempts/<id>`` shows them (None on failure)."""
        answer = await self.patiently("attempt", "GET", f"{API}/attempts/{self.attempt_id}")
        return answer.json()["answers"] if answer.ok else None

    def stop(self) -> None:
        """Stop the page's timers (polls, heartbeats, the queue's pump)."""
        for task in self._tasks:
            task.cancel()
