"""The search pages: the readers' /search/ and /ar/search/, and the staff's /staff/search/ with its tools."""

import csv
import io
import json
from datetime import UTC, datetime
from urllib.parse import urlencode

import feedparser
import lxml.html
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article, SavedSearch, Section
from articles.search_chart import matches_chart
from articles.search_export import spreadsheet_safe
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
STAFF = "/staff/search/"


def texts(response, xpath: str) -> list[str]:
    document = lxml.html.fromstring(response.content.decode())
    return [element.text_content().strip() for element in document.xpath(xpath)]


def links(response, xpath: str) -> list[str]:
    return lxml.html.fromstring(response.content.decode()).xpath(xpath)


def result_headlines(response) -> list[str]:
    return texts(response, "//section[@class='search-results']//h3")


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_user("researcher", password="pw", is_staff=True))
    return client


@pytest.fixture
def two_sections():
    culture = Section.objects.create(name="Culture")
    politics = Section.objects.create(name="Politics")
    for number in range(3):
        make_article(f"Museum reopens wing {number}", section=culture, body="<p>The museum opened.</p>")
    make_article("Parliament debates museum funding", section=politics, body="<p>Funding for the museum.</p>")
    return culture, politics


def test_every_page_has_a_labelled_search_form_in_its_header(client):
    response = client.get("/")
    forms = links(response, "//header//form[@role='search']")
    assert len(forms) == 1 and forms[0].get("action") == SEARCH
    assert forms[0].xpath(".//label[@for='site-search-q']") and forms[0].xpath(".//input[@id='site-search-q']")
    arabic = client.get("/ar/")
    assert links(arabic, "//header//form[@role='search']/@action") == ["/ar/search/"]


def test_the_public_page_finds_published_stories_only_and_marks_the_words(client):
    make_article("Museum reopens <its> wing", body="<p>The museum opened.</p>")
    make_article("Museum draft", status=Article.Status.DRAFT)
    make_article("Museum withdrawn", status=Article.Status.WITHDRAWN)
    response = client.get(SEARCH, {"q": "museum"})
    assert response.status_code == 200
    assert result_headlines(response) == ["Museum reopens <its> wing"]
    html = response.content.decode()
    assert "<mark>Museum</mark> reopens &lt;its&gt; wing" in html
    assert texts(response, "//h2[@id='results-heading']") == ["1 story"]


def test_an_empty_search_shows_the_form_and_no_results(client):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert links(response, "//main//form[@role='search']//input[@name='q']")
    assert not links(response, "//section[@class='search-results']")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "museum", "date_from": "2015-13-45"},
        {"q": "museum", "date_to": "yesterday"},
        {"q": "museum", "section": "no-such-section"},
        {"q": "m" * 10_000},
        {"q": "museum", "page": "abc"},
        {"q": "museum", "page": "0"},
        {"q": "museum", "page": "99999999999999999999"},
        {"q": "museum", "year": "20x5"},
        {"q": "museum", "order": "sideways"},
        {"q": "museum", "language": "klingon"},
        {"q": '"unbalanced museum'},
        {"q": "museum", "author": "nobody-at-all"},
    ],
)
def test_bad_input_gives_the_page_with_a_message(client, params):
    make_article("Museum reopens", body="<p>The museum opened.</p>")
    for url in (SEARCH, "/ar/search/"):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
        assert texts(response, "//div[@class='search-messages']//li"), (url, params)


def test_a_nul_character_is_refused_by_the_sites_guard_with_its_page(client):
    response = client.get(SEARCH, {"q": "muse\x00um"})
    assert response.status_code == 400
    assert texts(response, "//h1") == ["This address cannot be read"]


def test_a_page_past_the_end_says_so(client):
    make_article("Museum reopens", body="<p>The museum opened.</p>")
    response = client.get(SEARCH, {"q": "museum", "page": "900"})
    assert response.status_code == 200
    assert any("past the last page" in message for message in texts(response, "//div[@class='search-messages']//li"))
    assert result_headlines(response) == ["Museum reopens"]


