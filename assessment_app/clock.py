"""The one source of time: aware UTC datetimes that tests can move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)
_frozen: datetime | None = None


def now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return (_frozen or datetime.now(UTC)) + _offset


def freeze(moment: datetime | None = None) -> datetime:
    """Stop the clock at a moment (default: now); tests only."""
    global _frozen, _offset
    _frozen, _offset = moment or datetime.now(UTC), timedelta(0)
    return _frozen


def advance(delta: timedelta) -> None:
    """Move the clock forward (tests only)."""
    global _offset
    _offset += delta


def reset() -> None:
    """Put the clock back to real time (tests only)."""
    global _offset, _frozen
    _offset, _frozen = timedelta(0), None


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def to_us(moment: datetime) -> int:
    """Return an aware datetime as whole microseconds since the epoch (exact, no float)."""
    return (moment - EPOCH) // _MICROSECOND


def from_us(value: int) -> datetime:
    """Return the aware UTC datetime of microseconds since the epoch (to_us reversed)."""
    return EPOCH + timedelta(microseconds=value)


def iso_z(moment: datetime) -> str:
    """Format an aware datetime as ISO-8601 UTC with milliseconds and Z."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
