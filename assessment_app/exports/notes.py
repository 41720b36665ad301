"""What the "Keterangan" sheet says: the event, the rules behind the numbers, the columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from assessment_app.exports.summary import BOX_GRID, BOX_NAMES, PERFORMANCES, POTENTIALS, candidates
from assessment_app.results.model import ResultSet

# Row styles the XLSX writer knows.
TITLE, SECTION, HEADER, ROW = "title", "section", "header", "row"

DEFAULT_LEVEL_CUTS = {"sjt": (1.8, 2.6, 3.4, 4.2), "mcq": (20.0, 40.0, 60.0, 80.0)}
# (category, lowest JPM % in it); the last band has no lower bound. CONTRACT §6, DOMAIN.
DEFAULT_BANDS = {
    "pemetaan": (("Optimal", 90.0), ("Cukup Optimal", 78.0), ("Kurang Optimal", None)),
    "seleksi": (
        ("Memenuhi Syarat", 80.0),
        ("Masih Memenuhi Syarat", 68.0),
        ("Kurang Memenuhi Syarat", None),
    ),
}

LevelCuts = Mapping[str, Mapping[str, Sequence[float]]]  # test code -> {"sjt"|"mcq": cuts}
Bands = Sequence[tuple[str, float | None]]

COLUMN_MEANINGS = (
    ("nip", "NIP atau NI PPPK peserta (teks, 18 digit)"),
    ("name", "Nama peserta"),
    ("position", "Jabatan"),
    ("test_code", "Kode tes"),
    (
        "status",
        "Status: ready (belum mulai), in_progress (dikerjakan), paused (dijeda), "
        "finished (selesai), voided (dibatalkan)",
    ),
    ("answered", "Jumlah soal yang dijawab"),
    ("total", "Jumlah soal yang disajikan"),
    (
        "<KODE>_score",
        "Skor kompetensi: rata-rata skor opsi yang dipilih (sjt; soal kosong = 0) "
        "atau persen benar (mcq)",
    ),
    ("<KODE>_level", "Level kompetensi 1..5 menurut batas level tes"),
    (
        "<KODE>_z",
        "Skor z = (skor - rata-rata) / SD populasi, atas semua peserta yang selesai "
        "pada tes yang sama; kosong bila SD < 1e-9",
    ),
    ("<KODE>_t", "Skor T = 50 + 10 x z"),
    (
        "jpm",
        "Job Person Match (%) = 100 x jumlah level tercapai / jumlah level standar jabatan "
        "(kompetensi manajerial dan sosiokultural yang disyaratkan dan diukur)",
    ),
    ("jpm_category", "Kategori JPM (lihat pita kategori di atas)"),
    ("potential", "Potensi: Tinggi / Menengah / Rendah dari kategori JPM"),
    (
        "performance",
        "Kinerja dari predikat SKP: Sangat Baik = Di Atas Ekspektasi; Baik = Sesuai "
        "Ekspektasi; Butuh Perbaikan, Kurang, Misconduct, Sangat Kurang = Di Bawah Ekspektasi",
    ),
    ("box", "Kotak manajemen talenta 1..9 (PermenPANRB 3/2020)"),
    ("session", "Sesi"),
    ("room", "Ruang"),
    ("seat", "Nomor kursi"),
    ("unit", "Unit kerja"),
    ("position_code", "Kode jabatan"),
    ("predikat", "Predikat SKP yang dipakai (tahun terakhir)"),
)
EMPTY_CELLS = (
    "Sel kosong berarti: tes pada baris itu tidak mengukur kompetensi tersebut, peserta belum "
    "selesai, SD skor nol (z dan T), atau data JPM/kinerja belum lengkap."
)
ROUNDING = (
    "Pembulatan setengah ke atas (menjauhi nol): skor, z dan T 4 desimal; JPM 2 desimal. "
    "Level, kategori dan T dihitung dari nilai yang belum dibulatkan."
)
LEVEL_RULE = "Level = 1 + banyaknya batas level yang <= skor kompetensi."


def notes_rows(
    result_set: ResultSet,
    generated_at: datetime,
    level_cuts: LevelCuts | None = None,
    bands: Bands | None = None,
) -> list[tuple[str, tuple]]:
    """Return the sheet as (style, cells) rows; an empty tuple is a blank line."""
    rows: list[tuple[str, tuple]] = [(TITLE, ("Keterangan hasil asesmen",))]
    rows += _about(result_set, generated_at)
    rows += [(ROW, ()), (SECTION, ("Pembulatan",)), (ROW, (ROUNDING,))]
    rows += _level_rules(result_set, level_cuts)
    rows += _band_rules(result_set.bands, bands)
    rows += _box_rules()
    rows += _columns(result_set)
    return rows


def _about(result_set: ResultSet, generated_at: datetime) -> list[tuple[str, tuple]]:
    made = generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return [
        (ROW, ("Acara", result_set.event_name)),
        (ROW, ("Dibuat", made)),
        (ROW, ("Jumlah baris (peserta x tes)", len(result_set.rows))),
        (ROW, ("Jumlah peserta", len(candidates(result_set)))),
        (ROW, ("Jumlah koreksi penilaian", len(result_set.corrections))),
    ]


def _level_rules(result_set: ResultSet, level_cuts: LevelCuts | None) -> list[tuple[str, tuple]]:
    rows = [(ROW, ()), (SECTION, ("Aturan level",)), (ROW, (LEVEL_RULE,))]
    rows.append((HEADER, ("Tes", "Jenis soal", "Level 2 mulai", "Level 3", "Level 4", "Level 5")))
    if level_cuts is None:
        for kind, cuts in DEFAULT_LEVEL_CUTS.items():
            rows.append((ROW, ("Semua tes (bawaan)", kind, *cuts)))
        return rows
    for code in result_set.tests:
        for kind, cuts in level_cuts.get(code, {}).items():
            rows.append((ROW, (code, kind, *cuts)))
    return rows


def _band_rules(name: str, bands: Bands | None) -> list[tuple[str, tuple]]:
    rows = [(ROW, ()), (SECTION, (f"Kategori JPM ({name})",))]
    bands = bands if bands is not None else DEFAULT_BANDS.get(name, ())
    rows.append((HEADER, ("Kategori", "Rentang JPM")))
    upper = None
    for category, lower in bands:
        if lower is None:
            span = f"JPM < {_num(upper)}" if upper is not None else "semua"
        elif upper is None:
            span = f"JPM >= {_num(lower)}"
        else:
            span = f"{_num(lower)} <= JPM < {_num(upper)}"
        rows.append((ROW, (category, span)))
        upper = lower
    return rows


def _box_rules() -> list[tuple[str, tuple]]:
    rows = [(ROW, ()), (SECTION, ("Kotak manajemen talenta",))]
    rows.append((HEADER, ("Kotak", "Nama", "Potensi", "Kinerja")))
    boxes = [
        (box, potential, performance)
        for potential, line in zip(POTENTIALS, BOX_GRID, strict=True)
        for performance, box in zip(PERFORMANCES, line, strict=True)
    ]
    for box, potential, performance in sorted(boxes, reverse=True):
        rows.append((ROW, (box, BOX_NAMES[box], potential, performance)))
    return rows


def _columns(result_set: ResultSet) -> list[tuple[str, tuple]]:
    rows = [(ROW, ()), (SECTION, ("Kolom sheet Hasil",)), (HEADER, ("Kolom", "Arti"))]
    rows += [(ROW, pair) for pair in COLUMN_MEANINGS]
    rows.append((ROW, (EMPTY_CELLS,)))
    rows += [(ROW, ()), (SECTION, ("Kompetensi",)), (HEADER, ("Kode", "Nama", "Kelompok"))]
    rows += [(ROW, (info.code, info.name, info.group)) for info in result_set.competencies]
    return rows


def _num(value: float) -> str:
    return f"{value:g}"
