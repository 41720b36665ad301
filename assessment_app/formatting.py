"""Showing stored UTC values to people in their own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local_time(value: datetime | None, zone: ZoneInfo, fmt: str = "%d-%m-%Y %H:%M") -> str:
    """Format an aware UTC datetime in the configured zone; empty for None."""
    if value is None:
        return ""
    return value.astimezone(zone).strftime(fmt)
