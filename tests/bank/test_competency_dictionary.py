"""The competency dictionary's optional ``definition`` and per-level ``indicators``.

The good fixture bank's INT entry (lines 3-11) is replaced by ``INT_ENTRY``, which gives both
fields; each bad case edits that entry and must be reported at the offending line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment_app.bank import Bank, Competency, canonical_json, load_bank

from .conftest import BankDir

COMP = "competencies.yaml"
SAMPLE_BANK = Path(__file__).resolve().parents[2] / "question_bank"

GOOD_INT = """  - code: INT
    name: Integritas
    group: manajerial
    levels:
      1: Bertindak sesuai nilai, norma, dan etika organisasi dalam kapasitas pribadi
      2: Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai dan etika
      3: Menanamkan keyakinan bersama agar anggota bertindak sesuai nilai dan etika
      4: Menciptakan situasi kerja yang membuat rekan kerja tunduk pada nilai dan etika
      5: Menjadi teladan dalam penerapan standar keadilan dan etika di tingkat nasional
"""

# line 3 of the file is "- code: INT"; the numbers on the right are file lines
INT_ENTRY = """  - code: INT
    name: Integritas
    group: manajerial
    definition: "Konsisten berperilaku selaras dengan nilai, norma dan/atau etika organisasi."
    levels:
      1: "Mampu bertindak sesuai nilai, norma, etika organisasi dalam kapasitas pribadi"
      2: "Mampu mengingatkan, mengajak rekan kerja untuk bertindak sesuai nilai"
      3: "Mampu memastikan, menanamkan keyakinan bersama agar anggota bertindak sesuai nilai"
      4: "Mampu menciptakan situasi kerja yang mendorong kepatuhan pada nilai"
      5: "Mampu menjadi role model dalam penerapan standar keadilan dan etika"
    indicators:
      1:
        - "Bertingkah laku sesuai dengan perkataan"
        - "Tidak menjanjikan sesuatu yang bertentangan dengan aturan organisasi"
      4: ["Mendukung prinsip moral yang tinggi", "Berani melakukan koreksi"]
"""
# definition: line 6; indicators: line 13; key 1: line 14, its entries 15-16; key 4: line 17
KS_LINE = 18  # the KS entry follows the INT entry


def use_entry(bank_dir: BankDir, entry: str = INT_ENTRY) -> None:
    """Replace the good bank's INT entry with ``entry``."""
    bank_dir.patch(COMP, GOOD_INT, entry)


def edited(old: str, new: str) -> str:
    """Return ``INT_ENTRY`` with the one occurrence of ``old`` replaced by ``new``."""
    assert INT_ENTRY.count(old) == 1, old
    return INT_ENTRY.replace(old, new)


def test_definition_and_indicators_are_read(bank_dir: BankDir) -> None:
    use_entry(bank_dir)

    result = load_bank("bank/")

    assert result.problems == []
    integritas = result.bank.competency("INT")
    assert integritas.definition == (
        "Konsisten berperilaku selaras dengan nilai, norma dan/atau etika organisasi."
    )
    assert integritas.indicators == (
        (
            1,
            (
                "Bertingkah laku sesuai dengan perkataan",
                "Tidak menjanjikan sesuatu yang bertentangan dengan aturan organisasi",
            ),
        ),
        (4, ("Mendukung prinsip moral yang tinggi", "Berani melakukan koreksi")),
    )
    assert dict(integritas.indicators).get(4, ()) == (
        "Mendukung prinsip moral yang tinggi",
        "Berani melakukan koreksi",
    )
    assert dict(integritas.indicators).get(2, ()) == ()
    assert integritas.level_description(4) == (
        "Mampu menciptakan situasi kerja yang mendorong kepatuhan pada nilai"
    )
    # both fields stay optional
    kerja_sama = result.bank.competency("KS")
    assert (kerja_sama.definition, kerja_sama.indicators) == ("", ())


def test_indicator_keys_may_come_in_any_order(bank_dir: BankDir) -> None:
    use_entry(
        bank_dir,
        edited(
            '      4: ["Mendukung prinsip moral yang tinggi", "Berani melakukan koreksi"]\n',
            '      4: ["Mendukung prinsip moral yang tinggi"]\n      2: ["Mengingatkan"]\n',
        ),
    )

    integritas = load_bank("bank/").bank.competency("INT")

    assert [level for level, _ in integritas.indicators] == [1, 2, 4]


