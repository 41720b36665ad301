"""Showing stored UTC values to people: one date format, one zone label, seat order."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from assessment_app import clock

# Indonesia's three zones by their legal names (Keppres 41/1987); any other zone is shown by
# its offset from UTC.
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

# What a person reads: the named styles of `local_time`, each a format and whether the zone
# label follows ("28/11/2026 08:00 WITA", "08:00 WITA", "28/11/2026").
STYLES = {
    "datetime": ("%d/%m/%Y %H:%M", True),
    "time": ("%H:%M", True),
    "date": ("%d/%m/%Y", False),
}


def zone_label(zone: ZoneInfo, at: datetime | None = None) -> str:
    """Name the zone as Indonesians do (WIB, WITA, WIT), else by its offset ("UTC+08:00").

    ``at`` picks the offset of a zone with summer time; it defaults to `clock.now()`.
    """
    return ZONE_LABELS.get(zone.key) or "UTC" + zone_offset(zone, at)


def zone_offset(zone: ZoneInfo, at: datetime | None = None) -> str:
    """Return the zone's offset from UTC at ``at`` (default now) as ISO-8601 "+08:00"."""
    offset = (at or clock.now()).astimezone(zone).utcoffset()
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def local_time(value: datetime | None, zone: ZoneInfo, style: str = "datetime") -> str:
    """Format an aware UTC datetime in ``zone``; empty for None.

    ``style`` is "datetime" (dd/mm/yyyy HH:MM WITA), "time" (HH:MM WITA) or "date"
    (dd/mm/yyyy); any other text containing "%" is taken as a strftime format, as is, for
    the few pages that build their own wording (a berita acara's day name).
    """
    if value is None:
        return ""
    if style not in STYLES and "%" not in style:
        raise ValueError(f"unknown time style {style!r}; use one of {', '.join(STYLES)}")
    moment = value.astimezone(zone)
    fmt, labelled = STYLES.get(style, (style, False))
    text = moment.strftime(fmt)
    return f"{text} {zone_label(zone, value)}" if labelled else text


def natural_key(text: str) -> tuple:
    """Sort "2" before "10" in seat labels."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """Neutralise text a spreadsheet would run as a formula (prefix an apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
