"""Broken banks: every kind of mistake is reported at its exact path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment_app.bank import Problem, load_bank

from .broken_cases import CASES, PK
from .conftest import DATA, BankDir


def apply(bank_dir: BankDir, edits: list[tuple]) -> None:
    """Apply a case's edits to the copy of the good bank."""
    for kind, relative, *rest in edits:
        getattr(bank_dir, kind)(relative, *rest)


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_bank_reports_exactly_its_mistake(bank_dir: BankDir, case: str) -> None:
    edits, expected = CASES[case]
    apply(bank_dir, edits)

    result = load_bank("bank/")

    assert result.bank is None
    found = [(problem.path, problem.line) for problem in result.problems]
    assert found == [(f"bank/{relative}", line) for relative, line, _ in expected], result.problems
    for problem, (_, _, fragment) in zip(result.problems, expected, strict=True):
        assert fragment in problem.message


def test_problem_prints_as_path_line_message(bank_dir: BankDir) -> None:
    bank_dir.patch(PK, "    answer: C\n", "    answer: E\n")

    (problem,) = load_bank("bank/").problems

    assert str(problem) == (
        "bank/items/teknis/tek-pk.yaml:21: item TEK-PK-0002: answer 'E' is not one of its "
        "option keys (A, B, C)"
    )
    assert problem == Problem("bank/items/teknis/tek-pk.yaml", 21, problem.message)


def test_problem_paths_keep_the_directory_as_given(bank_dir: BankDir) -> None:
    bank_dir.patch(PK, "    answer: C\n", "    answer: E\n")

    without_slash = load_bank("bank").problems[0].path
    as_path = load_bank(Path("bank")).problems[0].path

    assert without_slash == as_path == "bank/items/teknis/tek-pk.yaml"


def test_missing_directory_is_one_problem(tmp_path: Path) -> None:
    result = load_bank(tmp_path / "nowhere")

    assert [str(problem) for problem in result.problems] == [
        f"{tmp_path / 'nowhere'}:1: the bank directory does not exist"
    ]


def test_score_above_scale_max_names_every_test_that_draws_the_item(bank_dir: BankDir) -> None:
    bank_dir.write(
        "tests/ks-only.yaml",
        "code: KS4\ntitle: KS\nduration_minutes: 5\nsections:\n"
        "  - {title: KS, draw: [{competency: KS, count: 1, level: 3}]}\n"
        "scoring: {scale_max: 4}\n",
    )

    problems = load_bank("bank/").problems

    # KS-0003 (level 3) has a 5-point option at line 23; KS-0001/0002 are not drawn by KS4.
    assert [(p.path, p.line) for p in problems] == [("bank/items/manajerial/ks.yaml", 23)]
    assert "score 5 is above scale_max 4 of test KS4" in problems[0].message


def test_ten_mistakes_in_different_files_are_all_reported_in_order() -> None:
    directory = DATA / "broken" / "ten_mistakes"

    result = load_bank(directory)

    expected = [
        ("competencies.yaml", 14, "competency KS: group must be one of"),
        ("items/manajerial/int.yaml", 5, "item INT-0001: level must be an integer 1..5"),
        ("items/manajerial/int.yaml", 12, "item INT-0001 option C: score must be at least 1"),
        ("items/manajerial/ks.yaml", 3, "duplicate item id 'INT-0002' (first at "),
        ("items/manajerial/ks.yaml", 13, "item KS-0002: unknown key 'weight'"),
        ("items/teknis/extra.yaml", 1, "competency 'TEK-XX' is not defined"),
        ("items/teknis/tek-pk.yaml", 12, "answer 'F' is not one of its option keys"),
        ("items/teknis/tek-pk.yaml", 19, "an mcq option must not carry a score"),
        ("tests/mansos.yaml", 3, "duration_minutes must be a positive number"),
        ("tests/tek-pk.yaml", 8, "draws 9 TEK-PK items but the pool has only 4"),
    ]
    got = [(p.path, p.line) for p in result.problems]
    assert got == [(str(directory / relative), line) for relative, line, _ in expected]
    for problem, (_, _, fragment) in zip(result.problems, expected, strict=True):
        assert fragment in problem.message
    assert result.bank is None
