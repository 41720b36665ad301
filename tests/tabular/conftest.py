"""Fixtures for the tabular package: spreadsheet writers and valid NIPs."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

TODAY = datetime.date(2025, 6, 1)


def make_nip(index: int, *, month: str = "05", sex: str = "1") -> str:
    """Return a distinct valid NIP for every `index` (a different birth date each)."""
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=index)
    return f"{born:%Y%m%d}2010{month}{sex}{index % 999 + 1:03d}"


def csv_bytes(rows: list[list[str]], separator: str = ",", newline: str = "\n") -> bytes:
    """Return `rows` as CSV text (no quoting: the cells must not hold the separator)."""
    return "".join(separator.join(row) + newline for row in rows).encode("utf-8")


def tall_xlsx(path, rows: int) -> None:
    """Write a roster-like sheet of `rows` data rows, fast.

    XlsxWriter lays out the workbook; its one sheet is then replaced by rows generated as
    XML text (writing 200,000 rows through XlsxWriter alone takes ~10 s).
    """
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet().write_row(0, 0, ["nip", "name"])
    book.close()
    cells = '<c r="A{0}" t="inlineStr"><is><t>{1}</t></is></c><c r="B{0}"><v>{0}</v></c>'
    body = "".join(
        f'<row r="{n}">{cells.format(n, make_nip(n % 900))}</row>' for n in range(2, rows + 2)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>nip</t>'
        f"</is></c></row>{body}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)


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
