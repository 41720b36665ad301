"""Filter, sort and group an event's results for the admin pages: pure functions, no Flask.

Everything here works on the plain values of `assessment_app.results.model`; numbers stay
unrounded until `decimal_text` writes them for people (half up, decimal comma).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np

from assessment_app.formatting import natural_key
from assessment_app.results.model import (
    CompetencyInfo,
    CompetencyScore,
    ResultRow,
    ResultSet,
    TalentResult,
)
from assessment_app.scoring import column_stats, round_half_up_scalar

FINISHED = "finished"
JPM_GROUPS = ("manajerial", "sosiokultural")
LEVELS = (1, 2, 3, 4, 5)
NO_BOX = "-"  # the box filter's value for "not mapped yet"
MAX_PARAM = 200

STATUS_TEXT = {
    "ready": "Belum mulai",
    "in_progress": "Mengerjakan",
    "paused": "Dijeda",
    "finished": "Selesai",
    "voided": "Dibatalkan",
}
STATUS_ORDER = {status: index for index, status in enumerate(STATUS_TEXT)}


def decimal_text(value: float | None, places: int = 2) -> str:
    """Write a number rounded half up with a decimal comma ("87,50"); "–" for None."""
    rounded = round_half_up_scalar(value, places)
    if rounded is None or np.isnan(rounded):
        return "–"
    return f"{rounded:.{places}f}".replace(".", ",")


# --- filtering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFilter:
    """What the results pages are narrowed to; fields named as the query parameters."""

    sesi: str = ""
    ruang: str = ""
    unit: str = ""
    jabatan: str = ""
    kotak: str = ""  # "1".."9" or NO_BOX
    kategori: str = ""
    tes: str = ""
    cari: str = ""  # part of a name or NIP

    @classmethod
    def from_args(cls, args: Mapping[str, str], only: Iterable[str] | None = None):
        """Read the filter from query parameters (unknown or oversized values are cut)."""
        names = set(only) if only is not None else {f.name for f in fields(cls)}
        return cls(**{n: (args.get(n) or "").strip()[:MAX_PARAM] for n in names})

    def params(self) -> dict[str, str]:
        """Return the non-empty fields, to rebuild a link with the same filter."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def filter_rows(rows: Iterable[ResultRow], flt: ResultFilter) -> list[ResultRow]:
    """Return the rows that match every field of the filter that is set."""
    return [row for row in rows if _matches(row, flt)]


def _matches(row: ResultRow, flt: ResultFilter) -> bool:
    talent = row.talent
    checks = (
        (flt.sesi, lambda: row.session.casefold() == flt.sesi.casefold()),
        (flt.ruang, lambda: row.room.casefold() == flt.ruang.casefold()),
        (flt.unit, lambda: row.unit == flt.unit),
        (flt.jabatan, lambda: row.position == flt.jabatan),
        (flt.kotak, lambda: _box_text(talent.box) == flt.kotak),
        (flt.kategori, lambda: (talent.jpm_category or NO_BOX) == flt.kategori),
        (flt.tes, lambda: row.test_code == flt.tes),
        (flt.cari, lambda: _found(row, flt.cari)),
    )
    return all(check() for wanted, check in checks if wanted)


def _box_text(box: int | None) -> str:
    return NO_BOX if box is None else str(box)


