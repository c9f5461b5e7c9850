"""A story given as HTML (a WordPress post, a feed's item, a JSON Lines body in HTML), read as plain text is: its
dateline from its first paragraph's opening text (or its bold opening, or a paragraph of its own), and its
byline and end marks from its last paragraphs, each taken out of the HTML."""

import re
from html import escape, unescape

from ..text import clean_line
from .bylines import split_byline
from .dateline import Dateline, split_dateline
from .endings import is_end_mark

# The story's first paragraph, after the pictures a post may open with: its opening text holds the dateline.
_PICTURES = r"^\s*(?:<figure\b.*?</figure>\s*)*"
_FIRST_PARAGRAPH = re.compile(rf"{_PICTURES}(<p[^>]*>)?\s*(?P<text>[^<]+)", re.DOTALL | re.IGNORECASE)
# A dateline set in bold, as news sites print it: "<p><strong>LONDON, Nov 26 (Reuters) -</strong> Oil rose ...".
_BOLD_OPENING = re.compile(
    rf"{_PICTURES}(<p[^>]*>)?\s*(?P<open><(?P<tag>strong|b)\b[^>]*>)(?P<bold>[^<]+)</(?P=tag)>(?P<text>[^<]*)",
    re.DOTALL | re.IGNORECASE,
)


def _bold_dateline(bold: str, after: str) -> Dateline | None:
    """The dateline of a paragraph that opens in bold, when the bold is all dateline (it then goes with it)."""
    text = clean_line(bold + after)
    dateline = split_dateline(text)
    if dateline and len(text) - len(dateline.text) >= len(clean_line(bold)):
        return dateline
    return None


# A dateline as a paragraph of its own, maybe in bold, before the first paragraph: "<p>دمشق-سانا</p><p>أعلنت ...".
_DATELINE_PARAGRAPH = re.compile(
    rf"{_PICTURES}(?P<paragraph><p[^>]*>\s*(?:<(?P<tag>strong|b)\b[^>]*>)?(?P<text>[^<]+)(?:</(?P=tag)>)?\s*</p>\s*)"
    r"<p[^>]*>\s*(?P<next>[^<]+)",
    re.DOTALL | re.IGNORECASE,
)


def _dateline_paragraph(html: str) -> tuple[Dateline, int, int] | None:
    """The dateline that is the whole first paragraph, and where that paragraph starts and ends."""
    if not (match := _DATELINE_PARAGRAPH.match(html)):
        return None
    text, after = clean_line(unescape(match["text"])), clean_line(unescape(match["next"]))
    if len(text) > 80 or not (dateline := split_dateline(f"{text.rstrip(' -–—:')} - {after}")):
        return None
    if dateline.text != after:
        return None
    return Dateline(dateline.places, dateline.agency, "", dateline.authors), *match.span("paragraph")


def split_html_dateline(html: str) -> tuple[Dateline | None, str]:
    """The dateline opening ``html``'s first paragraph, and the HTML without it (``html`` itself when none).

    The text is read with its entities ("DAMASCUS,&nbsp;SANA &#8211; ...") and put back escaped."""
    dateline, start, end = None, 0, 0
    if (match := _FIRST_PARAGRAPH.match(html)) and (dateline := split_dateline(clean_line(unescape(match["text"])))):
        start, end = match.start("text"), match.end("text")
    elif (bold := _BOLD_OPENING.match(html)) and (
        dateline := _bold_dateline(unescape(bold["bold"]), unescape(bold["text"]))
    ):
        start, end = bold.start("open"), bold.end("text")
    if not dateline and (found := _dateline_paragraph(html)):
        dateline, start, end = found
    if not dateline:
        return None, html
    # The space before an inline tag stays: "... began the <b>wheat</b>" read "began the<b>wheat</b>".
    space = " " if dateline.text and html[start:end][-1:].isspace() else ""
    return dateline, html[:start] + escape(dateline.text, quote=False) + space + html[end:]


# The story's last paragraph: "<p>Manar al-Freih / Hazem Sabbagh</p>" as SANA's site ends its posts.
_LAST_PARAGRAPH = re.compile(
    r"<p[^>]*>\s*(?:<(?P<tag>strong|b|em|i)\b[^>]*>)?(?P<text>[^<]*)(?:</(?P=tag)>)?\s*</p>\s*$"
)


def split_html_byline(html: str) -> tuple[list[str], str]:
    """The reporters named by the last paragraph, and the HTML without it (and without the wires' end marks after
    it: "<p>Enditem</p>"); no names and ``html`` itself when the last paragraph is text."""
    names: list[str] = []
    while (match := _LAST_PARAGRAPH.search(html)) and match.start() > 0:
        text = clean_line(unescape(match["text"]))
        if is_end_mark(text) or not text:
            html = html[: match.start()].rstrip()
            continue
        if found := split_byline(text):
            names, html = found, html[: match.start()].rstrip()
        break
    return names, html
