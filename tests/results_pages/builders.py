"""Small ResultSets built by hand, for the pure functions behind the results pages."""

from __future__ import annotations

from assessment_app.results.model import (
    CompetencyInfo,
    CompetencyScore,
    Correction,
    ResultRow,
    ResultSet,
    TalentResult,
)

LEVELS = {n: f"Deskripsi level {n}" for n in range(1, 6)}
INT = CompetencyInfo("INT", "Integritas", "manajerial", {n: f"INT level {n}" for n in LEVELS})
KS = CompetencyInfo("KS", "Kerja Sama", "manajerial", {n: f"KS level {n}" for n in LEVELS})
PB = CompetencyInfo("PB", "Perekat Bangsa", "sosiokultural", {n: f"PB level {n}" for n in LEVELS})
TEK = CompetencyInfo("TEK-AK", "Teknis Analis Kebijakan", "teknis", {})
COMPETENCIES = [INT, KS, PB, TEK]


def score(level: int, value: float | None = None, t: float | None = 50.0) -> CompetencyScore:
    return CompetencyScore(level if value is None else value, level, 0.0, t)


def talent(
    achieved=None,
    required=None,
    jpm=None,
    category=None,
    predikat=None,
    performance=None,
    box=None,
    potential=None,
) -> TalentResult:
    return TalentResult(
        achieved or {}, required or {}, jpm, category, potential, predikat, performance, box
    )


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
) -> ResultRow:
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
        answered=3 if status == "finished" else 0,
        total=3,
        scores=scores or {},
        talent=tal or talent(),
    )


def result_set(rows, corrections=()) -> ResultSet:
    return ResultSet(
        event_name="Asesmen Uji",
        competencies=COMPETENCIES,
        tests={"MANSOS": "Judul MANSOS", "TEK-AK": "Judul TEK-AK"},
        rows=list(rows),
        corrections=list(corrections),
    )


def correction(kind, value="", test_code=None, item_id=None) -> Correction:
    return Correction(
        kind, test_code, item_id, value, "alasan", "admin1", "2024-05-01T02:00:00.000Z"
    )
