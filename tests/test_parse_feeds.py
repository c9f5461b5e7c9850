"""The XML readers (news feeds, WordPress exports, NITF, NewsML-G2) on what real feeds send: HTML's named
references, headlines written in HTML, and feeds that name their language oddly or not at all."""

import io

import pytest

from articles.ingest.formats import iter_file_stories
from articles.ingest.parsed import ParseError
from articles.ingest.xml_entities import HtmlEntityStream

WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
)


def stories_of(document: str | bytes, name: str = "feed.xml"):
    data = document.encode() if isinstance(document, str) else document
    return list(iter_file_stories(io.BytesIO(data), name=name))


def wxr(title: str, content: str = "<p>Damascus, SANA – The minister met.</p>", *, doctype: str = "") -> str:
    return (
        WXR_HEAD.replace("\n", f"\n{doctype}\n", 1).replace("\n\n", "\n")
        + "<channel>\n"
        + f"<item><title>{title}</title><link>https://sana.example/en/?p=1</link>\n"
        + f"<content:encoded><![CDATA[{content}]]></content:encoded><wp:post_id>1</wp:post_id>\n"
        + "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n</channel></rss>\n"
    )


NETSCAPE = (
    '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
    '"http://my.netscape.com/publish/formats/rss-0.91.dtd">'
)
RSS_091 = f"""<?xml version="1.0" encoding="UTF-8"?>
{NETSCAPE}
<rss version="0.91"><channel><title>Wire</title><link>https://x.example</link><description>d</description>
<language>en</language>
<item><title>Caf&eacute; owner wins &amp; loses</title><link>https://x.example/a</link>
<description>PARIS (AFP) - The caf&eacute; owner said.</description></item>
</channel></rss>
"""
NITF_WITH_DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "http://www.nitf.org/IPTC/NITF/3.6/specification/dtd/nitf-3-6.dtd">
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="fr">
  <head><title>Macron re&ccedil;oit le pr&eacute;sident</title>
    <docdata><doc-id id-string="afp-123"/><date.issue norm="20261126T153000Z"/></docdata></head>
  <body>
    <body.head><hedline><hl1>Macron re&ccedil;oit le pr&eacute;sident</hl1></hedline>
      <byline>Par <person>Jos&eacute; Mart&iacute;n</person></byline></body.head>
    <body.content>
      <p>PARIS (AFP) &mdash; Le pr&eacute;sident a re&ccedil;u son homologue &agrave; l'&Eacute;lys&eacute;e.</p>
    </body.content>
  </body>
</nitf>
"""


def test_html_named_references_in_an_rss_091_feed_with_netscapes_doctype_are_their_characters():
    # The headline was "Caf": the text stopped at the first reference, left as an entity node.
    [story] = stories_of(RSS_091)
    assert story.headline == "Café owner wins & loses"
    assert story.body_html == "<p>The café owner said.</p>"
    assert (story.places, story.agency) == (["Paris"], "AFP")


def test_html_named_references_in_a_nitf_story_with_its_dtd_are_their_characters():
    # The headline was "Macron re &ccedil; oit le pr &eacute; sident".
    [story] = stories_of(NITF_WITH_DTD, "afp.nitf")
    assert story.headline == "Macron reçoit le président"
    assert story.authors == ["José Martín"]
    assert story.body_html == "<p>Le président a reçu son homologue à l'Élysée.</p>"


def test_html_named_references_in_a_document_without_a_doctype_are_their_characters():
    # This failed the whole file: "not well-formed XML: no element found", with no line.
    document = wxr("Caf&eacute; &amp; news &mdash; now&hellip;").replace(
        "<link>", '<category domain="category" nicename="x">Caf&eacute;s</category><link>'
    )
    [story] = stories_of(document)
    assert (story.headline, story.section) == ("Café & news — now…", "Cafés")


def test_a_utf16_feed_with_a_doctype_reads_html_references_too():
    document = RSS_091.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    [story] = stories_of(document)
    assert story.headline == "Café owner wins & loses"


def test_an_undeclared_reference_html_does_not_name_is_refused_naming_its_line():
    document = wxr("Caf&eacut; owner")  # a typing slip: no such character
    with pytest.raises(ParseError, match=r"^line 4: not well-formed XML: Entity 'eacut' not defined$"):
        stories_of(document)
    with pytest.raises(ParseError, match=r"^line 5: &eacut; is no character HTML names"):
        stories_of(wxr("Caf&eacut; owner", doctype=NETSCAPE))  # with a DTD, it was cut silently: "Caf"


def test_an_entity_the_documents_dtd_declares_is_refused_neither_expanded_nor_cut_and_laughs_still_fail():
    for doctype in (
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]>',
        '<!DOCTYPE rss [<!ENTITY xxe "SANA">]>',  # declared inside: expanding it is what a billion laughs needs
    ):
        # Its headline was stored as "XXE", cut where the entity stood.
        with pytest.raises(ParseError, match=r"^line 5: &xxe; is no character HTML names") as caught:
            stories_of(wxr("XXE &xxe; here", content="<p>&xxe;</p>", doctype=doctype))
        assert "root:" not in str(caught.value)
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' if n else '<!ENTITY lol0 "lol">' for n in range(10))
    with pytest.raises(ParseError, match="not well-formed XML: Maximum entity amplification"):
        stories_of(wxr("Laughs &lol9;", doctype=f"<!DOCTYPE rss [{laughs}]>"))


class OneByteAtATime:
    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._data.read(1)


def test_references_are_rewritten_outside_cdata_and_comments_wherever_a_read_ends():
    document = (
        b'<a t="Caf&eacute;">x &amp; &eacute;&NotEqualTilde;<![CDATA[&eacute; ]] ]]>&mdash;'
        b"<!-- &eacute; -- -->&undeclared;&lt;</a>"
    )
    expected = (
        b'<a t="Caf&#xE9;">x &amp; &#xE9;&#x2242;&#x338;<![CDATA[&eacute; ]] ]]>&#x2014;'
        b"<!-- &eacute; -- -->&undeclared;&lt;</a>"
    )
    for source in (io.BytesIO(document), OneByteAtATime(document)):
        stream, read = HtmlEntityStream(source), b""
        while chunk := stream.read(5):
            read += chunk
        assert read == expected
