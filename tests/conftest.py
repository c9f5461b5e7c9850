"""Fixtures shared by the test modules."""

import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def editor_client(client):
    """A client logged in as a staff user in the Editors group (made by a data migration)."""
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True, scope="session")
def _flush_cascades_to_the_search_index():
    """A transactional test's flush TRUNCATEs the app's tables with CASCADE.

    The search index (migration 0010) is SQL with no Django model, so the flush does not
    list it, and PostgreSQL refuses to truncate the stories' table that it references
    unless the TRUNCATE cascades to it.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    sql_flush = DatabaseOperations.sql_flush

    def cascading(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        return sql_flush(self, style, tables, reset_sequences=reset_sequences, allow_cascade=True)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", cascading)
        yield
