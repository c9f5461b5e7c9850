from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit as exc:
        pytest.fail(f"A model change has no migration; run `manage.py makemigrations`:\n{out.getvalue()}")
        raise AssertionError from exc


@pytest.mark.django_db
def test_the_extensions_search_relies_on_are_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        installed = {row[0] for row in cursor.fetchall()}
    assert {"pg_trgm", "unaccent"} <= installed
