"""Acronyms with and without their dots, hyphenated words and numbers joined: "US" finds "U.S.", "F16" "F-16".

Agencies write "U.S.", "U.N.", "U.A.E." where readers type "US", "UN", "UAE", and PostgreSQL's
parser reads "U.S." as one token, "u.s", that "us" never matches. The index and queries now
drop the dots between single capitals (``search_fold_acronyms``, in ``search_prepare``): "U.S."
is "US.", "U.S.-led" "US-led" and "J.K. Rowling" "JK. Rowling", whichever is typed. Only ASCII capitals, and the
text is scanned only when it holds a full stop.

A hyphenated word is found joined as well ("F16" finds "F-16", "COVID19" "COVID-19", "email"
"e-mail"), and a number with thousands separators without them ("1500" finds "1,500"): the
story's words (``terms``) hold the joined form beside the parts the parser makes of the
written one (``search_joined_forms``, in ``search_prepare_terms``). The headline's vector and
the queries are left as written, so a phrase's positions still count the parts.

Only the stories whose text or names hold an acronym, a hyphenated word or such a number are
indexed again; a news archive's stories mostly do (README: "Upgrading").
"""

from django.db import migrations

ACRONYMS_SQL = r"""
CREATE FUNCTION search_fold_acronyms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN strpos(t, '.') > 0 AND t ~ '[A-Z]\.[A-Z]'
                THEN regexp_replace(t, '\m([A-Z])\.(?=[A-Z](?:\.|\M))|(?<=[A-Z]\.[A-Z])\.(?=-)', '\1', 'g')
                ELSE t END
$$;
-- One pass for both: "F-16" -> "F-16 F16", "1,500,000" -> "1,500,000 1500000".
CREATE FUNCTION search_joined_forms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT regexp_replace(
        t, '\m(?:([[:alpha:]]+)-([[:alnum:]]+)|([0-9]{1,3}),([0-9]{3})(?:,([0-9]{3}))?(?:,([0-9]{3}))?)\M',
        '\& \1\2\3\4\5\6', 'g')
$$;
"""

PREPARE_SQL = """
CREATE OR REPLACE FUNCTION search_prepare(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_join_names({prepare})
$$;
CREATE OR REPLACE FUNCTION search_prepare_terms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_name_forms({prepare_terms})
$$;
"""
NEW_PREPARE = PREPARE_SQL.format(
    prepare="search_fold_acronyms(search_fold_arabic(t))",
    prepare_terms="search_joined_forms(search_fold_acronyms(search_fold_arabic(t)))",
)
OLD_PREPARE = PREPARE_SQL.format(prepare="search_fold_arabic(t)", prepare_terms="search_fold_arabic(t)")

# What the new functions change: a capital, a full stop and a capital; a letter, a hyphen and a letter or
# digit; a digit, a comma and a digit.
CHANGED = r"[A-Z]\.[A-Z]|[[:alpha:]]-[[:alnum:]]|[0-9],[0-9]"
REINDEX = f"""
SELECT articles_search_refresh(ARRAY(
    SELECT a.id FROM articles_article a
    WHERE (a.headline || ' ' || a.summary || ' ' || a.agency || ' ' || a.body) ~ '{CHANGED}'
       OR EXISTS (SELECT 1 FROM articles_byline b JOIN articles_author au ON au.id = b.author_id
                  WHERE b.article_id = a.id AND au.name ~ '{CHANGED}')
       OR EXISTS (SELECT 1 FROM articles_article_places ap JOIN articles_place p ON p.id = ap.place_id
                  WHERE ap.article_id = a.id AND p.name ~ '{CHANGED}')));
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_search_folds_digits_and_persian_letters")]

    operations = [
        migrations.RunSQL(
            ACRONYMS_SQL + NEW_PREPARE + REINDEX,
            OLD_PREPARE + REINDEX + "DROP FUNCTION search_fold_acronyms(text), search_joined_forms(text);",
        )
    ]
