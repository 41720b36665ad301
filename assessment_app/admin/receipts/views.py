"""Admin page "Tanda terima": check a candidate's answer receipt against what is stored."""

from __future__ import annotations

from functools import partial

from flask import render_template
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from assessment_app.admin import bp
from assessment_app.admin.receipts.service import check_receipt
from assessment_app.auth.rules import admin_required
from assessment_app.web.forms import submit


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
    check = partial(check_receipt, form.nip.data, form.code.data, actor=current_user.username)
    outcome = submit(form, check)
    found = vars(outcome.value) if outcome.done else {"checks": None}
    return render_template("admin/receipts.html", form=form, **found), outcome.status
