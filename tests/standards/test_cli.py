"""`flask standards-setting ...`: an Angoff panel run end to end from the terminal.

Two panelist accounts judge the demo event's INT items on paper; their judgements come in
by CSV. Every INT item is scored 1..5, so an expected option score E is worth (E - 3) / 2
(CONTRACT §6: (s - m) / (M - m) with m = 3, M = 5); a panelist's cut is 100 x the mean of
that over the items and the panel's the mean of the two, recomputed here by hand. Adopting
the cuts must change the levels the results give.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import PanelJudgement
from tests.standards.building import build_panel_event

COHORT = 60
PANELISTS = {"panelis.citra": "Citra Dewi", "panelis.dodi": "Dodi Prasetyo"}


@pytest.fixture(scope="module")
def event(app, module_data):
    """The demo event with COHORT simulated finished MANSOS attempts and two panelists."""
    build_panel_event(app, module_data, COHORT, PANELISTS)


def stated(username: str, boundary: int, index: int) -> float:
    """The expected option score a panelist writes for the index-th INT item."""
    if username == "panelis.citra":
        return 2.9 + 0.5 * (boundary - 2) + 0.1 * (index % 4)
    return 3.2 + 0.4 * (boundary - 2) - 0.1 * (index % 3)


def hand_cuts(items: list[str]) -> list[float]:
    """The panel's cut at boundaries 2..5: the mean over panelists of 100 x mean (E - 3) / 2."""
    cuts = []
    for boundary in (2, 3, 4, 5):
        own = [
            100.0
            * sum((stated(user, boundary, i) - 3.0) / 2.0 for i in range(len(items)))
            / len(items)
            for user in PANELISTS
        ]
        cuts.append(sum(own) / len(own))
    return cuts


def invoke(runner, *args: str):
    return runner.invoke(args=["standards-setting", *args])


def judgement_csv(items: list[str]) -> str:
    lines = ["panelist,competency,boundary,item,value"]
    for user in PANELISTS:
        for boundary in (2, 3, 4, 5):
            for i, item in enumerate(items):
                lines.append(f"{user},INT,{boundary},{item},{stated(user, boundary, i):.1f}")
    return "\n".join(lines) + "\n"


def seated_panel(app, runner) -> tuple[int, list[str]]:
    """Create an Angoff panel on INT by the CLI, seat both panelists, open round 1."""
    created = invoke(
        runner, "create", "--test", "MANSOS", "--method", "angoff", "--competency", "INT"
    )
    assert created.exit_code == 0, created.output
    panel_id = int(re.search(r"Panel (\d+) dibuat", created.output).group(1))
    assert "INT (Integritas): 15 butir" in created.output
    for user in PANELISTS:
        added = invoke(runner, "add-panelist", str(panel_id), user)
        assert added.exit_code == 0, added.output
    opened = invoke(runner, "open-round", str(panel_id))
    assert opened.exit_code == 0 and "Putaran 1" in opened.output
    with app.app_context():
        from assessment_app.standards.service import get_panel

        items = [i["id"] for i in get_panel(panel_id).booklet["competencies"][0]["items"]]
    return panel_id, items


def stored_judgements(app, panel_id: int) -> int:
    with app.app_context():
        query = select(func.count()).where(PanelJudgement.panel_id == panel_id)
        return db.session.scalar(query.select_from(PanelJudgement))


def test_angoff_panel_end_to_end(app, event, runner, tmp_path):
    from assessment_app.admin.results.presenters import decimal_text

    panel_id, items = seated_panel(app, runner)
    file = tmp_path / "penilaian.csv"
    file.write_text(judgement_csv(items), encoding="utf-8")
    loaded = invoke(runner, "judgements", str(panel_id), "--file", str(file))
    assert loaded.exit_code == 0, loaded.output
    assert "120 penilaian dari 2 panelis" in loaded.output
    expected = hand_cuts(items)
    closed = invoke(runner, "close-round", str(panel_id))
    assert closed.exit_code == 0, closed.output
    proposal = "; ".join(decimal_text(cut) for cut in expected)
    assert f"INT (Integritas): {proposal}" in closed.output
    summary = invoke(runner, "summary", str(panel_id))
    assert "Putaran 1 (ditutup)" in summary.output and proposal in summary.output
    with app.app_context():
        from assessment_app.standards.service import get_panel

        stored = get_panel(panel_id).rounds[-1].summary["competencies"][0]["cuts"]
    assert stored == pytest.approx(expected, abs=1e-9)
    adopted = invoke(runner, "adopt", str(panel_id), "--reason", "Hasil panel kertas")
    assert adopted.exit_code == 0, adopted.output
    assert re.search(r"koreksi #\d+", adopted.output)
    _levels_follow(app, expected)
    _report_files(runner, panel_id, items, expected, tmp_path)


