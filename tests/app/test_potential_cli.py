"""`potential import`: all-or-nothing, row and column in every error, re-import by NIP and year."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import AuditEntry, PotentialRating
from tests.factories import csv_text, nip, publish_sample_bank, roster_rows, write

HEADER = ["nip", "potential", "source", "year"]
SOURCE = "Asesmen potensi BKN 2025"
OUTSIDER = "198001012005011999"


@pytest.fixture
def roster(runner, ctx, tmp_path):
    publish_sample_bank()
    rows = roster_rows(4)
    result = runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))])
    assert result.exit_code == 0, result.output
    return [row[0] for row in rows]


def _import(runner, tmp_path, rows, header=HEADER, *extra, name="potensi.csv", sep=","):
    path = write(tmp_path / name, csv_text(rows, header, sep=sep), bom=sep == ";")
    return runner.invoke(args=["potential", "import", path, *extra])


def _stored() -> dict[tuple[str, int | None], tuple[str, str]]:
    return {
        (p.nip, p.year): (p.potential, p.source)
        for p in db.session.scalars(select(PotentialRating))
    }


def _audit() -> AuditEntry | None:
    return db.session.scalar(select(AuditEntry).where(AuditEntry.action == "potential.import"))


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(PotentialRating))


def test_good_semicolon_csv_with_bom_stores_canonical_values(runner, roster, tmp_path):
    rows = [
        [roster[0], "tinggi", SOURCE, "2024"],
        [roster[0], "RENDAH", "", "2025"],
        [roster[1], "Menengah", "", ""],
        [OUTSIDER, "menengah", SOURCE, "2025"],
    ]
    result = _import(runner, tmp_path, rows, sep=";")
    assert result.exit_code == 0, result.output
    assert "4 baru, 0 diperbarui, 0 tidak berubah" in result.stdout
    assert "peringatan" in result.stderr and OUTSIDER in result.stderr
    assert "data potensi tetap disimpan" in result.stderr
    assert _stored() == {
        (roster[0], 2024): ("Tinggi", SOURCE),
        (roster[0], 2025): ("Rendah", ""),
        (roster[1], None): ("Menengah", ""),
        (OUTSIDER, 2025): ("Menengah", SOURCE),
    }
    entry = _audit()
    assert entry.details == {"rows": 4} and entry.actor.startswith("cli:")


def test_good_xlsx(runner, roster, tmp_path):
    book = Workbook()
    for row in [HEADER, [roster[0], "Tinggi", SOURCE, 2024], [roster[1], "rendah", None, None]]:
        book.active.append(row)
    path = tmp_path / "potensi.xlsx"
    book.save(path)
    result = runner.invoke(args=["potential", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert _stored() == {(roster[0], 2024): ("Tinggi", SOURCE), (roster[1], None): ("Rendah", "")}


def test_every_bad_row_is_reported_with_row_and_column(runner, roster, tmp_path):
    rows = [
        [roster[0], "Sedang", "", "2024"],  # row 2
        ["12345", "Tinggi", "", "2024"],  # row 3
        [roster[1], "Tinggi", "", "2024"],  # row 4
        [roster[1], "Rendah", "", "2024"],  # row 5: same NIP and year as row 4
        [roster[2], "Tinggi", "", ""],  # row 6
        [roster[2], "Rendah", "", ""],  # row 7: same NIP, both without a year
        [roster[3], "Tinggi", "x" * 201, "2024"],  # row 8
    ]
    result = _import(runner, tmp_path, rows)
    assert result.exit_code == 1
    for expected in (
        "baris 2, kolom potential: potensi 'Sedang' tidak dikenal",
        "baris 3, kolom nip: NIP harus 18 digit",
        f"baris 5, kolom nip: NIP {roster[1]} tahun 2024 sudah ada di baris 4",
        f"baris 7, kolom nip: NIP {roster[2]} tanpa tahun sudah ada di baris 6",
        "baris 8, kolom source: terlalu panjang",
    ):
        assert expected in result.stderr, result.stderr
    assert "5 kesalahan; tidak ada data yang disimpan" in result.stderr
    assert _count() == 0


def test_missing_required_column_is_named(runner, roster, tmp_path):
    result = _import(runner, tmp_path, [[roster[0], "2024"]], ["nip", "year"])
    assert result.exit_code == 1
    assert "baris 1, kolom potential: kolom wajib tidak ditemukan" in result.stderr
    assert _count() == 0


def test_one_bad_row_among_many_imports_nothing(runner, roster, tmp_path):
    rows = [[nip(i), "Tinggi", "", "2024"] for i in range(1, 301)]
    rows[199][1] = "Sangat Tinggi"  # spreadsheet row 201
    result = _import(runner, tmp_path, rows)
    assert result.exit_code == 1
    assert "baris 201, kolom potential" in result.stderr
    assert _count() == 0
    assert _audit() is None


def test_dry_run_writes_nothing(runner, roster, tmp_path):
    result = _import(runner, tmp_path, [[roster[0], "Tinggi", "", "2024"]], HEADER, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Uji coba (tidak disimpan)" in result.stdout
    assert _count() == 0
    assert _audit() is None


def test_reimport_replaces_the_row_of_the_same_nip_and_year(runner, roster, tmp_path):
    first = [
        [roster[0], "Tinggi", SOURCE, "2024"],
        [roster[1], "Rendah", "", ""],
        [roster[2], "Menengah", "", "2023"],
    ]
    assert _import(runner, tmp_path, first, name="a.csv").exit_code == 0
    second = [
        [roster[0], "Rendah", SOURCE, "2024"],  # new potential
        [roster[1], "rendah", "Asesmen ulang", ""],  # new source only
        [roster[2], "menengah", "", "2023"],  # the same, another spelling
        [roster[3], "Tinggi", "", "2025"],
    ]
    result = _import(runner, tmp_path, second, name="b.csv")
    assert result.exit_code == 0, result.output
    assert "1 baru, 2 diperbarui, 1 tidak berubah" in result.stdout
    assert _stored() == {
        (roster[0], 2024): ("Rendah", SOURCE),
        (roster[1], None): ("Rendah", "Asesmen ulang"),
        (roster[2], 2023): ("Menengah", ""),
        (roster[3], 2025): ("Tinggi", ""),
    }
    # A year the new file does not give is kept, as for SKP ratings.
    third = [[roster[0], "Menengah", "", "2025"]]
    assert _import(runner, tmp_path, third, name="c.csv").exit_code == 0
    assert _stored()[(roster[0], 2024)] == ("Rendah", SOURCE)
    assert _stored()[(roster[0], 2025)] == ("Menengah", "")
