"""Parsing request bodies strictly; anything malformed is a 400 with a clear message."""

from __future__ import annotations

from flask import current_app, request

from assessment_app.bounds import MAX_API_BODY, MAX_ID, storable_text
from assessment_app.exceptions import Refused
from assessment_app.web.guards import too_large_message

MAX_TEXT = 64
MAX_DEPTH = 16  # the API's bodies are flat objects; generous, far below the parser's limit
NOT_AN_OBJECT = "Permintaan harus berupa objek JSON"
TOO_DEEP = f"JSON bersarang terlalu dalam (paling dalam {MAX_DEPTH} tingkat)."
UNSTORABLE = "Teks memuat karakter yang tidak diizinkan (NUL atau UTF-16 yang tidak utuh)."


def json_object(required: bool = True) -> dict:
    """Return the JSON object body, or {} when optional and absent; 400 otherwise.

    The one place the API parses a body: its size was capped before the view (guards.py),
    and a body nested too deep for the parser is a 400 here, not a RecursionError.
    """
    data = request.get_data(cache=True)
    if len(data) >= MAX_API_BODY:  # a body without a length is cut at the cap, not refused
        raise Refused(413, "too_large", too_large_message())
    if not data and not required:
        return {}
    if not request.is_json:
        raise Refused(400, "bad_request", NOT_AN_OBJECT + " (Content-Type: application/json).")
    try:
        body = current_app.json.loads(data)
    except RecursionError:
        raise Refused(400, "too_deep", TOO_DEEP) from None
    except ValueError:  # also UnicodeDecodeError and integers of thousands of digits
        raise Refused(400, "bad_request", "Permintaan bukan JSON yang sah.") from None
    if not isinstance(body, dict):
        raise Refused(400, "bad_request", NOT_AN_OBJECT + ".")
    _check_values(body)
    return body


def _check_values(body: dict) -> None:
    """Refuse nesting deeper than MAX_DEPTH and text no database can store (NUL, surrogates).

    Iterative, so that a body just under the parser's own limit cannot exhaust the stack.
    """
    pending: list[tuple[object, int]] = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise Refused(400, "too_deep", TOO_DEEP)
        if isinstance(value, dict):
            pending.extend((key, depth) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and not storable_text(value):
            raise Refused(400, "bad_request", UNSTORABLE)


def text_field(body: dict, name: str) -> str:
    """Return a required, non-empty, short string field."""
    value = body.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise Refused(400, "bad_request", f"Kolom '{name}' wajib diisi dengan teks.")
    return value


def int_field(
    body: dict, name: str, *, required: bool, minimum: int = 0, maximum: int = MAX_ID
) -> int | None:
    """Return an integer field (booleans are not integers here); absent or null when optional."""
    if body.get(name) is None and not required:
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


def id_field(body: dict, name: str) -> int | None:
    """Return an optional id field (null or absent: None), bounded like the id columns."""
    return int_field(body, name, required=False, minimum=1, maximum=MAX_ID)
