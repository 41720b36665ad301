"""Admin results pages: the table, the individual report, the talent map, the distributions,
the downloads and the scoring corrections (anulir soal).

Every page computes the whole event with `results.service.result_set()` and narrows it with
the pure functions of `results_queries`; the downloads always hold the whole event.
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Regexp

from assessment_app import clock, talent
from assessment_app.admin import bp
from assessment_app.admin import results_queries as q
from assessment_app.auth.rules import admin_required
from assessment_app.charts import LevelBar, level_bars, level_distribution
from assessment_app.delivery.catalog import bank_for
from assessment_app.exceptions import Refused
from assessment_app.exports import write_csv, write_xlsx
from assessment_app.extensions import db
from assessment_app.results.service import (
    CORRECTION_KINDS,
    add_correction,
    result_set,
    withdraw_correction,
)
from assessment_app.snapshots.service import current_snapshot

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GROUP_FILTERS = ("sesi", "ruang", "unit", "jabatan")  # the talent map and distributions
BOX_OF = {(b.potential, b.performance): b.number for b in talent.BOXES.values()}


def _render(template: str, status: int = 200, **context):
    """Render a results page with the helpers every one of them uses."""
    page = render_template(
        f"admin/results/{template}",
        decimal=q.decimal_text,
        status_text=q.STATUS_TEXT,
        **context,
    )
    return page, status


@bp.route("/hasil")
@admin_required
def results():
    """Show one row per candidate and test, filtered and sorted by the query string."""
    rs = result_set()
    flt = q.ResultFilter.from_args(request.args)
    rows = q.filter_rows(rs.rows, flt)
    key = request.args.get("urut", "")
    direction = q.DESCENDING if request.args.get("arah") == q.DESCENDING else q.ASCENDING
    if q.sort_key_valid(key):
        rows = q.sort_rows(rows, key, direction == q.DESCENDING)
    else:
        key = ""
    return _render(
        "table.html",
        rs=rs,
        rows=rows,
        flt=flt,
        options=q.filter_options(rs.rows),
        competencies=q.measured_competencies(rs, rows),
        sort_key=key,
        sort_dir=direction,
        sort_link=lambda column: q.sort_link(flt, key, direction, column),
        shown_candidates=q.candidate_count(rows),
        all_candidates=q.candidate_count(rs.rows),
        corrections=_corrections(rs),
    )


@bp.route("/hasil/unduh.csv")
@admin_required
def results_csv():
    """Download the whole event's results as CSV (CONTRACT §5), whatever the page shows."""
    text = io.StringIO(newline="")
    write_csv(result_set(), text)
    return _download(io.BytesIO(text.getvalue().encode("utf-8")), "text/csv", "csv")


@bp.route("/hasil/unduh.xlsx")
@admin_required
def results_xlsx():
    """Download the whole event's results as an XLSX workbook."""
    rs = result_set()
    data = io.BytesIO()
    write_xlsx(rs, data, level_cuts=_cuts_in_force(rs))
    data.seek(0)
    return _download(data, XLSX_MIMETYPE, "xlsx")


