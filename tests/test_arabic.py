"""Pages speak the language of what they show: Arabic stories and the Arabic archive in Arabic, right to left."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Correction, Section, Tag
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

AT = datetime(2015, 9, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def arabic():
    section = Section.objects.create(name="Culture", name_ar="ثقافة")
    article = make_article(
        "المتحف الوطني يفتح جناحه الشرقي",
        language="ar",
        authors=[make_author("منار الفريح")],
        places=["دمشق"],
        section=section,
        agency="سانا",
        published_at=AT,
        updated_at=AT.replace(hour=14),
    )
    article.tags.add(Tag.objects.create(name="تراث", slug="heritage-ar"))
    Correction.objects.create(article=article, kind="update", note="أضيف تصريح الوزير.", published_at=AT)
    return article


def test_an_arabic_storys_page_is_in_arabic_right_to_left(client, arabic):
    response = client.get(arabic.get_absolute_url())
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert response["Content-Language"] == "ar"
    for label in ("بقلم", "وسوم:", "حُدّث", "تصويبات وتحديثات", "تحديث", "انتقل إلى المحتوى", "أرشيف غرفة الأخبار"):
        assert label in html, label
    assert '<bdi lang="ar">ثقافة</bdi></a>' in html  # the section's Arabic name
    assert "15 سبتمبر 2015" in html  # Arabic month name
    assert "By " not in html and "Tags:" not in html and "September" not in html
    assert 'href="/ar/sections/culture/"' in html and 'href="/ar/tags/heritage-ar/"' in html


def test_an_english_storys_page_stays_english_whatever_the_browser_asks(client, arabic):
    english = make_article("Museum reopens", authors=[make_author("Manar al-Freih")], published_at=AT)
    html = client.get(english.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="en" dir="ltr">' in html and "By</span> <a" in html and "15 September 2015" in html


def test_the_arabic_archive_lists_arabic_stories_in_arabic_and_the_english_one_the_others(client, arabic):
    english = make_article("Museum reopens", published_at=AT, section=arabic.section)
    make_article("An English story of another day", published_at=AT.replace(day=20))
    ar_home = client.get(reverse("articles:ar-home"))
    assert [a.headline for a in ar_home.context["articles"]] == [arabic.headline]
    html = ar_home.content.decode()
    assert '<html lang="ar" dir="rtl">' in html and "<h1>آخر الأخبار</h1>" in html
    assert 'href="/" lang="en" hreflang="en">English archive</a>' in html  # the way back
    en_home = client.get(reverse("articles:home"))
    assert [a.headline for a in en_home.context["articles"]] == ["An English story of another day", english.headline]
    assert 'href="/ar/" lang="ar" dir="rtl" hreflang="ar">الأرشيف العربي</a>' in en_home.content.decode()

    section = client.get("/ar/sections/culture/").content.decode()
    assert '<h1><span class="kind">القسم:</span> <bdi lang="ar">ثقافة</bdi></h1>' in section
    assert [a.headline for a in client.get("/sections/culture/").context["articles"]] == [english.headline]
    english_days = [url for _, url in client.get("/archive/2015/09/").context["periods"]]
    assert english_days == ["/archive/2015/09/15/", "/archive/2015/09/20/"]
    month = client.get("/ar/archive/2015/09/")
    assert "أخبار سبتمبر 2015" in month.content.decode()
    assert [url for _, url in month.context["periods"]] == ["/ar/archive/2015/09/15/"]


def test_the_committed_catalogue_holds_every_translation_of_the_po_file():
    """django.mo is committed (no gettext needed to run): it must say what django.po says."""
    import ast
    import gettext
    import re
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.LOCALE_PATHS[0]) / "ar" / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    entries = re.findall(
        r'(?:msgctxt ("(?:[^"\\]|\\.)*")\n)?msgid ("(?:[^"\\]|\\.)+")\nmsgstr ("(?:[^"\\]|\\.)*")',
        (folder / "django.po").read_text(encoding="utf-8"),
    )
    assert len(entries) > 30
    for context, msgid, msgstr in entries:
        msgid, msgstr = ast.literal_eval(msgid), ast.literal_eval(msgstr)
        found = catalogue.pgettext(ast.literal_eval(context), msgid) if context else catalogue.gettext(msgid)
        assert found == msgstr, msgid


def test_a_section_with_no_arabic_name_is_marked_english_on_arabic_pages(client, arabic):
    science = Section.objects.create(name="Science")
    make_article("اكتشاف علمي جديد", language="ar", section=science, published_at=AT)
    html = client.get(reverse("articles:ar-home")).content.decode()
    assert '<bdi lang="en">Science</bdi>' in html
    assert f'<bdi lang="ar">{arabic.section.name_ar}</bdi>' in html
