"""Builders for test data: accounts, a published bank, files; roster rows from bench.harness."""

from __future__ import annotations

from pathlib import Path

from assessment_app.bank import load_bank
from assessment_app.extensions import db
from bench.harness.roster import ROSTER_HEADER, csrf_from, csv_text, nip, roster_rows

__all__ = [
    "ROSTER_HEADER",
    "SAMPLE_BANK",
    "csrf_from",
    "csv_text",
    "load_bank_once",
    "login_staff",
    "make_user",
    "nip",
    "publish_sample_bank",
    "roster_rows",
    "write",
]

SAMPLE_BANK = Path(__file__).resolve().parent.parent / "question_bank"


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


def login_staff(client, username: str, password: str = "rahasia-ujian-123"):
    """Log a staff member in through the real form (with its CSRF token)."""
    page = client.get("/masuk")
    token = csrf_from(page.get_data(as_text=True))
    return client.post(
        "/masuk", data={"csrf_token": token, "username": username, "password": password}
    )
