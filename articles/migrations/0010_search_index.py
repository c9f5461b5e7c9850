"""The search index: one narrow row per story in ``articles_searchdocument``, kept by the database.

Why a table of its own rather than a column on the story: search walks these rows
newest-first with a full-text test as a filter (see ``articles/search.py``), and the
walk is cheap only when the rows are narrow.

- ``headline_vector``: the headline, weight A, with positions (phrases in headlines rank first).
- ``document``: headline, summary, dateline agency, body (each story analysed with its own
  language's configuration) plus the authors' and places' names unstemmed ('simple'). It is
  ``strip()``-ed: no positions, about half the size. Exact phrases are checked on the story's text.
- Text goes through ``search_prepare`` first: Arabic spelling variants folded and
  transliterated names joined ("al-Freih", "Al Freih" -> "alFreih"); queries go through it too.

Kept in the same transaction as every write, whoever writes (admin, services, COPY
ingest): statement-level triggers with transition tables, so a 1,000-row COPY costs one
INSERT ... SELECT. New bylines and places append their names (cheap); removed ones, and
renamed authors or places, recompute the stories concerned.
"""

from django.db import migrations

# ISO 639-1 code -> PostgreSQL text search configuration; those the server lacks are left out
# when the function is made, so those stories are analysed with 'simple'.
CONFIGS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip

# Arabic: diacritics (U+064B-U+0652), superscript alef (U+0670) and tatweel (U+0640) removed; alef forms, taa
# marbuta, alef maqsura and hamza seats folded to one letter each. The same fold is applied to queries.
ARABIC_DROP = "[\u064b-\u0652\u0670\u0640]"
ARABIC_FROM = "\u0623\u0625\u0622\u0671\u0629\u0649\u0624\u0626"  # أ إ آ ٱ ة ى ؤ ئ
ARABIC_TO = "\u0627\u0627\u0627\u0627\u0647\u064a\u0648\u064a"  # ا ا ا ا ه ي و ي

INDEX_ROWS_SQL = """
    INSERT INTO articles_searchdocument
        (article_id, status, language, section_id, published_at, headline_vector, document)
    SELECT a.id, a.status, a.language, a.section_id, a.published_at,
           setweight(to_tsvector(search_config(a.language), search_prepare(a.headline)), 'A'),
           strip(to_tsvector(search_config(a.language),
                             search_prepare(a.headline || ' ' || a.summary || ' ' || a.agency || ' ' || a.body)))
           || search_names_vector(
                 coalesce((SELECT string_agg(au.name, ' ') FROM articles_byline b
                  JOIN articles_author au ON au.id = b.author_id WHERE b.article_id = a.id), '')
                 || ' ' ||
                 coalesce((SELECT string_agg(p.name, ' ') FROM articles_article_places ap
                  JOIN articles_place p ON p.id = ap.place_id WHERE ap.article_id = a.id), ''))
    FROM articles_article a WHERE {where}
    ON CONFLICT (article_id) DO UPDATE SET
        status = EXCLUDED.status, language = EXCLUDED.language, section_id = EXCLUDED.section_id,
        published_at = EXCLUDED.published_at, headline_vector = EXCLUDED.headline_vector,
        document = EXCLUDED.document
"""

