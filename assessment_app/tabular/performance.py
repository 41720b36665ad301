"""Parse the SKP performance file (CONTRACT.md §3) and map predikat to a 9-box axis."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assessment_app.talent import performance

from .nip import NipError, nip_from_row
from .table import Row, RowError, Table, check_header, collapse_spaces

REQUIRED_COLUMNS = ("nip", "predikat")
OPTIONAL_COLUMNS = ("year",)
MIN_YEAR = 2000
PREDIKAT = (
    "Sangat Baik",
    "Baik",
    "Butuh Perbaikan",
    "Kurang",
    "Misconduct",
    "Kurang/Misconduct",
    "Sangat Kurang",
)
_YEAR = re.compile(r"[0-9]{4}")
_SLASH = re.compile(r"\s*/\s*")


@dataclass(frozen=True)
class PerformanceRow:
    """Hold one valid performance row; `predikat` is in its canonical spelling."""

    nip: str
    predikat: str
    year: int | None
    row: int


@dataclass
class PerformanceParse:
    """Hold the valid rows and every error and warning found in a performance file."""

    rows: list[PerformanceRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


def _predikat_key(text: str) -> str:
    return _SLASH.sub("/", collapse_spaces(text)).casefold()


_CANONICAL = {_predikat_key(name): name for name in PREDIKAT}


def canonical_predikat(text: str) -> str | None:
    """Return the canonical spelling of `text` (any case and spacing), or None if unknown."""
    return _CANONICAL.get(_predikat_key(text))


def performance_category(predikat: str) -> str:
    """Return the 9-box performance axis for `predikat` (CONTRACT.md §6).

    The mapping lives in `talent` (one rule for imports and results). Raises `ValueError`
    for a text that is not a predikat.
    """
    canonical = canonical_predikat(predikat)
    if canonical is None:
        raise ValueError(f"predikat tidak dikenal: {predikat!r}")
    return performance(canonical)


def parse_performance(table: Table, today: datetime.date) -> PerformanceParse:
    """Check every performance row and return the valid ones with all errors and warnings.

    A NIP may appear once per year (an empty year counts as one more year); a repeat is
    an error at the later row. Whether a NIP is in the roster is checked by the caller.
    """
    header = check_header(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    result = PerformanceParse(errors=list(header.errors), warnings=list(header.warnings))
    first_row: dict[tuple[str, int | None], int] = {}
    for row in table.rows:
        errors: list[RowError] = []
        nip = _nip(row, header.missing, today, errors)
        predikat = _predikat(row, header.missing, errors)
        year = _year(row, today, errors)
        if nip is not None and not errors:
            earlier = first_row.setdefault((nip, year), row.number)
            if earlier != row.number:
                when = f"tahun {year}" if year is not None else "tanpa tahun"
                errors.append(
                    RowError(row.number, "nip", f"NIP {nip} {when} sudah ada di baris {earlier}")
                )
        result.errors += errors
        if nip is not None and predikat is not None and not errors:
            result.rows.append(PerformanceRow(nip, predikat, year, row.number))
    result.errors.sort(key=lambda error: error.row)
    return result


def latest_by_nip(rows: Iterable[PerformanceRow]) -> dict[str, PerformanceRow]:
    """Return each NIP's row for its latest year.

    A row without a year counts as older than any dated row (a dated rating is the
    explicit one); between rows of the same year the later row in `rows` wins.
    """
    latest: dict[str, PerformanceRow] = {}
    for row in rows:
        current = latest.get(row.nip)
        if current is None or _age_key(row) >= _age_key(current):
            latest[row.nip] = row
    return latest


def _age_key(row: PerformanceRow) -> tuple[bool, int]:
    return (row.year is not None, row.year or 0)


def _nip(
    row: Row, missing: frozenset[str], today: datetime.date, errors: list[RowError]
) -> str | None:
    if "nip" in missing:
        return None
    try:
        return nip_from_row(row, "nip", today).nip
    except NipError as exc:
        errors.append(RowError(row.number, "nip", exc.message))
        return None


def _predikat(row: Row, missing: frozenset[str], errors: list[RowError]) -> str | None:
    if "predikat" in missing:
        return None
    text = collapse_spaces(row.get("predikat"))
    canonical = canonical_predikat(text)
    if canonical is None:
        message = "wajib diisi" if not text else f"predikat '{text}' tidak dikenal"
        allowed = ", ".join(PREDIKAT)
        errors.append(RowError(row.number, "predikat", f"{message} (pilihan: {allowed})"))
    return canonical


def _year(row: Row, today: datetime.date, errors: list[RowError]) -> int | None:
    text = row.get("year")
    if not text:
        return None
    if _YEAR.fullmatch(text) and MIN_YEAR <= int(text) <= today.year:
        return int(text)
    message = f"tahun harus 4 digit antara {MIN_YEAR} dan {today.year} (ditemukan '{text}')"
    errors.append(RowError(row.number, "year", message))
    return None
