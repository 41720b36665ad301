"""Forms of the facilitator's standard-setting pages (every one posted with its CSRF token)."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

REASON = "Alasan wajib diisi."


class PanelCreateForm(FlaskForm):
    """A new panel: the test, the method, a title and optionally some of its competencies."""

    test_code = SelectField("Tes", validators=[DataRequired("Pilih tes.")])
    method = RadioField(
        "Metode",
        choices=[
            SelectChoice("bookmark", "Bookmark (GRM dikalibrasi dari data acara)"),
            SelectChoice("angoff", "Angoff termodifikasi (bila peserta terlalu sedikit)"),
        ],
        default="bookmark",
        validators=[DataRequired("Pilih metode.")],
    )
    title = StringField("Judul panel", validators=[Optional(), Length(max=200)])
    competencies = StringField(
        "Kompetensi (opsional)",
        validators=[Optional(), Length(max=500)],
        description="Kode dipisah koma, mis. INT, KS; kosongkan untuk semua kompetensi tes.",
    )
    submit = SubmitField("Buat panel")

    def competency_codes(self) -> list[str]:
        """Return the competency codes typed (commas, semicolons or spaces separate)."""
        return [code for code in re.split(r"[,;\s]+", self.competencies.data or "") if code]


class PanelistForm(FlaskForm):
    """Seat a staff account with the role panelis on the panel."""

    username = StringField(
        "Nama pengguna panelis", validators=[DataRequired("Wajib diisi."), Length(max=64)]
    )
    submit = SubmitField("Tambah panelis")


class RoundForm(FlaskForm):
    """Open or close a round (the route says which)."""


class AdoptForm(FlaskForm):
    """Adopt the last closed round's cuts as a scoring correction, with the reason."""

    reason = TextAreaField("Alasan penetapan", validators=[DataRequired(REASON), Length(max=500)])
    submit = SubmitField("Tetapkan batas level")
