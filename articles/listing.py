"""What a list of stories shows of each beyond its own row and section: its places and its authors.

A list page, a feed and the search results read them for a whole page of stories in one query, as
plain rows made into ``Place`` and ``Author`` objects, and keep them on each story
(``Article.listed_places`` and ``Article.listed_authors``, which ``Article.place_names``,
``Article.dateline`` and ``Article.byline_authors`` read). ``prefetch_related("places",
"bylines__author")`` took three queries and, for each story, a queryset and a related manager per
relation, every time a template asked: 5 to 7 ms of Python for a search page of 20 stories at a million,
where the rows cost 1.

The API reads the same relations as (name, slug) pairs (``api.representation.Relations``, tags too); pages
need whole objects (a template may ask an author for their page), so they are read here with every column.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from .models import Article, Author, Byline, Place

_AUTHOR_FIELDS = [field.attname for field in Author._meta.concrete_fields]
_PLACE_FIELDS = [field.attname for field in Place._meta.concrete_fields]
_AUTHORS_WIDTH, _PLACES_WIDTH = len(_AUTHOR_FIELDS), len(_PLACE_FIELDS)


def _sql() -> str:
    """Each row: its kind (0 an author, 1 a place), the story, what orders it, then the author's or place's own
    columns, padded to one width; bylines in their printed order, places by name (Byline's and Place's
    orderings), two places of one name by id (a byline's position is unique in its story)."""
    width = max(_AUTHORS_WIDTH, _PLACES_WIDTH)
    parts = []
    for kind, (join, subject, column, order, fields) in enumerate(
        [
            (Byline._meta.db_table, Author._meta.db_table, "author_id", "j.position", _AUTHOR_FIELDS),
            (Article.places.through._meta.db_table, Place._meta.db_table, "place_id", "0", _PLACE_FIELDS),
        ]
    ):
        columns = ", ".join([f"s.{name}" for name in fields] + ["NULL"] * (width - len(fields)))
        select = f"SELECT {kind} AS kind, j.article_id, {order} AS in_order, s.name AS by_name, s.id AS by_id"
        parts.append(
            f"{select}, {columns} FROM {join} j JOIN {subject} s ON s.id = j.{column} WHERE j.article_id = ANY(%(pks)s)"
        )
    # Table and column names are our models'; the ids go as a parameter.
    return " UNION ALL ".join(parts) + " ORDER BY kind, article_id, in_order, by_name, by_id"


_SQL = _sql()


def attach_places_and_authors(stories: Iterable[Article]) -> None:
    """Give each story its ``listed_places`` and ``listed_authors``: one query, whatever the number; none for none."""
    stories = [story for story in stories if story.pk is not None]
    if not stories:
        return
    authors: dict[int, list[Author]] = defaultdict(list)
    places: dict[int, list[Place]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"pks": list({story.pk for story in stories})})
        for kind, article_id, _position, _name, _id, *values in cursor.fetchall():
            if kind == 0:
                authors[article_id].append(Author.from_db(connection.alias, _AUTHOR_FIELDS, values[:_AUTHORS_WIDTH]))
            else:
                places[article_id].append(Place.from_db(connection.alias, _PLACE_FIELDS, values[:_PLACES_WIDTH]))
    for story in stories:
        story.listed_authors = authors.get(story.pk, [])
        story.listed_places = places.get(story.pk, [])
