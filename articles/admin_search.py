"""The story admin's search box, shaped so that each part of it is an index lookup.

``search_stories`` is the box of the story list: a story's id or full source URL typed
exactly finds that story; any other text is the archive's full-text search
(``Article.objects.search``, articles/search.py), the same as the staff search page's,
or names an author under any of their spellings (below).
``headline_or_author_search`` below is the earlier headline-and-names search, which
the other admin lists' boxes still describe.

Django's own search ORs ``icontains`` over every search field, for each word; over
headline, source URL and author name across the bylines join, that OR defeats the
headline's trigram index and reads the whole archive. Here:

- a query that looks like a URL is looked up as a source URL, exactly (with or
  without its trailing slash, http or https), through the URL's unique index;
- otherwise every word must be in the headline (trigram index), or every word in
  the name of one of the story's authors: the authors are found first (a trigram
  index on 2,000 names), then their stories by the byline index, and handed to
  the main query as a list of ids, which PostgreSQL ORs with the trigram bitmap.
  (Django's search also matched a word of the headline with one of the author's,
  per word; that needs the bylines of every story that has either word.)

How ``search_stories`` hands its matches to the list depends on how many there are,
because PostgreSQL guesses half the archive for an OR of subqueries: a few thousand
go as one array of ids; more, as the search index's own rows; and when a named
author alone has more stories than the paginator counts, each story is tested as the
list walks the archive newest first, and the paginator is told the count it would
not reach (measured at a million stories in the commits of this module).
"""

from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.text import smart_split, unescape_string_literal

from .admin_paginator import EXACT_COUNT_LIMIT, count_up_to
from .models import Author, AuthorAlias, Byline
from .search import few_matching_ids, matching_exists_sql, matching_sql

# Beyond this many stories, an author's stories (or the search's matches) go to the main query as a subquery,
# not a list.
AUTHOR_STORIES_AS_LIST = 5_000
SEARCH_STORIES_AS_LIST = 5_000


def search_stories(queryset: QuerySet, query: str) -> QuerySet:
    query = query.strip().replace("\x00", "")
    if not query:
        return queryset
    if looks_like_url(query):
        return queryset.filter(source_url__in=url_spellings(query)).exclude(source_url="")
    words = search_words(query)
    if not words:  # only quotes: nothing to look for
        return queryset
    authors = authors_named(words)
    by_authors = _stories_of(authors)
    if by_authors is None:
        by_authors = _bylines_of(authors)
        bylined = count_up_to(queryset.filter(pk__in=by_authors), EXACT_COUNT_LIMIT + 1)
        if bylined > EXACT_COUNT_LIMIT:
            found = queryset.filter(_bylined_or_matching_story_by_story(authors, query))
            # More than the paginator would count: it shows this as the estimate rather than walk to find it.
            found.query.matches_at_least = bylined
            return found
    # A few matches go to the query as a list of ids: see search.few_matching_ids.
    found = few_matching_ids(query, most=SEARCH_STORIES_AS_LIST)
    if found is None:
        # Many: the index's own rows, without the join to the stories that .search().values("pk") adds
        # (a primary-key probe for each of 64,000 matches: 100 ms of 300 at a million).
        sql = matching_sql(query)
        found = RawSQL(*sql) if sql else []  # noqa: S611 - our SQL, values as parameters
    # The search indexes authors' names as printed; another spelling of a name (an alias) is found here.
    # Lists of ids go as one array (in_array): a name's 2,200 matches and 2,000 bylines as two IN lists
    # cost every query of the page 70 ms, the array 10.
    lists = [ids for ids in (found, by_authors) if isinstance(ids, list)]
    matching = Q(pk__in_array=sorted({pk for ids in lists for pk in ids})) if any(lists) else Q()
    for ids in (found, by_authors):
        if not isinstance(ids, list):
            matching |= Q(pk__in=ids)
    number = query.removeprefix("#")
    if number.isascii() and number.isdigit() and len(number) < 19:
        matching |= Q(pk=int(number))
    return queryset.filter(matching) if matching else queryset.none()


def _bylined_or_matching_story_by_story(authors: set[int], query: str):
    """The condition for authors with more stories than the paginator counts, tested story by story as the list walks.

    Those stories alone are a good share of the archive, so walking it newest first finds a page within a few
    thousand stories; collecting every match first, as for a rarer name, took 270 ms for a reporter's full name
    at a million stories. OFFSET 0 in each test keeps PostgreSQL from turning it back into that collection,
    which it would, expecting to test most of the archive.
    """
    story_id = "articles_article.id"  # the admin's list selects from the table by its own name
    bylined = (
        "EXISTS (SELECT 1 FROM articles_byline b"
        " WHERE b.article_id = articles_article.id AND b.author_id = ANY(%s) OFFSET 0)"
    )
    # Our SQL, with the authors as a parameter.
    matching = RawSQL(bylined, [sorted(authors)], output_field=BooleanField())  # noqa: S611
    if exists := matching_exists_sql(query, story_id=story_id):
        matching |= RawSQL(*exists, output_field=BooleanField())  # noqa: S611 - our SQL, values as parameters
    return matching


def headline_or_author_search(queryset: QuerySet, query: str) -> QuerySet:
    """Every word in the headline, or in the name of one of the story's authors (trigram indexes)."""
    query = query.strip()
    if not query:
        return queryset
    if looks_like_url(query):
        return queryset.filter(source_url__in=url_spellings(query)).exclude(source_url="")
    words = search_words(query)
    if not words:  # only quotes: nothing to look for
        return queryset
    in_headline = Q()
    for word in words:
        in_headline &= Q(headline__icontains=word)
    return queryset.filter(in_headline | Q(pk__in=stories_by_authors_named(words)))


def looks_like_url(query: str) -> bool:
    return " " not in query and query.lower().startswith(("http://", "https://"))


def url_spellings(url: str) -> list[str]:
    """The ways the same page's address is stored: either scheme, with or without its trailing slash."""
    rest = url.split("://", 1)[1]
    bare = rest.rstrip("/")
    return [f"{scheme}://{path}" for scheme in ("https", "http") for path in dict.fromkeys([rest, bare, bare + "/"])]


def search_words(query: str) -> list[str]:
    """Words as Django's admin splits them: "quoted phrases" stay whole."""
    words = []
    for bit in smart_split(query):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit.strip():
            words.append(bit.strip())
    return words


def authors_named(words: list[str]) -> set[int]:
    """The authors whose name (or another spelling of it) holds every word."""
    names, aliases = Author.objects.all(), AuthorAlias.objects.all()
    for word in words:
        names, aliases = names.filter(name__icontains=word), aliases.filter(name__icontains=word)
    return set(names.values_list("pk", flat=True)) | set(aliases.values_list("author_id", flat=True))


def _stories_of(authors: set[int]) -> list[int] | None:
    """The ids of the stories these authors wrote, or None when there are more than AUTHOR_STORIES_AS_LIST."""
    if not authors:
        return []
    stories = list(_bylines_of(authors)[: AUTHOR_STORIES_AS_LIST + 1])
    return stories if len(stories) <= AUTHOR_STORIES_AS_LIST else None


def _bylines_of(authors: set[int]) -> QuerySet:
    """The ids of these authors' stories, as a subquery (by the byline index on the author)."""
    return Byline.objects.filter(author_id__in=authors).order_by().values_list("article_id", flat=True)


def stories_by_authors_named(words: list[str]):
    """Ids of the stories whose byline names an author whose name (or another spelling of it) holds every word."""
    authors = authors_named(words)
    stories = _stories_of(authors)
    return stories if stories is not None else _bylines_of(authors)
