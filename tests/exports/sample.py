"""Hand-built result sets for the export tests (values chosen to exercise the rules).

Four candidates, two tests, seven rows:

- A  Budi (BKPSDM, Analis): both tests finished; JPM 91.67 Optimal, potential from the JPM,
  Baik -> box 8, no flag, KRS ya.
- B  a formula-like name (Bagian Umum, Analis): MANSOS finished, TEK-1 in progress; JPM
  77.995 (displays 78.00, category Kurang Optimal), Sangat Baik -> box 4, KRS tidak, INT and KS
  below standard.
- C  Dewi (BKPSDM, Pengadministrasi, no position code): MANSOS not started; TEK-1 finished
  with 9 of 12 answered (incomplete) and rapid guessing; no standard, no SKP: no box.
- D  Andi (BKPSDM, Analis): MANSOS finished with the longest-option flag; JPM 100, potential
  Tinggi from an imported file, Baik -> box 8, but flagged: KRS tidak, "perlu ditinjau".
"""

from __future__ import annotations

import random

from assessment_app.results.model import (
    CompetencyInfo,
    CompetencyScore,
    Correction,
    ReliabilityRow,
    ResultRow,
    ResultSet,
    TestRules,
    VersionInfo,
)
from assessment_app.scoring import Reliability
from tests.result_sets import talent

LEVELS = {n: f"Level {n}" for n in range(1, 6)}
COMPETENCIES = [
    CompetencyInfo("INT", "Integritas", "manajerial", LEVELS),
    CompetencyInfo("KS", "Kerjasama", "manajerial", LEVELS),
    CompetencyInfo("PB", "Perekat Bangsa", "sosiokultural", LEVELS),
    CompetencyInfo("TPK", "Pengelolaan Kepegawaian", "teknis", LEVELS),  # mcq
]
TESTS = {"MANSOS": "Manajerial dan Sosial Kultural", "TEK-1": "Teknis Kepegawaian"}

HYPERLINK = '=HYPERLINK("http://contoh.id","klik")'
UNIT_B = "@Bagian Umum, Sekretariat"
ASDM = "Analis SDM Aparatur Ahli Muda"
ADMIN = "+Pengadministrasi Umum"
NIP_A, NIP_B, NIP_C, NIP_D = (
    "198609262015051001",
    "199001012015031002",
    "199203152020122003",
    "198512312010011004",
)
POTENTIAL_FILE = "Asesmen Potensi 2024"


NO_TALENT = talent(review=True)  # C's TEK-1 row is flagged
TALENT_A = talent(
    jpm=91.66666666666667,
    category="Optimal",
    potential="Tinggi",
    predikat="Baik",
    performance="Sesuai Ekspektasi",
    box=8,
    krs="ya",
)
# 77.995 rounds to 78.00 for display, but the category came from the unrounded value.
TALENT_B = talent(
    jpm=77.995,
    category="Kurang Optimal",
    potential="Rendah",
    predikat="Sangat Baik",
    performance="Di Atas Ekspektasi",
    box=4,
    below=("INT", "KS"),
    krs="tidak",
)
TALENT_D = talent(
    jpm=100.0,
    category="Optimal",
    potential="Tinggi",
    source=POTENTIAL_FILE,
    predikat="Baik",
    performance="Sesuai Ekspektasi",
    box=8,
    krs="tidak",
    review=True,
)


def row(candidate_id, nip, name, seat, test, status, answered, total, scores, who, **extra):
    fields = {
        "position": ASDM,
        "position_code": "JF-ASDM-2",
        "unit": "BKPSDM",
        "session": "Sesi 1",
        "room": "R1",
    }
    fields.update(extra)
    return ResultRow(
        candidate_id=candidate_id,
        nip=nip,
        name=name,
        seat=seat,
        test_code=test,
        test_title=TESTS[test],
        status=status,
        answered=answered,
        total=total,
        scores=scores,
        talent=who,
        **fields,
    )


def score(value, raw, level, z, t, items=5):
    return CompetencyScore(value, raw, level, z, t, items)


FINISHED_A = "2025-06-02T01:30:00.000Z"  # 09:30 WITA


