"""Standard-setting panels: create, seat panelists, run rounds, take judgements, adopt.

A facilitator (an admin) creates a panel for one test of the current event (its booklet is
frozen then), seats panelists (staff accounts with the role `panelis`), and opens and closes
numbered rounds. While a round is open each panelist saves his judgements; a new round
starts from his judgements of the round before, with the previous round's spread and impact
in view. Closing a round keeps its cuts and impact. Adopting the last closed round's cuts
adds one scoring correction per test with per-competency cuts, pointing at the panel; the
results recompute at once. Services only flush: the caller commits.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from sqlalchemy import select

from assessment_app import audit, clock
from assessment_app.events.service import current_event
from assessment_app.exceptions import conflict, invalid, not_found
from assessment_app.extensions import db
from assessment_app.models import (
    AttemptStatus,
    Panelist,
    PanelJudgement,
    PanelMethod,
    PanelRound,
    Role,
    ScoringOverride,
    StandardPanel,
    User,
)
from assessment_app.snapshots.catalog import bank_for
from assessment_app.snapshots.service import current_snapshot
from assessment_app.vocabulary.corrections import LEVEL_CUTS

ADOPTED_DECIMALS = 2


def panels() -> list[StandardPanel]:
    """Return the current event's panels, newest first."""
    event = current_event()
    if event is None:
        return []
    query = select(StandardPanel).where(StandardPanel.event_id == event.id)
    return list(db.session.scalars(query.order_by(StandardPanel.id.desc())))


def get_panel(panel_id: int) -> StandardPanel:
    """Return a panel of the current event (404 for any other)."""
    panel = db.session.get(StandardPanel, panel_id)
    event = current_event()
    if panel is None or event is None or panel.event_id != event.id:
        raise not_found("Panel penetapan standar tidak ditemukan.")
    return panel


def create_panel(
    test_code: str, method: str, *, actor: str, title: str = "", competencies=None
) -> StandardPanel:
    """Create a panel for ``test_code`` and freeze its booklet from the event's data."""
    event, snapshot = current_event(), current_snapshot()
    if event is None or snapshot is None:
        raise conflict("Belum ada acara atau bank soal yang dipublikasikan.", code="no_event")
    try:
        chosen = PanelMethod(method)
    except ValueError:
        raise invalid("Metode harus bookmark atau angoff.", field="method") from None
    bank = bank_for(snapshot.id)
    test = _test(bank, test_code)
    codes = _competencies(test, competencies)
    from assessment_app.standards import booklet  # calibrates: numpy

    book = booklet.build(chosen, bank, test, codes, _corrections())
    panel = StandardPanel(
        event_id=event.id,
        snapshot_id=snapshot.id,
        test_code=test.code,
        method=chosen,
        title=(title or "").strip()[:200] or f"Penetapan standar {test.code}",
        booklet=book,
        created_by=actor,
    )
    db.session.add(panel)
    db.session.flush()
    details = {"test": test.code, "method": chosen.value, "competencies": codes}
    audit.record(actor, "standards.panel_created", target=_target(panel), details=details)
    return panel


def _test(bank, test_code: str):
    code = (test_code or "").strip().upper()
    if code not in {test.code for test in bank.tests}:
        raise invalid(f"Tes {code!r} tidak ada di bank soal.", field="test_code")
    return bank.test(code)


def _competencies(test, competencies) -> list[str]:
    measured = list(test.competency_codes)
    if not competencies:
        return measured
    chosen = [code.strip().upper() for code in competencies if code.strip()]
    unknown = [code for code in chosen if code not in measured]
    if unknown:
        raise invalid(
            f"Kompetensi {', '.join(unknown)} tidak diukur oleh tes {test.code}.",
            field="competencies",
        )
    return [code for code in measured if code in chosen]


def _corrections():
    """Return the scoring corrections in force (dropped and credited items matter here)."""
    from assessment_app.results import compute  # loads numpy: only when a panel is created

    overrides = db.session.scalars(select(ScoringOverride).order_by(ScoringOverride.id))
    return compute.corrections_of(list(overrides))


