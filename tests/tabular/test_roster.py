"""Tests for parsing the roster file."""

from __future__ import annotations

import pytest

from assessment_app.tabular import RosterRow, parse_roster, read_table

from .conftest import TODAY, csv_bytes, make_nip

HEADER = [
    "nip",
    "name",
    "position",
    "position_code",
    "unit",
    "session",
    "room",
    "seat",
    "tests",
    "pin",
]
TESTS = {"MANSOS", "TEK-PK"}


def roster_row(index: int, **changes: str) -> list[str]:
    values = {
        "nip": make_nip(index),
        "name": f"Peserta {index}",
        "position": "Analis Kebijakan Ahli Muda",
        "position_code": "",
        "unit": "Bappeda",
        "session": "S1",
        "room": f"R{index // 40:02d}",
        "seat": str(index % 40 + 1),
        "tests": "MANSOS;TEK-PK",
        "pin": f"{index:06d}",
    }
    values.update(changes)
    return [values[column] for column in HEADER]


def parse_csv(rows: list[list[str]], header: list[str] = HEADER, separator: str = "\t"):
    table = read_table(csv_bytes([header, *rows], separator), "roster.csv")
    return parse_roster(table, TODAY, TESTS)


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_good_row_is_normalised():
    result = parse_csv(
        [
            roster_row(
                1, name="  Budi   Santoso ", session="s1", room="r-01", tests="mansos ; tek-pk"
            )
        ]
    )

    assert result.errors == []
    assert result.warnings == []
    assert result.rows == [
        RosterRow(
            nip=make_nip(1),
            name="Budi Santoso",
            position="Analis Kebijakan Ahli Muda",
            position_code="Analis Kebijakan Ahli Muda",
            unit="Bappeda",
            session="S1",
            room="R-01",
            seat="2",
            tests=("MANSOS", "TEK-PK"),
            pin="000001",
            row=2,
        )
    ]


def test_five_hundred_rows_with_one_bad_nip_give_exactly_one_error():
    rows = [roster_row(index) for index in range(500)]
    rows[375][0] = rows[375][0][:-1]  # row 377: header is 1, first data row is 2

    result = parse_csv(rows)

    assert messages(result.errors) == ["baris 377, kolom nip: NIP harus 18 digit (ditemukan 17)"]
    assert len(result.rows) == 499


def test_five_hundred_row_xlsx_with_one_bad_nip(write_xlsx):
    rows = [roster_row(index) for index in range(500)]
    rows[375][0] = rows[375][0][:14] + "3" + rows[375][0][15:]
    path = write_xlsx([HEADER, *rows])

    result = parse_roster(read_table(path, path.name), TODAY, TESTS)

    assert [(error.row, error.column) for error in result.errors] == [(377, "nip")]
    assert "jenis kelamin" in result.errors[0].message
    assert len(result.rows) == 499


def test_duplicate_nip_is_reported_at_the_second_row():
    result = parse_csv([roster_row(1), roster_row(2), roster_row(3, nip=make_nip(1))])

    assert messages(result.errors) == [
        f"baris 4, kolom nip: NIP {make_nip(1)} sudah ada di baris 2"
    ]


def test_duplicate_nip_is_found_even_when_the_first_row_has_other_errors():
    result = parse_csv([roster_row(1, tests="NOPE"), roster_row(2, nip=make_nip(1))])

    assert [(error.row, error.column) for error in result.errors] == [(2, "tests"), (3, "nip")]


def test_duplicate_nip_with_spaces_is_still_a_duplicate():
    spaced = f"{make_nip(1)[:8]} {make_nip(1)[8:14]} {make_nip(1)[14]} {make_nip(1)[15:]}"

    result = parse_csv([roster_row(1), roster_row(2, nip=spaced)])

    assert [(error.row, error.column) for error in result.errors] == [(3, "nip")]


def test_missing_required_columns_are_one_error_each_at_row_1():
    header = [column for column in HEADER if column not in ("session", "tests")]
    rows = [[cell for column, cell in zip(HEADER, roster_row(1), strict=True) if column in header]]

    result = parse_csv(rows, header)

    assert messages(result.errors) == [
        "baris 1, kolom session: kolom wajib tidak ditemukan di baris judul "
        "(tulis 'sesi' atau 'session')",
        "baris 1, kolom tests: kolom wajib tidak ditemukan di baris judul "
        "(tulis 'tes' atau 'tests')",
    ]
    assert result.rows == []


