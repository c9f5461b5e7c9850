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


def atom(*entries: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        "<title>W</title><id>urn:w</id>\n"
        + "\n".join(
            f'<entry><id>urn:w:{n}</id><link href="https://x.example/{n}"/><updated>2026-11-26T10:00:00Z</updated>'
            f"{entry}</entry>"
            for n, entry in enumerate(entries)
        )
        + "\n</feed>\n"
    )


BODY = '<content type="html">&lt;p&gt;DAMASCUS (AP) - The minister met.&lt;/p&gt;</content>'


def test_an_atom_title_of_type_html_or_xhtml_is_read_to_its_text():
    # WordPress's Atom feed: the title was stored as its markup, "Syria&#8217;s minister", or (xhtml) refused as
    # having no title.
    wordpress, escaped, xhtml, text = stories_of(
        atom(
            f'<title type="html"><![CDATA[Syria&#8217;s minister]]></title>{BODY}',
            f'<title type="html">Q&amp;amp;A: Syria&amp;#8217;s &lt;em&gt;new&lt;/em&gt; minister</title>{BODY}',
            '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Q&amp;A: the <em>new</em> minister'
            f"<br/>speaks</div></title>{BODY}",
            f"<title>Why &lt;b&gt; tags stay: AT&amp;T &amp;amp; text</title>{BODY}",  # type="text": as it stands
        ),
        "feed.atom",
    )
    assert wordpress.headline == "Syria’s minister"
    assert escaped.headline == "Q&A: Syria’s new minister"
    assert xhtml.headline == "Q&A: the new minister speaks"
    assert text.headline == "Why <b> tags stay: AT&T &amp; text"
    assert wordpress.body_html == "<p>The minister met.</p>"


def test_an_atom_summary_read_as_the_body_follows_its_type():
    # A summary of type="text" was read as HTML: its "<b>" made a bold, its "<" began a tag.
    text, xhtml = stories_of(
        atom(
            "<title>Prices</title><summary>Prices &lt;b&gt;rose&lt;/b&gt; by 5 &lt; 6 &amp; more.</summary>",
            '<title>Talks</title><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
            "<p>Talks <em>resumed</em>.</p></div></summary>",
        ),
        "feed.atom",
    )
    assert text.body_html == "<p>Prices &lt;b&gt;rose&lt;/b&gt; by 5 &lt; 6 &amp; more.</p>"
    assert xhtml.body_html == "<p>Talks <em>resumed</em>.</p>"


