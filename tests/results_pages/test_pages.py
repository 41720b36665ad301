"""The admin results pages against real finished attempts taken through the candidate API."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from tests.factories import login_staff

from .choices import ITEMS

PAGES = [
    "/admin/hasil",
    "/admin/hasil/peta-talenta",
    "/admin/hasil/distribusi",
    "/admin/hasil/koreksi",
    "/admin/hasil/versi",
    "/admin/hasil/unduh.csv",
    "/admin/hasil/unduh.xlsx",
]


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _table_names(page: str) -> list[str]:
    return re.findall(r'/admin/hasil/peserta/\d+">([^<]+)</a>', page)


def _csv(client) -> list[dict[str, str]]:
    response = client.get("/admin/hasil/unduh.csv")
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _row(client, nip: str, test: str = "MANSOS") -> dict[str, str]:
    return next(r for r in _csv(client) if r["nip"] == nip and r["test_code"] == test)


def credit(item, key: str) -> float:
    """The chance-corrected credit of an sjt answer, by hand: (s - m) / (M - m)."""
    scores = [o.score for o in item.options]
    mean, best = sum(scores) / len(scores), max(scores)
    chosen = next(o.score for o in item.options if o.key == key)
    return (chosen - mean) / (best - mean)


@pytest.mark.parametrize("url", [*PAGES, "/admin/hasil/peserta/{id}"])
def test_admin_only(client, event, url):
    url = url.format(id=event.top.candidate_id)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    login_staff(client, "pengawas1")
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [*PAGES[:5], "/admin/hasil/peserta/{id}"])
def test_every_page_answers_the_admin(admin, event, url):
    page = page_of(admin, url.format(id=event.top.candidate_id))
    assert 'lang="id"' in page and "results.css" in page and "js/results.js" in page
    assert "cdn" not in page.lower() and "https://" not in page  # exam rooms may be offline


def test_table_puts_jpm_category_and_box_first_with_a_sticky_name(admin, event):
    page = page_of(admin, "/admin/hasil")
    assert "Menampilkan 12 dari 12 baris (6 dari 6 peserta)" in page
    assert "seluruh peserta acara" in page  # the downloads are the whole event, not the filter
    head = page.split("<thead>")[1].split("</thead>")[0]
    columns = re.findall(r'<a class="sort"[^>]*>([^<]+)<', head)
    assert columns[:4] == ["Nama", "JPM %", "Kategori", "Kotak"]
    assert 'class="sticky-name"' in head and 'scope="row" class="sticky-name"' in page
    top = page.split(f">{event.top.row[1]}</a>")[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", top, re.S)
    assert [c.strip() for c in cells[:3]] == ["100,00", "Optimal", "9"]  # JPM is capped
    assert "34,62" in page and "Kurang Optimal" in page
    assert 'title="Integritas: level 5, skor C 100,0' in page
    assert '<strong>5</strong> <span class="score">(100,0)</span>' in page
    assert 'data-testid="version-label">SEMENTARA<' in page


def test_flagged_and_incomplete_rows_are_marked(app, admin, event):
    from .conftest import sit

    sit(
        app, event.rows[3], event.token, lambda item: item.options[0].key, 1, answer=lambda s: s < 3
    )
    page = page_of(admin, "/admin/hasil")
    assert 'data-testid="flagged-count"><strong>1</strong>' in page
    flagged = page.split('<tr class="flagged">')[1].split("</tr>")[0]
    assert event.rows[3][1] in flagged and "perlu ditinjau: Tidak lengkap" in flagged
    only = page_of(admin, "/admin/hasil?tinjau=ya")
    assert _table_names(only) == [event.rows[3][1]]
    report = page_of(admin, f"/admin/hasil/peserta/{_candidate_id(event.rows[3][0])}")
    review = report.split('data-testid="report-review"')[1].split("</section>")[0]
    assert "Perlu ditinjau" in review and "Tidak lengkap" in review
    assert "Tidak dipakai untuk JPM (tes tidak lengkap)" in report


def test_filters_narrow_the_table(admin, event):
    page = page_of(admin, "/admin/hasil?ruang=R02")
    assert "Menampilkan 4 dari 12 baris (2 dari 6 peserta)" in page
    assert set(_table_names(page)) == {"Peserta 10", "Peserta 11"}
    assert set(_table_names(page_of(admin, "/admin/hasil?kotak=9"))) == {"Peserta 1"}
    kurang = page_of(admin, "/admin/hasil?kategori=Kurang+Optimal")
    assert set(_table_names(kurang)) == {"Peserta 2"}
    found = page_of(admin, f"/admin/hasil?cari={event.low.row[0][-6:]}")
    assert set(_table_names(found)) == {"Peserta 2"}
    assert "Menampilkan 2 dari 12 baris" in page_of(
        admin, "/admin/hasil?unit=Diskominfo&tes=TEK-AK"
    )


def test_sorting_by_jpm(admin, event):
    down = _table_names(page_of(admin, "/admin/hasil?tes=MANSOS&urut=jpm&arah=turun"))
    up = _table_names(page_of(admin, "/admin/hasil?tes=MANSOS&urut=jpm&arah=naik"))
    assert down[:2] == ["Peserta 1", "Peserta 2"] and up[:2] == ["Peserta 2", "Peserta 1"]
    assert set(down[2:]) == set(up[2:]) == {"Peserta 3", "Peserta 4", "Peserta 10", "Peserta 11"}
    page = page_of(admin, "/admin/hasil?tes=MANSOS&urut=jpm&arah=turun")
    assert 'aria-sort="descending"' in page and "urut=jpm&amp;arah=naik" in page


def test_downloads_are_the_whole_event(admin, event):
    response = admin.get("/admin/hasil/unduh.csv?ruang=R02")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert re.search(
        r"attachment; filename=hasil-asesmen-\d{4}-\d{2}-\d{2}\.csv",
        response.headers["Content-Disposition"],
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 12 and {"nip", "jpm", "box", "INT_level", "INT_score"} <= set(rows[0])
    top = next(r for r in rows if r["nip"] == event.top.row[0] and r["test_code"] == "MANSOS")
    assert (top["jpm"], top["box"], top["INT_level"], top["krs"]) == ("100", "9", "5", "ya")

    response = admin.get("/admin/hasil/unduh.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    values = list(book.worksheets[0].iter_rows(values_only=True))
    header = next(row for row in values if "nip" in row)
    nips = [r[header.index("nip")] for r in values[values.index(header) + 1 :] if r[0]]
    assert event.top.row[0] in nips and all(isinstance(n, str) for n in nips)


def _report(admin, sitting) -> str:
    return page_of(admin, f"/admin/hasil/peserta/{sitting.candidate_id}")


def _section(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"')[1].split("</section>")[0]


def test_report_is_confidential_and_shows_the_level_with_its_sem_band(app, admin, event):
    from assessment_app.results.service import result_set

    page = _report(admin, event.low)
    assert page.count("RAHASIA") >= 2 and 'data-testid="confidential">RAHASIA<' in page
    assert "Laporan Individu" in page and event.low.row[0] in page
    assert 'data-testid="report-version">Versi hasil: <strong>SEMENTARA</strong>' in page
    with app.app_context():
        rs = result_set()
    sem = rs.reliability_of("MANSOS", "INT").sem
    row = next(r for r in rs.rows if r.nip == event.low.row[0] and r.test_code == "MANSOS")
    score = row.scores["INT"].score
    presented = [i for i in event.low.presented["MANSOS"] if ITEMS[i].competency == "INT"]
    by_hand = 100 * sum(credit(ITEMS[i], event.low.chosen[i]) for i in presented) / len(presented)
    assert score == pytest.approx(by_hand)
    integritas = page.split('data-testid="level-INT"')[1].split("</tr>")[0]
    expected = f"{score:.1f} ± {sem:.1f}".replace(".", ",")
    assert expected in integritas  # C_score ± SEM from the reliability table
    low, high = score - sem, score + sem
    cuts = rs.rules["MANSOS"].level_cuts
    span = [1 + sum(c <= v for c in cuts) for v in (low, high)]
    shown = span[0] if span[0] == span[1] else f"{span[0]}–{span[1]}"
    assert f'data-testid="band-INT">{shown}<' in integritas
    assert "Mampu bertindak sesuai nilai, norma, etika organisasi dalam kapasitas pribadi" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "Skor C Peserta 2 dengan rentang ± SEM" in page


def test_report_gap_table_suggestions_and_talent(admin, event):
    page = _report(admin, event.low)
    gap = _section(page, "gap-table")
    integritas = gap.split("Integritas")[1].split("</tr>")[0]
    assert re.findall(r'class="num">([^<]+)</td>', integritas) == ["3", "1", "-2"]
    assert "Area pengembangan" in integritas and "Perekat Bangsa" in gap
    suggestion = _section(page, "suggestions").split('data-testid="suggestion-INT"')[1]
    assert "dari level 1 ke level 3" in suggestion
    assert "Mampu memastikan, menanamkan keyakinan bersama" in suggestion  # INT level 3 title
    assert "Melakukan monitoring dan evaluasi terhadap penerapan sikap integritas" in suggestion
    assert "Definisi:" in page  # the dictionary's definition of the competency
    talent = _section(page, "talent-section")
    assert "34,62%" in talent and "Kurang Optimal" in talent
    assert "Rendah" in talent and "(dari kategori JPM)" in talent
    assert "Predikat <strong>Baik</strong>" in talent and "Kotak 2" in talent
    assert "<li>Bimbingan kinerja</li>" in talent and "<li>Penempatan yang sesuai</li>" in talent
    assert "Kompetensi teknis" in page and "tidak masuk perhitungan JPM" in page


def test_report_method_and_limitations(admin, event):
    method = _section(_report(admin, event.low), "method")
    assert "estimasi level" in method and "dikoreksi terhadap tebakan" in method
    assert "tidak dipakai untuk JPM" in method and "MANSOS: 80% soal" in method
    integritas = method.split("<td>Integritas</td>")[1].split("</tr>")[0]
    items = len([i for i in event.low.presented["MANSOS"] if ITEMS[i].competency == "INT"])
    assert f'<td class="num">{items}</td>' in integritas
    assert "20; 40; 60; 80" in integritas


def test_signature_block_comes_from_the_settings(app, admin, event, monkeypatch):
    from config import Signer

    blank = _section(_report(admin, event.low), "signatures")
    assert blank.count('data-testid="signer"') == 2 and "(....." in blank and "NIP ....." in blank
    signers = (
        Signer("Kepala BKPSDM Kota Balikpapan", "Dr. Hj. Sari Dewi, M.Si.", "197501011998012001"),
        Signer("Asesor SDM Aparatur", "Budi Santoso", ""),
    )
    monkeypatch.setitem(app.config, "REPORT_SIGNERS", signers)
    block = _section(_report(admin, event.low), "signatures")
    assert block.count('data-testid="signer"') == 2
    assert "Kepala BKPSDM Kota Balikpapan" in block and "Dr. Hj. Sari Dewi, M.Si." in block
    assert "NIP 19750101 199801 2 001" in block
    assert "Asesor SDM Aparatur" in block and "Budi Santoso" in block


def test_the_top_candidate_is_in_the_succession_pool(admin, event):
    page = _report(admin, event.top)
    assert "Kotak 9" in page and "Memenuhi standar" in page
    succession = page.split('data-testid="report-succession"')[1].split("</td>")[0]
    assert "<strong>Ya</strong>" in succession
    assert "Masuk Kelompok Rencana Suksesi Instansi/Nasional" in page
    assert 'data-testid="report-review"' not in page


def test_empty_states_of_the_report(admin, event):
    cid = _candidate_id(event.rows[2][0])
    page = page_of(admin, f"/admin/hasil/peserta/{cid}")
    assert "Belum ada hasil: tes belum selesai" in page and "Data kinerja belum ada" in page
    page = _report(admin, event.other)
    assert "Standar kompetensi jabatan belum diimpor" in page and "PRAKOM" in page
    assert admin.get("/admin/hasil/peserta/999999").status_code == 404


def _candidate_id(nip: str) -> int:
    from assessment_app.models import Candidate

    return db.session.scalar(select(Candidate.id).where(Candidate.nip == nip))


def test_talent_map_shows_counts_descriptions_and_actions(admin, event):
    page = page_of(admin, "/admin/hasil/peta-talenta")
    counts = dict(re.findall(r'data-testid="box-(\d)-count">(\d+)<', page))
    assert counts == {str(n): "1" if n in (2, 9) else "0" for n in range(1, 10)}
    order = [int(n) for n in re.findall(r'data-testid="box-(\d)"', page)]
    assert order == [6, 8, 9, 3, 5, 7, 1, 2, 4]  # Tinggi on top, Di Atas Ekspektasi right
    seven = page.split('data-testid="box-7-actions"')[1].split("</ul>")[0]
    assert "<li>Tugas belajar</li>" in seven and "Rencana Suksesi Instansi" in seven
    assert "Kinerja di atas ekspektasi, potensial menengah" in page
    assert 'data-testid="print-button"' in page and "data-print" in page
    assert 'href="/admin/hasil/unduh.xlsx"' in page
    assert "Belum dapat dipetakan (4)" in page
    reason = page.split('data-testid="reason-standar"')[1].split("</li>")[0]
    assert "<strong>2</strong>" in reason and "Peserta 10" in reason
    filtered = page_of(admin, "/admin/hasil/peta-talenta?ruang=R02")
    assert 'data-testid="box-9-count">0<' in filtered and "Belum dapat dipetakan (2)" in filtered


def test_flagged_candidates_are_marked_on_the_talent_map(app, admin, event, runner, tmp_path):
    from tests.factories import csv_text, write

    from .choices import best
    from .conftest import sit

    sit(app, event.rows[2], event.token, best, pace=timedelta(0))  # saves too fast to read
    rating = [[event.rows[2][0], "Baik", "2024"]]
    skp = write(tmp_path / "k.csv", csv_text(rating, ["nip", "predikat", "year"]))
    assert runner.invoke(args=["performance", "import", skp]).exit_code == 0
    page = page_of(admin, "/admin/hasil/peta-talenta")
    assert 'data-testid="box-8-count">1<' in page  # Tinggi potential, Sesuai Ekspektasi
    box = page.split('data-testid="box-8"')[1].split("</td>")[0]
    assert 'data-testid="box-8-review"' in box and "perlu ditinjau: Menebak cepat" in box
    assert 'data-testid="map-review">1 terpetakan perlu ditinjau' in page


def test_distribution_per_test_and_competency(admin, event):
    page = page_of(admin, "/admin/hasil/distribusi")
    mansos = page.split('data-testid="dist-MANSOS"')[1].split("</section>")[0]
    assert "(3 selesai)" in mansos and mansos.count('role="img"') == 9
    assert "Integritas" in mansos and "n = 3" in mansos and "rata-rata skor C" in mansos
    assert 'data-testid="rel-MANSOS-INT"' in mansos
    tek = page.split('data-testid="dist-TEK-AK"')[1].split("</section>")[0]
    assert "(2 selesai)" in tek and tek.count("<svg") == 1
    assert 'data-testid="dist-TEK-PK"' not in page  # no finished attempt: not shown
