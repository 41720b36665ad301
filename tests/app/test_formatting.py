"""One date format for people: dd/mm/yyyy HH:MM and the zone's Indonesian name."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from assessment_app.formatting import local_time, zone_label

# 23:05 UTC on 31 December: already the next day and year east of UTC, so a date taken
# before the zone is applied would show.
INSTANT = datetime(2025, 12, 31, 23, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Makassar", "01/01/2026 07:05 WITA"),
        ("Asia/Jakarta", "01/01/2026 06:05 WIB"),
        ("Asia/Pontianak", "01/01/2026 06:05 WIB"),
        ("Asia/Jayapura", "01/01/2026 08:05 WIT"),
        ("Asia/Singapore", "01/01/2026 07:05 UTC+08:00"),
        ("Asia/Kolkata", "01/01/2026 04:35 UTC+05:30"),
        ("America/Sao_Paulo", "31/12/2025 20:05 UTC-03:00"),
        ("UTC", "31/12/2025 23:05 UTC+00:00"),
    ],
)
def test_the_default_is_date_time_and_zone_label(zone, shown):
    assert local_time(INSTANT, ZoneInfo(zone)) == shown


def test_time_only_and_date_only():
    zone = ZoneInfo("Asia/Makassar")
    assert local_time(INSTANT, zone, "time") == "07:05 WITA"
    assert local_time(INSTANT, zone, "date") == "01/01/2026"
    assert local_time(INSTANT, ZoneInfo("Asia/Jayapura"), "time") == "08:05 WIT"


def test_none_is_empty_and_a_strftime_format_passes_through():
    zone = ZoneInfo("Asia/Makassar")
    assert local_time(None, zone) == ""
    assert local_time(INSTANT, zone, "%w %H") == "4 07"  # a Thursday, for the berita acara


def test_an_unknown_style_is_refused_by_name():
    with pytest.raises(ValueError, match="'tanggal'"):
        local_time(INSTANT, ZoneInfo("Asia/Makassar"), "tanggal")


def test_the_offset_label_follows_summer_time():
    amsterdam = ZoneInfo("Europe/Amsterdam")
    assert zone_label(amsterdam, datetime(2025, 1, 15, tzinfo=UTC)) == "UTC+01:00"
    assert zone_label(amsterdam, datetime(2025, 7, 15, tzinfo=UTC)) == "UTC+02:00"
    summer = datetime(2025, 7, 15, 10, 0, tzinfo=UTC)
    assert local_time(summer, amsterdam) == "15/07/2025 12:00 UTC+02:00"
