"""Names of a package that load their module on first use (PEP 562 module __getattr__).

A package whose modules bring numpy, XlsxWriter or the scoring code (~0.1-0.2 s) should not
make every command and every gunicorn worker pay for them at start-up: it maps each public
name to the module defining it, and `__getattr__ = lazy.loader(__name__, homes)` imports that
module the first time the name is asked for (then keeps it, so the next access is plain).
`psychometrics` keeps its own copy of these lines: it imports nothing of the app
(tests/test_purity.py, STANDALONE).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def loader(package: str, homes: dict[str, str]) -> Callable[[str], object]:
    """Return the module `__getattr__` of `package`: name -> the name from its home module."""

    def __getattr__(name: str) -> object:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{homes[name]}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
