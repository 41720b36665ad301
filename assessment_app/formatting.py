"""Showing stored UTC values to people in their own time zone."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo


def local_time(value: datetime | None, zone: ZoneInfo, fmt: str = "%d-%m-%Y %H:%M") -> str:
    """Format an aware UTC datetime in the configured zone; empty for None."""
    if value is None:
        return ""
    return value.astimezone(zone).strftime(fmt)


def natural_key(text: str) -> tuple:
    """Sort "2" before "10" in seat labels."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """Neutralise text a spreadsheet would run as a formula (prefix an apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
