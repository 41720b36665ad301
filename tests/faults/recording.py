"""An exam page that also notes what the server answered while a service was down.

The database and Redis fault tests (test_postgres_restart, test_sentinel, test_backup_restore)
need more than "every acknowledged answer is stored": which refusals the page met (503
database_unavailable, never a 500), and when each acknowledgement came, to show that saves
went on being acknowledged during and after the fault.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.harness.client import ApiFailure
from tests.faults.page import ExamPage


@dataclass
class RecordingPage(ExamPage):
    """An ExamPage that records every refusal (method, status, code) and acknowledgement time."""

    refusals: list = field(default_factory=list)
    ack_times: list = field(default_factory=list)  # time.monotonic() of each acknowledgement

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        try:
            return super()._call(method, path, body)
        except ApiFailure as exc:
            code = (exc.body.get("error") or {}).get("code")
            self.refusals.append((method, exc.status, code))
            raise
        except ValueError:  # an error body that is not JSON (a proxy's page): http.js's network
            self.refusals.append((method, "not-json", None))
            raise http.client.HTTPException(f"{method} {path}: not JSON") from None

    def _acknowledge(self, item_id: str, seq: int, ack: dict) -> None:
        self.ack_times.append(time.monotonic())
        super()._acknowledge(item_id, seq, ack)

    def acks_between(self, start: float, end: float = float("inf")) -> int:
        """Count the acknowledgements received between two time.monotonic() instants."""
        return sum(1 for moment in list(self.ack_times) if start <= moment < end)

    def acknowledged_now(self) -> dict[str, int]:
        """A copy of the acknowledged seqs, safe while the page's thread adds to them."""
        while True:
            try:
                return dict(self.acknowledged)
            except RuntimeError:  # changed size during the copy: copy again
                continue


def raw_request(page: ExamPage, base_url: str, method: str, path: str, body=None):
    """Send one request with the page's cookies and CSRF token straight to `base_url`;
    return (status, headers, JSON body or None), whatever the status."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("X-CSRF-Token", page.client.csrf)
    try:
        with page.client.opener.open(request, timeout=10) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        return exc.code, exc.headers, parsed


def run_recorded(pages: list[RecordingPage]) -> tuple[threading.Event, list[threading.Thread]]:
    """Run every page in a thread; return the stop event and the threads."""
    stop = threading.Event()
    threads = [threading.Thread(target=page.run, args=(stop,), daemon=True) for page in pages]
    for thread in threads:
        thread.start()
    return stop, threads


def stop_pages(stop: threading.Event, threads: list[threading.Thread], pages) -> None:
    """Stop the pages, wait until each has flushed its queue, and fail on any page error."""
    stop.set()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "a page never finished flushing"
    errors = [(page.nip, error) for page in pages for error in page.errors]
    assert not errors, errors


def open_recording(running, count: int, *, first: int = 0, **kwargs) -> list[RecordingPage]:
    """Open `count` recording pages (log in, start) from roster row `first` on, in parallel."""
    pages = [
        RecordingPage(running.url, row[0], row[9], running.token, seed=n, **kwargs)
        for n, row in enumerate(running.rows[first : first + count], start=first)
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(RecordingPage.open, pages))
    return pages
