"""One commit per request (docs/architecture.md): only the boundary commits or rolls back.

The request boundary (web/transaction.py), the error handlers (web/errors.py), the form
helper's rollback of a refusal (web/forms.py) and the commands (cli/) end transactions;
no view or service does.
"""

from __future__ import annotations

import re
from pathlib import Path

import assessment_app

APP = Path(assessment_app.__file__).parent
ALLOWED = {"web/transaction.py", "web/errors.py", "web/forms.py"}
ENDS = re.compile(r"\bsession\.(commit|rollback)\(")


def test_only_the_request_boundary_and_the_commands_end_a_transaction():
    found = []
    for path in sorted(APP.rglob("*.py")):
        name = path.relative_to(APP).as_posix()
        if name in ALLOWED or name.startswith(("cli/", "migrations/")):
            continue
        found += [f"{name}: {m.group(0)}" for m in ENDS.finditer(path.read_text("utf-8"))]
    assert not found, found


def test_every_view_of_the_app_commits_through_the_boundary(app):
    unwrapped = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and view.__code__.co_filename != _boundary_file()
    ]
    assert not unwrapped, unwrapped


def _boundary_file() -> str:
    from assessment_app.web import transaction

    return transaction.__file__
