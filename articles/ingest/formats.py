"""From a file's bytes to parsed stories: decoding, format detection, and the one entry point per file.

Every reader streams: JSON Lines a line at a time and WordPress exports (and RSS
and Atom feeds and NITF stories, read by the same parser) an item at a time, so memory stays flat
whatever a file's size. Only plain-text files, one story each, are read whole, and
those are refused past ``MAX_STORY_BYTES``.
"""

import codecs
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

from .documents import other_document
from .jsonl import parse_lines
from .parsed import ParsedStory, ParseError, quote
from .plaintext import parse_story
from .wxr import parse_wxr

FORMATS = ("plaintext", "jsonl", "wxr")
MAX_LINE_CHARS = 1_000_000
MAX_LINE_BYTES = 4 * MAX_LINE_CHARS  # a UTF-8 character is at most four bytes
MAX_STORY_BYTES = 20 * 1024 * 1024

# Only these are read from a folder or a zip: anything else beside the stories (a README, a .json export, a
# spreadsheet) is skipped and named in the report, never turned into a story.
EXTENSIONS = {".txt": "plaintext", ".text": "plaintext", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "wxr"}
EXTENSIONS[".wxr"] = "wxr"
# News feeds and agencies' NITF stories, which the WordPress reader reads too (newsfeed.py, nitf.py).
EXTENSIONS |= {".rss": "wxr", ".atom": "wxr", ".nitf": "wxr"}
# A story sent as an e-mail and saved from the mail program: the plain-text reader reads its message (mail.py).
EXTENSIONS[".eml"] = "plaintext"
# A suffix such as ". envoy arrives" in "U.S. envoy arrives" is part of a name, not an extension.
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}")
# Windows tools write UTF-16 with a byte-order mark; the 32-bit marks go first, as UTF-32-LE's begins with UTF-16-LE's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def extension(name: str) -> str:
    """The lower-cased extension of a file name, or "" when it has none."""
    suffix = PurePath(name).suffix
    return suffix.lower() if _EXTENSION.fullmatch(suffix) else ""


def known_extensions() -> str:
    return ", ".join(EXTENSIONS)


def unknown_extension(name: str) -> str:
    """Why a file of this name is not read, and what to do instead."""
    return f"{extension(name)} is not a story format ingest reads ({known_extensions()})"


def detect_format(name: str, head: bytes) -> str | None:
    """The format a file's extension names; by its first bytes when it has no extension; None for another extension."""
    suffix = extension(name)
    if suffix:
        return EXTENSIONS.get(suffix)
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if start.startswith(b"{") or re.match(rb"\[\s*[\[{\]]", start):
        return "jsonl"  # a JSON array is refused as JSON, with a JSON error, not read as a story headlined "["
    if start.startswith(b"<"):
        return "wxr"
    return "plaintext"


def _wide_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _WIDE_BOMS if data.startswith(bom)), None)


# What each format's files hold, to say what a file given as one is not.
_WHAT_IS_READ = {"plaintext": "a plain-text story", "jsonl": "JSON Lines", "wxr": "a WordPress export or a news feed"}
# Control bytes that text files do not hold (tab, line feed, form feed and carriage return are text).
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and (controls / len(sample) > 0.05 or sample.startswith(b"\x00"))


def _check_text_bytes(data: bytes, *, first_line: int) -> None:
    if _looks_binary(data):  # a line of JSON Lines is named; a whole file is the file
        raise ParseError("this is a binary file, not text", line=first_line if first_line > 1 else None)
    if (nul := data.find(b"\x00")) >= 0:
        # PostgreSQL cannot store it, and an archive does not drop characters silently.
        line = first_line + data.count(b"\n", 0, nul)
        raise ParseError("the line holds a NUL byte, which is not text; remove it", line=line)


def decode_text(data: bytes, *, first_line: int = 1) -> str:
    """UTF-8 (or, after its byte-order mark, UTF-16 or UTF-32) text, line ends made LF; bad bytes are named by line."""
    if encoding := _wide_encoding(data):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = first_line + data[: exc.start].decode(encoding, errors="replace").count("\n")
            raise ParseError(
                f"the file begins with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} "
                "from here on; save it again as UTF-8",
                line=line,
            ) from None
        _check_text_bytes(text.encode("utf-8"), first_line=first_line)
        return _lines_ended(text)
    _check_text_bytes(data, first_line=first_line)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseError(
            f"byte {data[exc.start]:#04x} at column {column} is not valid UTF-8; save the file as UTF-8", line=line
        ) from None
    return _lines_ended(text)


def _lines_ended(text: str) -> str:
    """Line ends made LF, and a DOS end-of-file mark (Ctrl-Z, \x1a), which old archives' files end with, dropped."""
    return text.rstrip("\x1a").replace("\r\n", "\n").replace("\r", "\n")


