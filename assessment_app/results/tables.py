"""Tables derived from a `ResultSet`, written once for the admin pages and the exports.

Pure: plain values in and out, no Flask, database or Redis. Nothing here applies a scoring
or talent rule again: levels, JPM, categories, boxes, flags and KRS come from the result
set as computed; these functions only count, group and order them. Numbers stay unrounded
(exports round half up, pages write them with `decimal_text`).

- ``level_distribution``: per test and competency, how the finished attempts spread over
  levels 1..5;
- ``people``: one row per person with the talent result, the box's description and
  actions, and the flags of all their rows;
- ``krs_list``: the Kelompok Rencana Suksesi (boxes 7-9 with ``krs`` = "ya");
- ``recap_by`` / ``recap_total``: per unit (OPD) or position, the persons, those assessed,
  counts per box and per JPM category, the mean JPM and the KRS count;
- ``status_label``, ``flag_labels``: the Indonesian words for the
  codes the contract pins (CSV keeps the codes, pages and the XLSX show the words).

Every function takes an optional ``rows`` to narrow the result set (a page's filter); the
cohort values (z, T, levels) are not recomputed for the narrower set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from assessment_app.bank.model import LEVELS
from assessment_app.results.model import CandidateInfo, CompetencyInfo, ResultRow, ResultSet
from assessment_app.scoring import column_stats
from assessment_app.scoring.flags import FLAGS, INCOMPLETE
from assessment_app.talent import BOXES, KRS_YES

BOX_NUMBERS = tuple(BOXES)  # 1..9
UNIT, POSITION = "unit", "position"  # the keys ``recap_by`` groups by
STATUS_LABELS = {
    "ready": "Belum mulai",
    "in_progress": "Sedang dikerjakan",
    "paused": "Dijeda",
    "finished": "Selesai",
    "voided": "Dibatalkan",
}


def status_label(status: str) -> str:
    """Return the Indonesian label of an attempt status (the status itself if unknown)."""
    return STATUS_LABELS.get(status, status)


def flag_labels(codes: Iterable[str]) -> tuple[str, ...]:
    """Return the Indonesian labels of flag codes (``scoring.flags.FLAGS``), in that order."""
    return tuple(FLAGS[code].label if code in FLAGS else code for code in codes)


def _rows(result_set: ResultSet, rows: Iterable[ResultRow] | None) -> list[ResultRow]:
    return list(result_set.rows if rows is None else rows)


# --- level distribution ---------------------------------------------------------------------


@dataclass(frozen=True)
class LevelCounts:
    """How the finished attempts of one test spread over one competency's levels."""

    competency: CompetencyInfo
    counts: tuple[int, ...]  # attempts at level 1..5
    n: int  # finished attempts that were scored on the competency
    mean: float | None  # of C_score, unrounded
    sd: float | None  # population sd (ddof 0) of C_score, as for z and T


@dataclass(frozen=True)
class TestLevels:
    """One test: its finished attempts and a distribution per competency it measured."""

    __test__ = False  # not a pytest test class, despite the name

    code: str
    title: str
    finished: int
    competencies: tuple[LevelCounts, ...]


def level_distribution(
    result_set: ResultSet, rows: Iterable[ResultRow] | None = None
) -> list[TestLevels]:
    """Count, per test and competency, the finished attempts at each level 1..5.

    Every test of ``result_set.tests`` is listed, in that order, even without finished
    attempts (``finished`` = 0, no competencies); competencies in competencies.yaml order,
    only those some finished attempt was scored on. Incomplete attempts count: they are
    scored (CONTRACT §6), only JPM leaves them out.
    """
    finished = [row for row in _rows(result_set, rows) if row.finished]
    tests = []
    for code, title in result_set.tests.items():
        mine = [row for row in finished if row.test_code == code]
        counts = tuple(
            _level_counts(info, mine)
            for info in result_set.competencies
            if any(info.code in row.scores for row in mine)
        )
        tests.append(TestLevels(code, title, len(mine), counts))
    return tests


def _level_counts(info: CompetencyInfo, rows: Sequence[ResultRow]) -> LevelCounts:
    scores = [row.scores[info.code] for row in rows if info.code in row.scores]
    counts = tuple(sum(1 for s in scores if s.level == level) for level in LEVELS)
    mean, sd, _ = column_stats(np.array([[s.score] for s in scores], dtype=np.float64))
    return LevelCounts(info, counts, len(scores), float(mean[0]), float(sd[0]))


# --- people ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonResult(CandidateInfo):
    """One candidate with their talent result, once however many tests they sat."""

    jpm: float | None  # unrounded, capped per competency
    jpm_category: str | None
    potential: str | None
    potential_source: str | None  # the potential file's source, or "JPM" when derived
    predikat: str | None
    performance: str | None
    box: int | None
    box_description: str | None  # talent.BOXES[box].description
    box_actions: tuple[str, ...]  # talent.BOXES[box].actions (PermenPANRB 3/2020)
    below_standard: tuple[str, ...]
    flags: tuple[str, ...]  # codes found on any of the person's rows, in FLAGS order
    krs: str | None  # "ya" | "tidak"; None without a box
    review: bool  # "perlu ditinjau": a row of the person carries a flag
    assessed: bool  # a finished attempt without the incomplete flag

    @property
    def box_action(self) -> str:
        """Return the recommended actions as one text, separated by semicolons."""
        return "; ".join(self.box_actions)


