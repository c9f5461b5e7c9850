"""The page cache: a hit skips the view, 304 for what a reader has, nothing stale after a change, no one's own page."""

import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from articles import page_cache
from tests.factories import form_data, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_article("Museum reopens its eastern wing", body="<p>The museum reopened.</p>")


def test_the_default_cache_needs_no_server():
    assert caches["default"].__class__.__name__ == "LocMemCache"


def test_a_second_reader_gets_the_page_from_the_cache_with_one_query(client, story, django_assert_num_queries):
    first = client.get(story.get_absolute_url())
    assert first.status_code == 200 and first.context is not None  # rendered
    with django_assert_num_queries(1):  # the archive's version, which tests read on every request
        second = client.get(story.get_absolute_url())
    assert second.status_code == 200
    assert second.context is None  # not rendered: the view never ran
    assert second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Last-Modified"] == first["Last-Modified"]


@pytest.mark.parametrize("url", ["/", "/ar/", "/rss/", "/sitemap.xml"])
def test_a_reader_who_has_the_page_gets_304(client, story, url):
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200


def test_the_key_holds_the_address_with_its_query_the_host_and_the_language(rf):
    requests = [rf.get("/"), rf.get("/?after=x"), rf.get("/?after=y"), rf.get("/", headers={"accept-language": "ar"})]
    requests.append(rf.get("/", headers={"host": "localhost"}))
    keys = {page_cache.page_key(request, 1) for request in requests}
    assert len(keys) == len(requests)
    assert page_cache.page_key(rf.get("/"), 1) != page_cache.page_key(rf.get("/"), 2)


def test_an_edit_in_the_admin_shows_at_once(client, admin_client, story):
    assert "Museum reopens" in client.get(story.get_absolute_url()).content.decode()
    assert "Museum reopens" in client.get("/").content.decode()
    etag = client.get(story.get_absolute_url())["ETag"]

    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(admin_client.get(url), "article_form") | {"headline": ["Museum reopens all its wings"]}
    assert admin_client.post(url, data).status_code == 302

    page = client.get(story.get_absolute_url(), headers={"if-none-match": etag})
    assert page.status_code == 200
    assert "Museum reopens all its wings" in page.content.decode()
    assert "Museum reopens all its wings" in client.get("/").content.decode()


@override_settings(PAGE_CACHE_VERSION_SECONDS=60)
def test_a_worker_reads_the_version_once_a_second_and_forgets_it_when_it_changes_the_archive(
    client, story, django_assert_num_queries
):
    client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(story.get_absolute_url()).context is None
    story.headline = "Saved in this process"
    story.save()  # a signal: this process forgets the version at once
    assert "Saved in this process" in client.get(story.get_absolute_url()).content.decode()


def test_a_change_that_bypasses_django_moves_the_version(client, story):
    """The ingest's COPY and raw SQL fire no signals: the trigger counts them all the same."""
    client.get(story.get_absolute_url())
    before = page_cache.archive_version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article SET headline = 'Rewritten by SQL' WHERE id = %s", [story.pk])
    page_cache.forget_archive_version()  # what a second's wait does in every worker
    assert page_cache.archive_version()[0] > before[0]
    assert "Rewritten by SQL" in client.get(story.get_absolute_url()).content.decode()


def test_logged_in_users_never_get_a_cached_page_nor_leave_one(client, admin_client, story):
    url = story.get_absolute_url()
    assert admin_client.get(url).context is not None
    assert admin_client.get(url).context is not None  # rendered again: never served from the cache
    assert client.get(url).context is not None  # the editor's page was not stored for readers
    assert client.get(url).context is None  # the reader's was
    assert admin_client.get(url).context is not None  # and is not served to the editor


def test_what_is_not_a_plain_200_is_not_cached(client, story):
    assert client.get("/stories/999999/nothing/").status_code == 404
    assert client.get("/stories/999999/nothing/").context is not None
    wrong_slug = f"/stories/{story.pk}/not-its-slug/"
    assert client.get(wrong_slug).status_code == 301
    assert client.post(story.get_absolute_url()).status_code == 405
    client.cookies["messages"] = "anything"
    assert client.get(story.get_absolute_url()).context is not None
    assert client.get(story.get_absolute_url()).context is not None  # a reader with messages is never served a copy


def test_the_cache_works_in_redis_when_configured(client, story):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    # A prefix of its own: the test never clears a Redis others may use.
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",
        "TIMEOUT": 60,
    }
    with override_settings(CACHES={"default": redis_cache}):
        assert caches["default"].__class__.__name__ == "RedisCache"
        assert client.get(story.get_absolute_url()).context is not None
        assert client.get(story.get_absolute_url()).context is None
        story.headline = "Edited while in Redis"
        story.save()
        assert "Edited while in Redis" in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_long_open_write_such_as_an_ingest_file_never_holds_up_another_writer():
    """The version moves at each commit: a writer waits for no other open transaction, and each commit counts."""
    import psycopg2

    settings_dict = connection.settings_dict
    dsn = {"dbname": settings_dict["NAME"], "user": settings_dict["USER"], "host": settings_dict["HOST"]}
    dsn |= {"port": settings_dict["PORT"] or None, "password": settings_dict["PASSWORD"] or None}
    ingest, editor = psycopg2.connect(**dsn), psycopg2.connect(**dsn)
    try:

        def version() -> int:
            with editor.cursor() as cursor:
                cursor.execute("SELECT version FROM articles_archive_version")
                return cursor.fetchone()[0]

        start = version()
        editor.commit()
        with ingest.cursor() as cursor:  # a file's transaction, left open
            cursor.execute("INSERT INTO articles_section (name, slug, name_ar) VALUES ('Wire', 'wire', '')")
            cursor.execute("INSERT INTO articles_tag (name, slug) VALUES ('Grain', 'grain')")
        with editor.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # would fail here if the open transaction held the version
            cursor.execute("INSERT INTO articles_tag (name, slug) VALUES ('Wheat', 'wheat')")
        editor.commit()
        assert version() == start + 1
        editor.commit()
        ingest.commit()
        assert version() == start + 2  # one move per transaction, however many statements it ran
    finally:
        ingest.close()
        editor.close()
