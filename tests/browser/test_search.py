"""A reader searches in a real browser: from the header's box, through a facet and to page 2, then opens a story."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from articles.models import Section
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive():
    culture = Section.objects.create(name="Culture")
    politics = Section.objects.create(name="Politics")
    for number in range(25):
        make_article(
            f"Museum exhibition number {number}",
            section=culture,
            published_at=datetime(2015, 1, 1 + number, tzinfo=UTC),
            body="<p>The museum shows <b>new</b> work.</p>",
        )
    for number in range(3):
        make_article(f"Parliament discusses museum budget {number}", section=politics, body="<p>museum</p>")
    return culture


def test_search_from_the_header_narrow_by_a_facet_page_and_open_a_story(page, live_server, archive):
    page.goto(live_server.url)
    header_search = page.get_by_role("search").first
    header_search.get_by_label("Search the archive").fill("museum")
    header_search.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=museum")
    assert page.locator("#results-heading").inner_text().startswith("28 stories")
    assert page.locator(".search-results mark").first.inner_text().lower() == "museum"

    page.locator("nav[aria-labelledby='facet-section']").get_by_role("link", name="Culture").click()
    page.wait_for_url("**section=culture**")
    assert page.locator("#results-heading").inner_text().startswith("25 stories")
    selected = page.locator("nav[aria-labelledby='facet-section'] a[aria-current='true']")
    assert selected.inner_text() == "Culture"

    page.get_by_role("navigation", name="Result pages").get_by_role("link", name="2", exact=True).click()
    page.wait_for_url("**page=2**")
    assert "section=culture" in page.url
    assert page.locator(".page-numbers a[aria-current='page']").inner_text().endswith("2")
    headlines = page.locator(".search-results h3 a")
    assert headlines.count() == 5
    first = headlines.first.inner_text()
    assert first.startswith("Museum exhibition number")
    headlines.first.click()
    page.wait_for_url("**/stories/**")
    assert page.get_by_role("heading", level=1).inner_text() == first


def test_axe_finds_no_serious_violation_on_the_search_pages(page, live_server, archive):
    from axe_playwright_python.sync_playwright import Axe

    User.objects.create_user("researcher", password="a-long-password-1", is_staff=True)
    make_article("المتحف الوطني يفتح أبوابه", language="ar", body="<p>المتحف</p>")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("researcher")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/**")
    axe, problems = Axe(), {}
    for path in (
        "/search/",
        "/search/?q=museum",
        "/search/?q=museum&section=culture&page=2",
        "/search/?q=museum&date_from=2015-13-45",
        "/ar/search/?q=المتحف",
        "/staff/search/?q=museum",
        "/staff/search/?q=museum&year=2015",
    ):
        page.goto(live_server.url + path)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[path] = serious
    assert problems == {}
