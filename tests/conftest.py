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


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page: its database is rolled back, and with it the archive's version."""
    from django.core.cache import cache

    from articles.page_cache import forget_archive_version

    cache.clear()
    forget_archive_version()
    yield
    forget_archive_version()
