"""Forms of the admin's sessions page (every one posted with its CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from assessment_app.bounds import YEAR_MESSAGE, year_in_range
from assessment_app.events.schedule import MAX_LATE_ENTRY_MINUTES


class _Worded:
    """A field whose unreadable input is refused with `unreadable`, in Indonesian."""

    unreadable = ""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.unreadable) from exc


class LocalTimeField(_Worded, DateTimeLocalField):
    """A datetime-local input (read in the app's time zone by the view), Indonesian errors."""

    unreadable = "Isi tanggal dan jam dengan benar."

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not year_in_range(self.data):
            self.data = None  # never converted to UTC: year 1 or 9999 would overflow
            raise ValueError(f"Tanggal di luar jangkauan: {YEAR_MESSAGE}.")


LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]  # what browsers send, the first shown


class MinutesField(_Worded, IntegerField):
    """A whole number of minutes, with an Indonesian error."""

    unreadable = "Isi dengan bilangan bulat (menit)."


class OpenSessionForm(FlaskForm):
    """Release the session token."""

    submit = SubmitField("Buka sesi")


class CloseSessionForm(FlaskForm):
    """End a session; `paksa` finishes the attempts still running."""

    reason = StringField("Alasan", validators=[Length(max=500, message="Alasan terlalu panjang.")])
    force = BooleanField("Paksa: selesaikan ujian peserta yang masih berjalan")
    submit = SubmitField("Tutup sesi")

    def validate_reason(self, field):
        if self.force.data and not (field.data or "").strip():
            raise ValidationError("Alasan wajib diisi bila sesi ditutup paksa.")


class ScheduleForm(FlaskForm):
    """The planned start and end (local time) and the late-entry limit."""

    planned_start = LocalTimeField("Mulai", format=LOCAL_FORMATS, validators=[Optional()])
    planned_end = LocalTimeField("Selesai", format=LOCAL_FORMATS, validators=[Optional()])
    late_entry_minutes = MinutesField(
        "Batas terlambat (menit)",
        validators=[
            InputRequired(message="Batas terlambat wajib diisi."),
            NumberRange(
                min=0,
                max=MAX_LATE_ENTRY_MINUTES,
                message=f"Batas terlambat harus antara 0 dan {MAX_LATE_ENTRY_MINUTES} menit.",
            ),
        ],
    )
    submit = SubmitField("Simpan jadwal")