def _found(row: ResultRow, text: str) -> bool:
    return text.casefold() in row.name.casefold() or text in row.nip


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter can take in this event, sorted for the dropdowns."""

    sessions: list[str]
    rooms: list[str]
    units: list[str]
    positions: list[str]
    categories: list[str]
    boxes: list[str]


def filter_options(rows: Sequence[ResultRow]) -> FilterOptions:
    """Collect the distinct sessions, rooms, units, positions, categories and boxes."""
    boxes = {row.talent.box for row in rows}
    return FilterOptions(
        sessions=sorted({r.session for r in rows}, key=natural_key),
        rooms=sorted({r.room for r in rows}, key=natural_key),
        units=sorted({r.unit for r in rows if r.unit}),
        positions=sorted({r.position for r in rows}),
        categories=sorted({r.talent.jpm_category for r in rows if r.talent.jpm_category}),
        boxes=[str(b) for b in sorted(b for b in boxes if b is not None)]
        + ([NO_BOX] if None in boxes else []),
    )


def candidate_count(rows: Iterable[ResultRow]) -> int:
    """Return how many different candidates the rows belong to."""
    return len({row.candidate_id for row in rows})


def measured_competencies(rs: ResultSet, rows: Iterable[ResultRow]) -> list[CompetencyInfo]:
    """Return the competencies scored in any of the rows, in competencies.yaml order."""
    codes = {code for row in rows for code in row.scores}
    return [c for c in rs.competencies if c.code in codes]


# --- sorting --------------------------------------------------------------------------------

ASCENDING, DESCENDING = "naik", "turun"
COMPETENCY_SORT = "k-"  # "k-INT" sorts by the level (then score) of Integritas

_SORT_KEYS = {
    "nip": lambda r: r.nip,
    "nama": lambda r: r.name.casefold(),
    "jabatan": lambda r: r.position.casefold(),
    "unit": lambda r: r.unit.casefold(),
    "sesi": lambda r: natural_key(r.session),
    "ruang": lambda r: (natural_key(r.room), natural_key(r.seat)),
    "tes": lambda r: r.test_code,
    "status": lambda r: STATUS_ORDER.get(r.status, 99),
    "terjawab": lambda r: (r.answered, r.total),
    "jpm": lambda r: r.talent.jpm,
    "kategori": lambda r: r.talent.jpm,  # the category follows the JPM
    "kotak": lambda r: r.talent.box,
}
_FIRST_DESCENDING = {"jpm", "kategori", "kotak", "terjawab"}


def sort_key_valid(key: str) -> bool:
    """Return True for a key the table can be sorted by."""
    return key in _SORT_KEYS or (key.startswith(COMPETENCY_SORT) and len(key) > 2)


def sort_rows(rows: Sequence[ResultRow], key: str, descending: bool) -> list[ResultRow]:
    """Sort by a column; rows without a value (no JPM, no score) always come last.

    Ties keep the given order (session, room, seat), so the sort is stable for people.
    """
    if not sort_key_valid(key):
        return list(rows)
    value = _SORT_KEYS.get(key) or _competency_value(key[len(COMPETENCY_SORT) :])
    keyed = [(value(row), row) for row in rows]
    present = [pair for pair in keyed if pair[0] is not None]
    missing = [row for v, row in keyed if v is None]
    present.sort(key=lambda pair: pair[0], reverse=descending)
    return [row for _, row in present] + missing


def _competency_value(code: str):
    def value(row: ResultRow):
        score = row.scores.get(code)
        return None if score is None else (score.level, score.score)

    return value


def first_direction(key: str) -> str:
    """The direction a column sorts in when first clicked: numbers high to low."""
    numeric = key in _FIRST_DESCENDING or key.startswith(COMPETENCY_SORT)
    return DESCENDING if numeric else ASCENDING


def sort_link(flt: ResultFilter, current: str, direction: str, key: str) -> dict[str, str]:
    """Query parameters for a header link: same filter, this key, direction toggled."""
    if key == current:
        new = ASCENDING if direction == DESCENDING else DESCENDING
    else:
        new = first_direction(key)
    return flt.params() | {"urut": key, "arah": new}


# --- the individual report ------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyLine:
    """One manajerial or sosiokultural competency of a candidate against the standard."""

    info: CompetencyInfo
    achieved: int | None
    required: int | None
    score: CompetencyScore | None

    @property
    def gap(self) -> int | None:
        if self.achieved is None or self.required is None:
            return None
        return self.achieved - self.required

    @property
    def verdict(self) -> str:
        if self.gap is None:
            return "Belum diukur" if self.achieved is None else "Tidak dipersyaratkan"
        return "Kekuatan" if self.gap >= 0 else "Area pengembangan"

    @property
    def achieved_text(self) -> str:
        return self.info.levels.get(self.achieved, "") if self.achieved else ""

    @property
    def required_text(self) -> str:
        return self.info.levels.get(self.required, "") if self.required else ""


@dataclass(frozen=True)
class TechnicalScore:
    """A technical competency measured in one of the candidate's tests (outside JPM)."""

    info: CompetencyInfo
    test_code: str
    score: CompetencyScore


