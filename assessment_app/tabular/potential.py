"""Parse the potential file (CONTRACT.md §6): a potential assessed outside this platform."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from assessment_app.tabular.headers import POTENTIAL_COLUMNS, relabel, resolve_columns
from assessment_app.tabular.table import Row, RowError, Table, check_header, collapse_spaces
from assessment_app.tabular.yearly import check_repeat, choice_cell, nip_cell, year_cell
from assessment_app.talent import POTENTIALS

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


@dataclass
class PotentialParse:
    """Hold the valid rows and every error and warning found in a potential file."""

    rows: list[PotentialRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


def canonical_potential(text: str) -> str | None:
    """Return the canonical spelling of `text` (any case and spacing), or None if unknown."""
    return _CANONICAL.get(collapse_spaces(text).casefold())


def parse_potential(table: Table, today: datetime.date) -> PotentialParse:
    """Check every potential row and return the valid ones with all errors and warnings.

    A NIP may appear once per year (an empty year counts as one more year); a repeat is
    an error at the later row. Whether a NIP is in the roster is checked by the caller.
    """
    table = resolve_columns(table, POTENTIAL_COLUMNS)
    header = check_header(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, POTENTIAL_COLUMNS)
    result = PotentialParse(errors=list(header.errors), warnings=list(header.warnings))
    first_row: dict[tuple[str, int | None], int] = {}
    for row in table.rows:
        errors: list[RowError] = []
        nip = nip_cell(row, header.missing, today, errors)
        potential = choice_cell(
            row, "potential", "potensi", header.missing, canonical_potential, POTENTIALS, errors
        )
        source = _source(row, errors)
        year = year_cell(row, today, errors)
        if nip is not None and not errors:
            check_repeat(first_row, nip, year, row.number, errors)
        result.errors += errors
        if nip is not None and potential is not None and not errors:
            result.rows.append(PotentialRow(nip, potential, source, year, row.number))
    result.errors.sort(key=lambda error: error.row)
    result.errors = relabel(result.errors, table)
    result.warnings = relabel(result.warnings, table)
    return result


def _source(row: Row, errors: list[RowError]) -> str:
    text = collapse_spaces(row.get("source"))
    if len(text) > MAX_SOURCE:
        message = f"terlalu panjang ({len(text)} karakter, maksimal {MAX_SOURCE})"
        errors.append(RowError(row.number, "source", message))
        return ""
    return text
