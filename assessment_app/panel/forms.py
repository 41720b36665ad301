"""The panel page's form: only its CSRF token is declared, the judgement inputs are read by the
names the booklet gives them (`panel.presenters.field_name`)."""

from __future__ import annotations

from flask_wtf import FlaskForm


class JudgementForm(FlaskForm):
    """A panelist's judgements of one competency (the inputs come from the booklet)."""