def test_unknown_column_is_a_warning():
    result = parse_csv([[*roster_row(1), "x"]], [*HEADER, "Catatan"])

    assert result.errors == []
    assert messages(result.warnings) == [
        "baris 1, kolom Catatan: kolom 'Catatan' tidak dikenal, diabaikan"
    ]


def test_unknown_and_repeated_test_codes():
    result = parse_csv(
        [roster_row(1, tests="MANSOS;TPA;XYZ"), roster_row(2, tests="MANSOS;mansos")]
    )

    assert messages(result.errors) == [
        "baris 2, kolom tests: kode tes tidak dikenal: TPA, XYZ (yang ada: MANSOS, TEK-PK)",
        "baris 3, kolom tests: kode tes disebut lebih dari sekali: MANSOS",
    ]


@pytest.mark.parametrize(
    "tests", ["TEK-PK;MANSOS", "TEK-PK,MANSOS", "TEK-PK | MANSOS", "TEK-PK MANSOS"]
)
def test_test_codes_keep_their_order(tests):
    assert parse_csv([roster_row(1, tests=tests)]).rows[0].tests == ("TEK-PK", "MANSOS")


def test_test_codes_keep_the_known_spelling():
    table = read_table(csv_bytes([HEADER, roster_row(1, tests="tek-pk")]), "r.csv")

    assert parse_roster(table, TODAY, {"Tek-PK"}).rows[0].tests == ("Tek-PK",)


def test_empty_required_values_are_reported_per_cell():
    result = parse_csv([roster_row(1, name=" ", position="", session="", room="", tests="")])

    assert messages(result.errors) == [
        "baris 2, kolom name: wajib diisi",
        "baris 2, kolom position: wajib diisi",
        "baris 2, kolom session: wajib diisi",
        "baris 2, kolom room: wajib diisi",
        "baris 2, kolom tests: wajib diisi",
    ]


def test_all_errors_are_collected_across_rows():
    rows = [
        roster_row(1, nip="123"),
        roster_row(2),
        roster_row(3, session="S 1", pin="12ab56"),
        roster_row(4, room="R" * 33),
    ]

    result = parse_csv(rows)

    assert [(error.row, error.column) for error in result.errors] == [
        (2, "nip"),
        (4, "session"),
        (4, "pin"),
        (5, "room"),
    ]
    assert [row.row for row in result.rows] == [3]


def test_optional_columns_may_be_absent_or_empty():
    header = ["nip", "name", "position", "session", "room", "tests"]

    result = parse_csv([[make_nip(1), "Ani", "Pengawas", "S1", "R01", "MANSOS"]], header)

    row = result.rows[0]
    assert (row.position_code, row.unit, row.seat, row.pin) == ("Pengawas", None, None, None)


def test_position_code_overrides_the_position_text():
    result = parse_csv([roster_row(1, position_code="JF-AK-MUDA")])

    assert result.rows[0].position_code == "JF-AK-MUDA"


@pytest.mark.parametrize("pin", ["012345", "000000000123", "123456"])
def test_pin_is_kept_as_text_with_leading_zeros(pin):
    assert parse_csv([roster_row(1, pin=pin)]).rows[0].pin == pin


@pytest.mark.parametrize("pin", ["12345", "1234567890123", "12 3456", "abcdef"])
def test_bad_pin_is_an_error(pin):
    result = parse_csv([roster_row(1, pin=pin)])

    assert [(error.row, error.column) for error in result.errors] == [(2, "pin")]
    assert "PIN harus 6-12 digit angka" in result.errors[0].message


def test_xlsx_text_pin_keeps_leading_zeros(write_xlsx):
    path = write_xlsx([HEADER, roster_row(1, pin="001234")])

    result = parse_roster(read_table(path, path.name), TODAY, TESTS)

    assert result.rows[0].pin == "001234"
    assert result.warnings == []


