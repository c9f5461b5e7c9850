"""The demo archive loads through the real ingest path and shows what the archive does."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, Author, RelatedLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_loads_thirty_stories_in_english_and_arabic(demo):
    assert "30 stories created" in demo and "0 files failed" in demo
    assert Article.objects.count() == 30
    assert Article.objects.in_language("ar").count() == 7
    assert Article.objects.drafts().count() == 1
    assert Article.objects.undated().count() == 2


def test_the_demo_has_bylines_datelines_and_check_also_links(demo):
    assert Author.objects.filter(name="Manar al-Freih").count() == 1  # "Manar Al-Freih" found the same person
    multi = Article.objects.get(headline="Delegation presents water projects at international conference")
    assert [a.name for a in multi.byline_authors()] == ["Hazem Sabbagh", "Manar al-Freih", "Basem Kanaan"]
    assert multi.dateline == "New York, SANA"
    assert Article.objects.get(headline="Wheat harvest in Hasaka exceeds expectations").place_names() == [
        "Damascus",
        "Hasaka",
    ]
    links = RelatedLink.objects.all()
    assert links.filter(target__isnull=False).count() == 25
    assert set(links.filter(target__isnull=True).values_list("title", flat=True)) == {
        "Olive harvest begins in the coastal mountains",
        "مزارعو سهل الغاب يرحبون بالأمطار المبكرة",
    }


def test_loading_the_demo_again_changes_nothing(demo):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 stories created, 0 updated, 30 unchanged" in out.getvalue()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "was not loaded" in out.getvalue()
