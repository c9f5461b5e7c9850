"""A renamed author, section, tag or place answers 301 from every old address, lists and feeds, in both archives."""

import pytest

from articles.models import Place, Section, SlugRedirect, Tag
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed():
    section = Section.objects.create(name="Economy")
    tag = Tag.objects.create(name="Wheat")
    author = make_author("Manar al-Freih")
    story = make_article("Wheat harvest begins", authors=[author], places=["Hasaka"], section=section)
    story.tags.add(tag)
    return {"section": section, "tag": tag, "author": author, "place": Place.objects.get(name="Hasaka")}


@pytest.mark.parametrize("kind", ["section", "tag", "author", "place"])
def test_a_renamed_page_answers_301_at_its_old_address_and_its_feeds_and_arabic_twin(client, filed, kind):
    renamed = filed[kind]
    old = renamed.slug
    renamed.name, renamed.slug = f"{renamed.name} (renamed)", ""
    renamed.save()
    assert renamed.slug != old
    plural = f"{kind}s"
    for old_path, new_path in [
        (f"/{plural}/{old}/", f"/{plural}/{renamed.slug}/"),
        (f"/{plural}/{old}/rss/", f"/{plural}/{renamed.slug}/rss/"),
        (f"/{plural}/{old}/atom/", f"/{plural}/{renamed.slug}/atom/"),
        (f"/ar/{plural}/{old}/", f"/ar/{plural}/{renamed.slug}/"),
    ]:
        response = client.get(old_path)
        assert response.status_code == 301, old_path
        assert response["Location"] == new_path
        assert client.get(new_path).status_code == 200, new_path


def test_renamed_twice_both_old_addresses_lead_to_the_page_as_it_is_now(client, filed):
    tag = filed["tag"]
    first = tag.slug
    tag.slug = "grain"
    tag.save()
    tag.slug = "cereals"
    tag.save()
    assert client.get(f"/tags/{first}/")["Location"] == "/tags/cereals/"
    assert client.get("/tags/grain/")["Location"] == "/tags/cereals/"


def test_renamed_back_the_page_answers_itself_and_a_new_owner_of_an_old_slug_wins(client, filed):
    section = filed["section"]
    section.slug = "business"
    section.save()
    section.slug = "economy"
    section.save()
    assert client.get("/sections/economy/").status_code == 200
    assert client.get("/sections/business/")["Location"] == "/sections/economy/"
    assert not SlugRedirect.objects.filter(old_slug="economy").exists()

    Section.objects.create(name="Business")  # takes the old address: its own page answers there now
    assert client.get("/sections/business/").status_code == 200


def test_renaming_in_the_admin_keeps_the_old_address(admin_client, filed):
    place = filed["place"]
    response = admin_client.post(
        f"/admin/articles/place/{place.pk}/change/", {"name": "Al-Hasakah", "slug": "al-hasakah"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert admin_client.get("/places/hasaka/")["Location"] == "/places/al-hasakah/"
