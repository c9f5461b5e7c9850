"""Reader-facing pages: the latest stories, one story, and stories by author, section, tag and place."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from .models import Article, Author, LegacyIdentifier, Place, Section, Tag

PAGE_SIZE = 20


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_listing().latest_first()


def article_redirect(request, pk: int):
    article = get_object_or_404(Article.objects.exclude(status=Article.Status.DRAFT), pk=pk)
    return redirect(article, permanent=True)


def legacy_identifier_redirect(request, scheme: str, value: str):
    """/legacy/wordpress/4211/: a story's id in an older system leads to the story."""
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
        context["related_links"] = [
            link
            for link in article.related_links.all()
            if link.target is None or link.target.status == Article.Status.PUBLISHED
        ]
        return context


class TaxonomyView(ListView):
    """Published stories that share one author, section, tag or place."""

    template_name = "articles/taxonomy.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    model_class = None
    filter_field = ""
    kind = ""

    def get_queryset(self):
        try:
            self.subject = self.model_class.objects.get(slug=self.kwargs["slug"])
        except self.model_class.DoesNotExist:
            raise Http404(f"No {self.kind} with that address.") from None
        return Article.objects.published().filter(**{self.filter_field: self.subject}).for_listing().latest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, kind=self.kind, **kwargs)


class AuthorView(TaxonomyView):
    model_class, filter_field, kind = Author, "bylines__author", "author"


class SectionView(TaxonomyView):
    model_class, filter_field, kind = Section, "section", "section"


class TagView(TaxonomyView):
    model_class, filter_field, kind = Tag, "tags", "tag"


class PlaceView(TaxonomyView):
    model_class, filter_field, kind = Place, "places", "place"
