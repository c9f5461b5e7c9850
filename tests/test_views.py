"""The reader's pages: what they show, what they hide, their status codes and their query counts."""

import pytest
from django.urls import reverse

from articles.models import Author, Correction, LegacyIdentifier, LegacyPath, Place, Section, Tag
from tests.factories import make_article, make_author, make_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    culture = Section.objects.create(name="Culture")
    article = make_article(
        "Museum reopens its eastern wing",
        authors=[make_author("Manar al-Freih"), make_author("Hazem Sabbagh")],
        places=["Damascus", "Hasaka"],
        section=culture,
        agency="SANA",
        body="<p>The museum reopened.</p>",
    )
    article.tags.add(Tag.objects.create(name="heritage"))
    target = make_article("Volunteers catalogue manuscripts")
    make_link(article, title="Volunteers catalogue manuscripts", target=target, position=0)
    make_link(article, title="A story not yet archived", teaser="Homs, SANA – Teaser …", position=1)
    Correction.objects.create(article=article, note="An earlier version misspelt the curator's name.")
    return article


def test_home_lists_published_stories_newest_first_and_hides_the_rest(client):
    from datetime import UTC, datetime

    make_article("Older", published_at=datetime(2026, 1, 1, tzinfo=UTC))
    make_article("Newer", published_at=datetime(2026, 6, 1, tzinfo=UTC))
    make_article("Undated", published_at=None)
    make_article("A draft", status="draft")
    make_article("Withdrawn", status="withdrawn")
    response = client.get(reverse("articles:home"))
    headlines = [a.headline for a in response.context["articles"]]
    assert headlines == ["Newer", "Older", "Undated"]


def test_the_story_page_shows_dateline_byline_body_links_and_corrections(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Museum reopens its eastern wing</h1>" in html
    assert "Damascus</bdi></a>/<a" in html and ", <bdi>SANA</bdi>" in html
    assert html.index("Manar al-Freih") < html.index("Hazem Sabbagh")
    assert "<p>The museum reopened.</p>" in html
    assert "An earlier version misspelt" in html
    assert "Check Also" in html
    assert f'href="{story.related_links.get(position=0).target.get_absolute_url()}"' in html
    assert "A story not yet archived" in html and "Homs, SANA – Teaser …" in html
    assert reverse("articles:tag", kwargs={"slug": "heritage"}) in html


def test_the_story_page_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    # story+section, places, tags, bylines, authors, corrections, links+targets, translations,
    # referenced by, newer and older in the section, related ids, related stories (when there are some);
    # and the archive's version, for the page cache (read once a second outside tests).
    with django_assert_max_num_queries(15):
        client.get(story.get_absolute_url())
    for number in range(5):
        other = make_article(f"Same section {number}", section=story.section, places=["Damascus"])
        other.tags.add(story.tags.get())
        make_link(other, target=story, position=0)
    with django_assert_max_num_queries(15):
        client.get(story.get_absolute_url())


def test_the_home_page_query_count_does_not_grow_with_stories(client, django_assert_max_num_queries):
    for _ in range(3):
        make_article(authors=[make_author()], places=["Homs"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("articles:home"))
    for _ in range(15):
        make_article(authors=[make_author(), make_author()], places=["Homs", "Hama"])
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("articles:home"))


@pytest.mark.parametrize(
    ("headline", "language", "direction"),
    [("المتحف الوطني يفتح أبوابه", "ar", "rtl"), ("موزه ملی درهای خود را باز می‌کند", "fa", "rtl"),
     ("ملي موزيم خپلې دروازې پرانیزي", "ps", "rtl"), ("המוזיאון הלאומי נפתח", "he", "rtl"),
     ("Das Nationalmuseum öffnet", "de", "ltr"), ("国家博物馆开放", "zh", "ltr")],
)  # fmt: skip
def test_a_story_is_drawn_in_its_language_and_direction(client, headline, language, direction):
    article = make_article(headline, language=language)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<article lang="{language}" dir="{direction}"' in html


def test_a_wrong_slug_redirects_and_an_id_alone_redirects(client, story):
    wrong = reverse("articles:detail", kwargs={"pk": story.pk, "slug": "old-slug"})
    assert client.get(wrong).headers["Location"] == story.get_absolute_url()
    assert client.get(wrong).status_code == 301
    short = client.get(reverse("articles:detail-short", kwargs={"pk": story.pk}))
    assert (short.status_code, short.headers["Location"]) == (301, story.get_absolute_url())


def test_drafts_are_not_public_and_withdrawn_stories_say_so(client):
    draft = make_article("Secret draft", status="draft", body="<p>Draft text</p>")
    assert client.get(draft.get_absolute_url()).status_code == 404
    withdrawn = make_article("Taken down", status="withdrawn", body="<p>Withdrawn text</p>")
    response = client.get(withdrawn.get_absolute_url())
    assert response.status_code == 410
    assert "was withdrawn" in response.content.decode()
    assert "Withdrawn text" not in response.content.decode()


def test_author_section_tag_and_place_pages_list_their_stories(client, story):
    other = make_article("Unrelated story")
    for kind, slug in [
        ("author", story.bylines.first().author.slug),
        ("section", "culture"),
        ("tag", "heritage"),
        ("place", "hasaka"),
    ]:
        response = client.get(reverse(f"articles:{kind}", kwargs={"slug": slug}))
        assert response.status_code == 200, kind
        headlines = [a.headline for a in response.context["articles"]]
        assert story.headline in headlines and other.headline not in headlines, kind
    assert client.get(reverse("articles:tag", kwargs={"slug": "nope"})).status_code == 404


def test_editor_text_is_escaped_and_the_body_sanitized(client):
    article = make_article("<script>alert('headline')</script>", body="<p>ok</p><script>alert('body')</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;headline&#x27;)&lt;/script&gt;" in html


def test_names_and_datelines_cannot_turn_the_text_around_them_with_a_direction_override(client):
    # U+202E (right-to-left override), unclosed, reverses what follows it on its line: "Trojan Source" spoofing.
    # Each name, dateline and linked headline is drawn in a <bdi>, which ends it there.
    rlo = "\u202e"
    author = make_author("Hazem Sabbagh")
    story = make_article(
        "Souk reopens", authors=[author, make_author("Manar al-Freih")], places=["Aleppo"], agency=f"SANA{rlo}"
    )
    # Written behind save()'s back, which drops such controls from names (as every parser does): how names were
    # stored before, and what a bulk write could still store.
    Author.objects.filter(pk=author.pk).update(name=f"Hazem {rlo}Sabbagh")
    Place.objects.filter(name="Aleppo").update(name=f"Alep{rlo}po")
    other = make_article("Earlier story")
    make_link(other, target=story, position=0)
    make_link(other, title=f"Not here {rlo}yet", position=1)
    listed = client.get(reverse("articles:home")).content.decode()
    assert f"<bdi>Hazem {rlo}Sabbagh</bdi> / <bdi>Manar al-Freih</bdi>" in listed
    assert f'<bdi class="dateline" dir="ltr">Alep{rlo}po, SANA{rlo}</bdi>' in listed
    found = client.get(reverse("articles:search"), {"q": "souk"}).content.decode()
    assert f"<bdi>Hazem {rlo}Sabbagh</bdi> / <bdi>Manar al-Freih</bdi>" in found
    page = client.get(story.get_absolute_url()).content.decode()
    assert f"<bdi>Hazem {rlo}Sabbagh</bdi></a>" in page and f"<bdi>Alep{rlo}po</bdi></a>, <bdi>SANA{rlo}</bdi>" in page
    linking = client.get(other.get_absolute_url()).content.decode()
    assert "<bdi>Souk reopens</bdi></a>" in linking and f'<bdi class="pending">Not here {rlo}yet</bdi>' in linking


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "1.5", ""])
def test_bad_page_numbers_are_not_found_not_errors(client, page):
    make_article()
    response = client.get(reverse("articles:home"), {"page": page})
    assert response.status_code in (200, 404)


