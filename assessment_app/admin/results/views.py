"""Admin results pages: the table, the individual report, the talent map, the distributions,
the downloads, the scoring corrections and the sign-off ("Tetapkan hasil").

Every page computes the whole event with `results.service.result_set()` (which also says
where the results stand against the last fixed version) and narrows it with pure
functions; the downloads always hold the whole event. Writes go through web.forms.submit
and the request commits once.

The results, scoring and export modules are imported inside the views that use them: with
numpy and XlsxWriter they cost ~0.2 s, which every command and every gunicorn worker would
otherwise pay at start-up, long before (if ever) it serves a results page.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import partial
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
from wtforms import SelectChoice

from assessment_app import audit, clock
from assessment_app.admin import bp
from assessment_app.admin.results.forms import (
    CutsCorrectionForm,
    FinalizeForm,
    ItemCorrectionForm,
    WithdrawCorrectionForm,
)
from assessment_app.auth.rules import admin_required
from assessment_app.events.service import current_event
from assessment_app.exceptions import conflict
from assessment_app.exports import XLSX_MIMETYPE
from assessment_app.snapshots.catalog import bank_for
from assessment_app.snapshots.service import current_snapshot
from assessment_app.vocabulary.corrections import LEVEL_CUTS
from assessment_app.web.forms import submit

GROUP_FILTERS = ("sesi", "ruang", "unit", "jabatan")  # the talent map and distributions


def _render(template: str, status: int = 200, **context):
    """Render a results page with the helpers every one of them uses."""
    from assessment_app.admin.results import presenters as q
    from assessment_app.results import tables
    from assessment_app.results.cuts import shown_cuts

    page = render_template(
        f"admin/results/{template}",
        decimal=q.decimal_text,
        cuts_text=shown_cuts,
        status_label=tables.status_label,
        flag_labels=tables.flag_labels,
        moment=_moment,
        **context,
    )
    return page, status


def _moment(text: str | None) -> datetime | None:
    """Read an ISO-8601 UTC text ("...Z") back into a datetime for `local_time`."""
    return datetime.fromisoformat(text) if text else None


@bp.route("/hasil")
@admin_required
def results():
    """Show one row per candidate and test, filtered and sorted by the query string."""
    from assessment_app.admin.results import presenters as q
    from assessment_app.results.service import result_set

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
        flagged=sum(1 for row in rs.rows if row.flags),
        corrections=_corrections(rs),
    )


@bp.route("/hasil/unduh.csv")
@admin_required
@audit.audited("results.download")
def results_csv():
    """Download the whole event's results as CSV (CONTRACT §5), whatever the page shows."""
    from assessment_app.exports import write_csv
    from assessment_app.results.service import result_set

    rs = result_set()
    text = io.StringIO(newline="")
    write_csv(rs, text)
    return _download(rs, io.BytesIO(text.getvalue().encode("utf-8")), "text/csv", "csv")


@bp.route("/hasil/unduh.xlsx")
@admin_required
@audit.audited("results.download")
def results_xlsx():
    """Download the whole event's results as an XLSX workbook."""
    from assessment_app.exports import write_xlsx
    from assessment_app.results.service import result_set

    rs = result_set()
    data = io.BytesIO()
    # The cuts, bands and version travel on the ResultSet; times are shown in TIMEZONE.
    write_xlsx(rs, data, tz=ZoneInfo(current_app.config["TIMEZONE"]))
    data.seek(0)
    return _download(rs, data, XLSX_MIMETYPE, "xlsx")


def _download(rs, data: io.BytesIO, mimetype: str, extension: str):
    audit.note(event=rs.event_name, format=extension, rows=len(rs.rows))
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    stamp = clock.now().astimezone(zone).strftime("%Y-%m-%d")
    response = send_file(
        data,
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"hasil-asesmen-{stamp}.{extension}",
        max_age=0,
    )
    return response  # personal data: http_headers makes it no-store


@bp.route("/hasil/peserta/<int:candidate_id>")
@admin_required
def result_person(candidate_id: int):
    """Show one candidate's printable report (laporan individu), ready to sign."""
    from assessment_app.admin.results.charts import LevelBar, ScoreBand, level_bars, score_bands
    from assessment_app.results.report import individual_report
    from assessment_app.results.service import result_set

    rs = result_set()
    report = individual_report(rs, candidate_id)
    if report is None:
        abort(404)
    name = report.person.name
    profile = level_bars(
        [LevelBar(line.info.name, line.level, line.required) for line in report.lines],
        title=f"Level kompetensi {name}: estimasi level dan standar jabatan",
        ident="profil",
    )
    measured = [line for line in report.lines + report.technical if line.score is not None]
    bands = score_bands(
        [
            ScoreBand(
                line.info.name,
                line.score.score,
                line.band.low if line.band else None,
                line.band.high if line.band else None,
                rs.rules[line.test_code].cuts_for(line.info.code),
                line.score.level,
            )
            for line in measured
            if line.test_code in rs.rules
        ],
        title=f"Skor C {name} dengan rentang ± SEM dan batas level",
        ident="rentang",
    )
    return _render(
        "person.html",
        rs=rs,
        report=report,
        profile=profile,
        bands=bands,
        signers=current_app.config["REPORT_SIGNERS"],
        printed_at=clock.now(),
    )


@bp.route("/hasil/peta-talenta")
@admin_required
def talent_map():
    """Show the 9-box with counts, descriptions, actions and people; the unmapped and why."""
    from assessment_app.admin.results import presenters as q
    from assessment_app.results.service import result_set
    from assessment_app.results.talent_grid import UNMAPPED_REASONS, talent_grid

    rs = result_set()
    flt = q.ResultFilter.from_args(request.args, only=GROUP_FILTERS)
    return _render(
        "talent_map.html",
        rs=rs,
        flt=flt,
        options=q.filter_options(rs.rows),
        grid=talent_grid(rs, q.filter_rows(rs.rows, flt)),
        reasons=UNMAPPED_REASONS,
    )


