"""Every page, the admin's and the error pages included, carries the Content-Security-Policy.

The server error pages render without the database.
"""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


def assert_strict(response, url):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"], url
    for name in ("script-src", "style-src"):
        assert directives[name] == ["'self'"], (url, name)  # no 'unsafe-inline', no nonce, no outside host
    assert directives["object-src"] == ["'none'"], url
    assert directives["frame-ancestors"] == ["'self'"], url


def test_the_readers_pages_carry_a_strict_policy(client):
    author = make_author("Manar al-Freih")
    story = make_article("Wheat harvest begins", authors=[author])
    for url in ["/", story.get_absolute_url(), author.get_absolute_url(), "/no/such/page/", "/authors/%00/"]:
        response = client.get(url)
        assert response.status_code in {200, 400, 404}, url
        assert_strict(response, url)


def test_the_admins_pages_carry_the_same_policy(client):
    for url in [reverse("admin:login"), reverse("admin:index")]:
        assert_strict(client.get(url), url)
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "pw"))
    story = make_article()
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_history", args=[story.pk]),
        reverse("admin-import"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response, url)


@pytest.mark.parametrize(("template", "heading"), [("500.html", "went wrong"), ("503.html", "briefly unavailable")])
def test_the_server_error_pages_render_without_the_database(template, heading):
    def no_database(execute, sql, params, many, context):
        raise AssertionError(f"the {template} page queried the database: {sql}")

    with connection.execute_wrapper(no_database):
        page = render_to_string(template)
    assert heading in page and 'href="/"' in page and "site.css" in page


def test_a_database_failure_anywhere_answers_503_in_the_sites_design():
    client = Client(raise_request_exception=False)
    make_article()
    with connection.cursor() as cursor:
        # The web statement timeout, made tiny, cancels the home page's query.
        cursor.execute("SET statement_timeout = 1")
        cursor.execute("SELECT pg_sleep(0)")
    with connection.execute_wrapper(lambda execute, sql, params, many, context: execute("SELECT pg_sleep(0.05)", ())):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "briefly unavailable" in response.content.decode()


def test_other_server_errors_answer_the_sites_500_page(monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr("articles.lists.HomeView.stories", lambda self: 1 / 0)
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
