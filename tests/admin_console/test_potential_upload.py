"""Admin upload of potentials: preview, confirm, errors on their cells, templates, access."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import PotentialRating
from tests.admin_console.test_uploads import (
    CONFIRM_BUTTON,
    confirm,
    count,
    read_xlsx,
    upload,
    xlsx_bytes,
)
from tests.factories import csrf_from, login_staff, make_user, nip

HEADER = ["nip", "potential", "source", "year"]
TEMPLATE_HEADER = ["nip", "potensi", "sumber", "tahun"]  # the templates speak Indonesian
SOURCE = "Asesmen potensi BKN 2025"


def potential_csv(rows: list[list[str]], sep: str = ",", header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\n").writerows([header, *rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def stored(app) -> dict[tuple[str, int | None], tuple[str, str]]:
    with app.app_context():
        return {
            (p.nip, p.year): (p.potential, p.source)
            for p in db.session.scalars(select(PotentialRating))
        }


def test_the_import_page_has_a_potential_card(admin):
    page = admin.get("/admin/impor").get_data(as_text=True)
    assert 'id="kartu-potensi"' in page and "<h2>Potensi</h2>" in page
    assert "/admin/impor/templat/potensi.xlsx" in page
    assert "/admin/impor/templat/potensi.csv" in page


def test_good_semicolon_csv_previews_then_confirm_writes(app, admin):
    rows = [[nip(1), "tinggi", SOURCE, "2024"], [nip(2), "RENDAH", "", ""]]
    response = upload(admin, "potensi", potential_csv(rows, ";"), "potensi.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pratinjau: Potensi" in page and "Berkas valid" in page and CONFIRM_BUTTON in page
    assert count(app, PotentialRating) == 0  # the preview writes nothing
    done = confirm(admin, "potensi", page)
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/impor")
    assert stored(app) == {(nip(1), 2024): ("Tinggi", SOURCE), (nip(2), None): ("Rendah", "")}
    flashed = admin.get("/admin/impor").get_data(as_text=True)
    assert "Potensi dari potensi.csv disimpan: 2 baru" in flashed


def test_good_xlsx_with_text_nips(app, admin):
    rows = [HEADER, [nip(1), "Menengah", SOURCE, 2024], [nip(2), "tinggi", None, None]]
    page = upload(admin, "potensi", xlsx_bytes(rows), "potensi.xlsx").get_data(as_text=True)
    assert CONFIRM_BUTTON in page
    assert confirm(admin, "potensi", page).status_code == 302
    assert stored(app) == {(nip(1), 2024): ("Menengah", SOURCE), (nip(2), None): ("Tinggi", "")}


def test_outside_the_roster_is_a_warning(app, admin):
    page = upload(admin, "potensi", potential_csv([[nip(1), "Tinggi", "", ""]]), "p.csv")
    page = page.get_data(as_text=True)
    assert 'data-testid="warning-list"' in page
    assert f"NIP {nip(1)} tidak ada di daftar peserta; data potensi tetap disimpan" in page
    assert CONFIRM_BUTTON in page


def test_bad_rows_show_every_error_on_its_cell_and_write_nothing(app, admin):
    rows = [
        [nip(1), "Sedang", "", "2024"],  # row 2
        ["12345", "Tinggi", "", ""],  # row 3
        [nip(2), "Tinggi", "", "2024"],  # row 4
        [nip(2), "Rendah", "", "2024"],  # row 5: the NIP and year of row 4
        [nip(3), "Tinggi", "", ""],  # row 6
        [nip(3), "Tinggi", "", ""],  # row 7: the NIP of row 6, both without a year
    ]
    response = upload(admin, "potensi", potential_csv(rows), "salah.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 kesalahan; tidak ada data yang disimpan" in page
    assert "baris 2, kolom potential: potensi &#39;Sedang&#39; tidak dikenal" in page
    assert "baris 3, kolom nip: NIP harus 18 digit" in page
    assert f"baris 5, kolom nip: NIP {nip(2)} tahun 2024 sudah ada di baris 4" in page
    assert f"baris 7, kolom nip: NIP {nip(3)} tanpa tahun sudah ada di baris 6" in page
    assert page.count('class="bad"') >= 4  # each bad cell is marked in the table
    assert CONFIRM_BUTTON not in page
    assert count(app, PotentialRating) == 0


def test_missing_required_column_is_named(app, admin):
    data = potential_csv([[nip(1), "2024"]], header=["nip", "year"])
    page = upload(admin, "potensi", data, "p.csv").get_data(as_text=True)
    assert "baris 1, kolom potential: kolom wajib tidak ditemukan di baris judul" in page
    assert CONFIRM_BUTTON not in page


def test_wrong_format_gives_a_clear_message(app, admin):
    response = upload(admin, "potensi", b"%PDF-1.7\n", "potensi.pdf")
    assert response.status_code == 400 and "PDF" in response.get_data(as_text=True)


def test_reimport_counts_new_updated_and_unchanged(app, admin):
    first = [[nip(1), "Tinggi", "", "2024"], [nip(2), "Rendah", "", ""]]
    page = upload(admin, "potensi", potential_csv(first), "a.csv").get_data(as_text=True)
    assert confirm(admin, "potensi", page).status_code == 302
    second = [
        [nip(1), "Menengah", "", "2024"],
        [nip(2), "rendah", "", ""],
        [nip(3), "Tinggi", "", ""],
    ]
    page = upload(admin, "potensi", potential_csv(second), "b.csv").get_data(as_text=True)
    assert "3 baris siap disimpan" in page  # like SKP, counted when saved
    assert confirm(admin, "potensi", page).status_code == 302
    flashed = admin.get("/admin/impor").get_data(as_text=True)
    assert "disimpan: 1 baru, 1 diperbarui, 1 tidak berubah" in flashed
    assert stored(app)[(nip(1), 2024)] == ("Menengah", "")
    assert count(app, PotentialRating) == 3


def test_templates_have_headers_and_a_valid_example(app, admin):
    response = admin.get("/admin/impor/templat/potensi.csv")
    assert (
        response.status_code == 200
        and "templat-potensi.csv" in (response.headers["Content-Disposition"])
    )
    lines = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert lines[0] == TEMPLATE_HEADER and lines[1][:2] == ["198609262015051001", "Tinggi"]
    page = upload(admin, "potensi", response.get_data(), "t.csv").get_data(as_text=True)
    assert CONFIRM_BUTTON in page  # the example row itself imports cleanly

    sheet = read_xlsx(admin.get("/admin/impor/templat/potensi.xlsx").get_data())
    assert [cell.value for cell in sheet[0]] == TEMPLATE_HEADER
    assert sheet[1][0].value == "198609262015051001" and sheet[1][0].number_format == "@"


def _csrf_for(client) -> str:
    """A valid CSRF token for whoever is (or is not) logged in on `client`."""
    return csrf_from(client.get("/masuk").get_data(as_text=True))


ROUTES = [
    ("get", "/admin/impor/templat/potensi.csv"),
    ("get", "/admin/impor/templat/potensi.xlsx"),
    ("post", "/admin/impor/potensi"),
    ("post", "/admin/impor/potensi/simpan"),
]


def _try(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    return client.post(url, data={"csrf_token": _csrf_for(client), "token": "0" * 32})


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_proctors_and_anonymous_are_refused(app, client, method, url):
    with app.app_context():
        make_user("proctor", "pengawas1", rooms=["R01"])
    anonymous = _try(client, method, url)
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    login_staff(client, "pengawas1")
    assert _try(client, method, url).status_code == 403


def test_upload_and_confirm_need_the_csrf_token(app, admin):
    data = potential_csv([[nip(1), "Tinggi", "", "2024"]])
    refused = admin.post(
        "/admin/impor/potensi",
        data={"file": (io.BytesIO(data), "p.csv")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 403
    page = upload(admin, "potensi", data, "p.csv").get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([0-9a-f]{32})"', page).group(1)
    refused = admin.post("/admin/impor/potensi/simpan", data={"token": token})
    assert refused.status_code == 403
    assert count(app, PotentialRating) == 0
    assert confirm(admin, "potensi", page).status_code == 302  # the token is still good
    assert count(app, PotentialRating) == 1
