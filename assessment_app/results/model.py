"""Plain values describing an event's results (no Flask, no database).

`ResultSet` is what the results service computes from the database and what the pages, the
command line and the CSV/XLSX exports render: every rule is applied once, in
`results.compute`, and the result object carries everything a page or an export prints
(the cuts in force, the bands, the reliability, the flags, the version), so nothing is
recomputed or restated downstream. Numbers are unrounded here; exports round half up.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import NamedTuple

from assessment_app.results.cuts import shown_value
from assessment_app.scoring import Reliability
from assessment_app.talent import DEFAULT_BANDS, Bands
from assessment_app.vocabulary.corrections import CORRECTION_KINDS, RETIRED_KINDS

FINISHED = "finished"  # the status of a scored attempt (AttemptStatus.FINISHED)


@dataclass(frozen=True)
class CompetencyInfo:
    """A competency of the dictionary, in competencies.yaml order."""

    code: str
    name: str
    group: str  # manajerial | sosiokultural | teknis
    levels: dict[int, str]  # level -> title (PermenPANRB 38/2017 for the national ones)
    definition: str = ""
    indicators: dict[int, tuple[str, ...]] = field(default_factory=dict)


class CompetencyScore(NamedTuple):
    """One competency of one finished attempt (CONTRACT §6).

    A named tuple, not a dataclass: an event makes one per attempt and competency
    (150,000 for 10,000 candidates), and a tuple is built several times faster.
    """

    score: float  # C_score: 100 x mean chance-corrected credit (0 = chance, 100 = best)
    raw: float  # C_raw: mean option score (sjt) or percent correct (mcq), for reference
    level: int  # 1..5
    z: float | None  # None when the cohort's sd < 1e-9
    t: float | None
    items: int  # presented items


@dataclass(frozen=True)
class TalentResult:
    """One candidate's Job-Person Match and talent box (None where inputs are missing)."""

    achieved: dict[str, int]  # competency -> level counted for JPM (complete attempts only)
    required: dict[str, int]  # competency -> level required by the position's standard
    jpm: float | None  # unrounded percent, capped per competency
    jpm_category: str | None  # a label of the bands in force
    potential: str | None  # Tinggi | Menengah | Rendah
    potential_source: str | None  # the potential file's source, or "JPM" when derived
    predikat: str | None  # the SKP rating that counts (latest year)
    performance: str | None  # Di Atas Ekspektasi | Sesuai Ekspektasi | Di Bawah Ekspektasi
    box: int | None  # 1..9
    below_standard: tuple[str, ...] = ()  # codes assessed below the required level
    krs: str | None = None  # "ya" | "tidak"; None when there is no box
    review: bool = False  # a row of the candidate carries a flag: "perlu ditinjau"


@dataclass(frozen=True)
class CandidateInfo:
    """Who a result is about, and where the roster seated them."""

    candidate_id: int
    nip: str
    name: str
    position: str
    position_code: str
    unit: str
    session: str
    room: str
    seat: str

    def identity(self) -> dict[str, object]:
        """Return these fields by name, to describe the same candidate in another result."""
        return {f.name: getattr(self, f.name) for f in fields(CandidateInfo)}


@dataclass(frozen=True)
class ResultRow(CandidateInfo):
    """One candidate and one registered test, in session, room, seat, test order."""

    test_code: str
    test_title: str
    status: str  # ready | in_progress | paused | finished | voided
    answered: int
    total: int
    scores: dict[str, CompetencyScore]  # only for a finished attempt, measured competencies
    talent: TalentResult  # the candidate's, repeated on each of their rows
    flags: tuple[str, ...] = ()  # scoring.flags codes; empty unless finished
    finished_at: str | None = None  # ISO-8601 UTC

    @property
    def finished(self) -> bool:
        """Tell whether the attempt finished (only a finished attempt has scores)."""
        return self.status == FINISHED


@dataclass(frozen=True)
class ReliabilityRow:
    """The reliability of one competency as one test measured it (CONTRACT §5, §6)."""

    test_code: str
    competency: str
    stats: Reliability


