"""Deadline arithmetic, pure: no database, no Flask.

The deadline is start + duration + extensions + paused time; paused time includes outage
windows recorded for the session. Remaining time is frozen while an attempt is paused.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta


def deadline(started_at: datetime, duration_ms: int, extension_ms: int, paused_ms: int) -> datetime:
    """Return the moment an attempt's time runs out."""
    return started_at + timedelta(milliseconds=duration_ms + extension_ms + paused_ms)


def remaining_seconds(
    *,
    now: datetime,
    deadline_at: datetime | None,
    paused_at: datetime | None,
    budget_ms: int,
) -> int:
    """Return whole seconds left (rounded down, never negative).

    `budget_ms` (duration + extensions) is what a not-yet-started attempt has.
    """
    if deadline_at is None:
        return max(0, budget_ms // 1000)
    reference = paused_at if paused_at is not None else now
    return max(0, math.floor((deadline_at - reference).total_seconds()))


def overlap_ms(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> int:
    """Return how many milliseconds two time windows share."""
    start, end = max(a_start, b_start), min(a_end, b_end)
    if end <= start:
        return 0
    return int((end - start) / timedelta(milliseconds=1))
