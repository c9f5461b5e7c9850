"""Accents folded in the search index: "Melenchon" finds "Mélenchon", "Sao Paulo" "São Paulo", "Erdogan" "Erdoğan".

Agencies' stories name people and places in every Latin spelling, and readers type them
without accents. Each text search configuration the index uses gets a copy,
``newsroom_<name>``, in which the token types that can hold letters beyond ASCII (``word``,
``hword``, ``hword_part``) go through ``unaccent`` before the language's own dictionaries,
as PostgreSQL's documentation for unaccent does it. Words in plain ASCII are other token
types and skip it: an English story costs the index nothing more. ``unaccent`` has no rules
for Arabic letters (those are folded by ``search_fold_arabic``, before the parser).

``search_config`` and ``search_names_vector`` now return and use these copies, and every
story is indexed again. Python folds alike where it must (``articles/search_fold.py``).
"""

import importlib

from django.db import migrations

# ISO 639-1 code -> PostgreSQL's configuration for the language, as migration 0010 made search_config.
CONFIGS = importlib.import_module("articles.migrations.0010_search_index").CONFIGS

# The word token types that may hold letters beyond ASCII (ts_token_type('default')).
NON_ASCII_WORDS = ("word", "hword", "hword_part")


def _configurations(cursor) -> list[str]:
    cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgnamespace = 'pg_catalog'::regnamespace")
    available = {row[0] for row in cursor.fetchall()}
    return [name for name in [*CONFIGS.values(), "simple"] if name in available]


def _search_config_function(cursor, name_of) -> None:
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
        f" SELECT strip(to_tsvector('{name_of('simple')}'::regconfig, search_prepare(coalesce(names, '')))) $$"
    )


def _index_every_story(cursor) -> None:
    """Every story indexed again by the triggers' own function, the index's indexes built once at the end."""
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
        _search_config_function(cursor, lambda name: f"{schema}.newsroom_{name}")
        _index_every_story(cursor)


def keep_accents(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        _search_config_function(cursor, lambda name: name)
        _index_every_story(cursor)
        for name in _configurations(cursor):
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION newsroom_{name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_searchword_counted_at_commit")]

    operations = [migrations.RunPython(fold_accents, keep_accents)]
