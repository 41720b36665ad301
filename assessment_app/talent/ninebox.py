"""The performance axis from the SKP predikat and the 9-box (PermenPANRB 3/2020)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bands import MENENGAH, RENDAH, TINGGI

ABOVE = "Di Atas Ekspektasi"
MEETS = "Sesuai Ekspektasi"
BELOW = "Di Bawah Ekspektasi"
PERFORMANCES = (BELOW, MEETS, ABOVE)
PREDIKAT = (
    "Sangat Baik",
    "Baik",
    "Butuh Perbaikan",
    "Kurang",
    "Misconduct",
    "Kurang/Misconduct",
    "Sangat Kurang",
)
_PERFORMANCE = {"Sangat Baik": ABOVE, "Baik": MEETS}  # every other predikat is BELOW
_SPACES = re.compile(r"\s+")
_SLASH = re.compile(r"\s*/\s*")


def _key(text: str) -> str:
    return _SLASH.sub("/", _SPACES.sub(" ", text.strip())).casefold()


_CANONICAL = {_key(name): name for name in PREDIKAT}


def performance(predikat: str | None) -> str | None:
    """Return the performance axis for an SKP predikat (any case and spacing); None for None.

    Raises ValueError for a text that is not a predikat (PermenPANRB 6/2022).
    """
    if predikat is None:
        return None
    canonical = _CANONICAL.get(_key(predikat))
    if canonical is None:
        raise ValueError(f"predikat tidak dikenal: {predikat!r}")
    return _PERFORMANCE.get(canonical, BELOW)


@dataclass(frozen=True)
class Box:
    """One box of the 9-box with the recommended action (PermenPANRB 3/2020)."""

    number: int
    performance: str
    potential: str
    name: str
    description: str
    action: str

    @property
    def succession(self) -> bool:
        """Return True for the Kelompok Rencana Suksesi candidates (boxes 7, 8, 9)."""
        return self.number in SUCCESSION_BOXES


SUCCESSION_BOXES = frozenset({7, 8, 9})
_ACTIONS = {
    9: "Dipromosikan dan dipertahankan; masuk Kelompok Rencana Suksesi; mendapat penghargaan",
    8: (
        "Dipertahankan; masuk Kelompok Rencana Suksesi; rotasi atau perluasan jabatan "
        "(job enlargement); bimbingan kinerja"
    ),
    7: (
        "Dipertahankan; masuk Kelompok Rencana Suksesi; rotasi atau pengayaan jabatan "
        "(job enrichment); pengembangan kompetensi"
    ),
    6: "Penempatan yang sesuai; bimbingan kinerja dan konseling kinerja",
    5: "Penempatan yang sesuai; bimbingan kinerja; pengembangan kompetensi",
    4: "Rotasi; pengembangan kompetensi",
    3: "Bimbingan kinerja dan konseling kinerja; pengembangan kompetensi; penempatan yang sesuai",
    2: "Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai",
    1: "Diproses sesuai ketentuan peraturan perundang-undangan",
}
_GRID = {  # potential -> box for Di Bawah / Sesuai / Di Atas Ekspektasi
    TINGGI: (6, 8, 9),
    MENENGAH: (3, 5, 7),
    RENDAH: (1, 2, 4),
}


def _make_box(number: int, potential: str, performance: str) -> Box:
    description = f"Kinerja {performance.lower()}, potensial {potential.lower()}"
    return Box(number, performance, potential, f"Kotak {number}", description, _ACTIONS[number])


_ALL = [
    _make_box(number, potential, PERFORMANCES[column])
    for potential, numbers in _GRID.items()
    for column, number in enumerate(numbers)
]
BOXES = {box.number: box for box in sorted(_ALL, key=lambda box: box.number)}  # 1..9


def box(potential: str | None, performance: str | None) -> int | None:
    """Return the box 1..9 for a potential and a performance; None when either is missing.

    Raises ValueError for a text that is neither missing nor a known value.
    """
    if potential is None or performance is None:
        return None
    if potential not in _GRID or performance not in PERFORMANCES:
        raise ValueError(f"unknown potential or performance: {potential!r}, {performance!r}")
    return _GRID[potential][PERFORMANCES.index(performance)]
