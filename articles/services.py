"""Editorial writes, in one place: the admin, the commands and the tests all call these.

Each change to a story goes through ``save()`` so that its history records who
made it and when; never ``QuerySet.update()`` for content.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .ingest.links import Resolution, resolve_pending_links
from .models import Article, Author, AuthorAlias, Byline, RelatedLink, SlugRedirect
from .text import match_key


def _set_status(*, articles: QuerySet[Article], status: str, user=None, reason: str) -> int:
    changed = 0
    with transaction.atomic():
        # Lock the rows themselves: the queryset handed in may carry annotations that FOR UPDATE refuses.
        for article in Article.objects.filter(pk__in=articles.values("pk")).select_for_update().exclude(status=status):
            article.status = status
            if status == Article.Status.PUBLISHED and article.published_at is None:
                article.published_at = timezone.now()
            article._history_user = user
            article._change_reason = reason
            article.save()
            changed += 1
    return changed


@transaction.atomic
def resolve_check_also_for(*, article: Article) -> Resolution:
    """Resolve the Check Also links ``article``, as now saved, may settle: as ingest does for the stories it stores.

    The pending links of other stories that give its headline or its source URL now point to it, and its own
    pending links to the stories they name. Same choice as ingest's (``ingest.links``): the closest in date of
    several, a tie left ambiguous. Only observed links resolve, as in ingest. Every lookup is by an indexed key
    (headline key, source URL, the story's links), so a save costs the same at any size of archive.
    """
    own = (
        article.related_links.filter(target__isnull=True, kind=RelatedLink.Kind.OBSERVED)
        .order_by()  # the default ordering would only make the database sort
        .values_list("title_key", "url")
    )
    keys, urls = {article.headline_key}, {article.source_url}
    for key, url in own:
        keys.add(key)
        urls.add(url)
    # Never None: resolve_pending_links reads None as "every pending link in the archive".
    return resolve_pending_links(keys=keys - {""}, urls=urls - {""})


def publish_articles(*, articles: QuerySet[Article], user=None) -> int:
    """Publish ``articles``; one with no date is dated now. Returns how many changed."""
    return _set_status(articles=articles, status=Article.Status.PUBLISHED, user=user, reason="Published")


def withdraw_articles(*, articles: QuerySet[Article], user=None) -> int:
    """Withdraw ``articles``: they keep their URL, which then says the story was withdrawn."""
    return _set_status(articles=articles, status=Article.Status.WITHDRAWN, user=user, reason="Withdrawn")


@transaction.atomic
def merge_authors(*, keep: Author, merge: Iterable[Author]) -> Author:
    """Fold ``merge`` into ``keep``: every byline moves to ``keep``, and each merged name becomes an alias.

    A merged author's page, and any older address that led to it, answers 301 to ``keep``'s page.
    """
    merged = [author for author in merge if author.pk != keep.pk]
    if not merged:
        raise ValueError(f"Choose at least one author other than {keep} to merge into {keep}.")
    author_type = ContentType.objects.get_for_model(Author)
    for author in merged:
        SlugRedirect.objects.filter(content_type=author_type, object_id=author.pk).update(object_id=keep.pk)
        if author.slug != keep.slug:
            SlugRedirect.objects.update_or_create(
                content_type=author_type, old_slug=author.slug, defaults={"object_id": keep.pk}
            )
        for byline in Byline.objects.filter(author=author).select_related("article"):
            if Byline.objects.filter(article=byline.article, author=keep).exists():
                byline.delete()  # the story already credits the kept author, at its own place
            else:
                byline.author = keep
                byline.save(update_fields=["author"])
        names = [author.name, *author.aliases.values_list("name", flat=True)]
        author.aliases.all().delete()
        if not keep.bio and author.bio:
            keep.bio = author.bio
            keep.save()
        author.delete()
        for name in names:
            if match_key(name) != keep.name_key and not AuthorAlias.objects.filter(name_key=match_key(name)).exists():
                AuthorAlias.objects.create(author=keep, name=name)
    return keep


def delete_articles(*, articles: QuerySet[Article], user) -> int:
    """Delete ``articles`` for good: superusers only. Each that was public leaves a tombstone (410, never 404).

    The tombstone is written by a ``pre_delete`` receiver (``preservation.tombstones``),
    so a delete from anywhere leaves one; here each story is deleted on its own so its
    history's deletion row names ``user``. Returns how many were deleted.
    """
    if user is None or not user.is_active or not user.is_superuser:
        raise PermissionDenied("Only a superuser may delete stories; withdraw a story to take it down.")
    deleted = 0
    with transaction.atomic():
        for article in Article.objects.filter(pk__in=articles.values("pk")).select_for_update():
            article._history_user = user
            article.delete()
            deleted += 1
    return deleted


# The stored matching keys: (model, the text it is made from, the key, whether it is unique).
MATCHING_KEYS = (
    ("Author", "name", "name_key", True),
    ("AuthorAlias", "name", "name_key", True),
    ("Article", "headline", "headline_key", False),
    ("RelatedLink", "title", "title_key", False),
)
_NOT_ASCII = r"[^\x01-\x7f]"


def refresh_matching_keys(*, get_model=None, fold=match_key, resolve: bool = True) -> int:
    """Every stored matching key made again from its text by ``fold`` where it differs: after ``match_key``
    changed (migration 0029) and after an import of an export that an older version made (its keys folded
    the old way, which bylines and Check Also titles would no longer find). Only text outside ASCII can
    differ, and only it is read. A unique key another row holds already stays as it was: the two names are
    one, which merging authors decides. Then the pending Check Also links whose keys changed are resolved
    (``resolve``). ``get_model`` gives a model by name (a migration's historical ones); the app's by default.
    Returns how many keys changed."""
    models = {"Author": Author, "AuthorAlias": AuthorAlias, "Article": Article, "RelatedLink": RelatedLink}
    get_model = get_model or models.__getitem__
    changed_keys: set[str] = set()
    count = 0
    for name, source, key, unique in MATCHING_KEYS:
        model = get_model(name)
        taken = set(model.objects.values_list(key, flat=True)) if unique else set()
        changed = []
        rows = model.objects.filter(**{f"{source}__regex": _NOT_ASCII}).only("pk", source, key).order_by("pk")
        for row in rows.iterator(chunk_size=2000):
            value = fold(getattr(row, source))
            if value != getattr(row, key) and value not in taken:
                setattr(row, key, value)
                changed.append(row)
                if unique:
                    taken.add(value)
                else:
                    changed_keys.add(value)
        model.objects.bulk_update(changed, [key], batch_size=2000)
        count += len(changed)
    if resolve and changed_keys:
        resolve_pending_links(keys=changed_keys)
    return count
