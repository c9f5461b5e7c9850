"""Stories archived with marks that show nothing inside a word lose them, as every save now drops them.

Soft hyphens (&shy;), zero-width spaces, word joiners and byte-order marks cut a word in two
for search, highlights and Check Also ("informa\u00adtion" was "informa" and "tion").
``Article.prepare_fields`` drops them from every story written since; this does the same for
the stories written before. Only the stories holding one are touched: their headline, summary
and body without the marks, their headline's matching key and their checksum computed again
(the UPDATE's trigger indexes them for search again), and the Check Also links whose printed
title holds one get their matching key again, then the pending ones are resolved. The raw input
of each story stays in its provenance as it was received.

It calls the application's own matching, checksum and link resolution, so that this rewrite
cannot differ from what a save does; they run only where such stories exist.
"""

from django.db import migrations
from django.db.models import Q

# articles.text.INVISIBLE when this was written.
MARKS = "\u00ad\u200b\u2060\ufeff"
BATCH = 1000


def drop_marks(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    RelatedLink = apps.get_model("articles", "RelatedLink")
    pattern = f"[{MARKS}]"
    ids = list(
        Article.objects.filter(Q(headline__regex=pattern) | Q(summary__regex=pattern) | Q(body__regex=pattern))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    links = list(RelatedLink.objects.filter(title__regex=pattern).order_by("pk"))
    if not ids and not links:
        return
    from articles.ingest.links import resolve_pending_links
    from articles.preservation.checksum import reseal
    from articles.text import drop_invisible, match_key

    keys = set()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        stories = list(Article.objects.filter(pk__in=batch).only("pk", "headline", "summary", "body"))
        for story in stories:
            story.headline, story.summary, story.body = map(drop_invisible, (story.headline, story.summary, story.body))
            story.headline_key = match_key(story.headline)
            keys.add(story.headline_key)
        Article.objects.bulk_update(stories, ["headline", "summary", "body", "headline_key"])
        reseal(batch)
    for link in links:
        link.title_key = match_key(link.title)
        keys.add(link.title_key)
    RelatedLink.objects.bulk_update(links, ["title_key"], batch_size=BATCH)
    resolve_pending_links(keys=keys)


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_stories_in_any_language")]

    operations = [migrations.RunPython(drop_marks, migrations.RunPython.noop, elidable=True)]
