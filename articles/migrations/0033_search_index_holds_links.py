"""Each story's authors, places, tags, section and month in its index terms, so filters narrow through the GIN index.

A filter by author, place or tag was a test of each story's links (EXISTS), which PostgreSQL can apply
only to rows it has already found: "tag:electricity water" read every story holding "water" (112,000
at a million) to keep 9,842 of them, 778 ms; "place:Homs tag:hospitals" walked the date index testing
two links a story, 284 ms. Search engines index such fields as terms beside the words (Lucene's keyword
fields); so does this index now: a story's terms also hold one hash for each of its authors, places and
tags and for its section (``chr(1) || 'author ' || id``, and so on: the parser never makes a lexeme with
a control character) and one for the month it was published in (UTC, ``'month 2015-09'``), which a
date range looks up as the months it spans. The GIN index then intersects a filter with the words, or
two filters with each other, before a row is read. The links' own tests stay (a hash may collide with a
word's): the terms only narrow.

``search_link_terms`` computes them from the link tables; ``articles_search_refresh`` appends them, the
bylines' and places' insert triggers add theirs, and the tags, which the index did not follow, get
triggers of their own. A link moved to another story (an UPDATE of its ``article_id``) now indexes both
stories again; before, only the story it left.

The index's rows get their link terms here, once: the table is copied aside, emptied and filled again
with its indexes built after (at a million stories, 1 min 54 s; the words are not analysed again).
Vacuumed at the end, outside the transaction, so that the date index's walks read the visibility map
rather than the rows. Going back restores the functions and triggers and leaves the link terms, which no
older query looks up.
"""

import importlib

from django.db import migrations, transaction

_ACCENTS = importlib.import_module("articles.migrations.0016_search_folds_accents")
_BYLINE_NAMES = importlib.import_module("articles.migrations.0031_did_you_mean_counts_new_bylines_names")
_HASHES = importlib.import_module("articles.migrations.0014_search_terms_as_hashes")

# articles_search_refresh as migration 0016 made it (0030 and 0032 changed only the functions it calls).
INDEX_ROWS = _ACCENTS.INDEX_ROWS_SQL.replace(
    _ACCENTS.TERMS_TEXT, _ACCENTS.TERMS_TEXT.replace("search_prepare(", "search_prepare_terms(")
)
NAMES_END = "WHERE ap.article_id = a.id), '')))\n"
if INDEX_ROWS.count(NAMES_END) != 1:
    raise RuntimeError("migration 0016's index rows no longer end their terms as 0033 expects")
LINKED_ROWS = INDEX_ROWS.replace(
    NAMES_END, NAMES_END.rstrip("\n") + "\n           || search_link_terms(a.id, a.section_id, a.published_at)\n"
)

LINK_TERMS = r"""
CREATE OR REPLACE FUNCTION search_link_term(kind text, value text) RETURNS int4
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT hashtext(chr(1) || kind || ' ' || value) $$;

CREATE OR REPLACE FUNCTION search_link_terms(story bigint, section bigint, published timestamptz) RETURNS int4[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ARRAY(
        SELECT search_link_term('author', b.author_id::text) FROM articles_byline b WHERE b.article_id = story
        UNION ALL
        SELECT search_link_term('place', p.place_id::text) FROM articles_article_places p WHERE p.article_id = story
        UNION ALL
        SELECT search_link_term('tag', t.tag_id::text) FROM articles_article_tags t WHERE t.article_id = story
        UNION ALL
        SELECT search_link_term('section', section::text) WHERE section IS NOT NULL
        UNION ALL
        SELECT search_link_term('month', to_char(published AT TIME ZONE 'UTC', 'YYYY-MM')) WHERE published IS NOT NULL)
$$;

-- Terms with the words of a tsvector and some link terms added, each once.
CREATE OR REPLACE FUNCTION search_terms_add(terms int4[], v tsvector, links int4[]) RETURNS int4[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT DISTINCT t FROM unnest(coalesce(terms, '{}') || search_terms(v) || links) AS t ORDER BY 1)
$$;
"""

REFRESH = f"""
CREATE OR REPLACE FUNCTION articles_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
{LINKED_ROWS}$$;
"""
OLD_REFRESH = f"""
CREATE OR REPLACE FUNCTION articles_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
{INDEX_ROWS}$$;
"""

# The bylines' insert trigger of migration 0031, adding its authors' link terms with their names' words.
OLD_NAMES_UPDATE = "SET terms = search_terms_add(d.terms, search_names_vector(n.names))"
if _BYLINE_NAMES.NEW_BYLINES_TRIGGER.count(OLD_NAMES_UPDATE) != 1:
    raise RuntimeError("migration 0031's bylines trigger no longer adds the names as 0033 expects")


def _with_links(trigger: str, kind: str, key: str) -> str:
    return trigger.replace(OLD_NAMES_UPDATE, OLD_NAMES_UPDATE.replace("n.names))", "n.names), n.links)")).replace(
        "string_agg(x.name, ' ') AS names",
        f"string_agg(x.name, ' ') AS names, array_agg(search_link_term('{kind}', j.{key}::text)) AS links",
    )


