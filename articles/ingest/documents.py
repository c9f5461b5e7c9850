"""Files of other kinds given as stories, told by their first bytes: a PDF, a Word or RTF document, a web page.

Saved as ".txt", or named with no extension, such a file was read as a plain-text story: an HTML page
was archived under the headline "<!DOCTYPE html>", an RTF document under "{\\rtf1\\ansi...", and a PDF
or a .docx was refused for a NUL byte on some line, which did not say what the file was. Each has a
signature at its very start (PDF's "%PDF-", a zip's "PK\\x03\\x04", RTF's "{\\rtf"; an HTML page opens
with its doctype or its <html> tag), so it is named, with what to do instead. The archive reads no
web pages: a site's stories come as a WordPress export or a feed.
"""

import codecs
import re

_SAVE_AS_TEXT = "save it as plain text (UTF-8) and give that file"
# A zip's first entries name what it holds: Word's "word/", Excel's "xl/", PowerPoint's "ppt/"; OpenDocument and
# EPUB files begin with an entry "mimetype" that says it.
_ZIPPED = (
    (b"mimetypeapplication/vnd.oasis.opendocument.text", "an OpenDocument text (.odt, a zip)"),
    (b"mimetypeapplication/vnd.oasis.opendocument", "an OpenDocument file (a zip)"),
    (b"mimetypeapplication/epub+zip", "an e-book (.epub, a zip)"),
    (b"word/", "a Word document (.docx, a zip)"),
    (b"xl/", "an Excel workbook (.xlsx, a zip)"),
    (b"ppt/", "a PowerPoint presentation (.pptx, a zip)"),
)
# What may stand before an HTML page's doctype or <html> tag: white space, an XML declaration (XHTML), comments.
_HTML_PROLOGUE = re.compile(rb"(?:\s|<\?xml[^>]{0,200}\?>|<!--.{0,2000}?-->)*", re.DOTALL)
# The doctype or the tag, with nothing but markup after it on its line: "<html> tags banned in schools" is a
# headline that names the tag, not a page.
_HTML_START = re.compile(rb"(?:<!doctype\s+html\b|<html\b)[^>]*>[ \t]*(?:[\r\n]|<|\Z)", re.IGNORECASE)


def other_document(head: bytes) -> tuple[str, str] | None:
    """What a file opening with ``head`` is, and what to do, when it is a document of a kind that holds no story
    ingest reads (a PDF, a Word, OpenDocument or RTF document, an HTML page, a zip or gzip archive); else None.
    ``head`` is the file's first bytes, in UTF-8 when they are text."""
    head = head.removeprefix(codecs.BOM_UTF8)
    if head.startswith(b"%PDF-"):
        return "a PDF document", "copy the story's text into a plain-text file (UTF-8) and give that"
    if head.startswith(b"PK\x03\x04"):
        kind = next((kind for mark, kind in _ZIPPED if mark in head), None)
        if kind:
            return kind, _SAVE_AS_TEXT + (" (in Word: Save As, Plain Text)" if kind.startswith("a Word") else "")
        return "a zip archive", "give it a name ending in .zip: the stories in it are read then"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Office 97-2003
        return "a Word 97-2003 document (.doc) or another old Office file", _SAVE_AS_TEXT
    if head.startswith(b"\x1f\x8b"):
        return "a gzip-compressed file", "unpack it (gunzip) and give what it holds"
    start = head.lstrip()
    if start.startswith(b"{\\rtf"):
        return "an RTF document (as WordPad and Word save them)", _SAVE_AS_TEXT + " (in WordPad: Save As, Plain Text)"
    if _HTML_START.match(start, _HTML_PROLOGUE.match(start).end()):
        return "an HTML page", (
            "the archive reads no web pages; save the story's text as plain text, or give the site's stories "
            "as a WordPress export (.xml) or a feed (.rss, .atom)"
        )
    return None
