"""What the workbook's summary sheets contain, as plain tables (the writer only lays them out).

Counts and groupings come from `results.tables`, boxes from `talent.BOXES`, flags from
`scoring.flags.FLAGS`: nothing here applies a rule again. Numbers are rounded half up as the
results sheet rounds them (JPM 2 decimals, scores 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from assessment_app import talent
from assessment_app.exports._numbers import round_half_up
from assessment_app.exports.columns import DEC2, DEC4, INT, NIP, SCORE_DECIMALS, TEXT
from assessment_app.formatting import zone_label
from assessment_app.results.model import ResultSet
from assessment_app.results.tables import (
    LEVELS,
    POSITION,
    UNIT,
    PersonResult,
    Recap,
    TestLevels,
    flag_labels,
    recap_by,
    recap_total,
)

WRAP = "wrap"  # long text, wrapped
DATETIME = "datetime"  # a local (naive) datetime
YES = "ya"
FINISHED_AT = "finished_at"  # the results sheet's last column (XLSX only), local time
NOT_FILLED = "(tidak diisi)"
TOTAL = "Jumlah"

# The 9-box as the sheet draws it: potential rows top to bottom, performance left to right.
GRID_POTENTIALS = talent.POTENTIALS  # Tinggi, Menengah, Rendah
GRID_PERFORMANCES = talent.PERFORMANCES  # Di Bawah, Sesuai, Di Atas Ekspektasi
GRID = tuple(tuple(talent.box(p, q) for q in GRID_PERFORMANCES) for p in GRID_POTENTIALS)


@dataclass(frozen=True)
class Table:
    """A header, the kind of each column (columns.NIP, TEXT, ... WRAP) and the rows."""

    header: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: list[tuple]


def _table(columns: Sequence[tuple[str, str]], rows: list[tuple]) -> Table:
    return Table(tuple(c[0] for c in columns), tuple(c[1] for c in columns), rows)


def _jpm(value: float | None) -> float | None:
    return round_half_up(value, talent.JPM_DECIMALS)


def _joined(values: Sequence[str]) -> str | None:
    return "; ".join(values) or None


def potential_source_text(source: str | None) -> str | None:
    """Return where a potential came from, for people ("Kategori JPM" when derived)."""
    return "Kategori JPM" if source == talent.DERIVED else source


# Every column a listing of persons can show: label -> (kind, its value for a PersonResult).
PERSON_CELLS = {
    "NIP": (NIP, lambda p: p.nip),
    "Nama": (TEXT, lambda p: p.name),
    "Jabatan": (TEXT, lambda p: p.position),
    "Unit kerja": (TEXT, lambda p: p.unit),
    "Kotak": (INT, lambda p: p.box),
    "JPM (%)": (DEC2, lambda p: _jpm(p.jpm)),
    "Kategori JPM": (TEXT, lambda p: p.jpm_category),
    "Potensi": (TEXT, lambda p: p.potential),
    "Sumber potensi": (TEXT, lambda p: potential_source_text(p.potential_source)),
    "Predikat SKP": (TEXT, lambda p: p.predikat),
    "Kinerja": (TEXT, lambda p: p.performance),
    "Keterangan kotak": (WRAP, lambda p: p.box_description),
    "Rekomendasi tindakan": (WRAP, lambda p: _joined(p.box_actions)),
    "Di bawah standar": (TEXT, lambda p: _joined(p.below_standard)),
    "Tanda": (TEXT, lambda p: _joined(flag_labels(p.flags))),
    "Perlu ditinjau": (TEXT, lambda p: YES if p.review else None),
    "KRS": (TEXT, lambda p: p.krs),
}
_WHO = ("NIP", "Nama", "Jabatan", "Unit kerja")
_TALENT = ("Kategori JPM", "Potensi", "Sumber potensi", "Predikat SKP", "Kinerja")
PEOPLE_COLUMNS = (*_WHO, "JPM (%)", *_TALENT, "Kotak", "Keterangan kotak")
PEOPLE_COLUMNS += ("Rekomendasi tindakan", "Di bawah standar", "Tanda", "Perlu ditinjau", "KRS")
KRS_COLUMNS = (*_WHO, "Kotak", "JPM (%)", *_TALENT, "Rekomendasi tindakan")


def _persons_table(labels: Sequence[str], persons: Sequence[PersonResult]) -> Table:
    cells = [PERSON_CELLS[label] for label in labels]
    rows = [tuple(value(p) for _, value in cells) for p in persons]
    return Table(tuple(labels), tuple(kind for kind, _ in cells), rows)


def people_table(persons: Sequence[PersonResult]) -> Table:
    """One row per person: JPM, category, potential and source, box with its actions, KRS."""
    return _persons_table(PEOPLE_COLUMNS, persons)


def krs_table(pool: Sequence[PersonResult]) -> Table:
    """The succession pool (``tables.krs_list``), box 9 first."""
    return _persons_table(KRS_COLUMNS, pool)


RECAP_KEYS = {UNIT: "Unit kerja (OPD)", POSITION: "Jabatan"}  # the first column's header
RECAP_TITLES = {UNIT: "Rekap per unit kerja (OPD)", POSITION: "Rekap per jabatan"}


def recap_table(result_set: ResultSet, key: str) -> Table:
    """Per unit or position: persons, assessed, mean JPM, per category, per box, KRS; a total."""
    labels = result_set.bands.labels
    columns = [
        (RECAP_KEYS[key], TEXT),
        ("Jumlah peserta", INT),
        ("Dinilai", INT),
        ("Punya JPM", INT),
        ("Rata-rata JPM (%)", DEC2),
        *((label, INT) for label in labels),
        ("Tanpa kategori", INT),
        *((f"Kotak {n}", INT) for n in talent.BOXES),
        ("Belum terpetakan", INT),
        ("KRS", INT),
    ]
    recaps = recap_by(result_set, key) + [recap_total(result_set)]
    rows = [_recap_row(r) for r in recaps]
    rows[-1] = (TOTAL, *rows[-1][1:])
    return _table(columns, rows)


def _recap_row(r: Recap) -> tuple:
    return (
        r.value or NOT_FILLED,
        r.persons,
        r.assessed,
        r.jpm_count,
        _jpm(r.mean_jpm),
        *r.categories.values(),
        r.uncategorised,
        *r.boxes.values(),
        r.unmapped,
        r.krs,
    )


BOX_COLUMNS = (
    ("Kotak", INT),
    ("Potensi", TEXT),
    ("Kinerja", TEXT),
    ("Keterangan", WRAP),
    ("Rekomendasi tindakan (PermenPANRB 3/2020)", WRAP),
    ("Jumlah peserta", INT),
)


def box_table(total: Recap) -> Table:
    """Every box, 9 first: potential, performance, description, actions and head count."""
    rows = [
        (b.number, b.potential, b.performance, b.description, b.action, total.boxes[b.number])
        for b in sorted(talent.BOXES.values(), key=lambda b: -b.number)
    ]
    return _table(BOX_COLUMNS, rows)


MEMBER_COLUMNS = (
    ("Kotak", INT),
    ("NIP", NIP),
    ("Nama", TEXT),
    ("Jabatan", TEXT),
    ("Unit kerja", TEXT),
    ("JPM (%)", DEC2),
    ("Potensi", TEXT),
    ("Kinerja", TEXT),
    ("Perlu ditinjau", TEXT),
)


def members_table(persons: Sequence[PersonResult]) -> Table:
    """Everyone by box (9 first, then name and NIP); people without a box last."""
    ordered = sorted(
        persons, key=lambda p: (p.box is None, -(p.box or 0), p.name.casefold(), p.nip)
    )
    rows = [
        (
            p.box,
            p.nip,
            p.name,
            p.position,
            p.unit,
            _jpm(p.jpm),
            p.potential,
            p.performance,
            YES if p.review else None,
        )
        for p in ordered
    ]
    return _table(MEMBER_COLUMNS, rows)


def distribution_table(test: TestLevels) -> Table:
    """One test: per competency the attempts at levels 1..5, n, mean and sd of C_score."""
    columns = [
        ("Kode", TEXT),
        ("Kompetensi", TEXT),
        *((f"Level {n}", INT) for n in LEVELS),
        ("n", INT),
        ("Rata-rata skor C", DEC4),
        ("SD skor C", DEC4),
    ]
    rows = [
        (
            d.competency.code,
            d.competency.name,
            *d.counts,
            d.n,
            round_half_up(d.mean, SCORE_DECIMALS),
            round_half_up(d.sd, SCORE_DECIMALS),
        )
        for d in test.competencies
    ]
    return _table(columns, rows)


def local_datetime(iso: str | None, tz: ZoneInfo) -> datetime | None:
    """Return an ISO-8601 UTC time as a naive local datetime (what a cell holds)."""
    if not iso:
        return None
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz).replace(tzinfo=None)


def corrections_table(result_set: ResultSet, tz: ZoneInfo, at: datetime) -> Table:
    """The audited scoring corrections, oldest first, with their times in ``tz``."""
    columns = (
        ("Jenis", TEXT),
        ("Keterangan jenis", TEXT),
        ("Tes", TEXT),
        ("Butir", TEXT),
        ("Nilai", WRAP),
        ("Alasan", WRAP),
        ("Oleh", TEXT),
        (f"Waktu ({zone_label(tz, at)})", DATETIME),
    )
    rows = [
        (
            c.kind,
            c.label,
            c.test_code,
            c.item_id,
            c.value,
            c.reason,
            c.by,
            local_datetime(c.at, tz),
        )
        for c in result_set.corrections
    ]
    return _table(columns, rows)
