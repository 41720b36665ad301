"""Rules shared by the files that hold one rating per NIP and year (SKP, potential).

A NIP may appear once per year, and once without a year; a year is 4 digits between
`MIN_YEAR` and this year; the row with the latest year counts, a row without a year
counting as the oldest.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from assessment_app.bounds import MIN_YEAR
from assessment_app.tabular.headers import relabel, resolve_columns
from assessment_app.tabular.nip import NipError, nip_from_row
from assessment_app.tabular.table import Parse, Row, RowError, Table, check_header, collapse_spaces

_YEAR = re.compile(r"[0-9]{4}")


class Yearly(Protocol):
    """Anything rated for one NIP in one year (None: year not given)."""

    @property
    def nip(self) -> str: ...

    @property
    def year(self) -> int | None: ...


RowT = TypeVar("RowT", bound=Yearly)
ParseT = TypeVar("ParseT", bound=Parse)


def latest_by_nip(rows: Iterable[RowT]) -> dict[str, RowT]:
    """Return each NIP's row for its latest year.

    A row without a year counts as older than any dated row (a dated rating is the
    explicit one); between rows of the same year the later row in `rows` wins.
    """
    latest: dict[str, RowT] = {}
    for row in rows:
        current = latest.get(row.nip)
        if current is None or _age_key(row) >= _age_key(current):
            latest[row.nip] = row
    return latest


def _age_key(row: Yearly) -> tuple[bool, int]:
    return (row.year is not None, row.year or 0)


def nip_cell(
    row: Row, missing: frozenset[str], today: datetime.date, errors: list[RowError]
) -> str | None:
    """Return the row's checked NIP, or None (an error is added unless the column is missing)."""
    if "nip" in missing:
        return None
    try:
        return nip_from_row(row, "nip", today).nip
    except NipError as exc:
        errors.append(RowError(row.number, "nip", exc.message))
        return None


def year_cell(row: Row, today: datetime.date, errors: list[RowError]) -> int | None:
    """Return the row's year, or None when empty or bad (then an error is added)."""
    text = row.get("year")
    if not text:
        return None
    if _YEAR.fullmatch(text) and MIN_YEAR <= int(text) <= today.year:
        return int(text)
    message = f"tahun harus 4 digit antara {MIN_YEAR} dan {today.year} (ditemukan '{text}')"
    errors.append(RowError(row.number, "year", message))
    return None


def check_repeat(
    first_row: dict[tuple[str, int | None], int],
    nip: str,
    year: int | None,
    number: int,
    errors: list[RowError],
) -> None:
    """Add an error at row `number` when `nip` and `year` were already seen in `first_row`.

    `first_row` maps each (nip, year) seen so far to its first row; the caller keeps it
    across the rows of one file.
    """
    earlier = first_row.setdefault((nip, year), number)
    if earlier != number:
        when = f"tahun {year}" if year is not None else "tanpa tahun"
        errors.append(RowError(number, "nip", f"NIP {nip} {when} sudah ada di baris {earlier}"))


def choice_cell(
    row: Row,
    column: str,
    noun: str,
    missing: frozenset[str],
    canonical: Callable[[str], str | None],
    allowed: Sequence[str],
    errors: list[RowError],
) -> str | None:
    """Return the canonical value of a required one-of cell (predikat, potential), or None.

    An empty or unknown value is an error naming the column and the allowed values; a
    missing column was reported with the header.
    """
    if column in missing:
        return None
    text = collapse_spaces(row.get(column))
    value = canonical(text)
    if value is None:
        message = "wajib diisi" if not text else f"{noun} '{text}' tidak dikenal"
        errors.append(RowError(row.number, column, f"{message} (pilihan: {', '.join(allowed)})"))
    return value


@dataclass(frozen=True)
class YearlyFile:
    """What a file rated per NIP and year holds besides its NIP and year columns.

    One required one-of cell (`column`, named `noun` in messages, made canonical by
    `canonical`, one of `allowed`), optionally one more cell read by `extra`; a kept row
    is `make(nip, value, [extra,] year, number)`.
    """

    aliases: Mapping[str, str]
    required: tuple[str, ...]
    optional: tuple[str, ...]
    column: str
    noun: str
    canonical: Callable[[str], str | None]
    allowed: Sequence[str]
    make: Callable[..., Yearly]
    extra: Callable[[Row, list[RowError]], object] | None = None


def parse_yearly(table: Table, today: datetime.date, spec: YearlyFile, result: ParseT) -> ParseT:
    """Check every row of a file rated per NIP and year into `result` and return it.

    A NIP may appear once per year (an empty year counts as one more year); a repeat is
    an error at the later row. Whether a NIP is in the roster is checked by the caller.
    """
    table = resolve_columns(table, spec.aliases)
    header = check_header(table, spec.required, spec.optional, spec.aliases)
    result.errors += header.errors
    result.warnings += header.warnings
    first_row: dict[tuple[str, int | None], int] = {}
    for row in table.rows:
        errors: list[RowError] = []
        nip = nip_cell(row, header.missing, today, errors)
        value = choice_cell(
            row, spec.column, spec.noun, header.missing, spec.canonical, spec.allowed, errors
        )
        extra = () if spec.extra is None else (spec.extra(row, errors),)
        year = year_cell(row, today, errors)
        if nip is not None and not errors:
            check_repeat(first_row, nip, year, row.number, errors)
        result.errors += errors
        if nip is not None and value is not None and not errors:
            result.rows.append(spec.make(nip, value, *extra, year, row.number))
    result.errors.sort(key=lambda error: error.row)
    result.errors = relabel(result.errors, table)
    result.warnings = relabel(result.warnings, table)
    return result