def _target(panel: StandardPanel) -> str:
    return f"panel:{panel.id}"


def add_panelist(panel_id: int, username: str, *, actor: str) -> Panelist:
    """Seat a staff account with the role `panelis` on the panel (before its first round)."""
    panel = get_panel(panel_id)
    if panel.round_number:
        raise conflict("Panelis hanya dapat ditambahkan sebelum putaran pertama dibuka.")
    name = (username or "").strip().lower()
    user = db.session.scalar(select(User).where(User.username == name))
    if user is None or user.role is not Role.PANELIST:
        raise invalid(
            f"{name!r} bukan akun staf berperan panelis.", field="username", code="not_panelist"
        )
    if any(p.user_id == user.id for p in panel.panelists):
        raise invalid(f"{name!r} sudah menjadi panelis.", field="username", code="duplicate")
    seat = Panelist(user_id=user.id, position=len(panel.panelists) + 1)
    panel.panelists.append(seat)
    db.session.flush()
    audit.record(actor, "standards.panelist_added", target=_target(panel), details={"user": name})
    return seat


def remove_panelist(panel_id: int, seat_id: int, *, actor: str) -> None:
    """Unseat a panelist (before the first round); the others' labels close up (P1, P2...)."""
    panel = get_panel(panel_id)
    if panel.round_number:
        raise conflict("Panelis hanya dapat dikeluarkan sebelum putaran pertama dibuka.")
    seat = next((s for s in panel.panelists if s.id == seat_id), None)
    if seat is None:
        raise not_found("Panelis tidak ditemukan di panel ini.")
    user = db.session.get(User, seat.user_id)
    panel.panelists.remove(seat)
    db.session.flush()
    for position, kept in enumerate(panel.panelists, start=1):
        kept.position = position  # ascending: each moves into a place already freed
    db.session.flush()
    audit.record(
        actor,
        "standards.panelist_removed",
        target=_target(panel),
        details={"user": user.username if user else seat.user_id},
    )


def open_round(panel_id: int, *, actor: str) -> PanelRound:
    """Open the next round; each panelist starts from his judgements of the round before."""
    panel = get_panel(panel_id)
    refuse_if_adopted(panel)
    if panel.round_open:
        raise conflict(f"Putaran {panel.round_number} masih terbuka.", code="round_open")
    if not panel.panelists:
        raise conflict("Tambahkan panelis sebelum membuka putaran.", code="no_panelists")
    number = panel.round_number + 1
    for row in _judgements(panel, panel.round_number):
        db.session.add(
            PanelJudgement(
                panel_id=panel.id,
                panelist_id=row.panelist_id,
                round=number,
                competency=row.competency,
                boundary=row.boundary,
                item_id=row.item_id,
                value=row.value,
            )
        )
    opened = PanelRound(panel_id=panel.id, number=number, opened_by=actor)
    panel.rounds.append(opened)
    panel.round_number, panel.round_open = number, True
    db.session.flush()
    audit.record(actor, "standards.round_opened", target=_target(panel), details={"round": number})
    return opened


def close_round(panel_id: int, *, actor: str) -> PanelRound:
    """Close the open round and keep its cuts, standard errors and impact."""
    panel = get_panel(panel_id)
    if not panel.round_open:
        raise conflict("Tidak ada putaran yang terbuka.", code="round_closed")
    current = panel.rounds[-1]
    current.summary = round_summary(panel, current.number)
    current.closed_by, current.closed_at = actor, clock.now()
    panel.round_open = False
    db.session.flush()
    cuts = _round_cuts(current)
    audit.record(
        actor,
        "standards.round_closed",
        target=_target(panel),
        details={"round": current.number, "cuts": cuts},
    )
    return current


def refuse_if_adopted(panel: StandardPanel) -> None:
    """Refuse (409) any change to a panel whose cuts were adopted."""
    if panel.adopted_at is not None:
        raise conflict("Batas level panel ini sudah ditetapkan.", code="adopted")


