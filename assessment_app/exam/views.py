"""The two candidate pages: login and the exam shell that static/js/exam.js drives."""

from __future__ import annotations

from flask import make_response, redirect, render_template, request, url_for

from assessment_app.delivery.auth import current_candidate
from assessment_app.exam import bp


def _no_store(response):
    """Keep exam pages out of every cache, so Back never shows a stale question."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/ujian")
def login():
    """Show the candidate login (NIP, PIN, session token), or go on if already logged in."""
    if current_candidate() is not None:
        return redirect(url_for("exam.test"))
    logged_out = request.args.get("keluar") == "1"  # after "Keluar" on the closing page
    return _no_store(make_response(render_template("exam/login.html", logged_out=logged_out)))


@bp.route("/ujian/tes")
def test():
    """Show the exam page shell; everything in it is loaded from the candidate API."""
    candidate = current_candidate()
    if candidate is None:
        return redirect(url_for("exam.login"))
    return _no_store(make_response(render_template("exam/exam.html", candidate=candidate)))
