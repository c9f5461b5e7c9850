"""The API's contract: its OpenAPI 3.1 document, written here as a Python dict and served at /api/v1/openapi.json.

Written by hand, not derived from the views, so that it is a promise the views
are held to: tests/test_api.py validates every response it sees against it,
and fails when one drifts. Objects are closed (``additionalProperties: false``):
a field added to a response must be added here first. The limits and languages
are the code's own constants, so the document cannot disagree with them.
"""

from __future__ import annotations

from django.conf import settings

from ..search_forms import MAX_QUERY_LENGTH
from .filters import DEFAULT_LIMIT, MAX_LIMIT

VERSION = "1.0.0"
LANGUAGE_CODES = [code for code, _ in settings.STORY_LANGUAGES]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def closed(properties: dict, *, optional: tuple[str, ...] = (), description: str = "") -> dict:
    """An object with exactly these properties (all required but ``optional``)."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    return {"description": description, **schema} if description else schema


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


TEXT = {"type": "string"}
URL = {"type": "string", "format": "uri", "description": "Absolute."}
DATE_TIME = {"type": "string", "format": "date-time"}
SLUG = {"type": "string", "minLength": 1, "description": "Stable name in URLs; may hold non-ASCII letters."}

STORY_REFERENCE = {
    "id": {"type": "integer", "minimum": 1, "description": "The story's id: stable for ever."},
    "headline": TEXT,
    "language": {"type": "string", "enum": LANGUAGE_CODES, "description": "The language the story is written in."},
    "url": {**URL, "description": "The story's page on the site."},
    "api_url": {**URL, "description": "The story in this API."},
}
STORY_SUMMARY = {
    **STORY_REFERENCE,
    "slug": TEXT,
    "published_at": nullable({**DATE_TIME, "description": "Null for the few old stories whose date is unknown."}),
    "updated_at": nullable({**DATE_TIME, "description": "When the story itself was last updated, if it was."}),
    "section": nullable(ref("Section")),
    "authors": {"type": "array", "items": ref("Author"), "description": "In byline order."},
    "places": {"type": "array", "items": ref("Subject"), "description": "The dateline's places, in order."},
    "tags": {"type": "array", "items": ref("Subject")},
    "agency": {**TEXT, "description": 'The credit in the dateline, e.g. "SANA"; may be empty.'},
    "dateline": {**TEXT, "description": 'As printed: "Damascus/Hasaka, SANA"; may be empty.'},
    "summary": {**TEXT, "description": "May be empty."},
}
STORY = {
    **STORY_SUMMARY,
    "status": {"type": "string", "const": "published", "description": "Only published stories are shown."},
    "body": {**TEXT, "description": "Sanitized HTML: paragraphs, links, emphasis; no scripts, styles or frames."},
    "check_also": {"type": "array", "items": ref("CheckAlso"), "description": "The story's Check Also links."},
    "translations": {"type": "array", "items": ref("StoryReference")},
}

CURSOR = {
    "name": "cursor",
    "in": "query",
    "required": False,
    "description": "Opaque: copy it from a response's `next` link (which already carries it). Edited, it is a 400.",
    "schema": {"type": "string"},
}
LIMIT = {
    "name": "limit",
    "in": "query",
    "required": False,
    "description": f"Items per page, 1 to {MAX_LIMIT}.",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
}


def slug_filter(name: str, what: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"Only stories {what} (a slug from this API or the site's URLs). Unknown: 400.",
        "schema": {"type": "string"},
    }


def date_filter(name: str, what: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"Only stories published {what}: an ISO 8601 date (midnight UTC) or date-time "
        "(UTC when it has no offset; an offset lies between -15:59 and +15:59).",
        "schema": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]},
    }


def error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def ok(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


BAD_REQUEST = error("A bad parameter (unknown, repeated, or a value out of range): `errors` names it.")
NOT_FOUND = error("No such object.")
UNAVAILABLE = error("The archive is briefly unavailable (see Retry-After): try again.")


def operation(operation_id: str, summary: str, responses: dict, parameters: list | None = None) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": parameters or [],
            "responses": {**responses, "400": BAD_REQUEST, "503": UNAVAILABLE},
        }
    }


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Newsroom archive API",
        "version": VERSION,
        "summary": "The agency's published stories, read-only, for syndication partners.",
        "description": (
            "Read-only JSON. Every answer is `application/json; charset=utf-8` and may be read from any origin "
            "(CORS `Access-Control-Allow-Origin: *`). Lists page by cursor: follow `next` until it is null; "
            "they never say how many items there are. A parameter the endpoint does not take, or one given twice, "
            "is a 400 that names it; drafts are never shown; a withdrawn or deleted story answers 410."
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "paths": {
        "/stories/": operation(
            "listStories",
            "Published stories, newest first (undated ones last); the filters combine (AND).",
            {"200": ok("A page of stories.", "StoryPage")},
            [
                date_filter("published_after", "at or after this instant"),
                date_filter("published_before", "before this instant (not at it)"),
                slug_filter("section", "of this section"),
                slug_filter("author", "by this author"),
                slug_filter("place", "datelined at this place"),
                slug_filter("tag", "with this tag"),
                {
                    "name": "language",
                    "in": "query",
                    "required": False,
                    "description": "Only stories written in this language.",
                    "schema": {"type": "string", "enum": LANGUAGE_CODES},
                },
                {
                    "name": "q",
                    "in": "query",
                    "required": False,
                    "description": (
                        "Only stories matching this search, as the site's search box reads it: words (in any of "
                        'the archive\'s languages), "exact phrases", OR, -exclusions and fields (author:, place:, '
                        "section:, tag:, lang:, from:, to:). Listed newest first, as every list is, not by relevance."
                    ),
                    "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
                },
                CURSOR,
                LIMIT,
            ],
        ),
        "/stories/{id}/": operation(
            "getStory",
            "One published story, whole.",
            {
                "200": ok("The story.", "Story"),
                "404": error("No published story has this id (drafts included)."),
                "410": error("The story was withdrawn (`withdrawn_at`) or deleted (`deleted_at`)."),
            },
            [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}],
        ),
        "/authors/": operation(
            "listAuthors",
            "Every author, by slug.",
            {"200": ok("A page of authors.", "AuthorPage")},
            [CURSOR, LIMIT],
        ),
        "/authors/{slug}/": operation(
            "getAuthor",
            "One author. A merged author's old slug answers 301 to the author it became.",
            {"200": ok("The author.", "AuthorDetail"), "301": {"description": "Moved."}, "404": NOT_FOUND},
            [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
        ),
        "/sections/": operation(
            "listSections",
            "Every section, by name.",
            {"200": ok("All the sections.", "SectionList")},
        ),
        "/openapi.json": operation(
            "getSchema",
            "This document.",
            {"200": {"description": "The OpenAPI document.", "content": {"application/json": {}}}},
        ),
    },
    "components": {
        "schemas": {
            "Error": closed(
                {
                    "status": {"type": "integer", "minimum": 400, "maximum": 599},
                    "detail": {**TEXT, "description": "What went wrong, in English."},
                    "errors": {
                        "type": "object",
                        "description": "By parameter name: what is wrong with it.",
                        "additionalProperties": {"type": "array", "items": TEXT, "minItems": 1},
                        "minProperties": 1,
                    },
                    "withdrawn_at": nullable(DATE_TIME),
                    "deleted_at": DATE_TIME,
                },
                optional=("errors", "withdrawn_at", "deleted_at"),
            ),
            "Subject": closed({"name": TEXT, "slug": SLUG, "url": {**URL, "description": "Its page on the site."}}),
            "Section": closed(
                {
                    "name": TEXT,
                    "name_ar": nullable({**TEXT, "description": "The name in Arabic, where the editors gave one."}),
                    "slug": SLUG,
                    "url": {**URL, "description": "Its page on the site."},
                    "stories": {**URL, "description": "Its stories in this API."},
                }
            ),
            "Author": closed(
                {
                    "name": TEXT,
                    "slug": SLUG,
                    "url": {**URL, "description": "Their page on the site."},
                    "api_url": {**URL, "description": "The author in this API."},
                }
            ),
            "AuthorDetail": closed(
                {
                    "name": TEXT,
                    "slug": SLUG,
                    "url": {**URL, "description": "Their page on the site."},
                    "api_url": {**URL, "description": "The author in this API."},
                    "bio": {**TEXT, "description": "May be empty."},
                    "stories": {**URL, "description": "Their stories in this API."},
                }
            ),
            "CheckAlso": closed(
                {
                    "title": {**TEXT, "description": "The linked headline as printed."},
                    "url": nullable({**URL, "description": "Null while the linked story is not in the archive."}),
                    "api_url": nullable(URL),
                }
            ),
            "StoryReference": closed(STORY_REFERENCE),
            "StorySummary": closed(STORY_SUMMARY, description="A story as lists show it: all but its body and links."),
            "Story": closed(STORY),
            "StoryPage": closed(
                {
                    "results": {"type": "array", "items": ref("StorySummary"), "maxItems": MAX_LIMIT},
                    "next": nullable({**URL, "description": "The next page; null on the last."}),
                }
            ),
            "AuthorPage": closed(
                {
                    "results": {"type": "array", "items": ref("Author"), "maxItems": MAX_LIMIT},
                    "next": nullable({**URL, "description": "The next page; null on the last."}),
                }
            ),
            "SectionList": closed({"results": {"type": "array", "items": ref("Section")}}),
        }
    },
}