def check_line_lengths(text: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            raise ParseError(
                f"the line is {len(line):,} characters long; at most {MAX_LINE_CHARS:,} are read", line=number
            )


def _jsonl_lines(stream: BinaryIO) -> Iterator[str]:
    """Decoded lines, refusing an overlong one as soon as it passes the limit rather than after reading it all."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise ParseError(
                f"the line is longer than {MAX_LINE_CHARS:,} characters, the most that is read", line=number
            )
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        text = decode_text(raw, first_line=number).rstrip("\n")
        if len(text) > MAX_LINE_CHARS:
            raise ParseError(
                f"the line is {len(text):,} characters long; at most {MAX_LINE_CHARS:,} are read", line=number
            )
        yield text


def iter_file_stories(stream: BinaryIO, *, name: str, format: str | None = None) -> Iterator[ParsedStory]:
    """The stories in one file, in order; raises ParseError (with the line where known) on bad input.

    Without ``format``, the file's extension decides, or its first bytes when it has none; a file with
    another extension is refused (the ingest driver skips such files before they get here).
    """
    if format is not None and format not in FORMATS:
        raise ParseError(f"unknown format {quote(format)}; choose one of {', '.join(FORMATS)}")
    head = stream.read(4096)
    wide = _wide_encoding(head)
    # What the head says, as UTF-8, for the checks and the format's detection.
    text_head = head.decode(wide, errors="ignore").encode("utf-8") if wide else head.removeprefix(codecs.BOM_UTF8)
    if not text_head.strip():
        raise ParseError("the file is empty")
    if document := other_document(text_head):  # a PDF, a Word document, an HTML page saved as .txt
        kind, advice = document
        read_as = format or EXTENSIONS.get(extension(name))  # None for a file with no extension
        raise ParseError(f"this is {kind}, not {_WHAT_IS_READ.get(read_as, 'a story file ingest reads')}: {advice}")
    if not wide and _looks_binary(head):
        raise ParseError("this is a binary file, not text")
    format = format or detect_format(name, text_head)
    if format is None:
        raise ParseError(f"{unknown_extension(name)}; give a format to read it as one")
    rest = _Rewound(head, stream)
    if format == "jsonl":
        yield from parse_lines(_jsonl_lines(_Transcoded(rest, wide) if wide else rest), source=name)
    elif format == "wxr":
        yield from parse_wxr(rest, source=name)  # lxml reads byte-order marks and encoding declarations itself
    else:
        data = head + stream.read(MAX_STORY_BYTES + 1 - len(head))
        if len(data) > MAX_STORY_BYTES:
            raise ParseError(f"a plain-text story may be at most {MAX_STORY_BYTES // 1024 // 1024} MB")
        text = decode_text(data)
        check_line_lengths(text)
        yield parse_story(text, source=name)


class _Transcoded:
    """A UTF-16 or UTF-32 stream read as UTF-8 bytes, so the line reader after it knows one encoding."""

    CHUNK = 64 * 1024

    def __init__(self, stream, encoding: str):
        self._stream = stream
        self._encoding = encoding
        self._decoder = codecs.getincrementaldecoder(encoding)()  # drops the byte-order mark
        self._buffer = b""
        self._done = False
        self._lines = 0  # line ends handed out, to name the line of a decoding error

    def _more(self) -> None:
        chunk = self._stream.read(self.CHUNK)
        try:
            text = self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise ParseError(
                f"the file begins with a {self._encoding.upper()} byte-order mark but is not valid "
                f"{self._encoding.upper()} here; save it again as UTF-8",
                line=self._lines + self._buffer.count(b"\n") + 1,
            ) from None
        self._done = not chunk
        self._buffer += text.encode("utf-8")

    def _take(self, end: int) -> bytes:
        data, self._buffer = self._buffer[:end], self._buffer[end:]
        self._lines += data.count(b"\n")
        return data

    def readline(self, limit: int = -1) -> bytes:
        while not self._done and b"\n" not in self._buffer and (limit < 0 or len(self._buffer) < limit):
            self._more()
        end = self._buffer.find(b"\n") + 1 or len(self._buffer)
        return self._take(end if limit < 0 else min(end, limit))


class _Rewound:
    """A binary stream whose first bytes, already read to sniff the format, are given back."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0:
                data, self._head = self._head + self._stream.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            if len(data) < size:
                data += self._stream.read(size - len(data))
            return data
        return self._stream.read(size)

    def readline(self, limit: int = -1) -> bytes:
        if self._head:
            newline = self._head.find(b"\n")
            if newline >= 0 and (limit < 0 or newline < limit):
                line, self._head = self._head[: newline + 1], self._head[newline + 1 :]
                return line
            if limit >= 0 and len(self._head) >= limit:
                line, self._head = self._head[:limit], self._head[limit:]
                return line
            line, self._head = self._head, b""
            more = limit - len(line) if limit >= 0 else -1
            return line + self._stream.readline(more)
        return self._stream.readline(limit)