def test_old_paths_and_ids_redirect_to_their_story_but_never_reveal_a_draft(client, story):
    LegacyPath.objects.create(article=story, path="/?p=4211")
    LegacyPath.objects.create(article=story, path="/2015/09/15/museum-reopens/")
    LegacyIdentifier.objects.create(article=story, scheme="wordpress", value="4211")
    for old in ["/?p=4211", "/2015/09/15/museum-reopens/", "/2015/09/15/museum-reopens"]:
        response = client.get(old)
        assert (response.status_code, response.headers.get("Location")) == (301, story.get_absolute_url()), old
    response = client.get(reverse("articles:legacy-id", kwargs={"scheme": "wordpress", "value": "4211"}))
    assert (response.status_code, response.headers["Location"]) == (301, story.get_absolute_url())
    draft = make_article(status="draft")
    LegacyPath.objects.create(article=draft, path="/draft-path/")
    assert client.get("/draft-path/").status_code == 404
    assert client.get("/never-existed/").status_code == 404


def test_no_page_has_inline_script_or_style(client, story):
    """A Content-Security-Policy without 'unsafe-inline' must not break any page: only JSON-LD data blocks."""
    import re

    Section.objects.filter(pk=story.section_id).update(name_ar="ثقافة")
    arabic = make_article("المتحف يفتح أبوابه", language="ar", section=story.section)
    urls = [
        "/",
        "/ar/",
        story.get_absolute_url(),
        arabic.get_absolute_url(),
        "/sections/culture/",
        "/ar/sections/culture/",
        "/tags/heritage/",
        "/archive/2026/",
        "/archive/2026/10/",
        "/archive/2026/10/01/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE), url
        assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), url
        scripts = re.findall(r"<script\b[^>]*>", html, re.IGNORECASE)
        assert all('type="application/ld+json"' in tag for tag in scripts), (url, scripts)


