"""Link terms: filters narrow through the index's terms (migration 0033, ``articles.search_links``)."""

import importlib
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import articles.search_counts as counts
import articles.search_ranking as ranking
from articles.models import Article, Byline, Place, Section, Tag
from articles.search import Filters, forget_word_frequencies, search
from articles.search_links import LANGUAGE, MONTH, MOST_MONTHS, SECTION, link_terms, months
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def headlines(results) -> set[str]:
    return {hit.article.headline for hit in results.hits}


def index_terms() -> dict[int, set[int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, terms FROM articles_searchdocument")
        return {article_id: set(terms) for article_id, terms in cursor.fetchall()}


def indexed_afresh() -> dict[int, set[int]]:
    """Every story's terms as articles_search_refresh computes them now, left in place only for the caller to read."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT articles_search_refresh(ARRAY(SELECT id FROM articles_article))")
    return index_terms()


def tagged(article: Article, *names: str) -> Article:
    for name in names:
        tag, _ = Tag.objects.get_or_create(name=name)
        article.tags.add(tag)
    return article


def test_the_triggers_keep_every_link_term_as_indexing_afresh_would():
    economy, health = Section.objects.create(name="Economy"), Section.objects.create(name="Health")
    hazem, rami = make_author("Hazem Sabbagh"), make_author("Rami Mahfouz")
    homs = tagged(make_article("Harvest in Homs", authors=[hazem], places=["Homs"], section=economy), "wheat")
    hama = tagged(make_article("Clinic in Hama", authors=[rami], places=["Hama"]), "hospitals")
    steps = [
        lambda: tagged(hama, "wheat", "electricity"),  # tags added to an indexed story
        lambda: hama.tags.remove(Tag.objects.get(name="wheat")),
        lambda: Byline.objects.filter(article=homs).update(article=hama, position=1),  # a byline moved: both stories
        lambda: Article.objects.filter(pk=homs.pk).update(
            section=health, published_at=datetime(2015, 9, 3, tzinfo=UTC)
        ),
        lambda: Place.objects.get(name="Homs").delete(),
        lambda: Tag.objects.filter(name="electricity").update(name="power"),  # a rename keeps the tag's id
        lambda: Byline.objects.create(article=homs, author=rami, position=5),
        lambda: Article.objects.filter(pk=hama.pk).update(language="ar"),  # an editor corrects the language
    ]
    for number, step in enumerate(steps):
        step()
        kept = index_terms()
        assert kept == indexed_afresh(), f"step {number}"


def test_a_filter_narrows_with_the_words_through_the_index_and_keeps_its_exact_test():
    make_article("Power cuts in Homs", body="<p>Water and power.</p>", places=["Homs"])
    tagged(make_article("Water for Hama", body="<p>Water returns.</p>", places=["Hama"]), "electricity")
    tagged(make_article("Grid repaired", body="<p>Water pumps run again.</p>", places=["Homs"]), "electricity")
    for typed, found in [
        ("water tag:electricity", {"Water for Hama", "Grid repaired"}),
        ("water tag:electricity place:Homs", {"Grid repaired"}),
        ("tag:electricity place:Homs", {"Grid repaired"}),
        ("water place:Homs -tag:electricity", {"Power cuts in Homs"}),
    ]:
        with CaptureQueriesContext(connection) as queries:
            results = search(typed, staff=True)
        assert headlines(results) == found, typed
        estimates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("EXPLAIN")]
        assert estimates and all("search_link" not in sql for sql in estimates), typed
    # A word whose hash is a tag's link term does not make its stories the tag's: the link is tested too.
    stray = make_article("Water tower", body="<p>Water stored.</p>")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_searchdocument SET terms = terms || search_link_term('tag', %s) WHERE article_id = %s",
            [str(Tag.objects.get(name="electricity").pk), stray.pk],
        )
    assert headlines(search("water tag:electricity")) == {"Water for Hama", "Grid repaired"}


def test_a_section_and_a_date_range_narrow_through_their_link_terms():
    economy = Section.objects.create(name="Economy")
    for day, headline in [
        (datetime(2015, 8, 31, 23, 59, tzinfo=UTC), "Harvest ends August"),
        (datetime(2015, 9, 1, 0, 0, tzinfo=UTC), "Harvest starts September"),
        (datetime(2015, 11, 30, 23, 59, tzinfo=UTC), "Harvest late November"),
        (datetime(2015, 12, 1, 0, 0, tzinfo=UTC), "Harvest in December"),
    ]:
        make_article(headline, section=economy, published_at=day, body="<p>Wheat.</p>")
    make_article("Harvest elsewhere", published_at=datetime(2015, 10, 1, tzinfo=UTC), body="<p>Wheat.</p>")
    with CaptureQueriesContext(connection) as queries:
        results = search("wheat section:economy from:2015-09-01 to:2015-11-30")
    assert headlines(results) == {"Harvest starts September", "Harvest late November"}
    # The words' stories narrowed to the section's and the months' in the index, each given as its link terms.
    for kind, values in [(SECTION, [economy.pk]), (MONTH, ["2015-09", "2015-10", "2015-11"])]:
        looked_up = f"d.terms&&ARRAY[{','.join(map(str, link_terms(kind, values)))}]::int4[]"
        sql = [q["sql"].replace(" ", "") for q in queries.captured_queries if "MATERIALIZED" in q["sql"]]
        assert any(looked_up in statement for statement in sql), kind
    assert headlines(search("wheat", filters=Filters(date_from=date(2015, 10, 1), date_to=date(2015, 10, 31)))) == {
        "Harvest elsewhere"
    }


def test_a_language_narrows_through_its_link_term_unless_most_stories_are_in_it():
    for n in range(3):
        make_article(f"Olive harvest {n}", body="<p>Olive oil.</p>")
    make_article("حصاد الزيتون", body="<p>Olive oil: زيت الزيتون.</p>", language="ar")
    analyze()
    with CaptureQueriesContext(connection) as queries:
        results = search("olive lang:ar")
    assert headlines(results) == {"حصاد الزيتون"}
    arabic = f"d.terms&&ARRAY[{link_terms(LANGUAGE, ['ar'])[0]}]::int4[]"
    assert any(arabic in q["sql"].replace(" ", "") for q in queries.captured_queries if "MATERIALIZED" in q["sql"])
    # English, three stories in four: its link term would narrow the words' stories by a quarter at best.
    with CaptureQueriesContext(connection) as queries:
        results = search("olive lang:en")
    assert headlines(results) == {"Olive harvest 0", "Olive harvest 1", "Olive harvest 2"}
    english = f"ARRAY[{link_terms(LANGUAGE, ['en'])[0]}]"
    assert not [q for q in queries.captured_queries if english in q["sql"].replace(" ", "")]


def test_filters_alone_that_together_hold_few_stories_are_collected_through_their_link_terms():
    economy = Section.objects.create(name="Economy")
    make_article("Harvest report", section=economy)
    make_article("Market report")
    make_article("Wheat report")
    make_article("تقرير الحصاد", section=economy, language="ar")
    make_article("تقرير السوق", language="ar")
    analyze()
    with CaptureQueriesContext(connection) as queries:
        results = search("section:economy lang:ar")
    assert headlines(results) == {"تقرير الحصاد"}
    sql = [q["sql"].replace(" ", "") for q in queries.captured_queries if "MATERIALIZED" in q["sql"]]
    for kind, values in [(SECTION, [economy.pk]), (LANGUAGE, ["ar"])]:
        looked_up = f"d.terms&&ARRAY[{link_terms(kind, values)[0]}]::int4[]"
        assert any(looked_up in statement for statement in sql), kind
    # With dates, the date index reads only their stretch: no link terms.
    with CaptureQueriesContext(connection) as queries:
        results = search("section:economy lang:ar from:2026-01-01 to:2026-12-31")
    assert headlines(results) == {"تقرير الحصاد"}
    assert not [q for q in queries.captured_queries if "d.terms &&" in q["sql"]]


def test_migration_0035_gives_the_archives_stories_their_language_term_once():
    links = importlib.import_module("articles.migrations.0033_search_index_holds_links")
    migration = importlib.import_module("articles.migrations.0035_search_index_holds_languages")
    story = make_article("حصاد الزيتون", language="ar", places=["Homs"])
    with connection.cursor() as cursor:
        cursor.execute(links.REFRESH + "SELECT articles_search_refresh(%s)", [[story.pk]])  # as 0033 left it
        before = index_terms()[story.pk]
        migration.add_language_terms(None, connection.schema_editor())
        migration.add_language_terms(None, connection.schema_editor())  # again: nothing more
    after = index_terms()[story.pk]
    assert after - before == set(link_terms(LANGUAGE, ["ar"]))
    assert after == indexed_afresh()[story.pk]


def analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_searchdocument")
    forget_word_frequencies()


def test_a_date_range_is_looked_up_as_its_months_only_when_it_spans_few():
    assert months(date(2015, 11, 20), date(2016, 2, 3)) == ["2015-11", "2015-12", "2016-01", "2016-02"]
    assert months(date(2015, 1, 1), None) == []
    assert len(months(date(2000, 1, 1), date(2001, 12, 31))) == MOST_MONTHS == 24
    assert months(date(2000, 1, 1), date(2002, 1, 1)) == []  # 25 months: the dates are tested on the rows alone


def test_migration_0033_gives_the_archives_stories_their_link_terms_once():
    migration = importlib.import_module("articles.migrations.0033_search_index_holds_links")
    story = tagged(make_article("Harvest in Homs", authors=[make_author("Hazem Sabbagh")], places=["Homs"]), "wheat")
    with connection.cursor() as cursor:
        cursor.execute(migration.OLD_REFRESH + "SELECT articles_search_refresh(%s)", [[story.pk]])  # as before
        before = index_terms()[story.pk]
        assert search("harvest tag:wheat").total == 0  # the terms lack the tag: the GIN condition finds nothing
        migration.add_link_terms(None, connection.schema_editor())
        migration.add_link_terms(None, connection.schema_editor())  # again: nothing more
    after = index_terms()[story.pk]
    assert before < after and len(after - before) == 4  # author, place, tag, month (no section)
    assert headlines(search("harvest tag:wheat")) == {"Harvest in Homs"}
    assert after == indexed_afresh()[story.pk]


def test_filters_alone_are_walked_for_or_collected_alike(monkeypatch):
    hazem = make_author("Hazem Sabbagh")
    for day in range(1, 13):
        story = make_article(f"Report {day}", authors=[hazem] if day % 2 else [], places=["Homs"] if day % 3 else [])
        Article.objects.filter(pk=story.pk).update(published_at=datetime(2016, 1, day, tzinfo=UTC))
        tagged(story, "wheat" if day % 4 else "barley")
    expected = [f"Report {day}" for day in range(12, 0, -1) if day % 2 and day % 3 and day % 4]
    typed = "author:Sabbagh place:Homs tag:wheat"
    collected = [hit.article.headline for hit in search(typed).hits]
    # Walked along the date index, testing the links' bits in the signature there: the same stories.
    monkeypatch.setattr(ranking, "FEW_MATCHES", 0)
    monkeypatch.setattr(counts, "EXACT_UP_TO", 0)
    with CaptureQueriesContext(connection) as queries:
        walked = search(typed)
    assert any("s.signature &" in q["sql"] for q in queries.captured_queries)
    assert collected == [hit.article.headline for hit in walked.hits] == expected


def test_words_beside_their_own_author_are_counted_from_a_sample(monkeypatch):
    # The planner takes the word and the author as independent; the author's stories all hold the name.
    reporter = make_author("Rami Mahfouz")
    for n in range(12):
        make_article(f"Report {n}", authors=[reporter], published_at=datetime(2010 + n, 1, 1, tzinfo=UTC))
    make_article("Other", published_at=datetime(2030, 1, 1, tzinfo=UTC))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_searchdocument")  # the archive's size, which the sample is sized by
    forget_word_frequencies()
    monkeypatch.setattr(counts, "EXACT_UP_TO", 4)  # collected up to 8
    monkeypatch.setattr(counts, "SAMPLED_ARCHIVE", 1)  # this small archive is sampled whole
    monkeypatch.setattr(counts, "planner_estimate", lambda cursor, plan: 1)
    monkeypatch.setattr(ranking, "most_matches", lambda required: 1_000_000.0)  # the name is common
    monkeypatch.setattr(ranking, "BODY_POOL", 5)  # the ranking's walk stops short of the 12
    results = search('mahfouz author:"Rami Mahfouz"', with_facets=False)
    assert (results.total, results.total_is_estimate) == (12, True)  # not the 9 a cut-short collection saw
    monkeypatch.setattr(counts, "planner_estimate", lambda cursor, plan: 1_000)  # more than it would collect
    assert search('mahfouz author:"Rami Mahfouz"', with_facets=False).total == 12  # not the planner's 1,000
