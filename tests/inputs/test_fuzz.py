"""Property-based test of /api/v1: requests drawn from docs/openapi.yaml never answer 5xx.

For each operation, hypothesis draws path parameters and bodies from the description, mixed
with the real ids, codes and logins of a live room (so that calls get past 401, 403 and
404) and with values of the wrong type, out of range, or arbitrary JSON. Every answer must
be below 500, and every refusal must carry the contract's `{"error": {"code", "message"}}`.

Bounded and reproducible: `derandomize=True` draws the same examples on every run, and
`MAX_EXAMPLES` per operation keeps the whole module well under a minute.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.inputs.test_openapi import load_spec

MAX_EXAMPLES = 50  # per operation: a few seconds for each side (random runs of 600 found no more)
SPEC = load_spec()
BASE = SPEC["servers"][0]["url"]
OPERATIONS = [
    (method, path, operation)
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
    if method in {"get", "put", "post", "delete", "patch"}
]

# Values past the edges a driver or `datetime` can take; random draws seldom reach them.
EDGE_NUMBERS = [0, -1, 2**31, 2**32, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30]
SCALARS = (
    st.none()
    | st.booleans()
    | st.sampled_from(EDGE_NUMBERS)
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12)
)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
OFFSETS = st.sampled_from([timezone(timedelta(hours=h)) for h in (-12, 0, 7, 8, 9, 14)])
MOMENTS = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone).isoformat(),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    OFFSETS,
) | st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime.now().replace(tzinfo=None)).map(
    lambda moment: moment.replace(tzinfo=UTC).isoformat()
)


def _resolve(schema: dict) -> dict:
    while "$ref" in schema or "allOf" in schema:
        if "allOf" in schema:
            schema = {**schema["allOf"][0], "nullable": schema.get("nullable", False)}
            continue
        node = SPEC
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def from_schema(schema: dict, hints: dict, name: str = "") -> st.SearchStrategy:
    """A strategy for values that fit `schema`, or a hint for the field, sometimes anything."""
    schema = _resolve(schema)
    kind = schema.get("type")
    if "enum" in schema:
        fitting = st.sampled_from(schema["enum"])
    elif kind == "object":
        fitting = _object(schema, hints)
    elif kind == "integer":
        fitting = st.integers(schema.get("minimum", -(2**40)), schema.get("maximum", 2**40))
    elif kind == "number":
        fitting = st.floats(schema.get("minimum", -1e6), schema.get("maximum", 1e6))
    elif kind == "boolean":
        fitting = st.booleans()
    elif schema.get("format") == "date-time":
        fitting = MOMENTS
    else:
        fitting = st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 20))
    if schema.get("nullable"):
        fitting = fitting | st.none()
    if kind == "object":
        return fitting
    if name in hints:
        return _mostly(hints[name], fitting, ANY_JSON)
    return _mostly(fitting, ANY_JSON)


def _object(schema: dict, hints: dict) -> st.SearchStrategy:
    properties = schema.get("properties", {})
    required = {
        key: from_schema(value, hints, key)
        for key, value in properties.items()
        if key in schema.get("required", [])
    }
    optional = {
        key: from_schema(value, hints, key)
        for key, value in properties.items()
        if key not in required
    }
    return st.fixed_dictionaries(required, optional=optional)


def _body(operation: dict, hints: dict) -> st.SearchStrategy:
    """A body: fitting the schema (mostly), missing, arbitrary JSON, or not JSON at all."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    fitting = from_schema(content["schema"], hints) if content else st.just({})
    raw = st.sampled_from(
        [b"", b"{", b"[1]", b"\xff\xfe", b'{"a": ' + b"[" * 3000 + b"]" * 3000 + b"}"]
    )
    return _mostly(fitting.map(json.dumps), st.none(), ANY_JSON.map(json.dumps), raw)