FUNCTIONS_SQL = rf"""
CREATE FUNCTION search_fold_arabic(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT translate(regexp_replace(t, '{ARABIC_DROP}', '', 'g'), '{ARABIC_FROM}', '{ARABIC_TO}')
$$;
-- "al-Freih", "El-Sisi", "Al Freih" (a capital after the space) -> "alFreih": one token whatever the spelling.
CREATE FUNCTION search_join_names(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT regexp_replace(regexp_replace(t, '\m([Aa][Ll]|[Ee][Ll])[-\u2010\u2011](\w)', '\1\2', 'g'),
                          '\m(Al|El|AL|EL) ([[:upper:]])', '\1\2', 'g')
$$;
CREATE FUNCTION search_prepare(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_join_names(search_fold_arabic(t))
$$;
-- Names and places: unstemmed, so a name the stemmer would mangle still matches as typed.
CREATE FUNCTION search_names_vector(names text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT strip(to_tsvector('simple'::regconfig, search_prepare(coalesce(names, ''))))
$$;

CREATE FUNCTION articles_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
{INDEX_ROWS_SQL.format(where="a.id = ANY(ids)")}$$;

CREATE FUNCTION articles_article_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY(SELECT id FROM new_articles));
    -- The new headlines' words, for "did you mean" (in word order, so that two ingests cannot deadlock).
    INSERT INTO articles_searchword AS w (word, documents)
    SELECT word, count(*) FROM new_articles n,
           unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search_prepare(n.headline)))) AS word
    WHERE length(word) > 2 AND word !~ '^[0-9.,-]+$'
    GROUP BY word ORDER BY word
    ON CONFLICT (word) DO UPDATE SET documents = w.documents + EXCLUDED.documents;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_article_search_insert AFTER INSERT ON articles_article
    REFERENCING NEW TABLE AS new_articles FOR EACH STATEMENT EXECUTE FUNCTION articles_article_search_insert();

-- Only stories whose indexed fields changed: the flags migration 0009 keeps cost the index nothing.
CREATE FUNCTION articles_article_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM articles_searchdocument d USING old_articles o WHERE d.article_id = o.id;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_article_search_delete AFTER DELETE ON articles_article
    REFERENCING OLD TABLE AS old_articles FOR EACH STATEMENT EXECUTE FUNCTION articles_article_search_delete();
CREATE FUNCTION articles_article_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE articles_searchdocument;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_article_search_truncate AFTER TRUNCATE ON articles_article
    FOR EACH STATEMENT EXECUTE FUNCTION articles_article_search_truncate();

CREATE FUNCTION articles_article_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY(
        SELECT n.id FROM new_articles n JOIN old_articles o ON o.id = n.id
        WHERE (n.headline, n.summary, n.body, n.agency, n.language, n.status, n.section_id, n.published_at)
              IS DISTINCT FROM
              (o.headline, o.summary, o.body, o.agency, o.language, o.status, o.section_id, o.published_at)));
    RETURN NULL;
END $$;
CREATE TRIGGER articles_article_search_update AFTER UPDATE ON articles_article
    REFERENCING NEW TABLE AS new_articles OLD TABLE AS old_articles
    FOR EACH STATEMENT EXECUTE FUNCTION articles_article_search_update();

-- New bylines and places: their names appended, the story's text not analysed again.
CREATE FUNCTION articles_byline_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_searchdocument d SET document = d.document || search_names_vector(n.names)
    FROM (SELECT b.article_id, string_agg(au.name, ' ') AS names FROM new_rows b
          JOIN articles_author au ON au.id = b.author_id GROUP BY b.article_id) n
    WHERE d.article_id = n.article_id;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_byline_search_insert AFTER INSERT ON articles_byline
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_byline_search_insert();

CREATE FUNCTION articles_place_link_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_searchdocument d SET document = d.document || search_names_vector(n.names)
    FROM (SELECT ap.article_id, string_agg(p.name, ' ') AS names FROM new_rows ap
          JOIN articles_place p ON p.id = ap.place_id GROUP BY ap.article_id) n
    WHERE d.article_id = n.article_id;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_place_link_search_insert AFTER INSERT ON articles_article_places
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_place_link_search_insert();

-- Removed or changed bylines and places: the stories concerned are indexed again.
CREATE FUNCTION articles_search_refresh_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY(SELECT DISTINCT article_id FROM old_rows));
    RETURN NULL;
END $$;
CREATE TRIGGER articles_byline_search_delete AFTER DELETE ON articles_byline
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_search_refresh_changed();
CREATE TRIGGER articles_byline_search_update AFTER UPDATE ON articles_byline
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_search_refresh_changed();
CREATE TRIGGER articles_place_link_search_delete AFTER DELETE ON articles_article_places
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_search_refresh_changed();

CREATE FUNCTION articles_author_search_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY(
        SELECT DISTINCT b.article_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN articles_byline b ON b.author_id = n.id WHERE n.name IS DISTINCT FROM o.name));
    RETURN NULL;
END $$;
CREATE TRIGGER articles_author_search_rename AFTER UPDATE ON articles_author
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_author_search_rename();
CREATE FUNCTION articles_place_search_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY(
        SELECT DISTINCT ap.article_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN articles_article_places ap ON ap.place_id = n.id WHERE n.name IS DISTINCT FROM o.name));
    RETURN NULL;
END $$;
CREATE TRIGGER articles_place_search_rename AFTER UPDATE ON articles_place
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_place_search_rename();
"""

