"""The command line: `flask --app wsgi <group> <command>`."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    """Attach every command group to the app."""
    from assessment_app.cli import (
        attempts,
        audit,
        bank,
        demo,
        event,
        imports,
        irt,
        results,
        standards,
        users,
    )

    for group in (
        attempts.attempts_cli,
        audit.audit_cli,
        results.results_cli,
        bank.bank_cli,
        imports.roster_cli,
        imports.standards_cli,
        imports.performance_cli,
        imports.potential_cli,
        event.session_cli,
        users.users_cli,
        irt.irt_cli,
        standards.standards_setting_cli,
    ):
        app.cli.add_command(group)
    app.cli.add_command(demo.demo_command)
