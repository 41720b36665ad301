"""Check and decode an 18-digit NIP (PNS) or NI PPPK.

Layout: birth date YYYYMMDD, appointment year YYYY, appointment month MM (for an NI PPPK a
code that is not a month, often 21), sex digit (1 male, 2 female), a 3-digit sequence.
Digits 13-14 outside 01..12 mark an NI PPPK; every other check applies to both kinds.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from assessment_app.tabular.table import Problem, Row

NIP_LENGTH = 18
MIN_APPOINTMENT_AGE = 15
MIN_BIRTH_YEAR = 1900
TEXT_FORMAT_HINT = "kolom NIP harus berformat Teks"
_DIGITS = re.compile(r"[0-9]+")
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+")
# An 18-digit number stored by Excel keeps only 15 significant digits.
_EXCEL_EXACT_LIMIT = 1e15


class NipError(Problem, ValueError):
    """Signal a NIP that fails a check; `message` says what is wrong, in Bahasa Indonesia."""


@dataclass(frozen=True)
class NipInfo:
    """Hold a valid NIP and what its digits encode."""

    nip: str
    kind: str  # "PNS" or "PPPK"
    birth_date: datetime.date
    appointment_year: int
    appointment_month: int | None  # None for an NI PPPK
    sex: str  # "L" or "P"
    sequence: int


def normalize_nip(text: str) -> str:
    """Return `text` without spaces (people type `19860926 201505 1 001`)."""
    return "".join(text.split())


def parse_nip(text: str, today: datetime.date) -> NipInfo:
    """Check `text` as a NIP or NI PPPK and decode it.

    Raises `NipError` naming every failed check (joined with "; ").
    """
    nip = normalize_nip(text)
    _check_shape(nip)
    birth_date, problems = _birth_date(nip[:8], today)
    problems += _appointment_problems(int(nip[:4]), int(nip[8:12]), today)
    if nip[14] not in "12":
        problems.append(f"digit ke-15 (jenis kelamin) harus 1 atau 2, ditemukan {nip[14]}")
    if nip[15:] == "000":
        problems.append("nomor urut (digit 16-18) tidak boleh 000")
    if problems or birth_date is None:
        raise NipError("; ".join(problems))
    month = int(nip[12:14])
    is_pns = 1 <= month <= 12
    return NipInfo(
        nip=nip,
        kind="PNS" if is_pns else "PPPK",
        birth_date=birth_date,
        appointment_year=int(nip[8:12]),
        appointment_month=month if is_pns else None,
        sex="L" if nip[14] == "1" else "P",
        sequence=int(nip[15:]),
    )


def _check_shape(nip: str) -> None:
    if not nip:
        raise NipError("NIP wajib diisi")
    if _SCIENTIFIC.fullmatch(nip):
        raise NipError(
            f"NIP tertulis sebagai angka {nip} (notasi ilmiah) sehingga digitnya hilang; "
            f"{TEXT_FORMAT_HINT}"
        )
    if not _DIGITS.fullmatch(nip):
        others = "".join(sorted({char for char in nip if char not in "0123456789"}))
        raise NipError(f"NIP hanya boleh berisi angka, ditemukan '{others}'")
    if len(nip) != NIP_LENGTH:
        raise NipError(f"NIP harus {NIP_LENGTH} digit (ditemukan {len(nip)})")


def _birth_date(digits: str, today: datetime.date) -> tuple[datetime.date | None, list[str]]:
    try:
        born = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None, [f"tanggal lahir {digits} bukan tanggal yang valid"]
    if born > today:
        return born, [f"tanggal lahir {digits} berada di masa depan"]
    if born.year < MIN_BIRTH_YEAR:
        return born, [f"tahun lahir {born.year} tidak mungkin (sebelum {MIN_BIRTH_YEAR})"]
    return born, []


def _appointment_problems(birth_year: int, year: int, today: datetime.date) -> list[str]:
    if year > today.year:
        return [f"tahun pengangkatan {year} berada di masa depan"]
    if year < birth_year + MIN_APPOINTMENT_AGE:
        return [
            f"tahun pengangkatan {year} kurang dari {MIN_APPOINTMENT_AGE} tahun "
            f"setelah tahun lahir {birth_year}"
        ]
    return []


def nip_from_row(row: Row, column: str, today: datetime.date) -> NipInfo:
    """Parse the NIP in `row[column]`, noticing digits lost by an XLSX number cell.

    A cell that Excel stored as a number of 15 or more digits keeps only 15 significant
    digits, so such a NIP is rejected even when the damaged digits happen to pass the
    checks. Raises `NipError`.
    """
    stored = row.numbers.get(column)
    if not (isinstance(stored, float) and abs(stored) >= _EXCEL_EXACT_LIMIT):
        return parse_nip(row.get(column), today)
    try:
        parse_nip(row.get(column), today)
    except NipError as exc:
        raise NipError(
            f"{exc.message} (NIP tersimpan sebagai angka di Excel dan kehilangan digit: "
            f"{TEXT_FORMAT_HINT})"
        ) from exc
    raise NipError(
        "NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya tidak dapat "
        f"dipercaya; {TEXT_FORMAT_HINT}"
    )
