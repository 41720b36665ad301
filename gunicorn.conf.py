"""gunicorn settings for `make run`; override on the command line as needed."""

import multiprocessing

workers = max(2, multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = 4
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
