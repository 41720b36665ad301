"""The results pages in a real browser: the table at 1366 px, the signed report, the talent
map and the sign-off, with screenshots (and the report's PDF) saved as artifacts."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from bench.harness.client import Candidate
from tests.factories import csv_text
from tests.results_pages.choices import ITEMS, best, worst

PASSWORD = "rahasia-ujian-123"
MANAGERIAL = ["INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK"]
SIGNERS = "Kepala BKPSDM|Dra. Sari Dewi, M.Si.|197501011998012001;Asesor SDM Aparatur|Budi Santoso"


def _sit(server, row, token, choose) -> None:
    """A candidate logs in, then starts, answers and finishes every test, over HTTP."""
    candidate = Candidate(server.url)
    for attempt in candidate.login(row[0], row[9], token)["attempts"]:
        started = candidate.start(attempt["id"])
        for seq, item in enumerate(started["items"], start=1):
            candidate.save(attempt["id"], item["id"], choose(seq, ITEMS[item["id"]]), seq)
        candidate.request("POST", f"/api/v1/attempts/{attempt['id']}/finish", {})


def _prepare(server) -> list:
    token, rows = server.prepare(candidates=5, tests="MANSOS;TEK-AK")
    server.flask(
        "users", "create", "--role", "admin", "--username", "admin1", "--password", PASSWORD
    )
    standards = server.directory / "standar.csv"
    header = ["position_code", *MANAGERIAL, "PB"]
    standards.write_text(csv_text([["AK-MUDA", *["3"] * 8, "2"]], header), "utf-8")
    server.flask("standards", "import", str(standards))
    skp = server.directory / "skp.csv"
    ratings = [
        [rows[0][0], "Sangat Baik", "2024"],
        [rows[1][0], "Baik", "2024"],
        [rows[2][0], "Baik", "2024"],
    ]
    skp.write_text(csv_text(ratings, ["nip", "predikat", "year"]), "utf-8")
    server.flask("performance", "import", str(skp))
    server.env["REPORT_SIGNERS"] = SIGNERS
    server.start()
    _sit(server, rows[0], token, lambda seq, item: best(item))
    _sit(server, rows[1], token, lambda seq, item: best(item) if seq % 4 else worst(item))
    _sit(server, rows[2], token, lambda seq, item: worst(item))
    return rows


def _admin_login(page, server) -> None:
    page.goto(server.url + "/masuk")
    page.locator("#username").fill("admin1")
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/masuk"))


def test_report_and_talent_map_render_and_print(live_factory, page, artifacts):
    server = live_factory(workers=2)
    rows = _prepare(server)
    _admin_login(page, server)

    page.goto(server.url + "/admin/hasil?urut=jpm&arah=turun")
    expect(page.get_by_test_id("result-count")).to_contain_text("Menampilkan 10 dari 10 baris")
    expect(page.get_by_test_id("version-label")).to_have_text("SEMENTARA")
    page.get_by_role("link", name="Peserta 2").first.click()

    report = page.get_by_test_id("individual-report")
    expect(report).to_contain_text("Laporan Individu Hasil Asesmen Kompetensi")
    expect(page.get_by_test_id("confidential")).to_have_text("RAHASIA")
    expect(page.get_by_test_id("report-version")).to_contain_text("SEMENTARA")
    expect(page.get_by_test_id("report-name")).to_have_text("Peserta 2")
    expect(report).to_contain_text(rows[1][0])
    bands = report.locator("svg[role=img]", has=page.locator("title", has_text="± SEM"))
    expect(bands).to_be_visible()
    assert bands.bounding_box()["width"] > 600  # drawn at size, not collapsed
    profile = report.locator("svg[role=img]", has=page.locator("title", has_text="standar"))
    expect(profile.locator("text", has_text="Level standar jabatan")).to_have_count(1)
    expect(page.get_by_test_id("level-table")).to_contain_text("±")
    expect(page.get_by_test_id("gap-table")).to_contain_text("Integritas")
    expect(page.get_by_test_id("report-jpm")).to_contain_text("%")
    expect(page.get_by_test_id("report-box")).to_contain_text("Kotak")
    expect(page.get_by_test_id("technical-table")).to_contain_text("TEK-AK")
    expect(page.get_by_test_id("method")).to_contain_text("estimasi level")
    signatures = page.get_by_test_id("signatures")
    expect(signatures).to_contain_text("Dra. Sari Dewi, M.Si.")
    expect(signatures).to_contain_text("NIP 19750101 199801 2 001")
    expect(signatures).to_contain_text("Asesor SDM Aparatur")
    page.screenshot(path=str(artifacts / "individual-report.png"), full_page=True)

    page.emulate_media(media="print")
    expect(page.get_by_test_id("print-button")).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".results-nav")).to_be_hidden()
    expect(page.get_by_test_id("confidential")).to_be_visible()
    expect(page.get_by_test_id("version-banner")).to_be_visible()  # a draft prints as one
    page.pdf(path=str(artifacts / "laporan-individu.pdf"), format="A4")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi: how it prints
    page.screenshot(path=str(artifacts / "laporan-individu-cetak.png"), full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1024, "height": 768})
    assert (artifacts / "laporan-individu.pdf").read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Peta talenta").click()
    grid = page.get_by_test_id("ninebox")
    expect(grid).to_be_visible()
    expect(page.get_by_test_id("box-9-count")).to_have_text("1")  # Peserta 1: all best, Sangat Baik
    expect(page.get_by_test_id("box-7-actions")).to_contain_text("Tugas belajar")
    expect(page.get_by_test_id("print-button")).to_be_visible()
    expect(page.get_by_test_id("export-xlsx")).to_have_attribute("href", "/admin/hasil/unduh.xlsx")
    expect(page.get_by_test_id("unmapped")).to_contain_text("data kinerja (SKP) belum ada")
    box = page.get_by_test_id("box-9")
    # answers saved over HTTP as fast as a script can: flagged as rapid guessing
    expect(box.get_by_test_id("box-9-review")).to_contain_text("perlu ditinjau")
    box.locator("summary").click()
    link = box.get_by_role("link", name="Peserta 1")
    expect(link).to_be_visible()
    expect(box).to_contain_text("Menebak cepat")
    page.screenshot(path=str(artifacts / "talent-map.png"), full_page=True)
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print-button")).to_be_hidden()
    page.screenshot(path=str(artifacts / "talent-map-cetak.png"), full_page=True)
    page.emulate_media(media="screen")
    link.click()
    expect(page.get_by_test_id("report-name")).to_have_text("Peserta 1")
    expect(page.get_by_test_id("report-succession")).to_contain_text("perlu ditinjau")


def test_table_sign_off_distribution_and_a_correction(live_factory, browser, artifacts):
    server = live_factory(workers=2)
    _prepare(server)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    context.set_default_timeout(30_000)
    page = context.new_page()
    _admin_login(page, server)

    page.goto(server.url + "/admin/hasil")
    name = page.locator("table.results-table tbody th.sticky-name").first
    before = name.bounding_box()["x"]
    scroller = page.locator(".table-scroll")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # wider than 1366 px
    scroller.evaluate("e => e.scrollLeft = 600")
    page.wait_for_function("document.querySelector('.table-scroll').scrollLeft > 0")
    assert abs(name.bounding_box()["x"] - before) < 1  # the name stays in view
    expect(name).to_be_visible()
    page.screenshot(path=str(artifacts / "results-table-1366.png"))

    page.get_by_role("link", name="Versi & penetapan").click()
    page.get_by_label("Alasan penetapan").fill("Disahkan rapat tim penilai kinerja")
    page.get_by_role("button", name="Tetapkan hasil").click()
    expect(page.get_by_role("alert")).to_contain_text("versi 1")
    expect(page.get_by_test_id("version-label")).to_have_text("FINAL v1")
    expect(page.get_by_test_id("version-1")).to_contain_text("admin1")
    page.screenshot(path=str(artifacts / "results-versions.png"), full_page=True)

    page.get_by_role("link", name="Koreksi penilaian").click()
    form = page.get_by_test_id("item-form")
    form.get_by_label("Kode soal").fill("INT-0001")
    form.get_by_label("Alasan").fill("Kunci soal keliru menurut tim penyusun")
    form.get_by_role("button", name="Simpan koreksi soal").click()
    expect(page.get_by_role("alert")).to_contain_text("Koreksi dicatat")
    expect(page.get_by_test_id("corrections-in-force")).to_contain_text("INT-0001")
    cuts = page.get_by_test_id("cuts-form")  # Peserta 3 answered worst: -100 reaches cut 1
    cuts.get_by_label("Tes").select_option("MANSOS")
    cuts.get_by_label("Batas level 2, 3, 4 dan 5 (skor C)").fill("-150; 40; 60; 80")
    cuts.get_by_label("Alasan").fill("Batas dari panel penetapan standar")
    cuts.get_by_role("button", name="Simpan batas level").click()
    expect(page.get_by_role("alert")).to_contain_text("Koreksi dicatat")
    expect(page.get_by_test_id("cuts-in-force")).to_contain_text("-150; 40; 60; 80")
    expect(page.get_by_test_id("version-label")).to_have_text("SEMENTARA (sejak v1)")
    expect(page.get_by_test_id("version-changes")).to_contain_text("berubah")
    page.screenshot(path=str(artifacts / "results-corrections.png"), full_page=True)

    page.get_by_role("link", name="Tabel hasil").click()
    expect(page.get_by_test_id("corrections-box")).to_contain_text("Kunci soal keliru")
    page.get_by_label("Ruang").select_option("R01")
    page.get_by_label("Tes").select_option("MANSOS")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_test_id("result-count")).to_contain_text("Menampilkan 5 dari 10 baris")
    page.get_by_role("link", name="JPM %").click()
    expect(page).to_have_url(re.compile(r"urut=jpm&arah=turun"))
    expect(page).to_have_url(re.compile(r"tes=MANSOS"))  # the filter is kept
    first = page.locator("table.results-table tbody tr").first
    expect(first).to_contain_text("Peserta 1")
    page.screenshot(path=str(artifacts / "results-table.png"), full_page=True)

    page.get_by_role("link", name="Distribusi level").click()
    mansos = page.get_by_test_id("dist-MANSOS")
    expect(mansos.locator("svg[role=img]")).to_have_count(9)
    expect(mansos).to_contain_text("n = 3")
    page.screenshot(path=str(artifacts / "results-distribution.png"), full_page=True)
    context.close()
