"""From a file's bytes to parsed stories: decoding, format detection, and the one entry point per file.

Every reader streams: JSON Lines a line at a time and WordPress exports an item
at a time, so memory stays flat whatever a file's size. Only plain-text files,
one story each, are read whole, and those are refused past ``MAX_STORY_BYTES``.
"""

import codecs
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

from .jsonl import parse_lines
from .parsed import ParsedStory, ParseError
from .plaintext import parse_story
from .wxr import parse_wxr

FORMATS = ("plaintext", "jsonl", "wxr")
MAX_LINE_CHARS = 1_000_000
MAX_LINE_BYTES = 4 * MAX_LINE_CHARS  # a UTF-8 character is at most four bytes
MAX_STORY_BYTES = 20 * 1024 * 1024

_EXTENSIONS = {".txt": "plaintext", ".text": "plaintext", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "wxr"}
_EXTENSIONS[".wxr"] = "wxr"


def detect_format(name: str, head: bytes) -> str:
    """The format a file's extension names, else what its first bytes look like."""
    by_extension = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if by_extension:
        return by_extension
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        return "wxr"
    return "plaintext"


# Control bytes that text files do not hold (tab, line feed, form feed and carriage return are text).
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13))


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls / len(sample) > 0.05


def decode_text(data: bytes, *, first_line: int = 1) -> str:
    """UTF-8 text with its byte-order mark dropped and line ends made LF; bad bytes are named by line."""
    if _looks_binary(data):
        raise ParseError("this is a binary file, not text")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseError(
            f"byte {data[exc.start]:#04x} at column {column} is not valid UTF-8; save the file as UTF-8", line=line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    """The stories in one file, in order; raises ParseError (with the line where known) on bad input."""
    if format is not None and format not in FORMATS:
        raise ParseError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    head = stream.read(4096)
    if not head.strip():
        raise ParseError("the file is empty")
    if _looks_binary(head):
        raise ParseError("this is a binary file, not text")
    format = format or detect_format(name, head)
    rest = _Rewound(head, stream)
    if format == "jsonl":
        yield from parse_lines(_jsonl_lines(rest), source=name)
    elif format == "wxr":
        yield from parse_wxr(rest, source=name)
    else:
        data = head + stream.read(MAX_STORY_BYTES + 1 - len(head))
        if len(data) > MAX_STORY_BYTES:
            raise ParseError(f"a plain-text story may be at most {MAX_STORY_BYTES // 1024 // 1024} MB")
        text = decode_text(data)
        check_line_lengths(text)
        yield parse_story(text, source=name)


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
