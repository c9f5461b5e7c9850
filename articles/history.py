"""A story's first revision is written when it is first needed, not when it is ingested.

Bulk ingest stores a million stories that are, for most of their life, exactly
as they arrived: a history row for each would be a full second copy of every
story (measured: 2.2 GB at 1,000,000 stories, a third of the database) that
nobody reads, since the story itself is that revision. So ingest writes none,
and this module writes it from the stored row the moment the story is about to
change or be deleted. simple-history then records the change as usual, and the
history reads as if the first revision had been there all along: dated when the
story was created, credited to whoever ingested it (from its provenance).

Stories made in the admin get their first revision from simple-history at once,
as before; this only fills the gap for stories that have none.
"""

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from .models import Article

HistoricalArticle = Article.history.model
# The story's own columns in its history table (simple-history copies them under the same names).
STORY_COLUMNS = [
    field.attname for field in HistoricalArticle._meta.concrete_fields if not field.attname.startswith("history_")
]


def record_first_revision(article_id: int) -> bool:
    """Write the story's stored state as its first revision if it has none; True when one was written."""
    if HistoricalArticle.objects.filter(id=article_id).exists():
        return False
    stored = Article.objects.filter(pk=article_id).first()
    if stored is None:
        return False
    first_input = stored.provenance.order_by("ingested_at", "pk").first()
    HistoricalArticle.objects.create(
        **{name: getattr(stored, name) for name in STORY_COLUMNS},
        history_date=stored.created_at,
        history_type="+",
        history_change_reason="Ingested" if first_input else "Created",
        history_user_id=first_input.ingested_by_id if first_input else None,
    )
    return True


@receiver(pre_save, sender=Article, dispatch_uid="articles.history.before_change")
def _before_change(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if not raw and not instance._state.adding and instance.pk is not None:
        record_first_revision(instance.pk)


@receiver(pre_delete, sender=Article, dispatch_uid="articles.history.before_delete")
def _before_delete(sender, instance: Article, **kwargs) -> None:
    record_first_revision(instance.pk)
