"""Parse the SKP performance file (CONTRACT.md §3); `talent` owns the predikat and their axis."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from assessment_app.tabular.headers import PERFORMANCE_COLUMNS, relabel, resolve_columns
from assessment_app.tabular.table import RowError, Table, check_header
from assessment_app.tabular.yearly import check_repeat, choice_cell, nip_cell, year_cell
from assessment_app.talent import PREDIKAT, canonical_predikat

REQUIRED_COLUMNS = ("nip", "predikat")
OPTIONAL_COLUMNS = ("year",)


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


def parse_performance(table: Table, today: datetime.date) -> PerformanceParse:
    """Check every performance row and return the valid ones with all errors and warnings.

    A NIP may appear once per year (an empty year counts as one more year); a repeat is
    an error at the later row. Whether a NIP is in the roster is checked by the caller.
    """
    table = resolve_columns(table, PERFORMANCE_COLUMNS)
    header = check_header(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, PERFORMANCE_COLUMNS)
    result = PerformanceParse(errors=list(header.errors), warnings=list(header.warnings))
    first_row: dict[tuple[str, int | None], int] = {}
    for row in table.rows:
        errors: list[RowError] = []
        nip = nip_cell(row, header.missing, today, errors)
        predikat = choice_cell(
            row, "predikat", "predikat", header.missing, canonical_predikat, PREDIKAT, errors
        )
        year = year_cell(row, today, errors)
        if nip is not None and not errors:
            check_repeat(first_row, nip, year, row.number, errors)
        result.errors += errors
        if nip is not None and predikat is not None and not errors:
            result.rows.append(PerformanceRow(nip, predikat, year, row.number))
    result.errors.sort(key=lambda error: error.row)
    result.errors = relabel(result.errors, table)
    result.warnings = relabel(result.warnings, table)
    return result