@bp.route("/hasil/distribusi")
@admin_required
def distribution():
    """Show, per test and competency, how the finished attempts spread over levels 1..5."""
    from assessment_app.admin.results import presenters as q
    from assessment_app.admin.results.charts import level_distribution
    from assessment_app.results import tables
    from assessment_app.results.service import result_set

    rs = result_set()
    flt = q.ResultFilter.from_args(request.args, only=GROUP_FILTERS)
    tests = [t for t in tables.level_distribution(rs, q.filter_rows(rs.rows, flt)) if t.finished]
    charts = {
        (test.code, d.competency.code): level_distribution(
            d.counts,
            title=f"Sebaran level {d.competency.name} pada tes {test.code} (n = {d.n})",
            ident=f"sebaran-{test.code}-{d.competency.code}",
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


# --- sign-off -------------------------------------------------------------------------------


@bp.route("/hasil/versi")
@admin_required
def result_versions():
    """List the fixed versions and offer "Tetapkan hasil"."""
    return _versions_page(FinalizeForm())


@bp.route("/hasil/tetapkan", methods=["POST"])
@admin_required
def finalize():
    """Fix the results as the next numbered version (audited), then show the versions."""
    form = FinalizeForm()
    outcome = submit(form, partial(_fix, form.reason.data))
    if not outcome.done:
        return _versions_page(form, outcome.status)
    flash(f"Hasil ditetapkan sebagai versi {outcome.value.number}.", "info")
    return redirect(url_for("admin.result_versions"))


def _fix(reason: str):
    from assessment_app.results import versions
    from assessment_app.results.service import result_set

    event = current_event()
    if event is None:
        raise conflict("Belum ada kegiatan asesmen.", code="no_event")
    return versions.fix(event.id, result_set(), actor=current_user.username, reason=reason)


def _versions_page(form: FinalizeForm, status: int = 200):
    from assessment_app.results import versions
    from assessment_app.results.service import result_set

    event = current_event()
    history = versions.history(event.id) if event else []
    return _render(
        "versions.html",
        status,
        rs=result_set(),
        history=list(reversed(history)),
        form=form,
        refusal=" ".join(form.form_errors),
    )


# --- corrections ----------------------------------------------------------------------------


@bp.route("/hasil/koreksi", methods=["GET", "POST"])
@admin_required
def corrections():
    """Record a scoring correction (audited) and list the ones in force."""
    from assessment_app.results.service import result_set

    rs = result_set()
    item_form = ItemCorrectionForm(prefix="soal")
    cuts_form = CutsCorrectionForm(prefix="batas")
    cuts_form.test_code.choices = [
        SelectChoice(code, f"{code}: {title}") for code, title in rs.tests.items()
    ]
    cuts_form.competency.choices = [SelectChoice("", "Semua kompetensi tes")] + [
        SelectChoice(c.code, f"{c.code}: {c.name}") for c in rs.competencies
    ]
    form = cuts_form if cuts_form.submit.data else item_form
    outcome = submit(form, partial(_record, form))
    if outcome.done:
        flash("Koreksi dicatat dan hasil dihitung ulang.", "info")
        return redirect(url_for("admin.corrections"))
    return _render(
        "corrections.html",
        200 if outcome.status == 200 else 422,
        rs=rs,
        item_form=item_form,
        cuts_form=cuts_form,
        refusal=" ".join(form.form_errors),
        corrections=_corrections(rs),
        items=_item_choices(),
        withdraw_form=WithdrawCorrectionForm(),
    )


@bp.route("/hasil/koreksi/<int:correction_id>/batal", methods=["POST"])
@admin_required
def withdraw(correction_id: int):
    """Withdraw one correction; results recompute without it."""
    from assessment_app.results.service import withdraw_correction

    form = WithdrawCorrectionForm()
    actor, reason = current_user.username, form.reason.data
    outcome = submit(form, partial(withdraw_correction, correction_id, actor=actor, reason=reason))
    if outcome.done:
        flash("Koreksi dibatalkan dan hasil dihitung ulang.", "info")
    else:
        flash(" ".join(form.form_errors) or "Alasan pembatalan koreksi wajib diisi.", "error")
    return redirect(url_for("admin.corrections"))


def _record(form) -> None:
    from assessment_app.results.service import add_correction

    actor, reason = current_user.username, form.reason.data
    if isinstance(form, CutsCorrectionForm):
        add_correction(
            LEVEL_CUTS,
            actor=actor,
            reason=reason,
            test_code=form.test_code.data,
            **form.correction(),
        )
    else:
        add_correction(
            form.kind.data, actor=actor, reason=reason, item_id=form.item_id.data.strip()
        )


def _corrections(rs) -> list[dict]:
    """The recorded corrections, worded for people, newest first; retired ones marked."""
    return [
        {
            "id": c.id,
            "kind": c.label,
            "retired": not c.applied,
            "target": c.item_id or c.test_code or "",
            "value": c.shown_value,
            "reason": c.reason,
            "by": c.by,
            "at": _moment(c.at),
        }
        for c in reversed(rs.corrections)
    ]


def _item_choices() -> list[tuple[str, str]]:
    """Item ids of the current bank with their competency, for the form's suggestions."""
    snapshot = current_snapshot()
    if snapshot is None:
        return []
    items = sorted(bank_for(snapshot.id).items, key=lambda item: item.id)
    return [(item.id, item.competency) for item in items]
