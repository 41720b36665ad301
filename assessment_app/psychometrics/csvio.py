"""The CSV formats of CONTRACT §7: responses, item parameters and scores.

- responses: ``person,<item>,<item>,...``; integer categories from 0, empty = not presented;
- 2PL parameters: ``item,a,b``; GRM parameters: ``item,a,b1,...,bk``, the header running to
  the largest k and shorter rows ending in empty cells;
- scores: ``person,theta,se``.

Readers raise CsvFormatError naming the file, row (1 = the header) and column of the first
problem. Writers take an open text stream; numbers are written exactly (shortest repr).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TextIO

import numpy as np

from .data import MISSING, ResponseMatrix
from .diagnostics import PsychometricsError
from .eap import Scores
from .grm import ItemParameters

INTEGER = re.compile(r"^\d+$")


class CsvFormatError(PsychometricsError):
    """A CSV file that does not follow its format."""


class _Reader:
    """Rows of one CSV file, with messages that say where the problem is."""

    def __init__(self, path: str | Path):
        self.name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CsvFormatError(f"{self.name}: berkas tidak ditemukan.") from None
        except UnicodeDecodeError as exc:
            raise CsvFormatError(f"{self.name}: bukan teks UTF-8 ({exc.reason}).") from None
        rows = list(csv.reader(text.splitlines()))
        self.rows = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
        if not self.rows:
            raise CsvFormatError(f"{self.name}: berkas kosong (baris judul tidak ada).")
        self.header = [cell.strip() for cell in self.rows[0][1]]

    def error(self, row: int, column: int | None, message: str) -> CsvFormatError:
        where = f"baris {row}" if column is None else f"baris {row}, kolom {column + 1}"
        if column is not None and column < len(self.header) and self.header[column]:
            where += f" ({self.header[column]})"
        return CsvFormatError(f"{self.name}, {where}: {message}")

    def body(self):
        """Yield (row number, cells) of the data rows, each as long as the header."""
        for number, cells in self.rows[1:]:
            if len(cells) > len(self.header) and any(c.strip() for c in cells[len(self.header) :]):
                raise self.error(number, len(self.header), "sel di luar kolom judul.")
            yield number, [c.strip() for c in cells] + [""] * (len(self.header) - len(cells))

    def unique_names(self, first: str) -> list[str]:
        """Check the header starts with ``first``, other names unique and non-empty; return them."""
        if not self.header or self.header[0].lower() != first:
            raise self.error(1, 0, f"kolom pertama harus '{first}'.")
        seen: dict[str, int] = {}
        for index, name in enumerate(self.header[1:], start=1):
            if not name:
                raise self.error(1, index, "judul kolom kosong.")
            if name in seen:
                raise self.error(1, index, f"judul '{name}' sudah ada di kolom {seen[name] + 1}.")
            seen[name] = index
        return self.header[1:]

    def keyed(self, what: str):
        """Yield (row number, key, cells) of the data rows; the key, the first cell, is
        checked non-empty and not repeated (``what`` names it in the message)."""
        seen: dict[str, int] = {}
        for number, cells in self.body():
            name = cells[0]
            if not name:
                raise self.error(number, 0, f"{what} kosong.")
            if name in seen:
                raise self.error(number, 0, f"{what} '{name}' sudah ada di baris {seen[name]}.")
            seen[name] = number
            yield number, name, cells

    def number(self, number: int, column: int, text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not np.isfinite(value):
            raise self.error(number, column, f"'{text}' bukan angka.")
        return value


def read_responses(path: str | Path) -> ResponseMatrix:
    """Read a responses file; raise CsvFormatError on the first bad cell."""
    reader = _Reader(path)
    items = reader.unique_names("person")
    persons: list[str] = []
    rows: list[list[int]] = []
    for number, person, cells in reader.keyed("person"):
        persons.append(person)
        rows.append([_category(reader, number, c, text) for c, text in enumerate(cells) if c])
    values = np.array(rows, dtype=np.int64).reshape(len(persons), len(items))
    return ResponseMatrix(tuple(persons), tuple(items), values)


def _category(reader: _Reader, number: int, column: int, text: str) -> int:
    if text == "":
        return MISSING
    if not INTEGER.match(text):
        raise reader.error(number, column, f"'{text}' bukan kategori (bilangan bulat 0, 1, ...).")
    return int(text)


def write_responses(matrix: ResponseMatrix, out: TextIO) -> None:
    """Write a response matrix (empty cells where not presented)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["person", *matrix.items])
    for person, row in zip(matrix.persons, matrix.values, strict=True):
        writer.writerow([person, *("" if v == MISSING else str(v) for v in row)])


