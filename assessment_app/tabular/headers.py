"""The column names of each import file: the English name (CONTRACT.md §3) and its Indonesian one.

Every alias table maps the English column key to the Indonesian header that the templates
use; either is accepted, case-insensitive and trimmed (`normalize_header`), but a file that
gives both names of one column is an error naming both. Parsers call `resolve_columns` first
and `relabel` last, so the rules work on the English keys while every message names the
column as the file wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assessment_app.tabular.table import Row, RowError, Table, both_names

ROSTER_COLUMNS: Mapping[str, str] = {
    "nip": "nip",
    "name": "nama",
    "position": "jabatan",
    "position_code": "kode_jabatan",
    "unit": "unit_kerja",
    "session": "sesi",
    "room": "ruang",
    "seat": "kursi",
    "tests": "tes",
    "pin": "pin",
}
# The other columns of the standards file are competency codes, named the same in both.
STANDARDS_COLUMNS: Mapping[str, str] = {"position_code": "kode_jabatan"}
PERFORMANCE_COLUMNS: Mapping[str, str] = {"nip": "nip", "predikat": "predikat", "year": "tahun"}
POTENTIAL_COLUMNS: Mapping[str, str] = {
    "nip": "nip",
    "potential": "potensi",
    "source": "sumber",
    "year": "tahun",
}


def indonesian(aliases: Mapping[str, str], columns: Iterable[str]) -> list[str]:
    """Return the Indonesian header of each English column key (unknown keys unchanged)."""
    return [aliases.get(column, column) for column in columns]


def resolve_columns(table: Table, aliases: Mapping[str, str]) -> Table:
    """Return `table` keyed by the English column names, keeping the headers as written.

    A column given under both names is an error at the header row naming both headers as
    written; the later one is dropped.
    """
    english_of = {alias: english for english, alias in aliases.items()}
    renamed: dict[str, str] = {}
    labels: dict[str, str] = {}
    errors = list(table.errors)
    for key in table.columns:
        english = english_of.get(key, key)
        if english in labels:
            errors.append(
                RowError(
                    table.header_row,
                    english,
                    f"kolom '{labels[english]}' dan '{table.label(key)}' adalah kolom yang sama "
                    f"({both_names(aliases, english)}); hapus salah satu",
                )
            )
            continue
        renamed[key] = english
        labels[english] = table.label(key)
    rows = tuple(_rename(row, renamed) for row in table.rows)
    return Table(tuple(renamed.values()), rows, tuple(errors), table.header_row, labels)


def _rename(row: Row, renamed: dict[str, str]) -> Row:
    values = {renamed[key]: text for key, text in row.values.items() if key in renamed}
    numbers = {renamed[key]: value for key, value in row.numbers.items() if key in renamed}
    return Row(row.number, values, numbers)


def relabel(problems: Iterable[RowError], table: Table) -> list[RowError]:
    """Return `problems` with each column key replaced by its header as the file wrote it."""
    return [
        RowError(problem.row, table.label(problem.column), problem.message)
        if problem.column is not None
        else problem
        for problem in problems
    ]
