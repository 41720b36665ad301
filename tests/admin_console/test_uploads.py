"""Admin uploads: roster, standards and performance; preview, confirm, templates, access."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import Candidate, PerformanceRating, PositionStandard
from tests.factories import (
    ROSTER_HEADER,
    csrf_from,
    csv_text,
    login_staff,
    make_user,
    nip,
    roster_rows,
)

CONFIRM_BUTTON = 'data-testid="confirm-upload"'
ROSTER_TEMPLATE_HEADER = [
    "nip", "nama", "jabatan", "kode_jabatan", "unit_kerja",
    "sesi", "ruang", "kursi", "tes", "pin",
]  # fmt: skip


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def upload(client, kind: str, data: bytes, filename: str):
    token = csrf_from(client.get("/admin/impor").get_data(as_text=True))
    return client.post(
        f"/admin/impor/{kind}",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def confirm(client, kind: str, page: str, token: str | None = None, *, tick: bool = True):
    """Press Simpan on the preview `page`, ticking the new-codes box when asked to."""
    if token is None:
        match = re.search(r'name="token"[^>]*value="([0-9a-f]{32})"', page)
        assert match, "no upload token on the preview page"
        token = match.group(1)
    data = {"csrf_token": csrf_from(page), "token": token}
    if tick:
        data["codes_checked"] = "y"
    return client.post(f"/admin/impor/{kind}/simpan", data=data)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def standards_csv() -> bytes:
    return b"position_code,INT,KS,PB\nAK-MUDA,3,3,2\nAK-PERTAMA,2,,2\n"


def performance_csv() -> bytes:
    return f"nip,predikat,year\n{nip(1)},Baik,2024\n{nip(2)},sangat baik,2023\n".encode()


GOOD_FILES = {
    "peserta": (lambda: csv_text(roster_rows(3)).encode(), Candidate, 3),
    "standar": (standards_csv, PositionStandard, 5),
    "kinerja": (performance_csv, PerformanceRating, 2),
}


@pytest.mark.parametrize("kind", sorted(GOOD_FILES))
def test_good_file_previews_then_confirm_writes(app, admin, kind):
    make, model, written = GOOD_FILES[kind]
    response = upload(admin, kind, make(), f"{kind}.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Berkas valid" in page and CONFIRM_BUTTON in page
    assert count(app, model) == 0  # the preview writes nothing
    done = confirm(admin, kind, page)
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/impor")
    assert count(app, model) == written
    flashed = admin.get("/admin/impor").get_data(as_text=True)
    assert "disimpan:" in flashed
    # The stored file is gone: the same token cannot be used twice.
    again = confirm(admin, kind, page)
    assert again.status_code == 400 and "unggah ulang" in again.get_data(as_text=True)


def test_roster_preview_counts_new_and_updated(app, admin):
    first = upload(admin, "peserta", csv_text(roster_rows(2)).encode(), "r.csv")
    assert "<strong>2</strong> baru" in first.get_data(as_text=True)
    confirm(admin, "peserta", first.get_data(as_text=True))
    rows = roster_rows(3)
    rows[0][1] = "Nama Baru"
    page = upload(admin, "peserta", csv_text(rows).encode(), "r.csv").get_data(as_text=True)
    assert "<strong>1</strong> baru" in page
    assert "<strong>1</strong> diperbarui" in page
    assert "<strong>1</strong> tidak berubah" in page


def test_roster_with_bad_rows_shows_every_error_and_writes_nothing(app, admin):
    rows = roster_rows(4)
    rows[0][0] = "12345"  # row 2: a short NIP
    rows[2][8] = "MANSOS;XYZ"  # row 4: an unknown test code
    rows[3][0] = rows[1][0]  # row 5: a NIP already in row 3
    response = upload(admin, "peserta", csv_text(rows).encode(), "salah.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "baris 2, kolom nip: NIP harus 18 digit" in page
    assert "baris 4, kolom tests: kode tes tidak dikenal: XYZ" in page
    assert "baris 5, kolom nip: NIP" in page and "sudah ada di baris 3" in page
    assert page.count('class="bad"') >= 3  # each bad cell is marked in the table
    assert CONFIRM_BUTTON not in page
    assert count(app, Candidate) == 0


def test_standards_with_bad_rows(app, admin):
    data = b"position_code,INT,XX\nAK-MUDA,7,1\n,3,\n"
    page = upload(admin, "standar", data, "standar.csv").get_data(as_text=True)
    assert "baris 1, kolom XX: kode kompetensi" in page
    assert "baris 2, kolom INT: level harus bilangan bulat 1-5" in page
    assert "baris 3, kolom position_code: wajib diisi" in page
    assert CONFIRM_BUTTON not in page
    assert count(app, PositionStandard) == 0


def test_performance_with_bad_rows(app, admin):
    data = f"nip,predikat\n{nip(1)},Hebat\n{nip(2)},Baik\n{nip(2)},Baik\n".encode()
    page = upload(admin, "kinerja", data, "skp.csv").get_data(as_text=True)
    assert "baris 2, kolom predikat: predikat &#39;Hebat&#39; tidak dikenal" in page
    assert "baris 4, kolom nip:" in page and "sudah ada di baris 3" in page
    assert CONFIRM_BUTTON not in page
    assert count(app, PerformanceRating) == 0


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


WRONG_FILES = [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "daftar.pdf", "PDF"),
    (docx_bytes(), "daftar.docx", "dokumen Word"),
    (bytes(range(256)) * 4, "acak.csv", "bukan berkas teks CSV"),
    (b"", "kosong.csv", "kosong"),
    (b"PK\x03\x04rusak", "rusak.xlsx", "rusak"),
]


@pytest.mark.parametrize("kind", ["peserta", "standar", "kinerja"])
@pytest.mark.parametrize(("data", "filename", "message"), WRONG_FILES)
def test_wrong_format_gives_a_clear_message(app, admin, kind, data, filename, message):
    response = upload(admin, kind, data, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-testid="upload-error"' in page and message in page
    assert CONFIRM_BUTTON not in page


def test_missing_file_and_too_large_file(app, admin):
    token = csrf_from(admin.get("/admin/impor").get_data(as_text=True))
    response = admin.post("/admin/impor/peserta", data={"csrf_token": token})
    assert response.status_code == 400 and "Pilih berkas" in response.get_data(as_text=True)
    big = b"nip,name\n" + b"x" * (5 * 1024 * 1024)
    response = upload(admin, "peserta", big, "besar.csv")
    assert response.status_code == 400 and "maksimal 5 MB" in response.get_data(as_text=True)


def test_unknown_kind_is_404(admin):
    assert admin.get("/admin/impor/templat/lain.csv").status_code == 404


def test_indonesian_excel_csv_with_semicolons_and_bom(app, admin):
    data = "\ufeff" + csv_text(roster_rows(2), sep=";")
    page = upload(admin, "peserta", data.encode("utf-8"), "peserta.csv").get_data(as_text=True)
    assert "Berkas valid" in page and CONFIRM_BUTTON in page
    assert confirm(admin, "peserta", page).status_code == 302
    assert count(app, Candidate) == 2


@pytest.mark.parametrize(
    ("kind", "header", "row"),
    [
        ("peserta", ROSTER_HEADER, None),
        ("kinerja", ["nip", "predikat", "year"], [None, "Baik", 2024]),
    ],
)
def test_xlsx_with_nips_typed_as_numbers_is_flagged(app, admin, kind, header, row):
    rows = [header]
    for cells in roster_rows(2) if row is None else [row, row]:
        cells = list(cells)
        rows.append(cells)
    rows[1][0] = int(nip(1))  # what Excel keeps when the column is not formatted as Text
    rows[2][0] = int(nip(2))
    page = upload(admin, kind, xlsx_bytes(rows), "angka.xlsx").get_data(as_text=True)
    assert "baris 2, kolom nip:" in page and "baris 3, kolom nip:" in page
    assert "kolom NIP harus berformat Teks" in page
    assert CONFIRM_BUTTON not in page


def test_good_xlsx_with_text_nips(app, admin):
    rows = [ROSTER_HEADER, *roster_rows(2)]
    page = upload(admin, "peserta", xlsx_bytes(rows), "peserta.xlsx").get_data(as_text=True)
    assert CONFIRM_BUTTON in page
    assert confirm(admin, "peserta", page).status_code == 302
    assert count(app, Candidate) == 2


def test_confirm_refuses_another_admins_token_and_unknown_tokens(app, admin):
    page = upload(admin, "peserta", csv_text(roster_rows(2)).encode(), "r.csv")
    page = page.get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([0-9a-f]{32})"', page).group(1)
    with app.app_context():
        make_user("admin", "admin2")
    other = app.test_client()
    login_staff(other, "admin2")
    other_page = other.get("/admin/impor").get_data(as_text=True)
    refused = confirm(other, "peserta", other_page, token)
    assert refused.status_code == 400 and "bukan milik Anda" in refused.get_data(as_text=True)
    unknown = confirm(admin, "peserta", page, "0" * 32)
    assert unknown.status_code == 400 and "tidak ditemukan" in unknown.get_data(as_text=True)
    wrong_kind = confirm(admin, "kinerja", page, token)
    assert wrong_kind.status_code == 400
    for bad in ("../../etc/passwd", ""):
        assert confirm(admin, "peserta", page, bad).status_code == 400
    assert count(app, Candidate) == 0
    assert confirm(admin, "peserta", page, token).status_code == 302  # still the owner's
    assert count(app, Candidate) == 2


def read_xlsx(data: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def test_templates_have_headers_and_a_valid_example(app, admin):
    roster = admin.get("/admin/impor/templat/peserta.csv")
    assert roster.status_code == 200 and "attachment" in roster.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(roster.get_data().decode("utf-8-sig"))))
    assert lines[0] == ROSTER_TEMPLATE_HEADER
    assert lines[1][0] == "198609262015051001" and lines[1][8] == "MANSOS;TEK-PK"
    # The example row itself imports cleanly.
    page = upload(admin, "peserta", roster.get_data(), "templat.csv").get_data(as_text=True)
    assert CONFIRM_BUTTON in page

    sheet = read_xlsx(admin.get("/admin/impor/templat/peserta.xlsx").get_data())
    assert [cell.value for cell in sheet[0]] == ROSTER_TEMPLATE_HEADER
    nip_cell, pin_cell = sheet[1][0], sheet[1][9]
    assert nip_cell.value == "198609262015051001" and nip_cell.number_format == "@"
    assert pin_cell.value == "012345" and pin_cell.number_format == "@"

    standards = admin.get("/admin/impor/templat/standar.csv").get_data().decode("utf-8-sig")
    header = standards.splitlines()[0].split(",")
    assert header[0] == "kode_jabatan" and {"INT", "KS", "PB"} <= set(header)
    page = upload(admin, "standar", standards.encode(), "s.csv").get_data(as_text=True)
    assert CONFIRM_BUTTON in page

    skp = read_xlsx(admin.get("/admin/impor/templat/kinerja.xlsx").get_data())
    assert [cell.value for cell in skp[0]] == ["nip", "predikat", "tahun"]
    assert skp[1][0].number_format == "@"


def _csrf_for(client) -> str:
    """A valid CSRF token for whoever is (or is not) logged in on `client`."""
    return csrf_from(client.get("/masuk").get_data(as_text=True))


UPLOAD_ROUTES = [
    ("get", "/admin/impor"),
    ("get", "/admin/impor/templat/peserta.csv"),
    ("get", "/admin/impor/templat/standar.xlsx"),
    ("post", "/admin/impor/peserta"),
    ("post", "/admin/impor/kinerja/simpan"),
]


def _try(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    return client.post(url, data={"csrf_token": _csrf_for(client), "token": "0" * 32})


@pytest.mark.parametrize(("method", "url"), UPLOAD_ROUTES)
def test_proctors_and_anonymous_are_refused(app, client, method, url):
    with app.app_context():
        make_user("proctor", "pengawas1", rooms=["R01"])
    anonymous = _try(client, method, url)
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    login_staff(client, "pengawas1")
    assert _try(client, method, url).status_code == 403
