"""Forms of the admin's results pages (every one posted with its CSRF token)."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

REASON = "Alasan wajib diisi."
_NUMBER = r"-?\d+(?:\.\d+)?"


class FinalizeForm(FlaskForm):
    """Fix the results as the next numbered version ("Tetapkan hasil")."""

    reason = TextAreaField("Alasan penetapan", validators=[DataRequired(REASON), Length(max=500)])
    submit = SubmitField("Tetapkan hasil")


class WithdrawCorrectionForm(FlaskForm):
    """Withdraw a correction made in error (with a reason, audited)."""

    reason = StringField("Alasan", validators=[DataRequired(REASON), Length(max=500)])


class ItemCorrectionForm(FlaskForm):
    """Drop an item from scoring, or credit every option of it (anulir soal)."""

    kind = RadioField(
        "Tindakan",
        choices=[
            SelectChoice("drop_item", "Anulir soal: tidak dinilai untuk semua peserta"),
            SelectChoice("credit_all", "Semua pilihan diberi nilai penuh"),
        ],
        default="drop_item",
        validators=[DataRequired()],
    )
    item_id = StringField("Kode soal", validators=[DataRequired(), Length(max=40)])
    reason = TextAreaField("Alasan", validators=[DataRequired(REASON), Length(max=500)])
    submit = SubmitField("Simpan koreksi soal")


def cut_values(text: str) -> list[str]:
    """Split "20, 40, 60, 80" (or "12,5; 40; 60; 80") into numbers with a decimal point.

    With a semicolon the semicolons separate and a comma is the decimal mark, as Indonesian
    readers write it; otherwise commas or spaces separate.
    """
    text = (text or "").strip()
    parts = text.split(";") if ";" in text else re.split(r"[,\s]+", text)
    return [part.strip().replace(",", ".") for part in parts if part.strip()]


class CutsCorrectionForm(FlaskForm):
    """Change the four level cuts of one test, on the C_score scale (kind ``level_cuts``)."""

    test_code = SelectField("Tes", validators=[DataRequired()])
    competency = SelectField(
        "Kompetensi",
        validators=[Optional()],
        description="Kosongkan untuk semua kompetensi tes; pilih satu untuk batasnya sendiri.",
    )
    cuts = StringField(
        "Batas level 2, 3, 4 dan 5 (skor C)", validators=[DataRequired(), Length(max=100)]
    )
    reason = TextAreaField("Alasan", validators=[DataRequired(REASON), Length(max=500)])
    submit = SubmitField("Simpan batas level")

    def validate_cuts(self, field) -> None:
        values = cut_values(field.data)
        if len(values) != 4 or not all(re.fullmatch(_NUMBER, v) for v in values):
            raise ValidationError("Tulis empat angka, mis. 20, 40, 60, 80.")

    def cuts_text(self) -> str:
        """The four numbers as the service reads them ("20,40,60,80")."""
        return ",".join(cut_values(self.cuts.data))

    def correction(self) -> dict:
        """The cuts as `add_correction` takes them: the whole test, or one competency's."""
        if self.competency.data:
            cuts = [float(value) for value in cut_values(self.cuts.data)]
            return {"competency_cuts": {self.competency.data: cuts}}
        return {"cuts": self.cuts_text()}
