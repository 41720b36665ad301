"""Parsing request bodies strictly; anything malformed is a 400 with a clear message."""

from __future__ import annotations

from flask import request

from assessment_app.exceptions import Refused

MAX_TEXT = 64


def json_object(required: bool = True) -> dict:
    """Return the JSON object body, or {} when optional and absent; 400 otherwise."""
    body = request.get_json(silent=True)
    if body is None and not required and not request.get_data():
        return {}
    if not isinstance(body, dict):
        raise Refused(400, "bad_request", "Permintaan harus berupa objek JSON.")
    return body


def text_field(body: dict, name: str) -> str:
    """Return a required, non-empty, short string field."""
    value = body.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise Refused(400, "bad_request", f"Kolom '{name}' wajib diisi dengan teks.")
    return value


def int_field(
    body: dict, name: str, *, required: bool, minimum: int = 0, maximum: int = 2**31 - 1
) -> int | None:
    """Return an integer field (booleans are not integers here)."""
    if name not in body and not required:
        return None
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise Refused(
            400, "bad_request", f"Kolom '{name}' harus bilangan bulat {minimum}..{maximum}."
        )
    return value


def choice_field(body: dict) -> str | None:
    """Return the choice: an option key (one capital letter) or null to clear."""
    if "choice" not in body:
        raise Refused(400, "bad_request", "Kolom 'choice' wajib ada (kunci pilihan atau null).")
    value = body["choice"]
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 8:
        raise Refused(400, "bad_request", "Kolom 'choice' harus kunci pilihan atau null.")
    return value


def bool_field(body: dict, name: str) -> bool | None:
    """Return an optional boolean field."""
    if name not in body or body[name] is None:
        return None
    if not isinstance(body[name], bool):
        raise Refused(400, "bad_request", f"Kolom '{name}' harus true atau false.")
    return body[name]
