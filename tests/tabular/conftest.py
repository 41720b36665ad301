"""Fixtures for the tabular package: spreadsheet writers and valid NIPs."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest

TODAY = datetime.date(2025, 6, 1)


def make_nip(index: int, *, month: str = "05", sex: str = "1") -> str:
    """Return a distinct valid NIP for every `index` (a different birth date each)."""
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=index)
    return f"{born:%Y%m%d}2010{month}{sex}{index % 999 + 1:03d}"


def csv_bytes(rows: list[list[str]], separator: str = ",", newline: str = "\n") -> bytes:
    """Return `rows` as CSV text (no quoting: the cells must not hold the separator)."""
    return "".join(separator.join(row) + newline for row in rows).encode("utf-8")


@pytest.fixture
def today() -> datetime.date:
    return TODAY


@pytest.fixture
def write_xlsx(tmp_path: Path):
    """Return a function that saves rows (lists of cell values) as an XLSX file."""

    def write(rows: list[list[object]], name: str = "data.xlsx") -> Path:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for number, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=number, column=column, value=value)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write