def test_facet_links_add_their_filter_and_take_it_away(client, two_sections):
    response = client.get(SEARCH, {"q": "museum", "order": "newest"})
    assert len(result_headlines(response)) == 4
    culture_link = links(response, "//nav[@aria-labelledby='facet-section']//a[starts-with(., 'Culture')]/@href")[0]
    assert "section=culture" in culture_link and "order=newest" in culture_link and "q=museum" in culture_link
    filtered = client.get(SEARCH + culture_link)
    assert sorted(result_headlines(filtered)) == [f"Museum reopens wing {n}" for n in range(3)]
    selected = links(filtered, "//nav[@aria-labelledby='facet-section']//a[@aria-current='true']")
    assert [a.text_content() for a in selected] == ["Culture"]
    removed = selected[0].get("href")
    assert "section=" not in removed and "q=museum" in removed
    assert len(result_headlines(client.get(SEARCH + removed))) == 4
    # The filter in force is listed with its own remove link too.
    assert texts(filtered, "//nav[@class='active-filters']//li")[0].startswith("Section: culture")


def test_page_links_keep_every_filter(client):
    section = Section.objects.create(name="Culture")
    for number in range(25):
        make_article(
            f"Museum story {number}",
            section=section,
            published_at=datetime(2015, 1, 1 + number, tzinfo=UTC),
            body="<p>museum</p>",
        )
    response = client.get(SEARCH, {"q": "museum", "section": "culture", "order": "newest"})
    assert texts(response, "//h2[@id='results-heading']")[0].startswith("25 stories")
    page_two = links(response, "//ul[@class='page-numbers']//a[@rel='next']/@href")[0]
    assert "page=2" in page_two and "section=culture" in page_two and "order=newest" in page_two
    second = client.get(SEARCH + page_two)
    assert result_headlines(second) == [f"Museum story {n}" for n in range(4, -1, -1)]
    assert links(second, "//ul[@class='page-numbers']//a[@aria-current='page']/text()") == ["2"]


def test_the_page_runs_a_bounded_number_of_queries(client, two_sections, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get(SEARCH, {"q": "museum", "section": "culture"})
    assert response.status_code == 200


def test_did_you_mean_links_the_corrected_query(client):
    for number in range(12):
        make_article(f"Museum story {number}", body="<p>The museum opened.</p>")
    response = client.get(SEARCH, {"q": "musem", "order": "newest"})
    suggestion = links(response, "//p[@class='suggestion']/a")
    assert [link.text_content() for link in suggestion] == ["museum"]
    assert "order=newest" in suggestion[0].get("href")
    assert len(result_headlines(client.get(SEARCH + suggestion[0].get("href")))) == 12


def test_the_arabic_page_speaks_arabic(client):
    make_article("المتحف الوطني يفتح أبوابه", language="ar", body="<p>المتحف</p>")
    response = client.get("/ar/search/", {"q": "المتحف"})
    assert response.status_code == 200
    assert links(response, "/html/@lang") == ["ar"] and links(response, "/html/@dir") == ["rtl"]
    assert texts(response, "//h1") == ["ابحث في الأرشيف"]
    assert result_headlines(response) == ["المتحف الوطني يفتح أبوابه"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"المتحف', "أُهملت علامة تنصيص بلا نظير."),
        ("سفينة", "لا أخبار مطابقة."),
        ("المتحف author:nobody", "لا كاتب باسم «nobody» في الأرشيف."),
    ],
)
def test_the_arabic_page_says_what_it_did_with_the_query_in_arabic(client, query, message):
    make_article("المتحف الوطني يفتح أبوابه", language="ar", body="<p>المتحف</p>")
    response = client.get("/ar/search/", {"q": query})
    assert response.status_code == 200
    assert message in texts(response, "//div[@class='search-messages']//li")


