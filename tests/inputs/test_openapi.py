"""docs/openapi.yaml describes every /api/v1 route the app serves, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

SPEC = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
METHODS = {"get", "put", "post", "delete", "patch"}


def load_spec() -> dict:
    """The OpenAPI description, parsed."""
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def spec_operations(spec: dict) -> set[tuple[str, str]]:
    """(METHOD, full path with {name} parameters) for every operation described."""
    base = spec["servers"][0]["url"]
    return {
        (method.upper(), base + path)
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    }


def app_operations(app) -> set[tuple[str, str]]:
    """The same for every URL rule of the app under /api/v1 (<int:x> written {x})."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        found |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_every_api_route_is_described_and_nothing_else(app):
    described, served = spec_operations(load_spec()), app_operations(app)
    assert served - described == set(), "routes missing from docs/openapi.yaml"
    assert described - served == set(), "docs/openapi.yaml describes routes the app lacks"


def test_every_operation_answers_the_error_shape_and_every_ref_resolves():
    spec = load_spec()
    text = SPEC.read_text(encoding="utf-8")
    for ref in set(re.findall(r'\$ref: "#/([^"]+)"', text)):
        node = spec
        for part in ref.split("/"):
            assert part in node, f"unresolved $ref #/{ref}"
            node = node[part]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            errors = [code for code in operation["responses"] if code.startswith("4")]
            assert errors, f"{method} {path} lists no error answer"
            for code in errors:
                ref = operation["responses"][code]["$ref"].rsplit("/", 1)[-1]
                schema = spec["components"]["responses"][ref]["content"]["application/json"]
                assert schema["schema"]["$ref"] == "#/components/schemas/Error"
