"""The admin's item-analysis page and its CSV, from real finished attempts."""

from __future__ import annotations

import csv
import io

from tests.results.test_results_service import event  # noqa: F401  (the fixture)


def test_item_analysis_page_and_csv(staff, event):  # noqa: F811
    admin = staff("admin")
    page = admin.get("/admin/analisis-butir?tes=MANSOS")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "butir" in html and "INT-" in html
    download = admin.get("/admin/analisis-butir/MANSOS.csv")
    assert download.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert {row["competency"] for row in rows} >= {"INT", "PB"}
    assert all(row["test"] == "MANSOS" for row in rows)
    empty = admin.get("/admin/analisis-butir?tes=TEK-PK")
    assert "Tidak ada ujian tes TEK-PK" in empty.get_data(as_text=True)
    proctor = staff("proctor", "pengawas9")
    assert proctor.get("/admin/analisis-butir?tes=MANSOS").status_code == 403
