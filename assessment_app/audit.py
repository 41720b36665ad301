"""Write audit entries in the caller's transaction (never committed here)."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

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
    address = (request.remote_addr or "") if has_request_context() else "cli"
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
