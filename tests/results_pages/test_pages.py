"""The admin results pages against real finished attempts taken through the candidate API."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import AuditEntry
from tests.factories import csrf_from, login_staff

from .choices import ITEMS

PAGES = [
    "/admin/hasil",
    "/admin/hasil/peta-talenta",
    "/admin/hasil/distribusi",
    "/admin/hasil/koreksi",
    "/admin/hasil/unduh.csv",
    "/admin/hasil/unduh.xlsx",
]


@pytest.fixture
def admin(client, event):
    assert login_staff(client, "admin1").status_code == 302
    return client


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _table_names(page: str) -> list[str]:
    return re.findall(r'/admin/hasil/peserta/\d+">([^<]+)</a>', page)


def _csv(client) -> list[dict[str, str]]:
    response = client.get("/admin/hasil/unduh.csv")
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize("url", [*PAGES, "/admin/hasil/peserta/{id}"])
def test_admin_only(client, event, url):
    url = url.format(id=event.top.candidate_id)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    login_staff(client, "pengawas1")
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [*PAGES[:4], "/admin/hasil/peserta/{id}"])
def test_every_page_answers_the_admin(admin, event, url):
    page = _page(admin, url.format(id=event.top.candidate_id))
    assert 'lang="id"' in page and "results.css" in page


def test_table_lists_every_candidate_and_test_with_jpm_and_box(admin, event):
    page = _page(admin, "/admin/hasil")
    assert "Menampilkan 12 dari 12 baris (6 dari 6 peserta)" in page
    assert event.top.row[0] in page and "173,08" in page and "38,46" in page
    assert "seluruh peserta acara" in page  # the downloads are the whole event, not the filter
    assert 'title="Integritas: skor 5,00' in page


def test_filters_narrow_the_table(admin, event):
    page = _page(admin, "/admin/hasil?ruang=R02")
    assert "Menampilkan 4 dari 12 baris (2 dari 6 peserta)" in page
    assert set(_table_names(page)) == {"Peserta 10", "Peserta 11"}
    assert set(_table_names(_page(admin, "/admin/hasil?kotak=9"))) == {"Peserta 1"}
    assert set(_table_names(_page(admin, "/admin/hasil?kategori=Kurang+Optimal"))) == {"Peserta 2"}
    assert set(_table_names(_page(admin, f"/admin/hasil?cari={event.low.row[0][-6:]}"))) == {
        "Peserta 2"
    }
    page = _page(admin, "/admin/hasil?unit=Diskominfo&tes=TEK-AK")
    assert "Menampilkan 2 dari 12 baris" in page


def test_sorting_by_jpm(admin, event):
    down = _table_names(_page(admin, "/admin/hasil?tes=MANSOS&urut=jpm&arah=turun"))
    up = _table_names(_page(admin, "/admin/hasil?tes=MANSOS&urut=jpm&arah=naik"))
    assert down[:2] == ["Peserta 1", "Peserta 2"] and up[:2] == ["Peserta 2", "Peserta 1"]
    assert set(down[2:]) == set(up[2:]) == {"Peserta 3", "Peserta 4", "Peserta 10", "Peserta 11"}
    page = _page(admin, "/admin/hasil?tes=MANSOS&urut=jpm&arah=turun")
    assert 'aria-sort="descending"' in page and "urut=jpm&amp;arah=naik" in page


def test_downloads_are_the_whole_event(admin, event):
    response = admin.get("/admin/hasil/unduh.csv?ruang=R02")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.search(
        r"attachment; filename=hasil-asesmen-\d{4}-\d{2}-\d{2}\.csv",
        response.headers["Content-Disposition"],
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 12 and {"nip", "jpm", "box", "INT_level"} <= set(rows[0])
    top = next(r for r in rows if r["nip"] == event.top.row[0] and r["test_code"] == "MANSOS")
    assert (top["jpm"], top["box"], top["INT_level"]) == ("173.08", "9", "5")

    response = admin.get("/admin/hasil/unduh.xlsx")
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"].endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert "nip" in values[0] and len(values) == 13
    nips = [r[values[0].index("nip")] for r in values[1:]]
    assert event.top.row[0] in nips and all(isinstance(n, str) for n in nips)


def test_individual_report_shows_required_and_achieved_levels(admin, event):
    page = _page(admin, f"/admin/hasil/peserta/{event.low.candidate_id}")
    assert "Laporan Individu" in page and event.low.row[0] in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "dicapai 2" in page and "standar 3" in page  # Integritas in the chart
    gap_table = page.split('data-testid="gap-table"')[1].split("</table>")[0]
    integritas = gap_table.split("Integritas")[1].split("</tr>")[0]
    assert re.findall(r'class="num"[^>]*>([^<]+)</td>', integritas) == ["2", "3", "-1"]
    assert "Area pengembangan" in integritas
    # development areas quote both level descriptions (competencies.yaml)
    assert "Mampu mengingatkan dan mengajak rekan kerja" in page  # INT level 2, achieved
    assert "Mampu memastikan dan menanamkan keyakinan bersama" in page  # INT level 3, required
    assert "38,46%" in page and "Kurang Optimal" in page
    assert "Predikat <strong>Baik</strong>" in page and "Kotak 2" in page
    assert "Bimbingan kinerja; pengembangan kompetensi" in page  # the box's recommended action
    assert "Kompetensi teknis" in page and "tidak masuk perhitungan JPM" in page


def test_the_top_candidate_is_in_the_succession_pool_to_be_verified(admin, event):
    page = _page(admin, f"/admin/hasil/peserta/{event.top.candidate_id}")
    assert "Kotak 9" in page and "Kekuatan" in page
    succession = page.split('data-testid="report-succession"')[1].split("</td>")[0]
    assert "Kandidat" in succession and "harus diverifikasi" in succession


def test_empty_states_of_the_report(admin, event):
    nobody = next(r for r in event.rows if r[0] == event.rows[2][0])
    cid = _candidate_id(nobody[0])
    page = _page(admin, f"/admin/hasil/peserta/{cid}")
    assert "Belum ada hasil: tes belum selesai" in page
    assert "Data kinerja belum ada" in page
    page = _page(admin, f"/admin/hasil/peserta/{event.other.candidate_id}")
    assert "Standar kompetensi jabatan belum diimpor" in page and "PRAKOM" in page
    assert admin.get("/admin/hasil/peserta/999999").status_code == 404


def _candidate_id(nip: str) -> int:
    from assessment_app.models import Candidate

    return db.session.scalar(select(Candidate.id).where(Candidate.nip == nip))


def test_talent_map_places_the_candidates(admin, event):
    page = _page(admin, "/admin/hasil/peta-talenta")
    counts = dict(re.findall(r'data-testid="box-(\d)-count">(\d+)<', page))
    assert counts == {
        "6": "0",
        "8": "0",
        "9": "1",
        "3": "0",
        "5": "0",
        "7": "0",
        "1": "0",
        "2": "1",
        "4": "0",
    }
    order = [int(n) for n in re.findall(r'data-testid="box-(\d)"', page)]
    assert order == [6, 8, 9, 3, 5, 7, 1, 2, 4]  # Tinggi on top, Di Atas Ekspektasi right
    assert "Belum dapat dipetakan (4)" in page
    reason = page.split('data-testid="reason-standar"')[1].split("</li>")[0]
    assert "<strong>2</strong>" in reason and "Peserta 10" in reason
    filtered = _page(admin, "/admin/hasil/peta-talenta?ruang=R02")
    assert 'data-testid="box-9-count">0<' in filtered and "Belum dapat dipetakan (2)" in filtered


def test_distribution_per_test_and_competency(admin, event):
    page = _page(admin, "/admin/hasil/distribusi")
    mansos = page.split('data-testid="dist-MANSOS"')[1].split("</section>")[0]
    assert "(3 selesai)" in mansos and mansos.count('role="img"') == 9
    assert "Integritas" in mansos and "n = 3" in mansos
    tek = page.split('data-testid="dist-TEK-AK"')[1].split("</section>")[0]
    assert "(2 selesai)" in tek and tek.count("<svg") == 1


def _post_item_correction(client, item_id: str, reason: str, kind: str = "drop_item"):
    token = csrf_from(_page(client, "/admin/hasil/koreksi"))
    return client.post(
        "/admin/hasil/koreksi",
        data={
            "soal-csrf_token": token,
            "soal-kind": kind,
            "soal-item_id": item_id,
            "soal-reason": reason,
            "soal-submit": "Simpan koreksi soal",
        },
    )


def test_dropping_an_item_through_the_form_changes_the_score(admin, event):
    def low_int():
        rows = _csv(admin)
        row = next(r for r in rows if r["nip"] == event.low.row[0] and r["test_code"] == "MANSOS")
        return float(row["INT_score"]), row["INT_level"], row["jpm"]

    presented = [i for i in event.low.presented["MANSOS"] if ITEMS[i].competency == "INT"]
    scores = [
        next(o.score for o in ITEMS[i].options if o.key == event.low.chosen[i]) for i in presented
    ]
    assert low_int()[0] == pytest.approx(sum(scores) / len(scores))

    response = _post_item_correction(admin, event.boosted_item, "Kunci soal keliru")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/admin/hasil/koreksi"
    )
    page = _page(admin, "/admin/hasil/koreksi")
    assert "Koreksi dicatat" in page and event.boosted_item in page and "Kunci soal keliru" in page

    rest = [s for i, s in zip(presented, scores, strict=True) if i != event.boosted_item]
    score, level, jpm = low_int()
    assert score == pytest.approx(sum(rest) / len(rest)) and level == "1" and jpm == "34.62"
    table = _page(admin, "/admin/hasil")
    box = table.split('data-testid="corrections-box"')[1]
    assert event.boosted_item in box and "Soal dianulir" in box and "admin1" in box
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "results.correction"))
    assert [a.actor for a in audit] == ["admin1"]


def _post_cuts(client, cuts: list[str], reason: str = "Kalibrasi ulang setelah acara"):
    token = csrf_from(_page(client, "/admin/hasil/koreksi"))
    data = {
        "batas-csrf_token": token,
        "batas-test_code": "MANSOS",
        "batas-kind": "sjt_level_cuts",
        "batas-reason": reason,
        "batas-submit": "Simpan batas level",
    }
    data |= {f"batas-cut{n}": value for n, value in enumerate(cuts, start=1)}
    return client.post("/admin/hasil/koreksi", data=data)


def test_changing_cuts_through_the_form(admin, event):
    response = _post_cuts(admin, ["1", "1,5", "4,9", "5"])
    assert response.status_code == 302
    page = _page(admin, "/admin/hasil/koreksi")
    assert "1; 1,5; 4,9; 5" in page  # the cuts in force
    low = next(
        r for r in _csv(admin) if r["nip"] == event.low.row[0] and r["test_code"] == "MANSOS"
    )
    assert low["KS_level"] == "2"  # a mean of 1.0 now reaches the first cut


def test_refusals_and_invalid_forms_are_shown(admin, event):
    response = _post_item_correction(admin, "TIDAK-ADA-9", "alasan")
    assert response.status_code == 422
    assert "tidak ada di bank soal" in response.get_data(as_text=True)
    response = _post_item_correction(admin, event.boosted_item, "")
    assert response.status_code == 422 and "field-error" in response.get_data(as_text=True)
    assert "Belum ada koreksi" in _page(admin, "/admin/hasil/koreksi")
    response = _post_cuts(admin, ["3", "2", "4", "5"])
    assert response.status_code == 422 and "naik" in response.get_data(as_text=True)


def test_the_form_needs_its_csrf_token(admin, event):
    response = admin.post(
        "/admin/hasil/koreksi",
        data={
            "soal-kind": "drop_item",
            "soal-item_id": event.boosted_item,
            "soal-reason": "x",
            "soal-submit": "1",
        },
    )
    assert response.status_code == 403


def test_crediting_every_option_raises_the_score(admin, event):
    def low_ks() -> float:
        row = next(
            r for r in _csv(admin) if r["nip"] == event.low.row[0] and r["test_code"] == "MANSOS"
        )
        return float(row["KS_score"])

    before = low_ks()
    item = next(i for i in event.low.presented["MANSOS"] if ITEMS[i].competency == "KS")
    response = _post_item_correction(admin, item, "Semua pilihan dapat dibenarkan", "credit_all")
    assert response.status_code == 302
    top_score = max(o.score for o in ITEMS[item].options)
    worst_score = min(o.score for o in ITEMS[item].options)
    assert low_ks() == pytest.approx(before + (top_score - worst_score) / 5)
    assert "Semua pilihan diberi nilai penuh" in _page(admin, "/admin/hasil")
