"""Forms of the people pages: staff accounts, proctor rooms, candidates."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import AnyOf, DataRequired, EqualTo, Length, Optional

from assessment_app.users.service import MIN_PASSWORD

ROLE_CHOICES = [SelectChoice("proctor", "Pengawas"), SelectChoice("admin", "Admin")]


def _max(length: int) -> Length:
    return Length(max=length, message=f"Maksimal {length} karakter.")


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes; choosing none is allowed."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form) -> None:
        """Accept only offered values, but allow an empty choice."""
        offered = {str(choice.value) for choice in self.choices or []}
        for value in self.data or []:
            if value not in offered:
                raise ValueError(f"Pilihan {value!r} tidak tersedia.")


class UserCreateForm(FlaskForm):
    """A new admin or proctor account."""

    role = SelectField("Peran", choices=ROLE_CHOICES, validate_choice=False)
    username = StringField(
        "Nama pengguna",
        validators=[DataRequired("Wajib diisi."), _max(64)],
        description="3-64 karakter: huruf kecil, angka, titik, - atau _.",
    )
    full_name = StringField("Nama lengkap", validators=[Optional(), _max(200)])
    password = PasswordField(
        "Kata sandi",
        validators=[
            DataRequired("Wajib diisi."),
            Length(min=MIN_PASSWORD, max=256, message=f"Minimal {MIN_PASSWORD} karakter."),
        ],
    )
    confirm = PasswordField(
        "Ulangi kata sandi",
        validators=[EqualTo("password", "Kedua kata sandi tidak sama.")],
    )
    rooms = CheckboxesField("Ruang (untuk pengawas)")
    submit = SubmitField("Buat akun")


class UserActiveForm(FlaskForm):
    """Enable ("1") or disable ("0") an account."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class PasswordResetForm(FlaskForm):
    """A new password typed by the admin, or empty to generate one."""

    password = PasswordField(
        "Kata sandi baru",
        validators=[
            Optional(),
            Length(min=MIN_PASSWORD, max=256, message=f"Minimal {MIN_PASSWORD} karakter."),
        ],
        description="Kosongkan agar aplikasi membuat kata sandi acak (ditampilkan sekali).",
    )
    confirm = PasswordField(
        "Ulangi kata sandi baru",
        validators=[EqualTo("password", "Kedua kata sandi tidak sama.")],
    )
    submit = SubmitField("Atur ulang kata sandi")


class RoomsForm(FlaskForm):
    """The rooms a proctor watches (replaces the current assignments)."""

    rooms = CheckboxesField("Ruang")
    submit = SubmitField("Simpan penugasan")


class PlacementForm(FlaskForm):
    """A candidate's session, room and seat."""

    # The service checks the codes and answers in Indonesian.
    session = SelectField(
        "Sesi", validators=[DataRequired("Wajib dipilih.")], validate_choice=False
    )
    room = SelectField("Ruang", validators=[DataRequired("Wajib dipilih.")], validate_choice=False)
    seat = StringField("Kursi", validators=[Optional(), _max(32)])
    submit = SubmitField("Simpan")


class LateRegistrationForm(PlacementForm):
    """A candidate added after the roster import (the roster's columns)."""

    nip = StringField(
        "NIP / NI PPPK",
        validators=[DataRequired("Wajib diisi."), _max(40)],
        description="18 digit; spasi boleh.",
    )
    name = StringField("Nama lengkap", validators=[DataRequired("Wajib diisi."), _max(200)])
    position = StringField("Jabatan", validators=[DataRequired("Wajib diisi."), _max(200)])
    position_code = StringField(
        "Kode jabatan",
        validators=[Optional(), _max(200)],
        description="Kunci ke file standar kompetensi; kosong = teks jabatan.",
    )
    unit = StringField("Unit kerja", validators=[Optional(), _max(200)])
    tests = CheckboxesField("Tes (dikerjakan berurutan)")
    pin = StringField(
        "PIN",
        validators=[Optional(), _max(12)],
        description="6-12 digit; kosongkan agar dibuat otomatis (ditampilkan sekali).",
    )
    submit = SubmitField("Daftarkan peserta")
