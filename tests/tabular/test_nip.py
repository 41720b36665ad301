"""Tests for the NIP and NI PPPK checks."""

from __future__ import annotations

import datetime

import pytest

from assessment_app.tabular import NipError, NipInfo, parse_nip
from assessment_app.tabular.nip import nip_from_row
from assessment_app.tabular.table import Row

from .conftest import TODAY


def test_valid_pns_nip():
    assert parse_nip("198609262015051001", TODAY) == NipInfo(
        nip="198609262015051001",
        kind="PNS",
        birth_date=datetime.date(1986, 9, 26),
        appointment_year=2015,
        appointment_month=5,
        sex="L",
        sequence=1,
    )


def test_valid_ni_pppk_with_code_21():
    info = parse_nip("199203142022212004", TODAY)

    assert (info.kind, info.appointment_year, info.appointment_month) == ("PPPK", 2022, None)
    assert (info.sex, info.sequence) == ("P", 4)


def test_spaces_are_removed():
    assert parse_nip(" 19860926 201505 1 001 ", TODAY).nip == "198609262015051001"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "NIP wajib diisi"),
        ("19860926201505100", "NIP harus 18 digit (ditemukan 17)"),
        ("1986092620150510011", "NIP harus 18 digit (ditemukan 19)"),
        ("19860926201505100A", "NIP hanya boleh berisi angka, ditemukan 'A'"),
        ("19860926-201505-1-001", "NIP hanya boleh berisi angka, ditemukan '-'"),
        ("1.98609E+17", "notasi ilmiah"),
        ("1,98609E+17", "kolom NIP harus berformat Teks"),
        ("198602302015051001", "tanggal lahir 19860230 bukan tanggal yang valid"),
        ("198613012015051001", "tanggal lahir 19861301 bukan tanggal yang valid"),
        ("202607012025051001", "tanggal lahir 20260701 berada di masa depan"),
        ("189001012015051001", "tahun lahir 1890 tidak mungkin"),
        (
            "198609262000051001",
            "tahun pengangkatan 2000 kurang dari 15 tahun setelah tahun lahir 1986",
        ),
        ("198609262026051001", "tahun pengangkatan 2026 berada di masa depan"),
        ("198609262015053001", "digit ke-15 (jenis kelamin) harus 1 atau 2, ditemukan 3"),
        ("198609262015051000", "nomor urut (digit 16-18) tidak boleh 000"),
    ],
)
def test_each_rule_says_what_is_wrong(text, message):
    with pytest.raises(NipError) as caught:
        parse_nip(text, TODAY)

    assert message in caught.value.message


def test_every_failed_check_is_named():
    with pytest.raises(NipError) as caught:
        parse_nip("198609262000053000", TODAY)

    assert caught.value.message.count(";") == 2


def test_today_birthday_is_not_in_the_future():
    born_today = f"{TODAY:%Y%m%d}"
    with pytest.raises(NipError) as caught:
        parse_nip(born_today + "2025051001", TODAY)

    assert "masa depan" not in caught.value.message  # only the appointment age fails


def test_appointment_exactly_fifteen_years_after_birth_is_valid():
    assert parse_nip("198609262001051001", TODAY).appointment_year == 2001


def test_leap_day_birth_date_is_valid():
    assert parse_nip("198802292010012001", TODAY).birth_date == datetime.date(1988, 2, 29)


def test_row_with_text_nip_is_parsed_normally():
    row = Row(2, {"nip": "198609262015051001"})

    assert nip_from_row(row, "nip", TODAY).nip == "198609262015051001"


def test_row_with_exact_integer_nip_is_accepted():
    row = Row(2, {"nip": "198609262015051001"}, {"nip": 198609262015051001})

    assert nip_from_row(row, "nip", TODAY).nip == "198609262015051001"


def test_row_with_float_nip_that_lost_digits_gets_the_text_format_hint():
    row = Row(2, {"nip": "198609262015051000"}, {"nip": 1.98609262015051e17})

    with pytest.raises(NipError) as caught:
        nip_from_row(row, "nip", TODAY)

    assert "nomor urut (digit 16-18) tidak boleh 000" in caught.value.message
    assert "kolom NIP harus berformat Teks" in caught.value.message


def test_row_with_float_nip_is_rejected_even_when_the_digits_look_valid():
    row = Row(2, {"nip": "198609262015051010"}, {"nip": 1.9860926201505101e17})

    with pytest.raises(NipError, match="kolom NIP harus berformat Teks"):
        nip_from_row(row, "nip", TODAY)
