"""The archive's data model.

The names here are a contract that ingest, the reading pages, search and the
tests rely on. Constraints live in ``Meta`` so the database, not the code that
happens to write, guards what must stay true for decades.
"""

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_unicode_slug
from django.db import connection, models
from django.db.models import Deferrable, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .ingest.parsed import FIRST_YEAR, LAST_YEAR
from .languages import HEBREW_SCRIPT, direction
from .sanitize import sanitize_html
from .text import NOT_TEXT, SLUG, clean_line, drop_invisible, make_slug, match_key

SLUG_HELP = "Made from the name or headline when left empty."

# Letters with their marks, digits, "_" and "-": what make_slug makes. Django's unicode slug validator (\w and "-")
# refused a slug made from a Hindi or Thai headline ("प्रधानमंत्री-ने"), and the admin could not save the story.
validate_slug = RegexValidator(
    SLUG, "Enter a valid slug: letters (with their vowel signs and marks), numbers, underscores or hyphens.", "invalid"
)


def _with_marks(validators: list) -> list:
    return [validate_slug if validator is validate_unicode_slug else validator for validator in validators]


class SlugFormField(forms.SlugField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = _with_marks(self.validators)


class UnicodeSlugField(models.SlugField):
    """A SlugField (allow_unicode) whose letters may carry combining marks, as ``make_slug`` keeps them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The validators are read (and kept) as CharField adds its length's: Django's unicode slug one is among them.
        self.validators[:] = _with_marks(self.validators)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SlugFormField, **kwargs})


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = UnicodeSlugField(max_length=200, unique=True, allow_unicode=True, blank=True, help_text=SLUG_HELP)
    bio = models.TextField(blank=True)
    # match_key(name): how bylines find their author whatever the capitalisation.
    name_key = models.CharField(max_length=200, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="author_name_trgm")]
        # Merging removes authors: a permission of its own, not given to Editors by default (README).
        permissions = [("merge_author", "Can merge authors")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # As every parser does: a bidi override typed or pasted into a name drew it reversed on every page.
        self.name = drop_invisible(self.name)
        self.name_key = match_key(self.name)
        if not self.slug:
            self.slug = make_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class AuthorAlias(models.Model):
    """Another spelling of an author's name ("Manar Al Freih" for "Manar al-Freih")."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "author aliases"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = drop_invisible(self.name)
        self.name_key = match_key(self.name)
        super().save(*args, **kwargs)


class SlugRedirect(models.Model):
    """An address that once named an author, section, tag or place: it answers 301 to where that page lives now.

    Made when an author is merged into another; any renamed object with a slug
    page can use it too, since it points at the object, not at a URL.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    old_slug = models.CharField(max_length=200)
    object_id = models.BigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "old_slug"], name="slugredirect_once_per_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.old_slug} -> {self.object_id}"


class NamedSlugModel(models.Model):
    name = models.CharField(max_length=200)
    slug = UnicodeSlugField(max_length=200, unique=True, allow_unicode=True, blank=True, help_text=SLUG_HELP)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # As every parser does: a bidi override typed or pasted into a name drew it reversed on every page.
        self.name = drop_invisible(self.name)
        if not self.slug:
            self.slug = make_slug(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        if self.name and not match_key(self.name):  # only marks that show nothing, or no letter or digit at all
            raise ValidationError({"name": "A name needs at least one letter or digit."})


class Section(NamedSlugModel):
    name_ar = models.CharField("name in Arabic", max_length=200, blank=True, help_text="Shown on Arabic pages.")

    def save(self, *args, **kwargs):
        self.name_ar = drop_invisible(self.name_ar)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """The name in the language of the page being drawn (Arabic pages use name_ar when there is one)."""
        return self.name_ar if self.display_language == "ar" else self.name

    @property
    def display_language(self) -> str:
        """The language ``display_name`` is in: English where an Arabic page has no Arabic name to show."""
        from django.utils.translation import get_language

        return "ar" if self.name_ar and (get_language() or "").startswith("ar") else "en"


class Tag(NamedSlugModel):
    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})


class Place(NamedSlugModel):
    """A dateline place as printed: "Moscow", "Damascus Countryside", "دمشق"."""

    def get_absolute_url(self) -> str:
        return reverse("articles:place", kwargs={"slug": self.slug})


# No date, no author, or a Check Also not yet resolved (see Article.missing_author).
NEEDS_ATTENTION = Q(published_at__isnull=True) | Q(missing_author=True) | Q(pending_check_also=True)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def withdrawn(self):
        return self.filter(status=Article.Status.WITHDRAWN)

    def in_language(self, code: str):
        return self.filter(language=code)

    def undated(self):
        return self.filter(published_at__isnull=True)

    def without_author(self):
        return self.filter(missing_author=True)

    def with_unresolved_links(self):
        return self.filter(pending_check_also=True)

    def needs_attention(self):
        """Stories an editor should look at: no date, no author, or a Check Also not yet resolved."""
        return self.filter(NEEDS_ATTENTION)

    def search(self, text: str, *, page_by_page: bool = False):
        """The stories matching a search box's text, in no order; composable (``.published()``, ...).

        Any status: add ``.published()`` for readers. See ``articles/search.py``. ``page_by_page``: for a list
        read a page at a time along a date index (the API's stories), where collecting every match for each page
        would cost more than testing the stories the page walks past (``search.listed_matches``).
        """
        from django.db.models.expressions import RawSQL

        from .search import listed_matches, matching_sql

        if page_by_page:
            condition, by_id = listed_matches(text, story_id=f"{self.model._meta.db_table}.id")
            found = self.filter(condition)
            # For the paging (api.sources.source_for): few matches listed by id drive the page themselves.
            found.query.matches_listed_by_id = by_id
            return found
        found = matching_sql(text)
        return self.none() if found is None else self.filter(pk__in=RawSQL(*found))  # noqa: S611 - our SQL, values as parameters

    def latest_first(self):
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-pk")

    def published_between(self, start, end):
        """Published stories dated in [start, end): a date archive's range, served by the list indexes."""
        return self.published().filter(published_at__gte=start, published_at__lt=end)

    def latest_ids_by_section(self, *, per_section: int, arabic: bool = False) -> list[tuple[int, int]]:
        """(section id, story id) of each section's latest published stories, Arabic or not, in one query.

        A LATERAL join walks each section's list index for its first rows, so the cost
        is sections x per_section index entries whatever the size of the archive.
        """
        article, section = Article._meta.db_table, Section._meta.db_table
        # Written as the section list indexes' conditions are, so that PostgreSQL matches them.
        language = "language = 'ar'" if arabic else "NOT (language = 'ar')"
        sql = f"""
            SELECT s.id, a.id FROM {section} s CROSS JOIN LATERAL (
                SELECT id FROM {article}
                WHERE section_id = s.id AND status = %s AND published_at IS NOT NULL AND {language}
                ORDER BY published_at DESC, id DESC LIMIT %s
            ) a
        """  # noqa: S608 - table names from our own models, values as parameters
        with connection.cursor() as cursor:
            cursor.execute(sql, [Article.Status.PUBLISHED, per_section])
            return cursor.fetchall()


# The stories the readers' lists show, as a partial index's condition.
LISTED = Q(status="published", published_at__isnull=False)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Marker(models.TextChoices):
        """What a headline's markers said: "Updated-...", "...-Video", "...-Photos"."""

        UPDATED = "updated", "Updated"
        VIDEO = "video", "Video"
        PHOTOS = "photos", "Photos"

    headline = models.CharField(max_length=500)
    # Stories are found by id; the slug only makes their URL readable, so it needs no index.
    slug = UnicodeSlugField(max_length=200, allow_unicode=True, blank=True, db_index=False, help_text=SLUG_HELP)
    language = models.CharField(max_length=8, choices=settings.STORY_LANGUAGES, default="en")
    places = models.ManyToManyField(Place, blank=True, related_name="articles")
    agency = models.CharField(
        max_length=100, blank=True, help_text='The credit as printed in the dateline, e.g. "SANA".'
    )
    body = models.TextField(help_text="Sanitized HTML, one <p> per paragraph.")
    summary = models.TextField(blank=True)
    markers = ArrayField(models.CharField(max_length=16, choices=Marker.choices), default=list, blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Unknown for some scraped stories; those are flagged for editors."
    )
    updated_at = models.DateTimeField(null=True, blank=True, help_text="When the story itself was updated.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Indexed by article_section_order_idx, which also serves the admin's section filter in its order.
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles", db_index=False
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", blank=True)
    source_url = models.URLField(max_length=1000, blank=True, default="")
    # The identity that makes re-ingesting the same story an update, never a duplicate:
    # its source URL or id when known, else its headline, places and date. Null for
    # stories written in the admin, which have no outside identity.
    identity_key = models.CharField(max_length=300, null=True, blank=True, editable=False)
    # match_key(headline): how "Check Also" links find their target.
    headline_key = models.CharField(max_length=500, editable=False)
    checksum = models.CharField(max_length=64, blank=True, editable=False, help_text="SHA-256 of the content.")
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # What "needs attention" asks of other tables, kept on the story so that the admin's
    # filter is an index lookup at any size. The database keeps both right (triggers on
    # bylines and links, see migration 0009), whoever writes; a bulk insert that sets them
    # right from the start spares those triggers an update of each new row.
    # Defaults in the database too, for COPY and SQL that name only the story's own columns.
    missing_author = models.BooleanField(
        default=True, db_default=True, editable=False, help_text="The story has no byline."
    )
    pending_check_also = models.BooleanField(
        default=False, db_default=False, editable=False, help_text="A Check Also link still waits for its story."
    )

    history = HistoricalRecords(excluded_fields=["modified_at", "missing_author", "pending_check_also"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-pk"]
        # Every index is paid for on each of a bulk import's writes: none here is
        # redundant (no LIKE twins, none a prefix of another).
        constraints = [
            models.UniqueConstraint(fields=["identity_key"], name="article_identity_key_unique"),
            models.UniqueConstraint(
                fields=["source_url"], condition=~Q(source_url=""), name="article_source_url_unique_when_present"
            ),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "withdrawn"]), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(updated_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(updated_at__gte=models.F("published_at")),
                name="article_updated_after_published",
            ),
        ]
        indexes = [
            models.Index(fields=["headline_key"], name="article_headline_key_idx"),
            models.Index(fields=["status", "-published_at"], name="article_status_date_idx"),
            # The readers' lists (articles/paging.py) order by (published_at DESC, id DESC): the two indexes
            # above serve the whole list and each language (an incremental sort breaks ties on id); these
            # serve a section's list and the few undated published stories that end every list.
            # One per archive (articles/languages.py), so that a section with no Arabic story, or no other,
            # costs its archive an empty index range rather than a scan of the section.
            models.Index(
                fields=["section", "-published_at", "-id"],
                condition=LISTED & ~Q(language="ar"),
                name="article_section_list_idx",
            ),
            models.Index(
                fields=["section", "-published_at", "-id"],
                condition=LISTED & Q(language="ar"),
                name="article_section_ar_list_idx",
            ),
            models.Index(
                fields=["-id"], condition=Q(status="published", published_at__isnull=True), name="article_undated_idx"
            ),
            models.Index(fields=["language", "status", "-published_at"], name="article_lang_status_date_idx"),
            GinIndex(fields=["markers"], name="article_markers_gin"),
            # The admin's search is icontains, i.e. UPPER(headline) LIKE: a trigram index serves it.
            GinIndex(OpClass(Upper("headline"), name="gin_trgm_ops"), name="article_headline_trgm"),
            # The admin's order (undated first, then newest) for its list, its date drill-down and "no date".
            models.Index(fields=["-published_at", "-id"], name="article_admin_order_idx"),
            models.Index(fields=["section", "-published_at", "-id"], name="article_section_order_idx"),
            # "Needs attention" and two of its reasons, in the admin's order; each holds only its stories.
            models.Index(fields=["-published_at", "-id"], condition=NEEDS_ATTENTION, name="article_attention_idx"),
            models.Index(
                fields=["-published_at", "-id"], condition=Q(missing_author=True), name="article_no_author_idx"
            ),
            models.Index(
                fields=["-published_at", "-id"], condition=Q(pending_check_also=True), name="article_pending_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        self.prepare_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug})

    def clean(self):
        # As the ingest refuses such a headline (ingest.parsed.check_headline): "---", "[" or marks that show
        # nothing, which prepare_fields drops, would leave a story with no title to list, link or find.
        if self.headline and not match_key(self.headline):  # match_key drops the invisible marks too
            raise ValidationError({"headline": "A headline needs at least one letter or digit."})
        # As the ingest refuses them (ingest.parsed.check_storable): a control character is not text.
        errors = {
            field: f"This holds a control character (\\u{ord(found[0]):04x}), which is not text; remove it."
            for field in ("headline", "summary", "body")
            if (found := NOT_TEXT.search(getattr(self, field) or ""))
        }
        # As the ingest refuses them (ingest.parsed.check_date): 9999-12-31 was saved, and the story list's date
        # drill-down then failed on the year after it, for every editor.
        errors |= {
            field: f"The year {moment.year} is outside the years {FIRST_YEAR}-{LAST_YEAR} an archive date may have."
            for field in ("published_at", "updated_at")
            if (moment := getattr(self, field)) and not FIRST_YEAR <= moment.year <= LAST_YEAR
        }
        if errors:
            raise ValidationError(errors)

    def prepare_fields(self, *, body_is_clean: bool = False) -> None:
        """Derive what is stored from what was given; bulk writes, which skip save(), call it too.

        ``body_is_clean`` only for a body that has just passed ``sanitize_html`` or was
        built from escaped text (a ``ParsedStory.body_html``): it saves a second pass.
        """
        if not body_is_clean:
            self.body = sanitize_html(self.body)
        # Whoever writes (an editor pasting from a layout program, a file's HTML with &shy;), a word stays whole.
        self.headline, self.summary, self.body = map(drop_invisible, (self.headline, self.summary, self.body))
        self.headline_key = match_key(self.headline)
        if not self.slug:
            self.slug = make_slug(self.headline)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def text_direction(self) -> str:
        # A Kurdish story is Sorani (right to left) or Kurmanji (left to right): its headline tells which.
        return direction(self.language, self.headline)

    # A page of stories gets its places and authors in one query (listing.attach_places_and_authors); a story
    # read alone reads them through its relations.
    listed_places: list[Place] | None = None
    listed_authors: list[Author] | None = None

    def place_names(self) -> list[str]:
        places = self.listed_places if self.listed_places is not None else self.places.all()
        return [place.name for place in places]

    @property
    def dateline(self) -> str:
        """The dateline as the agency prints it: "Damascus/Hasaka, SANA", "اللاذقية، سانا" (Arabic script's comma)."""
        places = "/".join(self.place_names())
        if places and self.agency:
            return f"{places}{self.list_comma}{self.agency}"
        return places or self.agency

    @property
    def list_comma(self) -> str:
        """The comma between the items of a list in the story's own script: "، " in Arabic script."""
        return "، " if self.text_direction == "rtl" and self.language not in HEBREW_SCRIPT else ", "

    def byline_authors(self) -> list[Author]:
        if self.listed_authors is not None:
            return self.listed_authors
        return [byline.author for byline in self.bylines.all()]


class Byline(models.Model):
    """An author's place in a story's byline; ``position`` keeps the printed order."""

    # Indexed by the (article, author) constraint.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines", db_index=False)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_author_once_per_article"),
            # Deferred so the admin can swap two authors' positions in one save.
            models.UniqueConstraint(
                fields=["article", "position"], name="byline_position_unique", deferrable=Deferrable.DEFERRED
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} ({self.position + 1})"


class RelatedLink(models.Model):
    """A cross-link such as "Check Also", kept as printed until its target is known."""

    class Kind(models.TextChoices):
        OBSERVED = "observed", "Observed in the ingested story"
        EDITORIAL = "editorial", "Chosen by an editor"
        COMPUTED = "computed", "Computed"
        # The same story in another language; read in both directions (articles/story.py).
        TRANSLATED = "translated", "Translation of this story"

    # Indexed by the (source, kind, position) constraint.
    source = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links", db_index=False)
    target = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="incoming_links")
    title = models.CharField(max_length=500, blank=True, help_text="The linked headline as printed.")
    title_key = models.CharField(max_length=500, editable=False)  # pending ones indexed in Meta
    teaser = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EDITORIAL)
    position = models.PositiveSmallIntegerField(default=0)
    observed_at = models.DateTimeField(null=True, blank=True, help_text="When an observed link was seen.")
    # Several archived stories share the printed headline and none is closest in date.
    ambiguous = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "position"],
                name="relatedlink_position_unique",
                deferrable=Deferrable.DEFERRED,
            ),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="relatedlink_not_to_itself"),
            models.CheckConstraint(
                condition=~Q(title="") | Q(target__isnull=False), name="relatedlink_has_title_or_target"
            ),
        ]
        indexes = [
            models.Index(fields=["title_key"], condition=Q(target__isnull=True), name="relatedlink_pending_idx"),
            # Pending links that give their story's address resolve to the story with that source URL when it arrives.
            models.Index(
                fields=["url"], condition=Q(target__isnull=True) & ~Q(url=""), name="relatedlink_pending_url_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.target)

    def save(self, *args, **kwargs):
        if not self.title and self.target_id:
            self.title = self.target.headline
        self.title_key = match_key(self.title)
        super().save(*args, **kwargs)

    @property
    def is_resolved(self) -> bool:
        return self.target_id is not None


class Correction(models.Model):
    """A public note of a correction or update to a story."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["published_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.published_at:%Y-%m-%d}"


class LegacyIdentifier(models.Model):
    """An identifier a story had elsewhere: a WordPress post id, an agency story id."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="legacy_identifiers")
    scheme = models.CharField(max_length=50, help_text='Where the id comes from, e.g. "wordpress" or "sana".')
    value = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "value"], name="legacy_identifier_unique")]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