def _levels_follow(app, cuts: list[float]) -> None:
    """The results use the adopted INT cuts (rounded half up to 2 decimals) for levels."""
    from assessment_app.results.service import result_set

    adopted = [float(Decimal(repr(c)).quantize(Decimal("0.01"), ROUND_HALF_UP)) for c in cuts]
    with app.app_context():
        results = result_set()
        in_force = list(results.rules["MANSOS"].cuts_for("INT"))
        assert in_force == pytest.approx(adopted, abs=1e-9)
        scored = [row.scores["INT"] for row in results.rows if "INT" in row.scores]
        assert len(scored) == COHORT
        for score in scored:
            assert score.level == 1 + sum(score.score >= cut - 1e-9 for cut in in_force)
        default = [1 + sum(s.score >= cut - 1e-9 for cut in (20, 40, 60, 80)) for s in scored]
        assert sum(s.level != level for s, level in zip(scored, default, strict=True)) > 0


def _report_files(runner, panel_id: int, items: list[str], cuts: list[float], tmp_path) -> None:
    out = tmp_path / "laporan.csv"
    written = invoke(runner, "report", str(panel_id), "--out", str(out))
    assert written.exit_code == 0, written.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    judged = {
        (r["panelist"], int(r["boundary"]), r["item"]): float(r["value"])
        for r in rows
        if r["section"] == "judgement"
    }
    labels = {"P1": "panelis.citra", "P2": "panelis.dodi"}
    assert judged == {
        (label, b, item): pytest.approx(round(stated(user, b, i), 1))
        for label, user in labels.items()
        for b in (2, 3, 4, 5)
        for i, item in enumerate(items)
    }
    panel_cuts = [
        float(r["value"]) for r in rows if r["section"] == "cut" and r["field"] == "panel"
    ]
    assert panel_cuts == pytest.approx(cuts, abs=5e-5)
    assert {r["section"] for r in rows} >= {"adoption", "impact", "round"}
    html = tmp_path / "laporan.html"
    assert invoke(runner, "report", str(panel_id), "--out", str(html)).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert "<style>" in page and "LAPORAN PENETAPAN STANDAR" in page
    book = tmp_path / "buku.csv"
    assert invoke(runner, "booklet", str(panel_id), "--out", str(book)).exit_code == 0
    listed = list(csv.DictReader(io.StringIO(book.read_text(encoding="utf-8"))))
    assert [(r["item"], r["low"], r["high"]) for r in listed] == [(i, "1", "5") for i in items]
    assert not list(tmp_path.glob("*.part"))


def test_a_bad_row_is_named_and_nothing_is_written(app, event, runner, tmp_path):
    panel_id, items = seated_panel(app, runner)
    file = tmp_path / "salah.csv"
    file.write_text(
        "panelist,competency,boundary,item,value\n"
        f"panelis.citra,INT,2,{items[0]},3.5\n"
        f"panelis.dodi,INT,2,{items[1]},7\n"
        f"panelis.entah,INT,6,{items[2]},3\n"
        f"panelis.citra,INT,²,{items[3]},3\n",  # a digit to str.isdigit, not to int()
        encoding="utf-8",
    )
    refused = invoke(runner, "judgements", str(panel_id), "--file", str(file))
    assert refused.exit_code == 1
    assert "baris 3, kolom value" in refused.output
    assert "baris 4, kolom panelist" in refused.output
    assert "baris 4, kolom boundary" in refused.output
    assert "baris 5, kolom boundary" in refused.output
    assert "baris 2" not in refused.output
    assert stored_judgements(app, panel_id) == 0


def test_refusals_exit_one(app, event, runner, tmp_path):
    panel_id, items = seated_panel(app, runner)
    assert invoke(runner, "close-round", str(panel_id)).exit_code == 0
    file = tmp_path / "terlambat.csv"
    file.write_text(
        f"panelist,competency,boundary,item,value\npanelis.citra,INT,2,{items[0]},3\n",
        encoding="utf-8",
    )
    late = invoke(runner, "judgements", str(panel_id), "--file", str(file))
    assert late.exit_code == 1 and "Putaran belum dibuka" in late.output
    assert stored_judgements(app, panel_id) == 0
    incomplete = invoke(runner, "adopt", str(panel_id), "--reason", "coba")
    assert incomplete.exit_code == 1 and "Gagal:" in incomplete.output
    missing = invoke(runner, "open-round", "99999")
    assert missing.exit_code == 1 and "tidak ditemukan" in missing.output
    wrong = invoke(runner, "report", str(panel_id), "--out", str(tmp_path / "laporan.pdf"))
    assert wrong.exit_code == 1
    listed = invoke(runner, "list")
    assert listed.exit_code == 0 and f"{panel_id}\tMANSOS\tangoff" in listed.output