@pytest.mark.parametrize("query", ["\u202eabc\u2066", "\u202d\u202b\u2067", "\u202e"])
def test_bidi_controls_in_the_query_do_not_turn_the_pages_title_around(client, staff_client, query):
    # An override left in the <title> reversed the query and the site's name after it, in the tab and the history.
    for url in (SEARCH, "/ar/search/", STAFF):
        response = staff_client.get(url, {"q": query})
        assert response.status_code == 200
        title = lxml.html.fromstring(response.content.decode()).findtext(".//title")
        assert not any(control in title for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    title = lxml.html.fromstring(client.get(SEARCH, {"q": "\u202eabc\u2066"}).content.decode()).findtext(".//title")
    assert title == "Search: abc · Newsroom archive"
    # The box still shows the query as typed.
    assert links(client.get(SEARCH, {"q": "\u202eabc"}), "//main//input[@name='q']/@value") == ["\u202eabc"]


# -- staff -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [STAFF, "/staff/search/export.csv?q=x", "/staff/search/export.jsonl?q=x"])
def test_the_staff_pages_send_anonymous_users_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")


@pytest.mark.parametrize("url", [STAFF, "/staff/search/export.csv?q=x", "/staff/search/export.jsonl?q=x"])
def test_the_staff_pages_refuse_users_who_are_not_staff(client, url):
    client.force_login(User.objects.create_user("reader", password="pw"))
    assert client.get(url).status_code == 403
    assert client.post(reverse("articles:saved-search-save") + "?q=x", {"name": "x"}).status_code == 403


def test_the_staff_page_finds_drafts_and_filters_by_status(staff_client):
    draft = make_article("Museum draft", status=Article.Status.DRAFT)
    make_article("Museum published")
    response = staff_client.get(STAFF, {"q": "museum"})
    assert sorted(result_headlines(response)) == ["Museum draft", "Museum published"]
    admin_link = reverse("admin:articles_article_change", args=[draft.pk])
    assert links(response, f"//section[@class='search-results']//h3/a[@href='{admin_link}']")
    drafts = staff_client.get(STAFF, {"q": "museum", "status": "draft"})
    assert result_headlines(drafts) == ["Museum draft"]


def test_the_staff_filter_for_a_pending_check_also(staff_client):
    from tests.factories import make_link

    waiting = make_article("Museum waits for its link")
    make_link(waiting, title="A story not yet in the archive")
    make_article("Museum without links")
    response = staff_client.get(STAFF, {"q": "museum", "pending_check_also": "on"})
    assert result_headlines(response) == ["Museum waits for its link"]


@pytest.mark.parametrize(
    "params", [{"q": "museum", "status": "lost"}, {"q": "museum", "source": "x" * 500}, {"q": "m" * 10_000}]
)
def test_bad_staff_input_gives_the_page_with_a_message(staff_client, params):
    make_article("Museum reopens")
    response = staff_client.get(STAFF, params)
    assert response.status_code == 200
    assert texts(response, "//div[@class='search-messages']//li")


def test_the_staff_page_draws_its_chart_of_matches(staff_client):
    for year in (2014, 2015, 2015):
        make_article("Museum story", published_at=datetime(year, 5, 1, tzinfo=UTC))
    response = staff_client.get(STAFF, {"q": "museum"})
    svg = links(response, "//section//*[local-name()='svg']")
    assert len(svg) == 1 and svg[0].get("role") == "img"
    assert [row for row in texts(response, "//details//tbody/tr")] == ["20141", "20152"]
    by_month = staff_client.get(STAFF, {"q": "museum", "year": "2015"})
    assert texts(by_month, "//details//tbody/tr") == ["2015-052"]


def test_the_staff_page_says_when_its_chart_is_estimated(staff_client, monkeypatch):
    for year in (2014, 2015, 2015):
        make_article("Museum story", published_at=datetime(year, 5, 1, tzinfo=UTC))
    assert not any("estimated" in t for t in texts(staff_client.get(STAFF, {"q": "museum"}), "//figcaption/p"))
    monkeypatch.setattr("articles.search_counts.EXACT_UP_TO", 1)
    note = texts(staff_client.get(STAFF, {"q": "museum"}), "//figcaption/p")
    assert any("estimated from a sample" in t for t in note)


def test_the_chart_escapes_its_labels_and_is_described():
    svg = matches_chart([("<b>2015</b>", 3), ("2016", 0)], title="Matches & more", description="Two <years>")
    assert "<b>" not in svg and "&lt;b&gt;2015&lt;/b&gt;" in svg
    assert '<title id="chart-title">Matches &amp; more</title>' in svg
    assert '<desc id="chart-desc">Two &lt;years&gt;</desc>' in svg
    assert 'aria-labelledby="chart-title chart-desc"' in svg
    assert matches_chart([], title="t", description="d") == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_are_quoted(start):
    assert spreadsheet_safe(start + "SUM(A1)") == "'" + start + "SUM(A1)"
    assert spreadsheet_safe("Plain " + start) == "Plain " + start


@pytest.mark.parametrize(
    "cell", ["  =3+4", '"=quoted', " @SUM(A1)", '＝HYPERLINK("http://evil.example")', "＋1", "\x0b=SUM(A1)"]
)
def test_formulas_behind_spaces_quotes_full_width_signs_or_control_characters_are_quoted_too(cell):
    assert spreadsheet_safe(cell).startswith("'")
    assert "\x0b" not in spreadsheet_safe(cell)


@pytest.mark.parametrize(
    "cell",
    [
        '\u202e=HYPERLINK("http://evil.example")',
        "\u200b=1+1",
        "\u200c+1",
        "\u200d-1",
        "\u2066@SUM(A1)\u2069",
        "\ufeff=1",
        "\u00ad=1",
        "\u200f=1",
        ' \u202e "=1',
        "\u034f=1",
    ],
)
def test_formulas_behind_bidi_controls_or_zero_width_characters_are_quoted_too(cell):
    # A right-to-left override or a zero-width space before the "=" shows nothing: the cell still reads as a formula.
    assert spreadsheet_safe(cell) == "'" + cell
    assert spreadsheet_safe("\u200bप्रधानमंत्री = PM") == "\u200bप्रधानमंत्री = PM"
    assert spreadsheet_safe("ि=1") == "ि=1"


def test_an_export_with_an_invalid_filter_exports_nothing_and_says_why(staff_client):
    make_article("Museum draft", status=Article.Status.DRAFT, body="<p>museum</p>")
    for bad in ({"status": "bogus"}, {"date_from": "2024-13-45"}, {"language": "xx"}, {"section": "nope"}):
        response = staff_client.get("/staff/search/export.csv", {"q": "museum", **bad})
        assert response.status_code == 400, bad
        assert response.content.decode().startswith("Nothing exported: ")


def test_the_csv_export_streams_the_matches_with_formulas_escaped(staff_client):
    author = make_author("=cmd|' /C calc'!A0")
    make_article('=HYPERLINK("http://evil.example","museum")', authors=[author], body="<p>museum</p>")
    make_article("Museum draft", status=Article.Status.DRAFT, places=["@Damascus"])
    response = staff_client.get("/staff/search/export.csv", {"q": "museum"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["headline"] for row in rows} == {'\'=HYPERLINK("http://evil.example","museum")', "Museum draft"}
    by_status = {row["status"]: row for row in rows}
    assert by_status["published"]["authors"] == "'=cmd|' /C calc'!A0"
    assert by_status["draft"]["places"] == "'@Damascus"


def test_the_json_lines_export_is_one_valid_object_a_line(staff_client):
    stories = [make_article(f"Museum story {n}", body="<p>museum</p>") for n in range(3)]
    response = staff_client.get("/staff/search/export.jsonl", {"q": "museum"})
    assert response.status_code == 200 and response.streaming
    lines = b"".join(response.streaming_content).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert sorted(record["id"] for record in records) == sorted(story.pk for story in stories)
    assert all(record["url"].startswith("http://testserver/stories/") for record in records)
    assert staff_client.get("/staff/search/export.xlsx", {"q": "museum"}).status_code == 404


def test_saved_searches_keep_their_filters_and_have_private_feeds(staff_client, client, two_sections):
    make_article("Museum draft in culture", status=Article.Status.DRAFT, section=two_sections[0])
    response = staff_client.post(
        reverse("articles:saved-search-save") + "?q=museum&section=culture&junk=1", {"name": "Culture museums"}
    )
    saved = SavedSearch.objects.get()
    assert (saved.name, saved.query, saved.filters) == ("Culture museums", "museum", {"section": "culture"})
    assert response.status_code == 302 and response["Location"] == saved.get_absolute_url()
    page = staff_client.get(STAFF)
    assert texts(page, "//section[@aria-labelledby='saved-heading']//li/a[1]") == ["Culture museums"]
    assert len(result_headlines(staff_client.get(saved.get_absolute_url()))) == 4

    feed_response = client.get(saved.feed_url())  # no login: the token is the key
    assert feed_response.status_code == 200
    assert feed_response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(feed_response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.subtitle == "The newest stories matching “museum”"
    titles = [entry.title for entry in feed.entries]
    assert "Museum draft in culture" in titles and len(titles) == 4
    assert "Parliament debates museum funding" not in titles

    assert client.get(reverse("articles:saved-search-feed", kwargs={"token": "guess"})).status_code == 404
    saved.owner.is_staff = False
    saved.owner.save()
    assert client.get(saved.feed_url()).status_code == 404


def test_a_saved_search_needs_a_name_and_only_its_owner_deletes_it(staff_client, client):
    response = staff_client.post(reverse("articles:saved-search-save") + "?q=museum", {"name": "  "})
    assert response.status_code == 302 and not SavedSearch.objects.exists()
    owner = User.objects.create_user("other", password="pw", is_staff=True)
    saved = SavedSearch.objects.create(owner=owner, name="Theirs", query="museum")
    delete = reverse("articles:saved-search-delete", args=[saved.pk])
    assert staff_client.post(delete).status_code == 404
    client.force_login(owner)
    assert client.post(delete).status_code == 302
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("name", ["\u202e", "\u200b\u200c", "\u2066\u2069", "\u202d \u202c\x0b"])
def test_a_saved_search_name_that_shows_nothing_is_refused(staff_client, name):
    response = staff_client.post(reverse("articles:saved-search-save") + "?q=museum", {"name": name})
    assert response.status_code == 302 and not SavedSearch.objects.exists()


def test_saved_search_names_and_queries_with_bidi_controls_are_not_turned_around(staff_client, client):
    make_article("प्रधानमंत्री ने कहा", body="<p>प्रधानमंत्री &lt;script&gt;</p>", language="hi")
    save = reverse("articles:saved-search-save") + "?" + urlencode({"q": "\u202eप्रधानमंत्री"})
    response = staff_client.post(save, {"name": "\u202ePM <b>\u2067 ि\x0b"})
    saved = SavedSearch.objects.get()
    assert saved.name == "PM <b> ि" and response["Location"] == saved.get_absolute_url()
    page = staff_client.get(STAFF)
    assert texts(page, "//section[@aria-labelledby='saved-heading']//li/a[1]") == ["PM <b> ि"]
    # One saved before names were cleaned is shown without its override too.
    SavedSearch.objects.filter(pk=saved.pk).update(name="\u202eOld <i>")
    page = staff_client.get(STAFF)
    assert texts(page, "//section[@aria-labelledby='saved-heading']//li/a[1]") == ["Old <i>"]
    feed_response = client.get(saved.feed_url())
    feed = feedparser.parse(feed_response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Newsroom search: Old <i>"
    assert feed.feed.subtitle == "The newest stories matching “प्रधानमंत्री”"
    assert [entry.title for entry in feed.entries] == ["प्रधानमंत्री ने कहा"]
    assert "<script>" not in feed.entries[0].summary and "\u202e" not in feed_response.content.decode()


def test_a_long_query_in_a_three_byte_script_gets_the_pages_answer_not_the_guards(client, staff_client):
    make_article("प्रधानमंत्री ने कहा", body="<p>प्रधानमंत्री</p>", language="hi")
    # 10,000 zero-width non-joiners are 90,000 characters percent-encoded: the page says the search is too long.
    response = client.get(SEARCH, {"q": "\u200c" * 10_000})
    assert response.status_code == 200
    assert texts(response, "//div[@class='search-messages']//li") == [
        "Search for: Keep the search under 1,000 characters."
    ]
    # A query the page takes (999 Hindi letters and marks, 9,000 characters encoded) can be exported and saved.
    query = "प्रधानमंत्री " * 76 + "ि" * 11
    assert len(query) < 1000 and staff_client.get(STAFF, {"q": query}).status_code == 200
    for format in ("csv", "jsonl"):
        assert staff_client.get(f"/staff/search/export.{format}", {"q": query}).status_code == 200, format
    response = staff_client.post(reverse("articles:saved-search-save") + "?" + urlencode({"q": query}), {"name": "PM"})
    assert response.status_code == 302 and SavedSearch.objects.get().query == query


# -- the admin's search box --------------------------------------------------------------------------------------


def test_the_admin_search_box_uses_the_search_and_still_finds_ids_and_urls(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "pw"))
    by_body = make_article("Opening day", body="<p>The museum opened its doors.</p>")
    by_url = make_article("Another story", source_url="https://sana.sy/en/?p=123")
    make_article("Unrelated")
    url = reverse("admin:articles_article_changelist")

    def found(term: str) -> list[str]:
        response = client.get(url, {"q": term})
        assert response.status_code == 200
        return [str(article) for article in response.context["cl"].result_list]

    assert found("museum") == ["Opening day"]  # a word of the body: the full-text search
    assert found(str(by_url.pk)) == ["Another story"]
    assert found(f"#{by_body.pk}") == ["Opening day"]
    assert found("http://sana.sy/en/?p=123/") == ["Another story"]
    assert found('"opened its doors"') == ["Opening day"]
    assert found("x" * 5_000) == []


# -- valid HTML --------------------------------------------------------------------------------------------------


def test_the_search_pages_are_valid_html(client, staff_client, two_sections, tmp_path):
    from tests.test_html_valid import check_html

    make_article("Museum draft", status=Article.Status.DRAFT, section=two_sections[0])
    make_article("المتحف الوطني يفتح أبوابه", language="ar", body="<p>المتحف</p>")
    pages = {}
    for name, url in {
        "search-empty": SEARCH,
        "search": f"{SEARCH}?q=museum",
        "search-facet": f"{SEARCH}?q=museum&section=culture",
        "search-bad": f"{SEARCH}?q=museum&date_from=2015-13-45&section=nope",
        "search-ar": "/ar/search/?q=المتحف",
        "staff": f"{STAFF}?q=museum",
        "staff-year": f"{STAFF}?q=museum&year=2026",
    }.items():
        response = staff_client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    SavedSearch.objects.create(owner=User.objects.get(username="researcher"), name="Mine", query="museum")
    pages["staff-saved"] = staff_client.get(STAFF).content.decode()
    assert check_html(pages, tmp_path) == []


def test_the_language_list_offers_the_languages_written_and_takes_any_story_language(client):
    make_article("Harvest begins")
    make_article("Die Ernte beginnt", language="de")
    offered = links(client.get(SEARCH, {"q": "harvest"}), "//select[@name='language']/option/@value")
    assert offered == ["", "en", "de"]  # not the 57 a story may be in
    response = client.get(SEARCH, {"q": "harvest", "language": "ja"})  # none is in Japanese: no story, no error
    assert response.status_code == 200 and result_headlines(response) == []
    assert links(response, "//select[@name='language']/option[@selected]/@value") == ["ja"]


def test_languages_are_named_in_the_page_language(client):
    make_article("Harvest begins")
    make_article("Die Ernte beginnt", body="<p>Harvest in German.</p>", language="de")
    english = client.get(SEARCH, {"q": "harvest"})
    assert sorted(texts(english, "//nav[@aria-labelledby='facet-language']//a")) == ["English", "German"]
    arabic = client.get("/ar" + SEARCH, {"q": "harvest"})
    assert sorted(texts(arabic, "//nav[@aria-labelledby='facet-language']//a")) == ["الألمانيّة", "الإنجليزيّة"]
    assert texts(arabic, "//select[@name='language']/option")[1:] == ["الإنجليزيّة", "الألمانيّة"]


def test_names_in_another_language_than_the_page_are_marked_in_the_form_and_facets(client, staff_client):
    science = Section.objects.create(name="Science")  # no Arabic name: English on the Arabic page
    culture = Section.objects.create(name="Culture", name_ar="ثقافة")
    make_article("Harvest begins", section=science)
    make_article("الحصاد يبدأ", body="<p>harvest</p>", language="ar", section=culture)
    make_article("Harvest in Kabul", language="ps")  # Pashto: no Arabic name for it, so named in English
    arabic = lxml.html.fromstring(client.get("/ar" + SEARCH, {"q": "harvest"}).content.decode())
    options = {o.text_content(): (o.get("lang"), o.get("dir")) for o in arabic.xpath("//select/option")}
    assert options["Science"] == ("en", "ltr") and options["ثقافة"] == (None, None)
    assert options["Pashto"] == ("en", "ltr") and options["العربيّة"] == (None, None)
    assert "Culture" not in options  # a section with an Arabic name is listed by it
    facets = {b.text_content(): b.get("lang") for b in arabic.xpath("//aside[@class='facets']//bdi")}
    assert facets["Science"] == "en" and facets["ثقافة"] == "ar" and facets["Pashto"] == "en"
    assert "Culture" not in facets
    # The English pages' names are in their language: nothing to mark; the staff page's statuses neither.
    for url in (SEARCH, STAFF):
        english = lxml.html.fromstring(staff_client.get(url, {"q": "harvest"}).content.decode())
        assert not english.xpath("//select/option[@lang or @dir]"), url
        assert {b.text_content() for b in english.xpath("//nav[@aria-labelledby='facet-section']//bdi")} == {
            "Science",
            "Culture",
        }
