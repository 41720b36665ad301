"""A bank with a file that does not parse (issue 13): every other file is still checked and
every problem is reported with the syntax error (CONTRACT §2), not only the syntax error."""

from __future__ import annotations

import pytest

from assessment_app.bank import load_bank
from assessment_app.bank.loader import declared_competency

from .broken_cases import COMP, INT, KS, MANSOS, TPK
from .conftest import BankDir

SCORE_9 = (
    INT,
    "C, text: Menolak tanpa penjelasan, score: 3}\n  - id: INT-0002",
    "C, text: Menolak tanpa penjelasan, score: 9}\n  - id: INT-0002",
)
PB_20 = (MANSOS, "{competency: PB, count: 2}", "{competency: PB, count: 20}")
KS_20 = (MANSOS, "{competency: KS, count: 2}", "{competency: KS, count: 20}")
SCORE_LINE = (f"bank/{INT}", 12, "score 9 is above scale_max 5 of test MANSOS")
POOL_LINE = (f"bank/{MANSOS}", 14, "draws 20 PB items but the pool has only 3")

BROKEN = {
    "an item file": ((KS, "stem: Dua anggota tim", "stem: Dua anggota: tim"), (KS, 13)),
    "competencies.yaml": ((COMP, "  - code: KS\n", "  - code: [KS\n"), (COMP, 13)),
    "another test file": ((TPK, "code: TEK-PK", "code: [TEK-PK\nx: :"), (TPK, 2)),
}


def _found(bank_dir: BankDir) -> list[tuple[str, int, str]]:
    result = load_bank("bank/")
    assert result.bank is None
    return [(p.path, p.line, p.message) for p in result.problems]


def _has(found, expected: tuple[str, int, str]) -> bool:
    path, line, fragment = expected
    return any(p == path and n == line and fragment in m for p, n, m in found)


@pytest.mark.parametrize("where", sorted(BROKEN))
def test_score_and_pool_problems_are_reported_beside_a_syntax_error(bank_dir, where):
    syntax, (path, line) = BROKEN[where]
    for edit in (syntax, SCORE_9, PB_20):
        bank_dir.patch(*edit)

    found = _found(bank_dir)

    assert _has(found, (f"bank/{path}", line, "YAML syntax error")), found
    assert _has(found, SCORE_LINE), found
    assert _has(found, POOL_LINE), found
    assert len(found) == 3, found
    assert found == sorted(found, key=lambda p: (p[0], p[1]))  # path:line order


def test_the_pool_of_the_unreadable_files_competency_is_not_judged(bank_dir):
    bank_dir.patch(KS, "stem: Dua anggota tim", "stem: Dua anggota: tim")
    bank_dir.patch(*KS_20)  # KS items may hide in the broken file: no claim about its pool
    bank_dir.patch(*PB_20)

    found = _found(bank_dir)

    assert _has(found, POOL_LINE)
    assert not any("KS" in message and "pool" in message for _, _, message in found), found


def test_an_unreadable_file_that_hides_its_competency_leaves_every_pool_unjudged(bank_dir):
    bank_dir.write("items/rusak.yaml", "items: [\n  - {id: X-1\ncompetency: : INT\n")
    bank_dir.patch(*SCORE_9)
    bank_dir.patch(*PB_20)

    found = _found(bank_dir)

    assert _has(found, ("bank/items/rusak.yaml", 2, "YAML syntax error")), found
    assert _has(found, SCORE_LINE)  # per-item checks do not depend on pool sizes
    assert not any("pool" in message for _, _, message in found), found


def test_undefined_draw_codes_wait_for_a_readable_competencies_file(bank_dir):
    bank_dir.patch(COMP, "  - code: KS\n", "  - code: [KS\n")
    bank_dir.patch(MANSOS, "{competency: PB, count: 2}", "{competency: PBX, count: 1}")

    found = _found(bank_dir)

    assert not any("not defined" in message for _, _, message in found), found
    assert _has(found, (f"bank/{MANSOS}", 14, "draws 1 PBX item but the pool has only 0"))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("competency: KS\nitems: [\n", "KS"),
        ("# x\ncompetency: 'TEK-PK'  # teknis\nitems: : :\n", "TEK-PK"),
        ("items: [\n", None),
        ("competency: A\ncompetency: B\n", None),
        ("  competency: KS\n", None),  # not a top-level key
    ],
)
def test_declared_competency_reads_the_top_level_line(tmp_path, text, code):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")

    assert declared_competency(str(path)) == code


def test_bank_validate_prints_them_all_and_exits_1(runner, bank_dir):
    for edit in (BROKEN["an item file"][0], SCORE_9, PB_20):
        bank_dir.patch(*edit)

    result = runner.invoke(args=["bank", "validate", "bank/"])

    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("bank/")]
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"bank/{INT}:12",
        f"bank/{KS}:13",
        f"bank/{MANSOS}:14",
    ]