@pytest.mark.parametrize(
    "url",
    [
        "/authors/%00/",
        "/ar/tags/%00/",
        "/places/a%00b/",
        "/sections/%00/rss/",
        "/tags/%00/atom/",
        "/archive/9999/12/31/",
        "/archive/9999/12/",
        "/ar/archive/0000/",
        "/sitemaps/stories-0000-01.xml",
        "/stories/1/%00/",
        "/stories/99999999999999999999/x/",
    ],
)
def test_hostile_addresses_are_not_found_never_an_error(client, url):
    make_article()
    # A NUL byte is refused up front (newsroom/middleware.py); any other hostile address is simply not found.
    assert client.get(url).status_code == (400 if "%00" in url else 404), url


def test_a_storys_tags_and_dateline_read_in_its_own_script(client):
    from articles.models import Tag

    story = make_article("حوار في اللاذقية", language="ar", places=["اللاذقية"], agency="سانا")
    story.tags.add(Tag.objects.create(name="سلام"), Tag.objects.create(name="Middle East"))
    html = client.get(story.get_absolute_url()).content.decode()
    assert "اللاذقية</bdi></a>، <bdi>سانا</bdi>" in html  # the Arabic comma between place and agency
    assert "<bdi>Middle East</bdi></a>، <a" in html or "<bdi>سلام</bdi></a>، <a" in html  # each tag isolated


def test_a_table_keeps_its_caption():
    from articles.sanitize import sanitize_html

    cleaned = sanitize_html("<table><caption>Spending by ministry</caption><tr><td>1</td></tr></table>")
    assert "<caption>Spending by ministry</caption>" in cleaned


def test_the_sites_labels_on_a_story_in_another_script_keep_the_sites_language_and_direction(client):
    from articles.models import Tag

    story = make_article("دیدار وزیر خارجه", language="fa", authors=[make_author("مریم احمدی")])
    story.tags.add(Tag.objects.create(name="دیپلماسی"))
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<article lang="fa" dir="rtl"' in html
    # "By" and "Tags:" are the English site's words, laid out left to right inside the right-to-left story
    assert '<span lang="en" dir="ltr">By</span>' in html
    assert '<span lang="en" dir="ltr">Tags:</span>' in html


@pytest.mark.parametrize(
    ("headline", "language", "slug", "slug_before"),
    [
        ("प्रधानमंत्री ने नई शिक्षा नीति की समीक्षा की", "hi", "प्रधानमंत्री-ने-नई-शिक्षा-नीति-की-समीक्षा-की",
         "परधनमतर-न-नई-शकष-नत-क-समकष-क"),
        ("পদ্মা সেতু খুলে দেওয়া হলো", "bn", "পদ্মা-সেতু-খুলে-দেওয়া-হলো", "পদম-সত-খল-দওয-হল"),
        ("นายกรัฐมนตรีประกาศนโยบาย", "th", "นายกรัฐมนตรีประกาศนโยบาย", "นายกรฐมนตรประกาศนโยบาย"),
    ],
)  # fmt: skip
def test_a_storys_address_keeps_its_letters_vowel_signs_and_the_address_it_had(
    client, headline, language, slug, slug_before
):
    story = make_article(headline, language=language)
    assert story.slug == slug  # was slug_before: Django's slugify dropped every combining mark
    assert client.get(story.get_absolute_url()).status_code == 200
    before = client.get(reverse("articles:detail", kwargs={"pk": story.pk, "slug": slug_before}))
    assert (before.status_code, before.headers["Location"]) == (301, story.get_absolute_url())
    # A story archived before keeps the address it was given, which stays its own.
    older = make_article(headline, language=language, slug=slug_before)
    assert older.slug == slug_before
    assert client.get(reverse("articles:detail", kwargs={"pk": older.pk, "slug": slug_before})).status_code == 200


def test_sections_tags_and_places_keep_their_letters_marks_and_the_ones_named_before_keep_their_address(client):
    from articles.ingest.store import _named_by_name
    from articles.models import Place
    from articles.text import slug_made_before

    new_delhi = Place.objects.create(name="नई दिल्ली", slug=slug_made_before("नई दिल्ली"))  # archived before: "नई-दलल"
    found = _named_by_name(Place, ["नई दिल्ली", "कोलकाता", "Paris"], names_db="default")
    assert found["नई दिल्ली"] == new_delhi and Place.objects.filter(name="नई दिल्ली").count() == 1  # not made again
    assert found["कोलकाता"].slug == "कोलकाता"  # new: its vowel signs kept
    assert found["Paris"].slug == "paris"
    for place in found.values():
        assert client.get(reverse("articles:place", kwargs={"slug": place.slug})).status_code == 200


def test_the_admin_saves_a_story_whose_slug_keeps_its_letters_marks(admin_client):
    from tests.factories import form_data

    story = make_article("प्रधानमंत्री ने नई शिक्षा नीति की समीक्षा की", language="hi")
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(admin_client.get(url), "article_form") | {"slug": ["शिक्षा-नीति"]}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]  # "Enter a valid slug"
    story.refresh_from_db()
    assert story.slug == "शिक्षा-नीति"
    data["slug"] = ["शिक्षा नीति"]  # a space is still no slug's
    assert admin_client.post(url, data).status_code == 200
