"""The good fixture bank: its values, its canonical form and its content hash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessment_app.bank import (
    Bank,
    Option,
    Scoring,
    canonical_json,
    content_hash,
    load_bank,
)

from .conftest import GOOD, BankDir


@pytest.fixture(scope="module")
def bank() -> Bank:
    result = load_bank(GOOD)
    assert result.problems == []
    assert result.ok
    return result.bank


def test_good_bank_loads_in_order(bank: Bank) -> None:
    assert [c.code for c in bank.competencies] == ["INT", "KS", "PB", "TEK-PK"]
    assert [t.code for t in bank.tests] == ["MANSOS", "TEK-PK"]
    assert [i.id for i in bank.items] == sorted(i.id for i in bank.items)
    assert len(bank.items) == 14


def test_competency_values(bank: Bank) -> None:
    tek = bank.competency("TEK-PK")
    assert (tek.name, tek.group) == ("Pengelolaan Teknologi Informasi", "teknis")
    assert [level for level, _ in tek.levels] == [1, 3]
    assert bank.competency("INT").level_description(5).startswith("Menjadi teladan")
    assert tek.level_description(2) is None


def test_item_values(bank: Bank) -> None:
    item = bank.item("INT-0001")
    assert (item.competency, item.type, item.level, item.answer) == ("INT", "sjt", 1, None)
    assert item.stem == (
        "Rekan kerja meminta Anda menandatangani daftar hadir rapat yang tidak Anda ikuti.\n"
        "Apa yang Anda lakukan?"
    )
    assert item.options[2] == Option("C", "Menolak tanpa penjelasan", 3)
    assert item.source == f"{GOOD}/items/manajerial/int.yaml:3"
    assert bank.item("PB-0002").level is None
    mcq = bank.item("TEK-PK-0002")
    assert (mcq.type, mcq.answer, mcq.option_keys) == ("mcq", "C", ("A", "B", "C"))
    assert mcq.option("A") == Option("A", "80", None)
    with pytest.raises(KeyError):
        mcq.option("D")
    with pytest.raises(KeyError):
        bank.item("NOPE")


def test_test_values_and_defaults(bank: Bank) -> None:
    mansos = bank.test("MANSOS")
    assert (mansos.duration_minutes, mansos.shuffle_items, mansos.shuffle_options) == (
        30.0,
        True,
        True,
    )
    assert [s.title for s in mansos.sections] == ["Manajerial", "Sosial Kultural"]
    assert [(d.competency, d.count, d.level) for d in mansos.draws] == [
        ("INT", 2, 2),
        ("INT", 1, None),
        ("KS", 2, None),
        ("PB", 2, None),
    ]
    assert mansos.competency_codes == ("INT", "KS", "PB")
    tek = bank.test("TEK-PK")
    assert (tek.duration_minutes, tek.shuffle_items, tek.shuffle_options) == (0.5, False, False)
    assert tek.scoring == Scoring(5, (20.0, 40.0, 60.0, 80.0), 0.75)
    assert mansos.scoring == Scoring()  # the contract's defaults


def test_pools(bank: Bank) -> None:
    assert [i.id for i in bank.pool("INT")] == ["INT-0001", "INT-0002", "INT-0003", "INT-0004"]
    assert [i.id for i in bank.pool("INT", 2)] == ["INT-0002", "INT-0003"]
    assert bank.pool("KS", 5) == ()
    assert bank.pool("NOPE") == ()


def test_item_source_uses_the_directory_as_given(bank_dir: BankDir) -> None:
    bank = load_bank("bank/").bank
    assert bank.item("PB-0003").source == "bank/items/sosiokultural/pb.yml:18"


def test_canonical_round_trip(bank: Bank) -> None:
    canonical = json.loads(canonical_json(bank))

    rebuilt = Bank.from_canonical(canonical)

    assert rebuilt == bank
    assert rebuilt.canonical() == bank.canonical() == canonical
    assert content_hash(rebuilt) == content_hash(bank)
    assert rebuilt.item("INT-0001").source == ""  # layout is not part of the content


def test_canonical_rejects_an_unknown_format(bank: Bank) -> None:
    with pytest.raises(ValueError, match="format"):
        Bank.from_canonical({**bank.canonical(), "format": 99})


def test_content_hash_is_sha256_hex(bank: Bank) -> None:
    digest = content_hash(bank)
    assert len(digest) == 64
    assert int(digest, 16) >= 0


def _reversed_keys(value: Any) -> Any:
    """Return ``value`` with every mapping's keys in reverse order."""
    if isinstance(value, dict):
        return {key: _reversed_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_keys(element) for element in value]
    return value


