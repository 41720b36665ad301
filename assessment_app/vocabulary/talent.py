"""The words of talent mapping that the bank and the spreadsheet imports share (CONTRACT §3, §6).

Pure and without numpy: the bank checks its dictionary against the JPM groups, and the
performance and potential files are read against the predikat and the potential categories,
with every start-up; the talent rules that compute with them (numpy) load with the results.
"""

from __future__ import annotations

import re

# Technical competencies never enter JPM (CONTRACT §6): only these groups do.
JPM_GROUPS = ("manajerial", "sosiokultural")

TINGGI = "Tinggi"
MENENGAH = "Menengah"
RENDAH = "Rendah"
POTENTIALS = (TINGGI, MENENGAH, RENDAH)  # by band position: first, second, third

PREDIKAT = (
    "Sangat Baik",
    "Baik",
    "Butuh Perbaikan",
    "Kurang",
    "Misconduct",
    "Kurang/Misconduct",
    "Sangat Kurang",
)
_SPACES = re.compile(r"\s+")
_SLASH = re.compile(r"\s*/\s*")


def _key(text: str) -> str:
    return _SLASH.sub("/", _SPACES.sub(" ", text.strip())).casefold()


_CANONICAL = {_key(name): name for name in PREDIKAT}


def canonical_predikat(text: str) -> str | None:
    """Return the canonical spelling of a predikat (any case and spacing), or None if unknown."""
    return _CANONICAL.get(_key(text))
