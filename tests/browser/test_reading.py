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


def test_a_long_word_an_address_or_a_table_never_widens_the_page_on_a_phone(page, live_server, archive):
    word, address = "x" * 200, "https://example.org/" + "a" * 180
    story = make_article(
        "A headline ending in a long word " + word,
        body=f"<p>{word} and {address}.</p><table><caption>Spending</caption><tr>"
        + "".join(f"<td>Column {n} with words</td>" for n in range(12))
        + "</tr></table>",
    )
    page.set_viewport_size({"width": 375, "height": 800})
    for path in (story.get_absolute_url(), "/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path


def test_an_arabic_dateline_reads_right_to_left_in_lists_with_the_arabic_comma(page, live_server):
    make_article("مؤتمر في نيويورك", language="ar", places=["New York", "دمشق"], agency="سانا", body="<p>نص.</p>")
    page.goto(live_server.url + "/ar/")
    dateline = page.locator(".story-list .dateline").first
    assert dateline.inner_text() == "New York/دمشق، سانا"
    assert dateline.evaluate("element => getComputedStyle(element).direction") == "rtl"


@pytest.fixture
def full_archive():
    """One of every page type, and enough stories in one month to page through it."""
    from datetime import UTC, datetime, timedelta

    from articles.models import Correction, Section, Tag
    from articles.paging import PAGE_SIZE

    culture = Section.objects.create(name="Culture", name_ar="ثقافة")
    heritage = Tag.objects.create(name="heritage")
    manar = make_author("Manar al-Freih")
    at = datetime(2015, 9, 15, 9, 0, tzinfo=UTC)
    target = make_article("Volunteers catalogue rare manuscripts", places=["Aleppo"], section=culture, published_at=at)
    story = make_article(
        "Museum reopens its eastern wing",
        authors=[manar, make_author("Hazem Sabbagh")],
        places=["Damascus"],
        section=culture,
        agency="SANA",
        body="<p>Damascus, SANA – The National Museum reopened its eastern wing.</p>",
        published_at=at + timedelta(hours=1),
        updated_at=at + timedelta(hours=3),
    )
    story.tags.add(heritage)
    make_link(story, title=target.headline, target=target)
    make_link(story, title="A story not yet archived", position=1)
    Correction.objects.create(article=story, note="An earlier version misspelt the curator's name.")
    arabic = make_article(
        "المتحف الوطني يفتح جناحه الشرقي",
        language="ar",
        authors=[make_author("منار الفريح")],
        places=["دمشق"],
        section=culture,
        agency="سانا",
        body="<p>دمشق-سانا أعلنت إدارة المتحف الوطني افتتاح الجناح الشرقي.</p>",
        published_at=at,
    )
    arabic.tags.add(Tag.objects.create(name="تراث", slug="heritage-ar"))
    for number in range(PAGE_SIZE + 5):
        make_article(f"September story {number}", section=culture, published_at=at - timedelta(days=1, minutes=number))
    withdrawn = make_article("Taken down", status="withdrawn", published_at=at)
    return {"story": story, "target": target, "arabic": arabic, "withdrawn": withdrawn, "author": manar}


def page_types(archive) -> dict[str, str]:
    story = archive["story"]
    return {
        "home": "/",
        "story": story.get_absolute_url(),
        "arabic story": archive["arabic"].get_absolute_url(),
        "author": archive["author"].get_absolute_url(),
        "section": story.section.get_absolute_url(),
        "tag": story.tags.get().get_absolute_url(),
        "place": story.places.get().get_absolute_url(),
        "year": "/archive/2015/",
        "month": "/archive/2015/09/",
        "day": "/archive/2015/09/15/",
        "arabic home": "/ar/",
        "arabic section": "/ar/sections/culture/",
        "arabic month": "/ar/archive/2015/09/",
        "withdrawn (410)": archive["withdrawn"].get_absolute_url(),
        "not found (404)": "/no/such/page/",
    }


def test_axe_finds_no_serious_or_critical_violation_on_any_page_type(page, live_server, full_archive):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = {}
    for name, path in page_types(full_archive).items():
        page.goto(live_server.url + path)
        results = axe.run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[name] = serious
    assert problems == {}


def test_a_reader_opens_an_author_pages_through_an_archive_and_switches_to_arabic(
    page, live_server, full_archive, tmp_path
):
    story = full_archive["story"]
    page.goto(live_server.url + story.get_absolute_url())
    page.locator(".byline").get_by_role("link", name="Manar al-Freih").click()
    page.wait_for_url(f"**{full_archive['author'].get_absolute_url()}")
    assert "Manar al-Freih" in page.get_by_role("heading", level=1).inner_text()

    page.goto(live_server.url + "/archive/2015/09/")
    first_page = page.locator(".story-list h2").all_inner_texts()
    # Read each page once it has loaded: read at once, the list could still be the page before (a loaded machine).
    with page.expect_navigation():
        page.get_by_role("link", name="Older stories").click()
    second_page = page.locator(".story-list h2").all_inner_texts()
    assert first_page and second_page and not set(first_page) & set(second_page)
    with page.expect_navigation():
        page.get_by_role("link", name="Newer stories").click()
    assert page.locator(".story-list h2").all_inner_texts() == first_page

    page.get_by_role("link", name="الأرشيف العربي").click()
    page.wait_for_url(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("lang") == "ar"
    page.get_by_role("link", name=full_archive["arabic"].headline).first.click()
    page.wait_for_url(f"**{full_archive['arabic'].get_absolute_url()}")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator(".byline").inner_text().startswith("بقلم")
    assert "سبتمبر" in page.locator(".meta").inner_text()
    # The byline sits at the right edge, as right-to-left text does.
    box, main = page.locator(".byline").bounding_box(), page.locator("main").bounding_box()
    text_end = page.evaluate(
        "() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('.byline'));"
        " return r.getBoundingClientRect().right; }"
    )
    assert text_end > box["x"] + box["width"] - 40 and box["x"] < main["x"] + main["width"]
    shot = tmp_path / "arabic-story.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


# The page's width, and the elements that reach past either side of it (to say which, should one).
OVERFLOW = """() => {
    const root = document.documentElement;
    const past = [...document.querySelectorAll('body *:not(.skip-link)')].filter(element => {
        const box = element.getBoundingClientRect();
        return box.width && (box.right > root.clientWidth + 0.5 || box.left < -0.5);
    }).map(element => element.outerHTML.slice(0, 80));
    return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, past: past.slice(0, 5)};
}"""


def test_a_list_item_in_the_other_direction_keeps_its_marker_inside_a_phones_page(page, live_server, full_archive):
    from articles.models import Place

    arabic, english = full_archive["arabic"], full_archive["story"]
    # An English story sharing the Arabic one's place is among its related stories, and one whose Check Also
    # points at it lists it as referenced by; both are in English, left to right, in the Arabic page's lists,
    # and the story's own list holds an English line. The English story lists an Arabic one the same way.
    damascus = Place.objects.get(name="دمشق")
    near = make_article("Curators catalogue the eastern wing", places=[damascus.name], published_at=arabic.published_at)
    make_link(near, title=arabic.headline, target=arabic)
    arabic.body = (
        '<p>نص الخبر.</p><ul><li>البند الأول</li><li lang="en" dir="ltr">The second item</li></ul>'
        '<ol><li>أولًا</li><li lang="en" dir="ltr">Second</li></ol>'
    )
    arabic.save()
    english.places.add(damascus)
    page.set_viewport_size({"width": 360, "height": 800})
    for path in ("/ar/", "/ar/sections/culture/", arabic.get_absolute_url(), english.get_absolute_url()):
        page.goto(live_server.url + path)
        if not path.startswith("/ar/"):
            assert page.locator(".related li[dir]").count(), path
        measured = page.evaluate(OVERFLOW)
        assert measured["scrollWidth"] <= measured["clientWidth"], (path, measured)


def test_the_focused_skip_links_outline_is_drawn_whole_inside_the_window(page, live_server, archive):
    page.set_viewport_size({"width": 360, "height": 640})
    for path in ("/", "/ar/"):
        page.goto(live_server.url + path)
        page.keyboard.press("Tab")
        link = page.locator(".skip-link")
        assert link.evaluate("element => element === document.activeElement") and link.is_visible(), path
        box = link.bounding_box()
        ring = link.evaluate(
            "element => { const style = getComputedStyle(element); return style.outlineStyle === 'none' ? 0"
            " : parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset); }"
        )
        assert ring > 0, path  # focus is shown
        viewport = page.viewport_size
        assert box["x"] - ring >= 0 and box["y"] - ring >= 0, (path, box, ring)
        assert box["x"] + box["width"] + ring <= viewport["width"], (path, box, ring)
        assert box["y"] + box["height"] + ring <= viewport["height"], (path, box, ring)