def test_xlsx_numeric_pin_that_lost_its_zeros_is_flagged(write_xlsx):
    short = roster_row(1)
    short[-1] = 1234  # typed 001234 into a number cell
    fine = roster_row(2)
    fine[-1] = 654321
    path = write_xlsx([HEADER, short, fine])

    result = parse_roster(read_table(path, path.name), TODAY, TESTS)

    assert [(error.row, error.column) for error in result.errors] == [(2, "pin")]
    assert "nol di depan hilang" in result.errors[0].message
    assert [(warning.row, warning.column) for warning in result.warnings] == [(2, "pin")]
    assert "PIN di 2 baris tersimpan sebagai angka" in result.warnings[0].message


def test_xlsx_string_nips_are_accepted(write_xlsx):
    path = write_xlsx([HEADER, roster_row(1), roster_row(2)])

    result = parse_roster(read_table(path, path.name), TODAY, TESTS)

    assert result.errors == []
    assert [row.nip for row in result.rows] == [make_nip(1), make_nip(2)]


def test_xlsx_integer_nips_lose_digits_and_get_the_text_format_hint(write_xlsx):
    rows = [roster_row(1), roster_row(2)]
    for row in rows:
        row[0] = int(row[0])  # an 18-digit number: stored with 15 significant digits
    path = write_xlsx([HEADER, *rows])

    result = parse_roster(read_table(path, path.name), TODAY, TESTS)

    assert [(error.row, error.column) for error in result.errors] == [(2, "nip"), (3, "nip")]
    assert all("kolom NIP harus berformat Teks" in error.message for error in result.errors)
    assert "nomor urut (digit 16-18) tidak boleh 000" in result.errors[0].message


def test_xlsx_float_nip_with_precision_loss(write_xlsx):
    row = roster_row(1)
    row[0] = 1.98609262015051e17  # what Excel stores for 198609262015051001
    path = write_xlsx([HEADER, row])

    result = parse_roster(read_table(path, path.name), TODAY, TESTS)

    assert messages(result.errors) == [
        "baris 2, kolom nip: nomor urut (digit 16-18) tidak boleh 000 (NIP tersimpan sebagai "
        "angka di Excel dan kehilangan digit: kolom NIP harus berformat Teks)"
    ]


def test_csv_nip_in_scientific_notation_gets_the_hint():
    result = parse_csv([roster_row(1, nip="1,98609E+17")])

    assert "kolom NIP harus berformat Teks" in result.errors[0].message


def test_same_seat_twice_in_a_room_is_an_error():
    rows = [
        roster_row(1, seat="A1"),
        roster_row(2, seat="a1"),
        roster_row(3, seat="A1", session="S2"),
    ]

    result = parse_csv(rows)

    assert messages(result.errors) == [
        f"baris 3, kolom seat: kursi a1 di sesi S1 ruang {rows[0][6]} dipakai dua kali: "
        "baris 2 dan baris 3"
    ]


def test_too_long_text_is_an_error():
    result = parse_csv([roster_row(1, name="x" * 201)])

    assert messages(result.errors) == [
        "baris 2, kolom name: terlalu panjang (201 karakter, maksimal 200)"
    ]


def test_semicolon_csv_with_quoted_tests():
    data = (
        "NIP;Name;Position;Session;Room;Tests\r\n"
        f'{make_nip(1)};Ani;Analis;S1;R01;"MANSOS;TEK-PK"\r\n'
    ).encode()

    result = parse_roster(read_table(data, "roster.csv"), TODAY, TESTS)

    assert result.errors == []
    assert result.rows[0].tests == ("MANSOS", "TEK-PK")


def test_header_problems_are_errors_of_the_parse():
    data = f"nip,name,position,session,room,tests,NIP\n{make_nip(1)},A,B,S1,R1,MANSOS,x\n"

    result = parse_roster(read_table(data.encode(), "r.csv"), TODAY, TESTS)

    assert [(error.row, error.column) for error in result.errors] == [(1, "nip")]


def test_the_file_column_order_names_every_column_once():
    from assessment_app.tabular.roster import FILE_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS

    assert sorted(FILE_COLUMNS) == sorted(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    assert list(FILE_COLUMNS) == HEADER  # the contract's example order, spelled out above
