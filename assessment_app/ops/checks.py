"""Readiness checks: can this process reach the database and Redis right now?"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app
from sqlalchemy import text

from assessment_app.extensions import db

log = logging.getLogger(__name__)


def _database() -> None:
    # A connection of its own, closed at once: the request's session stays untouched, so a
    # failure here cannot break the request's transaction (the boundary still commits).
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _redis() -> None:
    current_app.extensions["store"].ping()


CHECKS: dict[str, Callable[[], None]] = {"database": _database, "redis": _redis}


def readiness() -> dict[str, str]:
    """Return {"database": "ok" | "unavailable", "redis": ...}, trying each once.

    The reason is logged by exception class only: a driver's message may carry the host,
    the user or the URL, and neither the answer nor the log should hand those out.
    """
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            log.warning("readiness: %s unreachable (%s)", name, type(exc).__name__)
            states[name] = "unavailable"
        else:
            states[name] = "ok"
    return states