def small_result_set(corrections=()) -> ResultSet:
    """Four candidates, two tests, seven rows; TEK-1's cuts corrected when corrections."""
    rows = [
        row(1, NIP_A, "Budi Santoso", "01", "MANSOS", "finished", 15, 15, {
            "INT": score(33.33333333333333, 2.00005, 2, -0.12345, 48.7655),
            "KS": score(62.5, 3.5, 4, 1.0, 60.0),
            "PB": score(65.0, 4.0, 4, None, None),  # every candidate scored 65: sd 0
        }, TALENT_A, finished_at=FINISHED_A),
        row(1, NIP_A, "Budi Santoso", "01", "TEK-1", "finished", 11, 12, {
            "TPK": score(200 / 3, 200 / 3, 4, 0.7071067811865476, 57.071067811865476, 12),
        }, TALENT_A, finished_at="2025-06-02T03:05:09.000Z"),
        row(2, NIP_B, HYPERLINK, "02", "MANSOS", "finished", 14, 15, {
            "INT": score(10.0, 1.6, 1, -1.2, 38.0),
            "KS": score(25.0, 2.4, 2, -1.0, 40.0),
            "PB": score(65.0, 4.0, 4, None, None),
        }, TALENT_B, unit=UNIT_B, finished_at="2025-06-02T01:41:00.000Z"),
        row(2, NIP_B, HYPERLINK, "02", "TEK-1", "in_progress", 5, 12, {}, TALENT_B,
            unit=UNIT_B),
        row(3, NIP_C, "-Dewi Lestari", "03", "MANSOS", "ready", 0, 15, {}, NO_TALENT,
            position=ADMIN, position_code=""),
        row(3, NIP_C, "-Dewi Lestari", "03", "TEK-1", "finished", 9, 12, {
            "TPK": score(-12.5, 100 / 3, 1, -0.7071067811865476, 42.928932188134524, 12),
        }, NO_TALENT, position=ADMIN, position_code="",
            flags=("incomplete", "rapid_guessing"), finished_at="2025-06-02T02:00:00.000Z"),
        row(4, NIP_D, "Andi Wijaya", "04", "MANSOS", "finished", 15, 15, {
            "INT": score(40.0, 2.4, 3, 1.3234, 63.234),
            "KS": score(45.0, 2.6, 3, 0.0, 50.0),
            "PB": score(65.0, 4.0, 4, None, None),
        }, TALENT_D, flags=("longest_option",), finished_at="2025-06-02T01:20:00.000Z"),
    ]  # fmt: skip
    corrected = any(c.kind == "level_cuts" for c in corrections)
    return ResultSet(
        "Asesmen Kompetensi 2025",
        COMPETENCIES,
        TESTS,
        rows,
        list(corrections),
        rules=rules(corrected),
        reliability=RELIABILITY,
        version=DRAFT_V2 if corrections else VersionInfo(None, False, content_hash="ab12"),
    )


def rules(corrected: bool = False) -> dict[str, TestRules]:
    tek = (25.0, 45.0, 65.0, 85.0) if corrected else (20.0, 40.0, 60.0, 80.0)
    return {
        "MANSOS": TestRules("MANSOS", TESTS["MANSOS"], (20.0, 40.0, 60.0, 80.0), 0.8),
        "TEK-1": TestRules("TEK-1", TESTS["TEK-1"], tek, 0.75, corrected),
    }


RELIABILITY = [
    ReliabilityRow("MANSOS", "INT", Reliability(3, 4.8, 27.77777, 12.51666, 0.712345, 9.87654)),
    ReliabilityRow("MANSOS", "KS", Reliability(3, 5.0, 44.16667, 15.33, 0.45, 12.00005)),
    ReliabilityRow("MANSOS", "PB", Reliability(3, 5.0, 65.0, 0.0, None, 0.0)),
    ReliabilityRow("TEK-1", "TPK", Reliability(2, 12.0, 27.08333, 39.58333, 0.8, 8.5)),
]

DRAFT_V2 = VersionInfo(
    2,
    False,
    fixed_by="kepala.bkpsdm",
    fixed_at="2025-06-03T00:00:00.000Z",
    reason="Hasil rapat panitia",
    content_hash="cd34",
    changes=("Koreksi penilaian baru: batas level TEK-1", "Kotak Andi Wijaya: 5 -> 8"),
)

CORRECTIONS = [
    Correction(
        "drop_item",
        "MANSOS",
        "INT-0007",
        "",
        "=Kunci ganda, soal dibatalkan",
        "admin",
        "2025-06-02T01:00:00.000Z",
    ),
    Correction(
        "level_cuts",
        "TEK-1",
        None,
        "25,45,65,85",
        "Keputusan panitia",
        "admin",
        "2025-06-02T02:30:00.000Z",
    ),
]


def large_result_set(n_rows: int, n_competencies: int = 10, seed: int = 7) -> ResultSet:
    """`n_rows` finished attempts of one test measuring `n_competencies` competencies."""
    rng = random.Random(seed)
    infos = [
        CompetencyInfo(f"K{i:02d}", f"Kompetensi {i}", "manajerial", LEVELS)
        for i in range(n_competencies)
    ]
    rows = []
    for i in range(n_rows):
        scores = {}
        for info in infos:
            z = rng.gauss(0, 1)
            value = rng.uniform(-20, 100)
            scores[info.code] = score(value, rng.uniform(1, 5), rng.randint(1, 5), z, 50 + 10 * z)
        who = talent(
            jpm=rng.uniform(60, 100),
            category="Optimal",
            potential="Tinggi",
            predikat="Baik",
            performance="Sesuai Ekspektasi",
            box=8,
        )
        nip, seat, session = f"{198000000000000000 + i}", f"{i % 40 + 1:02d}", f"Sesi {i // 400}"
        rows.append(
            row(
                i + 1,
                nip,
                f"Peserta {i}",
                seat,
                "MANSOS",
                "finished",
                40,
                40,
                scores,
                who,
                session=session,
                unit=f"Unit {i % 25}",
                finished_at="2025-06-02T03:00:00.000Z",
            )
        )
    return ResultSet("Beban", infos, {"MANSOS": TESTS["MANSOS"]}, rows)
