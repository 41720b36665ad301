"""Forms of the upload pages and the bank actions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired, Regexp

from assessment_app.bounds import MAX_UPLOAD_BYTES, megabytes


class UploadForm(FlaskForm):
    """One CSV or XLSX file; its content is judged by `read_table`, not by its name."""

    file = FileField(
        "Berkas CSV atau XLSX",
        validators=[
            FileRequired("Pilih berkas CSV atau XLSX terlebih dahulu."),
            FileSize(
                MAX_UPLOAD_BYTES,
                message=f"Berkas terlalu besar (maksimal {megabytes(MAX_UPLOAD_BYTES)}).",
            ),
        ],
    )


class ConfirmUploadForm(FlaskForm):
    """The token of an upload that passed the preview."""

    token = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{32}$")])
    # Asked only when the roster creates sessions or rooms; the import checks it.
    codes_checked = BooleanField("Saya memeriksa kode sesi/ruang baru")


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (validate, publish)."""
