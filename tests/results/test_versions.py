"""Sign-off ("Tetapkan hasil"): numbered, hashed, audited versions; FINAL or SEMENTARA."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from tests.results.test_results_service import _drawn_items, _results, event  # noqa: F401


def _fix(app, reason: str = "rapat pleno"):
    from assessment_app.events.service import current_event
    from assessment_app.results import versions
    from assessment_app.results.service import result_set

    with app.app_context():
        version = versions.fix(current_event().id, result_set(), actor="admin1", reason=reason)
        db.session.commit()
        return version.number, version.content_hash, len(version.rows)


def test_fixing_makes_v1_final_with_an_audit_entry(app, event):  # noqa: F811
    from assessment_app.models import AuditEntry

    before = _results(app).version
    assert (before.number, before.final, before.label) == (None, False, "SEMENTARA")
    number, digest, rows = _fix(app)
    assert number == 1 and rows == 4 and len(digest) == 64
    now = _results(app).version
    assert now.final and now.label == "FINAL v1" and now.content_hash == digest
    assert (now.fixed_by, now.reason, now.changes) == ("admin1", "rapat pleno", ())
    with app.app_context():
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "results.finalized")
        )
        assert entry.actor == "admin1" and entry.reason == "rapat pleno"
        assert entry.details == {"hash": digest, "rows": 4}


def test_an_unchanged_result_is_not_fixed_again(app, event):  # noqa: F811
    _fix(app)
    with pytest.raises(Refused) as refused:
        _fix(app, "lagi")
    assert refused.value.code == "unchanged"
    assert "versi 1" in str(refused.value)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(app, event, reason):  # noqa: F811
    with pytest.raises(Refused) as refused:
        _fix(app, reason)
    assert refused.value.code == "reason_required"


def test_a_correction_makes_a_draft_that_names_the_change_until_fixed_again(app, event):  # noqa: F811
    from assessment_app.results.service import add_correction

    _fix(app)
    worst_nip = event[1][0]
    with app.app_context():
        item = next(i for i in _drawn_items(worst_nip) if i.startswith("INT-"))
        add_correction("credit_all", actor="admin1", reason="dua kunci", item_id=item)
        db.session.commit()
    draft = _results(app).version
    assert not draft.final and draft.label == "SEMENTARA (sejak v1)"
    # the worst candidate's INT score moves (-100 -> -60); the level stays 1
    assert f"NIP {worst_nip}, tes MANSOS: berubah skor/level" in draft.changes
    number, digest, _ = _fix(app, "koreksi kunci")
    assert number == 2 and digest == draft.content_hash
    assert _results(app).version.label == "FINAL v2"


def test_the_hash_covers_what_reports_print_not_float_noise(app, event):  # noqa: F811
    from dataclasses import replace

    from assessment_app.results import versions

    results = _results(app)
    rows = versions.frozen_rows(results)
    best = rows[0]
    assert best["scores"]["INT"] == [100.0, 5] and best["jpm"] == 100.0 and best["box"] == 9
    # a difference below the 6 decimals the fingerprint keeps does not change the hash; a level does
    row = results.rows[0]
    score = row.scores["INT"]
    noisy = replace(row, scores={**row.scores, "INT": score._replace(score=100.00000001)})
    moved = replace(row, scores={**row.scores, "INT": score._replace(level=4)})
    same = versions.content_hash(versions.frozen_rows(replace(results, rows=[noisy])))
    other = versions.content_hash(versions.frozen_rows(replace(results, rows=[moved])))
    plain = versions.content_hash(versions.frozen_rows(replace(results, rows=[row])))
    assert same == plain != other
