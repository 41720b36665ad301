"""Prometheus metrics: what every request costs, and what the exam day looks like.

Every label takes a bounded set of values, so a client cannot grow the series without end:
the Flask endpoint name (never the raw URL; "unmatched" when no route matched), the method
(unknown ones are "other"), the status class ("2xx"), refusal codes (written in the code),
the heartbeat path ("redis" or "database").

Under gunicorn, each worker writes its counts to files in PROMETHEUS_MULTIPROC_DIR and a
scrape adds up every worker's files (prometheus_client's multiprocess mode; the master
prepares the directory, `ops.workers`). Without that variable (tests, `flask run`) the
counts live in the app's own registry. The active attempts are counted from the database at
scrape time, so they are right whichever worker answers and whatever restarted.
"""

from __future__ import annotations

import logging
import os
import time

from flask import Flask, Response, current_app, g, has_app_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from assessment_app.extensions import db
from assessment_app.models import Attempt
from assessment_app.models.attempt import AttemptStatus

log = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# The answer save, counted by outcome; a test holds this name to the app's url map.
SAVE_ENDPOINT = "api.put_answer"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
HEARTBEAT_PATHS = ("redis", "database")
ACTIVE_STATUSES = (AttemptStatus.IN_PROGRESS, AttemptStatus.PAUSED)
# Seconds. A save answers in milliseconds; the upper buckets show a database or lock stall.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_STARTED = "ops_started"  # g: perf_counter() at the start of the request
_REFUSAL = "ops_refusal"  # g: the code of the Refused this request answered with


class Metrics:
    """The app's metric objects, in a registry of the app's own (nothing global)."""

    def __init__(self) -> None:
        self.multiprocess = bool(os.environ.get(MULTIPROC_ENV))
        self.registry = CollectorRegistry()
        r = self.registry
        self.latency = Histogram(
            "asesmen_http_request_duration_seconds",
            "Time from the first request hook to the response, by endpoint, method, status.",
            ("endpoint", "method", "status"),
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.server_errors = Counter(
            "asesmen_http_server_errors", "Responses with a 5xx status.", ("endpoint",), registry=r
        )
        self.refusals = Counter(
            "asesmen_refusals",
            "Refused operations (exceptions.Refused), by code.",
            ("code",),
            registry=r,
        )
        self.saves = Counter(
            "asesmen_answer_saves",
            "Answer saves: acknowledged, refused (by code) or failed (5xx).",
            ("outcome", "code"),
            registry=r,
        )
        self.heartbeats = Counter(
            "asesmen_heartbeats",
            "Candidate heartbeats, by where they were written.",
            ("path",),
            registry=r,
        )
        r.register(ActiveAttempts())

    def _zero_series(self) -> None:
        """Create the series that should read 0 before their first event (rate() needs them).

        Done at scrape time, not at start: a command (`flask ... finalize` from cron) builds
        the app too, and in multiprocess mode every value it created would leave a file.
        """
        self.saves.labels("acknowledged", "")
        for path in HEARTBEAT_PATHS:
            self.heartbeats.labels(path)

    def render(self) -> bytes:
        """Return the exposition text: every worker's counts under gunicorn, else this app's."""
        self._zero_series()
        if not self.multiprocess:
            return generate_latest(self.registry)
        from prometheus_client.multiprocess import MultiProcessCollector

        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(ActiveAttempts())
        return generate_latest(registry)


class ActiveAttempts:
    """The attempts running now (in_progress, paused), counted from the database per scrape."""

    NAME = "asesmen_active_attempts"
    HELP = "Attempts in progress or paused, counted from the database at scrape time."

    def describe(self):
        """Name the family without querying (a registry asks when the collector is added)."""
        return [GaugeMetricFamily(self.NAME, self.HELP, labels=["status"])]

    def collect(self):
        """Yield the gauge; nothing when the database does not answer (/readyz says why)."""
        try:
            with db.engine.connect() as connection:
                counts = active_attempt_counts(connection)
        except SQLAlchemyError as exc:
            log.warning("active attempts not counted: database error %s", type(exc).__name__)
            return
        family = GaugeMetricFamily(self.NAME, self.HELP, labels=["status"])
        for status in ACTIVE_STATUSES:
            family.add_metric([status.value], counts.get(status.value, 0))
        yield family


def active_attempt_counts(connection) -> dict[str, int]:
    """Return {status: number of attempts} for the running statuses, in one query.

    Takes a connection of its own (not the request's session), so that a failed query
    cannot leave the request's transaction broken.
    """
    query = (
        select(Attempt.status, func.count())
        .where(Attempt.status.in_(ACTIVE_STATUSES))
        .group_by(Attempt.status)
    )
    return {str(status): number for status, number in connection.execute(query)}


def init_app(app: Flask) -> None:
    """Create the app's metrics and time every request.

    The timer is the first request hook, so the figure includes the other hooks (login
    checks, body guards); the observer is an after-request function, which Flask runs for
    error responses as well.
    """
    directory = os.environ.get(MULTIPROC_ENV)
    if directory and not os.path.isdir(directory):
        raise RuntimeError(f"{MULTIPROC_ENV}={directory!r} bukan direktori yang ada")
    app.extensions["metrics"] = Metrics()
    app.before_request_funcs.setdefault(None, []).insert(0, _start_timer)
    app.after_request(_observe)


def _start_timer() -> None:
    setattr(g, _STARTED, time.perf_counter())


def _observe(response: Response) -> Response:
    started = g.pop(_STARTED, None)
    if started is None:  # a hook before ours answered; nothing to time
        return response
    metrics: Metrics = current_app.extensions["metrics"]
    endpoint = request.endpoint or "unmatched"
    status = response.status_code
    method = request.method
    method = method if method in METHODS else "other"
    metrics.latency.labels(endpoint, method, f"{status // 100}xx").observe(
        time.perf_counter() - started
    )
    if status >= 500:
        metrics.server_errors.labels(endpoint).inc()
    if endpoint == SAVE_ENDPOINT:
        metrics.saves.labels(*_save_outcome(status, g.get(_REFUSAL))).inc()
    return response


def _save_outcome(status: int, refusal: str | None) -> tuple[str, str]:
    if status < 400:
        return "acknowledged", ""
    if status >= 500:
        return "failed", ""
    return "refused", refusal or f"http_{status}"  # a CSRF or routing error has no Refused


def note_refusal(code: str) -> None:
    """Count a Refused answered to the client (called by the error handler, web/errors.py)."""
    metrics = _current()
    if metrics is not None:
        setattr(g, _REFUSAL, code)
        metrics.refusals.labels(code).inc()


def count_heartbeat(path: str) -> None:
    """Count one candidate heartbeat written through `path` ("redis" or "database").

    Raises ValueError for another path: a label takes a bounded set of values. Outside a
    request of an app with metrics (a command, a bare test) it counts nothing.
    """
    if path not in HEARTBEAT_PATHS:
        raise ValueError(f"heartbeat path must be one of {HEARTBEAT_PATHS}, not {path!r}")
    metrics = _current()
    if metrics is not None:
        metrics.heartbeats.labels(path).inc()


def exposition() -> tuple[bytes, str]:
    """Return the current app's metrics text and its content type."""
    return current_app.extensions["metrics"].render(), CONTENT_TYPE_LATEST


def _current() -> Metrics | None:
    return current_app.extensions.get("metrics") if has_app_context() else None
