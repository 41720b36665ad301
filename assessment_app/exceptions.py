"""The one error a service raises when an operation cannot be carried out.

Every layer reads the same three facts: the HTTP status the API and pages answer with, a
stable snake_case code (API clients and the CLI branch on it, never on the words) and a
message for people in Bahasa Indonesia; `field` names the form field it concerns, if any.
The API answers `{"error": {"code", "message"}}`, pages show the message (on the field when
there is one), the CLI prints it and exits 1 (web/errors.py, web/forms.py, cli/common.py).
"""

from __future__ import annotations


class Refused(Exception):
    """An operation that cannot be carried out, and why."""

    def __init__(self, status: int, code: str, message: str, *, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field

    def __str__(self) -> str:
        return self.message


def not_found(message: str) -> Refused:
    """Return the refusal for a thing asked for that does not exist (404 `not_found`)."""
    return Refused(404, "not_found", message)


def invalid(message: str, *, field: str | None = None, code: str = "invalid") -> Refused:
    """Return the refusal for input that cannot be used (422)."""
    return Refused(422, code, message, field=field)


def conflict(message: str, *, code: str = "conflict") -> Refused:
    """Return the refusal for an operation the current state does not allow (409)."""
    return Refused(409, code, message)
