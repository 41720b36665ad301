"""Run side effects (live state in Redis) only after the database transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = "after_commit"
log = logging.getLogger(__name__)


def after_commit(session, callback: Callable[[], None]) -> None:
    """Call `callback` once the session's current transaction has committed."""
    session.info.setdefault(_KEY, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run(session: Session) -> None:
    callbacks = session.info.pop(_KEY, [])
    for callback in callbacks:
        try:
            callback()
        except Exception as error:  # noqa: BLE001 - the commit stands; live state catches up
            # One line: during a Redis failover every request lands here for a few seconds.
            log.warning(
                "after-commit callback %s failed: %s: %s",
                getattr(callback, "__qualname__", callback),
                type(error).__name__,
                error,
            )
            log.debug("after-commit callback traceback", exc_info=True)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_KEY, None)
