"""HTML's named character references ("&eacute;", "&mdash;", "&nbsp;") in the XML the agencies and WordPress send.

XML knows five named references (amp, lt, gt, quot, apos); every other one must be declared by the document's
DTD. Feeds and agencies' stories use HTML's anyway: RSS 0.91 names Netscape's DTD, NITF its own, and hand-made
feeds none at all. The archive reads no DTD (nothing is fetched, no entity is expanded: an "XXE" or a "billion
laughs" file stays harmless), so, read as they are, these references either fail the file ("Entity 'eacute' not
defined", when there is no DTD) or are left in the tree as entity nodes, and a headline read as an element's text
stopped at the first of them: "Caf&eacute; owner wins" was stored as "Caf".

Two steps read them as the characters HTML gives them (``html.entities.html5``):

- ``HtmlEntityStream`` hands lxml the file's bytes with each HTML named reference written as numeric ones
  ("&eacute;" as "&#xE9;"), outside CDATA sections and comments (where "&eacute;" is text, not a reference);
  XML's own five, and names HTML does not know, are left as they are. It rewrites bytes, so it works on every
  encoding in which ASCII is ASCII (UTF-8, ISO-8859-*, windows-125*); a UTF-16 or UTF-32 file passes unchanged.
- ``resolve_entity_nodes`` then reads what is left as an entity node in a story's element: an HTML name (in a
  UTF-16 file with a DTD) becomes its characters; any other (a DTD's own "&agency;", an external "&xxe;") is
  refused, naming it and its line, since its text is in a DTD the archive does not read.
"""

import re
from html.entities import html5
from typing import BinaryIO

from lxml import etree

from .parsed import ParseError

# A named reference (HTML's longest name is 31 characters), XML's own five left out.
_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{0,31});")
_OPENING = re.compile(rb"<!\[CDATA\[|<!--")
_CLOSING = {b"<![CDATA[": b"]]>", b"<!--": b"-->"}
_LONGEST_TOKEN = 34  # "&" + 32 + ";": a reference, or an opening, cut by a chunk's end is at most this long
# Byte-order marks and first bytes of the encodings in which "&" is not the byte 0x26 ("<?" in UTF-16 and UTF-32,
# EBCDIC's "<?xm").
_WIDE_STARTS = (b"\xfe\xff", b"\xff\xfe", b"\x00\x00\xfe\xff", b"\x00<", b"<\x00", b"\x00\x00", b"\x4c\x6f\xa7\x94")


def _numeric(match: re.Match) -> bytes:
    characters = html5.get(match[1].decode("ascii") + ";")
    if characters is None:
        return match[0]  # not HTML's: lxml reads it as the document says (refused in the end, if undeclared)
    return "".join(f"&#x{ord(character):X};" for character in characters).encode("ascii")


class HtmlEntityStream:
    """A binary stream whose HTML named character references are read as numeric ones (see the module)."""

    CHUNK = 64 * 1024

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self._pending = b""  # read, and not yet rewritten: what may be a reference or an opening cut at its end
        self._ready = bytearray()  # rewritten, and not yet handed to the parser
        self._closing = b""  # inside a CDATA section or a comment: what ends it
        self._ascii: bool | None = None
        self._done = False

    def read(self, size: int | None = -1) -> bytes:
        while not self._done and (size is None or size < 0 or len(self._ready) < size):
            self._more()
        size = len(self._ready) if size is None or size < 0 else size
        data = bytes(self._ready[:size])
        del self._ready[:size]
        return data

    def _more(self) -> None:
        chunk = self._stream.read(self.CHUNK)
        self._done = not chunk
        data = self._pending + chunk
        if self._ascii is None:
            if len(data) < 4 and not self._done:
                self._pending = data
                return
            self._ascii = not data.startswith(_WIDE_STARTS)
        if not self._ascii:
            self._ready += data
            self._pending = b""
            return
        self._rewrite(data, final=self._done)

    def _rewrite(self, data: bytes, *, final: bool) -> None:
        position = 0
        while position < len(data):
            if self._closing:  # a CDATA section's or a comment's text is copied as it is, to its end
                end = data.find(self._closing, position)
                if end < 0:
                    stop = len(data) if final else max(position, len(data) - len(self._closing) + 1)
                    self._ready += data[position:stop]
                    position = stop
                    break
                end += len(self._closing)
                self._ready += data[position:end]
                position, self._closing = end, b""
                continue
            opening = _OPENING.search(data, position)
            stop = opening.start() if opening else len(data)
            if not opening and not final:  # keep back a reference or an opening the chunk's end may have cut
                window = max(position, stop - _LONGEST_TOKEN)
                cut = max(data.rfind(b"&", window), data.rfind(b"<", window))
                stop = cut if cut >= 0 else stop
            self._ready += _REFERENCE.sub(_numeric, data[position:stop])
            position = stop
            if not opening:
                break
            self._ready += opening[0]
            position, self._closing = opening.end(), _CLOSING[opening[0]]
        self._pending = data[position:]


def resolve_entity_nodes(element) -> None:
    """Each entity node left in ``element`` read as HTML's characters; one HTML does not name is refused."""
    for node in list(element.iter(etree.Entity)):
        characters = html5.get(f"{node.name};")
        if characters is None:
            raise ParseError(
                f"&{node.name}; is no character HTML names, and the DTD that may declare it is not read (nothing "
                "is fetched or expanded); write its text instead",
                line=node.sourceline,
            )
        text = characters + (node.tail or "")
        previous, parent = node.getprevious(), node.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(node)
