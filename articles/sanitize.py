"""Story HTML is untrusted: whatever an editor or a file supplies passes this allowlist before it is saved."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "q", "cite",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "figure", "figcaption", "table", "caption", "thead", "tbody",
    "tfoot", "tr", "th", "td", "abbr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "*": {"lang", "dir"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(value: str) -> str:
    """Keep only allowlisted tags and attributes; links get rel="noopener noreferrer"."""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


# A line break or a block's edge: a space where the tags go, so that "One<br>Two" is not read "OneTwo".
_BREAK = re.compile(r"<(?:br|/?(?:p|div|li|h[1-6]|blockquote|tr|td|th|dd|dt))\b[^>]*>", re.IGNORECASE)


def html_to_text(value: str) -> str:
    """HTML as the text a browser shows of it: tags gone (a script's or a style's text with them), references read
    ("Q&amp;A: Syria&#8217;s <em>new</em> minister" -> "Q&A: Syria’s new minister"), white space as it was."""
    return html.unescape(nh3.clean(_BREAK.sub(" ", value), tags=set()))


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Plain-text paragraphs as escaped ``<p>`` elements."""
    return "\n".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs if paragraph)