@dataclass(frozen=True)
class IndividualReport:
    """Everything the individual report shows about one candidate."""

    person: ResultRow  # identity fields (first of the candidate's rows)
    tests: list[ResultRow]
    lines: list[CompetencyLine]
    technical: list[TechnicalScore]
    talent: TalentResult

    @property
    def finished(self) -> bool:
        return any(row.status == FINISHED for row in self.tests)

    @property
    def has_standard(self) -> bool:
        return bool(self.talent.required)

    @property
    def strengths(self) -> list[CompetencyLine]:
        return [line for line in self.lines if line.gap is not None and line.gap >= 0]

    @property
    def developments(self) -> list[CompetencyLine]:
        return [line for line in self.lines if line.gap is not None and line.gap < 0]


def individual_report(rs: ResultSet, candidate_id: int) -> IndividualReport | None:
    """Build one candidate's report; None when the candidate is not in the results."""
    tests = [row for row in rs.rows if row.candidate_id == candidate_id]
    if not tests:
        return None
    talent = tests[0].talent
    latest: dict[str, CompetencyScore] = {}
    technical = []
    for row in tests:  # in the candidate's test order: a later test wins, as in the JPM
        latest.update(row.scores)
        technical += [
            TechnicalScore(info, row.test_code, row.scores[info.code])
            for info in rs.competencies
            if info.group not in JPM_GROUPS and info.code in row.scores
        ]
    lines = [
        CompetencyLine(
            info,
            talent.achieved.get(info.code, _level(latest.get(info.code))),
            talent.required.get(info.code),
            latest.get(info.code),
        )
        for info in rs.competencies
        if info.group in JPM_GROUPS
        and any(info.code in known for known in (talent.required, talent.achieved, latest))
    ]
    return IndividualReport(tests[0], tests, lines, technical, talent)


def _level(score: CompetencyScore | None) -> int | None:
    return None if score is None else score.level


# --- the talent map -------------------------------------------------------------------------

POTENTIALS = ("Tinggi", "Menengah", "Rendah")  # rows, top to bottom
PERFORMANCES = ("Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi")  # columns
UNMAPPED_REASONS = {
    "standar": "standar kompetensi jabatan belum diimpor",
    "penilaian": "belum dinilai: tes belum selesai atau kompetensi yang dipersyaratkan "
    "belum diukur",
    "kinerja": "data kinerja (SKP) belum ada",
}


@dataclass(frozen=True)
class Person:
    """A candidate as listed in a box."""

    candidate_id: int
    name: str
    nip: str
    position: str
    unit: str
    jpm: float | None


@dataclass(frozen=True)
class BoxCell:
    """One box of the 9-box grid with the people in it."""

    number: int
    potential: str
    performance: str
    people: list[Person]


@dataclass(frozen=True)
class TalentMap:
    """The 3x3 grid (potential rows, performance columns) and who cannot be mapped yet."""

    grid: list[list[BoxCell]]
    unmapped: list[Person]
    reasons: dict[str, list[Person]]  # reason key -> people (a person may have several)
    total: int


def people(rows: Iterable[ResultRow]) -> list[tuple[Person, TalentResult]]:
    """Return each candidate once, in the rows' order, with their talent result."""
    seen: dict[int, tuple[Person, TalentResult]] = {}
    for row in rows:
        if row.candidate_id not in seen:
            person = Person(
                row.candidate_id, row.name, row.nip, row.position, row.unit, row.talent.jpm
            )
            seen[row.candidate_id] = (person, row.talent)
    return list(seen.values())


