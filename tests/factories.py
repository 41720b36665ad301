"""Builders for test data: NIPs, roster files, accounts, a published bank."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

from assessment_app.bank import load_bank
from assessment_app.extensions import db

SAMPLE_BANK = Path(__file__).resolve().parent.parent / "question_bank"
ROSTER_HEADER = [
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


def nip(index: int, *, birth: date | None = None, sex: int = 1) -> str:
    """Return a valid, unique 18-digit NIP for a small index."""
    birth = birth or date(1975, 1, 1) + timedelta(days=index * 7 % 8000)
    year = birth.year + 23
    return f"{birth:%Y%m%d}{year}{index % 12 + 1:02d}{sex}{index % 999 + 1:03d}"


def roster_rows(
    count: int,
    *,
    session: str = "S1",
    room: str = "R01",
    tests: str = "MANSOS;TEK-AK",
    start: int = 1,
) -> list[list[str]]:
    """Return roster rows for `count` candidates with known PINs."""
    return [
        [
            nip(i),
            f"Peserta {i}",
            "Analis Kebijakan Ahli Muda",
            "AK-MUDA",
            "Bapperida",
            session,
            room,
            str(i),
            tests,
            f"{100000 + i}",
        ]
        for i in range(start, start + count)
    ]


def csv_text(rows: list[list[str]], header: list[str] | None = None, sep: str = ",") -> str:
    """Write rows (with a header) as CSV text."""
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\n").writerows([header or ROSTER_HEADER, *rows])
    return out.getvalue()


def write(path: Path, text: str, *, bom: bool = False) -> str:
    """Write text as UTF-8 (optionally with a BOM) and return the path as str."""
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return str(path)


_LOADED: dict[tuple, object] = {}


def _bank_state(directory: Path) -> tuple:
    """Return what identifies a bank folder's content: each file's path, size and mtime."""
    return tuple(
        sorted(
            (str(path), stat.st_size, stat.st_mtime_ns)
            for path in directory.rglob("*")
            if path.is_file() and (stat := path.stat())
        )
    )


def load_bank_once(directory: Path = SAMPLE_BANK):
    """Load a bank folder, reusing the result while no file in it changed.

    Parsing YAML with line numbers costs about a second, and hundreds of tests publish the
    same sample bank; the loaded bank is plain data that publishing only reads.
    """
    key = (str(directory), _bank_state(directory))
    if key not in _LOADED:
        _LOADED[key] = load_bank(str(directory))
    return _LOADED[key]


def publish_sample_bank(directory: Path = SAMPLE_BANK):
    """Publish a bank folder (default: the sample bank) and return the snapshot."""
    from assessment_app.snapshots.service import publish

    result = load_bank_once(directory)
    assert not result.problems, [str(p) for p in result.problems]
    snapshot, _ = publish(result.bank, "test")
    db.session.commit()
    return snapshot


def make_user(
    role: str = "admin",
    username: str = "admin1",
    password: str = "rahasia-ujian-123",
    rooms: list[str] | None = None,
):
    """Create and commit a staff account."""
    from assessment_app.users.service import create_user

    user = create_user(role, username, password, actor="test", rooms=rooms)
    db.session.commit()
    return user


def csrf_from(html: str) -> str:
    """Extract the CSRF token from a rendered form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no csrf_token in page"
    return match.group(1)


def login_staff(client, username: str, password: str = "rahasia-ujian-123"):
    """Log a staff member in through the real form (with its CSRF token)."""
    page = client.get("/masuk")
    token = csrf_from(page.get_data(as_text=True))
    return client.post(
        "/masuk", data={"csrf_token": token, "username": username, "password": password}
    )