def _judgements(panel: StandardPanel, number: int) -> list[PanelJudgement]:
    if not number:
        return []
    query = select(PanelJudgement).where(
        PanelJudgement.panel_id == panel.id, PanelJudgement.round == number
    )
    return list(db.session.scalars(query.order_by(PanelJudgement.id)))


def round_summary(panel: StandardPanel, number: int) -> dict:
    """Return the cuts and impact of round ``number`` as its judgements stand now."""
    from assessment_app.standards.summary import summarise  # numpy

    labels = {p.id: p.label for p in panel.panelists}
    rows = [
        (labels[j.panelist_id], j.competency, j.boundary, j.item_id, j.value)
        for j in _judgements(panel, number)
    ]
    bank = bank_for(panel.snapshot_id)
    summary = summarise(panel.booklet, rows, bank, attempt_scores(panel.test_code))
    return {"round": number, **summary}


def attempt_scores(test_code: str) -> dict[str, list[tuple[float, int]]]:
    """Return per competency the (C_score, level in force) of each finished attempt of the
    test, as the results compute them now (corrections included)."""
    from assessment_app.results.service import result_set  # loads numpy and the results

    scores = defaultdict(list)
    for row in result_set().rows:
        if row.test_code == test_code and row.status == AttemptStatus.FINISHED:
            for code, score in row.scores.items():
                scores[code].append((score.score, score.level))
    return scores


def adopt(panel_id: int, *, actor: str, reason: str) -> ScoringOverride:
    """Adopt the last closed round's cuts as an audited scoring correction of the test."""
    from assessment_app.results.service import add_correction

    panel = get_panel(panel_id)
    refuse_if_adopted(panel)
    if panel.round_open or not panel.rounds:
        raise conflict("Tutup putaran terakhir sebelum menetapkan batas level.", code="round_open")
    last = panel.rounds[-1]
    missing = [c["code"] for c in last.summary["competencies"] if c["cuts"] is None]
    if missing:
        raise conflict(
            f"Putaran {last.number} belum memberi batas level yang sah untuk "
            f"{', '.join(missing)}; buka putaran berikutnya.",
            code="cuts_incomplete",
        )
    cuts = {code: adopted_cuts(values) for code, values in _round_cuts(last).items()}
    correction = add_correction(
        LEVEL_CUTS,
        actor=actor,
        reason=(reason or "").strip(),
        test_code=panel.test_code,
        competency_cuts=cuts,
        panel_id=panel.id,
    )
    panel.adopted_at, panel.adopted_by = clock.now(), actor
    audit.record(
        actor,
        "standards.adopted",
        target=_target(panel),
        reason=reason.strip(),
        details={"round": last.number, "cuts": cuts, "record": record_digest(panel)},
    )
    return correction


def _round_cuts(closed: PanelRound) -> dict[str, list[float]]:
    return {c["code"]: c["cuts"] for c in closed.summary["competencies"]}


def adopted_cuts(cuts: list[float]) -> list[float]:
    """Return a panel's C_score cuts as adopted: rounded half up to ADOPTED_DECIMALS.

    Two decimals are far finer than a cut's standard error (several points on the C_score
    scale), and the correction, the bank and the report then print the same numbers.
    """
    from assessment_app.scoring import round_half_up_scalar  # numpy

    return [round_half_up_scalar(cut, ADOPTED_DECIMALS) for cut in cuts]


def record_digest(panel: StandardPanel) -> str:
    """Return the sha256 of the panel's record: its booklet, every judgement and summary."""
    judgements = [
        (j.round, j.panelist_id, j.competency, j.boundary, j.item_id, j.value)
        for j in db.session.scalars(
            select(PanelJudgement)
            .where(PanelJudgement.panel_id == panel.id)
            .order_by(PanelJudgement.id)
        )
    ]
    record = {
        "booklet": panel.booklet,
        "judgements": judgements,
        "rounds": [r.summary for r in panel.rounds],
    }
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()
