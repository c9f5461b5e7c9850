"""A page of stories gets its places and authors in one query, as the stories' own relations give them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.listing import attach_places_and_authors
from articles.models import Article, Byline, Place
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def test_each_story_gets_the_places_and_authors_its_relations_give_in_their_order():
    zaina, adel, basma = make_author("Zaina Erhaim"), make_author("Adel Haddad"), make_author("Basma Atassi")
    # Bylines in their printed order, not by name; places by name, as Place's ordering has them.
    first = make_article(authors=[zaina, adel, basma], places=["Hasaka", "Damascus"], agency="SANA")
    second = make_article(authors=[basma], places=["Homs"])
    alone = make_article(authors=[], places=[])
    # Two places of one name (their slugs differ): by id, as a tie in the relation's order falls here too.
    twin = Place.objects.create(name="Tartus", slug="tartus-2")
    second.places.add(twin, Place.objects.create(name="Tartus", slug="tartus-1"))
    stories = list(Article.objects.filter(pk__in=[first.pk, second.pk, alone.pk]).order_by("pk"))

    with CaptureQueriesContext(connection) as queries:
        attach_places_and_authors(stories)
    assert len(queries) == 1

    fresh = {story.pk: Article.objects.get(pk=story.pk) for story in stories}  # read through the relations
    for story in stories:
        assert [p.pk for p in story.listed_places] == [p.pk for p in fresh[story.pk].places.all()]
        assert story.byline_authors() == fresh[story.pk].byline_authors()
        assert story.dateline == fresh[story.pk].dateline
    assert stories[0].dateline == "Damascus/Hasaka, SANA"
    assert [a.name for a in stories[0].byline_authors()] == ["Zaina Erhaim", "Adel Haddad", "Basma Atassi"]
    assert [p.name for p in stories[1].listed_places] == ["Homs", "Tartus", "Tartus"]
    assert stories[1].listed_places[1].slug == "tartus-2"
    assert (stories[2].listed_places, stories[2].byline_authors(), stories[2].dateline) == ([], [], "")
    # Whole objects: what a template may ask of them is there without another query.
    with CaptureQueriesContext(connection) as queries:
        assert stories[0].byline_authors()[0].get_absolute_url() == zaina.get_absolute_url()
        assert stories[0].listed_places[0].slug == "damascus"
    assert len(queries) == 0


def test_a_byline_changed_in_place_is_read_again_by_a_story_not_listed():
    story = make_article(authors=[make_author("Hazem Sabbagh")])
    Byline.objects.filter(article=story).update(author=make_author("Manar al-Freih"))
    assert [a.name for a in Article.objects.get(pk=story.pk).byline_authors()] == ["Manar al-Freih"]


def test_nothing_to_attach_costs_no_query():
    with CaptureQueriesContext(connection) as queries:
        attach_places_and_authors([])
        attach_places_and_authors([Article(headline="Not saved")])
    assert len(queries) == 0


def test_the_search_page_reads_a_page_of_stories_places_and_authors_in_one_query(client):
    for number in range(3):
        make_article(f"Wheat harvest {number}", authors=[make_author(), make_author()], places=["Homs", "Hama"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("articles:search"), {"q": "wheat"}).content.decode()
    statements = [q["sql"] for q in queries.captured_queries]
    assert len([sql for sql in statements if "ORDER BY kind, article_id, in_order" in sql]) == 1
    assert not [
        sql for sql in statements if sql.startswith(('SELECT "articles_byline"', 'SELECT ("articles_article_places"'))
    ]
    assert html.count("Hama/Homs") == 3