def write_params(params: ItemParameters, out: TextIO, model: str) -> None:
    """Write ``item,a,b`` (2PL) or ``item,a,b1..bk`` (GRM) with full precision."""
    width = int(params.n_categories.max()) - 1
    if model == "2pl" and width != 1:
        raise ValueError("2PL parameters need exactly two categories per item")
    names = ["b"] if model == "2pl" else [f"b{j}" for j in range(1, width + 1)]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["item", "a", *names])
    for i, item in enumerate(params.items):
        b = [repr(float(v)) for v in params.b(i)]
        writer.writerow([item, repr(float(params.a[i])), *b, *[""] * (width - len(b))])


def read_params(path: str | Path) -> tuple[str, ItemParameters]:
    """Read a parameters file; return the model ("2pl" or "grm") and the parameters."""
    reader = _Reader(path)
    names = reader.unique_names("item")
    model = "2pl" if names[1:] == ["b"] else "grm"
    expected = ["b"] if model == "2pl" else [f"b{j}" for j in range(1, len(names))]
    if not names or names[0] != "a" or names[1:] != expected or len(names) < 2:
        raise reader.error(1, None, "judul harus item,a,b (2PL) atau item,a,b1,...,bk (GRM).")
    items, slopes, thresholds = [], [], []
    for number, item, cells in reader.keyed("item"):
        items.append(item)
        slopes.append(reader.number(number, 1, cells[1]))
        thresholds.append(_thresholds(reader, number, cells, slopes[-1]))
    if not items:
        raise reader.error(1, None, "tidak ada baris parameter.")
    return model, ItemParameters.from_thresholds(items, slopes, thresholds)


def _thresholds(reader: _Reader, number: int, cells: list[str], a: float) -> list[float]:
    if a == 0:
        raise reader.error(number, 1, "a tidak boleh 0.")
    filled = [c for c, text in enumerate(cells) if c >= 2 and text]
    if not filled:
        raise reader.error(number, 2, "butir tanpa ambang b.")
    if filled != list(range(2, filled[-1] + 1)):
        gap = next(c for c in range(2, filled[-1]) if c not in filled)
        raise reader.error(number, gap, "sel kosong di tengah; hanya sel akhir yang boleh kosong.")
    b = [reader.number(number, c, cells[c]) for c in filled]
    steps = np.diff(b) * np.sign(a)
    if (steps <= 0).any():
        column = filled[int(np.argmax(steps <= 0)) + 1]
        order = "naik" if a > 0 else "turun (a negatif)"
        raise reader.error(number, column, f"ambang b harus {order}.")
    return b


def write_scores(persons, scores: Scores, out: TextIO) -> None:
    """Write ``person,theta,se``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["person", "theta", "se"])
    for person, theta, se in zip(persons, scores.theta, scores.se, strict=True):
        writer.writerow([person, repr(float(theta)), repr(float(se))])


def read_scores(path: str | Path) -> tuple[list[str], Scores]:
    """Read a scores file."""
    reader = _Reader(path)
    if reader.unique_names("person") != ["theta", "se"]:
        raise reader.error(1, None, "judul harus person,theta,se.")
    persons, theta, se = [], [], []
    for number, person, cells in reader.keyed("person"):
        persons.append(person)
        theta.append(reader.number(number, 1, cells[1]))
        se.append(reader.number(number, 2, cells[2]))
    return persons, Scores(np.array(theta), np.array(se))