def people(result_set: ResultSet, rows: Iterable[ResultRow] | None = None) -> list[PersonResult]:
    """Return one `PersonResult` per candidate, in the order of their first row.

    The rows are in session, room, seat order, so people are too. A person is "assessed"
    when at least one of their attempts finished without the ``incomplete`` flag.
    """
    grouped: dict[int, list[ResultRow]] = {}
    for row in _rows(result_set, rows):
        grouped.setdefault(row.candidate_id, []).append(row)
    return [_person(mine) for mine in grouped.values()]


def _person(rows: list[ResultRow]) -> PersonResult:
    first, talent = rows[0], rows[0].talent
    found = {code for row in rows for code in row.flags}
    box = BOXES.get(talent.box) if talent.box is not None else None
    return PersonResult(
        **first.identity(),
        jpm=talent.jpm,
        jpm_category=talent.jpm_category,
        potential=talent.potential,
        potential_source=talent.potential_source,
        predikat=talent.predikat,
        performance=talent.performance,
        box=talent.box,
        box_description=box.description if box else None,
        box_actions=box.actions if box else (),
        below_standard=tuple(talent.below_standard),
        flags=tuple(code for code in FLAGS if code in found) + tuple(sorted(found - set(FLAGS))),
        krs=talent.krs,
        review=talent.review,
        assessed=any(row.finished and INCOMPLETE not in row.flags for row in rows),
    )


def krs_list(result_set: ResultSet, rows: Iterable[ResultRow] | None = None) -> list[PersonResult]:
    """Return the succession pool: people with ``krs`` = "ya" (boxes 7, 8, 9, no flag).

    Ordered by box (9 first), then JPM (highest first), then name and NIP.
    """
    pool = [person for person in people(result_set, rows) if person.krs == KRS_YES]
    return sorted(pool, key=lambda p: (-(p.box or 0), -(p.jpm or 0.0), p.name.casefold(), p.nip))


# --- recaps per unit and position -----------------------------------------------------------


@dataclass(frozen=True)
class Recap:
    """Counts over a group of people (a unit, a position, or everyone)."""

    value: str  # the unit or position ("" when not filled in); "" for everyone
    persons: int
    assessed: int  # with a finished attempt without the incomplete flag
    boxes: dict[int, int]  # box 1..9 -> people in it (every box present, 0 included)
    unmapped: int  # people without a box
    categories: dict[str, int]  # label of the bands in force -> people (all labels present)
    uncategorised: int  # people without a JPM category
    jpm_count: int  # people with a JPM
    mean_jpm: float | None  # unrounded mean over those with a JPM; None when nobody has one
    krs: int  # people in the succession pool


def recap_by(
    result_set: ResultSet, key: str, rows: Iterable[ResultRow] | None = None
) -> list[Recap]:
    """Return one `Recap` per distinct ``key`` value: ``UNIT`` (OPD) or ``POSITION``.

    Groups are sorted by their value, case-insensitively; an empty value (not filled in)
    comes last. Raises ValueError for another key.
    """
    if key not in (UNIT, POSITION):
        raise ValueError(f"recap key must be {UNIT!r} or {POSITION!r}, got {key!r}")
    groups: dict[str, list[PersonResult]] = {}
    for person in people(result_set, rows):
        groups.setdefault(getattr(person, key) or "", []).append(person)
    labels = result_set.bands.labels
    order = sorted(groups, key=lambda value: (value == "", value.casefold(), value))
    return [_recap(value, groups[value], labels) for value in order]


def recap_total(result_set: ResultSet, rows: Iterable[ResultRow] | None = None) -> Recap:
    """Return the `Recap` of everyone (the total line under ``recap_by``)."""
    return _recap("", people(result_set, rows), result_set.bands.labels)


def _recap(value: str, group: Sequence[PersonResult], labels: Sequence[str]) -> Recap:
    jpms = [p.jpm for p in group if p.jpm is not None]
    return Recap(
        value=value,
        persons=len(group),
        assessed=sum(p.assessed for p in group),
        boxes={number: sum(p.box == number for p in group) for number in BOX_NUMBERS},
        unmapped=sum(p.box is None for p in group),
        categories={label: sum(p.jpm_category == label for p in group) for label in labels},
        uncategorised=sum(p.jpm_category is None for p in group),
        jpm_count=len(jpms),
        mean_jpm=float(np.mean(jpms)) if jpms else None,
        krs=sum(p.krs == KRS_YES for p in group),
    )
