"""Keep a results record together with its audit entry (one commit makes both durable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from assessment_app import audit
from assessment_app.extensions import db

RecordT = TypeVar("RecordT")


def add_audited(
    model: type[RecordT],
    action: str,
    target: Callable[[RecordT], str],
    *,
    actor: str,
    reason: str,
    details: dict[str, Any],
    **columns: Any,
) -> RecordT:
    """Add a `model` row made by `actor` for `reason`, flush so it has its id, and audit
    `action` on `target(row)` with the same actor and reason."""
    record = model(created_by=actor, reason=reason, **columns)
    db.session.add(record)
    db.session.flush()
    audit.record(actor, action, target=target(record), reason=reason, details=details)
    return record
