"""What a story's page tells machines, read by extruct as a search engine or aggregator would."""

import json
from datetime import UTC, datetime

import extruct
import pytest

from articles.models import RelatedLink, Section, Tag
from tests.factories import make_article, make_author, make_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = make_article(
        "Museum reopens its eastern wing",
        authors=[make_author("Manar al-Freih"), make_author("Hazem Sabbagh")],
        places=["Damascus", "Hasaka"],
        section=Section.objects.create(name="Culture"),
        agency="SANA",
        body="<p>Damascus, SANA – The National Museum reopened its eastern wing.</p>",
        published_at=datetime(2015, 9, 15, 9, 0, tzinfo=UTC),
        updated_at=datetime(2015, 9, 15, 14, 0, tzinfo=UTC),
    )
    article.tags.add(Tag.objects.create(name="heritage"))
    return article


def read(client, article) -> dict:
    response = client.get(article.get_absolute_url())
    url = f"http://testserver{article.get_absolute_url()}"
    return extruct.extract(response.content.decode(), base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True)


def test_json_ld_news_article_has_every_property(client, story):
    (news,) = read(client, story)["json-ld"]
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == "Museum reopens its eastern wing"
    assert news["datePublished"] == "2015-09-15T09:00:00+00:00"
    assert news["dateModified"] == "2015-09-15T14:00:00+00:00"
    assert [author["name"] for author in news["author"]] == ["Manar al-Freih", "Hazem Sabbagh"]
    assert news["publisher"] == {"@type": "Organization", "name": "Newsroom archive", "url": "http://testserver/"}
    assert news["inLanguage"] == "en"
    assert [place["name"] for place in news["contentLocation"]] == ["Damascus", "Hasaka"]
    assert news["locationCreated"] == {"@type": "Place", "name": "Damascus"}
    assert news["mainEntityOfPage"] == f"http://testserver{story.get_absolute_url()}"
    assert news["articleSection"] == "Culture" and news["keywords"] == ["heritage"]


def test_open_graph_twitter_and_canonical(client, story):
    (graph,) = read(client, story)["opengraph"]
    # extruct's uniform form gives og:type as @type.
    assert graph["@type"] == "article" and graph["og:title"] == "Museum reopens its eastern wing"
    keys = ["og:site_name", "og:description", "og:locale", "article:modified_time", "article:author", "article:tag"]
    for key in keys:
        assert graph.get(key), key
    assert graph["og:url"] == f"http://testserver{story.get_absolute_url()}"
    assert graph["article:published_time"] == "2015-09-15T09:00:00+00:00"
    assert graph["article:section"] == "Culture"
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="http://testserver{story.get_absolute_url()}">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:title" content="Museum reopens its eastern wing">' in html


def test_hreflang_links_to_each_translation_and_itself(client, story):
    arabic = make_article("المتحف الوطني يفتح جناحه الشرقي", language="ar")
    make_link(story, target=arabic, kind=RelatedLink.Kind.TRANSLATED)
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'<link rel="alternate" hreflang="ar" href="http://testserver{arabic.get_absolute_url()}">' in html
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{story.get_absolute_url()}">' in html
    (news,) = read(client, arabic)["json-ld"]
    assert news["inLanguage"] == "ar"


def test_a_headline_cannot_break_out_of_the_json_ld_script(client):
    hostile = '</script><script>alert("x")</script> & <!-- "quoted"'
    article = make_article(hostile, authors=[make_author("</script>Eve")])
    html = client.get(article.get_absolute_url()).content.decode()
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    block = html[start : html.index("</script>", start)]
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert data["headline"] == hostile and data["author"][0]["name"] == "</script>Eve"
    assert html.count("<script") == 1


def test_a_withdrawn_story_asks_not_to_be_indexed(client):
    article = make_article("Taken down", status="withdrawn")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="robots" content="noindex">' in html and "application/ld+json" not in html


def test_a_description_from_the_body_reads_its_entities_once(client):
    story = make_article("Prices", body="<p>Prices &amp; wages &lt;rose&gt;.</p>")
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<meta name="description" content="Prices &amp; wages &lt;rose&gt;.">' in html
    (graph,) = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"]
    assert graph["og:description"] == "Prices & wages <rose>."
