"""The one import report: rows seen, errors at row and column, the counts in words."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment_app.imports.report import ImportReport
from assessment_app.tabular import RowError, read_table


@dataclass
class _Parsed:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


def test_report_starts_from_the_table_and_its_parse():
    table = read_table(b"nip,predikat\n1,Baik\n2,Baik\n3,Baik\n", "kinerja.csv")
    problem = RowError(3, "predikat", "tidak dikenal")
    report = ImportReport.of(table, _Parsed(errors=[problem]))

    assert report.rows == 3 and not report.ok
    assert report.errors == [problem] and report.warnings == []
    assert str(report.errors[0]) == "baris 3, kolom predikat: tidak dikenal"


def test_counts_are_the_words_the_cli_and_the_page_show():
    report = ImportReport(created=2, updated=1)

    assert report.ok
    assert report.counts == "2 baru, 1 diperbarui, 0 tidak berubah"
