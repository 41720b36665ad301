"""Summaries the XLSX export shows besides the rows: the 9-box and level distributions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from assessment_app.exports.columns import FINISHED
from assessment_app.results.model import ResultRow, ResultSet
from assessment_app.talent import BOXES

LEVELS = (1, 2, 3, 4, 5)
POTENTIALS = ("Tinggi", "Menengah", "Rendah")  # grid rows, top to bottom
PERFORMANCES = ("Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi")  # left to right
BOX_GRID = ((6, 8, 9), (3, 5, 7), (1, 2, 4))  # PermenPANRB 3/2020, CONTRACT §6
# Box names; the lead swaps this for talent.BOXES (labels and recommended actions) when it lands.
BOX_NAMES = {number: box.name for number, box in BOXES.items()}


def candidates(result_set: ResultSet) -> list[ResultRow]:
    """Return each candidate's first row, once per candidate, in row order."""
    first: dict[int, ResultRow] = {}
    for row in result_set.rows:
        first.setdefault(row.candidate_id, row)
    return list(first.values())


def box_counts(result_set: ResultSet) -> Counter:
    """Count candidates (not rows) per box; None counts those without a box."""
    return Counter(row.talent.box for row in candidates(result_set))


def box_members(result_set: ResultSet) -> list[ResultRow]:
    """Return one row per candidate: box descending, then name, NIP; unmapped ones last."""

    def key(row: ResultRow) -> tuple:
        box = row.talent.box
        return (box is None, -(box or 0), row.name.casefold(), row.nip)

    return sorted(candidates(result_set), key=key)


@dataclass(frozen=True)
class LevelDistribution:
    """How the finished attempts of one test spread over one competency's levels."""

    code: str
    name: str
    counts: tuple[int, ...]  # levels 1..5
    n: int
    mean: float
    sd: float  # population (ddof 0)


def finished_rows(result_set: ResultSet, test_code: str) -> list[ResultRow]:
    """Return the finished attempts of one test."""
    return [r for r in result_set.rows if r.test_code == test_code and r.status == FINISHED]


def level_distributions(result_set: ResultSet, test_code: str) -> list[LevelDistribution]:
    """Return one distribution per competency the test's finished attempts measured."""
    rows = finished_rows(result_set, test_code)
    distributions = []
    for info in result_set.competencies:
        scores = [row.scores[info.code] for row in rows if info.code in row.scores]
        if not scores:
            continue
        levels = Counter(score.level for score in scores)
        values = np.array([score.score for score in scores], dtype=float)
        distributions.append(
            LevelDistribution(
                code=info.code,
                name=info.name,
                counts=tuple(levels.get(level, 0) for level in LEVELS),
                n=len(scores),
                mean=float(values.mean()),
                sd=float(values.std(ddof=0)),
            )
        )
    return distributions