INDEXES_SQL = """
CREATE INDEX searchdocument_document_gin ON articles_searchdocument USING gin (document);
CREATE INDEX searchdocument_headline_gin ON articles_searchdocument USING gin (headline_vector);
CREATE INDEX searchdocument_newest_idx ON articles_searchdocument (published_at DESC NULLS LAST, article_id DESC);
"""

TABLE_SQL = """
CREATE TABLE articles_searchdocument (
    -- No foreign key: Django's flush truncates the stories without CASCADE; triggers below delete with them.
    article_id bigint PRIMARY KEY,
    status varchar(10) NOT NULL,
    language varchar(8) NOT NULL,
    section_id bigint,
    published_at timestamptz,
    headline_vector tsvector NOT NULL,
    document tsvector NOT NULL
);
-- The archive's words for "did you mean": filled by rebuild_search_index from headlines and names.
CREATE TABLE articles_searchword (word text PRIMARY KEY, documents integer NOT NULL);
CREATE INDEX searchword_trgm ON articles_searchword USING gin (word gin_trgm_ops);
"""

REVERSE_SQL = """
DROP TABLE IF EXISTS articles_searchword;
DROP TABLE IF EXISTS articles_searchdocument;
DROP TRIGGER IF EXISTS articles_article_search_insert ON articles_article;
DROP TRIGGER IF EXISTS articles_article_search_update ON articles_article;
DROP TRIGGER IF EXISTS articles_article_search_delete ON articles_article;
DROP TRIGGER IF EXISTS articles_article_search_truncate ON articles_article;
DROP TRIGGER IF EXISTS articles_byline_search_insert ON articles_byline;
DROP TRIGGER IF EXISTS articles_byline_search_delete ON articles_byline;
DROP TRIGGER IF EXISTS articles_byline_search_update ON articles_byline;
DROP TRIGGER IF EXISTS articles_place_link_search_insert ON articles_article_places;
DROP TRIGGER IF EXISTS articles_place_link_search_delete ON articles_article_places;
DROP TRIGGER IF EXISTS articles_author_search_rename ON articles_author;
DROP TRIGGER IF EXISTS articles_place_search_rename ON articles_place;
DROP FUNCTION IF EXISTS articles_article_search_insert, articles_article_search_update,
    articles_article_search_delete, articles_article_search_truncate, articles_byline_search_insert,
    articles_place_link_search_insert, articles_search_refresh_changed, articles_author_search_rename,
    articles_place_search_rename, articles_search_refresh, search_names_vector, search_prepare, search_join_names,
    search_fold_arabic, search_config;
"""


def create_search_functions(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        available = {row[0] for row in cursor.fetchall()}
        cases = " ".join(
            f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in CONFIGS.items() if name in available
        )
        # IMMUTABLE so that it can serve in index expressions; the mapping only changes with a migration.
        cursor.execute(
            "CREATE FUNCTION search_config(code text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
            f" SELECT CASE split_part(lower(code), '-', 1) {cases} ELSE 'simple'::regconfig END $$"
        )
        cursor.execute(TABLE_SQL)
        cursor.execute(FUNCTIONS_SQL)
        # An existing archive is indexed here, before the indexes exist: building them once is cheaper than
        # growing them row by row.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(INDEX_ROWS_SQL.format(where="TRUE"))
        cursor.execute(INDEXES_SQL)
        cursor.execute("ANALYZE articles_searchdocument")


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_admin_at_a_million")]

    # No Django model: the table is the database's own (written by triggers, read by articles/search.py in SQL),
    # and the preservation export, which holds every model, has no use for an index it can rebuild.
    operations = [
        migrations.RunPython(create_search_functions, migrations.RunPython.noop),
        migrations.RunSQL(migrations.RunSQL.noop, REVERSE_SQL),
    ]
