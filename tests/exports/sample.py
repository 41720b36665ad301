"""Hand-built result sets for the export tests (values chosen to exercise the rules)."""

from __future__ import annotations

import random

from assessment_app.results.model import (
    CompetencyInfo,
    CompetencyScore,
    Correction,
    ResultRow,
    ResultSet,
    TalentResult,
)

LEVELS = {n: f"Level {n}" for n in range(1, 6)}
COMPETENCIES = [
    CompetencyInfo("INT", "Integritas", "manajerial", LEVELS),
    CompetencyInfo("KS", "Kerjasama", "manajerial", LEVELS),
    CompetencyInfo("PB", "Perekat Bangsa", "sosiokultural", LEVELS),
    CompetencyInfo("TPK", "Pengelolaan Kepegawaian", "teknis", LEVELS),  # mcq
]
TESTS = {"MANSOS": "Manajerial dan Sosial Kultural", "TEK-1": "Teknis Kepegawaian"}

HYPERLINK = '=HYPERLINK("http://contoh.id","klik")'
NIP_A, NIP_B, NIP_C, NIP_D = (
    "198609262015051001",
    "199001012015031002",
    "199203152020122003",
    "198512312010011004",
)


def talent(jpm=None, category=None, potential=None, predikat=None, performance=None, box=None):
    return TalentResult({}, {}, jpm, category, potential, predikat, performance, box)


NO_TALENT = talent()
TALENT_A = talent(91.66666666666667, "Optimal", "Tinggi", "Baik", "Sesuai Ekspektasi", 8)
# 77.995 rounds to 78.00 for display, but the category came from the unrounded value.
TALENT_B = talent(77.995, "Kurang Optimal", "Rendah", "Sangat Baik", "Di Atas Ekspektasi", 4)
TALENT_D = talent(100.0, "Optimal", "Tinggi", "Baik", "Sesuai Ekspektasi", 8)


def row(candidate_id, nip, name, seat, test, status, answered, total, scores, who, **extra):
    fields = {
        "position": "Analis SDM Aparatur Ahli Muda",
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


def score(value, level, z, t):
    return CompetencyScore(value, level, z, t)


def small_result_set(corrections=()) -> ResultSet:
    """Four candidates, two tests, seven rows."""
    rows = [
        row(1, NIP_A, "Budi Santoso", "01", "MANSOS", "finished", 15, 15, {
            "INT": score(2.00005, 2, -0.12345, 48.7655),
            "KS": score(3.5, 4, 1.0, 60.0),
            "PB": score(4.0, 4, None, None),  # every candidate scored 4: sd 0
        }, TALENT_A),
        row(1, NIP_A, "Budi Santoso", "01", "TEK-1", "finished", 9, 12, {
            "TPK": score(200 / 3, 4, 0.7071067811865476, 57.071067811865476),
        }, TALENT_A),
        row(2, NIP_B, HYPERLINK, "02", "MANSOS", "finished", 14, 15, {
            "INT": score(1.6, 1, -1.2, 38.0),
            "KS": score(2.4, 2, -1.0, 40.0),
            "PB": score(4.0, 4, None, None),
        }, TALENT_B, unit="@Bagian Umum, Sekretariat"),
        row(2, NIP_B, HYPERLINK, "02", "TEK-1", "in_progress", 5, 12, {}, TALENT_B,
            unit="@Bagian Umum, Sekretariat"),
        row(3, NIP_C, "-Dewi Lestari", "03", "MANSOS", "ready", 0, 15, {}, NO_TALENT,
            position="+Pengadministrasi Umum", position_code=""),
        row(3, NIP_C, "-Dewi Lestari", "03", "TEK-1", "finished", 12, 12, {
            "TPK": score(100 / 3, 2, -0.7071067811865476, 42.928932188134524),
        }, NO_TALENT, position="+Pengadministrasi Umum", position_code=""),
        row(4, NIP_D, "Andi Wijaya", "04", "MANSOS", "finished", 15, 15, {
            "INT": score(2.4, 2, 1.3234, 63.234),
            "KS": score(2.6, 3, 0.0, 50.0),
            "PB": score(4.0, 4, None, None),
        }, TALENT_D),
    ]  # fmt: skip
    return ResultSet("Asesmen Kompetensi 2025", COMPETENCIES, TESTS, rows, list(corrections))


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
        "cuts",
        "TEK-1",
        None,
        "[25, 45, 65, 85]",
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
            scores[info.code] = score(rng.uniform(1, 5), rng.randint(1, 5), z, 50 + 10 * z)
        who = talent(rng.uniform(60, 110), "Optimal", "Tinggi", "Baik", "Sesuai Ekspektasi", 8)
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
            )
        )
    return ResultSet("Beban", infos, {"MANSOS": TESTS["MANSOS"]}, rows)
