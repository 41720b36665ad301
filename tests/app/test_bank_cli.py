"""`bank validate` and `bank publish` against the sample bank and a bank with ten mistakes."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import BankSnapshot, SnapshotItem, SnapshotTest
from tests.factories import SAMPLE_BANK

TEN_MISTAKES = {
    # relative path: (text to find, replacement)
    "competencies.yaml": ("name: Integritas", "nama: Integritas"),
    "items/manajerial/int.yaml": ("id: INT-0002", "id: INT-0001"),
    "items/manajerial/ks.yaml": ("competency: KS", "competency: KSX"),
    "items/manajerial/kom.yaml": ("type: sjt", "type: essay"),
    "items/manajerial/oph.yaml": ("score: 5", "score: 9"),
    "items/manajerial/pp.yaml": ("level: 1", "level: 7"),
    "items/teknis/tek-ak.yaml": ("answer: ", "answer: Z  # "),
    "tests/mansos.yaml": ("duration_minutes: 90", "duration_minutes: -5"),
    "tests/tek-pk.yaml": ("count: 20", "count: 500"),
    "tests/tek-ak.yaml": ("shuffle_items: true", "shuffle_items: ya"),
}


def test_sample_bank_is_valid(runner):
    result = runner.invoke(args=["bank", "validate", str(SAMPLE_BANK)])
    assert result.exit_code == 0, result.output
    assert "Bank soal valid" in result.output


def _break(bank_dir):
    for rel, (old, new) in TEN_MISTAKES.items():
        path = bank_dir / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_ten_mistakes_are_all_reported_with_lines_and_publish_writes_nothing(runner, bank_copy):
    _break(bank_copy)
    result = runner.invoke(args=["bank", "validate", str(bank_copy)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+: ", line)]
    reported = {line.split(":", 1)[0] for line in lines}
    for rel in TEN_MISTAKES:
        assert str(bank_copy / rel) in reported, (rel, result.stderr)
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys), "problems must be sorted by path and line"

    before = db.session.scalar(select(func.count()).select_from(BankSnapshot))
    published = runner.invoke(args=["bank", "publish", str(bank_copy)])
    assert published.exit_code == 1
    assert db.session.scalar(select(func.count()).select_from(BankSnapshot)) == before


def test_publish_is_content_hashed_and_idempotent(runner, bank_copy):
    first = runner.invoke(args=["bank", "publish", str(bank_copy)])
    assert first.exit_code == 0, first.output
    version = first.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", version)

    # Reformatting (a comment, key order) is not a new version.
    path = bank_copy / "tests" / "tek-ak.yaml"
    path.write_text("# komentar\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    again = runner.invoke(args=["bank", "publish", str(bank_copy)])
    assert again.stdout.strip() == version
    assert db.session.scalar(select(func.count()).select_from(BankSnapshot)) == 1

    # A changed stem is.
    item_file = bank_copy / "items" / "manajerial" / "int.yaml"
    text = item_file.read_text(encoding="utf-8")
    assert "Apa yang" in text
    item_file.write_text(text.replace("Apa yang", "Apakah yang", 1), encoding="utf-8")
    changed = runner.invoke(args=["bank", "publish", str(bank_copy)])
    assert changed.exit_code == 0, changed.output
    assert changed.stdout.strip() != version
    snapshot = db.session.scalar(select(BankSnapshot).order_by(BankSnapshot.id.desc()))
    assert snapshot.version_hash == changed.stdout.strip()
    items = db.session.scalar(
        select(func.count())
        .select_from(SnapshotItem)
        .where(SnapshotItem.snapshot_id == snapshot.id)
    )
    assert items == snapshot.item_count > 100
    codes = set(
        db.session.scalars(select(SnapshotTest.code).where(SnapshotTest.snapshot_id == snapshot.id))
    )
    assert {"MANSOS", "TEK-AK", "TEK-PK"} <= codes


def test_snapshot_rebuilds_the_same_bank(ctx):
    from assessment_app.bank import content_hash, load_bank
    from assessment_app.snapshots.service import bank_of
    from tests.factories import publish_sample_bank

    snapshot = publish_sample_bank()
    rebuilt = bank_of(snapshot)
    assert content_hash(rebuilt) == snapshot.version_hash
    assert rebuilt == load_bank(str(SAMPLE_BANK)).bank
