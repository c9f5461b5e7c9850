"""The author forms of the admin: a name is refused when its matching key is another's, or empty.

``Author.name_key`` and ``AuthorAlias.name_key`` are ``match_key(name)``, unique, and not on the form
(editable=False), so Django's own unique check never sees them: a second "Lina Haddad" typed as
"lina  HADDAD" reached the database and answered 500 (IntegrityError, articles_author_name_key_key). So did
two names with no letter or digit ("😀", a control character), whose key is empty.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from .models import Author, AuthorAlias
from .text import drop_invisible, make_slug, match_key

NO_LETTER = "A name needs at least one letter or digit: bylines find their author by them."


def _author_link(author: Author):
    return format_html('<a href="{}">{}</a>', reverse("admin:articles_author_change", args=[author.pk]), author.name)


def name_key(name: str) -> str:
    key = match_key(name)
    if not key:
        raise ValidationError(NO_LETTER, code="no_letter")
    return key


class AuthorForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ["name", "slug", "bio"]

    def clean_name(self) -> str:
        name = drop_invisible(self.cleaned_data["name"])  # as Author.save stores it, and checked so
        key = name_key(name)
        same = Author.objects.filter(name_key=key).exclude(pk=self.instance.pk).first()
        if same is not None:
            raise ValidationError(
                format_html(
                    "{} is already an author, matched whatever its case or accents: {}.", name, _author_link(same)
                ),
                code="same_name",
            )
        return name

    def clean(self):
        cleaned = super().clean()
        # Author.save makes the slug from the name when none is given: "O'Brien" makes "OBrien"'s, another key.
        name, slug = cleaned.get("name"), cleaned.get("slug")
        if name and not slug:
            made = make_slug(name)
            same = Author.objects.filter(slug=made).exclude(pk=self.instance.pk).first()
            if same is not None:
                self.add_error(
                    "slug",
                    format_html("The slug “{}” made from the name is {}'s: type another.", made, _author_link(same)),
                )
        return cleaned


class AuthorAliasFormSet(BaseInlineFormSet):
    """An alias's key is unique across every author's aliases, and among the rows of this form."""

    def clean(self):
        super().clean()
        seen: dict[str, str] = {}
        for form in self.forms:
            name = form.cleaned_data.get("name") if form.cleaned_data else None
            if not name or form.cleaned_data.get("DELETE"):
                continue
            try:
                key = name_key(drop_invisible(name))  # as AuthorAlias.save stores it
            except ValidationError as error:
                form.add_error("name", error)
                continue
            if key in seen:
                form.add_error("name", f"The same name as “{seen[key]}”, whatever its case or accents.")
                continue
            seen[key] = name
            same = AuthorAlias.objects.filter(name_key=key).exclude(pk=form.instance.pk).select_related("author")
            if alias := same.first():
                form.add_error(
                    "name", format_html("“{}” is already a spelling of {}.", alias.name, _author_link(alias.author))
                )
