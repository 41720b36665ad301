"""What the people pages share: the form path (with the admin's own password), the choices.

A new password or PIN is rendered in the POST's own response, never flashed: the session
cookie is signed, not encrypted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from assessment_app.admin.people.forms import OWN_PASSWORD_REQUIRED
from assessment_app.events.service import current_event
from assessment_app.exceptions import Refused
from assessment_app.users import service as users
from assessment_app.vocabulary.statuses import SESSION_LABELS
from assessment_app.web.forms import Outcome, show_refusal, submit

WRONG_OWN_PASSWORD = 403


def actor() -> str:
    """Return the username of the admin acting."""
    return current_user.username


def room_choices() -> list[SelectChoice]:
    """Return the rooms of the current event, for a form."""
    event = current_event()
    return [SelectChoice(r.code, f"{r.code} – {r.name}") for r in event.rooms] if event else []


def session_choices() -> list[SelectChoice]:
    """Return the sessions of the current event a candidate may still be placed in."""
    event = current_event()
    return [
        SelectChoice(s.code, f"{s.code} ({SESSION_LABELS[s.status.value]})")
        for s in (event.sessions if event else [])
        if s.status.value != "closed"
    ]


def submit_form(
    form: FlaskForm, run: Callable[[], Any], *, reauth: str | None = None, target: str = ""
) -> Outcome:
    """Run `web.forms.submit`, first checking the admin's own password when `reauth` names
    the action.

    A wrong own password is 403 under "Kata sandi Anda", its audit entry kept (nothing is
    rolled back: the request commits it). Any other refusal is shown again with 422, as the
    people pages have always answered, whatever the refusal's status in the API.
    """
    outcome = (reauth and _unconfirmed(form, reauth, target)) or submit(form, run)
    if outcome.done or outcome.status in (200, WRONG_OWN_PASSWORD):
        return outcome
    return replace(outcome, status=422)


def _unconfirmed(form: FlaskForm, action: str, target: str) -> Outcome | None:
    """Check the admin's own password on a valid posted form; return the refusal, or None."""
    if not form.is_submitted() or not form.validate():
        return None  # submit() answers for the form
    if not form.current_password.data:  # not a try: nothing to audit or count
        form.current_password.errors = [OWN_PASSWORD_REQUIRED]
        return Outcome(status=422)
    try:
        users.confirm_actor(current_user, form.current_password.data, action=action, target=target)
    except Refused as exc:
        show_refusal(form, exc)
        return Outcome(status=exc.status)
    return None


def show(template: str, outcome: Outcome, **context):
    """Render a people page (`admin/people/<template>`) with the outcome's status."""
    return render_template(f"admin/people/{template}", **context), outcome.status


def done(message: str, endpoint: str = "admin.people", **args):
    """Flash what was done and go back to the list."""
    flash(message, "info")
    return redirect(url_for(endpoint, **args))
