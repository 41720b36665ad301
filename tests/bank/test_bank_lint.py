"""Bank lint: each rule on a small bank that triggers it and one that does not, the figures
computed by hand, `bank validate` and `--strict`, the admin bank page, the sample bank."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from assessment_app.bank import Bank, Competency, Item, Option, load_bank
from assessment_app.bank.lint import (
    KEY_SHARE_MAX,
    RANK_CORRELATION_MAX,
    SHARE_LONGEST_MAX,
    SHARE_MOST_ACTIONS_MAX,
    LintWarning,
    McqFigures,
    SjtFigures,
    actions,
    average_ranks,
    lint_bank,
)
from tests.factories import SAMPLE_BANK, csrf_from, login_staff, make_user

LEVELS = {level: f"Level {level}" for level in range(1, 6)}


def text(length: int, acts: int = 1) -> str:
    """Return an option text of ``length`` characters listing ``acts`` actions (commas)."""
    base = ",".join(["a"] * acts)
    assert len(base) <= length
    return base + "b" * (length - len(base))


def sjt(item_id: str, *options: tuple[int, int, int], level=1, stem="Situasi.", code="INT", line=3):
    """An sjt item; each option is (length, actions, score)."""
    built = tuple(
        Option(chr(65 + i), text(length, acts), score)
        for i, (length, acts, score) in enumerate(options)
    )
    source = f"bank/items/{code.lower()}.yaml:{line}"
    return Item(item_id, code, "sjt", level, stem, built, source=source)


def mcq(item_id: str, answer: str, lengths=(10, 10, 10, 10), code="TEK", line=3, stem="Soal?"):
    options = tuple(Option(chr(65 + i), text(n)) for i, n in enumerate(lengths))
    source = f"bank/items/{code.lower()}.yaml:{line}"
    return Item(item_id, code, "mcq", None, stem, options, answer, source=source)


def bank_of(*items: Item, group: str = "teknis", codes=("INT", "TEK")) -> Bank:
    competencies = tuple(Competency(code, code, group, tuple(LEVELS.items())) for code in codes)
    return Bank(competencies, items, ())


def codes(bank: Bank) -> list[str]:
    return [warning.code for warning in lint_bank(bank).warnings]


# -- measures ---------------------------------------------------------------------------


def test_actions_counts_separators_and_whole_linking_words():
    assert actions("Menolak, lalu melapor dan mencatat; serta mengarsipkan") == 6
    assert actions("Sambil menunggu, Kemudian menulis") == 4  # lower-cased first
    assert actions("Menyerahkan dana kepada bendahara") == 1  # "dana" is not "dan"
    assert actions("Menulis laporan") == 1


def test_average_ranks_share_ties():
    assert_allclose(average_ranks([10, 20, 15, 15]), [1, 4, 2.5, 2.5])
    assert_allclose(average_ranks([3, 3, 3]), [2, 2, 2])


# -- 1. terpanjang --------------------------------------------------------------------------


def test_best_option_longest_by_the_margin_warns():
    assert "terpanjang" in codes(bank_of(sjt("I1", (60, 1, 5), (50, 1, 4), (50, 1, 1))))
    # On a tie of best scores each best option is checked against the other options.
    tie = sjt("I1", (40, 1, 5), (60, 1, 5), (50, 1, 2))
    assert "terpanjang" in codes(bank_of(tie))


def test_best_option_below_the_margin_does_not_warn():
    assert "terpanjang" not in codes(bank_of(sjt("I1", (59, 1, 5), (50, 1, 4), (50, 1, 1))))


def test_an_mcq_key_longest_by_the_margin_warns():
    assert "terpanjang" in codes(bank_of(mcq("T1", "B", (20, 24, 20, 20))))  # 24 = 1.2 x 20
    assert "terpanjang" not in codes(bank_of(mcq("T1", "B", (20, 23, 20, 20))))
    assert "terpanjang" not in codes(bank_of(mcq("T1", "A", (20, 24, 20, 20))))  # a wrong one


def test_an_mcq_key_too_often_the_longest_warns_for_the_competency():
    def pool(longest: int) -> list[Item]:  # 8 items, keys balanced; the first `longest`
        return [  # have the key 1 longer than the rest, the others 1 shorter
            mcq(
                f"T{i}", key, tuple((21 if i < longest else 19) if k == key else 20 for k in "ABCD")
            )
            for i, key in enumerate("ABCDABCD")
        ]

    assert lint_bank(bank_of(*pool(3))).figures["TEK"].share_key_longest == 3 / 8
    assert "kompetensi" in codes(bank_of(*pool(3)))  # 37.5 % > 30 %
    assert "kompetensi" not in codes(bank_of(*pool(2)))  # 25 %


# -- 2. tindakan_terbanyak ---------------------------------------------------------------


def test_best_option_listing_two_more_actions_warns():
    item = sjt("I1", (20, 3, 5), (20, 1, 4), (20, 1, 1))
    assert "tindakan_terbanyak" in codes(bank_of(item))


def test_best_option_listing_one_more_action_does_not_warn():
    item = sjt("I1", (20, 3, 5), (20, 2, 4), (20, 1, 1))
    assert "tindakan_terbanyak" not in codes(bank_of(item))


# -- 3. panjang_timpang ------------------------------------------------------------------


def test_uneven_option_lengths_warn_for_sjt_and_mcq():
    assert "panjang_timpang" in codes(bank_of(mcq("T1", "A", (10, 26, 12, 12))))
    assert "panjang_timpang" in codes(bank_of(sjt("I1", (10, 1, 1), (26, 1, 5), (12, 1, 3))))


def test_option_lengths_within_the_ratio_do_not_warn():
    assert "panjang_timpang" not in codes(bank_of(mcq("T1", "A", (10, 25, 12, 12))))


# -- 4. kompetensi and the figures -------------------------------------------------------

HAND_ITEMS = (
    # longest best, no action lead, rho = 1
    sjt("I1", (10, 1, 1), (20, 1, 3), (30, 1, 5), level=1, line=3),
    # best lists most actions (3 > 1), not longest, rho = -1
    sjt("I2", (30, 1, 1), (20, 1, 3), (10, 3, 5), level=1, line=10),
    # equal lengths: skipped for rho; best is "longest" (no margin, ties count)
    sjt("I3", (20, 1, 1), (20, 1, 5), (20, 2, 3), level=2, line=17),
    # ranks: lengths (1, 4, 2.5, 2.5), scores (1, 2, 4, 3): rho = 1.5 / sqrt(4.5 * 5)
    sjt("I4", (10, 1, 1), (20, 1, 2), (15, 1, 5), (15, 1, 4), level=5, line=24),
)


def test_figures_computed_by_hand():
    figures = lint_bank(bank_of(*HAND_ITEMS)).figures["INT"]
    assert isinstance(figures, SjtFigures)
    assert figures.items == 4
    assert figures.items_per_level == (2, 1, 0, 0, 1)
    assert_allclose(figures.share_best_longest, 2 / 4)
    assert_allclose(figures.share_best_most_actions, 1 / 4)
    assert_allclose(figures.mean_rank_correlation, (1 - 1 + 1 / math.sqrt(10)) / 3)


def test_competency_figures_over_their_limits_warn_with_the_figures():
    warnings = lint_bank(bank_of(*HAND_ITEMS)).warnings
    [warning] = [w for w in warnings if w.code == "kompetensi"]
    assert (warning.path, warning.line) == ("bank/items/int.yaml", 3)  # the first item
    assert "INT" in warning.message and "50%" in warning.message and "25%" in warning.message
    assert "0,11" in warning.message


def test_each_competency_figure_alone_warns():
    ranked = [  # best not longest (30 < 31), no action lead, rho = 0.8
        sjt(f"I{i}", (10, 1, 1), (20, 1, 3), (30, 1, 5), (31, 1, 4)) for i in range(4)
    ]
    listing = [  # best lists most (by one), shortest: rho < 0
        sjt(f"I{i}", (30, 1, 1), (25, 1, 3), (20, 2, 5)) for i in range(2)
    ] + [sjt(f"I{i}", (30, 1, 1), (25, 1, 3), (20, 1, 5)) for i in range(2, 4)]
    longest = [  # best longest (no margin) in 2 of 4, rho < 0.2 overall
        sjt(f"I{i}", (20, 1, 1), (20, 1, 5), (20, 1, 3)) for i in range(2)
    ] + [sjt(f"I{i}", (30, 1, 1), (25, 1, 3), (20, 1, 5)) for i in range(2, 4)]
    for items in (ranked, listing, longest):
        assert "kompetensi" in codes(bank_of(*items))


def test_competency_without_cues_does_not_warn():
    items = [sjt(f"I{i}", (30, 1, 1), (25, 1, 3), (20, 1, 5), (22, 1, 4)) for i in range(4)]
    report = lint_bank(bank_of(*items))
    assert "kompetensi" not in [w.code for w in report.warnings]
    assert report.figures["INT"].share_best_longest == 0
    assert report.figures["INT"].mean_rank_correlation < 0


# -- 5. kunci ----------------------------------------------------------------------------


def test_keys_piled_on_one_position_warn():
    answers = "AAAABCDB"  # 4 of 8 at the first position: 50 %
    items = [mcq(f"T{i}", key, line=3 + i) for i, key in enumerate(answers)]
    report = lint_bank(bank_of(*items))
    [warning] = [w for w in report.warnings if w.code == "kunci"]
    assert "50%" in warning.message
    figures = report.figures["TEK"]
    assert isinstance(figures, McqFigures)
    assert figures.items == 8
    assert_allclose(figures.key_shares, [4 / 8, 2 / 8, 1 / 8, 1 / 8])


def test_balanced_keys_or_few_items_do_not_warn():
    balanced = [mcq(f"T{i}", key) for i, key in enumerate("AAABBCDD")]  # 37.5 % at most
    assert "kunci" not in codes(bank_of(*balanced))
    few = [mcq(f"T{i}", "A") for i in range(7)]  # below the 8 items the rule needs
    assert "kunci" not in codes(bank_of(*few))


# -- 6. baris_terpotong ------------------------------------------------------------------


def test_stem_wrapped_in_mid_sentence_warns():
    stem = "Anda staf di dinas yang\nmengurus izin. Apa yang Anda lakukan?"
    warnings = lint_bank(bank_of(mcq("T1", "A", stem=stem))).warnings
    [warning] = [w for w in warnings if w.code == "baris_terpotong"]
    assert "yang⏎mengurus" in warning.message


@pytest.mark.parametrize(
    "stem",
    [
        "Kalimat pertama.\nkalimat kedua.",  # after a sentence end
        "Ada tiga hal:\n  - satu\n  - dua",  # a list
        "Berapa baris hasilnya?\nSELECT * FROM pegawai;",  # upper case next
        "Baris pertama\n\n",  # nothing after
        "Satu baris saja, tanpa ganti baris.",
    ],
)
def test_stem_with_intended_line_breaks_does_not_warn(stem):
    assert "baris_terpotong" not in codes(bank_of(mcq("T1", "A", stem=stem)))


# -- 7. level_kurang ---------------------------------------------------------------------


def full_levels(skip_level: int | None = None) -> list[Item]:
    items = []
    for level in range(1, 6):
        for n in range(2 if level == skip_level else 3):
            items.append(
                sjt(f"I{level}{n}", (30, 1, 1), (25, 1, 3), (20, 1, 5), level=level, line=level)
            )
    return items


def test_level_with_fewer_than_three_items_warns():
    warnings = lint_bank(
        bank_of(*full_levels(skip_level=2), group="manajerial", codes=("INT",))
    ).warnings
    found = [w for w in warnings if w.code == "level_kurang"]
    assert len(found) == 1 and "level 2" in found[0].message


def test_full_levels_or_a_technical_competency_do_not_warn():
    assert "level_kurang" not in codes(bank_of(*full_levels(), group="manajerial", codes=("INT",)))
    assert "level_kurang" not in codes(bank_of(*full_levels(skip_level=2), group="teknis"))


def test_competency_without_items_warns_at_the_dictionary():
    bank = bank_of(*full_levels(), group="sosiokultural", codes=("INT", "PB"))
    found = [w for w in lint_bank(bank).warnings if "PB" in w.message]
    assert len(found) == 5
    assert {(w.path, w.line, w.code) for w in found} == {
        ("bank/competencies.yaml", 1, "level_kurang")
    }


def test_warnings_are_sorted_by_path_and_line():
    bank = bank_of(
        mcq("T1", "A", (10, 30, 10, 10), line=9),
        sjt("I1", (60, 3, 5), (10, 1, 1), line=7),
        mcq("T2", "A", (10, 30, 10, 10), line=2),
        group="manajerial",
    )
    warnings = lint_bank(bank).warnings
    keys = [(w.path, w.line) for w in warnings]
    assert keys == sorted(keys) and ("bank/items/tek.yaml", 2) in keys
    assert str(warnings[0]).startswith(f"{warnings[0].path}:{warnings[0].line}: peringatan: ")
    assert str(warnings[0]).endswith(f" [{warnings[0].code}]")


# -- the sample bank ---------------------------------------------------------------------


def test_the_sample_bank_meets_the_issue_targets():
    """Issue 11's figures, computed with the lint's own code: no test-wise cue is left."""
    report = lint_bank(load_bank(SAMPLE_BANK).bank)
    sjt = {c: f for c, f in report.figures.items() if isinstance(f, SjtFigures)}
    mcq = {c: f for c, f in report.figures.items() if isinstance(f, McqFigures)}
    assert sorted(sjt) == ["INT", "KOM", "KS", "MP", "OPH", "PB", "PDOL", "PK", "PP"]
    assert sorted(mcq) == ["TEK-AK", "TEK-PK"]
    total = sum(f.items for f in sjt.values())
    longest = sum(f.share_best_longest * f.items for f in sjt.values()) / total
    listing = sum(f.share_best_most_actions * f.items for f in sjt.values()) / total
    rho = float(np.mean([f.mean_rank_correlation for f in sjt.values()]))
    print(f"\n{total} sjt: best longest {longest:.0%}, most actions {listing:.0%}, rho {rho:.2f}")
    assert total == 135
    assert longest <= 0.30 and listing <= 0.35 and rho <= 0.2
    for code, figures in sjt.items():  # and in every competency, not only on average
        assert figures.share_best_longest <= SHARE_LONGEST_MAX, code
        assert figures.share_best_most_actions <= SHARE_MOST_ACTIONS_MAX, code
        assert figures.mean_rank_correlation <= RANK_CORRELATION_MAX, code
        assert min(figures.items_per_level) >= 3, code
    for code, figures in mcq.items():
        assert max(figures.key_shares) <= KEY_SHARE_MAX, code
        assert figures.share_key_longest <= SHARE_LONGEST_MAX, code
    assert not report.warnings


def test_strict_validation_passes_on_the_sample_bank(runner):
    result = runner.invoke(args=["bank", "validate", "--strict", str(SAMPLE_BANK)])
    assert result.exit_code == 0, result.output
    assert "0 peringatan" in result.output


# -- bank validate and the admin page ----------------------------------------------------

CLEAN_ITEM = """\
  - id: TEK-0001
    type: mcq
    stem: Port bawaan protokol HTTPS adalah ...
    options:
      - {key: A, text: "8080"}
      - {key: B, text: "443"}
    answer: B
