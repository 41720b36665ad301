"""Parse the potential file (CONTRACT.md §6): a potential assessed outside this platform."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessment_app.tabular.headers import POTENTIAL_COLUMNS
from assessment_app.tabular.table import Parse, Row, RowError, Table, collapse_spaces
from assessment_app.tabular.yearly import YearlyFile, parse_yearly
from assessment_app.vocabulary.talent import POTENTIALS

REQUIRED_COLUMNS = ("nip", "potential")
OPTIONAL_COLUMNS = ("source", "year")
MAX_SOURCE = 200
_CANONICAL = {name.casefold(): name for name in POTENTIALS}


@dataclass(frozen=True)
class PotentialRow:
    """Hold one valid potential row; `potential` is Tinggi, Menengah or Rendah."""

    nip: str
    potential: str
    source: str
    year: int | None
    row: int


class PotentialParse(Parse[PotentialRow]):
    """Hold the valid rows and every error and warning found in a potential file."""


def canonical_potential(text: str) -> str | None:
    """Return the canonical spelling of `text` (any case and spacing), or None if unknown."""
    return _CANONICAL.get(collapse_spaces(text).casefold())


def parse_potential(table: Table, today: datetime.date) -> PotentialParse:
    """Return the valid potential rows with all errors and warnings (`parse_yearly`)."""
    return parse_yearly(table, today, POTENTIAL_FILE, PotentialParse())


def _source(row: Row, errors: list[RowError]) -> str:
    text = collapse_spaces(row.get("source"))
    if len(text) > MAX_SOURCE:
        message = f"terlalu panjang ({len(text)} karakter, maksimal {MAX_SOURCE})"
        errors.append(RowError(row.number, "source", message))
        return ""
    return text


POTENTIAL_FILE = YearlyFile(
    POTENTIAL_COLUMNS,
    REQUIRED_COLUMNS,
    OPTIONAL_COLUMNS,
    "potential",
    "potensi",
    canonical_potential,
    POTENTIALS,
    PotentialRow,
    extra=_source,
)
