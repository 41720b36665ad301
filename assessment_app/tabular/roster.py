"""Parse the roster file: one row per candidate seat (CONTRACT.md section 3)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assessment_app.tabular.headers import ROSTER_COLUMNS, relabel, resolve_columns
from assessment_app.tabular.nip import NipError, nip_from_row
from assessment_app.tabular.table import Parse, Row, RowError, Table, check_header, collapse_spaces

REQUIRED_COLUMNS = ("nip", "name", "position", "session", "room", "tests")
OPTIONAL_COLUMNS = ("position_code", "unit", "seat", "pin")
# Every column in the order of CONTRACT §2's example file (the demo and the benchmarks write it).
FILE_COLUMNS = (
    *("nip", "name", "position", "position_code", "unit"),
    *("session", "room", "seat", "tests", "pin"),
)
MAX_TEXT = 200  # a roster cell, and the same field of a late registration
MAX_SEAT = 32
PIN_DIGITS = (6, 12)
_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")
PIN_PATTERN = re.compile(r"[0-9]{6,12}")
# The contract separates test codes with ";"; codes cannot hold ",", "|" or spaces, so
# those are accepted too.
_TEST_SEPARATOR = re.compile(r"[;,|\s]+")


@dataclass(frozen=True)
class RosterRow:
    """Hold one valid roster row, normalised (codes upper case, spaces collapsed)."""

    nip: str
    name: str
    position: str
    position_code: str
    unit: str | None
    session: str
    room: str
    seat: str | None
    tests: tuple[str, ...]
    pin: str | None
    row: int


@dataclass
class RosterParse(Parse[RosterRow]):
    """Hold the valid rows and every error and warning found in a roster file.

    `labels` maps each column key (`session`, ...) to its header as the file wrote it, for
    the messages of checks made after the parse.
    """

    labels: dict[str, str] = field(default_factory=dict)

    def label(self, column: str) -> str:
        """Return the header of `column` as the file wrote it."""
        return self.labels.get(column, column)


def seat_key(session: str, room: str, seat: str) -> tuple[str, str, str]:
    """Return what makes a seat one place: session and room codes and the seat, any case."""
    return (session.upper(), room.upper(), seat.upper())


class _Cells:
    """Read one row's cells, collecting a `RowError` for each bad one."""

    def __init__(self, row: Row, missing: frozenset[str]) -> None:
        self.row = row
        self.missing = missing
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row.number, column, message))

    def text(self, column: str, *, required: bool, limit: int = MAX_TEXT) -> str | None:
        """Return the cell with spaces collapsed, or None when empty or too long."""
        if column in self.missing:
            return None
        value = collapse_spaces(self.row.get(column))
        if not value:
            if required:
                self.fail(column, "wajib diisi")
            return None
        if len(value) > limit:
            self.fail(column, f"terlalu panjang ({len(value)} karakter, maksimal {limit})")
            return None
        return value

    def code(self, column: str) -> str | None:
        """Return a session or room code in upper case."""
        value = self.text(column, required=True)
        if value is not None and not _CODE.fullmatch(value):
            self.fail(column, f"kode '{value}' tidak valid: gunakan 1-32 huruf, angka, _ atau -")
            return None
        return value.upper() if value is not None else None


def parse_roster(
    table: Table, today: datetime.date, known_test_codes: Iterable[str]
) -> RosterParse:
    """Check every roster row and return the valid ones with all errors and warnings.

    Test codes match `known_test_codes` case-insensitively and are returned in the known
    spelling. Rows with an error are left out of `rows`; nothing should be written when
    `errors` is not empty.
    """
    table = resolve_columns(table, ROSTER_COLUMNS)
    header = check_header(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, ROSTER_COLUMNS)
    result = RosterParse(errors=list(header.errors), warnings=list(header.warnings))
    result.labels = dict(table.labels)
    reader = _RosterReader(today, {code.upper(): code for code in known_test_codes})
    for row in table.rows:
        cells = _Cells(row, header.missing)
        parsed = reader.parse_row(cells)
        result.errors += cells.errors
        if parsed is not None:
            result.rows.append(parsed)
    result.warnings += _numeric_pin_warning(table.rows)
    result.errors.sort(key=lambda error: error.row)
    result.errors = relabel(result.errors, table)
    result.warnings = relabel(result.warnings, table)
    return result


