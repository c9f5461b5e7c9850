"""The editors' admin: stories with their bylines and Check Also links, authors with a merge, and the rest."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db import models, transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from . import languages, services
from .admin_authors import AuthorAliasFormSet, AuthorForm
from .admin_counts import story_counts
from .admin_dates import StoryAdminQuerySet, check_drill_down
from .admin_ids import CheckedIdsAdmin
from .admin_inlines import CappedInline, KnownChoicesInline
from .admin_lookups import ListedLookupsOnly
from .admin_paginator import EstimatedCountPaginator
from .admin_search import search_stories, search_words
from .ingest.store import MOST_PER_STORY
from .models import (
    Article,
    Author,
    AuthorAlias,
    Byline,
    Correction,
    LegacyIdentifier,
    LegacyPath,
    Place,
    Provenance,
    RelatedLink,
    Section,
    Tag,
)

# Addresses typed without a scheme are https, as Django 6 will assume anyway.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("any", "Any of these"),
            ("no-date", "No date"),
            ("no-author", "No author"),
            ("unresolved", "Unresolved Check Also"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "any":
                return queryset.needs_attention()
            case "no-date":
                return queryset.undated()
            case "no-author":
                return queryset.without_author()
            case "unresolved":
                return queryset.with_unresolved_links()
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """The languages the archive's stories are written in, not every one a story may be (settings.STORY_LANGUAGES)."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, languages.language_name(code)) for code in languages.written()]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class BylineInline(CappedInline, KnownChoicesInline, admin.TabularInline):
    model = Byline
    max_num = MOST_PER_STORY["authors"]
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author"]
    ordering = ["position"]


class RelatedLinkInline(CappedInline, KnownChoicesInline, admin.StackedInline):
    model = RelatedLink
    max_num = MOST_PER_STORY["Check Also links"]
    fk_name = "source"
    extra = 0
    formfield_overrides = HTTPS_URLS
    autocomplete_fields = ["target"]
    fields = [("kind", "position"), "title", "target", "teaser", "url", ("observed_at", "ambiguous")]
    readonly_fields = ["ambiguous"]
    verbose_name = "Check Also link"
    verbose_name_plural = "Check Also links"


class CorrectionInline(CappedInline, admin.StackedInline):
    model = Correction
    extra = 0


class LegacyIdentifierInline(CappedInline, admin.TabularInline):
    model = LegacyIdentifier
    extra = 0


class LegacyPathInline(CappedInline, admin.TabularInline):
    model = LegacyPath
    max_num = MOST_PER_STORY["legacy paths"]
    extra = 0


class ProvenanceInline(admin.TabularInline):
    model = Provenance
    extra = 0
    fields = ["source", "parser", "checksum", "ingested_at", "details"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw")  # the raw input is on its own page

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="raw input")
    def details(self, obj):
        return format_html('<a href="{}">view</a>', reverse("admin:articles_provenance_change", args=[obj.pk]))


class StoryChangeList(ChangeList):
    """The story list; only its page of 50 needs the bylines."""

    def get_queryset(self, request, exclude_parameters=None):
        bylines = Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        return super().get_queryset(request, exclude_parameters).prefetch_related(bylines)

    def get_filters(self, request):
        check_drill_down(self.filter_params, self.date_hierarchy)
        return super().get_filters(request)


