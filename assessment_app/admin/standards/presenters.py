"""A panel's state in words, for the facilitator's pages and the panelists' (`panel`) alike.

Pure: reads a `StandardPanel`, no Flask, no queries beyond its loaded rounds.
"""

from __future__ import annotations

from assessment_app.models import PanelRound, StandardPanel


def round_status(panel: StandardPanel) -> str:
    """Return the panel's state in words: adopted, round n open or closed, or not started."""
    if panel.adopted_at is not None:
        return "Batas level sudah ditetapkan"
    if panel.round_open:
        return f"Putaran {panel.round_number} dibuka"
    if panel.round_number:
        return f"Putaran {panel.round_number} ditutup"
    return "Putaran belum dibuka"


def accepting(panel: StandardPanel) -> bool:
    """Return whether the panel takes judgements now (a round open, cuts not adopted)."""
    return panel.round_open and panel.adopted_at is None


def closed_rounds(panel: StandardPanel) -> list[PanelRound]:
    """Return the panel's closed rounds (those with a summary), in order."""
    return [r for r in panel.rounds if r.closed_at is not None and r.summary]