class _RosterReader:
    """Parse rows one by one, remembering NIPs and seats seen so far."""

    def __init__(self, today: datetime.date, tests_by_key: dict[str, str]) -> None:
        self.today = today
        self.tests_by_key = tests_by_key
        self.first_nip: dict[str, int] = {}
        self.first_seat: dict[tuple[str, str, str], int] = {}

    def parse_row(self, cells: _Cells) -> RosterRow | None:
        """Return the row's `RosterRow`, or None after recording its errors in `cells`."""
        nip = self.nip(cells)
        name = cells.text("name", required=True)
        position = cells.text("position", required=True)
        position_code = cells.text("position_code", required=False) or position
        unit = cells.text("unit", required=False)
        session = cells.code("session")
        room = cells.code("room")
        seat = self.seat(cells, session, room)
        tests = _tests(cells, self.tests_by_key)
        pin = _pin(cells)
        needed = (nip, name, position, position_code, session, room, tests)
        if cells.errors or any(value is None for value in needed):
            return None
        number = cells.row.number
        return RosterRow(
            nip, name, position, position_code, unit, session, room, seat, tests, pin, number
        )

    def nip(self, cells: _Cells) -> str | None:
        """Return the row's NIP; report a bad one or one seen in an earlier row."""
        if "nip" in cells.missing:
            return None
        try:
            nip = nip_from_row(cells.row, "nip", self.today).nip
        except NipError as exc:
            cells.fail("nip", exc.message)
            return None
        earlier = self.first_nip.setdefault(nip, cells.row.number)
        if earlier != cells.row.number:
            cells.fail("nip", f"NIP {nip} sudah ada di baris {earlier}")
        return nip

    def seat(self, cells: _Cells, session: str | None, room: str | None) -> str | None:
        """Return the seat label; report one already taken in the same session and room."""
        seat = cells.text("seat", required=False, limit=MAX_SEAT)
        if seat is None or session is None or room is None:
            return seat
        number = cells.row.number
        earlier = self.first_seat.setdefault(seat_key(session, room, seat), number)
        if earlier != number:
            cells.fail(
                "seat",
                f"kursi {seat} di sesi {session} ruang {room} dipakai dua kali: baris {earlier} "
                f"dan baris {number}",
            )
        return seat


def _tests(cells: _Cells, tests_by_key: dict[str, str]) -> tuple[str, ...] | None:
    value = cells.text("tests", required=True, limit=10_000)
    if value is None:
        return None
    codes = [code.upper() for code in _TEST_SEPARATOR.split(value) if code]
    unknown = [code for code in codes if code not in tests_by_key]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if unknown:
        known = ", ".join(sorted(tests_by_key.values())) or "(belum ada)"
        cells.fail("tests", f"kode tes tidak dikenal: {', '.join(unknown)} (yang ada: {known})")
    if repeated:
        cells.fail("tests", f"kode tes disebut lebih dari sekali: {', '.join(repeated)}")
    if unknown or repeated:
        return None
    return tuple(tests_by_key[code] for code in codes)


def _pin(cells: _Cells) -> str | None:
    value = cells.text("pin", required=False)
    if value is None or PIN_PATTERN.fullmatch(value):
        return value
    low, high = PIN_DIGITS
    message = f"PIN harus {low}-{high} digit angka (ditemukan '{value}')"
    if "pin" in cells.row.numbers and value.isdigit() and len(value) < low:
        message += (
            "; sel berformat angka sehingga nol di depan hilang: format kolom PIN sebagai Teks"
        )
    cells.fail("pin", message)
    return None


def _numeric_pin_warning(rows: tuple[Row, ...]) -> list[RowError]:
    numeric = [row.number for row in rows if "pin" in row.numbers]
    if not numeric:
        return []
    return [
        RowError(
            numeric[0],
            "pin",
            f"PIN di {len(numeric)} baris tersimpan sebagai angka, sehingga nol di depan bisa "
            "hilang: format kolom PIN sebagai Teks",
        )
    ]