@admin.register(Article)
class ArticleAdmin(CheckedIdsAdmin, ListedLookupsOnly, SimpleHistoryAdmin):
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    formfield_overrides = HTTPS_URLS
    list_display = ["headline", "status", "language", "published_at", "section", "byline", "flags"]
    list_filter = ["status", NeedsAttentionFilter, "section", LanguageFilter, "published_at"]
    # The field filter LanguageFilter replaced sent "language__exact": bookmarks still hold it.
    kept_lookups = ("language__exact",)
    # Searched by search_stories (the archive's full-text search, an id, a source URL), not by Django's OR of these.
    search_fields = ["headline"]
    search_help_text = (
        'Words, "phrases", OR, -exclude and author:/place:/section: fields, as in the staff search; '
        "or a story's id or full source URL."
    )
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    list_per_page = 50
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Undated stories first, where editors see them; article_admin_order_idx holds this order.
    ordering = ["-published_at", "-pk"]
    autocomplete_fields = ["section", "tags", "places"]
    readonly_fields = ["identity_key", "headline_key", "checksum", "created_at", "modified_at"]
    inlines = [
        BylineInline,
        RelatedLinkInline,
        CorrectionInline,
        LegacyIdentifierInline,
        LegacyPathInline,
        ProvenanceInline,
    ]
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "status", "language"]}),
        ("Dateline and dates", {"fields": ["places", "agency", "published_at", "updated_at"]}),
        ("Story", {"fields": ["summary", "body", "markers"]}),
        ("Filing", {"fields": ["section", "tags"]}),
        ("Source", {"fields": ["source_url", "identity_key", "checksum", "created_at", "modified_at"]}),
    ]
    history_list_display = ["status", "headline"]

    def get_queryset(self, request):
        return StoryAdminQuerySet(self.model, using=self.model._default_manager.db).order_by(
            *self.get_ordering(request)
        )

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    def get_search_results(self, request, queryset, search_term):
        return search_stories(queryset, search_term), False

    @admin.display(description="byline")
    def byline(self, obj):
        return " / ".join(byline.author.name for byline in obj.bylines.all())

    @admin.display(description="needs attention")
    def flags(self, obj):
        flags = []
        if obj.published_at is None:
            flags.append("no date")
        if obj.missing_author:
            flags.append("no author")
        if obj.pending_check_also:
            flags.append("pending Check Also")
        return ", ".join(flags)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # With its Check Also links saved, in the form's transaction: the pending links that name the story, and
        # its own, resolve as ingest's do; else they waited for an ingest of the same headline that never comes.
        services.resolve_check_also_for(article=form.instance)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert saves the story without save_related (simple-history): its headline or URL may now name it.
        with transaction.atomic(using=self.model._default_manager.db):
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                services.resolve_check_also_for(article=Article.objects.get(pk=object_id))
        return response

    # Deleting is for superusers, through the service that leaves a tombstone where a public story was.
    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def delete_model(self, request, obj):
        services.delete_articles(articles=Article.objects.filter(pk=obj.pk), user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_articles(articles=queryset, user=request.user)

    @admin.action(description="Publish selected stories", permissions=["change"])
    def publish(self, request, queryset):
        count = services.publish_articles(articles=queryset, user=request.user)
        self.message_user(request, f"{count} stories published.", messages.SUCCESS)

    @admin.action(description="Withdraw selected stories", permissions=["change"])
    def withdraw(self, request, queryset):
        count = services.withdraw_articles(articles=queryset, user=request.user)
        self.message_user(request, f"{count} stories withdrawn.", messages.SUCCESS)


class AuthorAliasInline(CappedInline, admin.TabularInline):
    model = AuthorAlias
    formset = AuthorAliasFormSet
    extra = 1
    fields = ["name"]


class MergeAuthorsForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=Author.objects.none(), widget=forms.RadioSelect, label="Keep")

    def __init__(self, *args, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = authors


@admin.register(Author)
class AuthorAdmin(CheckedIdsAdmin, ListedLookupsOnly, SimpleHistoryAdmin):
    form = AuthorForm
    list_display = ["name", "slug", "story_count", "aliases_list"]
    ordering = ["name"]
    search_fields = ["name", "aliases__name"]
    # No slug filled in as the name is typed: the admin's script drops vowel signs and viramas ("प्रधानमंत्री" gave
    # "परधनमतर"); left empty, the slug is made from the name on save, with its marks (text.make_slug).
    inlines = [AuthorAliasInline]
    actions = ["merge"]

    def get_queryset(self, request):
        # A subquery, not Count() over a join: PostgreSQL runs it for the page's rows only.
        return (
            super()
            .get_queryset(request)
            .annotate(stories=story_count(Byline.objects.filter(author=OuterRef("pk"))))
            .prefetch_related("aliases")
        )

    @admin.display(description="stories", ordering="stories")
    def story_count(self, obj):
        return obj.stories

    @admin.display(description="alternative spellings")
    def aliases_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    def has_merge_permission(self, request) -> bool:
        # Merging removes the other authors: its own permission, not the change permission (README, "Admin users").
        return request.user.has_perm(f"{self.opts.app_label}.merge_author")

    @admin.action(description="Merge selected authors into one", permissions=["merge"])
    def merge(self, request, queryset):
        authors = queryset.order_by("name")
        if authors.count() < 2:
            self.message_user(request, "Select at least two authors to merge.", messages.WARNING)
            return None
        if "apply" in request.POST:
            form = MergeAuthorsForm(request.POST, authors=authors)
            if form.is_valid():
                keep = form.cleaned_data["keep"]
                merged = [a for a in authors if a.pk != keep.pk]
                services.merge_authors(keep=keep, merge=merged)
                names = ", ".join(a.name for a in merged)
                self.message_user(request, f"Merged {names} into {keep.name}.", messages.SUCCESS)
                return None
        else:
            form = MergeAuthorsForm(authors=authors)
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge authors",
            "authors": authors,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/author/merge.html", context)


class SubqueryCount(Subquery):
    """How many rows a queryset (filtered on an OuterRef) has, as a subquery for each outer row."""

    template = "(SELECT count(*) FROM (%(subquery)s) AS counted)"
    output_field = models.IntegerField()


def story_count(rows) -> SubqueryCount:
    return SubqueryCount(rows.order_by().values("pk"))


class StoryCountChangeList(ChangeList):
    """The page's rows with their story counts (``admin_counts``): one query for the page, none per row."""

    def get_results(self, request):
        super().get_results(request)
        if self.model is Section:
            table, column = Article._meta.db_table, "section_id"
        else:
            through = Article._meta.get_field(f"{self.model._meta.model_name}s").remote_field.through
            table, column = through._meta.db_table, f"{self.model._meta.model_name}_id"
        counts = story_counts(table=table, column=column, ids=[obj.pk for obj in self.result_list])
        for obj in self.result_list:
            obj.stories = counts[obj.pk]


class StoryCountAdmin(CheckedIdsAdmin, ListedLookupsOnly, admin.ModelAdmin):
    list_display = ["name", "slug", "story_count"]
    ordering = ["name"]
    search_fields = ["name"]
    # No slug filled in as the name is typed: the admin's script drops vowel signs and viramas ("प्रधानमंत्री" gave
    # "परधनमतर"); left empty, the slug is made from the name on save, with its marks (text.make_slug).

    def get_changelist(self, request, **kwargs):
        return StoryCountChangeList

    # Not sortable: sorting by it would count every filing of every row, the whole table.
    @admin.display(description="stories")
    def story_count(self, obj):
        return str(obj.stories)


admin.site.register(Section, StoryCountAdmin)
admin.site.register(Tag, StoryCountAdmin)
admin.site.register(Place, StoryCountAdmin)


@admin.register(RelatedLink)
class RelatedLinkAdmin(CheckedIdsAdmin, ListedLookupsOnly, admin.ModelAdmin):
    """Where editors find Check Also links still waiting for their story, or ambiguous between several."""

    list_display = ["title", "source", "target", "kind", "ambiguous", "observed_at"]
    formfield_overrides = HTTPS_URLS
    ordering = ["-pk"]  # newest first, by the primary key: Meta's (position, pk) sorts the whole table
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_filter = ["kind", ("target", admin.EmptyFieldListFilter), "ambiguous"]
    search_fields = ["title"]
    search_help_text = "Words of the link's printed title or of its story's headline."
    autocomplete_fields = ["source", "target"]
    list_select_related = ["source", "target"]

    def get_search_results(self, request, queryset, search_term):
        # The source's headline through its trigram index, not a join of every link to its story.
        for word in search_words(search_term):
            stories = Article.objects.filter(headline__icontains=word).values("pk")
            queryset = queryset.filter(models.Q(title__icontains=word) | models.Q(source__in=stories))
        return queryset, False


class ParserFilter(admin.SimpleListFilter):
    """By parser; the choices are the parsers this code has, not a DISTINCT over every provenance row."""

    title = "parser"
    parameter_name = "parser"

    def lookups(self, request, model_admin):
        from .ingest import jsonl, plaintext, wxr

        return [(module.PARSER, module.PARSER) for module in (jsonl, plaintext, wxr)]

    def queryset(self, request, queryset):
        return queryset.filter(parser=self.value()) if self.value() else queryset


@admin.register(Provenance)
class ProvenanceAdmin(CheckedIdsAdmin, ListedLookupsOnly, admin.ModelAdmin):
    """Read-only: where each version of a story came from, and the raw input itself."""

    list_display = ["article", "source", "parser", "ingested_at"]
    list_filter = [ParserFilter]
    ordering = ["-pk"]  # newest first, by the primary key: ingested_at has no index
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    search_fields = ["article__headline"]
    search_help_text = "Words of the story's headline."
    list_select_related = ["article"]
    fields = ["article", "source", "parser", "checksum", "ingested_at", "raw_text"]
    readonly_fields = fields

    @admin.display(description="raw input")
    def raw_text(self, obj):
        # A class, not a style attribute: the Content-Security-Policy allows no inline style.
        return format_html_join("", '<pre class="raw-input">{}</pre>', [(obj.raw,)])

    def get_search_results(self, request, queryset, search_term):
        # Stories found by the headline's trigram index, then their provenance by its article index:
        # a join would read all of provenance, the largest table of the archive.
        for word in search_words(search_term):
            queryset = queryset.filter(article__in=Article.objects.filter(headline__icontains=word).values("pk"))
        return queryset, False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
