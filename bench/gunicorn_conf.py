"""gunicorn settings shared by every app a benchmark serves, so that they differ in nothing else.

The project's gunicorn.conf.py (read by default from the repository root) logs every request
to stdout; here the access log is off so the figures measure the app, not log writing.
"""

# The app's Prometheus multiprocess hooks, as in production: counts add up across workers.
from assessment_app.ops.workers import child_exit, on_exit, on_starting  # noqa: F401

workers = 3
worker_class = "gthread"
threads = 4
keepalive = 5
timeout = 30
graceful_timeout = 2
accesslog = None
errorlog = "-"
loglevel = "warning"
