"""The two candidate pages: login and the exam shell that static/js/exam.js drives."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from assessment_app.candidate.auth import current_candidate

bp = Blueprint("exam", __name__)


@bp.route("/ujian")
def login():
    """Show the candidate login (NIP, PIN, session token), or go on if already logged in."""
    if current_candidate() is not None:
        return redirect(url_for("exam.test"))
    logged_out = request.args.get("keluar") == "1"  # after "Keluar" on the closing page
    # No cache keeps a copy (http_headers: no-store), so Back never shows a stale question.
    return render_template("exam/login.html", logged_out=logged_out)


@bp.route("/ujian/tes")
def test():
    """Show the exam page shell; everything in it is loaded from the candidate API."""
    candidate = current_candidate()
    if candidate is None:
        return redirect(url_for("exam.login"))
    return render_template("exam/exam.html", candidate=candidate)
