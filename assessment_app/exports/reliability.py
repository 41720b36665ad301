"""The reliability table (CONTRACT §5, §6): one row per test and competency measured.

Shared by the CSV of `results reliability`, the workbook's reliability sheet and the pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from assessment_app.exports._numbers import round_half_up
from assessment_app.exports.columns import DEC4, INT, SCORE_DECIMALS, TEXT
from assessment_app.results.model import ResultSet

RELIABILITY_COLUMNS = (
    ("test_code", TEXT),
    ("competency", TEXT),
    ("persons", INT),
    ("items_per_person", DEC4),
    ("mean", DEC4),
    ("sd", DEC4),
    ("reliability", DEC4),
    ("sem", DEC4),
)
RELIABILITY_LABELS = {  # the XLSX's second header row
    "test_code": "Kode tes",
    "competency": "Kompetensi",
    "persons": "Jumlah peserta",
    "items_per_person": "Butir per peserta (ñ)",
    "mean": "Rata-rata skor C",
    "sd": "SD skor C",
    "reliability": "Reliabilitas",
    "sem": "SEM (skor C)",
}
ADEQUATE = 0.70  # a reliability from which group decisions can lean on the score
READING = (
    "Reliabilitas (koefisien generalisabilitas, butir tersarang dalam peserta karena tiap "
    "peserta mendapat butir acak; bukan alfa Cronbach) menunjukkan seberapa konsisten skor C "
    "membedakan peserta. Nilai ≥ 0,70 memadai untuk keputusan tentang kelompok (rekap unit, "
    "jabatan, sebaran); untuk keputusan tentang perorangan dibutuhkan nilai lebih tinggi dan "
    "bukti lain.",
    "SEM (kesalahan baku pengukuran) berlaku pada skala skor C: skor C seseorang ± 1 SEM "
    "adalah rentang yang wajar bagi skor sebenarnya (kira-kira 68%; ± 2 SEM kira-kira 95%). "
    "Bila rentang itu melewati batas level, level peserta adalah estimasi yang bisa satu "
    "tingkat lebih tinggi atau lebih rendah.",
    "Reliabilitas kosong: kurang dari 2 peserta, atau skor peserta tidak berbeda sama sekali. "
    "Hanya peserta dengan sedikitnya 2 butir kompetensi itu yang dihitung; rata-rata dan SD "
    "atas peserta yang sama.",
)


def reliability_values(result_set: ResultSet) -> Iterator[list]:
    """Yield one list of typed values per test and competency, matching the columns."""
    for row in result_set.reliability:
        s = row.stats
        yield [
            row.test_code,
            row.competency,
            s.persons,
            *(
                round_half_up(value, SCORE_DECIMALS)
                for value in (s.items_per_person, s.mean, s.sd, s.reliability, s.sem)
            ),
        ]
