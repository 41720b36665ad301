"""The performance axis from the SKP predikat and the 9-box (PermenPANRB 3/2020)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The predikat are vocabulary: the performance file is read against them.
from assessment_app.vocabulary.talent import MENENGAH, RENDAH, TINGGI, canonical_predikat

ABOVE = "Di Atas Ekspektasi"
MEETS = "Sesuai Ekspektasi"
BELOW = "Di Bawah Ekspektasi"
PERFORMANCES = (BELOW, MEETS, ABOVE)
_PERFORMANCE = {"Sangat Baik": ABOVE, "Baik": MEETS}  # every other predikat is BELOW


def performance(predikat: str | None) -> str | None:
    """Return the performance axis for an SKP predikat (any case and spacing); None for None.

    Raises ValueError for a text that is not a predikat (PermenPANRB 6/2022).
    """
    if predikat is None:
        return None
    canonical = canonical_predikat(predikat)
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
    actions: tuple[str, ...]

    @property
    def action(self) -> str:
        """Return the recommended actions as one text, separated by semicolons."""
        return "; ".join(self.actions)

    @property
    def succession(self) -> bool:
        """Return True for the Kelompok Rencana Suksesi candidates (boxes 7, 8, 9)."""
        return self.number in SUCCESSION_BOXES


SUCCESSION_BOXES = frozenset({7, 8, 9})
# The recommended actions of PermenPANRB 3/2020 (Lampiran, kotak manajemen talenta), in full.
_ACTIONS = {
    9: (
        "Dipromosikan dan dipertahankan",
        "Masuk Kelompok Rencana Suksesi Instansi/Nasional",
        "Mendapat penghargaan",
    ),
    8: (
        "Dipertahankan",
        "Masuk Kelompok Rencana Suksesi Instansi",
        "Rotasi/perluasan jabatan",
        "Bimbingan kinerja",
    ),
    7: (
        "Dipertahankan",
        "Masuk Kelompok Rencana Suksesi Instansi",
        "Rotasi/pengayaan jabatan",
        "Pengembangan kompetensi",
        "Tugas belajar",
    ),
    6: ("Penempatan yang sesuai", "Bimbingan kinerja", "Konseling kinerja"),
    5: ("Penempatan yang sesuai", "Bimbingan kinerja", "Pengembangan kompetensi"),
    4: ("Rotasi", "Pengembangan kompetensi"),
    3: (
        "Bimbingan kinerja",
        "Konseling kinerja",
        "Pengembangan kompetensi",
        "Penempatan yang sesuai",
    ),
    2: ("Bimbingan kinerja", "Pengembangan kompetensi", "Penempatan yang sesuai"),
    1: ("Diproses sesuai ketentuan peraturan perundang-undangan",),
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


KRS_YES, KRS_NO = "ya", "tidak"
_GOOD = frozenset({"Sangat Baik", "Baik"})


def krs(
    box_number: int | None, ratings: Iterable[tuple[int | None, str]], flagged: bool
) -> str | None:
    """Return "ya" when the candidate belongs in the Kelompok Rencana Suksesi, else "tidak".

    ``ratings`` are the candidate's SKP rows as (year, predikat). "ya" needs box 7, 8 or 9,
    the two latest years among the rows that have a year consecutive (y and y - 1) with
    predikat Baik or Sangat Baik in both, and no flag on any of the candidate's results
    (CONTRACT §6). None when there is no box.
    """
    if box_number is None:
        return None
    dated = sorted(((year, text) for year, text in ratings if year is not None), reverse=True)
    if box_number not in SUCCESSION_BOXES or flagged or len(dated) < 2:
        return KRS_NO
    (latest, first), (before, second) = dated[0], dated[1]
    good = {canonical_predikat(first), canonical_predikat(second)} <= _GOOD
    return KRS_YES if good and before == latest - 1 else KRS_NO
