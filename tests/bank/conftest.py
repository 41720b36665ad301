"""Fixtures for the question bank tests: copies of the good fixture bank to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "banks"
GOOD = DATA / "good"


class BankDir:
    """A writable copy of the good bank at ``root``, with small editing helpers."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def patch(self, relative: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` in a file with ``new``."""
        path = self.root / relative
        content = path.read_text(encoding="utf-8")
        assert content.count(old) == 1, f"{old!r} is not unique in {relative}"
        path.write_text(content.replace(old, new), encoding="utf-8")

    def write(self, relative: str, content: str | bytes) -> None:
        """Create or overwrite a file."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    def remove(self, relative: str) -> None:
        """Delete a file or a whole directory."""
        path = self.root / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


@pytest.fixture
def bank_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BankDir:
    """Copy the good bank to ``<tmp>/bank`` and make ``<tmp>`` the working directory.

    Tests then load ``"bank/"`` so that problem paths read ``bank/items/...``.
    """
    shutil.copytree(GOOD, tmp_path / "bank")
    monkeypatch.chdir(tmp_path)
    return BankDir(tmp_path / "bank")
