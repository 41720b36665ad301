"""Hold a table read from a spreadsheet and the problems found in it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Number = int | float
_SPACES = re.compile(r"\s+")
_EXCEL_COLUMNS = 16384  # XFD; get_column_letter itself stops at 18,278


class Problem(Exception):
    """Signal a problem whose `message`, in Bahasa Indonesia, is shown to the person as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TableError(Problem):
    """Signal a file that cannot be read as a table at all."""


@dataclass(frozen=True)
class RowError:
    """Describe one problem (error or warning) at a spreadsheet row and column."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return f"baris {self.row}: {self.message}"
        return f"baris {self.row}, kolom {self.column}: {self.message}"


RowT = TypeVar("RowT")


@dataclass
class Parse(Generic[RowT]):
    """Hold the valid rows and every error and warning found in a file."""

    rows: list[RowT] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """Hold one data row: its spreadsheet number and its cells as text by column key.

    `numbers` keeps the original value of XLSX cells that held a number (not text), by
    column key, so a parser can tell that an 18-digit NIP lost digits in Excel or that a
    PIN lost its leading zeros.
    """

    number: int
    values: dict[str, str]
    numbers: dict[str, Number] = field(default_factory=dict)

    def get(self, column: str) -> str:
        """Return the text of `column`, or "" when the table has no such column."""
        return self.values.get(column, "")


@dataclass(frozen=True)
class Table:
    """Hold the column keys (header order), the non-blank data rows and header problems.

    `errors` lists header problems (duplicate header, data under an empty header); the
    parsers report them with their own errors. `header_row` is the header's row number.
    `labels` maps a column key to its header as the file wrote it (trimmed).
    """

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    errors: tuple[RowError, ...] = ()
    header_row: int = 1
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, column: str) -> str:
        """Return the header of `column` as the file wrote it (the key itself when unknown)."""
        return self.labels.get(column, column)


def normalize_header(text: str) -> str:
    """Return the column key for a header cell: trimmed, lower-case, inner spaces as `_`."""
    return "_".join(text.split()).lower()


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of the 0-based column `index` (0 → A).

    Past Excel's last column (XFD) a CSV can still have cells: those are "ke-N".
    """
    from openpyxl.utils import get_column_letter  # openpyxl costs 0.1 s at start-up

    if index < _EXCEL_COLUMNS:
        return get_column_letter(index + 1)
    return f"ke-{index + 1:,}".replace(",", ".")


@dataclass(frozen=True)
class HeaderCheck:
    """Hold the header-level errors and warnings of a table and its missing columns."""

    errors: list[RowError]
    warnings: list[RowError]
    missing: frozenset[str]


def check_header(
    table: Table,
    required: tuple[str, ...],
    optional: tuple[str, ...] | None,
    aliases: Mapping[str, str] | None = None,
) -> HeaderCheck:
    """Check `table`'s columns: a missing required column is an error, an unknown one a warning.

    The table's own header errors come first. Pass `optional=None` to accept any other
    column silently (the caller then judges them). An empty table gives a warning. A missing
    column is named by its English key, and its message names the `aliases` entry too.
    """
    row = table.header_row
    aliases = aliases or {}
    missing = [column for column in required if column not in table.columns]
    errors = list(table.errors)
    errors += [RowError(row, column, _missing_message(aliases, column)) for column in missing]
    notes: list[RowError] = []
    if optional is not None:
        known = set(required) | set(optional)
        notes += [
            RowError(row, column, f"kolom '{table.label(column)}' tidak dikenal, diabaikan")
            for column in table.columns
            if column not in known
        ]
    if not table.rows:
        notes.append(RowError(row, None, "berkas tidak berisi baris data"))
    return HeaderCheck(errors, notes, frozenset(missing))


def _missing_message(aliases: Mapping[str, str], column: str) -> str:
    message = "kolom wajib tidak ditemukan di baris judul"
    if aliases.get(column, column) == column:
        return message
    return f"{message} (tulis {both_names(aliases, column)})"


def both_names(aliases: Mapping[str, str], column: str) -> str:
    """Return "'sesi' atau 'session'" for a column with an alias, else "'column'"."""
    alias = aliases.get(column, column)
    return f"'{alias}'" if alias == column else f"'{alias}' atau '{column}'"


def collapse_spaces(text: str) -> str:
    """Return `text` with runs of whitespace made one space and the ends trimmed."""
    return _SPACES.sub(" ", text).strip()
