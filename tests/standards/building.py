"""What the standard-setting tests share: the demo event with a simulated finished cohort."""

from __future__ import annotations

from tests.conftest import mark_built

PASSWORD = "rahasia-ujian-123"


def build_panel_event(app, module_data, cohort: int, panelists: dict[str, str]) -> None:
    """Seed the demo, add ``cohort`` simulated candidates who finished MANSOS, and create the
    panelist accounts (username -> full name); call from a module-scoped fixture."""
    from assessment_app.demo.cohort import simulate_cohort
    from assessment_app.demo.service import seed_demo
    from assessment_app.extensions import db
    from assessment_app.users.service import create_user

    with app.app_context():
        seed_demo()
        simulate_cohort(cohort)
        for username, name in panelists.items():
            create_user("panelis", username, PASSWORD, actor="test", full_name=name)
        db.session.commit()
        mark_built(module_data)
