"""What must stay true for decades is held by PostgreSQL itself, not by the code that happens to write."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from articles.models import (
    Article,
    Author,
    Byline,
    Correction,
    LegacyIdentifier,
    LegacyPath,
    Provenance,
    RelatedLink,
)
from tests.factories import make_article, make_author, make_link

pytestmark = pytest.mark.django_db


def refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
            # Deferred constraints are checked at commit; ask for the check now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    except IntegrityError:
        return True
    return False


def test_a_source_url_is_unique_when_present_but_many_stories_may_have_none():
    make_article(source_url="https://example.org/1")
    assert refused(lambda: make_article(source_url="https://example.org/1"))
    make_article(source_url="")
    make_article(source_url="")
    assert Article.objects.filter(source_url="").count() == 2


def test_the_identity_key_is_unique_and_may_be_null_many_times():
    make_article(identity_key="url:abc")
    assert refused(lambda: make_article(identity_key="url:abc"))
    make_article(identity_key=None)
    make_article(identity_key=None)


def test_a_headline_cannot_be_empty_and_a_status_must_be_known():
    assert refused(lambda: Article.objects.create(headline="", body="<p>x</p>"))
    article = make_article()
    assert refused(lambda: Article.objects.filter(pk=article.pk).update(status="hidden"))


def test_an_update_cannot_come_before_publication():
    assert refused(
        lambda: make_article(
            published_at=datetime(2026, 10, 2, tzinfo=UTC), updated_at=datetime(2026, 10, 1, tzinfo=UTC)
        )
    )
    make_article(published_at=None, updated_at=datetime(2026, 10, 1, tzinfo=UTC))


def test_an_author_is_credited_once_per_story_and_positions_are_unique_but_swappable():
    lina, rasha = make_author("Lina Haddad"), make_author("Rasha Milhem")
    article = make_article(authors=[lina, rasha])
    assert refused(lambda: Byline.objects.create(article=article, author=lina, position=5))
    assert refused(lambda: Byline.objects.create(article=article, author=make_author(), position=0))

    def swap():  # the admin saves rows one by one: a swap passes a moment of duplicates
        Byline.objects.filter(article=article, author=lina).update(position=1)
        Byline.objects.filter(article=article, author=rasha).update(position=0)

    assert not refused(swap)
    assert article.byline_authors() == [rasha, lina]


def test_a_link_cannot_point_at_its_own_story_and_needs_a_title_or_a_target():
    article = make_article()
    assert refused(lambda: make_link(article, title="Itself", target=article))
    assert refused(lambda: RelatedLink.objects.create(source=article, title="", title_key=""))
    make_link(article, target=make_article("Another story"))
    assert RelatedLink.objects.get().title == "Another story"


def test_legacy_identifiers_and_paths_belong_to_one_story():
    first, second = make_article(), make_article()
    LegacyIdentifier.objects.create(article=first, scheme="wordpress", value="4211")
    assert refused(lambda: LegacyIdentifier.objects.create(article=second, scheme="wordpress", value="4211"))
    LegacyIdentifier.objects.create(article=second, scheme="sana", value="4211")
    LegacyPath.objects.create(article=first, path="/?p=4211")
    assert refused(lambda: LegacyPath.objects.create(article=second, path="/?p=4211"))
    assert refused(lambda: LegacyPath.objects.create(article=second, path="no-slash"))


def test_provenance_is_kept_once_per_distinct_input():
    article = make_article()
    Provenance.objects.create(article=article, source="a.txt", raw="x", checksum="c1", parser="plaintext/1")
    assert refused(
        lambda: Provenance.objects.create(article=article, source="b.txt", raw="x", checksum="c1", parser="p/1")
    )


def test_two_spellings_of_a_name_that_fold_alike_are_one_author():
    Author.objects.create(name="Manar al-Freih")
    assert refused(lambda: Author.objects.create(name="Manar Al-Freih", slug="manar-al-freih-2"))


def test_a_correction_needs_a_note():
    assert refused(lambda: Correction.objects.create(article=make_article(), note=""))


def test_story_html_is_sanitized_when_saved():
    article = make_article(
        body='<p onclick="steal()">Text <a href="javascript:alert(1)">x</a> <a href="https://example.org">y</a></p>'
        "<script>alert(1)</script><iframe src='https://evil.example'></iframe>"
    )
    article.refresh_from_db()
    assert "script" not in article.body and "onclick" not in article.body and "iframe" not in article.body
    assert "javascript:" not in article.body
    assert '<a href="https://example.org" rel="noopener noreferrer">y</a>' in article.body
    assert article.body.startswith("<p>Text")