def talent_map(rows: Iterable[ResultRow], box_of: Mapping[tuple[str, str], int]) -> TalentMap:
    """Place every candidate in their box; list the others with every reason that applies.

    `box_of` maps (potential, performance) to the box number (PermenPANRB 3/2020).
    """
    everyone = people(rows)
    placed: dict[int, list[Person]] = {number: [] for number in box_of.values()}
    unmapped, reasons = [], {key: [] for key in UNMAPPED_REASONS}
    for person, talent in everyone:
        if talent.box is not None:
            placed.setdefault(talent.box, []).append(person)
            continue
        unmapped.append(person)
        for key in unmapped_reasons(talent):
            reasons[key].append(person)
    grid = [
        [
            BoxCell(
                box_of[(pot, perf)], pot, perf, sorted(placed[box_of[(pot, perf)]], key=_by_jpm)
            )
            for perf in PERFORMANCES
        ]
        for pot in POTENTIALS
    ]
    return TalentMap(grid, unmapped, reasons, len(everyone))


def _by_jpm(person: Person):
    return (-(person.jpm or 0.0), person.name.casefold())


def unmapped_reasons(talent: TalentResult) -> list[str]:
    """Why a candidate has no box yet: keys of UNMAPPED_REASONS."""
    out = []
    if not talent.required:
        out.append("standar")
    elif talent.jpm is None:
        out.append("penilaian")
    if talent.performance is None:
        out.append("kinerja")
    return out


# --- distributions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """How the finished attempts of one test spread over the levels of one competency."""

    info: CompetencyInfo
    counts: list[int]  # people at level 1..5
    n: int
    mean: float | None
    sd: float | None  # population sd (ddof = 0), as for z and T


@dataclass(frozen=True)
class DistributionsOfTest:
    """Every competency a test measured, with its level distribution."""

    code: str
    title: str
    finished: int
    competencies: list[Distribution]


def distributions(rs: ResultSet, rows: Iterable[ResultRow]) -> list[DistributionsOfTest]:
    """Per test (snapshot order) and measured competency: level counts, n, mean and sd."""
    finished = [row for row in rows if row.status == FINISHED]
    out = []
    for code, title in rs.tests.items():
        mine = [row for row in finished if row.test_code == code]
        out.append(
            DistributionsOfTest(
                code,
                title,
                len(mine),
                [_distribution(info, mine) for info in measured_competencies(rs, mine)],
            )
        )
    return [test for test in out if test.finished]


def _distribution(info: CompetencyInfo, rows: Sequence[ResultRow]) -> Distribution:
    scores = [row.scores[info.code] for row in rows if info.code in row.scores]
    counts = [sum(1 for s in scores if s.level == level) for level in LEVELS]
    if not scores:
        return Distribution(info, counts, 0, None, None)
    mean, sd, _ = column_stats(np.array([[s.score] for s in scores]))
    return Distribution(info, counts, len(scores), float(mean[0]), float(sd[0]))


# --- corrections ----------------------------------------------------------------------------

CUT_KINDS = {"sjt_level_cuts": "sjt", "mcq_level_cuts": "mcq"}


def cuts_in_force(
    defaults: Mapping[str, Mapping[str, tuple[float, ...]]], corrections: Iterable
) -> dict[str, dict[str, tuple[float, ...]]]:
    """Overlay the cut corrections, oldest first, on each test's bank cuts."""
    cuts = {code: dict(kinds) for code, kinds in defaults.items()}
    for correction in corrections:
        kind = CUT_KINDS.get(correction.kind)
        if kind and correction.test_code:
            values = tuple(float(v) for v in correction.value.split(","))
            cuts.setdefault(correction.test_code, {})[kind] = values
    return cuts
