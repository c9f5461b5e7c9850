"""A reader in a real browser: the home page, a story, its Check Also link, keyboard and right-to-left."""

import pytest

from tests.factories import make_article, make_author, make_link

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive():
    target = make_article("Volunteers catalogue rare manuscripts", places=["Aleppo"], agency="SANA")
    story = make_article(
        "Museum reopens its eastern wing",
        authors=[make_author("Manar al-Freih"), make_author("Hazem Sabbagh")],
        places=["Damascus"],
        agency="SANA",
        body="<p>The National Museum reopened its eastern wing.</p>",
    )
    make_link(story, title=target.headline, target=target)
    arabic = make_article("المتحف الوطني يفتح أبوابه مساءً", language="ar", body="<p>أعلنت إدارة المتحف.</p>")
    return {"story": story, "target": target, "arabic": arabic}


def test_a_reader_finds_a_story_reads_it_and_follows_check_also(page, live_server, archive):
    page.goto(live_server.url)
    page.get_by_role("link", name="Museum reopens its eastern wing").click()
    page.wait_for_url(f"**{archive['story'].get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Museum reopens its eastern wing"
    assert "Manar al-Freih / Hazem Sabbagh" in page.locator(".byline").inner_text()
    assert page.locator(".dateline").inner_text() == "Damascus, SANA"
    page.locator(".check-also").get_by_role("link", name="Volunteers catalogue rare manuscripts").click()
    page.wait_for_url(f"**{archive['target'].get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Volunteers catalogue rare manuscripts"


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page, live_server, archive):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_an_arabic_story_reads_right_to_left(page, live_server, archive):
    page.goto(live_server.url + archive["arabic"].get_absolute_url())
    direction = page.locator("article").evaluate("element => getComputedStyle(element).direction")
    assert direction == "rtl"
    assert page.locator("article").get_attribute("lang") == "ar"
