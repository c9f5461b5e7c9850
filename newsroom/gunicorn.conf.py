"""gunicorn's settings for production: `make serve-production`, or
`DJANGO_ENV=production gunicorn -c newsroom/gunicorn.conf.py newsroom.wsgi`.

Every value can be changed from the environment (GUNICORN_*), as gunicorn's own
GUNICORN_CMD_ARGS can too. Sync workers: the archive's pages are short
database-bound requests, and a sync worker holds one connection (kept between
requests, CONN_MAX_AGE), so PostgreSQL sees at most `workers` connections.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
worker_class = "sync"
# A request still running after this long is killed and its worker replaced. Longer than the
# web statement timeout (WEB_STATEMENT_TIMEOUT_MS, 10 s), which answers 503 first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# Behind the TLS proxy, a kept-alive connection saves the proxy a new one per request.
keepalive = 5
# The longest request line gunicorn reads short of no limit (its default, 4094 bytes, answered a search of 4,000
# characters with its own bare 414): a long search then reaches the search page, which says how long it may be. A TLS
# proxy in front keeps its own limit (nginx: 8 KB).
limit_request_line = 8190
# Loaded once in the master: a configuration error (no SECRET_KEY, static files not collected)
# stops gunicorn at start, with the reason, instead of every worker failing to boot in turn.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
