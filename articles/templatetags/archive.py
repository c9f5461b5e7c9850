"""Template helpers for pages drawn in the language of what they show (articles/languages.py)."""

from django import template

from articles.languages import current_archive, in_archive
from articles.text import xml_safe as _xml_safe

register = template.Library()


@register.filter
def archive_url(path: str) -> str:
    """A list's path in the archive of the page being drawn: Arabic pages link the Arabic lists."""
    return in_archive(path, current_archive())


@register.simple_tag
def page_direction() -> str:
    from articles.languages import direction, page_language

    return direction(page_language())


@register.simple_tag
def site_language() -> str:
    """The language of the site's own words on the page being drawn ("en", "ar"): a date or label inside a story
    in another language (a Hindi story's list item) says it is in the page's language, not the story's."""
    from articles.languages import page_language

    return page_language()


@register.simple_tag
def language_named(code: str):
    """A story language's name in the page's language where there is one ("الهندية" on an Arabic page), marked
    with the language it is in: "Hindi" inside a link to the Hindi story was marked lang="hi"."""
    from django.utils.html import format_html

    from articles.languages import direction, named_language

    name, language = named_language(code)
    if not language:
        return name
    return format_html('<span lang="{}" dir="{}">{}</span>', language, direction(language), name)


@register.filter
def iso(value) -> str:
    """A moment as HTML's datetime attribute takes it: ISO 8601 to the second (HTML refuses microseconds)."""
    return value.isoformat(timespec="seconds") if value else ""


@register.filter
def xml_safe(value) -> str:
    """Text for an XML document (a sitemap) without what XML 1.0 cannot hold: a story archived before control
    characters were refused may hold one (articles.text.xml_safe). Escaping is still the template's."""
    return _xml_safe(str(value))


@register.filter
def isolated(value) -> str:
    """Text set apart from what surrounds it in a plain-text context, where no <bdi> can stand (a page's <title>):
    between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, so that an Arabic headline's end ("...؟") stays at its
    end, not beside " · Newsroom archive" on an English page. Escaping is still the template's."""
    text = str(value)
    return f"\u2068{text}\u2069" if text else text
