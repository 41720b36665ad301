"""Error responses: JSON `{"error": {...}}` under /api, friendly pages elsewhere."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from assessment_app.bounds import MAX_REQUEST_BYTES, megabytes
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.ops.metrics import note_refusal
from assessment_app.web.guards import too_large_message

MESSAGES = {
    400: ("bad_request", "Permintaan tidak valid."),
    401: ("unauthorized", "Silakan masuk terlebih dahulu."),
    403: ("forbidden", "Anda tidak berhak mengakses halaman ini."),
    404: ("not_found", "Halaman atau data tidak ditemukan."),
    405: ("method_not_allowed", "Metode tidak diizinkan."),
    409: ("conflict", "Permintaan bertentangan dengan keadaan saat ini."),
    413: ("too_large", f"Berkas terlalu besar (paling besar {megabytes(MAX_REQUEST_BYTES)})."),
    422: ("invalid", "Data tidak dapat diproses."),
    429: ("rate_limited", "Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi."),
    500: ("server_error", "Terjadi kesalahan pada server. Coba lagi sebentar lagi."),
}


def wants_json() -> bool:
    """Return True for API calls, which always get JSON errors."""
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str):
    """Render an error as JSON for the API or as a page for people.

    The session is rolled back first: the page reads `current_user`, which queries, and a
    transaction that failed (an IntegrityError, say) would fail that query too.
    """
    _rollback()
    if wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    try:
        return render_template("error.html", status=status, message=message), status
    except Exception:  # the page itself failed (a broken database, say): never a second 500
        current_app.logger.exception("the error page for %s failed", status)
        return Response(f"{status} {code}: {message}\n", status, mimetype="text/plain")


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # a broken connection: the page must still be shown
        current_app.logger.exception("rollback before an error page failed")


def _message(exc: HTTPException) -> tuple[str, str]:
    status = exc.code or 500
    if status == 413 and wants_json():
        return "too_large", too_large_message()
    return MESSAGES.get(status, ("error", exc.description or ""))


def register_error_handlers(app: Flask) -> None:
    """Attach the handlers for API errors, CSRF failures and HTTP errors."""

    @app.errorhandler(Refused)
    def _refused(exc: Refused):
        note_refusal(exc.code)
        return error_response(exc.status, exc.code, exc.message)

    @app.errorhandler(CSRFError)
    def _csrf_error(_exc: CSRFError):
        return error_response(
            403, "csrf_failed", "Token keamanan tidak valid. Muat ulang halaman lalu coba lagi."
        )

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code, message = _message(exc)
        return error_response(exc.code or 500, code, message)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        code, message = MESSAGES[500]
        return error_response(500, code, message)
