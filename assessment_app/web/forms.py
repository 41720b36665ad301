"""Form pages in one shape: parse the posted form, make one service call, render.

    form = ScheduleForm()
    outcome = submit(form, lambda: set_schedule(code, ...))
    if outcome.done:
        flash("Jadwal disimpan.", "info")
        return redirect(url_for("admin.sessions"))
    return render_template("admin/sessions.html", form=form), outcome.status

`submit` answers 200 for a page that was only opened, 422 for a form that does not validate
(its errors are on its fields), the refusal's own status when the service refused (the
message lands on the field it names, or among the form's errors) and a bad CSRF token with
400. A refusal rolls back what the service had added, so the request's commit
(web/transaction.py) writes nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_wtf import FlaskForm

from assessment_app.exceptions import Refused
from assessment_app.extensions import db


@dataclass(frozen=True)
class Outcome:
    """What became of a form: `done` with the service's return `value`, or the page status."""

    done: bool = False
    value: Any = None
    status: int = 200


def submit(form: FlaskForm, action: Callable[[], Any]) -> Outcome:
    """Validate a posted `form`, then run `action`; see the module docstring."""
    if not form.is_submitted():
        return Outcome()
    if not form.validate():
        if "csrf_token" in form.errors:
            abort(400)
        return Outcome(status=422)
    try:
        value = action()
    except Refused as exc:
        db.session.rollback()
        show_refusal(form, exc)
        return Outcome(status=exc.status)
    return Outcome(done=True, value=value)


def show_refusal(form: FlaskForm, exc: Refused) -> None:
    """Put a refusal's message on the field it names, or among the form-wide errors."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


def error_text(form: FlaskForm) -> str:
    """Every error of a form as one line (for a flash message after a redirect)."""
    messages = [*form.form_errors]
    for name, errors in form.errors.items():
        if name is not None:
            messages += errors
    return " ".join(dict.fromkeys(messages))
