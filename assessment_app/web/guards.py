"""What every request passes before a view: bounded ids in paths, a size cap on API bodies."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter, ValidationError

from assessment_app.bounds import (
    MAX_API_BODY,
    MAX_API_BODY_LABEL,
    MAX_ID,
    MAX_ID_DIGITS,
    storable_text,
)
from assessment_app.exceptions import Refused

API_PREFIX = "/api/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UNSTORABLE = "Permintaan memuat karakter yang tidak diizinkan (NUL)."


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` that matches only 0..MAX_ID: a larger number is a 404, never an overflow.

    The length check comes first, so that a path of thousands of digits is not even
    converted (Python refuses int() of more than 4,300 digits with a ValueError).
    """

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str) -> int:
        if len(value.lstrip("-")) > MAX_ID_DIGITS:
            raise ValidationError()
        return super().to_python(value)


def too_large_message() -> str:
    """The message of a 413 on the API (uploads have their own, larger cap)."""
    return f"Permintaan terlalu besar (paling besar {MAX_API_BODY_LABEL})."


def _limit_api_body() -> None:
    """Cap API bodies far below the upload limit, before anything reads the stream."""
    if not request.path.startswith(API_PREFIX):
        return
    request.max_content_length = MAX_API_BODY  # also bounds a body sent without a length
    if (request.content_length or 0) > MAX_API_BODY:
        raise Refused(413, "too_large", too_large_message())


def _refuse_unstorable_text() -> None:
    """Refuse a NUL in the path, the query or a form field before a query sends it on.

    PostgreSQL refuses such text with an error (SQLite stores it), so it is a 400 here on
    both. JSON bodies are checked where they are parsed (api/requests.py).
    """
    pairs = list(request.args.items(multi=True))
    if request.method != "GET" and request.mimetype in FORM_TYPES:
        pairs += request.form.items(multi=True)
    values = [request.path, *(text for pair in pairs for text in pair)]
    if not all(storable_text(value) for value in values):
        raise Refused(400, "bad_request", UNSTORABLE)


def register_guards(app: Flask) -> None:
    """Make the bounded converter the app's `int` and cap API bodies.

    Call before the blueprints are registered: their rules bind the converter when added.
    """
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(_limit_api_body)
    app.before_request(_refuse_unstorable_text)
