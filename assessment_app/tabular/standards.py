"""Parse the standards file: required competency levels per position (CONTRACT.md §3)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assessment_app.tabular.headers import STANDARDS_COLUMNS, relabel, resolve_columns
from assessment_app.tabular.table import (
    Parse,
    Row,
    RowError,
    Table,
    check_header,
    collapse_spaces,
)

POSITION_COLUMN = "position_code"
LEVELS = range(1, 6)
MAX_POSITION_CODE = 200
# "3" from CSV, "3.0" or "3,0" typed by hand; XLSX numbers already arrive as "3".
_LEVEL = re.compile(r"([0-9]+)(?:[.,]0+)?")


@dataclass(frozen=True)
class StandardRow:
    """Hold one position's required levels by competency code (absent = not required)."""

    position_code: str
    levels: dict[str, int]
    row: int


class StandardsParse(Parse[StandardRow]):
    """Hold the valid rows and every error and warning found in a standards file."""


def position_key(text: str) -> str:
    """Return the key that compares position codes: spaces collapsed, case folded."""
    return collapse_spaces(text).casefold()


def parse_standards(table: Table, competency_codes: Iterable[str]) -> StandardsParse:
    """Check every standards row and return the valid ones with all errors and warnings.

    Every column other than `position_code` must be a competency code (matched
    case-insensitively, returned in the spelling of `competency_codes`). Unlike the roster,
    where an unknown column is only a warning, an unknown column here is an error: it is
    most likely a mistyped code, and ignoring it would silently drop a requirement and
    inflate every JPM computed against the standard.
    """
    table = resolve_columns(table, STANDARDS_COLUMNS)
    header = check_header(table, (POSITION_COLUMN,), None, STANDARDS_COLUMNS)
    result = StandardsParse(errors=list(header.errors), warnings=list(header.warnings))
    codes, column_errors = _competency_columns(table, competency_codes)
    result.errors += column_errors
    first_row: dict[str, int] = {}
    for row in table.rows:
        errors: list[RowError] = []
        position_code = _position_code(row, header.missing, first_row, errors)
        levels = _levels(row, codes, errors)
        result.errors += errors
        if position_code is None or errors:
            continue
        if not levels:
            result.warnings.append(
                RowError(row.number, None, "tidak ada kompetensi yang dipersyaratkan")
            )
        result.rows.append(StandardRow(position_code, levels, row.number))
    result.errors.sort(key=lambda error: error.row)
    result.errors = relabel(result.errors, table)
    result.warnings = relabel(result.warnings, table)
    return result


def _competency_columns(
    table: Table, competency_codes: Iterable[str]
) -> tuple[dict[str, str], list[RowError]]:
    """Map each competency column key to its code; report columns that are not codes."""
    by_key = {code.lower(): code for code in competency_codes}
    codes: dict[str, str] = {}
    errors: list[RowError] = []
    for column in table.columns:
        if column == POSITION_COLUMN:
            continue
        if column in by_key:
            codes[column] = by_key[column]
        else:
            message = f"kode kompetensi '{table.label(column)}' tidak dikenal"
            errors.append(RowError(table.header_row, column, message))
    if not codes:
        errors.append(RowError(table.header_row, None, "tidak ada kolom kode kompetensi"))
    return codes, errors


def _position_code(
    row: Row, missing: frozenset[str], first_row: dict[str, int], errors: list[RowError]
) -> str | None:
    if POSITION_COLUMN in missing:
        return None
    value = collapse_spaces(row.get(POSITION_COLUMN))
    problem = None
    if not value:
        problem = "wajib diisi"
    elif len(value) > MAX_POSITION_CODE:
        problem = f"terlalu panjang ({len(value)} karakter, maksimal {MAX_POSITION_CODE})"
    elif (earlier := first_row.setdefault(position_key(value), row.number)) != row.number:
        problem = f"kode jabatan '{value}' sudah ada di baris {earlier}"
    if problem is not None:
        errors.append(RowError(row.number, POSITION_COLUMN, problem))
        return None
    return value


def _levels(row: Row, codes: dict[str, str], errors: list[RowError]) -> dict[str, int]:
    levels: dict[str, int] = {}
    for column, code in codes.items():
        text = row.get(column)
        if not text:
            continue
        match = _LEVEL.fullmatch(text)
        if match is None or int(match.group(1)) not in LEVELS:
            message = (
                f"level harus bilangan bulat {LEVELS[0]}-{LEVELS[-1]} (ditemukan '{text}'); "
                "kosongkan jika tidak dipersyaratkan"
            )
            errors.append(RowError(row.number, column, message))
            continue
        levels[code] = int(match.group(1))
    return levels
