"""Error responses: JSON `{"error": {...}}` under /api, friendly pages elsewhere."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
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

# The database cannot be reached (restarting, down, or its connections cut): a 503 that the
# exam page retries with the same seq, never a 500. Nothing was committed by the request.
DATABASE_UNAVAILABLE = (
    "database_unavailable",
    "Basis data sedang tidak dapat dihubungi. Coba lagi dalam beberapa detik.",
)
RETRY_AFTER_SECONDS = 5


# SQLite's result codes (the low byte of an extended code) that mean "not now", not "wrong":
# BUSY, LOCKED, IOERR, FULL, CANTOPEN. Its other OperationalErrors (no such table, a syntax
# error) are bugs and stay 500.
_SQLITE_TRANSIENT = {5, 6, 10, 13, 14}


def database_unreachable(exc: DBAPIError) -> bool:
    """Return True for an error that says the database cannot serve now, not that the
    request or the code was wrong: a disconnect SQLAlchemy recognised, PostgreSQL's
    OperationalError (refused, shutting down, connection cut, disk full, cancelled) and
    SQLite's busy, locked, I/O, full and cannot-open errors."""
    if exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError):
        return False
    sqlite_code = getattr(exc.orig, "sqlite_errorcode", None)
    return sqlite_code is None or sqlite_code & 0xFF in _SQLITE_TRANSIENT


def database_unavailable_response():
    """Answer 503 database_unavailable with Retry-After (JSON under /api, else a page)."""
    return retry_later(error_response(503, *DATABASE_UNAVAILABLE))


def retry_later(result):
    """Add Retry-After to an error response: every 503 says when to try again."""
    response = current_app.make_response(result)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


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
        result = error_response(exc.status, exc.code, exc.message)
        return retry_later(result) if exc.status == 503 else result

    @app.errorhandler(CSRFError)
    def _csrf_error(_exc: CSRFError):
        return error_response(
            403, "csrf_failed", "Token keamanan tidak valid. Muat ulang halaman lalu coba lagi."
        )

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code, message = _message(exc)
        return error_response(exc.code or 500, code, message)

    @app.errorhandler(DBAPIError)
    def _database_error(exc: DBAPIError):
        if not database_unreachable(exc):
            return _unexpected(exc)
        # One line, no traceback: while the database restarts every request lands here.
        app.logger.warning(
            "database unreachable on %s %s: %s", request.method, request.path, exc.orig
        )
        return database_unavailable_response()

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        code, message = MESSAGES[500]
        return error_response(500, code, message)
