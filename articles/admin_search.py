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
"""

from django.db.models import Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal

from .models import Article, Author, AuthorAlias, Byline

# Beyond this many stories, an author's stories go to the main query as a subquery, not a list.
AUTHOR_STORIES_AS_LIST = 5_000


def search_stories(queryset: QuerySet, query: str) -> QuerySet:
    query = query.strip().replace("\x00", "")
    if not query:
        return queryset
    if looks_like_url(query):
        return queryset.filter(source_url__in=url_spellings(query)).exclude(source_url="")
    words = search_words(query)
    if not words:  # only quotes: nothing to look for
        return queryset
    # The search indexes authors' names as printed; another spelling of a name (an alias) is found here.
    matching = Q(pk__in=Article.objects.search(query).values("pk")) | Q(pk__in=stories_by_authors_named(words))
    number = query.removeprefix("#")
    if number.isascii() and number.isdigit() and len(number) < 19:
        matching |= Q(pk=int(number))
    return queryset.filter(matching)


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


def stories_by_authors_named(words: list[str]):
    """Ids of the stories whose byline names an author whose name (or another spelling of it) holds every word."""
    names, aliases = Author.objects.all(), AuthorAlias.objects.all()
    for word in words:
        names, aliases = names.filter(name__icontains=word), aliases.filter(name__icontains=word)
    authors = set(names.values_list("pk", flat=True)) | set(aliases.values_list("author_id", flat=True))
    if not authors:
        return []
    bylines = Byline.objects.filter(author_id__in=authors).order_by().values_list("article_id", flat=True)
    stories = list(bylines[: AUTHOR_STORIES_AS_LIST + 1])
    return stories if len(stories) <= AUTHOR_STORIES_AS_LIST else bylines