def _download(data: io.BytesIO, mimetype: str, extension: str):
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    stamp = clock.now().astimezone(zone).strftime("%Y-%m-%d")
    response = send_file(
        data,
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"hasil-asesmen-{stamp}.{extension}",
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"  # personal data: no copies in caches
    return response


@bp.route("/hasil/peserta/<int:candidate_id>")
@admin_required
def result_person(candidate_id: int):
    """Show one candidate's printable report (laporan individu)."""
    rs = result_set()
    report = q.individual_report(rs, candidate_id)
    if report is None:
        abort(404)
    box = talent.BOXES.get(report.talent.box) if report.talent.box else None
    chart = level_bars(
        [LevelBar(line.info.name, line.achieved, line.required) for line in report.lines],
        title=f"Level kompetensi {report.person.name}: dicapai dan standar jabatan",
        ident="profil",
    )
    return _render(
        "person.html",
        rs=rs,
        report=report,
        box=box,
        succession=box is not None and box.number in talent.SUCCESSION_BOXES,
        chart=chart,
        printed_at=clock.now(),
    )


@bp.route("/hasil/peta-talenta")
@admin_required
def talent_map():
    """Show the 9-box with its people, and who cannot be mapped yet and why."""
    rs = result_set()
    flt = q.ResultFilter.from_args(request.args, only=GROUP_FILTERS)
    tmap = q.talent_map(q.filter_rows(rs.rows, flt), BOX_OF)
    return _render(
        "talent_map.html",
        rs=rs,
        flt=flt,
        options=q.filter_options(rs.rows),
        tmap=tmap,
        boxes=talent.BOXES,
        succession=talent.SUCCESSION_BOXES,
        reasons=q.UNMAPPED_REASONS,
    )


@bp.route("/hasil/distribusi")
@admin_required
def distribution():
    """Show, per test and competency, how the finished attempts spread over levels 1..5."""
    rs = result_set()
    flt = q.ResultFilter.from_args(request.args, only=GROUP_FILTERS)
    tests = q.distributions(rs, q.filter_rows(rs.rows, flt))
    charts = {
        (test.code, d.info.code): level_distribution(
            d.counts,
            title=f"Sebaran level {d.info.name} pada tes {test.code} (n = {d.n})",
            ident=f"sebaran-{test.code}-{d.info.code}",
        )
        for test in tests
        for d in test.competencies
    }
    return _render(
        "distribution.html",
        rs=rs,
        flt=flt,
        options=q.filter_options(rs.rows),
        tests=tests,
        charts=charts,
    )


# --- corrections ----------------------------------------------------------------------------


class WithdrawCorrectionForm(FlaskForm):
    """Withdraw a correction made in error (with a reason, audited)."""

    reason = StringField("Alasan", validators=[DataRequired(), Length(max=500)])


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
    reason = TextAreaField("Alasan", validators=[DataRequired(), Length(max=500)])
    submit = SubmitField("Simpan koreksi soal")


NUMBER = Regexp(r"^\s*-?\d+(?:[.,]\d+)?\s*$", message="Tulis angka, mis. 2,6 atau 2.6.")


class CutsCorrectionForm(FlaskForm):
    """Change the four level cuts of one test, for its sjt or its mcq competencies."""

    test_code = SelectField("Tes", validators=[DataRequired()])
    kind = SelectField(
        "Jenis soal",
        choices=[
            SelectChoice("sjt_level_cuts", "SJT (skor rata-rata opsi)"),
            SelectChoice("mcq_level_cuts", "Pilihan ganda (persen benar)"),
        ],
        validators=[DataRequired()],
    )
    cut1 = StringField("Batas level 2", validators=[DataRequired(), NUMBER])
    cut2 = StringField("Batas level 3", validators=[DataRequired(), NUMBER])
    cut3 = StringField("Batas level 4", validators=[DataRequired(), NUMBER])
    cut4 = StringField("Batas level 5", validators=[DataRequired(), NUMBER])
    reason = TextAreaField("Alasan", validators=[DataRequired(), Length(max=500)])
    submit = SubmitField("Simpan batas level")

    def cuts_text(self) -> str:
        """The four numbers as the service reads them ("1.8,2.6,3.4,4.2")."""
        fields = (self.cut1, self.cut2, self.cut3, self.cut4)
        return ",".join(f.data.strip().replace(",", ".") for f in fields)


@bp.route("/hasil/koreksi", methods=["GET", "POST"])
@admin_required
def corrections():
    """Record a scoring correction (audited) and list the ones in force."""
    rs = result_set()
    item_form = ItemCorrectionForm(prefix="soal")
    cuts_form = CutsCorrectionForm(prefix="batas")
    cuts_form.test_code.choices = [
        SelectChoice(code, f"{code}: {title}") for code, title in rs.tests.items()
    ]
    status, refusal = 200, None
    if request.method == "POST":
        form = cuts_form if cuts_form.submit.data else item_form
        if form.validate():
            try:
                _record(form)
            except Refused as exc:
                db.session.rollback()
                status, refusal = 422, exc.message
            else:
                db.session.commit()
                flash("Koreksi dicatat dan hasil dihitung ulang.", "info")
                return redirect(url_for("admin.corrections"))
        else:
            status = 422
    return _render(
        "corrections.html",
        status,
        rs=rs,
        item_form=item_form,
        cuts_form=cuts_form,
        refusal=refusal,
        corrections=_corrections(rs),
        cuts=_cuts_in_force(rs),
        items=_item_choices(),
        withdraw_form=WithdrawCorrectionForm(),
    )


@bp.route("/hasil/koreksi/<int:correction_id>/batal", methods=["POST"])
@admin_required
def withdraw(correction_id: int):
    """Withdraw one correction; results recompute without it."""
    form = WithdrawCorrectionForm()
    if not form.validate():
        flash("Alasan pembatalan koreksi wajib diisi.", "error")
        return redirect(url_for("admin.corrections"))
    try:
        withdraw_correction(correction_id, actor=current_user.username, reason=form.reason.data)
    except Refused as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash("Koreksi dibatalkan dan hasil dihitung ulang.", "info")
    return redirect(url_for("admin.corrections"))


def _record(form) -> None:
    actor = current_user.username
    reason = form.reason.data
    if isinstance(form, CutsCorrectionForm):
        add_correction(
            form.kind.data,
            actor=actor,
            reason=reason,
            test_code=form.test_code.data,
            cuts=form.cuts_text(),
        )
    else:
        add_correction(
            form.kind.data, actor=actor, reason=reason, item_id=form.item_id.data.strip()
        )


def _corrections(rs) -> list[dict]:
    """The corrections in force, worded for people, newest first."""
    return [
        {
            "id": c.id,
            "kind": CORRECTION_KINDS.get(c.kind, c.kind),
            "target": c.item_id or c.test_code or "",
            "value": c.value.replace(",", "; "),
            "reason": c.reason,
            "by": c.by,
            "at": datetime.fromisoformat(c.at.replace("Z", "+00:00")),
        }
        for c in reversed(rs.corrections)
    ]


def _cuts_in_force(rs) -> dict[str, dict[str, tuple[float, ...]]]:
    """Each test's level cuts: the bank's, then the corrections in order (later ones win)."""
    snapshot = current_snapshot()
    if snapshot is None:
        return {}
    bank = bank_for(snapshot.id)
    defaults = {
        t.code: {"sjt": tuple(t.scoring.sjt_level_cuts), "mcq": tuple(t.scoring.mcq_level_cuts)}
        for t in bank.tests
    }
    return q.cuts_in_force(defaults, rs.corrections)


def _item_choices() -> list[tuple[str, str]]:
    """Item ids of the current bank with their competency, for the form's suggestions."""
    snapshot = current_snapshot()
    if snapshot is None:
        return []
    return [(item.id, item.competency) for item in sorted(bank_for(snapshot.id).items, key=_id)]


def _id(item) -> str:
    return item.id
