"""Panel pages: where a panelist (role `panelis`) judges a standard-setting panel's material.

A panelist sees only the panels he sits on, each competency's booklet (bookmark) or item
pool (Angoff) with the level descriptions, his own judgements of the open round, and, after
a round closes, the panel's anonymous feedback (labels P1, P2, ..., cuts and impact). Never a
candidate's name or NIP, nor another panelist's name. The writes go through
`assessment_app.standards.service`.
"""

from flask import Blueprint

bp = Blueprint("panel", __name__)

from assessment_app.panel import views  # noqa: E402,F401  (registers the routes on bp)
