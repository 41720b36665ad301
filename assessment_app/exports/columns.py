"""The results export's columns and their values (CONTRACT §5), shared by CSV and XLSX.

One row per candidate and registered test, in `ResultSet.rows` order (session, room, seat, test
order). Values are typed: text as str (NIP always text), counts, levels and the box as int,
scores, z and T rounded half up to 4 decimals, JPM to 2, and None for an empty cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assessment_app.exports._numbers import round_half_up
from assessment_app.results.model import ResultRow, ResultSet
from assessment_app.talent import JPM_DECIMALS

SCORE_DECIMALS = 4  # raw, C score, z, T, reliability and SEM; JPM as `talent` rounds it

# Kinds tell the XLSX writer which cell format a column takes.
NIP, TEXT, INT, DEC4, DEC2 = "nip", "text", "int", "dec4", "dec2"

# (name as pinned by CONTRACT §5, kind, Indonesian label for the XLSX's second header row)
LEADING_COLUMNS = (
    ("nip", NIP, "NIP"),
    ("name", TEXT, "Nama"),
    ("position", TEXT, "Jabatan"),
    ("test_code", TEXT, "Kode tes"),
    ("status", TEXT, "Status"),
    ("answered", INT, "Terjawab"),
    ("total", INT, "Jumlah soal"),
    ("flags", TEXT, "Tanda"),
)
COMPETENCY_COLUMNS = (  # C_<suffix>, labelled "<C> <label>"
    ("raw", DEC4, "skor mentah"),
    ("score", DEC4, "skor C"),
    ("level", INT, "level"),
    ("z", DEC4, "z"),
    ("t", DEC4, "T"),
)
TALENT_COLUMNS = (
    ("jpm", DEC2, "JPM (%)"),
    ("jpm_category", TEXT, "Kategori JPM"),
    ("potential", TEXT, "Potensi"),
    ("performance", TEXT, "Kinerja"),
    ("box", INT, "Kotak"),
    ("below_standard", TEXT, "Di bawah standar"),
    ("krs", TEXT, "KRS"),
)
EXTRA_COLUMNS = (
    ("session", TEXT, "Sesi"),
    ("room", TEXT, "Ruang"),
    ("seat", TEXT, "Kursi"),
    ("unit", TEXT, "Unit kerja"),
    ("position_code", TEXT, "Kode jabatan"),
    ("predikat", TEXT, "Predikat SKP"),
)

_EMPTY_COMPETENCY = (None,) * len(COMPETENCY_COLUMNS)


@dataclass(frozen=True)
class Column:
    """One export column: its pinned name, the kind of value it holds and its label."""

    name: str
    kind: str
    label: str  # Indonesian, for people (the name stays as pinned, for scripts)
    competency: str | None = None  # the competency code for C_raw, C_score, C_level, C_z, C_t


def column_specs(result_set: ResultSet) -> list[Column]:
    """Return the export's columns in order, with their kinds."""
    columns = [Column(*spec) for spec in LEADING_COLUMNS]
    for info in result_set.competencies:
        columns += [
            Column(f"{info.code}_{suffix}", kind, f"{info.code} {label}", info.code)
            for suffix, kind, label in COMPETENCY_COLUMNS
        ]
    columns += [Column(*spec) for spec in TALENT_COLUMNS + EXTRA_COLUMNS]
    return columns


def result_columns(result_set: ResultSet) -> list[str]:
    """Return the export's header: fixed columns, five per competency, talent, then extras."""
    return [column.name for column in column_specs(result_set)]


def result_values(result_set: ResultSet) -> Iterator[list]:
    """Yield one list of typed values per row, matching `result_columns`."""
    codes = [info.code for info in result_set.competencies]
    for row in result_set.rows:
        yield row_values(row, codes)


def row_values(row: ResultRow, codes: list[str]) -> list:
    """Return one row's values; competencies only for a finished attempt that measured them."""
    values = [
        str(row.nip),
        _text(row.name),
        _text(row.position),
        _text(row.test_code),
        _text(row.status),
        int(row.answered),
        int(row.total),
        _text(";".join(row.flags)),
    ]
    scores = row.scores if row.finished else {}
    for code in codes:
        score = scores.get(code)
        if score is None:
            values += _EMPTY_COMPETENCY
        else:
            values += (
                round_half_up(score.raw, SCORE_DECIMALS),
                round_half_up(score.score, SCORE_DECIMALS),
                int(score.level),
                round_half_up(score.z, SCORE_DECIMALS),
                round_half_up(score.t, SCORE_DECIMALS),
            )
    talent = row.talent
    values += (
        round_half_up(talent.jpm, JPM_DECIMALS),
        _text(talent.jpm_category),
        _text(talent.potential),
        _text(talent.performance),
        None if talent.box is None else int(talent.box),
        _text(";".join(talent.below_standard)),
        _text(talent.krs),
        _text(row.session),
        _text(row.room),
        _text(row.seat),
        _text(row.unit),
        _text(row.position_code),
        _text(talent.predikat),
    )
    return values


def _text(value: object) -> str | None:
    """Return text as str, and None (an empty cell) for None or ""."""
    return None if value is None or value == "" else str(value)
