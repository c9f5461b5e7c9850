"""Accents folded in the search index: "Melenchon" finds "Mélenchon", "Sao Paulo" "São Paulo", "Erdogan" "Erdoğan".

Agencies' stories name people and places in every Latin spelling, and readers type them
without accents. Each text search configuration the index uses gets a copy,
``newsroom_<name>``, in which the token types that can hold letters beyond ASCII (``word``,
``hword``, ``hword_part``) go through ``unaccent`` before the language's own dictionaries,
as PostgreSQL's documentation for unaccent does it. Words in plain ASCII are other token
types and skip it: an English story costs the index nothing more. ``unaccent`` has no rules
for Arabic letters (those are folded by ``search_fold_arabic``, before the parser).

``search_config`` and ``search_names_vector`` now return and use these copies.

And a transliterated name is found without its article: "Assad" finds "Bashar al-Assad",
as AP writes what SANA and Reuters write "al-Assad". The story's words (``terms``) hold
"al-Assad" and "Al Assad" both joined, "alassad", as before, and bare, "assad"
(``search_name_forms``). The headline's vector keeps one token per name, so that its
positions still find the headline's phrases.

Every story is indexed again. Python folds alike where it must (``articles/search_fold.py``).
"""

import importlib

from django.db import migrations

# ISO 639-1 code -> PostgreSQL's configuration for the language, as migration 0010 made search_config.
CONFIGS = importlib.import_module("articles.migrations.0010_search_index").CONFIGS

# The word token types that may hold letters beyond ASCII (ts_token_type('default')).
NON_ASCII_WORDS = ("word", "hword", "hword_part")

# As search_join_names (migration 0010) joins a name to its article, with the bare name after it: one pass each.
NAME_FORMS_SQL = r"""
CREATE FUNCTION search_name_forms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT regexp_replace(regexp_replace(t, '\m([Aa][Ll]|[Ee][Ll])[-\u2010\u2011](\w+)', '\1\2 \2', 'g'),
                          '\m(Al|El|AL|EL) ([[:upper:]]\w*)', '\1\2 \2', 'g')
$$;
CREATE FUNCTION search_prepare_terms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_name_forms(search_fold_arabic(t))
$$;
"""
# The story's text, as migration 0014's index rows prepare it for the terms.
TERMS_TEXT = "search_prepare(a.headline || ' ' || a.summary || ' ' || a.agency || ' ' || a.body)"
INDEX_ROWS_SQL = importlib.import_module("articles.migrations.0014_search_terms_as_hashes").INDEX_ROWS_SQL
if TERMS_TEXT not in INDEX_ROWS_SQL:
    raise RuntimeError("migration 0014's index rows no longer prepare the terms' text as 0016 expects")


def _index_rows_function(cursor, prepare: str) -> None:
    cursor.execute(
        "CREATE OR REPLACE FUNCTION articles_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$"
        + INDEX_ROWS_SQL.replace(TERMS_TEXT, TERMS_TEXT.replace("search_prepare(", f"{prepare}("))
        + "$$;"
    )


def _configurations(cursor) -> list[str]:
    cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgnamespace = 'pg_catalog'::regnamespace")
    available = {row[0] for row in cursor.fetchall()}
    return [name for name in [*CONFIGS.values(), "simple"] if name in available]


def _search_config_function(cursor, name_of, *, prepare: str) -> None:
    """search_config(code) -> the configuration ``name_of(name)`` for the language's configuration ``name``."""
    available = _configurations(cursor)
    cases = " ".join(
        f"WHEN '{code}' THEN '{name_of(name)}'::regconfig" for code, name in CONFIGS.items() if name in available
    )
    cursor.execute(
        "CREATE OR REPLACE FUNCTION search_config(code text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE"
        f" AS $$ SELECT CASE split_part(lower(code), '-', 1) {cases} ELSE '{name_of('simple')}'::regconfig END $$"
    )
    cursor.execute(
        "CREATE OR REPLACE FUNCTION search_names_vector(names text) RETURNS tsvector LANGUAGE sql IMMUTABLE"
        " PARALLEL SAFE AS $$"
        f" SELECT strip(to_tsvector('{name_of('simple')}'::regconfig, {prepare}(coalesce(names, '')))) $$"
    )


def _index_every_story(cursor) -> None:
    """Every story indexed again by the triggers' own function, the index's indexes built once at the end.

    As ``articles.search_index.indexes_built_after`` does; a migration keeps its own copy, since that module
    may change after it."""
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = 'articles_searchdocument'::regclass AND NOT i.indisprimary ORDER BY 1"
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    cursor.execute("TRUNCATE articles_searchdocument")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    cursor.execute("SELECT articles_search_refresh(ARRAY(SELECT id FROM articles_article ORDER BY id))")
    for _name, definition in indexes:
        cursor.execute(definition)
    cursor.execute("ANALYZE articles_searchdocument")


def fold_accents(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(n.nspname) || '.unaccent' FROM pg_ts_dict d"
            " JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE d.dictname = 'unaccent'"
        )
        unaccent = cursor.fetchone()[0]  # migration 0001 installed the extension
        cursor.execute("SELECT quote_ident(current_schema())")
        schema = cursor.fetchone()[0]
        for name in _configurations(cursor):
            copy = f"{schema}.newsroom_{name}"
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {copy} (COPY = pg_catalog.{name})")
            for token_type in NON_ASCII_WORDS:
                cursor.execute(
                    "SELECT array_agg(m.mapdict::regdictionary::text ORDER BY m.mapseqno) FROM pg_ts_config_map m"
                    " WHERE m.mapcfg = %s::regconfig"
                    " AND m.maptokentype = (SELECT tokid FROM ts_token_type('default') WHERE alias = %s)",
                    [copy, token_type],
                )
                dictionaries = cursor.fetchone()[0] or []
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {copy} ALTER MAPPING FOR {token_type}"
                    f" WITH {', '.join([unaccent, *dictionaries])}"
                )
        cursor.execute(NAME_FORMS_SQL)
        _search_config_function(cursor, lambda name: f"{schema}.newsroom_{name}", prepare="search_prepare_terms")
        _index_rows_function(cursor, "search_prepare_terms")
        _index_every_story(cursor)


def keep_accents(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        _search_config_function(cursor, lambda name: name, prepare="search_prepare")
        _index_rows_function(cursor, "search_prepare")
        cursor.execute("DROP FUNCTION search_prepare_terms(text), search_name_forms(text)")
        _index_every_story(cursor)
        for name in _configurations(cursor):
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION newsroom_{name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_searchword_counted_at_commit")]

    operations = [migrations.RunPython(fold_accents, keep_accents)]
