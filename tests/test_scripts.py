"""Stories in the scripts the archive learned to read after English and Arabic: Hindi, Bengali, Thai (marks above
and below the line, no spaces between Thai words), Hebrew, Persian, Urdu, Sorani Kurdish (right to left)."""

from datetime import UTC, datetime

import pytest

from articles.languages import RIGHT_TO_LEFT, direction
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HINDI = "प्रधानमंत्री ने नई शिक्षा नीति की घोषणा की"
THAI = "นายกรัฐมนตรีประกาศนโยบายการศึกษาใหม่ในกรุงเทพมหานครวันนี้"
SORANI = "سەرۆک وەزیران سیاسەتی نوێی پەروەردە ڕاگەیاند"
KURMANJI = "Serokwezîr polîtîkaya nû ya perwerdeyê ragihand"
YIDDISH = "דער פרעמיער־מיניסטער האָט אָנגעזאָגט אַ נײַע פּאָליטיק"


@pytest.mark.parametrize("code", ["he", "fa", "ur", "ps", "yi", "ckb", "sd", "ug", "dv", "ks", "syr"])
def test_every_right_to_left_language_is_drawn_right_to_left(code):
    assert code in RIGHT_TO_LEFT and direction(code) == "rtl" and direction(f"{code}-XX") == "rtl"


@pytest.mark.parametrize(("headline", "expected"), [(SORANI, "rtl"), (KURMANJI, "ltr")])
def test_a_kurdish_story_runs_the_way_its_script_does(client, headline, expected):
    # "ckb" (Sorani) is filed under "ku", which is Kurmanji in Latin letters too: a Sorani story was drawn
    # dir="ltr", its headline's words mirrored and its dateline's comma on the wrong side.
    article = make_article(headline, language="ku", places=["Hewlêr"], agency="Rudaw")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<article lang="ku" dir="{expected}"' in html
    listed = client.get("/").content.decode()
    assert f'<li lang="ku" dir="{expected}">' in listed
    assert article.list_comma == ("، " if expected == "rtl" else ", ")


def test_a_yiddish_dateline_takes_the_latin_comma_as_hebrew_does():
    article = make_article(YIDDISH, language="yi", places=["ניו יאָרק"], agency="JTA")
    assert article.text_direction == "rtl" and article.dateline == "ניו יאָרק, JTA"


def test_a_feed_gives_each_story_its_own_language(client):
    # The feeds are English (<language>en</language>, xml:lang="en"): a Hindi or Hebrew item in them was read,
    # spoken and hyphenated as English. Each one in another language now says which.
    import lxml.etree

    hindi = make_article(HINDI, language="hi")
    english = make_article("Minister announces policy", language="en")
    hebrew = make_article("ראש הממשלה הכריז על מדיניות", language="he")
    atom = lxml.etree.fromstring(client.get("/atom/").content)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    by_title = {entry.findtext("{http://www.w3.org/2005/Atom}title"): entry.get(lang) for entry in atom.iterfind(
        "{http://www.w3.org/2005/Atom}entry")}  # fmt: skip
    assert atom.get(lang) == "en"
    assert by_title == {hindi.headline: "hi", english.headline: None, hebrew.headline: "he"}
    rss = lxml.etree.fromstring(client.get("/rss/").content)
    dc = "{http://purl.org/dc/elements/1.1/}language"
    assert {item.findtext("title"): item.findtext(dc) for item in rss.iter("item")} == {
        hindi.headline: "hi", english.headline: None, hebrew.headline: "he"}  # fmt: skip


def test_the_sites_date_inside_a_story_in_another_language_says_it_is_the_sites(client):
    # "1 October 2026" sat in <li lang="hi"> and <article lang="th"> with no lang of its own: read as Hindi or
    # Thai. It is marked as the page's language, as the story page's labels ("By") were already.
    hindi = make_article(HINDI, language="hi", updated_at=datetime(2026, 10, 1, 9, 0, tzinfo=UTC))
    listed = client.get("/").content.decode()
    assert '<time lang="en" dir="ltr" datetime="2026-10-01T09:00:00+00:00">1 October 2026</time>' in listed
    page = client.get(hindi.get_absolute_url()).content.decode()
    assert page.count('<time lang="en" dir="ltr" datetime="2026-10-01T09:00:00+00:00">') == 2
    found = client.get("/search/", {"q": "शिक्षा"}).content.decode()
    assert '<time lang="en" dir="ltr" datetime="2026-10-01T09:00:00+00:00">1 October 2026</time>' in found


def test_also_in_names_the_language_in_the_pages_language_and_the_headline_in_its_own(client):
    # "Also in: Hindi: प्रधानमंत्री…" was one link marked lang="hi": the word "Hindi" read as Hindi, and on an
    # Arabic story's page the name stayed English. The name is the page's, the headline the story's.
    from articles.models import RelatedLink
    from tests.factories import make_link

    arabic = make_article("رئيس الوزراء يعلن سياسة تعليمية جديدة", language="ar")
    hindi = make_article(HINDI, language="hi")
    make_link(arabic, title=hindi.headline, target=hindi, kind=RelatedLink.Kind.TRANSLATED)
    on_arabic = client.get(arabic.get_absolute_url()).content.decode()
    assert (
        f'hreflang="hi"><span lang="ar" dir="rtl">الهندية</span>: <bdi lang="hi" dir="ltr">{HINDI}</bdi></a>'
        in on_arabic
    )
    on_hindi = client.get(hindi.get_absolute_url()).content.decode()
    assert 'hreflang="ar"><span lang="en" dir="ltr">Arabic</span>: <bdi lang="ar" dir="rtl">' in on_hindi
