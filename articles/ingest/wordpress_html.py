"""A WordPress post's content as WordPress itself shows it, before the story's HTML is read from it.

A WXR export holds a post's content as the editor saved it, not as the site printed it:

- the classic editor saves no paragraphs: blank lines part them, and WordPress adds the ``<p>``
  tags as it prints the post (its ``wpautop``). Read as it is, a post was one block of text;
- the block editor (WordPress 5.0 on) wraps each block in comments, ``<!-- wp:paragraph -->``,
  before its ``<p>``: the first paragraph, and so the dateline, was not found behind them;
- shortcodes, ``[caption ...]<img ...> The minister.[/caption]``, ``[embed]https://...[/embed]``,
  and page builders' ``[vc_row][vc_column_text]...[/vc_column_text][/vc_row]``, which WordPress
  turns into HTML as it prints, stayed in the text as brackets.

``content_html`` does what WordPress does with each, as far as the story's text needs: paragraphs
where the classic editor left blank lines, block comments dropped, a caption made a figure, an
embed a link, and other shortcodes' brackets dropped with their text kept. Brackets that are no
shortcode stay: "[sic]" is neither paired with a closing tag nor has attributes.
"""

import html
import re

# Blocks that WordPress's wpautop leaves unwrapped: a chunk opening with one of these is no paragraph.
_BLOCK = (
    r"(?:address|article|aside|blockquote|caption|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]"
    r"|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)"
)
_OPENS_WITH_BLOCK = re.compile(rf"^\s*</?{_BLOCK}\b", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")
# Neither runs past the next opening of its own kind (a tempered match): a file of unclosed openings would otherwise
# have each scan to the end, 27 s for 320 KB of "[caption]".
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:(?:(?!<!--)[^>])*?-->\n?")
_CAPTION = re.compile(
    r"\[(?:wp_)?caption\b(?P<attributes>[^\[\]]*)\](?P<inner>(?:(?!\[(?:wp_)?caption\b).)*?)\[/(?:wp_)?caption\]",
    re.DOTALL,
)
_CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")
_IMAGE = re.compile(r"^\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE)
_EMBED = re.compile(r"\[embed\b[^\[\]]*\]\s*(?P<url>https?://[^\s\[\]<>\"]+)\s*\[/embed\]")
# A shortcode's tag: "[name", its attributes, "]"; or its closing "[/name]".
_OPENING = r"\[(?P<name>[A-Za-z][\w-]*)(?P<attributes>(?:\s[^\[\]]*)?)/?\]"
_CLOSING = re.compile(r"\[/(?P<name>[A-Za-z][\w-]*)\]")
_ATTRIBUTE = re.compile(r"""[\w-]+\s*=\s*["']""")


def _caption(match: re.Match) -> str:
    inner = _IMAGE.sub("", match["inner"]).strip()
    if not inner and (found := _CAPTION_ATTRIBUTE.search(match["attributes"])):  # before WordPress 3.4
        inner = html.escape(found["double"] if found["double"] is not None else found["single"], quote=False)
    return f"<figure><figcaption>{inner}</figcaption></figure>" if inner else ""


def _without_shortcodes(text: str) -> str:
    """Every shortcode's tags dropped, their text kept: paired ones ("[vc_row]...[/vc_row]") and those with
    attributes ("[gallery ids=\"1,2\"]"); "[sic]" and "[the minister]" are the story's own brackets."""
    closed = {name.lower() for name in _CLOSING.findall(text)}

    def opening(match: re.Match) -> str:
        paired = match["name"].lower() in closed
        return "" if paired or _ATTRIBUTE.search(match["attributes"]) else match.group()

    text = re.sub(_OPENING, opening, text)
    return _CLOSING.sub(lambda match: "" if match["name"].lower() in closed else match.group(), text)


def _paragraphs(text: str) -> str:
    """wpautop's main rule: text between blank lines is a paragraph, its single line breaks kept as <br>."""
    chunks = []
    for chunk in _BLANK_LINES.split(text.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _OPENS_WITH_BLOCK.match(chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + "<br>\n".join(line.strip() for line in chunk.split("\n")) + "</p>")
    return "\n".join(chunks)


def content_html(content: str) -> str:
    """A post's ``content:encoded`` as the HTML WordPress prints for it (see the module's docstring)."""
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    blocks = "<!-- wp:" in content
    content = _BLOCK_COMMENT.sub("", content)
    content = _CAPTION.sub(_caption, content)
    content = _EMBED.sub(lambda m: f'<p><a href="{html.escape(m["url"])}">{html.escape(m["url"])}</a></p>', content)
    content = _without_shortcodes(content)
    # WordPress applies wpautop to classic posts only: the block editor saves its own paragraphs.
    return content.strip() if blocks else _paragraphs(content)
