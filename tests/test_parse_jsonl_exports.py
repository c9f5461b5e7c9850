"""JSON Lines written as publishing systems export a story: WordPress's REST API, Arc XP's ANS, AP's Media API and a
generic CMS's own names (articles/ingest/json_exports.py)."""

import json
from datetime import UTC, datetime

import pytest

from articles.ingest.jsonl import parse_lines
from articles.ingest.parsed import ParseError
from articles.ingest.store import identity_key

WORDPRESS = {
    "id": 4711,
    "date": "2026-06-01T11:00:00",
    "date_gmt": "2026-06-01T08:00:00",
    "modified_gmt": "2026-06-02T09:30:00",
    "slug": "wheat-harvest-begins",
    "status": "publish",
    "type": "post",
    "link": "https://example.org/en/2026/06/wheat-harvest-begins/",
    "title": {"rendered": "Farmers &#8216;hopeful&#8217; as <em>wheat</em> harvest begins"},
    "content": {"rendered": "\n<p>Hasaka, SANA &#8211; Farmers began the wheat harvest on Monday.</p>\n"
                "<p>The yield is expected to rise &amp; prices to fall.</p>\n", "protected": False},
    "excerpt": {"rendered": "<p>Farmers began the wheat harvest&hellip;</p>\n", "protected": False},
    "author": 3,
    "categories": [5],
    "tags": [9, 10],
    "comment_status": "open",
    "_links": {"self": [{"href": "https://example.org/wp-json/wp/v2/posts/4711"}]},
    "_embedded": {
        "author": [{"id": 3, "name": "Lina Haddad", "slug": "lina"}],
        "wp:term": [
            [{"id": 5, "name": "Economy &amp; Trade", "taxonomy": "category"}],
            [{"id": 9, "name": "harvest", "taxonomy": "post_tag"}, {"id": 10, "name": "wheat", "taxonomy": "post_tag"}],
        ],
    },
}  # fmt: skip


def _one(record: dict):
    [story] = parse_lines([json.dumps(record)], source="feed.jsonl")
    return story


def test_a_wordpress_rest_api_post_is_read_by_its_own_fields():
    story = _one(WORDPRESS)
    assert story.headline == "Farmers ‘hopeful’ as wheat harvest begins"
    assert story.html.startswith("<p>") and "Farmers began the wheat harvest" in story.html
    assert (story.places, story.agency) == (["Hasaka"], "SANA")
    assert story.summary == "Farmers began the wheat harvest…"
    assert story.published_at == datetime(2026, 6, 1, 8, tzinfo=UTC)  # date_gmt, not the local "date"
    assert story.updated_at == datetime(2026, 6, 2, 9, 30, tzinfo=UTC)
    assert story.source_url == WORDPRESS["link"]
    assert story.legacy_ids == [("id", "4711")]
    assert story.authors == ["Lina Haddad"]
    assert (story.section, story.tags) == ("Economy & Trade", ["harvest", "wheat"])
    assert story.status == "published"


def test_a_wordpress_draft_is_a_draft_and_a_post_without_content_is_refused_naming_it():
    assert _one({**WORDPRESS, "status": "future"}).status == "draft"
    with pytest.raises(ParseError, match=r"line 1: a WordPress REST API post: 'content.rendered' is required"):
        _one({**WORDPRESS, "content": {"rendered": "", "protected": True}})


ARC = {
    "_id": "ABCDEF1234567890",
    "type": "story",
    "version": "0.10.9",
    "canonical_url": "/economy/2026/06/01/wheat-harvest-begins/",
    "headlines": {"basic": "Wheat harvest begins in Hasaka"},
    "description": {"basic": "Farmers expect a better yield."},
    "display_date": "2026-06-01T08:00:00.000Z",
    "first_publish_date": "2026-06-01T07:55:00.000Z",
    "language": "en",
    "credits": {"by": [{"type": "author", "name": "Lina Haddad"}, {"type": "author", "name": "Rasha Milhem"}]},
    "taxonomy": {
        "sections": [{"_id": "/economy", "name": "Economy"}], "tags": [{"text": "harvest"}, {"text": "wheat"}]
    },
    "content_elements": [
        {"type": "text", "content": "Hasaka, SANA – Farmers began the <b>wheat</b> harvest on Monday."},
        {"type": "image", "url": "https://example.org/wheat.jpg"},
        {"type": "header", "level": 2, "content": "Prices"},
        {"type": "text", "content": "Prices are expected to fall &amp; the yield to rise."},
    ],
}  # fmt: skip


