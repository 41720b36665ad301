"""What the results pages' query strings mean: filters, sorting, and numbers for people.

Pure functions, no Flask: they narrow and order the rows of a `ResultSet` by the page's
parameters (`sesi`, `ruang`, ..., `urut`, `arah`). The report, the talent map and the
tables live in `assessment_app.results`; numbers stay unrounded until `decimal_text`
writes them for people (half up, decimal comma).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np

from assessment_app.formatting import natural_key
from assessment_app.results.model import CompetencyInfo, ResultRow, ResultSet
from assessment_app.results.tables import STATUS_LABELS
from assessment_app.scoring import round_half_up_scalar

NO_BOX = "-"  # the box filter's value for "not mapped yet"
REVIEW = "ya"  # the review filter's value for "perlu ditinjau"
MAX_PARAM = 200

STATUS_ORDER = {status: index for index, status in enumerate(STATUS_LABELS)}


def decimal_text(value: float | None, places: int = 2) -> str:
    """Write a number rounded half up with a decimal comma ("87,50"); "–" for None."""
    rounded = round_half_up_scalar(value, places)
    if rounded is None or np.isnan(rounded):
        return "–"
    return f"{rounded:.{places}f}".replace(".", ",")


# --- filtering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFilter:
    """What the results pages are narrowed to; fields named as the query parameters."""

    sesi: str = ""
    ruang: str = ""
    unit: str = ""
    jabatan: str = ""
    kotak: str = ""  # "1".."9" or NO_BOX
    kategori: str = ""
    tes: str = ""
    cari: str = ""  # part of a name or NIP
    tinjau: str = ""  # REVIEW: only the rows whose test carries a flag

    @classmethod
    def from_args(cls, args: Mapping[str, str], only: Iterable[str] | None = None):
        """Read the filter from query parameters (unknown or oversized values are cut)."""
        names = set(only) if only is not None else {f.name for f in fields(cls)}
        return cls(**{n: (args.get(n) or "").strip()[:MAX_PARAM] for n in names})

    def params(self) -> dict[str, str]:
        """Return the non-empty fields, to rebuild a link with the same filter."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def filter_rows(rows: Iterable[ResultRow], flt: ResultFilter) -> list[ResultRow]:
    """Return the rows that match every field of the filter that is set."""
    return [row for row in rows if _matches(row, flt)]


def _matches(row: ResultRow, flt: ResultFilter) -> bool:
    talent = row.talent
    checks = (
        (flt.sesi, lambda: row.session.casefold() == flt.sesi.casefold()),
        (flt.ruang, lambda: row.room.casefold() == flt.ruang.casefold()),
        (flt.unit, lambda: row.unit == flt.unit),
        (flt.jabatan, lambda: row.position == flt.jabatan),
        (flt.kotak, lambda: _box_text(talent.box) == flt.kotak),
        (flt.kategori, lambda: (talent.jpm_category or NO_BOX) == flt.kategori),
        (flt.tes, lambda: row.test_code == flt.tes),
        (flt.cari, lambda: _found(row, flt.cari)),
        (flt.tinjau, lambda: bool(row.flags) == (flt.tinjau == REVIEW)),
    )
    return all(check() for wanted, check in checks if wanted)


def _box_text(box: int | None) -> str:
    return NO_BOX if box is None else str(box)


def _found(row: ResultRow, text: str) -> bool:
    return text.casefold() in row.name.casefold() or text in row.nip


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter can take in this event, sorted for the dropdowns."""

    sessions: list[str]
    rooms: list[str]
    units: list[str]
    positions: list[str]
    categories: list[str]
    boxes: list[str]


def filter_options(rows: Sequence[ResultRow]) -> FilterOptions:
    """Collect the distinct sessions, rooms, units, positions, categories and boxes."""
    boxes = {row.talent.box for row in rows}
    return FilterOptions(
        sessions=sorted({r.session for r in rows}, key=natural_key),
        rooms=sorted({r.room for r in rows}, key=natural_key),
        units=sorted({r.unit for r in rows if r.unit}),
        positions=sorted({r.position for r in rows}),
        categories=sorted({r.talent.jpm_category for r in rows if r.talent.jpm_category}),
        boxes=[str(b) for b in sorted(b for b in boxes if b is not None)]
        + ([NO_BOX] if None in boxes else []),
    )


def candidate_count(rows: Iterable[ResultRow]) -> int:
    """Return how many different candidates the rows belong to."""
    return len({row.candidate_id for row in rows})


def measured_competencies(rs: ResultSet, rows: Iterable[ResultRow]) -> list[CompetencyInfo]:
    """Return the competencies scored in any of the rows, in competencies.yaml order."""
    codes = {code for row in rows for code in row.scores}
    return [c for c in rs.competencies if c.code in codes]


# --- sorting --------------------------------------------------------------------------------

ASCENDING, DESCENDING = "naik", "turun"
COMPETENCY_SORT = "k-"  # "k-INT" sorts by the level (then score) of Integritas

_SORT_KEYS = {
    "nip": lambda r: r.nip,
    "nama": lambda r: r.name.casefold(),
    "jabatan": lambda r: r.position.casefold(),
    "unit": lambda r: r.unit.casefold(),
    "sesi": lambda r: natural_key(r.session),
    "ruang": lambda r: (natural_key(r.room), natural_key(r.seat)),
    "tes": lambda r: r.test_code,
    "status": lambda r: STATUS_ORDER.get(r.status, 99),
    "terjawab": lambda r: (r.answered, r.total),
    "jpm": lambda r: r.talent.jpm,
    "kategori": lambda r: r.talent.jpm,  # the category follows the JPM
    "kotak": lambda r: r.talent.box,
}
_FIRST_DESCENDING = {"jpm", "kategori", "kotak", "terjawab"}


def sort_key_valid(key: str) -> bool:
    """Return True for a key the table can be sorted by."""
    return key in _SORT_KEYS or (key.startswith(COMPETENCY_SORT) and len(key) > 2)


def sort_rows(rows: Sequence[ResultRow], key: str, descending: bool) -> list[ResultRow]:
    """Sort by a column; rows without a value (no JPM, no score) always come last.

    Ties keep the given order (session, room, seat), so the sort is stable for people.
    """
    if not sort_key_valid(key):
        return list(rows)
    value = _SORT_KEYS.get(key) or _competency_value(key[len(COMPETENCY_SORT) :])
    keyed = [(value(row), row) for row in rows]
    present = [pair for pair in keyed if pair[0] is not None]
    missing = [row for v, row in keyed if v is None]
    present.sort(key=lambda pair: pair[0], reverse=descending)
    return [row for _, row in present] + missing


def _competency_value(code: str):
    def value(row: ResultRow):
        score = row.scores.get(code)
        return None if score is None else (score.level, score.score)

    return value


def first_direction(key: str) -> str:
    """The direction a column sorts in when first clicked: numbers high to low."""
    numeric = key in _FIRST_DESCENDING or key.startswith(COMPETENCY_SORT)
    return DESCENDING if numeric else ASCENDING


def sort_link(flt: ResultFilter, current: str, direction: str, key: str) -> dict[str, str]:
    """Query parameters for a header link: same filter, this key, direction toggled."""
    if key == current:
        new = ASCENDING if direction == DESCENDING else DESCENDING
    else:
        new = first_direction(key)
    return flt.params() | {"urut": key, "arah": new}