RSS_TITLES = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>W</title><link>https://x.example</link><description>d</description>
<language>en</language>
<item><title>Syria&amp;#8217;s minister meets envoy</title><link>https://x.example/1</link>
<description>DAMASCUS (AP) - The minister met.</description></item>
<item><title><![CDATA[<b>Breaking:</b> quake hits &amp; kills]]></title><link>https://x.example/2</link>
<description>ANKARA (AP) - A quake hit.</description></item>
<item><title>AT&amp;T profits &lt;5% as costs rise</title><link>https://x.example/3</link>
<description>DALLAS (AP) - Profits fell.</description></item>
</channel></rss>
"""


def test_an_rss_title_written_as_html_is_read_to_its_text_and_a_plain_one_stands():
    # They were stored as "Syria&#8217;s minister meets envoy" and "<b>Breaking:</b> quake hits &amp; kills".
    entity, bold, plain = stories_of(RSS_TITLES)
    assert entity.headline == "Syria’s minister meets envoy"
    assert bold.headline == "Breaking: quake hits & kills"
    assert plain.headline == "AT&T profits <5% as costs rise"


def test_a_wordpress_posts_title_is_read_as_wordpress_prints_it():
    # WordPress prints a title as HTML: its export's "Tom &amp; Jerry" was stored with its "&amp;".
    [story] = stories_of(wxr("<![CDATA[Tom &amp; Jerry&#8217;s <em>last</em> show]]>"))
    assert story.headline == "Tom & Jerry’s last show"


def test_a_language_the_archive_does_not_hold_is_refused_naming_its_field_and_line():
    # It was stored as "klingon", and the store refused the file naming neither field nor line.
    document = wxr("A story").replace("<channel>", "<channel>\n<language>Klingon</language>")
    with pytest.raises(ParseError, match=r"^line 4: language 'Klingon' is no language the archive holds; name one"):
        stories_of(document)
    with pytest.raises(ParseError, match=r"^line 3: xml:lang 'xx' is no language the archive holds"):
        stories_of(NITF_WITH_DTD.replace('xml:lang="fr"', 'xml:lang="xx"'), "afp.nitf")
    # What names no language ("und": undetermined) leaves it to the text.
    [story] = stories_of(NITF_WITH_DTD.replace('xml:lang="fr"', 'xml:lang="und"'), "afp.nitf")
    assert story.language == "fr"


ARABIC_BODY = "<p>دمشق-سانا وقعت سوريا وروسيا اتفاقية تجارية يوم الاثنين في دمشق بحضور وزيري الاقتصاد في البلدين.</p>"


def test_a_feed_that_names_no_language_gets_each_storys_own():
    # All of these were stored as English ("en" by default): left to right, English stemmer.
    rss = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>SANA</title><link>https://sana.example</link><description>d</description>\n"
        f"<item><title>سوريا وروسيا توقعان اتفاقية تجارية</title><link>https://sana.example/1</link>"
        f"<description><![CDATA[{ARABIC_BODY}]]></description></item>\n"
        "<item><title>Syria and Russia sign a trade agreement</title><link>https://sana.example/2</link>"
        "<description>Damascus, SANA – Syria and Russia signed a trade agreement on Monday in Damascus.</description>"
        "</item>\n"
        "<item><title>La Syrie et la Russie signent un accord</title><link>https://sana.example/3</link>"
        "<dc:language>fr-FR</dc:language><description>Damascus, SANA – Un accord.</description></item>\n"
        "</channel></rss>\n"
    )
    arabic, english, french = stories_of(rss, "sana.rss")
    assert (arabic.language, english.language, french.language) == ("ar", "en", "fr")  # French: as the item says
    [entry] = stories_of(
        atom(
            f'<title>سوريا وروسيا توقعان اتفاقية</title><content type="html"><![CDATA[{ARABIC_BODY}]]></content>'
        ).replace(' xml:lang="en"', ""),
        "sana.atom",
    )
    assert entry.language == "ar"
    [post] = stories_of(wxr("سوريا وروسيا توقعان اتفاقية تجارية", ARABIC_BODY), "export.xml")
    assert post.language == "ar"


def test_a_feed_declaring_a_language_in_another_script_than_its_items_gets_each_storys_own():
    # A site's default: "en-US" on a site posting in Arabic stored its Arabic posts as English.
    rss = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
        "<channel><title>SANA</title><link>https://sana.example</link><description>d</description>"
        "<language>en-US</language>\n"
        f"<item><title>سوريا وروسيا توقعان اتفاقية تجارية</title><link>https://sana.example/1</link>"
        f"<description><![CDATA[{ARABIC_BODY}]]></description></item>\n"
        "<item><title>Syria and Russia sign a trade agreement</title><link>https://sana.example/2</link>"
        "<description>Damascus, SANA – Syria and Russia signed a trade agreement on Monday in Damascus.</description>"
        "</item>\n"
        "</channel></rss>\n"
    )
    arabic, english = stories_of(rss, "sana.rss")
    assert (arabic.language, english.language) == ("ar", "en")
    [post] = stories_of(
        wxr("سوريا وروسيا توقعان اتفاقية تجارية", ARABIC_BODY).replace(
            "<channel>", "<channel><language>en-US</language>", 1
        ),
        "export.xml",
    )
    assert post.language == "ar"


def test_a_wordpress_post_takes_the_language_polylang_files_it_under():
    # A multilingual WordPress site's export names its default language for every post: Polylang files each post
    # under its own.
    document = wxr("سوريا وروسيا توقعان اتفاقية تجارية", ARABIC_BODY).replace(
        "<channel>", "<channel>\n<language>en-US</language>"
    )
    polylang = document.replace(
        "<link>", '<category domain="language" nicename="ar"><![CDATA[العربية]]></category><link>'
    )
    assert [story.language for story in stories_of(polylang)] == ["ar"]
    # Without Polylang's word, the channel's is the site's default, which an Arabic post's letters are not in.
    assert [story.language for story in stories_of(document)] == ["ar"]


@pytest.mark.parametrize(
    ("document", "headline"),
    [
        (RSS_091.replace("Caf&eacute; owner", "Caf<!-- &eacute; -->&eacute; owner"), "Café owner wins & loses"),
        (RSS_091.replace("Caf&eacute; owner", "Caf<?cms mark?>&eacute; owner"), "Café owner wins & loses"),
        (NITF_WITH_DTD.replace("<hl1>Macron re", "<hl1>Macron re<!-- x -->"), "Macron reçoit le président"),
        (wxr("Minister<!-- draft --> meets envoy"), "Minister meets envoy"),
    ],
)
def test_a_comment_or_processing_instruction_in_a_title_does_not_cut_it(document, headline):
    # An element's text stopped at the comment: "Caf<!-- x -->&eacute; owner wins" was headlined "Caf".
    [story] = stories_of(document)
    assert story.headline == headline
