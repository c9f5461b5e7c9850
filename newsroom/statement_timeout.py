"""Web processes cancel a query that runs longer than WEB_STATEMENT_TIMEOUT_MS: one slow query cannot hold a worker.

Set on each database connection a web process opens. The web processes are
the ones that load ``newsroom/wsgi.py``: gunicorn (its master, before it forks the
workers) and runserver. Management commands (ingest, migrate) and the test
runner never load it, so their long statements are not limited. A cancelled
query raises OperationalError, which ``newsroom.errors`` answers with 503.
"""

from django.conf import settings
from django.db.backends.signals import connection_created


def set_statement_timeout(sender, connection, **kwargs) -> None:
    timeout = settings.WEB_STATEMENT_TIMEOUT_MS
    if timeout and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(timeout)])


def limit_web_connections() -> None:
    connection_created.connect(set_statement_timeout, dispatch_uid="newsroom-web-statement-timeout")
