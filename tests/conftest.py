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
def archive_version_moves_at_once(request):
    """The archive's version moves as a transaction commits (migration 0012); a test's never does, so move it at once.

    The same for the words of new headlines, counted for "did you mean" at commit (migration 0015).

    Transactional tests (and servers in other processes) commit, and see it move as production does.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if transactional or (marker is None and "db" not in request.fixturenames):
        yield
        return
    request.getfixturevalue("db")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS articles_archive_version_at_commit, articles_searchword_at_commit IMMEDIATE")
    yield


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page: its database is rolled back, and with it the archive's version."""
    from django.core.cache import cache

    from articles.page_cache import forget_archive_version

    cache.clear()
    forget_archive_version()
    yield
    forget_archive_version()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request to an Arabic page leaves Arabic active on its thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
