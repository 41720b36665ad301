"""gunicorn settings shared by every app a benchmark serves, so that they differ in nothing else.

The project's gunicorn.conf.py (read by default from the repository root) logs every request
to stdout; here the access log is off so the figures measure the app, not log writing.
"""

workers = 3
worker_class = "gthread"
threads = 4
keepalive = 5
timeout = 30
graceful_timeout = 2
accesslog = None
errorlog = "-"
loglevel = "warning"
