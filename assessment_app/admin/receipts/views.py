"""Admin page "Tanda terima": check a candidate's answer receipt against what is stored."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from assessment_app import audit
from assessment_app.admin import bp
from assessment_app.attempts.receipts import codes_match, normalize_code, receipts_of
from assessment_app.auth.rules import admin_required
from assessment_app.extensions import db
from assessment_app.tabular.nip import normalize_nip


class ReceiptForm(FlaskForm):
    """The NIP of the candidate and the code they were shown."""

    nip = StringField(
        "NIP / NI PPPK",
        validators=[DataRequired("Wajib diisi."), Length(max=40, message="Maksimal 40 karakter.")],
        description="18 digit; spasi boleh.",
    )
    code = StringField(
        "Kode tanda terima",
        validators=[DataRequired("Wajib diisi."), Length(max=40, message="Maksimal 40 karakter.")],
        description="Seperti yang tampil di layar penutup peserta, mis. K7QM-3XPA-2D.",
    )
    submit = SubmitField("Periksa")


@bp.route("/tanda-terima", methods=["GET", "POST"])
@admin_required
def receipts():
    """Say, per finished test of the candidate, whether the code matches (each check audited)."""
    form = ReceiptForm()
    if not form.is_submitted():
        return _page(form)
    if not form.validate():
        return _page(form, status=422)
    nip, code = normalize_nip(form.nip.data), normalize_code(form.code.data)
    found = receipts_of(nip)
    if found is None:
        form.nip.errors.append("NIP ini tidak terdaftar pada acara.")
        return _page(form, status=422)
    checks = [(receipt, codes_match(code, receipt.code)) for receipt in found]
    audit.record(
        current_user.username,
        "receipt.check",
        target=f"candidate:{nip}",
        details={"nip": nip, "code": code, "matched": [r.test_code for r, ok in checks if ok]},
    )
    db.session.commit()
    return _page(form, checks=checks, nip=nip, code=code)


def _page(form: ReceiptForm, status: int = 200, **context):
    context.setdefault("checks", None)
    return render_template("admin/receipts.html", form=form, **context), status
