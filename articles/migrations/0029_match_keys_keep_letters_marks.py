"""Matching keys keep the marks that are letters: "मीना" and "मिना" are two names again.

``articles.text.match_key`` folds names, headlines and Check Also titles for comparison. It
dropped every combining mark and read the rest as spaces, so that a Hindi, Bengali or Tamil
vowel sign or virama, a Thai tone mark or a Japanese voicing mark was lost: "मीना" and "मिना"
were one author (the second byline went to the first), "がっこう" was "かっこう". It now folds away
only what a writer may leave out (accents, Hebrew points, Arabic harakat, the Indic nukta) and
keeps the other marks inside their words.

This computes the keys again where they change (only text outside ASCII can): authors' names
and their other spellings, stories' headlines, Check Also titles, and resolves the pending
links whose keys changed. A new key holds a mark that no key made before could, so it meets
no other author's; but for marks above the Basic Multilingual Plane (Brahmi's, say), which
were dropped and now part words: where an author's new key is another's already, the two
are one name, which merging authors, not this, decides, and the key stays. Stories' identity
keys are left as they are: they keep the old folding (``articles.text.identity_fold``) so
that a story is found by its key for ever. Authors who were made one are not parted: nothing
tells which of their stories were whose.

It calls the application's own ``services.refresh_matching_keys`` (``match_key`` and link
resolution), as migration 0026 does, so that the keys cannot differ from what a save computes;
an import of an export made before this calls it too.
"""

from django.db import migrations


def rekey(apps, schema_editor):
    from articles.services import refresh_matching_keys

    refresh_matching_keys(get_model=lambda name: apps.get_model("articles", name))


def rekey_as_before(apps, schema_editor):
    """The old folding (``identity_fold`` is it, frozen)."""
    from articles.services import refresh_matching_keys
    from articles.text import identity_fold

    refresh_matching_keys(get_model=lambda name: apps.get_model("articles", name), fold=identity_fold, resolve=False)


class Migration(migrations.Migration):
    dependencies = [("articles", "0028_search_joins_words_across_zero_width_joiners")]

    operations = [migrations.RunPython(rekey, rekey_as_before, elidable=True)]
