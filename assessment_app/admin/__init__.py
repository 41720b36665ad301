"""Admin pages (BKPSDM staff): one views module per area, all on this blueprint."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from assessment_app.admin import (  # noqa: E402,F401  (the modules register their routes)
    analysis_views,
    audit_views,
    bank_views,
    dashboard_views,
    people_views,
    receipt_views,
    results_views,
    session_views,
    upload_views,
    views,
)
