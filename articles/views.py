"""Reader-facing pages of one story, and the addresses that lead to it. The lists are in lists.py."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView

from . import metadata, story
from .languages import activate_for
from .models import Article, LegacyIdentifier


def article_redirect(request, pk: int):
    article = get_object_or_404(Article.objects.exclude(status=Article.Status.DRAFT), pk=pk)
    return redirect(article, permanent=True)


def legacy_identifier_redirect(request, scheme: str, value: str):
    """/legacy/wordpress/4211/: a story's id in an older system leads to the story."""
    if "\x00" in scheme or "\x00" in value:
        raise Http404("No story has that identifier.")  # PostgreSQL refuses NUL characters in text
    legacy = get_object_or_404(
        LegacyIdentifier.objects.exclude(article__status=Article.Status.DRAFT).select_related("article"),
        scheme=scheme,
        value=value,
    )
    return redirect(legacy.article, permanent=True)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # Withdrawn stories keep their URL and say why they are gone; drafts are not public.
        return (
            Article.objects.exclude(status=Article.Status.DRAFT)
            .select_related("section")
            .prefetch_related("places", "tags", "bylines__author", "corrections", "related_links__target")
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            # Old or mistyped slugs keep working: the id is the story's identity.
            return redirect(self.object, permanent=True)
        context = self.get_context_data(object=self.object)
        status = 410 if self.object.status == Article.Status.WITHDRAWN else 200
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        activate_for(article.language)  # the page speaks its story's language
        if article.status == Article.Status.WITHDRAWN:
            return {**context, "withdrawal": story.withdrawal(article)}
        translations = story.translations(article)
        return {
            **context,
            **metadata.story_metadata(article, self.request, translations),
            "related_links": story.check_also(article),
            "translations": translations,
            "referenced_by": story.referenced_by(article),
            "neighbours": story.section_neighbours(article),
            "related_stories": story.related_stories(article),
        }
