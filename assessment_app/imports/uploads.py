"""Uploads of the admin console: the kinds of upload, the preview table and the template
files (the stored file between preview and confirm is in imports/store.py)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assessment_app.exports.csv_writer import SpreadsheetCsv
from assessment_app.imports.report import Importer
from assessment_app.imports.roster import import_roster
from assessment_app.imports.talent import import_performance, import_potential, import_standards
from assessment_app.tabular import RowError, Table
from assessment_app.tabular.headers import (
    PERFORMANCE_COLUMNS,
    POTENTIAL_COLUMNS,
    ROSTER_COLUMNS,
    STANDARDS_COLUMNS,
    indonesian,
)
from assessment_app.tabular.table import normalize_header

PREVIEW_ROWS = 200
LISTED_ERRORS = 300  # a longer list is cut, with the count of the rest
EXAMPLE_NIP = "198609262015051001"
EXAMPLE_TESTS = "MANSOS;TEK-PK"


@dataclass(frozen=True)
class UploadKind:
    """One kind of upload: its page text, the service that imports it, its columns.

    `columns` is the file's alias table (English key → Indonesian header); `text_columns`
    (English keys) are formatted as Text in the XLSX template; `checks_new_codes` says the
    import creates sessions and rooms, which the admin must tick off before saving.
    """

    code: str
    title: str
    description: str
    importer: Importer
    columns: Mapping[str, str]
    text_columns: tuple[str, ...] = ()
    checks_new_codes: bool = False

    @property
    def headers(self) -> list[tuple[str, str]]:
        """Return (Indonesian, English) header pairs, for the page that lists them."""
        return [(alias, english) for english, alias in self.columns.items()]


KINDS: dict[str, UploadKind] = {
    kind.code: kind
    for kind in (
        UploadKind(
            "peserta",
            "Daftar peserta",
            "Satu baris per peserta: NIP, nama, jabatan, sesi, ruang, kursi, tes, PIN. "
            "Peserta yang sudah ada diperbarui menurut NIP. Sesi dan ruang yang belum ada "
            "dibuat; pratinjau mendaftarnya untuk Anda periksa.",
            import_roster,
            ROSTER_COLUMNS,
            ("nip", "pin"),
            checks_new_codes=True,
        ),
        UploadKind(
            "standar",
            "Standar kompetensi jabatan",
            "Satu baris per jabatan (kode_jabatan), satu kolom per kode kompetensi berisi "
            "level 1-5 (kosong = tidak dipersyaratkan).",
            import_standards,
            STANDARDS_COLUMNS,
        ),
        UploadKind(
            "kinerja",
            "Predikat kinerja (SKP)",
            "Satu baris per NIP dan tahun: nip, predikat, tahun (opsional).",
            import_performance,
            PERFORMANCE_COLUMNS,
            ("nip",),
        ),
        UploadKind(
            "potensi",
            "Potensi",
            "Potensi hasil asesmen di luar aplikasi ini, satu baris per NIP dan tahun: nip, "
            "potensi (Tinggi, Menengah atau Rendah), sumber dan tahun (opsional). Jika ada, "
            "potensi ini dipakai pada 9-box menggantikan potensi dari kategori JPM.",
            import_potential,
            POTENTIAL_COLUMNS,
            ("nip",),
        ),
    )
}


# --- the preview table -------------------------------------------------------------------


@dataclass
class PreviewCell:
    text: str
    messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings


@dataclass
class PreviewRow:
    number: int
    cells: list[PreviewCell]
    messages: list[str] = field(default_factory=list)  # errors about the whole row

    @property
    def bad(self) -> bool:
        return bool(self.messages) or any(cell.messages for cell in self.cells)


@dataclass
class Preview:
    """The first rows of a table with every error placed on its cell, and the lists of
    errors and warnings cut at `LISTED_ERRORS` (`more_errors`, `more_warnings`: the rest)."""

    columns: list[str]
    header_messages: dict[str, list[str]]
    rows: list[PreviewRow]
    total: int
    labels: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    more_errors: int = 0
    warnings: list[RowError] = field(default_factory=list)
    more_warnings: int = 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


_Cells = dict[tuple[int, str | None], list[str]]


def _by_cell(problems: Iterable[RowError]) -> _Cells:
    """Group messages by row and column key (a problem names its column as the file wrote it)."""
    cells: _Cells = {}
    for problem in problems:
        column = normalize_header(problem.column) if problem.column is not None else None
        cells.setdefault((problem.row, column), []).append(problem.message)
    return cells


def cut(problems: Sequence[RowError], limit: int = LISTED_ERRORS) -> tuple[list[RowError], int]:
    """Return the first `limit` problems and how many more there are."""
    return list(problems[:limit]), max(0, len(problems) - limit)


def build_preview(
    table: Table,
    errors: Sequence[RowError],
    warnings: Sequence[RowError] = (),
    limit: int = PREVIEW_ROWS,
) -> Preview:
    """Lay out the first `limit` rows of `table` with each error and warning on its cell."""
    by_cell, notes = _by_cell(errors), _by_cell(warnings)
    header = {column: by_cell.get((table.header_row, column), []) for column in table.columns}
    # An error about a column the table lacks still belongs to its row.
    elsewhere: dict[int, list[str]] = {}
    for (number, column), messages in by_cell.items():
        if column is not None and column not in table.columns:
            elsewhere.setdefault(number, []).extend(f"{column}: {m}" for m in messages)
    rows = []
    for row in table.rows[:limit]:
        cells = [
            PreviewCell(
                row.get(column),
                by_cell.get((row.number, column), []),
                notes.get((row.number, column), []),
            )
            for column in table.columns
        ]
        whole = by_cell.get((row.number, None), []) + elsewhere.get(row.number, [])
        rows.append(PreviewRow(row.number, cells, whole))
    labels = {column: table.label(column) for column in table.columns}
    shown_errors, more_errors = cut(errors)
    shown_warnings, more_warnings = cut(warnings)
    return Preview(
        list(table.columns),
        header,
        rows,
        len(table.rows),
        labels,
        shown_errors,
        more_errors,
        shown_warnings,
        more_warnings,
    )


# --- template files ----------------------------------------------------------------------


def template_rows(
    kind: str, competency_codes: list[str], test_codes: list[str]
) -> tuple[list[str], list[list[str]]]:
    """Return the header (the Indonesian column names) and one example row for `kind`."""
    columns = KINDS[kind].columns
    if kind == "peserta":
        example = [
            EXAMPLE_NIP, "Budi Santoso", "Analis Kebijakan Ahli Muda", "AK-MUDA",
            "Bapperida", "S1", "R01", "1", _example_tests(test_codes), "012345",
        ]  # fmt: skip
        return list(columns.values()), [example]
    if kind == "standar":
        codes = competency_codes or ["INT", "KS"]
        return [*columns.values(), *codes], [["AK-MUDA", *["3"] * len(codes)]]
    if kind == "kinerja":
        return list(columns.values()), [[EXAMPLE_NIP, "Baik", "2024"]]
    if kind == "potensi":
        return list(columns.values()), [[EXAMPLE_NIP, "Tinggi", "Asesmen potensi BKN 2024", "2024"]]
    raise KeyError(kind)


def template_text_columns(kind: str) -> tuple[str, ...]:
    """Return the template headers of `kind` whose cells must be Text (NIP, PIN)."""
    spec = KINDS[kind]
    return tuple(indonesian(spec.columns, spec.text_columns))


def _example_tests(test_codes: list[str]) -> str:
    """Return "MANSOS;TEK-PK" where the bank has both, else up to two of its test codes."""
    wanted = EXAMPLE_TESTS.split(";")
    if not test_codes or all(code in test_codes for code in wanted):
        return EXAMPLE_TESTS
    return ";".join(test_codes[:2])


def template_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """Write the template as UTF-8 CSV with a BOM (Excel then reads the accents right)."""
    out = io.StringIO()
    SpreadsheetCsv(out, lineterminator="\r\n").writerows([header, *rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(header: list[str], rows: list[list[str]], text_columns: tuple[str, ...]) -> bytes:
    """Write the template as XLSX; `text_columns` are formatted as Text ('@') for 1,000 rows.

    Formatting the whole column keeps Excel from turning a typed NIP into a number that
    loses its last digits, or a PIN that loses its leading zeros.
    """
    import openpyxl  # ~0.1 s: loaded by the first template download, not at start-up

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for index, column in enumerate(header, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column) + 4)
        if column in text_columns:
            sheet.column_dimensions[letter].width = 22
            for (cell,) in sheet.iter_rows(min_row=2, max_row=1000, min_col=index, max_col=index):
                cell.number_format = "@"
                if cell.value is not None:
                    cell.value = str(cell.value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
