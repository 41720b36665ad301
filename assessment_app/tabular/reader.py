"""Read a CSV or XLSX upload into a table of text cells.

Every cell becomes stripped text; headers become lower-case keys. Rows are numbered as a
spreadsheet shows them (the header is row 1) and blank rows are skipped but still counted.
A file that cannot be read at all raises `TableError`; problems with single cells or headers
are `RowError` records, collected rather than raised, so an import can report all of them.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import os
import warnings
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from assessment_app.tabular.limits import (
    LIMITS,
    LimitExceeded,
    Limits,
    capped_rows,
    check_unzipped_size,
    check_width,
)
from assessment_app.tabular.table import (
    HeaderCheck,
    Number,
    Row,
    RowError,
    Table,
    TableError,
    check_header,
    collapse_spaces,
    column_letter,
    normalize_header,
)

if TYPE_CHECKING:
    import openpyxl

__all__ = [
    "LIMITS",
    "HeaderCheck",
    "LimitExceeded",
    "Limits",
    "Row",
    "RowError",
    "Table",
    "TableError",
    "cell_text",
    "check_header",
    "collapse_spaces",
    "read_table",
]

MAX_BYTES = 20 * 1024 * 1024
SEPARATORS = (",", ";", "\t")  # ties in the header count go to the earlier one
UTF8_HINT = (
    "simpan ulang dari Excel lewat 'Simpan Sebagai' dengan jenis "
    "'CSV UTF-8 (Comma delimited) (*.csv)', atau unggah berkas .xlsx"
)


# A raw record: the cell texts and the numeric originals by cell index.
_Record = tuple[list[str], dict[int, Number]]


def read_table(
    source: str | os.PathLike[str] | bytes, filename: str, limits: Limits = LIMITS
) -> Table:
    """Read `source` (a path or the file's bytes) as XLSX or CSV into a `Table`.

    XLSX is recognised by its zip signature or an `.xlsx` suffix; anything else is read as
    CSV. Raises `TableError` (message in Bahasa Indonesia) for an unreadable file, and its
    subclass `LimitExceeded` for a file past one of `limits` (tabular.limits).
    """
    data = _load_bytes(source, filename)
    if not data.strip():
        raise TableError(f"Berkas {filename} kosong.")
    if _is_xlsx(data, filename):
        records = _xlsx_records(data, filename, limits)
    else:
        records = _csv_records(data, filename, limits)
    return _build_table(records, filename)


def _load_bytes(source: str | os.PathLike[str] | bytes, filename: str) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        try:
            with Path(source).open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise TableError(f"Berkas {filename} tidak dapat dibuka: {exc.strerror}.") from exc
    if len(data) > MAX_BYTES:
        raise TableError(f"Berkas {filename} terlalu besar (maksimal {MAX_BYTES // 2**20} MB).")
    return data


def _is_xlsx(data: bytes, filename: str) -> bool:
    suffix = Path(filename).suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        return True
    if data.startswith(b"%PDF"):
        raise TableError(
            f"Berkas {filename} adalah PDF, bukan tabel; unggah berkas .xlsx atau CSV UTF-8."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise TableError(
            f"Berkas {filename} berformat Excel 97-2003 (.xls) yang tidak didukung; "
            "simpan sebagai .xlsx (Excel Workbook) atau CSV UTF-8."
        )
    if suffix in (".xlsx", ".xlsm"):
        raise TableError(
            f"Berkas {filename} bernama .xlsx tetapi isinya bukan XLSX; "
            "buka di Excel lalu simpan sebagai .xlsx atau CSV UTF-8."
        )
    return False


def _xlsx_records(data: bytes, filename: str, limits: Limits) -> list[_Record]:
    import openpyxl  # 0.1 s to import: only an XLSX upload pays it, not every start-up

    _check_zip_is_workbook(data, filename)
    try:
        check_unzipped_size(data, filename, limits)
    except zipfile.BadZipFile as exc:
        raise TableError(f"Berkas {filename} rusak atau bukan XLSX yang valid.") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return _sheet_records(workbook, filename, limits)
            finally:
                workbook.close()
    except TableError:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise TableError(
            f"Berkas {filename} rusak atau bukan XLSX yang valid ({type(exc).__name__}); "
            "buka di Excel lalu simpan ulang sebagai .xlsx."
        ) from exc


def _check_zip_is_workbook(data: bytes, filename: str) -> None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise TableError(f"Berkas {filename} rusak atau bukan XLSX yang valid.") from exc
    if "xl/workbook.xml" in names:
        return
    if "word/document.xml" in names:
        kind = "dokumen Word (.docx)"
    elif "ppt/presentation.xml" in names:
        kind = "presentasi PowerPoint (.pptx)"
    elif "mimetype" in names:
        kind = "dokumen OpenDocument (.ods/.odt)"
    else:
        kind = "arsip ZIP"
    raise TableError(
        f"Berkas {filename} adalah {kind}, bukan lembar kerja Excel; "
        "unggah berkas .xlsx atau CSV UTF-8."
    )


def _sheet_records(workbook: openpyxl.Workbook, filename: str, limits: Limits) -> list[_Record]:
    """Read the first sheet row by row (read-only, streamed), stopping at the first limit."""
    if not workbook.worksheets:
        raise TableError(f"Berkas {filename} tidak berisi lembar kerja.")
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # never trust the stored size: read the cells that are there
    return list(capped_rows(_sheet_rows(sheet, filename, limits), filename, limits))


def _sheet_rows(sheet, filename: str, limits: Limits) -> Iterator[_Record]:
    for number, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        values = check_width(row, number, filename, limits)  # before any per-cell work
        texts = [cell_text(value) for value in values]
        numbers = {
            index: value
            for index, value in enumerate(values)
            if isinstance(value, int | float) and not isinstance(value, bool)
        }
        yield texts, numbers


def cell_text(value: object) -> str:
    """Return the text of an XLSX cell value as a person reading the sheet expects it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def _float_text(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    # repr gives the shortest round-trip digits, i.e. what Excel stored (3.0 -> "3",
    # 1.98609262015051e+17 -> "198609262015051000"), not binary noise like ...1008.
    exact = Decimal(repr(value))
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact.normalize(), "f")


def _csv_records(data: bytes, filename: str, limits: Limits) -> list[_Record]:
    text = _decode_csv(data, filename)
    separator = _detect_separator(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    stripped = (([cell.strip() for cell in row], {}) for row in rows)
    try:
        return list(capped_rows(stripped, filename, limits))
    except csv.Error as exc:
        raise TableError(f"Berkas {filename} bukan CSV yang valid: {exc}.") from exc


def _decode_csv(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(f"Berkas {filename} tersimpan sebagai UTF-16, bukan UTF-8; {UTF8_HINT}.")
    if b"\x00" in data:
        raise TableError(
            f"Berkas {filename} bukan berkas teks CSV maupun XLSX; unggah .xlsx atau CSV UTF-8."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TableError(
            f"Berkas {filename} bukan CSV UTF-8 (karakter tidak valid di baris {line}); "
            f"{UTF8_HINT}."
        ) from exc


def _detect_separator(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(SEPARATORS, key=lambda sep: counts[sep])


def _build_table(records: list[_Record], filename: str) -> Table:
    header_index = next((i for i, (cells, _) in enumerate(records) if any(cells)), None)
    if header_index is None:
        raise TableError(f"Berkas {filename} tidak berisi data (baris judul tidak ditemukan).")
    header_row = header_index + 1
    header_cells = records[header_index][0]
    keys, duplicates, errors = _read_header(header_cells, header_row)
    labels = {key: collapse_spaces(header_cells[index]) for index, key in keys.items()}
    rows: list[Row] = []
    stray: dict[int, int] = {}  # index of a cell with data but no header -> its first row
    for offset, (cells, numbers) in enumerate(records[header_index + 1 :], start=1):
        if not any(cells):
            continue
        number = header_row + offset
        for index, cell in enumerate(cells):
            if cell and index not in keys and index not in duplicates:
                stray.setdefault(index, number)
        rows.append(_make_row(number, cells, numbers, keys))
    errors.extend(
        RowError(
            header_row,
            None,
            f"kolom {column_letter(index)} tidak memiliki judul, tetapi berisi data "
            f"(mulai baris {first})",
        )
        for index, first in sorted(stray.items())
    )
    return Table(tuple(keys.values()), tuple(rows), tuple(errors), header_row, labels)


def _read_header(
    cells: list[str], header_row: int
) -> tuple[dict[int, str], set[int], list[RowError]]:
    """Map header cell indexes to keys; a duplicate's index is set aside and reported."""
    keys: dict[int, str] = {}
    duplicates: set[int] = set()
    first_index: dict[str, int] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(cells):
        key = normalize_header(cell)
        if not key:
            continue
        if key in first_index:
            duplicates.add(index)
            letters = f"{column_letter(first_index[key])} dan {column_letter(index)}"
            errors.append(
                RowError(header_row, key, f"judul kolom muncul lebih dari sekali ({letters})")
            )
            continue
        first_index[key] = index
        keys[index] = key
    return keys, duplicates, errors


def _make_row(
    number: int, cells: list[str], numbers: dict[int, Number], keys: dict[int, str]
) -> Row:
    values: dict[str, str] = {}
    kept: dict[str, Number] = {}
    for index, key in keys.items():
        values[key] = cells[index] if index < len(cells) else ""
        if index in numbers:
            kept[key] = numbers[index]
    return Row(number, values, kept)
