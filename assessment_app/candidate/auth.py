"""Who the candidate is: a signed session cookie bound to the login version."""

from __future__ import annotations

from flask import session

from assessment_app.candidate.answers import CandidateRef
from assessment_app.extensions import db
from assessment_app.models import Candidate

SESSION_KEY = "cand"
ATTEMPTS_KEY = "cand_att"  # the candidate's attempt ids: the signal poll needs no database


def remember_candidate(candidate: Candidate) -> None:
    """Start a fresh session for the candidate (survives a browser restart)."""
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = [candidate.id, candidate.login_version]


def forget_candidate() -> None:
    """End the candidate's session on this browser (the device cookie is another cookie)."""
    session.clear()


def remember_attempts(attempt_ids: list[int]) -> None:
    """Keep the candidate's attempt ids in the session (only written when they change)."""
    if session.get(ATTEMPTS_KEY) != attempt_ids:
        session[ATTEMPTS_KEY] = attempt_ids


def owns_attempt(attempt_id: int) -> bool:
    """Say from the session alone whether the attempt is the logged-in candidate's."""
    owned = session.get(ATTEMPTS_KEY)
    return isinstance(owned, list) and attempt_id in owned


def candidate_ref() -> CandidateRef | None:
    """Return who the cookie says is logged in, without touching the database."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, list) or len(value) != 2:
        return None
    return CandidateRef(int(value[0]), int(value[1]))


def current_candidate() -> Candidate | None:
    """Return the logged-in candidate, or None (also when a proctor moved the login)."""
    ref = candidate_ref()
    if ref is None:
        return None
    candidate = db.session.get(Candidate, ref.candidate_id)
    if candidate is None or candidate.login_version != ref.login_version:
        return None
    return candidate