"""
WRAPPED_ITEM = """\
  - id: TEK-0002
    type: mcq
    stem: |
      Protokol yang mengamankan
      lalu lintas web adalah ...
    options:
      - {key: A, text: "TLS"}
      - {key: B, text: "FTP"}
    answer: A
"""


def tiny_bank(root: Path, *, wrapped: bool) -> Path:
    """Write a one-competency technical bank; ``wrapped`` adds an item with a warning."""
    (root / "items").mkdir(parents=True)
    (root / "competencies.yaml").write_text(
        "competencies:\n  - code: TEK\n    name: Teknis\n    group: teknis\n"
        "    levels:\n      1: Dasar\n",
        encoding="utf-8",
    )
    items = "competency: TEK\nitems:\n" + CLEAN_ITEM + (WRAPPED_ITEM if wrapped else "")
    (root / "items" / "tek.yaml").write_text(items, encoding="utf-8")
    return root


def test_validate_prints_warnings_and_exits_0_strict_exits_1(runner, tmp_path):
    bank = tiny_bank(tmp_path / "bank", wrapped=True)
    result = runner.invoke(args=["bank", "validate", str(bank)])
    assert result.exit_code == 0, result.output
    expected = f"{bank}/items/tek.yaml:10: peringatan: soal TEK-0002: "
    assert expected in result.stderr and "[baris_terpotong]" in result.stderr
    assert "1 peringatan" in result.stdout

    strict = runner.invoke(args=["bank", "validate", "--strict", str(bank)])
    assert strict.exit_code == 1
    assert "peringatan" in strict.stderr


def test_strict_passes_a_bank_without_warnings(runner, tmp_path):
    bank = tiny_bank(tmp_path / "bank", wrapped=False)
    result = runner.invoke(args=["bank", "validate", "--strict", str(bank)])
    assert result.exit_code == 0, result.output
    assert "peringatan:" not in result.stderr and "0 peringatan" in result.stdout


def test_validate_still_fails_on_errors(runner, tmp_path):
    bank = tiny_bank(tmp_path / "bank", wrapped=True)
    items = bank / "items" / "tek.yaml"
    items.write_text(items.read_text(encoding="utf-8").replace("answer: B", "answer: Z"))
    result = runner.invoke(args=["bank", "validate", str(bank)])
    assert result.exit_code == 1 and "peringatan:" not in result.stderr


@pytest.fixture
def bank_folder(app, tmp_path):
    original = app.config["QUESTION_BANK"]
    app.config["QUESTION_BANK"] = str(tiny_bank(tmp_path / "bank", wrapped=True))
    yield
    app.config["QUESTION_BANK"] = original


def press_validate(client):
    token = csrf_from(client.get("/masuk").get_data(as_text=True))
    return client.post("/admin/bank/validasi", data={"csrf_token": token})


def test_admin_bank_page_lists_the_warnings(app, client, bank_folder):
    with app.app_context():
        make_user("admin", "admin1")
    login_staff(client, "admin1")
    page = press_validate(client).get_data(as_text=True)
    assert 'data-testid="bank-warnings"' in page and "1 peringatan" in page
    assert "items/tek.yaml:10:" in page and "baris_terpotong" in page
    warning = lint_bank(load_bank(app.config["QUESTION_BANK"]).bank).warnings[0]
    assert isinstance(warning, LintWarning) and warning.message[:40] in page


def test_bank_warnings_are_for_admins_only(app, client, bank_folder):
    with app.app_context():
        make_user("proctor", "pengawas1", rooms=["R01"])
    login_staff(client, "pengawas1")
    response = press_validate(client)
    assert response.status_code == 403 and "baris_terpotong" not in response.get_data(as_text=True)
