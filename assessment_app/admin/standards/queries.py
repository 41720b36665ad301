"""Reads of the facilitator's pages: who sits on a panel, who could, how far each has got."""

from __future__ import annotations

from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import Panelist, PanelJudgement, Role, StandardPanel, User


def seated(panel: StandardPanel) -> list[tuple[Panelist, User]]:
    """Return each seat of the panel with its staff account, in label order."""
    users = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_([seat.user_id for seat in panel.panelists]))
        )
    }
    return [(seat, users[seat.user_id]) for seat in panel.panelists]


def panelist_accounts(panel: StandardPanel) -> list[User]:
    """Return the active panelist accounts not yet seated on the panel, by username."""
    taken = {seat.user_id for seat in panel.panelists}
    query = select(User).where(User.role == Role.PANELIST, User.active.is_(True))
    return [u for u in db.session.scalars(query.order_by(User.username)) if u.id not in taken]


def judgement_counts(panel: StandardPanel) -> dict[int, int]:
    """Return how many judgements each seat holds in the panel's latest round."""
    query = (
        select(PanelJudgement.panelist_id, func.count())
        .where(
            PanelJudgement.panel_id == panel.id,
            PanelJudgement.round == panel.round_number,
        )
        .group_by(PanelJudgement.panelist_id)
    )
    return {panelist_id: count for panelist_id, count in db.session.execute(query)}
