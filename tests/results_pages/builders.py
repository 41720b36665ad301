"""Small ResultSets built by hand, for the pure functions behind the results pages."""

from __future__ import annotations

from assessment_app.results.model import (
    CompetencyInfo,
    CompetencyScore,
    Correction,
    ReliabilityRow,
    ResultRow,
    ResultSet,
    TestRules,
)
from assessment_app.scoring import Reliability
from tests.result_sets import talent

__all__ = ["talent"]  # the results-page tests import it from here

LEVELS = range(1, 6)
INT = CompetencyInfo(
    "INT",
    "Integritas",
    "manajerial",
    {n: f"INT level {n}" for n in LEVELS},
    "Definisi integritas",
    {n: (f"INT indikator {n}a", f"INT indikator {n}b") for n in LEVELS},
)
KS = CompetencyInfo("KS", "Kerja Sama", "manajerial", {n: f"KS level {n}" for n in LEVELS})
PB = CompetencyInfo("PB", "Perekat Bangsa", "sosiokultural", {n: f"PB level {n}" for n in LEVELS})
TEK = CompetencyInfo("TEK-AK", "Teknis Analis Kebijakan", "teknis", {4: "TEK level 4"})
COMPETENCIES = [INT, KS, PB, TEK]
CUTS = (20.0, 40.0, 60.0, 80.0)
RULES = {
    "MANSOS": TestRules("MANSOS", "Judul MANSOS", CUTS, 0.8),
    "TEK-AK": TestRules("TEK-AK", "Judul TEK-AK", CUTS, 0.8),
}


def score(
    level: int, value: float | None = None, t: float | None = 50.0, items: int = 5
) -> CompetencyScore:
    """A competency score; the C_score defaults to the middle of the level's region."""
    value = 20.0 * level - 10.0 if value is None else value
    return CompetencyScore(value, value, level, 0.0, t, items)


def row(
    candidate_id: int,
    name: str,
    *,
    test="MANSOS",
    status="finished",
    scores=None,
    tal=None,
    session="S1",
    room="R01",
    seat="1",
    unit="Bapperida",
    position="Analis Kebijakan Ahli Muda",
    nip=None,
    flags=(),
    answered=None,
) -> ResultRow:
    finished = status == "finished"
    return ResultRow(
        candidate_id=candidate_id,
        nip=nip or f"19750101199801100{candidate_id}",
        name=name,
        position=position,
        position_code=position,
        unit=unit,
        session=session,
        room=room,
        seat=seat,
        test_code=test,
        test_title=f"Judul {test}",
        status=status,
        answered=(3 if finished else 0) if answered is None else answered,
        total=3,
        scores=scores or {},
        talent=tal or talent(),
        flags=tuple(flags),
        finished_at="2024-05-01T02:00:00.000Z" if finished else None,
    )


def reliability(test: str, code: str, sem: float, rel: float = 0.7) -> ReliabilityRow:
    return ReliabilityRow(test, code, Reliability(30, 5.0, 50.0, 15.0, rel, sem))


def result_set(rows, corrections=(), reliabilities=()) -> ResultSet:
    return ResultSet(
        event_name="Asesmen Uji",
        competencies=COMPETENCIES,
        tests={"MANSOS": "Judul MANSOS", "TEK-AK": "Judul TEK-AK"},
        rows=list(rows),
        corrections=list(corrections),
        rules=RULES,
        reliability=list(reliabilities),
    )


def correction(kind, value="", test_code=None, item_id=None) -> Correction:
    return Correction(
        kind, test_code, item_id, value, "alasan", "admin1", "2024-05-01T02:00:00.000Z"
    )
