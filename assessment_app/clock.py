"""The one source of time: aware UTC datetimes that tests can move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC) + _offset


def advance(delta: timedelta) -> None:
    """Move the clock forward (tests only)."""
    global _offset
    _offset += delta


def reset() -> None:
    """Put the clock back to real time (tests only)."""
    global _offset
    _offset = timedelta(0)


def iso_z(moment: datetime) -> str:
    """Format an aware datetime as ISO-8601 UTC with milliseconds and Z."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
