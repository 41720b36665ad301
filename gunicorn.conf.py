"""gunicorn settings for `make run`; override on the command line as needed."""

import multiprocessing

# Prometheus multiprocess mode: an empty metrics directory for the workers before the first
# is forked, a dead worker's live gauges dropped (assessment_app/ops/workers.py,
# docs/operations.md "Monitoring").
from assessment_app.ops.workers import child_exit, on_exit, on_starting  # noqa: F401

workers = max(2, multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = 4
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
