"""Access rules as decorators named for the rule."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from assessment_app.models import Role, User


def _staff_with(*roles: Role):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not isinstance(current_user._get_current_object(), User):
                abort(403)
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = _staff_with(Role.ADMIN)
"""Only admins (BKPSDM staff)."""

staff_required = _staff_with(Role.ADMIN, Role.PROCTOR)
"""Admins and proctors."""

panelist_required = _staff_with(Role.PANELIST)
"""Only panelists (staff who sit on standard-setting panels)."""
