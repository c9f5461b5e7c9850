"""RSS and Atom feeds of the latest stories and of each section, author, tag and place (django.contrib.syndication).

Every author of a story is named in its item: Atom gives one <author> per
author; RSS, whose <author> element must hold an e-mail address, gives one
Dublin Core <dc:creator> per author, as WordPress and most agencies' feeds do.
Items come from the same index-served lists as the pages (articles/paging.py).
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from .models import Article, Author, Place, Section, Tag
from .paging import LISTING_JOINS, JoinedStorySource, StorySource, paginate
from .text import teaser, xml_safe

FEED_SIZE = 30
SITE_NAME = "Newsroom archive"


def _xml_safe(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(map(_xml_safe, value))
    return value


class XMLSafeFeed:
    """A feed that leaves out the characters XML 1.0 cannot hold, which Django's writer refuses with an error: a
    story archived with a control character in its headline stopped every feed that listed it (a 500)."""

    def write(self, outfile, encoding):
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}
        self.items = [{key: _xml_safe(value) for key, value in item.items()} for item in self.items]
        super().write(outfile, encoding)


class XMLSafeAtomFeed(XMLSafeFeed, Atom1Feed):
    pass


def _item_language(feed, item) -> str | None:
    """An item's language where it is not its feed's: a feed is in English ("en"), its stories in any language."""
    language = item.get("language")
    return language if language and language != feed.feed.get("language") else None


class RssWithCreators(XMLSafeFeed, Rss201rev2Feed):
    """RSS 2.0 with a <dc:creator> for each of an item's authors, and a <dc:language> for an item in another
    language than the channel's (RSS has no attribute for it)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if language := _item_language(self, item):
            handler.addQuickElement("dc:language", language)


class AtomWithAuthors(XMLSafeFeed, Atom1Feed):
    """Atom 1.0 with an <author> for each of an entry's authors, and the xml:lang of an entry in another language
    than the feed's: a Hindi or Hebrew entry was read as English, the feed's xml:lang="en"."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if language := _item_language(self, item):
            attributes = {**attributes, "xml:lang": language}
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class StoryFeed(Feed):
    """The latest published stories; subclasses narrow them to one subject."""

    feed_type = RssWithCreators
    # The feed's own author: Atom needs one for entries that name none.
    author_name = SITE_NAME

    def title(self, obj=None):
        return f"{SITE_NAME}: latest stories"

    def description(self, obj=None):
        return "The latest stories in the agency's archive."

    def link(self, obj=None):
        return reverse("articles:home")

    def source(self, obj) -> StorySource:
        return StorySource(Article.objects.published())

    def items(self, obj=None):
        stories = paginate(self.source(obj), size=FEED_SIZE, with_body=True).items
        prefetch_related_objects(stories, "tags")
        return stories

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        # RSS's description and Atom's summary (type="html") are HTML: the text is escaped into it, so that a
        # summary reading "<script>" is shown as those characters, not run by a feed reader.
        return escape(teaser(item.summary, item.body, words=60))

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        # Atom requires a date on every entry: an undated story gives the day it was archived.
        return item.updated_at or item.published_at or item.created_at

    def item_categories(self, item: Article) -> list[str]:
        names = [item.section.name] if item.section else []
        return names + [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item: Article) -> dict:
        return {"authors": [author.name for author in item.byline_authors()], "language": item.language}


class AtomStoryFeed(StoryFeed):
    feed_type = AtomWithAuthors

    def subtitle(self, obj=None):
        return self.description(obj)


class SubjectFeed(StoryFeed):
    """The latest stories of one section, author, tag or place, found by its slug."""

    model_class: type = Section
    kind = ""
    filter_field = ""

    def get_object(self, request, slug: str):
        try:
            return self.model_class.objects.get(slug=slug)
        except (self.model_class.DoesNotExist, ValueError):  # ValueError: a NUL, which PostgreSQL refuses
            raise Http404(f"No {self.kind} with that address.") from None

    def title(self, obj):
        return f"{SITE_NAME}: {obj.name}"

    def description(self, obj):
        return f"The latest stories of the {self.kind} {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def source(self, obj) -> StorySource:
        stories = Article.objects.published().filter(**{self.filter_field: obj})
        if self.model_class not in LISTING_JOINS:
            return StorySource(stories)
        table, column = LISTING_JOINS[self.model_class]
        return JoinedStorySource(stories, table=table, column=column, subject_id=obj.pk)


class SectionFeed(SubjectFeed):
    model_class, kind, filter_field = Section, "section", "section"


class AuthorFeed(SubjectFeed):
    model_class, kind, filter_field = Author, "author", "bylines__author"


class TagFeed(SubjectFeed):
    model_class, kind, filter_field = Tag, "tag", "tags"


class PlaceFeed(SubjectFeed):
    model_class, kind, filter_field = Place, "place", "places"


def _atom(feed: type[SubjectFeed]) -> type[SubjectFeed]:
    return type(f"Atom{feed.__name__}", (feed,), {"feed_type": AtomWithAuthors, "subtitle": feed.description})


AtomSectionFeed, AtomAuthorFeed, AtomTagFeed, AtomPlaceFeed = map(_atom, (SectionFeed, AuthorFeed, TagFeed, PlaceFeed))

# URL name suffix -> (RSS feed, Atom feed), for urls.py and the pages that link them.
SUBJECT_FEEDS = {
    "section": (SectionFeed, AtomSectionFeed),
    "author": (AuthorFeed, AtomAuthorFeed),
    "tag": (TagFeed, AtomTagFeed),
    "place": (PlaceFeed, AtomPlaceFeed),
}


def feed_links(title: str, kind: str | None = None, slug: str | None = None) -> list[dict[str, str]]:
    """The <link rel="alternate"> a list page gives in its head: its own feeds (base.html links the latest's)."""
    if kind is None:
        names, kwargs = ("articles:feed-rss", "articles:feed-atom"), {}
    else:
        names, kwargs = (f"articles:{kind}-feed-rss", f"articles:{kind}-feed-atom"), {"slug": slug}
    return [
        {"type": "application/rss+xml", "href": reverse(names[0], kwargs=kwargs), "title": f"{title} (RSS)"},
        {"type": "application/atom+xml", "href": reverse(names[1], kwargs=kwargs), "title": f"{title} (Atom)"},
    ]
