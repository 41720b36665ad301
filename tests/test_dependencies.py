"""Dependencies between the app's packages point one way (docs/architecture.md).

Every top-level package or module of `assessment_app` has a place in LAYERS, lowest first.
A module may import from its own package and from packages listed before its own, never
from one listed after it: so there are no cycles, and a newcomer can read the app bottom-up.
The test reads every import statement, those inside functions included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import assessment_app

APP = Path(assessment_app.__file__).parent
LAYERS = [
    # words and pure rules, no framework
    "clock",
    "lazy",
    "bounds",
    "exceptions",
    "formatting",
    "vocabulary",
    "scoring",
    "talent",
    "tabular",
    "bank",
    "psychometrics",
    # storage and the cross-cutting records
    "extensions",
    "models",
    "database",
    "hooks",
    "store",
    "security",
    "audit",
    # the domain: services that write, no pages
    "snapshots",
    "attempts",
    "events",
    "users",
    "results",
    "exports",
    "item_analysis",
    "imports",
    "standards",
    # operations: probes and metrics, which web's error handler and the features count through
    "ops",
    # the request plumbing, then the features with pages and APIs
    "web",
    "auth",
    "candidate",
    "proctor",
    "admin",
    "panel",
    # the entry points
    "demo",
    "cli",
    "__init__",
]


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    module = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
    package = module.removesuffix(".__init__") if path.name == "__init__.py" else module
    package = package if path.name == "__init__.py" else package.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            if target == "assessment_app":  # `from assessment_app import clock`
                found |= {f"assessment_app.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("assessment_app.")}


def _sources() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def test_every_package_has_a_layer():
    units = {_unit(".".join(p.relative_to(APP.parent).with_suffix("").parts)) for p in _sources()}
    assert units <= set(LAYERS), f"place {sorted(units - set(LAYERS))} in LAYERS"
    assert len(LAYERS) == len(set(LAYERS))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(APP)))
def test_imports_point_down(path: Path):
    own = _unit(".".join(path.relative_to(APP.parent).with_suffix("").parts))
    upward = sorted(
        name for name in _imports(path) if LAYERS.index(_unit(name)) > LAYERS.index(own)
    )
    assert not upward, f"{path.relative_to(APP)} ({own}) imports {upward}, listed above it"
