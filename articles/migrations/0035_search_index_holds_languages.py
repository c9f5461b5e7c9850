"""Each story's language among its link terms, so that a language filter narrows through the GIN index too.

A language was tested on the index's rows alone: "people lang:ar" (95 Arabic stories holding the English
word) could only be found by reading the rows of every story holding "people" (300,000 at a million) or by
walking the whole date index, 690 ms. With ``search_link_term('language', code)`` among a story's terms, the
GIN index intersects the language with the words before a row is read. The language keeps its own test on the
row (the terms only narrow, as migration 0033's do).

``search_link_terms`` takes the story's language as a fourth argument; ``articles_search_refresh`` passes it,
so a story whose language an editor changes gets the new term with its words. The index's rows get theirs here,
once, as migration 0033 gave them the others: copied aside, emptied and filled again with the indexes built
after, then vacuumed outside the transaction. Going back restores the functions and leaves the terms, which
no older query looks up.
"""

import importlib

from django.db import migrations, transaction

_LINKS = importlib.import_module("articles.migrations.0033_search_index_holds_links")

OLD_CALL = "search_link_terms(a.id, a.section_id, a.published_at)"
NEW_CALL = "search_link_terms(a.id, a.section_id, a.published_at, a.language)"
if _LINKS.REFRESH.count(OLD_CALL) != 1:
    raise RuntimeError("migration 0033's articles_search_refresh no longer calls search_link_terms as 0035 expects")
REFRESH = _LINKS.REFRESH.replace(OLD_CALL, NEW_CALL)

LINK_TERMS = r"""
CREATE OR REPLACE FUNCTION search_link_terms(story bigint, section bigint, published timestamptz, language text)
RETURNS int4[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT search_link_terms(story, section, published)
           || ARRAY(SELECT search_link_term('language', language) WHERE language IS NOT NULL)
$$;
"""

# Calling the three-argument function cost 145 us a story where it cost 14: migration 0036 writes it out in one.

# Rows keep their words and links; each gains its language's term unless it holds it (run twice, adds nothing).
ROWS_AGAIN = """
DROP TABLE IF EXISTS pg_temp.searchdocument_before;
CREATE TEMP TABLE searchdocument_before ON COMMIT DROP AS
    SELECT article_id, status, language, section_id, published_at, headline_vector, terms FROM articles_searchdocument;
TRUNCATE articles_searchdocument;
INSERT INTO articles_searchdocument (article_id, status, language, section_id, published_at, headline_vector, terms)
SELECT article_id, status, language, section_id, published_at, headline_vector,
       CASE WHEN search_link_term('language', language) = ANY(terms) THEN terms
            ELSE terms || search_link_term('language', language) END
FROM searchdocument_before;
"""


def add_language_terms(apps, schema_editor):
    with transaction.atomic(using=schema_editor.connection.alias), schema_editor.connection.cursor() as cursor:
        cursor.execute(LINK_TERMS + REFRESH)
        _LINKS.rows_written_again(cursor, ROWS_AGAIN)


def restore_functions(apps, schema_editor):
    with transaction.atomic(using=schema_editor.connection.alias), schema_editor.connection.cursor() as cursor:
        cursor.execute(_LINKS.REFRESH)
        cursor.execute("DROP FUNCTION search_link_terms(bigint, bigint, timestamptz, text)")


class Migration(migrations.Migration):
    # The rows' vacuum runs outside a transaction: add_language_terms holds its own.
    atomic = False

    dependencies = [("articles", "0034_search_date_index_grows_at_its_end")]

    operations = [
        migrations.RunPython(add_language_terms, restore_functions),
        migrations.RunSQL("VACUUM ANALYZE articles_searchdocument", migrations.RunSQL.noop),
    ]
