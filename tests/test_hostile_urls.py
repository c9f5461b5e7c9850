"""No public URL answers a 5xx, whatever its path parameters, query string or cookies hold.

The patterns are read from the URL resolver, so a page added later is fuzzed
without anyone editing this file. Each parameter is drawn from hostile values
(NUL and other control characters, any Unicode, invalid UTF-8, over-long
strings, integers far beyond PostgreSQL's bigint) mixed with real ids and slugs,
so that the pages behind them are reached too. The test client re-raises a
view's exception, so a 500 fails with its traceback.
"""

import logging
import re
from urllib.parse import quote, quote_from_bytes

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Author, LegacyIdentifier, Place, Section, Tag
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

# The editors' admin is behind a login; tests/test_admin_permissions.py walks it.
PRIVATE_PREFIXES = ("admin/",)
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def public_routes(resolver=None, prefix: str = "") -> list[tuple[str, dict]]:
    """Every public route as (route with <converter:name> parts, {name: converter})."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            routes += public_routes(entry, route)
        elif isinstance(entry, URLPattern):
            routes.append((route, dict(entry.pattern.converters)))
    return routes


ROUTES = public_routes()


def text_values():
    printable_or_not = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be sent at all
    return st.one_of(
        st.text(printable_or_not, max_size=30).map(lambda s: quote(s, safe="")),
        st.binary(max_size=30).map(lambda b: quote_from_bytes(b, safe="")),
        st.sampled_from(["%00", "a%00b", "x" * 5000, "..", ".", "%2e%2e", "%C0%AF", "%FF%FE", "-", "_"]),
        st.integers().map(str),
    )


def int_values():
    return st.one_of(
        st.integers(min_value=0).map(str),
        st.sampled_from(["0", "9223372036854775807", "9223372036854775808", "99999999999999999999", "1" * 400]),
    )


@st.composite
def query_strings(draw):
    keys = st.one_of(st.sampled_from(["page", "p", "page_id", "q", "lang", "sort", "o", "_"]), text_values())
    values = st.one_of(
        st.sampled_from(["abc", "-1", "0", "1", "2", str(10**30), "1e3", "%00", "", "[]", "1.5"]), text_values()
    )
    pairs = draw(st.lists(st.tuples(keys, values), max_size=4))
    return "&".join(f"{key}={value}" for key, value in pairs)


@pytest.fixture
def archive():
    """Real objects, so that drawn ids and slugs sometimes reach real pages."""
    author = make_author("Manar al-Freih")
    story = make_article(
        "Wheat harvest begins", authors=[author], places=["Hasaka"], section=Section.objects.create(name="Economy")
    )
    story.tags.add(Tag.objects.create(name="harvest"))
    LegacyIdentifier.objects.create(article=story, scheme="wordpress", value="4211")
    return {
        "pk": [str(pk) for pk in Article.objects.values_list("pk", flat=True)],
        "slug": [obj.slug for model in (Article, Author, Section, Tag, Place) for obj in model.objects.all()],
        "scheme": ["wordpress"],
        "value": ["4211"],
    }


def fill(route: str, converters: dict, real: dict, draw) -> str:
    def value(match):
        name = match.group("name")
        hostile = int_values() if isinstance(converters.get(name), IntConverter) else text_values()
        known = real.get(name)
        return draw(st.one_of(st.sampled_from(known), hostile) if known else hostile)

    return "/" + PARAMETER.sub(value, route)


@pytest.mark.parametrize(("route", "converters"), ROUTES, ids=[route or "/" for route, _ in ROUTES])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_public_url_answers_a_server_error(client, archive, route, converters, data):
    path = fill(route, converters, archive, data.draw)
    query = data.draw(query_strings())
    cookie = data.draw(st.one_of(st.just(""), st.builds(lambda v: f"sessionid={v}", text_values())))
    method = data.draw(st.sampled_from(["get", "head"]))
    extra = {"HTTP_COOKIE": cookie} if cookie else {}
    response = getattr(client, method)(f"{path}?{query}" if query else path, **extra)
    assert response.status_code < 500, (path, query, cookie)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=st.lists(text_values(), min_size=1, max_size=4), query=query_strings())
def test_no_address_at_all_answers_a_server_error(client, archive, segments, query):
    path = "/" + "/".join(segments)
    response = client.get(f"{path}?{query}" if query else path)
    assert response.status_code < 500, (path, query)


@pytest.mark.parametrize(
    "address",
    [
        "/%00",
        "/authors/%00/",
        "/legacy/wordpress/%00/",
        "/?p=%00",
        "/stories/99999999999999999999/x/",
        "/stories/9223372036854775808/",
        "/?page=abc",
        "/?page=-1",
        f"/?page={10**30}",
        "/" + "a" * 3000,
    ],
)
def test_the_addresses_that_once_answered_500(client, archive, address):
    # The lists page by cursor now, so an old ?page= is ignored (200); what matters is no 5xx.
    assert client.get(address).status_code in {200, 301, 400, 404}


def test_a_disallowed_host_is_refused_with_one_warning_line_and_no_traceback(client, caplog):
    # Scanners send any Host header: routine noise, not an error to page anyone about.
    with caplog.at_level(logging.DEBUG):
        response = client.get("/", HTTP_HOST="scanner.example")
    assert response.status_code == 400
    refusals = [record for record in caplog.records if "scanner.example" in record.getMessage()]
    assert [(record.name, record.levelname) for record in refusals] == [("django.security.DisallowedHost", "WARNING")]
    assert refusals[0].exc_info is None and "\n" not in refusals[0].getMessage()
    assert "Traceback" not in caplog.text
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
