"""The project served as in production: gunicorn, DJANGO_ENV=production, DEBUG off, against the test database.

Used by the tests that must see the real server: the production-deploy test,
the connection-kill and statement-timeout tests. The server is started the way
the README says (`make serve-production`), or with gunicorn alone when a test
needs to see it refuse to start.
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

REPO = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database as a DATABASE_URL: the embedded server's socket directory, or the server's host."""
    params = connection.settings_dict
    host = quote(str(params.get("HOST") or connection.get_connection_params().get("host") or ""), safe="")
    password = f":{quote(params['PASSWORD'], safe='')}" if params.get("PASSWORD") else ""
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{quote(params.get('USER') or 'postgres', safe='')}{password}@{host}{port}/{params['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(static_root: Path, port: int, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env |= {
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "STATIC_ROOT": str(static_root),
        "BEHIND_PROXY": "true",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    return env


class ProductionServer:
    """A running server; ``get`` sends what the TLS proxy would (Host, X-Forwarded-Proto: https)."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process, self.port, self.log = process, port, log

    def get(self, path: str, timeout: float = 30) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        response.body = response.read()
        conn.close()
        return response

    def wait_until_serving(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}):\n{self.log.read_text()}")
            try:
                self.get("/", timeout=5)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start(command: list[str], env: dict[str, str], port: int, log: Path) -> ProductionServer:
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own make target or gunicorn
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return ProductionServer(process, port, log)


def serve_production(tmp: Path, **extra: str) -> ProductionServer:
    """`make serve-production`, as the README documents it, with this interpreter as the project's Python."""
    port = free_port()
    env = production_environment(tmp / "static", port, **extra)
    # -o venv: the interpreter running the tests is the project's; make must not build another.
    command = ["make", "--no-print-directory", "-o", "venv", "serve-production", f"PY={sys.executable}"]
    server = start(command, env, port, tmp / "server.log")
    try:
        server.wait_until_serving()
    except BaseException:
        server.stop()
        raise
    return server


KILL_OTHER_BACKENDS = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def terminate_other_backends(*, only_waiting_for_a_lock: bool = False) -> int:
    """pg_terminate_backend on every other connection to the test database; how many were killed."""
    with connection.cursor() as cursor:
        # Inside a transaction pg_stat_activity is a snapshot taken at its first read: take a new one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(KILL_OTHER_BACKENDS + (" AND wait_event_type = 'Lock'" if only_waiting_for_a_lock else ""))
        return cursor.fetchone()[0]
