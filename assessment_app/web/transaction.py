"""One commit per request, by construction: every view runs inside `committed`.

A view reads and changes objects through services, which add to the session and never
commit. When the view returns, the request's work is committed once, so the after-commit
hooks (live state in Redis) run before the response leaves. When it raises, nothing is
committed: the error handlers (web/errors.py) roll back and render the refusal or the error
page. A view that answers with a refusal it built itself (a form shown again with 422) has
nothing to commit, because the service that refused raised before it wrote anything, or
the form helper rolled its writes back (web/forms.py). A refusal that must leave a trace
(a wrong password, say) records its audit entry and returns normally: the entry commits.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask

from assessment_app.extensions import db

EXEMPT = {"static"}


def committed(view: Callable) -> Callable:
    """Return `view` wrapped so that its session work commits once it has returned."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        db.session.commit()
        return response

    return wrapped


def commit_every_view(app: Flask) -> None:
    """Wrap every registered view (call after the blueprints are registered)."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint not in EXEMPT:
            app.view_functions[endpoint] = committed(view)
