"""``level_cuts`` per competency: the mapping form, its mistakes, and hash stability.

The good bank's MANSOS draws INT, KS and PB; its ``scoring:`` block ends on line 17 with
``level_cuts: [20, 40, 60, 80]``, so a mapping written in its place starts its keys on
line 18.
"""

from __future__ import annotations

import pytest

from assessment_app.bank import Bank, content_hash, load_bank
from assessment_app.bank.model import Scoring

from .conftest import GOOD, BankDir

MANSOS = "tests/mansos.yaml"
LIST_FORM = "  level_cuts: [20, 40, 60, 80]\n"
# The content hash of the sample bank (question_bank/), computed with the code before the
# mapping form existed (commit 3374e05): publishing the unchanged bank must stay a no-op.
SAMPLE_HASH_BEFORE = "1448efdf44cd0c1c9adab1d4db31b20c23e456c22fd0024fc614b24b0b55db57"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(GOOD).bank


def _mapping(bank_dir: BankDir, *lines: str) -> None:
    """Replace MANSOS's list of cuts by a mapping made of ``lines`` (keys from line 18)."""
    body = "".join(f"    {line}\n" for line in lines)
    bank_dir.patch(MANSOS, LIST_FORM, "  level_cuts:\n" + body)


def test_a_mapping_gives_the_default_and_per_competency_cuts(bank_dir: BankDir) -> None:
    _mapping(bank_dir, "default: [10, 30, 50, 70]", "KS: [22, 41, 60, 79]", "INT: [25, 45, 62, 81]")

    result = load_bank("bank/")

    assert result.problems == []
    scoring = result.bank.test("MANSOS").scoring
    assert scoring.level_cuts == (10.0, 30.0, 50.0, 70.0)
    assert scoring.competency_cuts == (
        ("INT", (25.0, 45.0, 62.0, 81.0)),
        ("KS", (22.0, 41.0, 60.0, 79.0)),
    )  # sorted by code, whatever the YAML order; PB has none of its own: the default
    rebuilt = Bank.from_canonical(result.bank.canonical())
    assert rebuilt == result.bank  # the per-competency cuts survive the canonical form


def test_a_mapping_without_default_keeps_the_contract_default(bank_dir: BankDir) -> None:
    _mapping(bank_dir, "INT: [25, 45, 62, 81]")

    scoring = load_bank("bank/").bank.test("MANSOS").scoring

    assert scoring.level_cuts == Scoring.level_cuts == (20.0, 40.0, 60.0, 80.0)
    assert scoring.competency_cuts == (("INT", (25.0, 45.0, 62.0, 81.0)),)


def test_the_list_form_keeps_its_hash(bank: Bank, bank_dir: BankDir) -> None:
    """A mapping holding only the default is the list form: same canonical form and hash;
    a competency's own cuts change the hash."""
    _mapping(bank_dir, "default: [20, 40, 60, 80]")
    same = load_bank("bank/").bank
    assert "competency_cuts" not in same.test("MANSOS").scoring.to_dict()
    assert content_hash(same) == content_hash(bank)

    bank_dir.patch(MANSOS, "default: [20, 40, 60, 80]", "PB: [20, 40, 60, 80]")
    differs = load_bank("bank/").bank
    assert content_hash(differs) != content_hash(bank)


def test_publishing_the_sample_bank_gives_the_hash_it_had(app) -> None:
    from tests.factories import publish_sample_bank

    with app.app_context():
        snapshot = publish_sample_bank()
        assert snapshot.version_hash == SAMPLE_HASH_BEFORE


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ("INT: [25, 45, 45, 81]",),
            [(18, "level_cuts: INT must be strictly increasing, got [25, 45, 45, 81]")],
        ),
        (
            ("default: [1, 2, 3]", "KS: [22, 41, 60, 79]"),
            [(18, "level_cuts: default must be a list of exactly 4 numbers, got [1, 2, 3]")],
        ),
        (
            ("KS: [22, 41, 60, 79]", "NOPE: [25, 45, 62, 81]"),
            [(19, "level_cuts: 'NOPE' is not a competency code of competencies.yaml")],
        ),
        (
            ("TEK-PK: [25, 45, 62, 81]",),
            [(18, "level_cuts: competency 'TEK-PK' is not drawn by test MANSOS")],
        ),
        (
            ("INT: [25, 45, 62, 81]", "INT: [26, 45, 62, 81]"),
            [(19, "level_cuts: duplicate key 'INT' (first at line 18)")],
        ),
    ],
)
def test_mistakes_in_a_mapping_are_reported_at_their_line(
    bank_dir: BankDir, lines: tuple[str, ...], expected: list[tuple[int, str]]
) -> None:
    _mapping(bank_dir, *lines)

    result = load_bank("bank/")

    assert result.bank is None
    found = [(p.path, p.line) for p in result.problems]
    assert found == [(f"bank/{MANSOS}", line) for line, _ in expected], result.problems
    for problem, (_, fragment) in zip(result.problems, expected, strict=True):
        assert fragment in problem.message and problem.message.startswith("test MANSOS")


def test_an_empty_mapping_is_reported(bank_dir: BankDir) -> None:
    bank_dir.patch(MANSOS, LIST_FORM, "  level_cuts: {}\n")

    (problem,) = load_bank("bank/").problems

    assert (problem.path, problem.line) == (f"bank/{MANSOS}", 17)
    assert "level_cuts must not be an empty mapping" in problem.message
