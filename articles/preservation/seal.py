"""Keep every story's checksum true to what it holds, whoever writes: the admin, the services, a shell.

``Article.save()`` (through ``pre_save``) fingerprints the story's own fields with
its relations as stored; a change to a byline, a place, a tag or a Check Also link,
which the admin saves after the story itself, reseals the story. So
``manage.py verify`` can hold every story to its checksum, ingested or written by
hand. Bulk writes that send no signals (ingest's COPY path, ``QuerySet.update``)
set or reseal the checksum themselves.
"""

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from ..models import Article, Byline, RelatedLink
from .checksum import OBSERVED, content_of_unsaved, reseal, story_checksum


@receiver(pre_save, sender=Article, dispatch_uid="seal_article_on_save")
def seal_on_save(sender, instance: Article, raw=False, **kwargs):
    if raw:  # loaddata: rows as they were
        return
    instance.checksum = story_checksum(content_of_unsaved(instance))


def _part_of_deleting_a_story(origin) -> bool:
    """The row goes because its story does: nothing to reseal."""
    if isinstance(origin, Article):
        return True
    return isinstance(origin, QuerySet) and origin.model is Article


@receiver(post_save, sender=Byline, dispatch_uid="seal_after_byline_save")
@receiver(post_delete, sender=Byline, dispatch_uid="seal_after_byline_delete")
def seal_after_byline(sender, instance: Byline, raw=False, origin=None, **kwargs):
    if not raw and not _part_of_deleting_a_story(origin):
        reseal([instance.article_id])


@receiver(post_save, sender=RelatedLink, dispatch_uid="seal_after_link_save")
@receiver(post_delete, sender=RelatedLink, dispatch_uid="seal_after_link_delete")
def seal_after_link(sender, instance: RelatedLink, raw=False, origin=None, **kwargs):
    if not raw and instance.kind == OBSERVED and not _part_of_deleting_a_story(origin):
        reseal([instance.source_id])


@receiver(m2m_changed, sender=Article.places.through, dispatch_uid="seal_after_places")
@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="seal_after_tags")
def seal_after_filing(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            reseal([instance.pk])
    elif action == "pre_clear":  # place.articles.clear(): note which stories lose it while it is known
        instance._stories_to_reseal = list(
            sender.objects.filter(**{_column(sender, instance): instance.pk}).values_list("article_id", flat=True)
        )
    elif action == "post_clear":
        reseal(getattr(instance, "_stories_to_reseal", []))
    elif action in {"post_add", "post_remove"}:  # place.articles.add(...): the stories are the other side
        reseal(pk_set or [])


def _column(through, instance) -> str:
    return next(f.attname for f in through._meta.concrete_fields if f.related_model is type(instance))
