"""Admin uploads: roster, position standards, SKP performance and potential (CSV or XLSX).

Upload → the same import service with `dry_run=True` → a preview with every error on its
row and column → "Simpan" re-reads the stored file and imports it all-or-nothing.
"""

from __future__ import annotations

import io
import os

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from assessment_app.admin import bp
from assessment_app.admin.imports.forms import ConfirmUploadForm, UploadForm
from assessment_app.admin.imports.service import (
    Checked,
    confirm_upload,
    preview_upload,
    upload_folder,
)
from assessment_app.auth.rules import admin_required
from assessment_app.exceptions import Refused
from assessment_app.exports import XLSX_MIMETYPE
from assessment_app.imports.store import cancel_upload
from assessment_app.imports.uploads import (
    KINDS,
    UploadKind,
    build_preview,
    template_csv,
    template_rows,
    template_text_columns,
    template_xlsx,
)
from assessment_app.snapshots.service import current_snapshot
from assessment_app.tabular import TableError


def _kind(code: str) -> UploadKind:
    kind = KINDS.get(code)
    if kind is None:
        abort(404)
    return kind


def _index(status: int = 200, errors: dict[str, str] | None = None):
    """Show the upload cards with their template downloads (`errors`: by kind, a refusal)."""
    return (
        render_template(
            "admin/upload/index.html", kinds=KINDS.values(), form=UploadForm(), errors=errors or {}
        ),
        status,
    )


def _posted(kind: str, form: FlaskForm, refusal: str = ""):
    """Return the upload kind and, for a posted form that is not valid, the page refusing it
    (with `refusal`, or the form's first error)."""
    spec = _kind(kind)
    if form.validate_on_submit():
        return spec, None
    messages = [m for field_errors in form.errors.values() for m in field_errors]
    message = refusal or (messages[0] if messages else "Berkas tidak valid.")
    return spec, _index(400, {spec.code: message})


def _preview(kind: UploadKind, checked: Checked, *, confirm: ConfirmUploadForm | None):
    report = checked.report
    return render_template(
        "admin/upload/preview.html",
        kind=kind,
        filename=checked.filename,
        preview=build_preview(checked.table, report.errors, report.warnings),
        report=report,
        confirm=confirm,
        token=checked.token,
    )


bp.add_url_rule("/impor", "uploads", admin_required(_index))


@bp.route("/impor/<kind>", methods=["POST"])
@admin_required
def upload_preview(kind: str):
    """Check an uploaded file without writing anything and show the preview."""
    form = UploadForm()
    spec, refused = _posted(kind, form)
    if refused:
        return refused
    upload = form.file.data
    filename = os.path.basename(upload.filename or "berkas")
    try:
        checked = preview_upload(spec, upload.read(), filename, user=current_user)
    except (TableError, Refused) as exc:
        return _index(400, {spec.code: _message(exc)})
    return _preview(spec, checked, confirm=ConfirmUploadForm(token=checked.token))


@bp.route("/impor/<kind>/simpan", methods=["POST"])
@admin_required
def upload_confirm(kind: str):
    """Re-read the stored upload, check it again and import it all-or-nothing."""
    form = ConfirmUploadForm()
    spec, refused = _posted(kind, form, "Berkas unggahan tidak ditemukan; unggah ulang berkasnya.")
    if refused:
        return refused
    try:
        checked = confirm_upload(
            spec, form.token.data, user=current_user, codes_checked=form.codes_checked.data
        )
    except (TableError, Refused) as exc:
        return _index(400, {spec.code: _message(exc)})
    if checked.report.codes_unchecked:  # the upload stays: tick the box and save again
        return _preview(spec, checked, confirm=form), 400
    if not checked.report.written:  # the data changed since the preview: show why
        return _preview(spec, checked, confirm=None), 409
    flash(
        f"{spec.title} dari {checked.filename} disimpan: {checked.report.counts}.",
        "info",
    )
    return redirect(url_for("admin.uploads"))


@bp.route("/impor/<kind>/batal", methods=["POST"])
@admin_required
def upload_cancel(kind: str):
    """Delete the stored upload of a preview the admin does not want to save."""
    _kind(kind)
    form = ConfirmUploadForm()
    if form.validate_on_submit() and cancel_upload(
        upload_folder(), form.token.data, current_user.id
    ):
        flash("Impor dibatalkan; berkas unggahan sudah dihapus.", "info")
    return redirect(url_for("admin.uploads"))


@bp.route("/impor/templat/<kind>.<any(csv, xlsx):ext>")
@admin_required
def upload_template(kind: str, ext: str):
    """Download an empty template (header and one example row) for `kind`."""
    spec = _kind(kind)
    snapshot = current_snapshot()
    competencies = [c.code for c in snapshot.competencies] if snapshot else []
    tests = [t.code for t in snapshot.tests] if snapshot else []
    header, rows = template_rows(spec.code, competencies, tests)
    if ext == "csv":
        data, mimetype = template_csv(header, rows), "text/csv"
    else:
        data = template_xlsx(header, rows, template_text_columns(spec.code))
        mimetype = XLSX_MIMETYPE
    return send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"templat-{spec.code}.{ext}",
    )


def _message(exc: Exception) -> str:
    return getattr(exc, "message", None) or str(exc)
