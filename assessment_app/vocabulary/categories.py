"""Incident categories of the session record, and which one an incident starts with.

Pure (no Flask): the proctor form, the API and the audit sentences read the same table.
"""

from __future__ import annotations

CATEGORIES = {
    "peserta": "Peserta",
    "teknis": "Teknis (perangkat/jaringan)",
    "lingkungan": "Lingkungan",
    "petugas": "Petugas",
}
# An incident about one seat is most often about that candidate (identity, conduct, a
# question); the room-wide form starts at the surroundings (noise, power, light).
SEAT_DEFAULT = "peserta"
ROOM_DEFAULT = "lingkungan"


def default_category(for_seat: bool) -> str:
    """Return the category an incident form starts with (seat or whole room)."""
    return SEAT_DEFAULT if for_seat else ROOM_DEFAULT


def category_label(code: str) -> str:
    """Return the label of a category code (the code itself when unknown, e.g. old rows)."""
    return CATEGORIES.get(code, code or "–")
