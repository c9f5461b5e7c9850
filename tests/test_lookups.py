"""The ``in_array`` lookup finds what ``in`` finds, whatever the values and their number."""

import pytest

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_in_array_finds_what_in_finds():
    stories = [
        make_article(headline=headline) for headline in ("First 'quoted' one", "Second, with \\ and %s", "Third")
    ]
    keys = [story.headline_key for story in stories[:2]] + ["no such key"]
    assert set(Article.objects.filter(headline_key__in_array=keys)) == set(stories[:2])
    assert set(Article.objects.filter(headline_key__in_array=keys)) == set(
        Article.objects.filter(headline_key__in=keys)
    )
    assert set(Article.objects.filter(pk__in_array=[stories[2].pk, 0])) == {stories[2]}


def test_an_empty_array_finds_nothing():
    make_article(headline="Anything")
    assert not Article.objects.filter(headline_key__in_array=[]).exists()