FOUR = '      4: ["Mendukung prinsip moral yang tinggi", "Berani melakukan koreksi"]\n'
SECOND_OF_ONE = '        - "Tidak menjanjikan sesuatu yang bertentangan dengan aturan organisasi"\n'

# case: (old, new) applied to INT_ENTRY, then [(line, message fragment), ...] in order
BAD_CASES: dict[str, tuple[tuple[str, str], list[tuple[int, str]]]] = {
    "unknown_level": (
        (FOUR, FOUR + '      6: ["Menjadi teladan"]\n'),
        [(18, "competency INT: indicator keys must be integers 1..5, got integer 6")],
    ),
    "level_zero": (
        (FOUR, FOUR + '      0: ["Menjadi teladan"]\n'),
        [(18, "indicator keys must be integers 1..5, got integer 0")],
    ),
    "level_key_is_text": (
        (FOUR, FOUR + '      satu: ["Menjadi teladan"]\n'),
        [(18, "indicator keys must be integers 1..5, got string 'satu'")],
    ),
    "duplicate_level": (
        (FOUR, FOUR + '      1: ["Menjadi teladan"]\n'),
        [(18, "competency INT: duplicate indicators for level 1 (first at line 14)")],
    ),
    "empty_list": (
        (FOUR, "      4: []\n"),
        [(17, "competency INT: indicators of level 4 must not be empty")],
    ),
    "null_instead_of_list": (
        (FOUR, "      4:\n"),
        [(17, "indicators of level 4 must be a list, got an empty value (null)")],
    ),
    "string_instead_of_list": (
        (FOUR, '      4: "Berani melakukan koreksi"\n'),
        [(17, "indicators of level 4 must be a list, got string 'Berani melakukan koreksi'")],
    ),
    "number_in_a_flow_list": (
        (FOUR, '      4: ["Mendukung prinsip moral yang tinggi", 42]\n'),
        [(17, "competency INT: indicators of level 4, entry 2 must be a string, got integer 42")],
    ),
    "boolean_in_a_block_list": (
        (SECOND_OF_ONE, "        - true\n"),
        [(16, "indicators of level 1, entry 2 must be a string, got boolean true")],
    ),
    "list_in_a_list": (
        (SECOND_OF_ONE, '        - ["Tidak menjanjikan sesuatu"]\n'),
        [(16, "indicators of level 1, entry 2 must be a string, got a list")],
    ),
    "empty_indicator": (
        (SECOND_OF_ONE, '        - "  "\n'),
        [(16, "indicators of level 1, entry 2 must not be empty")],
    ),
    "indicators_not_a_mapping": (
        (
            '    indicators:\n      1:\n        - "Bertingkah laku sesuai dengan perkataan"\n'
            + SECOND_OF_ONE
            + FOUR,
            '    indicators: ["Bertingkah laku sesuai dengan perkataan"]\n',
        ),
        [(13, "indicators must be a mapping of levels 1..5 to lists of strings, got a list")],
    ),
    "definition_not_a_string": (
        (
            '    definition: "Konsisten berperilaku selaras dengan nilai, norma dan/atau etika '
            'organisasi."\n',
            "    definition: 5\n",
        ),
        [(6, "competency INT: definition must be a string, got integer 5")],
    ),
    "definition_empty": (
        (
            '    definition: "Konsisten berperilaku selaras dengan nilai, norma dan/atau etika '
            'organisasi."\n',
            '    definition: ""\n',
        ),
        [(6, "competency INT: definition must not be empty")],
    ),
    "two_mistakes_in_one_entry": (
        (FOUR, '      4: [""]\n      7: []\n'),
        [
            (17, "indicators of level 4, entry 1 must not be empty"),
            (18, "indicator keys must be integers 1..5, got integer 7"),
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_definition_or_indicators_are_reported_at_their_line(
    bank_dir: BankDir, case: str
) -> None:
    (old, new), expected = BAD_CASES[case]
    use_entry(bank_dir, edited(old, new))

    result = load_bank("bank/")

    assert result.bank is None
    found = [(problem.path, problem.line) for problem in result.problems]
    assert found == [(f"bank/{COMP}", line) for line, _ in expected], result.problems
    for problem, (_, fragment) in zip(result.problems, expected, strict=True):
        assert fragment in problem.message


def test_indicators_for_a_level_without_description_are_reported(bank_dir: BankDir) -> None:
    # TEK-PK describes levels 1 and 3 only (its "levels:" is line 33, level 3 line 35)
    bank_dir.patch(
        COMP,
        "      3: Merancang dan mengembangkan sistem informasi perangkat daerah\n",
        "      3: Merancang dan mengembangkan sistem informasi perangkat daerah\n"
        "    indicators:\n"
        '      3: ["Merancang sistem informasi"]\n'
        '      2: ["Menangani gangguan jaringan"]\n',
    )

    problems = load_bank("bank/").problems

    assert [(p.path, p.line) for p in problems] == [(f"bank/{COMP}", 38)]
    assert problems[0].message == (
        "competency TEK-PK: indicators given for level 2, which has no description in levels"
    )


def test_unknown_competency_key_lists_the_new_fields(bank_dir: BankDir) -> None:
    use_entry(bank_dir, edited("    definition:", "    definisi:"))

    (problem,) = load_bank("bank/").problems

    assert problem.line == 6
    assert problem.message == (
        "competency INT: unknown key 'definisi' "
        "(allowed: code, name, group, levels, definition, indicators)"
    )


def test_definition_and_indicators_round_trip(bank_dir: BankDir) -> None:
    use_entry(bank_dir)
    bank = load_bank("bank/").bank
    integritas = bank.competency("INT")

    data = json.loads(json.dumps(integritas.to_dict()))

    assert data["definition"] == integritas.definition
    assert data["indicators"]["4"] == [
        "Mendukung prinsip moral yang tinggi",
        "Berani melakukan koreksi",
    ]
    assert Competency.from_dict(data) == integritas
    rebuilt = Bank.from_canonical(json.loads(canonical_json(bank)))
    assert rebuilt == bank
    assert dict(rebuilt.competency("INT").indicators)[1] == dict(integritas.indicators)[1]
    # a competency without the optional fields keeps its old canonical form (and hash)
    assert set(bank.competency("KS").to_dict()) == {"code", "name", "group", "levels"}


# The nine competencies of PermenPANRB 38/2017 in the sample bank, with their groups.
PERMENPANRB_38 = {
    "INT": ("Integritas", "manajerial"),
    "KS": ("Kerja Sama", "manajerial"),
    "KOM": ("Komunikasi", "manajerial"),
    "OPH": ("Orientasi pada Hasil", "manajerial"),
    "PP": ("Pelayanan Publik", "manajerial"),
    "PDOL": ("Pengembangan Diri dan Orang Lain", "manajerial"),
    "MP": ("Mengelola Perubahan", "manajerial"),
    "PK": ("Pengambilan Keputusan", "manajerial"),
    "PB": ("Perekat Bangsa", "sosiokultural"),
}


@pytest.fixture(scope="module")
def sample_bank() -> Bank:
    result = load_bank(str(SAMPLE_BANK))
    assert result.problems == []
    return result.bank


def test_sample_bank_has_the_full_dictionary(sample_bank: Bank) -> None:
    for code, (name, group) in PERMENPANRB_38.items():
        competency = sample_bank.competency(code)
        assert (competency.name, competency.group) == (name, group)
        assert competency.definition.startswith(("Kemampuan", "Konsisten")), code
        assert [level for level, _ in competency.levels] == [1, 2, 3, 4, 5], code
        assert [level for level, _ in competency.indicators] == [1, 2, 3, 4, 5], code
        for level, texts in competency.indicators:
            assert texts and all(text.strip() for text in texts), (code, level)


def test_sample_bank_quotes_the_regulation_s_level_titles(sample_bank: Bank) -> None:
    # the exact titles an assessor checks; paraphrases such as "tunduk" or "luas" are wrong
    title = {code: dict(sample_bank.competency(code).levels) for code in ("INT", "PK", "PB", "KS")}
    assert title["INT"][1] == (
        "Mampu bertindak sesuai nilai, norma, etika organisasi dalam kapasitas pribadi"
    )
    assert title["INT"][4] == (
        "Mampu menciptakan situasi kerja yang mendorong kepatuhan pada nilai, norma, dan "
        "etika organisasi"
    )
    assert title["PK"][3] == (
        "Membandingkan berbagai alternatif, menyeimbangkan risiko keberhasilan dalam implementasi"
    )
    assert title["PK"][5] == (
        "Menghasilkan solusi dan mengambil keputusan untuk mengatasi permasalahan jangka "
        "panjang/strategis, berdampak nasional"
    )
    assert title["PB"][5] == "Wakil pemerintah untuk membangun hubungan sosial psikologis"
    assert title["KS"][4] == "Membangun komitmen tim, sinergi"
    every_title = " ".join(
        text for code in PERMENPANRB_38 for _, text in sample_bank.competency(code).levels
    )
    assert "tunduk" not in every_title
