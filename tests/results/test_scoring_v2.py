"""Scoring v2 through the one production path: candidate API in, `result_set()` out.

JPM over complete attempts only (the later test in the candidate's order wins), technical
competencies left out, below_standard in competencies.yaml order, an imported potential
standing on its own, KRS, and the flags from real save times (the app clock is moved).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from numpy.testing import assert_allclose

from assessment_app import clock
from assessment_app.bank import load_bank
from tests.factories import SAMPLE_BANK, csv_text, publish_sample_bank, roster_rows, write
from tests.factories import sit as sit_tests

MANSOS = ["INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK", "PB"]  # competencies.yaml order
BANK = load_bank(str(SAMPLE_BANK)).bank
INT_B = """\
code: INT-B
title: Tes Integritas Lanjutan
duration_minutes: 30
shuffle_items: true
shuffle_options: true
sections:
  - title: Integritas
    draw:
      - {competency: INT, level: 1, count: 1}
      - {competency: INT, level: 2, count: 1}
      - {competency: INT, level: 3, count: 1}
      - {competency: INT, level: 4, count: 1}
      - {competency: INT, level: 5, count: 1}
scoring:
  level_cuts: [20, 40, 60, 80]
"""


def scored(score: int):
    """Pick the option with this score (sjt)."""
    return lambda item_id: next(o.key for o in BANK.item(item_id).options if o.score == score)


def wrong(item_id: str) -> str:
    """Pick a wrong option (mcq)."""
    item = BANK.item(item_id)
    return next(key for key in item.option_keys if key != item.answer)


def longest(item_id: str) -> str:
    options = BANK.item(item_id).options
    return max(options, key=lambda option: len(option.text)).key


def first_n(pick, n: int, otherwise=None):
    """Answer the first n items shown with ``pick``, the others with ``otherwise`` (blank)."""
    seen: list[str] = []

    def choose(item_id: str) -> str | None:
        seen.append(item_id)
        if len(seen) <= n:
            return pick(item_id)
        return otherwise(item_id) if otherwise else None

    return choose


def best_then_middle(n: int):
    """The best option (5) on the first n items shown, the middle one (3) on the others."""
    return first_n(scored(5), n, otherwise=scored(3))


def sit(app, row, token, test_code, pick, *, gap=timedelta(seconds=20), finish=True):
    """Sit ``test_code`` alone, saving pick(item) ``gap`` apart on the app clock."""
    sit_tests(app, row, token, pick, tests=[test_code], gap=gap, finish=finish)


def _import(app, runner, tmp_path, kind: str, rows, header) -> None:
    with app.app_context():
        path = write(tmp_path / f"{kind}.csv", csv_text(rows, header))
        result = runner.invoke(args=[kind, "import", path])
        assert result.exit_code == 0, result.output


def _roster(app, runner, tmp_path, rows) -> str:
    with app.app_context():
        result = runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))])
        assert result.exit_code == 0, result.output
        return runner.invoke(args=["session", "open", "S1"]).stdout.strip()


def _results():
    from assessment_app.results.service import result_set

    return result_set()


def _by_nip(results, test_code: str | None = None) -> dict:
    return {row.nip: row for row in results.rows if test_code is None or row.test_code == test_code}


@pytest.fixture
def two_tests(app, runner, tmp_path, bank_copy):
    """Candidates on MANSOS and INT-B (both measure INT), TEK-AK, standards with TEK-AK."""
    clock.freeze()
    (bank_copy / "tests" / "int-b.yaml").write_text(INT_B, encoding="utf-8")
    with app.app_context():
        published = runner.invoke(args=["bank", "publish", str(bank_copy)])
        assert published.exit_code == 0, published.output
    rows = roster_rows(5, tests="MANSOS;INT-B")
    rows[2][8] = "INT-B;MANSOS"  # C: INT-B first in C's test order
    rows[4][8] = "MANSOS;TEK-AK"
    token = _roster(app, runner, tmp_path, rows)
    # standards columns in another order than competencies.yaml, with a technical one
    header = ["position_code", "TEK-AK", *reversed(MANSOS)]
    _import(app, runner, tmp_path, "standards", [["AK-MUDA", "5", *["3"] * 9]], header)
    a, b, c, d, e = rows
    sit(app, a, token, "MANSOS", scored(5))  # INT level 5 ...
    sit(app, a, token, "INT-B", scored(3))  # ... then INT level 1 later in A's order
    sit(app, b, token, "MANSOS", scored(5))
    sit(app, b, token, "INT-B", first_n(scored(5), 3))  # 3 of 5 < 0.8 x 5: incomplete
    sit(app, c, token, "INT-B", scored(5))  # INT 5 first (tests are sat in order) ...
    sit(app, c, token, "MANSOS", scored(3))  # ... then INT 1 on MANSOS, later in C's order
    sit(app, d, token, "MANSOS", first_n(scored(5), 35))  # 35 of 45: incomplete
    sit(app, d, token, "INT-B", best_then_middle(1))  # credits 1, 0, 0, 0, 0
    sit(app, e, token, "MANSOS", scored(5))
    sit(app, e, token, "TEK-AK", wrong)  # every technical item wrong: TEK-AK level 1
    return rows


def test_jpm_counts_complete_attempts_and_the_later_test_wins(app, two_tests):
    a, b, c, d, e = (row[0] for row in two_tests)
    with app.app_context():
        results = _results()
    talent = {row.nip: row.talent for row in results.rows}
    # A: MANSOS INT 5, INT-B INT 1 (complete, later) -> INT 1: (1 + 8 x 3) / 27 = 92.59
    assert talent[a].achieved["INT"] == 1
    assert_allclose(talent[a].jpm, 2500 / 27)
    assert talent[a].below_standard == ("INT",)
    # B: INT-B incomplete (3 of 5, C_score 60 -> level 4) does not count: INT 5 -> 27/27
    b_int = _by_nip(results, "INT-B")[b]
    assert b_int.flags == ("incomplete",) and b_int.scores["INT"].level == 4
    assert talent[b].achieved["INT"] == 5 and talent[b].jpm == 100.0
    # C: INT-B (first in C's order) gives 5, MANSOS (later) gives 1 on everything:
    # 9 / 27 = 33.33; every competency below the standard, in competencies.yaml order
    assert talent[c].achieved["INT"] == 1
    assert_allclose(talent[c].jpm, 100 / 3)
    assert talent[c].below_standard == tuple(MANSOS)
    # D: MANSOS incomplete (35 of 45) is scored but ignored; INT-B: credits 1, 0, 0, 0, 0
    # -> C_score 20 -> level 2: only INT assessed -> min(2, 3) / 3 = 66.67
    d_mansos = _by_nip(results, "MANSOS")[d]
    assert d_mansos.flags == ("incomplete",) and d_mansos.answered == 35
    assert d_mansos.scores["KS"].level >= 1  # still scored and exported
    assert talent[d].achieved == {"INT": 2}
    assert_allclose(talent[d].jpm, 200 / 3)
    assert talent[d].below_standard == ("INT",)
    # E: TEK-AK (required 5, achieved 1) is technical: not in JPM, not below_standard
    e_tek = _by_nip(results, "TEK-AK")[e]
    assert e_tek.scores["TEK-AK"].level == 1 and e_tek.flags == ()
    assert_allclose(e_tek.scores["TEK-AK"].score, -100 / 3)  # 20 x -1/3 over 20 items
    assert talent[e].jpm == 100.0 and talent[e].below_standard == ()
    assert "TEK-AK" not in talent[e].required


def test_jpm_rounds_half_up_to_two_decimals_in_the_export(app, runner, tmp_path):
    # 8 required at level 4 (PB not required) = 32; achieved 7 x 3 + 1 x 4 = 25 -> 78.125,
    # exported as 78.13 (half up; 78.12 would be round-half-even), Cukup Optimal
    import csv
    import io

    clock.freeze()
    with app.app_context():
        publish_sample_bank()
    rows = roster_rows(1, tests="MANSOS")
    token = _roster(app, runner, tmp_path, rows)
    _import(
        app,
        runner,
        tmp_path,
        "standards",
        [["AK-MUDA", *["4"] * 8]],
        ["position_code", *MANSOS[:8]],
    )
    counts: dict[str, int] = {}

    def pick(item_id: str) -> str:
        # per competency, the best option on the first 3 (INT: C_score 60, level 4) or 2
        # (others: 40, level 3) items seen, the middle one (credit 0) on the rest
        code = BANK.item(item_id).competency
        counts[code] = counts.get(code, 0) + 1
        best = counts[code] <= (3 if code == "INT" else 2)
        return scored(5 if best else 3)(item_id)

    sit(app, rows[0], token, "MANSOS", pick)
    with app.app_context():
        results = _results()
        out = tmp_path / "hasil.csv"
        assert (
            runner.invoke(
                args=["results", "export", "--format", "csv", "--out", str(out)]
            ).exit_code
            == 0
        )
    talent = results.rows[0].talent
    assert results.rows[0].scores["INT"].level == 4 and results.rows[0].scores["KS"].level == 3
    assert talent.jpm == 78.125 and talent.jpm_category == "Cukup Optimal"
    exported = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert exported["jpm"] == "78.13"


@pytest.fixture
def talent_event(app, runner, tmp_path):
    """Imported potentials and SKP years; one candidate never sits a test."""
    from assessment_app.extensions import db
    from assessment_app.models import PotentialRating

    clock.freeze()
    with app.app_context():
        publish_sample_bank()
    rows = roster_rows(4, tests="MANSOS")
    token = _roster(app, runner, tmp_path, rows)
    _import(
        app, runner, tmp_path, "standards", [["AK-MUDA", *["3"] * 9]], ["position_code", *MANSOS]
    )
    f, g, h, k = (row[0] for row in rows)
    skp = [
        [f, "Sangat Baik", "2025"],
        [f, "Baik", "2024"],
        [g, "Sangat Baik", "2025"],
        [g, "Sangat Baik", "2023"],  # not consecutive with 2025
        [h, "Baik", "2025"],
        [h, "Sangat Baik", "2024"],
        [k, "Baik", "2025"],
        [k, "Baik", "2024"],
    ]
    _import(app, runner, tmp_path, "performance", skp, ["nip", "predikat", "year"])
    with app.app_context():
        db.session.add_all(
            [
                PotentialRating(nip=f, year=None, potential="Tinggi", source="lama"),
                PotentialRating(nip=f, year=2024, potential="Menengah", source="BKN 2024"),
                PotentialRating(nip=f, year=2023, potential="Rendah", source="BKN 2023"),
                PotentialRating(nip=k, year=2025, potential="Rendah", source="BKN 2025"),
            ]
        )
        db.session.commit()
    # f never sits; g and h answer the best option 20 s apart; k 1 s apart (rapid)
    sit(app, rows[1], token, "MANSOS", scored(5))
    sit(app, rows[2], token, "MANSOS", scored(5))
    sit(app, rows[3], token, "MANSOS", scored(5), gap=timedelta(seconds=1))
    return rows


def test_an_imported_potential_stands_and_gives_a_box_without_a_test(app, talent_event):
    f, g, h, k = (row[0] for row in talent_event)
    with app.app_context():
        talent = {row.nip: row.talent for row in _results().rows}
    # f: no attempt at all; the 2024 file row wins over 2023 and the row without a year
    assert talent[f].jpm is None and talent[f].jpm_category is None
    assert (talent[f].potential, talent[f].potential_source) == ("Menengah", "BKN 2024")
    # Menengah x Sangat Baik (2025, the latest) = box 7; 2025 and 2024 good -> KRS ya
    assert talent[f].performance == "Di Atas Ekspektasi" and talent[f].box == 7
    assert talent[f].krs == "ya"
    # k: JPM 100 would give Tinggi; the file's Rendah stands: Rendah x Sesuai = box 2
    assert talent[k].jpm == 100.0 and talent[k].jpm_category == "Optimal"
    assert (talent[k].potential, talent[k].box) == ("Rendah", 2)
    # g: derived Tinggi x Di Atas = 9, but 2025 and 2023 are not consecutive -> tidak
    assert (talent[g].potential, talent[g].potential_source, talent[g].box) == ("Tinggi", "JPM", 9)
    assert talent[g].krs == "tidak"
    # h: Tinggi x Sesuai (Baik 2025) = 8, 2025 Baik and 2024 Sangat Baik -> ya
    assert talent[h].box == 8 and talent[h].krs == "ya" and talent[h].review is False


def test_a_flag_keeps_a_candidate_out_of_krs(app, talent_event):
    from sqlalchemy import delete

    from assessment_app.extensions import db
    from assessment_app.models import PotentialRating

    k = talent_event[3][0]
    with app.app_context():
        db.session.execute(delete(PotentialRating).where(PotentialRating.nip == k))
        db.session.commit()
        row = _by_nip(_results())[k]
    # k: JPM 100, Tinggi x Sesuai = box 8 with two good consecutive years, but every
    # answer came 1 s after the previous one: rapid_guessing -> KRS tidak, perlu ditinjau
    assert row.flags == ("rapid_guessing",)
    assert row.talent.box == 8 and row.talent.krs == "tidak" and row.talent.review is True


def test_flags_from_the_save_times_and_the_chosen_options(app, runner, tmp_path):
    clock.freeze()
    with app.app_context():
        publish_sample_bank()
    rows = roster_rows(5, tests="MANSOS")
    token = _roster(app, runner, tmp_path, rows)
    sit(app, rows[0], token, "MANSOS", scored(4), gap=timedelta(seconds=1))
    sit(app, rows[1], token, "MANSOS", scored(4), gap=timedelta(seconds=20))
    sit(app, rows[2], token, "MANSOS", longest)
    sit(app, rows[3], token, "MANSOS", first_n(scored(4), 36))
    sit(app, rows[4], token, "MANSOS", first_n(longest, 35), gap=timedelta(seconds=2))
    with app.app_context():
        results = _by_nip(_results())
    rapid, calm, long, enough, short = (results[row[0]] for row in rows)
    assert rapid.flags == ("rapid_guessing",)  # 45 saves 1 s apart (< 3 s)
    assert calm.flags == ()  # the same answers 20 s apart
    assert long.flags == ("longest_option",)
    assert enough.flags == () and enough.answered == 36  # 36 of 45 = 0.8 exactly
    # 35 of 45; 2 s apart; the longest option on all 35 answers
    assert short.flags == ("incomplete", "rapid_guessing", "longest_option")
    assert short.talent.achieved == {} and short.scores  # scored, not assessed
    for row in (rapid, long):  # flagged, yet assessed: only incomplete keeps a test out
        assert row.talent.review is True and len(row.talent.achieved) == 9
    assert calm.talent.review is False
