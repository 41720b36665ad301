"""Plain values describing an event's results (no Flask, no database).

`ResultSet` is what the results service computes from the database and what the pages and
the CSV/XLSX exports render. Numbers are unrounded here; exports round half up.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CompetencyInfo:
    """A competency of the dictionary, in competencies.yaml order."""

    code: str
    name: str
    group: str  # manajerial | sosiokultural | teknis
    levels: dict[int, str]  # level -> description


@dataclass(frozen=True)
class CompetencyScore:
    """One competency of one finished attempt."""

    score: float  # mean option score (sjt) or percent correct (mcq)
    level: int  # 1..5
    z: float | None  # None when the cohort's sd < 1e-9
    t: float | None


@dataclass(frozen=True)
class TalentResult:
    """One candidate's Job-Person Match and talent box (None where inputs are missing)."""

    achieved: dict[str, int]  # competency -> level achieved (manajerial/sosiokultural)
    required: dict[str, int]  # competency -> level required by the position's standard
    jpm: float | None  # unrounded percent
    jpm_category: str | None  # Optimal | Cukup Optimal | Kurang Optimal (or selection bands)
    potential: str | None  # Tinggi | Menengah | Rendah
    predikat: str | None  # the SKP rating that counts (latest year)
    performance: str | None  # Di Atas Ekspektasi | Sesuai Ekspektasi | Di Bawah Ekspektasi
    box: int | None  # 1..9


@dataclass(frozen=True)
class ResultRow:
    """One candidate and one registered test, in session, room, seat, test order."""

    candidate_id: int
    nip: str
    name: str
    position: str
    position_code: str
    unit: str
    session: str
    room: str
    seat: str
    test_code: str
    test_title: str
    status: str  # ready | in_progress | paused | finished | voided
    answered: int
    total: int
    scores: dict[str, CompetencyScore]  # only for a finished attempt, measured competencies
    talent: TalentResult  # the candidate's, repeated on each of their rows


@dataclass(frozen=True)
class Correction:
    """An audited scoring correction applied to these results."""

    kind: str  # drop_item | credit_all | cuts
    test_code: str | None
    item_id: str | None
    value: str
    reason: str
    by: str
    at: str  # ISO-8601 UTC
    id: int = 0  # the stored correction (to withdraw it)


@dataclass(frozen=True)
class ResultSet:
    """Everything the results pages and exports show."""

    event_name: str
    competencies: list[CompetencyInfo]
    tests: dict[str, str]  # test code -> title, in snapshot order
    rows: list[ResultRow]
    corrections: list[Correction] = field(default_factory=list)
    bands: str = "pemetaan"  # pemetaan (Optimal...) or seleksi (Memenuhi Syarat...)
