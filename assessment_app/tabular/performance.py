"""Parse the SKP performance file (CONTRACT.md §3); `talent` owns the predikat and their axis."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessment_app.tabular.headers import PERFORMANCE_COLUMNS
from assessment_app.tabular.table import Parse, Table
from assessment_app.tabular.yearly import YearlyFile, parse_yearly
from assessment_app.vocabulary.talent import PREDIKAT, canonical_predikat

REQUIRED_COLUMNS = ("nip", "predikat")
OPTIONAL_COLUMNS = ("year",)


@dataclass(frozen=True)
class PerformanceRow:
    """Hold one valid performance row; `predikat` is in its canonical spelling."""

    nip: str
    predikat: str
    year: int | None
    row: int


class PerformanceParse(Parse[PerformanceRow]):
    """Hold the valid rows and every error and warning found in a performance file."""


PERFORMANCE_FILE = YearlyFile(
    PERFORMANCE_COLUMNS,
    REQUIRED_COLUMNS,
    OPTIONAL_COLUMNS,
    "predikat",
    "predikat",
    canonical_predikat,
    PREDIKAT,
    PerformanceRow,
)


def parse_performance(table: Table, today: datetime.date) -> PerformanceParse:
    """Return the valid performance rows with all errors and warnings (`parse_yearly`)."""
    return parse_yearly(table, today, PERFORMANCE_FILE, PerformanceParse())
