"""Operations: liveness, readiness and Prometheus metrics (docs/operations.md, Monitoring).

`/healthz` says the process answers, `/readyz` that the database and Redis do, `/metrics`
gives Prometheus what the exam day looks like (latency per endpoint, saves, heartbeats,
active attempts, errors). Services count through `ops.metrics` (`count_heartbeat`).

Nothing here is imported at package import: a gunicorn master loads `ops.workers` from its
config file, and prometheus_client must not be imported there before the master has set
PROMETHEUS_MULTIPROC_DIR (the library picks its storage once, at import).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    """Register the probes and /metrics and start measuring every request of `app`.

    Call after the other blueprints and before `commit_every_view`, so that these views go
    through the request boundary like every other.
    """
    from assessment_app.ops import metrics
    from assessment_app.ops.views import bp

    metrics.init_app(app)
    app.register_blueprint(bp)