@dataclass(frozen=True)
class Correction:
    """An audited scoring correction applied to these results."""

    kind: str  # drop_item | credit_all | level_cuts
    test_code: str | None
    item_id: str | None
    value: str
    reason: str
    by: str
    at: str  # ISO-8601 UTC
    id: int = 0  # the stored correction (to withdraw it)

    @property
    def label(self) -> str:
        """Return what the correction does, in Indonesian."""
        return {**CORRECTION_KINDS, **RETIRED_KINDS}.get(self.kind, self.kind)

    @property
    def applied(self) -> bool:
        """Tell whether the correction still applies (retired kinds do not)."""
        return self.kind in CORRECTION_KINDS

    @property
    def shown_value(self) -> str:
        """Return the value for people: cuts as ``"20; 40; 60; 80"`` or, per competency,
        ``"INT: 25; 45; 62; 81 | KS: ..."``; other kinds as stored."""
        return shown_value(self.value) if self.value else ""


@dataclass(frozen=True)
class TestRules:
    """The scoring rules in force for one test: its cuts (after corrections) and share."""

    __test__ = False  # not a pytest test class, despite the name

    code: str
    title: str
    level_cuts: tuple[float, ...]  # the test's cuts: for every competency without its own
    min_answered_share: float
    default_corrected: bool = False  # ``level_cuts`` come from a correction, not the bank
    competency_cuts: dict[str, tuple[float, ...]] = field(default_factory=dict)
    corrected_competencies: frozenset[str] = frozenset()  # own cuts set by a correction

    @property
    def corrected(self) -> bool:
        """Tell whether any cuts in force come from a correction."""
        return self.default_corrected or bool(self.corrected_competencies)

    def cuts_for(self, code: str) -> tuple[float, ...]:
        """Return the cuts in force for competency ``code``: its own, else the test's."""
        return self.competency_cuts.get(code, self.level_cuts)

    def cuts_corrected(self, code: str | None = None) -> bool:
        """Tell whether the cuts of ``code`` (None: the test's own) come from a correction."""
        if code in self.competency_cuts:
            return code in self.corrected_competencies
        return self.default_corrected

    @property
    def own_cuts(self) -> list[tuple[str, tuple[float, ...]]]:
        """Return (code, cuts) of the competencies whose cuts differ from the test's, by code."""
        return sorted(
            (code, cuts) for code, cuts in self.competency_cuts.items() if cuts != self.level_cuts
        )


@dataclass(frozen=True)
class VersionInfo:
    """Where these results stand against the latest fixed version ("Tetapkan hasil")."""

    number: int | None  # the latest fixed version; None when none was fixed yet
    final: bool  # True when the results are exactly that version's
    fixed_by: str | None = None
    fixed_at: str | None = None  # ISO-8601 UTC
    reason: str | None = None
    content_hash: str = ""  # of the results as computed now
    changes: tuple[str, ...] = ()  # what differs from the fixed version, for a draft

    @property
    def label(self) -> str:
        """Return "FINAL v3", "SEMENTARA (sejak v3)" or "SEMENTARA"."""
        if self.final:
            return f"FINAL v{self.number}"
        return f"SEMENTARA (sejak v{self.number})" if self.number else "SEMENTARA"


@dataclass(frozen=True)
class ResultSet:
    """Everything the results pages and exports show."""

    event_name: str
    competencies: list[CompetencyInfo]
    tests: dict[str, str]  # test code -> title, in snapshot order
    rows: list[ResultRow]
    corrections: list[Correction] = field(default_factory=list)
    bands: Bands = DEFAULT_BANDS
    rules: dict[str, TestRules] = field(default_factory=dict)  # test code -> rules in force
    reliability: list[ReliabilityRow] = field(default_factory=list)
    version: VersionInfo = field(default_factory=lambda: VersionInfo(None, False))

    def reliability_of(self, test_code: str, competency: str) -> Reliability | None:
        """Return the reliability of ``competency`` as ``test_code`` measured it."""
        for row in self.reliability:
            if row.test_code == test_code and row.competency == competency:
                return row.stats
        return None
