"""The 9-box as the talent map page shows it: people per box, and who is not mapped and why.

Pure: the people come from `tables.people` (one row per candidate, with the box's
description and actions and the flags of all their tests); the grid's geometry comes from
`talent` (PermenPANRB 3/2020). Nothing about the 9-box is restated here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assessment_app import talent
from assessment_app.results.model import ResultRow, ResultSet
from assessment_app.results.tables import PersonResult, people

UNMAPPED_REASONS = {
    "standar": "standar kompetensi jabatan belum diimpor",
    "penilaian": "belum dinilai: tes belum selesai, tidak lengkap, atau kompetensi yang "
    "dipersyaratkan belum diukur",
    "kinerja": "data kinerja (SKP) belum ada",
}


@dataclass(frozen=True)
class BoxCell:
    """One box of the 9-box with the people in it (highest JPM first)."""

    box: talent.Box
    people: list[PersonResult]

    @property
    def review(self) -> list[PersonResult]:
        """Return the people in the box who are "perlu ditinjau"."""
        return [p for p in self.people if p.review]


@dataclass(frozen=True)
class TalentGrid:
    """The 3x3 grid (potential rows high to low, performance columns low to high)."""

    rows: list[list[BoxCell]]
    unmapped: list[PersonResult]
    reasons: dict[str, list[PersonResult]]  # reason key -> people (one may have several)
    total: int

    @property
    def review(self) -> int:
        """Return how many mapped people are "perlu ditinjau"."""
        return sum(len(cell.review) for row in self.rows for cell in row)


def talent_grid(result_set: ResultSet, rows: Iterable[ResultRow] | None = None) -> TalentGrid:
    """Place every candidate in their box; list the others with every reason that applies."""
    rows = list(result_set.rows if rows is None else rows)
    standard = {row.candidate_id: bool(row.talent.required) for row in rows}
    everyone = people(result_set, rows)
    placed: dict[int, list[PersonResult]] = {number: [] for number in talent.BOXES}
    unmapped, reasons = [], {key: [] for key in UNMAPPED_REASONS}
    for person in everyone:
        if person.box is not None:
            placed[person.box].append(person)
            continue
        unmapped.append(person)
        for key in unmapped_reasons(person, standard[person.candidate_id]):
            reasons[key].append(person)
    grid = [
        [
            BoxCell(talent.BOXES[number], sorted(placed[number], key=_by_jpm))
            for number in (talent.box(potential, perf) for perf in talent.PERFORMANCES)
        ]
        for potential in talent.POTENTIALS
    ]
    return TalentGrid(grid, unmapped, reasons, len(everyone))


def _by_jpm(person: PersonResult):
    return (-(person.jpm or 0.0), person.name.casefold())


def unmapped_reasons(person: PersonResult, has_standard: bool) -> list[str]:
    """Why a candidate has no box yet: keys of UNMAPPED_REASONS."""
    out = []
    if person.potential is None:
        out.append("penilaian" if has_standard else "standar")
    if person.performance is None:
        out.append("kinerja")
    return out