def _dump(path: Path, data: Any, flow: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=flow)
    path.write_text("# reformatted copy\n" + body, encoding="utf-8")


def _reformatted_copy(target: Path) -> None:
    """Write the good bank with other key order, style, whitespace and file layout."""
    competencies = yaml.safe_load((GOOD / "competencies.yaml").read_text(encoding="utf-8"))
    _dump(target / "competencies.yaml", _reversed_keys(competencies), flow=False)
    for source in sorted((GOOD / "items").rglob("*.y*ml")):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        for item in reversed(data["items"]):  # one file per item, in another folder layout
            item["stem"] = "  " + item["stem"].strip() + " \n\n"
            single = {"items": [item], "competency": data["competency"]}
            _dump(target / "items" / "split" / f"{item['id'].lower()}.yml", single, flow=False)
    for source in sorted((GOOD / "tests").glob("*.yaml")):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        _dump(target / "tests" / f"x-{source.name}", _reversed_keys(data), flow=True)


def test_hash_ignores_layout_formatting_whitespace_and_key_order(
    bank: Bank, tmp_path: Path
) -> None:
    _reformatted_copy(tmp_path / "copy")

    result = load_bank(tmp_path / "copy")

    assert result.problems == []
    assert result.bank == bank
    assert content_hash(result.bank) == content_hash(bank)


def test_hash_changes_when_an_option_score_changes(bank: Bank, bank_dir: BankDir) -> None:
    bank_dir.patch(
        "items/manajerial/int.yaml",
        "{key: C, text: Menolak tanpa penjelasan, score: 3}\n  - id: INT-0002",
        "{key: C, text: Menolak tanpa penjelasan, score: 4}\n  - id: INT-0002",
    )

    changed = load_bank("bank/").bank

    assert changed.item("INT-0001").option("C").score == 4
    assert content_hash(changed) != content_hash(bank)


def test_hash_changes_when_a_test_setting_changes(bank: Bank, bank_dir: BankDir) -> None:
    bank_dir.patch("tests/tek-pk.yaml", "duration_minutes: 0.5", "duration_minutes: 1")

    assert content_hash(load_bank("bank/").bank) != content_hash(bank)


def test_integer_and_float_spellings_hash_alike(bank: Bank, bank_dir: BankDir) -> None:
    bank_dir.patch("tests/mansos.yaml", "duration_minutes: 30", "duration_minutes: 30.0")
    bank_dir.patch("tests/tek-pk.yaml", "[20, 40, 60, 80]", "[20.0, 40, 60.0, 80]")

    assert content_hash(load_bank("bank/").bank) == content_hash(bank)


def test_python_tags_are_never_constructed(bank_dir: BankDir) -> None:
    bank_dir.patch(
        "tests/tek-pk.yaml",
        "title: Tes Kompetensi Teknis Pengelolaan TI",
        "title: !!python/object/apply:os.getcwd []",
    )

    (problem,) = load_bank("bank/").problems

    assert (problem.path, problem.line) == ("bank/tests/tek-pk.yaml", 2)
    assert "title must be a string, got a list" in problem.message


def test_hidden_and_non_yaml_files_are_ignored(bank: Bank, bank_dir: BankDir) -> None:
    bank_dir.write("items/.#int.yaml", "not: [valid")
    bank_dir.write("items/README.md", "# notes")
    bank_dir.write("tests/sub/nested.yaml", "not: [valid")  # tests/ is not recursive

    assert load_bank("bank/").bank == bank


def test_bank_without_tests_is_valid(bank_dir: BankDir) -> None:
    bank_dir.remove("tests")

    result = load_bank("bank/")

    assert result.problems == []
    assert result.bank.tests == ()
