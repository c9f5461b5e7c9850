"""`make run`'s server (runserver) keeps no database connection after a request: it makes a thread per request."""

import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from tests.factories import make_article
from tests.production import REPO, ProductionServer, database_url, free_port

pytestmark = pytest.mark.django_db(transaction=True)

OTHER_CONNECTIONS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(OTHER_CONNECTIONS)
        return cursor.fetchone()[0]


def test_runserver_closes_its_connections_after_each_request(tmp_path):
    make_article()
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url(),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "runserver.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = ProductionServer(process, port, log)
    try:
        server.wait_until_serving()
        statuses = []
        readers = [threading.Thread(target=lambda: statuses.append(server.get("/").status)) for _ in range(20)]
        for thread in readers:
            thread.start()
        for thread in readers:
            thread.join()
        assert statuses == [200] * 20
        for _ in range(50):  # a request's connection closes just after its answer is sent
            if other_connections() == 0:
                break
            time.sleep(0.1)
        assert other_connections() == 0
    finally:
        server.stop()
