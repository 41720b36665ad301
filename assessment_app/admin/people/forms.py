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
from wtforms.validators import AnyOf, DataRequired, EqualTo, Length, Optional, ValidationError

from assessment_app.users.passwords import MAX_PASSWORD, MIN_PASSWORD, password_problem

OWN_PASSWORD_REQUIRED = "Wajib diisi: kata sandi Anda sendiri."
ROLE_CHOICES = [
    SelectChoice("proctor", "Pengawas"),
    SelectChoice("admin", "Admin"),
    SelectChoice("panelis", "Panelis"),  # sits on standard-setting panels, sees only those
]


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
                # ValidationError, not ValueError: WTForms lets any other error escape (a 500)
                raise ValidationError(f"Pilihan {value[:40]!r} tidak tersedia.")


class StrongPassword:
    """The staff password rule (assessment_app.users.passwords) as a form validator.

    The rule needs the account's username: the field `username` of the form, or the form's
    attribute `target_username` (set by the view for a reset).
    """

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        username = getattr(form, "target_username", None) or form.username.data or ""
        problem = password_problem(field.data, username)
        if problem:
            raise ValidationError(problem)


def _current_password() -> PasswordField:
    return PasswordField(
        "Kata sandi Anda",
        validators=[DataRequired(OWN_PASSWORD_REQUIRED), _max(MAX_PASSWORD)],
        description="Kata sandi akun Anda sendiri, untuk memastikan yang bertindak adalah Anda.",
    )


class UserCreateForm(FlaskForm):
    """A new admin, proctor or panelist account."""

    role = SelectField("Peran", choices=ROLE_CHOICES, validate_choice=False)
    username = StringField(
        "Nama pengguna",
        validators=[DataRequired("Wajib diisi."), _max(64)],
        description="3-64 karakter: huruf kecil, angka, titik, - atau _.",
    )
    full_name = StringField("Nama lengkap", validators=[Optional(), _max(200)])
    password = PasswordField(
        "Kata sandi",
        validators=[DataRequired("Wajib diisi."), StrongPassword()],
        description=f"Minimal {MIN_PASSWORD} karakter dan tidak mudah ditebak.",
    )
    confirm = PasswordField(
        "Ulangi kata sandi",
        validators=[EqualTo("password", "Kedua kata sandi tidak sama.")],
    )
    rooms = CheckboxesField("Ruang (untuk pengawas)")
    submit = SubmitField("Buat akun")


class UserActiveForm(FlaskForm):
    """Enable ("1") or disable ("0") an account; disabling needs the admin's own password
    (the confirmation page asks for it; the view refuses "0" without it)."""

    active = HiddenField(validators=[AnyOf(["0", "1"], "Nilai harus 0 atau 1.")])
    current_password = PasswordField("Kata sandi Anda", validators=[Optional(), _max(MAX_PASSWORD)])


class RoleForm(FlaskForm):
    """Change an account's role (asks for the admin's own password)."""

    role = SelectField(
        "Peran baru",
        choices=ROLE_CHOICES,
        validate_choice=False,
        validators=[AnyOf([c.value for c in ROLE_CHOICES], "Pilih Admin, Pengawas atau Panelis.")],
    )
    current_password = _current_password()
    submit = SubmitField("Ubah peran")


class UnlockForm(FlaskForm):
    """Lift a staff account's login lockout, with the reason for the audit log."""

    reason = StringField(
        "Alasan",
        validators=[DataRequired("Wajib diisi: alasan membuka blokir."), _max(500)],
        description="Mis. 'pengawas lupa kata sandi, identitas sudah diperiksa'.",
    )
    submit = SubmitField("Buka blokir")


class PasswordResetForm(FlaskForm):
    """A new password typed by the admin, or empty to generate one."""

    password = PasswordField(
        "Kata sandi baru",
        validators=[Optional(), StrongPassword()],
        description=(
            f"Minimal {MIN_PASSWORD} karakter dan tidak mudah ditebak. Kosongkan agar aplikasi "
            "membuat kata sandi acak (ditampilkan sekali)."
        ),
    )
    confirm = PasswordField(
        "Ulangi kata sandi baru",
        validators=[EqualTo("password", "Kedua kata sandi tidak sama.")],
    )
    current_password = _current_password()
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
