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

It calls the application's own ``match_key`` and link resolution, as migration 0026 does, so
that the keys cannot differ from what a save computes.
"""

from django.db import migrations

NOT_ASCII = r"[^\x01-\x7f]"
BATCH = 2000


def _rekey(model, source: str, key: str, fold, *, unique: bool = False) -> set[str]:
    """Every row of ``model`` whose ``source`` is not ASCII gets ``fold`` of it as its ``key``, where it differs
    (and, for a ``unique`` key, where no other row holds it); the new keys."""
    taken = set(model.objects.values_list(key, flat=True)) if unique else set()
    changed, new_keys = [], set()
    rows = model.objects.filter(**{f"{source}__regex": NOT_ASCII}).only("pk", source, key).order_by("pk")
    for row in rows.iterator(chunk_size=BATCH):
        value = fold(getattr(row, source))
        if value != getattr(row, key) and value not in taken:
            setattr(row, key, value)
            changed.append(row)
            new_keys.add(value)
            if unique:
                taken.add(value)
    model.objects.bulk_update(changed, [key], batch_size=BATCH)
    return new_keys


def rekey(apps, schema_editor):
    from articles.ingest.links import resolve_pending_links
    from articles.text import match_key

    for name in ("Author", "AuthorAlias"):
        _rekey(apps.get_model("articles", name), "name", "name_key", match_key, unique=True)
    keys = _rekey(apps.get_model("articles", "Article"), "headline", "headline_key", match_key)
    keys |= _rekey(apps.get_model("articles", "RelatedLink"), "title", "title_key", match_key)
    if keys:
        resolve_pending_links(keys=keys)


def rekey_as_before(apps, schema_editor):
    """The old folding (``identity_fold`` is it, frozen)."""
    from articles.text import identity_fold

    for name in ("Author", "AuthorAlias"):
        _rekey(apps.get_model("articles", name), "name", "name_key", identity_fold, unique=True)
    _rekey(apps.get_model("articles", "Article"), "headline", "headline_key", identity_fold)
    _rekey(apps.get_model("articles", "RelatedLink"), "title", "title_key", identity_fold)


class Migration(migrations.Migration):
    dependencies = [("articles", "0028_search_joins_words_across_zero_width_joiners")]

    operations = [migrations.RunPython(rekey, rekey_as_before, elidable=True)]
