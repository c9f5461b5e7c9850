"""Production settings: refuse to start without a real secret key, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k7#Qv9!zR2@pX5$wL8^mN3&bT6*yH1(cJ4)dF0_gS-eA+uV=oI[iK]lM{nB}hG"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Only what a production shell would have: no settings of ours, and no flag a test
    # fixture may have set for itself.
    dropped = {"SECRET_KEY", "DJANGO_ENV", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base | env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="archive.example.org")
    assert result.returncode != 0
    assert "needs a real SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key_and_short_keys():
    for key in ("django-insecure-development-only-never-use-in-production", "short"):
        result = manage("check", DJANGO_ENV="production", SECRET_KEY=key, ALLOWED_HOSTS="archive.example.org")
        assert result.returncode != 0 and "needs a real SECRET_KEY" in result.stderr


def test_production_passes_the_deploy_checks_without_a_warning(tmp_path):
    production = {"DJANGO_ENV": "production", "SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "archive.example.org"}
    production["STATIC_ROOT"] = str(tmp_path / "static")
    assert manage("collectstatic", "--no-input", "-v0", **production).returncode == 0
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checks_fail_until_the_static_files_are_collected(tmp_path):
    result = manage(
        "check", "--deploy",
        DJANGO_ENV="production", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="archive.example.org",
        STATIC_ROOT=str(tmp_path / "never-collected"),
    )  # fmt: skip
    assert result.returncode != 0
    assert "newsroom.E001" in result.stderr and "collectstatic" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_is_named(value):
    result = manage("check", DEBUG=value)
    assert result.returncode != 0 and f"DEBUG must be true or false, not '{value}'" in result.stderr
