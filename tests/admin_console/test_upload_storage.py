"""Stored uploads (issue 13): private files, deleted on confirm, cancel and expiry; upload
limits and the cut error list on the preview page."""

from __future__ import annotations

import os
import stat
import time
from datetime import timedelta

import pytest

from assessment_app import clock
from assessment_app.exceptions import Refused
from assessment_app.imports.store import (
    KEEP_SECONDS,
    cancel_upload,
    load_upload,
    remove_expired,
    store_upload,
)
from assessment_app.imports.uploads import LISTED_ERRORS
from tests.factories import csrf_from, csv_text, roster_rows
from tests.tabular.conftest import tall_xlsx

from .test_uploads import confirm, upload


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def moving_clock():
    clock.freeze()
    yield clock
    clock.reset()


def test_stored_upload_is_readable_by_the_app_user_only(tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir(mode=0o755)

    token = store_upload(folder, b"nip,pin\n1,123456\n", "r.csv", "peserta", 7)

    assert _mode(folder) == 0o700
    assert _mode(folder / token) == 0o600
    assert _mode(folder / f"{token}.json") == 0o600
    assert load_upload(folder, token, "peserta", 7).data == b"nip,pin\n1,123456\n"


def test_expired_upload_is_refused_and_deleted(tmp_path, moving_clock):
    token = store_upload(tmp_path, b"x", "r.csv", "peserta", 7)
    moving_clock.advance(timedelta(seconds=KEEP_SECONDS + 1))

    with pytest.raises(Refused, match="kedaluwarsa") as refused:
        load_upload(tmp_path, token, "peserta", 7)

    assert refused.value.code == "upload_missing"

    assert list(tmp_path.iterdir()) == []


def test_storing_a_new_upload_removes_expired_ones_of_everyone(tmp_path, moving_clock):
    old = store_upload(tmp_path, b"x", "a.csv", "peserta", 7)
    moving_clock.advance(timedelta(seconds=KEEP_SECONDS - 60))
    recent = store_upload(tmp_path, b"y", "b.csv", "kinerja", 8)
    moving_clock.advance(timedelta(seconds=120))

    fresh = store_upload(tmp_path, b"z", "c.csv", "peserta", 9)

    names = {path.name for path in tmp_path.iterdir()}
    assert old not in names and f"{old}.json" not in names
    assert {recent, fresh} <= names
    assert remove_expired(tmp_path) == 0


def test_cancel_deletes_only_the_owners_upload(tmp_path):
    token = store_upload(tmp_path, b"x", "r.csv", "peserta", 7)

    assert cancel_upload(tmp_path, token, 8) is False
    assert (tmp_path / token).exists()
    assert cancel_upload(tmp_path, token, 7) is True
    assert list(tmp_path.iterdir()) == []
    assert cancel_upload(tmp_path, "../../etc/passwd", 7) is False


def _stored(app) -> set[str]:
    folder = os.path.join(app.instance_path, "uploads")
    names = os.listdir(folder) if os.path.isdir(folder) else []
    return {name for name in names if not name.endswith(".json")}


def _preview(app, client, rows: int) -> tuple[str, str]:
    """Upload a good roster; return the preview page and the token of the stored file."""
    before = _stored(app)
    page = upload(client, "peserta", csv_text(roster_rows(rows)).encode(), "r.csv")
    (token,) = _stored(app) - before
    return page.get_data(as_text=True), token


def test_cancel_on_the_preview_deletes_the_stored_file(app, admin):
    page, token = _preview(app, admin, 2)
    assert 'data-testid="cancel-upload"' in page

    response = admin.post(
        "/admin/impor/peserta/batal", data={"csrf_token": csrf_from(page), "token": token}
    )

    assert response.status_code == 302
    assert token not in _stored(app)
    assert "dibatalkan" in admin.get("/admin/impor").get_data(as_text=True)
    assert confirm(admin, "peserta", page, token).status_code == 400  # nothing left to save


def test_cancel_needs_the_csrf_token(app, admin):
    page, token = _preview(app, admin, 1)

    response = admin.post("/admin/impor/peserta/batal", data={"token": token})

    assert response.status_code == 403
    assert token in _stored(app)
    assert confirm(admin, "peserta", page, token).status_code == 302  # still saveable


def test_confirm_deletes_the_stored_file(app, admin):
    page, token = _preview(app, admin, 1)

    assert confirm(admin, "peserta", page).status_code == 302
    assert token not in _stored(app)


def test_csv_wider_than_excel_answers_400_with_the_limit(app, admin):
    header = ",".join(f"k{i}" for i in range(18_300))

    response = upload(admin, "peserta", (header + "\n1\n").encode(), "lebar.csv")

    assert response.status_code == 400
    assert "melebihi batas 64 kolom" in response.get_data(as_text=True)


def test_200000_row_xlsx_upload_answers_400_quickly_with_a_small_page(app, admin, tmp_path):
    path = tmp_path / "besar.xlsx"
    tall_xlsx(path, 200_000)

    began = time.perf_counter()
    response = upload(admin, "peserta", path.read_bytes(), "besar.xlsx")
    elapsed = time.perf_counter() - began

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "melebihi batas 20.000 baris" in page
    assert len(page) < 100_000
    assert elapsed < 5, elapsed


def test_error_list_is_cut_with_the_count_of_the_rest(app, admin):
    rows = roster_rows(LISTED_ERRORS + 40)
    for row in rows:
        row[0] = "12345"  # a short NIP on every row: one error each

    response = upload(admin, "peserta", csv_text(rows).encode(), "salah.csv")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    listed = page.split('data-testid="error-list"')[1].split("</ul>")[0]
    assert listed.count("<li>") == LISTED_ERRORS
    assert "dan 40 kesalahan lain" in page
    assert f"{LISTED_ERRORS + 40} kesalahan" in page  # the heading still counts them all
