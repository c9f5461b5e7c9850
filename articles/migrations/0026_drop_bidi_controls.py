"""Text archived with bidi controls that turn it around loses them, as every parser and every save now drops them.

A right-to-left override (U+202E) in a headline drew it reversed, and an embedding or an isolate
left open (U+202B, U+2066) turned the text after it the wrong way, in lists, the page's <title>
and feeds. ``articles.text.drop_invisible`` drops them from every line a parser reads and from
every story saved (``Article.prepare_fields``), keeping only an isolate its PDI closes; this does
the same for what was archived before: the headline, summary, body and agency of the stories
holding one (their headline's matching key and their checksum computed again), the printed titles
and teasers of Check Also links (the pending ones resolved again for their new keys), and the names
of authors, their other spellings, places, tags and sections. The raw input of each story stays in
its provenance as it was received.

It calls the application's own cleaning, matching, checksum and link resolution, so that this
rewrite cannot differ from what a save does; they run only where such text exists.
"""

from django.db import migrations
from django.db.models import Q

# articles.text.BIDI_CONTROLS when this was written: LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI.
PATTERN = "[\u202a-\u202e\u2066-\u2069]"
BATCH = 1000


def _holding(model, *fields):
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__regex": PATTERN})
    return model.objects.filter(query).order_by("pk")


def drop_controls(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    RelatedLink = apps.get_model("articles", "RelatedLink")
    ids = list(_holding(Article, "headline", "summary", "body", "agency").values_list("pk", flat=True))
    links = list(_holding(RelatedLink, "title", "teaser"))
    named = [
        (model, list(_holding(model, "name")))
        for model in (apps.get_model("articles", name) for name in ("Author", "AuthorAlias", "Place", "Tag", "Section"))
    ]
    if not ids and not links and not any(rows for _, rows in named):
        return
    from articles.ingest.links import resolve_pending_links
    from articles.preservation.checksum import reseal
    from articles.text import drop_invisible, match_key

    fields = ("headline", "summary", "body", "agency")
    changed, keys = set(), set()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        stories = list(Article.objects.filter(pk__in=batch).only("pk", *fields))
        for story in stories:
            for field in fields:
                setattr(story, field, drop_invisible(getattr(story, field)))
            story.headline_key = match_key(story.headline)
            keys.add(story.headline_key)
        Article.objects.bulk_update(stories, [*fields, "headline_key"])
        changed.update(batch)
    for link in links:
        link.title, link.teaser = drop_invisible(link.title), drop_invisible(link.teaser)
        link.title_key = match_key(link.title)
        keys.add(link.title_key)
        changed.add(link.source_id)
    RelatedLink.objects.bulk_update(links, ["title", "teaser", "title_key"], batch_size=BATCH)
    for model, rows in named:
        keyed = any(field.name == "name_key" for field in model._meta.fields)
        taken = set()
        for row in rows:
            row.name = drop_invisible(row.name)
            # A control inside a word parted it in its key ("man ar"): the key follows the name, unless another
            # row holds that key already (then the two are one name, which merging authors, not this, decides).
            if keyed and (key := match_key(row.name)) != row.name_key:
                if key not in taken and not model.objects.filter(name_key=key).exists():
                    row.name_key = key
                    taken.add(key)
        model.objects.bulk_update(rows, ["name", "name_key"] if keyed else ["name"], batch_size=BATCH)
    reseal(changed)
    if keys:
        resolve_pending_links(keys=keys)


class Migration(migrations.Migration):
    dependencies = [("articles", "0025_relatedlink_pending_url_index")]

    operations = [migrations.RunPython(drop_controls, migrations.RunPython.noop, elidable=True)]
