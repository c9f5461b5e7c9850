"""What a story's page tells machines: schema.org NewsArticle (JSON-LD), Open Graph, Twitter cards, canonical URL.

The JSON-LD is serialised here and escaped for a <script> element ("<", ">" and
"&" as \\u escapes, as django's json_script does), so no headline can close the
element or open another: it is the only markup this module marks safe.
"""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

from .feeds import SITE_NAME
from .models import Article
from .text import teaser

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# Open Graph wants a territory with the language.
OG_LOCALES = {"en": "en_GB", "ar": "ar_AR", "fr": "fr_FR", "es": "es_ES", "ru": "ru_RU"}


def json_for_script(data) -> SafeString:
    """``data`` as JSON that can sit inside a <script> element whatever its strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - every "<", ">" and "&" is escaped above


def description_of(article: Article) -> str:
    return teaser(article.summary, article.body, words=40)


def story_metadata(article: Article, request, translations: list[Article]) -> dict:
    """The canonical URL, hreflang alternates, JSON-LD and Open Graph/Twitter properties of a story's page."""

    def absolute(obj) -> str:
        return request.build_absolute_uri(obj.get_absolute_url())

    canonical = absolute(article)
    description = description_of(article)
    authors = article.byline_authors()
    places = [place.name for place in article.places.all()]
    modified = article.updated_at or article.published_at
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": description,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "inLanguage": article.language,
        "author": [
            {"@type": "Person", "name": author.name, "url": request.build_absolute_uri(author.get_absolute_url())}
            for author in authors
        ],
        "publisher": {"@type": "Organization", "name": SITE_NAME, "url": request.build_absolute_uri("/")},
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if modified:
        data["dateModified"] = modified.isoformat()
    if places:
        # The dateline's places: where the story is about and where it was written.
        data["contentLocation"] = [{"@type": "Place", "name": name} for name in places]
        data["locationCreated"] = {"@type": "Place", "name": places[0]}
    if article.section:
        data["articleSection"] = article.section.name
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    if translations:
        data["workTranslation"] = [
            {"@type": "NewsArticle", "url": absolute(other), "inLanguage": other.language} for other in translations
        ]

    open_graph = [
        ("og:type", "article"),
        ("og:site_name", SITE_NAME),
        ("og:title", article.headline),
        ("og:description", description),
        ("og:url", canonical),
        ("og:locale", OG_LOCALES.get(article.language, article.language)),
        *[("og:locale:alternate", OG_LOCALES.get(other.language, other.language)) for other in translations],
    ]
    if article.published_at:
        open_graph.append(("article:published_time", article.published_at.isoformat()))
    if modified:
        open_graph.append(("article:modified_time", modified.isoformat()))
    open_graph += [("article:author", request.build_absolute_uri(author.get_absolute_url())) for author in authors]
    if article.section:
        open_graph.append(("article:section", article.section.name))
    open_graph += [("article:tag", tag) for tag in tags]

    alternates = [(article.language, canonical)]
    alternates += [(other.language, request.build_absolute_uri(other.get_absolute_url())) for other in translations]
    return {
        "canonical_url": canonical,
        "hreflang_alternates": alternates if translations else [],
        "json_ld": json_for_script(data),
        "open_graph": open_graph,
        "twitter_card": [
            ("twitter:card", "summary"),
            ("twitter:title", article.headline),
            ("twitter:description", description),
        ],
        "description": description,
    }
