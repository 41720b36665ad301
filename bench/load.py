"""The load generator: processes of threads, each thread driving its candidates' requests.

Each thread holds one keep-alive ``http.client.HTTPConnection`` and sends, for candidates it
alone owns, ``PUT`` requests with a random item and option and a per-attempt increasing seq,
as the exam page does, or for a ``GET`` load the page's poll of the path, without a body.
Latency is the wall time of one request and its response, measured here; the generator's own
CPU is not part of the server's.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import queue
import random
import signal
import threading
import time
from collections import Counter
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from itertools import cycle

_CONTEXT = multiprocessing.get_context("fork")  # the children need nothing but this module


@dataclass(frozen=True)
class Client:
    """A logged-in candidate: cookies, CSRF token, the started attempt and its items' options."""

    cookie: str
    csrf: str
    attempt_id: int
    options: dict[str, list[str]]


@dataclass(frozen=True)
class Load:
    """What to send: the path template ({attempt}, {item}) and how much, by how many."""

    port: int
    path: str
    requests: int
    warmup: int
    processes: int
    threads: int
    first_seq: int = 1  # above every seq an earlier load sent, so each save is a new one
    method: str = "PUT"  # or "GET": the same path template, no body


@dataclass
class LoadResult:
    """Per-request latencies (seconds), answer statuses (0 = no answer) and wall time."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    elapsed: float = 0.0

    def __add__(self, other: LoadResult) -> LoadResult:
        return LoadResult(
            self.latencies + other.latencies,
            self.statuses + other.statuses,
            self.elapsed + other.elapsed,
        )

    @property
    def errors(self) -> int:
        """Return how many requests did not answer 200."""
        return sum(n for status, n in self.statuses.items() if status != 200)

    @property
    def throughput(self) -> float:
        """Return requests per second over the phase."""
        return len(self.latencies) / self.elapsed

    def percentile(self, q: float) -> float:
        """Return the q-th percentile latency in milliseconds (nearest rank)."""
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


@dataclass(frozen=True)
class _Lane:
    """One thread's share of a load: its candidates, how many requests, its random seed."""

    clients: list[Client]
    warmup: int
    count: int
    seed: int


class _Driver:
    """One thread's browser tab: a keep-alive connection and its candidates' seq counters."""

    def __init__(self, load: Load, lane: _Lane):
        self.connection = http.client.HTTPConnection("127.0.0.1", load.port, timeout=30)
        self.path, self.method, self.random = load.path, load.method, random.Random(lane.seed)
        self.clients = cycle(lane.clients)
        self.seq = {client.attempt_id: load.first_seq - 1 for client in lane.clients}

    def send(self) -> int:
        """Save one random answer for the next candidate; return the status (0 on failure)."""
        client = next(self.clients)
        item = self.random.choice(list(client.options))
        self.seq[client.attempt_id] += 1
        body = json.dumps(
            {"choice": self.random.choice(client.options[item]), "seq": self.seq[client.attempt_id]}
        )
        headers = {
            "Content-Type": "application/json",
            "X-CSRF-Token": client.csrf,
            "Cookie": client.cookie,
        }
        path = self.path.format(attempt=client.attempt_id, item=item)
        try:
            if self.method == "GET":
                self.connection.request("GET", path, headers={"Cookie": client.cookie})
            else:
                self.connection.request("PUT", path, body, headers)
            response = self.connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            self.connection.close()  # reopened by the next request
            return 0


def _drive(driver: _Driver, lane: _Lane, warmed, go, out: LoadResult) -> None:
    """Warm up, wait for the signal, then time the lane's requests."""
    for _ in range(lane.warmup):
        driver.send()
    warmed.wait()
    go.wait()
    for _ in range(lane.count):
        start = time.perf_counter()
        status = driver.send()
        out.latencies.append(time.perf_counter() - start)
        out.statuses[status] += 1
    driver.connection.close()


def _process_main(load: Load, lanes: list[_Lane], ready, go, results) -> None:
    """Run one process's lanes as threads; put (latencies, statuses, start, end) on results."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # on Ctrl-C the parent stops us, quietly:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # terminate() ends us at once
    warmed, start = threading.Barrier(len(lanes) + 1), threading.Event()
    outs = [LoadResult() for _ in lanes]
    threads = [
        threading.Thread(
            target=_drive, args=(_Driver(load, lane), lane, warmed, start, out), daemon=True
        )
        for lane, out in zip(lanes, outs, strict=True)
    ]
    for thread in threads:
        thread.start()
    warmed.wait()
    ready.put(True)
    go.wait()
    began = time.monotonic()
    start.set()
    for thread in threads:
        thread.join()
    latencies = [x for out in outs for x in out.latencies]
    statuses = sum((out.statuses for out in outs), Counter())
    results.put((latencies, dict(statuses), began, time.monotonic()))


def _shares(total: int, parts: int) -> list[int]:
    """Split total into `parts` near-equal whole shares."""
    base, extra = divmod(total, parts)
    return [base + (i < extra) for i in range(parts)]


def _lanes(load: Load, clients: list[Client]) -> list[_Lane]:
    """Deal the candidates and the requests out to every thread of every process."""
    n = load.processes * load.threads
    if len(clients) < n:
        raise ValueError(f"{n} threads need at least as many candidates ({len(clients)})")
    warmups, counts = _shares(load.warmup, n), _shares(load.requests, n)
    return [
        _Lane(clients[i::n], warmups[i], counts[i], seed=load.first_seq * 1000 + i)
        for i in range(n)
    ]


def run_load(load: Load, clients: list[Client], measure: AbstractContextManager) -> LoadResult:
    """Warm up, then send `load.requests` requests inside `measure` (e.g. a CpuMeter)."""
    lanes = _lanes(load, clients)
    ready, results, go = _CONTEXT.Queue(), _CONTEXT.Queue(), _CONTEXT.Event()
    processes = [
        _CONTEXT.Process(
            target=_process_main,
            args=(load, lanes[p :: load.processes], ready, go, results),
            daemon=True,
        )
        for p in range(load.processes)
    ]
    try:
        for process in processes:
            process.start()
        _collect(ready, processes, timeout=120)
        with measure:
            go.set()
            parts = _collect(results, processes, timeout=600)
        return _combine(parts)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join(5)


def _collect(messages, processes, timeout: float) -> list:
    """Get one message per process, failing at once if one of them died."""
    deadline, got = time.monotonic() + timeout, []
    while len(got) < len(processes):
        try:
            got.append(messages.get(timeout=1))
        except queue.Empty:
            if any(p.exitcode not in (None, 0) for p in processes):
                raise RuntimeError("a load generator process died") from None
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"the load generator did not answer in {timeout:.0f} s"
                ) from None
    return got


def _combine(parts) -> LoadResult:
    result = LoadResult()
    for latencies, statuses, _, _ in parts:
        result.latencies.extend(latencies)
        result.statuses.update(statuses)
    result.elapsed = max(p[3] for p in parts) - min(p[2] for p in parts)
    return result