def _path(path: str, operation: dict, hints: dict) -> st.SearchStrategy:
    """The URL with every {parameter} drawn (real values mixed with wrong ones)."""
    parameters = {}
    for parameter in operation.get("parameters", []) + PATH_PARAMETERS.get(path, []):
        parameter = _resolve(parameter)
        schema = _resolve(parameter["schema"])
        wrong = st.sampled_from(EDGE_NUMBERS).map(str) | st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"), max_size=12
        )
        fitting = (
            st.sampled_from(schema["enum"])
            if "enum" in schema
            else from_schema(schema, {}).map(str)
        )
        real = hints[parameter["name"]]  # mostly: a wrong room or id stops at 403/404
        parameters[parameter["name"]] = _mostly(real, fitting, wrong)
    return st.fixed_dictionaries(parameters).map(
        lambda values: BASE + re.sub(r"\{(\w+)\}", lambda m: _quote(values[m.group(1)]), path)
    )


def _mostly(first: st.SearchStrategy, *others: st.SearchStrategy) -> st.SearchStrategy:
    """Draw from `first` four times in five, else from one of the others."""
    return st.sampled_from([first] * (4 * len(others)) + list(others)).flatmap(lambda s: s)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(str(value), safe="") or "x"


PATH_PARAMETERS = {path: item.get("parameters", []) for path, item in SPEC["paths"].items()}


def _hints(room) -> dict:
    """Real values of the live room, so that a good share of calls reach the services."""
    attempt = room.attempt
    items = [item["id"] for item in attempt["items"]]
    keys = sorted({o["key"] for item in attempt["items"] for o in item["options"]})
    return {
        "attempt_id": st.just(str(attempt["id"])),
        "candidate_id": st.just(room.candidate_id),
        "item_id": st.sampled_from(items),
        "current_item_id": st.sampled_from(items),
        "room": st.just("R01"),
        "session": st.just("S1"),
        "action": st.sampled_from(["pause", "resume", "extend", "finish", "void"]),
        "choice": st.sampled_from(keys),
        "seq": st.integers(1, 200),
        "reason": st.just("uji fuzz"),
        "text": st.just("uji fuzz"),
        "minutes": st.integers(1, 30),
        "nip": st.just(room.seat.nip),
        "pin": st.just(room.seat.pin),
        "session_token": st.just(room.token),
    }


def _assert_no_server_error(response, method: str, url: str, body) -> None:
    shown = f"{method} {url} {body!r:.200} -> {response.status_code}"
    assert response.status_code < 500, shown + " " + response.get_data(as_text=True)[:300]
    if response.status_code >= 400:
        error = response.get_json(silent=True)
        assert error and error["error"]["code"] and error["error"]["message"], shown


def _fuzz(room, method: str, path: str, operation: dict, callers) -> None:
    """Draw MAX_EXAMPLES requests for one operation and send each as one of `callers`."""
    hints = _hints(room)

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(url=_path(path, operation, hints), body=_body(operation, hints), caller=callers)
    def check(url, body, caller):
        headers = {"X-CSRF-Token": caller.csrf} if caller.csrf else {}
        data = body.encode() if isinstance(body, str) else body
        response = caller.client.open(
            url,
            method=method.upper(),
            data=data,
            content_type="application/json" if data is not None else None,
            headers=headers,
        )
        _assert_no_server_error(response, method.upper(), url, body)
        if response.status_code == 200 and "csrf_token" in (response.get_json(silent=True) or {}):
            caller.csrf = response.json["csrf_token"]  # a new login rotates the token

    check()


def _operations(tag: str) -> list[tuple[str, str, dict]]:
    # A new login and a logout change what the others reach: last.
    last = {"candidateLogin": 1, "candidateLogout": 2}
    chosen = [op for op in OPERATIONS if tag in op[2]["tags"]]
    return sorted(chosen, key=lambda op: last.get(op[2]["operationId"], 0))


def test_the_candidate_api_never_answers_5xx(room):
    for method, path, operation in _operations("candidate"):
        _fuzz(room, method, path, operation, st.just(room.candidate))


def test_the_proctor_api_never_answers_5xx(room):
    callers = st.sampled_from([room.proctor, room.admin])
    for method, path, operation in _operations("proctor"):
        _fuzz(room, method, path, operation, callers)