BYLINES_TRIGGER = _with_links(_BYLINE_NAMES.NEW_BYLINES_TRIGGER, "author", "author_id")
PLACES_TRIGGER = _with_links(
    _HASHES.NAMES_APPEND_SQL.format(
        function="articles_place_link_search_insert", names="articles_place", key="place_id"
    ),
    "place",
    "place_id",
)
OLD_PLACES_TRIGGER = _HASHES.NAMES_APPEND_SQL.format(
    function="articles_place_link_search_insert", names="articles_place", key="place_id"
)
for written in (BYLINES_TRIGGER, PLACES_TRIGGER):
    if "n.links" not in written or "AS links" not in written:
        raise RuntimeError("a names trigger no longer reads as 0033 expects")

# Links deleted or moved: every story they left or joined indexed again.
MOVED = """
CREATE OR REPLACE FUNCTION articles_search_refresh_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY(SELECT article_id FROM old_rows UNION SELECT article_id FROM new_rows));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION articles_tag_link_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_searchdocument d SET terms = search_terms_add(d.terms, ''::tsvector, n.links)
    FROM (SELECT article_id, array_agg(search_link_term('tag', tag_id::text)) AS links FROM new_rows
          GROUP BY article_id) n
    WHERE d.article_id = n.article_id;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS articles_tag_link_search_insert ON articles_article_tags;
CREATE TRIGGER articles_tag_link_search_insert AFTER INSERT ON articles_article_tags
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_tag_link_search_insert();
DROP TRIGGER IF EXISTS articles_tag_link_search_delete ON articles_article_tags;
CREATE TRIGGER articles_tag_link_search_delete AFTER DELETE ON articles_article_tags
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_search_refresh_changed();
"""
UPDATE_TRIGGERS = {
    "articles_byline": "articles_byline_search_update",
    "articles_article_places": "articles_place_link_search_update",
    "articles_article_tags": "articles_tag_link_search_update",
}
MOVED += "".join(
    f"""
DROP TRIGGER IF EXISTS {trigger} ON {table};
CREATE TRIGGER {trigger} AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_refresh_moved();
"""
    for table, trigger in UPDATE_TRIGGERS.items()
)
NOT_MOVED = """
DROP TRIGGER articles_tag_link_search_insert ON articles_article_tags;
DROP TRIGGER articles_tag_link_search_delete ON articles_article_tags;
DROP TRIGGER articles_tag_link_search_update ON articles_article_tags;
DROP TRIGGER articles_place_link_search_update ON articles_article_places;
DROP TRIGGER articles_byline_search_update ON articles_byline;
CREATE TRIGGER articles_byline_search_update AFTER UPDATE ON articles_byline REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_refresh_changed();
DROP FUNCTION articles_tag_link_search_insert();
DROP FUNCTION articles_search_refresh_moved();
"""

# Rows keep their words; each gains the link terms it lacks (so that running this twice adds nothing).
ROWS_AGAIN = """
DROP TABLE IF EXISTS pg_temp.searchdocument_before;
CREATE TEMP TABLE searchdocument_before ON COMMIT DROP AS
    SELECT article_id, status, language, section_id, published_at, headline_vector, terms FROM articles_searchdocument;
TRUNCATE articles_searchdocument;
INSERT INTO articles_searchdocument (article_id, status, language, section_id, published_at, headline_vector, terms)
SELECT article_id, status, language, section_id, published_at, headline_vector,
       terms || ARRAY(SELECT l FROM unnest(search_link_terms(article_id, section_id, published_at)) AS l
                      WHERE l <> ALL(terms))
FROM searchdocument_before;
"""


def rows_written_again(cursor, rows: str) -> None:
    """The index's rows written again by the SQL ``rows``, its indexes dropped before and built after (each row's
    entries added one by one cost more than building them once); migration 0035 does the same."""
    cursor.execute(
        "SELECT pg_get_indexdef(indexrelid) FROM pg_index"
        " WHERE indrelid = 'articles_searchdocument'::regclass AND NOT indisprimary"
    )
    definitions = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT string_agg(format('DROP INDEX %I', indexrelid::regclass::text), '; ') FROM pg_index"
        " WHERE indrelid = 'articles_searchdocument'::regclass AND NOT indisprimary"
    )
    if drops := cursor.fetchone()[0]:
        cursor.execute(drops)
    cursor.execute(rows)
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for definition in definitions:
        cursor.execute(definition)
    cursor.execute("ANALYZE articles_searchdocument")


def add_link_terms(apps, schema_editor):
    with transaction.atomic(using=schema_editor.connection.alias), schema_editor.connection.cursor() as cursor:
        cursor.execute(LINK_TERMS + REFRESH + BYLINES_TRIGGER + PLACES_TRIGGER + MOVED)
        rows_written_again(cursor, ROWS_AGAIN)


def restore_functions(apps, schema_editor):
    with transaction.atomic(using=schema_editor.connection.alias), schema_editor.connection.cursor() as cursor:
        cursor.execute(OLD_REFRESH + _BYLINE_NAMES.NEW_BYLINES_TRIGGER + OLD_PLACES_TRIGGER + NOT_MOVED)
        cursor.execute(
            "DROP FUNCTION search_link_terms(bigint, bigint, timestamptz), search_link_term(text, text),"
            " search_terms_add(int4[], tsvector, int4[])"
        )


class Migration(migrations.Migration):
    # The rows' vacuum runs outside a transaction: add_link_terms holds its own.
    atomic = False

    dependencies = [("articles", "0032_search_folds_arabic_decimal_and_thousands_separators")]

    operations = [
        migrations.RunPython(add_link_terms, restore_functions),
        migrations.RunSQL("VACUUM ANALYZE articles_searchdocument", migrations.RunSQL.noop),
    ]