def test_an_arc_xp_ans_story_is_read_by_its_own_fields():
    story = _one(ARC)
    assert story.headline == "Wheat harvest begins in Hasaka"
    assert story.html == (
        "<p>Farmers began the <b>wheat</b> harvest on Monday.</p>\n<h2>Prices</h2>\n"
        "<p>Prices are expected to fall &amp; the yield to rise.</p>"
    )
    assert (story.places, story.agency) == (["Hasaka"], "SANA")
    assert story.authors == ["Lina Haddad", "Rasha Milhem"]
    assert story.published_at == datetime(2026, 6, 1, 8, tzinfo=UTC)  # the date readers are shown
    assert (story.section, story.tags, story.language) == ("Economy", ["harvest", "wheat"], "en")
    assert story.summary == "Farmers expect a better yield."
    # A site's path names no site: the _id identifies the story, the same each time it is read.
    assert (story.source_url, story.legacy_ids) == ("", [("id", "ABCDEF1234567890")])
    assert _one({**ARC, "canonical_url": "https://example.org/x"}).source_url == "https://example.org/x"


def test_an_arc_xp_gallery_or_a_story_without_text_is_refused_naming_it():
    with pytest.raises(ParseError, match=r"an Arc XP ANS story: type 'gallery' is not a story"):
        _one({**ARC, "type": "gallery"})
    with pytest.raises(ParseError, match=r"'content_elements' holds no text element"):
        _one({**ARC, "content_elements": [{"type": "image", "url": "https://example.org/a.jpg"}]})


AP = {
    "uri": "https://api.ap.org/media/v/content/0123abcd?qt=xyz&et=1a1aza0c0",
    "altids": {"itemid": "0123abcd", "etag": "0123abcd_1a1aza0c0"},
    "version": 3,
    "type": "text",
    "pubstatus": "usable",
    "firstcreated": "2026-06-01T08:00:00Z",
    "versioncreated": "2026-06-01T10:15:00Z",
    "headline": "Wheat harvest begins in Syria's northeast",
    "language": "en",
    "bylines": [{"by": "By JANE DOE and JOHN ROE", "title": "Associated Press"}],
    "body_nitf": "<nitf><body><body.content><block id=\"Main\"><p>HASAKA, Syria (AP) — Farmers began the wheat "
                 "harvest on Monday.</p><p>The yield is expected to rise.</p></block></body.content></body></nitf>",
}  # fmt: skip


def test_an_ap_item_is_read_by_its_own_fields_and_its_item_id_is_its_identity():
    story = _one(AP)
    assert story.headline == "Wheat harvest begins in Syria's northeast"
    assert story.html.startswith("<p>") and "<block" not in story.html and "nitf" not in story.html
    assert story.agency == "AP"
    assert story.authors == ["Jane Doe", "John Roe"]
    assert story.published_at == datetime(2026, 6, 1, 8, tzinfo=UTC)
    assert story.updated_at == datetime(2026, 6, 1, 10, 15, tzinfo=UTC)
    assert (story.source_url, story.legacy_ids) == ("", [("id", "0123abcd")])
    # The next version comes with another query in its uri: it is the same story.
    later = {**AP, "uri": AP["uri"].replace("qt=xyz", "qt=abc"), "version": 4}
    assert identity_key(_one(later)) == identity_key(story)


def test_an_ap_item_with_its_text_and_a_byline_string():
    record = {k: v for k, v in AP.items() if k != "body_nitf"}
    story = _one({**record, "bylines": "By JANE DOE", "text": "Farmers began the harvest.\n\nPrices fell."})
    assert (story.authors, story.paragraphs, story.html) == (
        ["Jane Doe"],
        ["Farmers began the harvest.", "Prices fell."],
        "",
    )
    with pytest.raises(ParseError, match=r"an AP Media API item: type 'picture' is not a text story"):
        _one({**AP, "type": "picture"})


GENERIC = {
    "title": "Wheat harvest begins",
    "body_html": "Farmers began the <b>wheat</b> harvest &amp; expect more.",
    "author": "Lina Haddad and Rasha Milhem",
    "pub_date": 1780300800,
    "tags": "harvest, wheat",
    "category": {"name": "Economy"},
}


def test_a_generic_cms_export_is_read_by_its_names_for_the_keys():
    story = _one(GENERIC)
    assert story.headline == "Wheat harvest begins"
    assert story.html == GENERIC["body_html"]  # HTML, not text with its tags and entities printed
    assert story.authors == ["Lina Haddad", "Rasha Milhem"]
    assert story.published_at == datetime(2026, 6, 1, 8, tzinfo=UTC)
    assert _one({**GENERIC, "pub_date": 1780300800000}).published_at == story.published_at  # milliseconds
    assert _one({**GENERIC, "author": "Lina Haddad, Rasha Milhem"}).authors == story.authors
    assert (story.tags, story.section) == (["harvest", "wheat"], "Economy")
    assert identity_key(_one(GENERIC)) == identity_key(story)


def test_a_generic_cms_export_giving_a_key_twice_or_an_unknown_key_is_refused():
    with pytest.raises(ParseError, match=r"line 1: both 'title' and 'headline' are given"):
        _one({**GENERIC, "headline": "Other"})
    with pytest.raises(ParseError, match=r"line 1: unknown key\(s\) 'teaser'.*WordPress REST API post"):
        _one({**GENERIC, "teaser": "x"})
    with pytest.raises(ParseError, match=r"pub_date '9999999999999' is outside the years"):
        _one({**GENERIC, "pub_date": "9999999999999"})