class LegacyPath(models.Model):
    """An old URL path ("/en/?p=123", "/2015/09/15/putin-.../") that must keep leading to its story."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="legacy_paths")
    path = models.CharField(max_length=1000, unique=True, help_text="Path and query, starting with /.")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(path__startswith="/"), name="legacy_path_starts_with_slash")]

    def __str__(self) -> str:
        return self.path


class Provenance(models.Model):
    """Where a version of a story came from, with the raw input so a better parser can read it again."""

    # Indexed by the (article, checksum) constraint.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="provenance", db_index=False)
    source = models.CharField(max_length=1000, help_text="The file (and line) or URL the story was read from.")
    raw = models.TextField()
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the raw input.")
    parser = models.CharField(max_length=50, help_text='The parser and its version, e.g. "plaintext/1".')
    ingested_at = models.DateTimeField(default=timezone.now)
    # Who ran the ingest (none for the command line): a story's first revision is credited to them.
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["-ingested_at", "-pk"]
        verbose_name_plural = "provenance"
        constraints = [models.UniqueConstraint(fields=["article", "checksum"], name="provenance_once_per_input")]
        # Only admin imports name a user: a small index that finds them (the export lists those accounts).
        indexes = [
            models.Index(
                fields=["ingested_by"], condition=Q(ingested_by__isnull=False), name="provenance_ingested_by_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.parser})"


class Tombstone(models.Model):
    """What is left of a deleted story that was once public: its address keeps answering 410, never 404.

    Keyed by the story's old id (ids are never reused), so ``/stories/<id>/<any slug>/``
    finds it; its legacy paths and identifiers are kept so those addresses answer 410 too.
    Written by ``services.delete_articles`` and by a ``pre_delete`` receiver for any other delete.
    """

    id = models.BigIntegerField(primary_key=True, help_text="The deleted story's id.")
    headline = models.CharField(max_length=500)
    slug = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, default="en")
    published_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(default=timezone.now)
    legacy_paths = ArrayField(models.CharField(max_length=1000), default=list, blank=True)
    # "scheme:value", as /legacy/<scheme>/<value>/ addresses it.
    legacy_identifiers = ArrayField(models.CharField(max_length=251), default=list, blank=True)

    class Meta:
        ordering = ["-deleted_at", "-id"]
        indexes = [
            GinIndex(fields=["legacy_paths"], name="tombstone_legacy_paths_gin"),
            GinIndex(fields=["legacy_identifiers"], name="tombstone_legacy_ids_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.headline} (deleted {self.deleted_at:%Y-%m-%d})"


def new_feed_token() -> str:
    """A secret for a saved search's feed address: feed readers do not log in, so the address is the key."""
    import secrets

    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """A staff member's search, kept with its filters, with a private Atom feed of its newest matches."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=200)
    query = models.CharField(max_length=1000, blank=True, help_text="The text of the search box.")
    # The search form's other fields as submitted (strings), read back through the same form.
    filters = models.JSONField(default=dict, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "saved searches"
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="savedsearch_name_not_empty")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from urllib.parse import urlencode

        params = {"q": self.query, **self.filters} if self.query else dict(self.filters)
        return reverse("articles:staff-search") + ("?" + urlencode(params) if params else "")

    @property
    def display_name(self) -> str:
        """The name as shown: one saved before names were cleaned may hold a bidi override that turns it around."""
        return clean_line(self.name) or self.name

    def feed_url(self) -> str:
        return reverse("articles:saved-search-feed", kwargs={"token": self.feed_token})
