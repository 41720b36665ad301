"""Write audit entries in the caller's transaction (never committed here).

The one exception is `audited`, the boundary of views that only show or hand out data (login
cards, downloads): it records what was handed out once the view succeeded (the request's commit
writes it, web/transaction.py).
Entries are chained and sealed when they commit (audit/chain.py); audit/reading.py reads them
in words.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, has_request_context, make_response, request
from flask_login import current_user

from assessment_app.audit import chain  # noqa: F401  (its listener seals entries as they commit)
from assessment_app.extensions import db
from assessment_app.models import AuditEntry


def record(
    actor: str,
    action: str,
    *,
    target: str = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one audit entry to the session; the caller's commit makes it durable."""
    # The column holds 64 characters; an address from X-Forwarded-For could be longer.
    address = (request.remote_addr or "")[:64] if has_request_context() else "cli"
    entry = AuditEntry(
        actor=actor,
        action=action,
        target=target,
        reason=reason,
        details=details or {},
        address=address,
    )
    db.session.add(entry)
    return entry


def note(**details: Any) -> None:
    """Tell the `audited` boundary what this request handed out (event, room, rows, ...)."""
    g.setdefault("audit_details", {}).update(details)


def audited(action: str) -> Callable:
    """Record `action` once the view built a successful response, and commit it.

    For views that change nothing but show PINs or personal data. The entry names the actor
    and what the view passed to `note` (its `target`, and details: session, room, format,
    rows). A view that fails or refuses (any status but 200) leaves no entry.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            g.pop("audit_details", None)
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200:
                details = g.pop("audit_details", {})
                target = str(details.pop("target", ""))
                record(current_user.username, action, target=target, details=details)
            return response

        return wrapped

    return decorator
