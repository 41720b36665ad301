"""One candidate's individual report, as an assessor would sign it (pure: no Flask, no DB).

Everything comes from the `ResultSet`: the level and its SEM band (C_score +/- SEM from the
reliability table, with the levels that band spans under the test's cuts in force), the
dictionary's level titles, definition and indicators (PermenPANRB 38/2017, quoted as the
bank holds them), the gaps against the position's standard, development suggestions from
the required level's behaviour, the talent result and the method and its limits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assessment_app import scoring, talent
from assessment_app.results.model import (
    CompetencyInfo,
    CompetencyScore,
    ResultRow,
    ResultSet,
    TalentResult,
    TestRules,
)
from assessment_app.scoring import Reliability


@dataclass(frozen=True)
class SemBand:
    """C_score +/- one SEM, and the levels its two ends fall in."""

    low: float
    high: float
    sem: float
    level_low: int
    level_high: int

    @property
    def levels(self) -> tuple[int, ...]:
        """Return every level the band touches, lowest first."""
        return tuple(range(self.level_low, self.level_high + 1))


def sem_band(score: float, sem: float | None, cuts: tuple[float, ...]) -> SemBand | None:
    """Return the band C_score +/- SEM under ``cuts``; None when there is no SEM."""
    if sem is None or not np.isfinite(sem):
        return None
    low, high = score - sem, score + sem
    lows, highs = scoring.levels(np.array([[low], [high]]), cuts)[:, 0].tolist()
    return SemBand(low, high, sem, int(lows), int(highs))


@dataclass(frozen=True)
class CompetencyLine:
    """One competency of the candidate: the estimated level, its band, the standard."""

    info: CompetencyInfo
    test_code: str | None  # the test whose score is shown
    score: CompetencyScore | None
    achieved: int | None  # the level counted for JPM (complete attempts only)
    required: int | None
    reliability: Reliability | None
    band: SemBand | None

    @property
    def level(self) -> int | None:
        """Return the estimated level (also from an incomplete test)."""
        return None if self.score is None else self.score.level

    @property
    def counted(self) -> bool:
        """Return True when the level enters JPM (a complete attempt measured it)."""
        return self.achieved is not None

    @property
    def gap(self) -> int | None:
        if self.achieved is None or self.required is None:
            return None
        return self.achieved - self.required

    @property
    def verdict(self) -> str:
        if self.gap is not None:
            return "Memenuhi standar" if self.gap >= 0 else "Area pengembangan"
        if self.required is None:
            return "Tidak dipersyaratkan"
        if self.score is not None:
            return "Tidak dipakai untuk JPM (tes tidak lengkap)"
        return "Belum diukur"

    @property
    def level_title(self) -> str:
        return self.info.levels.get(self.level, "") if self.level else ""

    @property
    def required_title(self) -> str:
        return self.info.levels.get(self.required, "") if self.required else ""

    @property
    def level_indicators(self) -> tuple[str, ...]:
        return self.info.indicators.get(self.level, ()) if self.level else ()

    @property
    def required_indicators(self) -> tuple[str, ...]:
        return self.info.indicators.get(self.required, ()) if self.required else ()


@dataclass(frozen=True)
class Step:
    """A level to grow into, with its title and behaviour indicators from the dictionary."""

    level: int
    title: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    """Development suggestion for one gap: the levels between achieved and required."""

    info: CompetencyInfo
    achieved: int
    required: int
    steps: tuple[Step, ...]  # achieved + 1 .. required; the last one is the target

    @property
    def target(self) -> Step:
        return self.steps[-1]


def suggestion(line: CompetencyLine) -> Suggestion | None:
    """Return what the candidate should grow into for a gap below the standard."""
    if line.gap is None or line.gap >= 0:
        return None
    steps = tuple(
        Step(level, line.info.levels.get(level, ""), line.info.indicators.get(level, ()))
        for level in range(line.achieved + 1, line.required + 1)
    )
    return Suggestion(line.info, line.achieved, line.required, steps)


@dataclass(frozen=True)
class MethodLine:
    """How one competency was measured in one test: items, reliability, SEM, cuts."""

    test_code: str
    info: CompetencyInfo
    items: int  # items presented to this candidate
    reliability: Reliability | None
    rules: TestRules | None


@dataclass(frozen=True)
class FlagNote:
    """A flag on one of the candidate's tests, with its label and rule."""

    test_code: str
    flag: scoring.flags.Flag


