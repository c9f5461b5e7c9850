"""The editors' admin: stories with their bylines and Check Also links, authors with a merge, and the rest."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from . import services
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


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author"]
    ordering = ["position"]


class RelatedLinkInline(admin.StackedInline):
    model = RelatedLink
    fk_name = "source"
    extra = 0
    formfield_overrides = HTTPS_URLS
    autocomplete_fields = ["target"]
    fields = [("kind", "position"), "title", "target", "teaser", "url", ("observed_at", "ambiguous")]
    readonly_fields = ["ambiguous"]
    verbose_name = "Check Also link"
    verbose_name_plural = "Check Also links"


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0


class LegacyIdentifierInline(admin.TabularInline):
    model = LegacyIdentifier
    extra = 0


class LegacyPathInline(admin.TabularInline):
    model = LegacyPath
    extra = 0


class ProvenanceInline(admin.TabularInline):
    model = Provenance
    extra = 0
    fields = ["source", "parser", "checksum", "ingested_at", "details"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="raw input")
    def details(self, obj):
        return format_html('<a href="{}">view</a>', reverse("admin:articles_provenance_change", args=[obj.pk]))


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    formfield_overrides = HTTPS_URLS
    list_display = ["headline", "status", "language", "published_at", "section", "byline", "flags"]
    list_filter = ["status", NeedsAttentionFilter, "section", "language", "published_at"]
    search_fields = ["headline", "source_url", "bylines__author__name"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    list_per_page = 50
    # Aggregates drop Meta.ordering; undated stories come first, where editors see them.
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
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
            .annotate(
                pending_links=Count(
                    "related_links",
                    filter=Q(related_links__target__isnull=True),
                )
            )
        )

    @admin.display(description="byline")
    def byline(self, obj):
        return " / ".join(byline.author.name for byline in obj.bylines.all())

    @admin.display(description="needs attention")
    def flags(self, obj):
        flags = []
        if obj.published_at is None:
            flags.append("no date")
        if not obj.bylines.all():
            flags.append("no author")
        if obj.pending_links:
            flags.append("pending Check Also")
        return ", ".join(flags)

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


class AuthorAliasInline(admin.TabularInline):
    model = AuthorAlias
    extra = 1
    fields = ["name"]


class MergeAuthorsForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=Author.objects.none(), widget=forms.RadioSelect, label="Keep")

    def __init__(self, *args, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = authors


@admin.register(Author)
class AuthorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "story_count", "aliases_list"]
    ordering = ["name"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AuthorAliasInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stories=Count("bylines")).prefetch_related("aliases")

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


class StoryCountAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "story_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stories=Count("articles"))

    @admin.display(description="stories", ordering="stories")
    def story_count(self, obj):
        return obj.stories


admin.site.register(Section, StoryCountAdmin)
admin.site.register(Tag, StoryCountAdmin)
admin.site.register(Place, StoryCountAdmin)


@admin.register(RelatedLink)
class RelatedLinkAdmin(admin.ModelAdmin):
    """Where editors find Check Also links still waiting for their story, or ambiguous between several."""

    list_display = ["title", "source", "target", "kind", "ambiguous", "observed_at"]
    formfield_overrides = HTTPS_URLS
    list_filter = ["kind", ("target", admin.EmptyFieldListFilter), "ambiguous"]
    search_fields = ["title", "source__headline"]
    autocomplete_fields = ["source", "target"]
    list_select_related = ["source", "target"]


@admin.register(Provenance)
class ProvenanceAdmin(admin.ModelAdmin):
    """Read-only: where each version of a story came from, and the raw input itself."""

    list_display = ["article", "source", "parser", "ingested_at"]
    list_filter = ["parser"]
    search_fields = ["source", "article__headline"]
    list_select_related = ["article"]
    fields = ["article", "source", "parser", "checksum", "ingested_at", "raw_text"]
    readonly_fields = fields

    @admin.display(description="raw input")
    def raw_text(self, obj):
        # A class, not a style attribute: the Content-Security-Policy allows no inline style.
        return format_html_join("", '<pre class="raw-input">{}</pre>', [(obj.raw,)])

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
