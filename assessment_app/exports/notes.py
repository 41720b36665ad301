"""What the "Keterangan" sheet says: the version, the rules in force, the method, the limits.

Everything is read from the `ResultSet` (the cuts and shares in force per test after
corrections, the bands, the version) or from the module that owns the rule (`talent` for
potential, performance, boxes and KRS; `scoring.flags.FLAGS` for the flags), so the notes
always describe the numbers next to them.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from assessment_app import talent
from assessment_app.exports.columns import (
    COMPETENCY_COLUMNS,
    EXTRA_COLUMNS,
    LEADING_COLUMNS,
    SCORE_DECIMALS,
    TALENT_COLUMNS,
)
from assessment_app.exports.reliability import ADEQUATE
from assessment_app.exports.summary import FINISHED_AT
from assessment_app.formatting import local_time, zone_label
from assessment_app.results.model import ResultSet, TestRules
from assessment_app.results.tables import people
from assessment_app.scoring.flags import FLAGS

# Row styles the XLSX writer knows.
TITLE, SECTION, HEADER, ROW = "title", "section", "header", "row"

Rows = list[tuple[str, tuple]]


def notes_rows(result_set: ResultSet, generated_at: datetime, tz: ZoneInfo) -> Rows:
    """Return the sheet as (style, cells) rows; an empty tuple is a blank line."""
    rows: Rows = [(TITLE, ("Keterangan hasil asesmen",))]
    rows += _about(result_set, generated_at, tz)
    rows += _method(result_set)
    rows += _test_rules(result_set)
    rows += _bands(result_set)
    rows += _flags()
    rows += _limits()
    rows += _columns(result_set)
    return rows


def _utc(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso).astimezone(UTC) if iso else None


def _text_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _section(title: str, *lines: str) -> Rows:
    return [(ROW, ()), (SECTION, (title,)), *((ROW, (line,)) for line in lines)]


def _about(result_set: ResultSet, generated_at: datetime, tz: ZoneInfo) -> Rows:
    version = result_set.version
    rows: Rows = [(ROW, ("Acara", result_set.event_name)), (ROW, ("Status hasil", version.label))]
    if version.number:
        when = local_time(_utc(version.fixed_at), tz) or "-"
        rows.append(
            (ROW, (f"Versi v{version.number}", f"ditetapkan oleh {version.fixed_by}, {when}"))
        )
        rows.append((ROW, ("Alasan penetapan", version.reason or "")))
    if not version.final:
        since = f"Perubahan sejak v{version.number}" if version.number else "Perubahan"
        for number, change in enumerate(version.changes):
            rows.append((ROW, (since if number == 0 else "", change)))
        rows.append(
            (
                ROW,
                (
                    "SEMENTARA",
                    "Hasil belum ditetapkan: impor standar, SKP atau potensi dan koreksi "
                    "penilaian berikutnya dapat mengubahnya. Tetapkan hasil sebelum dipakai "
                    "untuk keputusan.",
                ),
            )
        )
    if version.content_hash:
        rows.append((ROW, ("Kode isi (SHA-256)", version.content_hash)))
    rows += [
        (ROW, ("Dibuat", local_time(generated_at, tz))),
        (
            ROW,
            (
                "Zona waktu",
                f"Semua waktu dalam {zone_label(tz, generated_at)} ({tz.key}); "
                "basis data menyimpan UTC.",
            ),
        ),
        (ROW, ("Jumlah baris (peserta × tes)", len(result_set.rows))),
        (ROW, ("Jumlah peserta", len(people(result_set)))),
        (ROW, ("Jumlah koreksi penilaian", len(result_set.corrections))),
    ]
    return rows


def _method(result_set: ResultSet) -> Rows:
    bands = result_set.bands
    one_per_band = (*bands.thresholds, -math.inf)  # a JPM in each band, highest first
    derived = ", ".join(
        f"{talent.categorise(jpm, bands)} = {talent.potential(jpm, bands)}" for jpm in one_per_band
    )
    succession = sorted(talent.SUCCESSION_BOXES)
    boxes = ", ".join(str(n) for n in succession[:-1]) + f" atau {succession[-1]}"
    rows = [(ROW, ()), (SECTION, ("Cara penilaian",))]
    rows += [
        (ROW, pair)
        for pair in (
            (
                "Kredit per butir",
                "Setiap butir yang disajikan (tidak dianulir) diberi kredit yang dikoreksi "
                "tebakan. SJT: (s − m) / (M − m), s = skor opsi yang dipilih, m = rata-rata dan "
                "M = skor tertinggi opsi butir itu. Pilihan ganda dengan k opsi: 1 bila benar, "
                "−1/(k − 1) bila salah. Tidak dijawab: 0, rata-rata hasil menebak. Koreksi "
                "'semua pilihan bernilai penuh' memberi 1 pada setiap jawaban.",
            ),
            (
                "Skor C (C_score)",
                "100 × rata-rata kredit butir kompetensi itu, tidak dipotong: 0 = setara "
                "menebak, 100 = opsi terbaik pada setiap butir; bisa negatif.",
            ),
            (
                "Skor mentah (C_raw)",
                "Hanya rujukan. SJT: rata-rata skor opsi yang dipilih (tidak dijawab = 0); "
                "pilihan ganda: 100 × benar / disajikan.",
            ),
            (
                "Level",
                "1 + banyaknya batas level tes (tabel di bawah) yang ≤ skor C. Level, "
                "kategori dan T dihitung dari nilai yang belum dibulatkan.",
            ),
            (
                "z dan T",
                "z = (skor C − rata-rata) / SD populasi, atas semua peserta yang selesai pada "
                "tes yang sama; T = 50 + 10 × z; kosong bila SD < 1e-9.",
            ),
            (
                "JPM",
                "100 × jumlah min(level, level standar) / jumlah level standar, dibatasi per "
                "kompetensi (kelebihan pada satu kompetensi tidak menutup kekurangan pada yang "
                "lain; JPM paling tinggi 100), "
                f"atas kompetensi {' dan '.join(talent.JPM_GROUPS)} yang "
                "disyaratkan jabatan dan dinilai pada tes yang selesai tanpa tanda "
                f"'{FLAGS['incomplete'].label}'. Kompetensi teknis tidak masuk JPM.",
            ),
            (
                "Di bawah standar",
                "Kode kompetensi JPM yang levelnya di bawah level standar jabatan.",
            ),
            (
                "Potensi",
                "Dari berkas potensi yang diimpor untuk NIP itu (kolom Sumber potensi); bila "
                f"tidak ada, dari kategori JPM: {derived}.",
            ),
            ("Kinerja", _performance_rule()),
            (
                "Kotak",
                "Potensi × kinerja menurut PermenPANRB 3/2020; keterangan dan rekomendasi "
                "tindakan tiap kotak di sheet Kotak 9.",
            ),
            (
                "KRS",
                f"'{talent.KRS_YES}' bila kotak {boxes}, dua tahun SKP terakhir berurutan dengan "
                "predikat Baik atau Sangat Baik, dan tidak ada tanda pada hasil peserta; "
                f"'{talent.KRS_NO}' bila tidak; kosong bila belum ada kotak.",
            ),
            (
                "Pembulatan",
                "Setengah ke atas (menjauhi nol): skor mentah, skor C, z, T, reliabilitas dan "
                f"SEM {SCORE_DECIMALS} desimal; JPM {talent.JPM_DECIMALS} desimal.",
            ),
        )
    ]
    return rows


def _performance_rule() -> str:
    groups: dict[str, list[str]] = {}
    for predikat in talent.PREDIKAT:
        groups.setdefault(talent.performance(predikat), []).append(predikat)
    parts = [f"{', '.join(names)} = {axis}" for axis, names in groups.items()]
    return "Dari predikat SKP tahun terakhir: " + "; ".join(parts) + "."


RULES_HEADER = (
    "Kode tes",
    "Nama tes",
    "Level 2 mulai",
    "Level 3 mulai",
    "Level 4 mulai",
    "Level 5 mulai",
    "Minimal terjawab",
    "Sumber batas level",
    "Kompetensi",
)
ALL_COMPETENCIES, OTHER_COMPETENCIES = "semua", "lainnya"


def _test_rules(result_set: ResultSet) -> Rows:
    rows = _section(
        "Aturan per tes yang berlaku",
        "Batas level pada skala skor C; minimal terjawab sebagai bagian dari jumlah soal "
        f"(di bawahnya: tanda '{FLAGS['incomplete'].label}').",
    )
    rows.append((HEADER, RULES_HEADER))
    order = [code for code in result_set.tests if code in result_set.rules]
    order += [code for code in result_set.rules if code not in order]
    if not order:
        rows.append((ROW, ("Belum ada aturan tes (bank soal belum dipublikasikan).",)))
    rows += [(ROW, cells) for code in order for cells in _rule_cells(result_set.rules[code])]
    return rows


def _rule_cells(rules: TestRules) -> list[tuple]:
    """Return the test's row (its own cuts, for every competency without cuts of its own),
    then one row per competency whose cuts differ, as `TestRules.own_cuts` lists them."""
    own = rules.own_cuts
    rows = [
        _cut_row(rules, None, rules.level_cuts, OTHER_COMPETENCIES if own else ALL_COMPETENCIES)
    ]
    rows += [_cut_row(rules, code, cuts, code) for code, cuts in own]
    return rows


def _cut_row(rules: TestRules, code: str | None, cuts: tuple, label: str) -> tuple:
    corrected = rules.cuts_corrected(code)
    source = "koreksi penilaian (sheet Koreksi)" if corrected else "bank soal"
    return (rules.code, rules.title, *cuts, rules.min_answered_share, source, label)


def _bands(result_set: ResultSet) -> Rows:
    bands = result_set.bands
    high, low = bands.thresholds
    spans = (
        f"JPM ≥ {_text_number(high)}",
        f"{_text_number(low)} ≤ JPM < {_text_number(high)}",
        f"JPM < {_text_number(low)}",
    )
    rows = _section(f"Kategori JPM ({bands.name})")
    rows.append((HEADER, ("Kategori", "Rentang JPM")))
    rows += [(ROW, pair) for pair in zip(bands.labels, spans, strict=True)]
    return rows


def _flags() -> Rows:
    rows = _section(
        "Tanda (perlu ditinjau)",
        "Baris bertanda tetap dinilai dan diekspor; pesertanya ditampilkan 'perlu ditinjau' "
        "dan tidak masuk KRS. Kolom Tanda di XLSX berisi label, di CSV berisi kode.",
    )
    rows.append((HEADER, ("Label", "Aturan", "Kode (CSV)")))
    rows += [(ROW, (flag.label, flag.rule, flag.code)) for flag in FLAGS.values()]
    return rows


def _limits() -> Rows:
    adequate = f"{ADEQUATE:.2f}".replace(".", ",")
    return _section(
        "Batasan",
        "Level adalah estimasi dari sejumlah butir terbatas. Lihat SEM di sheet "
        "Reliabilitas: bila skor C ± SEM melewati batas level, level sebenarnya bisa satu "
        "tingkat lebih tinggi atau lebih rendah.",
        f"Reliabilitas ≥ {adequate} memadai untuk keputusan tentang kelompok; keputusan "
        "tentang perorangan (promosi, KRS) memerlukan bukti lain seperti kinerja dan "
        "wawancara.",
        "Batas level bawaan (20, 40, 60, 80) belum tentu hasil penetapan standar; batas "
        "resmi ditetapkan oleh panel.",
        "Hasil bertanda perlu ditinjau asesor sebelum dipakai.",
    )


COLUMN_MEANINGS = {
    "nip": "NIP atau NI PPPK peserta (teks, 18 digit)",
    "name": "Nama peserta",
    "position": "Jabatan",
    "test_code": "Kode tes",
    "status": "Belum mulai, Sedang dikerjakan, Dijeda, Selesai atau Dibatalkan "
    "(di CSV: ready, in_progress, paused, finished, voided)",
    "answered": "Jumlah soal yang dijawab",
    "total": "Jumlah soal yang ditarik ke tes peserta (termasuk yang dianulir)",
    "flags": "Tanda pada tes yang selesai (lihat Tanda di atas)",
    "raw": "Skor mentah (rujukan)",
    "score": "Skor C: 0 = setara menebak, 100 = opsi terbaik",
    "level": "Level 1..5 menurut batas level tes",
    "z": "Skor z atas peserta yang selesai pada tes yang sama",
    "t": "Skor T = 50 + 10 × z",
    "jpm": "Job Person Match (%)",
    "jpm_category": "Kategori JPM",
    "potential": "Potensi: Tinggi / Menengah / Rendah",
    "performance": "Kinerja dari predikat SKP",
    "box": "Kotak manajemen talenta 1..9",
    "below_standard": "Kompetensi di bawah level standar jabatan",
    "krs": "Kelompok Rencana Suksesi: ya / tidak",
    "session": "Sesi",
    "room": "Ruang",
    "seat": "Nomor kursi",
    "unit": "Unit kerja (OPD)",
    "position_code": "Kode jabatan",
    "predikat": "Predikat SKP yang dipakai (tahun terakhir)",
    "finished_at": "Waktu tes selesai",
}
EMPTY_CELLS = (
    "Sel kosong: tes pada baris itu tidak mengukur kompetensi tersebut, tes belum selesai, "
    "SD skor nol (z dan T), atau data JPM, potensi atau kinerja belum lengkap."
)


def _columns(result_set: ResultSet) -> Rows:
    rows = _section(
        "Kolom sheet Hasil",
        "Baris 1 berisi nama kolom tetap (untuk skrip, sama dengan CSV); baris 2 labelnya.",
    )
    rows.append((HEADER, ("Label (baris 2)", "Arti", "Nama kolom (baris 1)")))
    for name, _, label in LEADING_COLUMNS:
        rows.append((ROW, (label, COLUMN_MEANINGS[name], name)))
    for suffix, _, label in COMPETENCY_COLUMNS:
        rows.append((ROW, (f"<KODE> {label}", COLUMN_MEANINGS[suffix], f"<KODE>_{suffix}")))
    for name, _, label in TALENT_COLUMNS + EXTRA_COLUMNS:
        rows.append((ROW, (label, COLUMN_MEANINGS[name], name)))
    rows.append((ROW, ("Waktu selesai", COLUMN_MEANINGS[FINISHED_AT], FINISHED_AT)))
    rows.append((ROW, ("Sel kosong", EMPTY_CELLS)))
    rows += _section("Kompetensi")
    rows.append((HEADER, ("Kode", "Nama", "Kelompok")))
    rows += [(ROW, (info.code, info.name, info.group)) for info in result_set.competencies]
    return rows
