"""The probes and the scrape: /healthz, /readyz, /metrics (GET only, so no CSRF).

None of them reads or logs a request body. The probes are public and say nothing but which
dependency is unreachable; /metrics answers only to the bearer token METRICS_TOKEN and does
not exist (404) while no token is configured.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, jsonify, request

from assessment_app.ops import metrics
from assessment_app.ops.checks import readiness

bp = Blueprint("ops", __name__)

OK, UNAVAILABLE = 200, 503


@bp.get("/healthz")
def healthz():
    """Say the process answers; touch neither the database nor Redis.

    A liveness probe that failed with the database would restart every worker during a
    database outage, which cures nothing.
    """
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    """Answer 200 when the database and Redis answer, else 503 naming the one that did not."""
    checks = readiness()
    ready = all(state == "ok" for state in checks.values())
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    return jsonify(body), OK if ready else UNAVAILABLE


@bp.get("/metrics")
def scrape():
    """Give Prometheus the metrics text, to the holder of METRICS_TOKEN only."""
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    if not bearer_matches(request.headers.get("Authorization", ""), token):
        return Response(
            "Token metrik tidak valid.\n",
            401,
            {"WWW-Authenticate": 'Bearer realm="metrics"'},
            mimetype="text/plain",
        )
    body, content_type = metrics.exposition()
    return Response(body, OK, content_type=content_type)


def bearer_matches(header: str, token: str) -> bool:
    """Return True when `header` is "Bearer <token>", compared in constant time."""
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())