@dataclass(frozen=True)
class IndividualReport:
    """Everything the individual report shows about one candidate."""

    person: ResultRow  # identity fields (first of the candidate's rows)
    tests: list[ResultRow]
    lines: list[CompetencyLine]  # manajerial and sosiokultural
    technical: list[CompetencyLine]  # outside JPM
    method: list[MethodLine]
    flags: list[FlagNote]
    talent: TalentResult

    @property
    def finished(self) -> bool:
        return any(row.finished for row in self.tests)

    @property
    def has_standard(self) -> bool:
        return bool(self.talent.required)

    @property
    def review(self) -> bool:
        """Return True when a flag asks an assessor to look first ("perlu ditinjau")."""
        return bool(self.flags) or self.talent.review

    @property
    def gaps(self) -> list[CompetencyLine]:
        """Return the required competencies, in dictionary order, for the gap table."""
        return [line for line in self.lines if line.required is not None]

    @property
    def suggestions(self) -> list[Suggestion]:
        return [s for s in map(suggestion, self.lines) if s is not None]

    @property
    def box(self) -> talent.Box | None:
        return talent.BOXES.get(self.talent.box) if self.talent.box else None


def individual_report(rs: ResultSet, candidate_id: int) -> IndividualReport | None:
    """Build one candidate's report; None when the candidate is not in the results."""
    rows = [row for row in rs.rows if row.candidate_id == candidate_id]
    if not rows:
        return None
    person_talent = rows[0].talent
    shown = _shown_scores(rows)
    lines, technical = [], []
    for info in rs.competencies:
        test_code, score = shown.get(info.code, (None, None))
        jpm = info.group in talent.JPM_GROUPS
        if not jpm and score is None:
            continue
        if jpm and score is None and info.code not in person_talent.required:
            continue
        line = CompetencyLine(
            info,
            test_code,
            score,
            person_talent.achieved.get(info.code) if jpm else None,
            person_talent.required.get(info.code) if jpm else None,
            rs.reliability_of(test_code, info.code) if test_code else None,
            _band(rs, test_code, info.code, score),
        )
        (lines if jpm else technical).append(line)
    return IndividualReport(
        person=rows[0],
        tests=rows,
        lines=lines,
        technical=technical,
        method=_method(rs, rows),
        flags=[
            FlagNote(row.test_code, scoring.flags.FLAGS[code])
            for row in rows
            for code in row.flags
            if code in scoring.flags.FLAGS
        ],
        talent=person_talent,
    )


def _shown_scores(rows: list[ResultRow]) -> dict[str, tuple[str, CompetencyScore]]:
    """Per competency, the score the report shows: as for JPM, the later complete test
    in the candidate's order wins; an incomplete one only where nothing else measured it."""
    complete: dict[str, tuple[str, CompetencyScore]] = {}
    anything: dict[str, tuple[str, CompetencyScore]] = {}
    for row in rows:
        target = anything if scoring.flags.INCOMPLETE in row.flags else complete
        for code, score in row.scores.items():
            target[code] = (row.test_code, score)
    return anything | complete


def _band(rs: ResultSet, test_code, code: str, score: CompetencyScore | None) -> SemBand | None:
    if score is None or test_code not in rs.rules:
        return None
    stats = rs.reliability_of(test_code, code)
    cuts = rs.rules[test_code].cuts_for(code)
    return sem_band(score.score, stats.sem if stats else None, cuts)


def _method(rs: ResultSet, rows: list[ResultRow]) -> list[MethodLine]:
    """One line per test and competency the candidate's finished attempts measured."""
    order = {info.code: index for index, info in enumerate(rs.competencies)}
    infos = {info.code: info for info in rs.competencies}
    return [
        MethodLine(
            row.test_code,
            infos[code],
            row.scores[code].items,
            rs.reliability_of(row.test_code, code),
            rs.rules.get(row.test_code),
        )
        for row in rows
        for code in sorted(row.scores, key=lambda c: order.get(c, len(order)))
        if code in infos
    ]
