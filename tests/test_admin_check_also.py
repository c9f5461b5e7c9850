"""A story typed in or edited in the admin takes part in Check Also resolution as an ingested story does.

Ingest resolves the pending Check Also links that name the stories it stores (by headline or source URL) and
those stories' own links (``ingest.links``). A story written by hand must do the same: the links that name it
point to it, and its own links to the stories they name, at the save.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.models import Article, RelatedLink
from tests.factories import form_data, make_article, make_link

pytestmark = pytest.mark.django_db
ADD_STORY = reverse("admin:articles_article_add")
OBSERVED = RelatedLink.Kind.OBSERVED


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def post_story(admin_client, url: str, **changes) -> None:
    """Post the story form at ``url`` as a browser would, with ``changes`` made to its fields."""
    data = form_data(admin_client.get(url), "article_form")
    if url == ADD_STORY:
        data |= {"body": ["<p>Typed in by an editor.</p>"], "status": ["published"]}
    data |= {name: value if isinstance(value, list) else [value] for name, value in changes.items()}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def typed_in(admin_client, headline: str, *, day: str = "2026-10-01", **changes) -> Article:
    post_story(admin_client, ADD_STORY, headline=headline, published_at_0=day, published_at_1="09:00:00", **changes)
    return Article.objects.filter(headline=headline).latest("pk")


def pending_link(title: str = "", **fields) -> RelatedLink:
    """A story whose Check Also names a story not yet archived, as ingest leaves it."""
    source = make_article(fields.pop("headline", "Power restored in Hama"))
    link = make_link(source, title=title, kind=OBSERVED, observed_at=datetime(2026, 10, 1, tzinfo=UTC), **fields)
    source.refresh_from_db()
    assert source.pending_check_also
    return link


def test_a_story_typed_in_resolves_the_pending_links_that_name_it(admin_client):
    link = pending_link("Wheat harvest begins in Hasaka")
    story = typed_in(admin_client, "Wheat Harvest Begins in Hasaka")  # compared as match_key folds it

    link.refresh_from_db()
    assert link.target == story and not link.ambiguous
    link.source.refresh_from_db()
    assert not link.source.pending_check_also
    page = admin_client.get(link.source.get_absolute_url()).content.decode()
    assert f'href="{story.get_absolute_url()}"' in page


def test_a_headline_edited_to_match_resolves_the_pending_links_that_name_it(admin_client):
    link = pending_link("Wheat harvest begins in Hasaka")
    story = make_article("Wheat harvest begin in Hasaka")  # a typing slip the editor corrects
    post_story(admin_client, change_url(story), headline="Wheat harvest begins in Hasaka")

    link.refresh_from_db()
    assert link.target == story
    link.source.refresh_from_db()
    assert not link.source.pending_check_also


def test_a_headline_reverted_to_match_resolves_the_pending_links_that_name_it(admin_client):
    story = make_article("Wheat harvest begins in Hasaka")
    post_story(admin_client, change_url(story), headline="Harvest starts early")
    link = pending_link("Wheat harvest begins in Hasaka")  # printed after the change: nothing bore that headline
    original = story.history.last()
    revert_url = reverse("admin:articles_article_simple_history", args=[story.pk, original.history_id])
    assert (
        admin_client.post(revert_url, form_data(admin_client.get(revert_url), "historicalarticle_form")).status_code
        == 302
    )

    link.refresh_from_db()
    assert link.target == story


def test_a_story_typed_in_with_a_source_url_resolves_the_links_that_give_that_address(admin_client):
    link = pending_link("Harvest begins", url="https://example.org/en/wheat-harvest")
    story = typed_in(admin_client, "Wheat harvest begins in Hasaka", source_url="https://example.org/en/wheat-harvest")

    link.refresh_from_db()
    assert link.target == story


def test_a_check_also_link_typed_with_the_story_resolves_at_the_save(admin_client):
    dams = make_article("Dams refilled after the rains")
    story = typed_in(
        admin_client,
        "Farmers expect a good season",
        **{
            "related_links-TOTAL_FORMS": "1",
            "related_links-0-kind": OBSERVED,
            "related_links-0-position": "0",
            "related_links-0-title": "Dams Refilled After the Rains",
        },
    )

    link = story.related_links.get()
    assert link.target == dams
    story.refresh_from_db()
    assert not story.pending_check_also


def test_a_pending_link_corrected_in_the_story_form_resolves_at_the_save(admin_client):
    dams = make_article("Dams refilled after the rains")
    link = pending_link("Dams refiled after the rains")
    post_story(admin_client, change_url(link.source), **{"related_links-0-title": "Dams refilled after the rains"})

    link.refresh_from_db()
    assert link.target == dams
    link.source.refresh_from_db()
    assert not link.source.pending_check_also


def test_a_tie_is_left_ambiguous_and_a_date_that_breaks_it_resolves_as_ingest_would(admin_client):
    link = pending_link("Curfew lifted")  # its story is dated 2026-10-01 09:00
    make_article("Curfew lifted", published_at=datetime(2026, 10, 2, 9, 0, tzinfo=UTC))
    story = typed_in(admin_client, "Curfew Lifted", day="2026-09-30")  # a day earlier: as close as the other

    link.refresh_from_db()
    assert link.target is None and link.ambiguous
    link.source.refresh_from_db()
    assert link.source.pending_check_also

    post_story(admin_client, change_url(story), published_at_0="2026-10-01", published_at_1="10:00:00")
    link.refresh_from_db()
    assert link.target == story and not link.ambiguous
    link.source.refresh_from_db()
    assert not link.source.pending_check_also


def test_a_draft_typed_in_does_not_take_a_link_from_the_one_published_story_it_shares_a_headline_with(admin_client):
    link = pending_link("Curfew lifted")
    published = make_article("Curfew lifted", published_at=datetime(2026, 10, 2, 9, 0, tzinfo=UTC))
    typed_in(admin_client, "Curfew lifted", status="draft")

    link.refresh_from_db()
    assert link.target == published  # as ingest chooses: the one published story among several


def test_a_story_that_no_link_names_costs_a_few_indexed_lookups_and_writes_nothing(admin_client):
    for n in range(5):
        pending_link(f"A story not yet archived {n}", headline=f"Story with a pending link {n}")
    story = make_article("Nothing names this story", source_url="https://example.org/en/nothing")
    make_link(story, title="Nor is this one archived", kind=OBSERVED)

    with CaptureQueriesContext(connection) as queries:
        result = services.resolve_check_also_for(article=story)

    assert result.resolved == result.ambiguous == 0
    statements = [query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]
    assert len(statements) <= 4, statements
    assert not [sql for sql in statements if sql.lstrip().upper().startswith("UPDATE")]
    # Each lookup is by an indexed key (the headline key, a source URL, a link's story or title key or address),
    # never a scan of every pending link.
    keyed = ('"headline_key"', '"source_url"', '"source_id"', '"title_key"', '"url"')
    assert all(any(column in sql.split("WHERE", 1)[-1] for column in keyed) for sql in statements), statements
    assert RelatedLink.objects.filter(target__isnull=False).count() == 0
