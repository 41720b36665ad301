"""Admin pages (BKPSDM staff): one views module per area, all on this blueprint."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

# The area modules register their routes on `bp` when imported.
from assessment_app.admin import home  # noqa: E402,F401
from assessment_app.admin.analysis import views as _analysis  # noqa: E402,F401
from assessment_app.admin.audit import views as _audit  # noqa: E402,F401
from assessment_app.admin.bank import views as _bank  # noqa: E402,F401
from assessment_app.admin.dashboard import views as _dashboard  # noqa: E402,F401
from assessment_app.admin.imports import views as _imports  # noqa: E402,F401
from assessment_app.admin.people import candidates as _candidates  # noqa: E402,F401
from assessment_app.admin.people import staff as _staff  # noqa: E402,F401
from assessment_app.admin.receipts import views as _receipts  # noqa: E402,F401
from assessment_app.admin.results import views as _results  # noqa: E402,F401
from assessment_app.admin.sessions import views as _sessions  # noqa: E402,F401
from assessment_app.admin.standards import report_views as _standards_report  # noqa: E402,F401
from assessment_app.admin.standards import views as _standards  # noqa: E402,F401
