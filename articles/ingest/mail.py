"""A story saved as an e-mail: the message's headers (From:, To:, Subject:, Date:, ...), then the story as its text.

Desks mail stories to each other and to the archive, and a message saved as ".txt" was read as a
story headlined "From: desk@agency.example", its headers its first paragraphs. Such a file opens
with an RFC 822 header block, which no story does: a line "Name: value" is a headline at most
("Lavrov: Russia will ..."), with the story's text under it, not a run of them that names a
message's sender, recipient or date. The message's text is the story, read as any plain-text
story is (``plaintext.parse_story``); its Subject is the headline when the text opens without one
(with its dateline), and its Date the story's date when the text gives none.

Python's ``email`` package reads the headers and, where the text is encoded (quoted-printable,
base64) or one part of several (a message with an HTML copy), decodes it. What cannot be a story
is refused, saying why: a message with no plain text (HTML only), or with attachments (the story
may be in one, and it would not be read).
"""

import email
import re
from dataclasses import dataclass
from email import policy
from email.errors import MessageError
from email.message import EmailMessage

from .parsed import ParseError

# A header's line: its name (printable ASCII but the colon, RFC 5322 3.6.8), a colon, its value.
_HEADER = re.compile(r"(?P<name>[!-9;-~]+):(?P<value>.*)")
# Headers of messages, of which a header block names two at least ...
_MAIL_HEADERS = {
    "from", "to", "cc", "bcc", "subject", "date", "mime-version", "message-id", "received", "return-path",
    "delivered-to", "reply-to", "sender", "content-type", "content-transfer-encoding", "x-mailer", "user-agent",
    "in-reply-to", "references", "thread-topic", "importance",
}  # fmt: skip
# ... one of them one that only a message has (a story's "Date: ..." under its headline is no e-mail).
_ONLY_MESSAGES = {"from", "to", "cc", "mime-version", "message-id", "received", "return-path", "delivered-to", "sender"}
_ENCODED = {"quoted-printable", "base64"}
# What a reply or a forward puts before the subject: "Re:", "Fwd:", "FW:", "TR:" (French), "AW:", "WG:" (German).
_SUBJECT_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|tr|aw|wg|sv|vs|rv|enc)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
# The line that opens a signature (RFC 3676: "-- "); its trailing space is often lost.
_SIGNATURE = ("-- ", "--")


@dataclass(frozen=True)
class Mail:
    """A message's parts that make a story: its text, where that text's first line is in the file (None when it
    was decoded, so that its lines are not the file's), and its Subject and Date headers with their lines."""

    text: str
    first_line: int | None
    subject: str = ""
    subject_line: int | None = None
    date: str = ""
    date_line: int | None = None


def header_block_end(lines: list[str]) -> int | None:
    """The index of the blank line that ends the header block ``lines`` open with, as an e-mail's do; else None."""
    names = set()
    for index, line in enumerate(lines):
        if not line.strip():
            break
        if index == 0 and line.startswith("From "):  # a mailbox's separator line, "From desk@x Wed Nov 26 ..."
            continue
        if index and line[:1] in (" ", "\t"):  # a header folded onto the next line
            continue
        if not (match := _HEADER.match(line)):
            return None
        names.add(match["name"].lower())
    else:
        return None  # headers and no text
    known = names & _MAIL_HEADERS
    return index if len(known) >= 2 and known & _ONLY_MESSAGES else None


def _header_line(lines: list[str], end: int, name: str) -> int | None:
    prefix = f"{name}:"
    return next((n + 1 for n in range(end) if lines[n][: len(prefix)].lower() == prefix), None)


def _raw_header(message: EmailMessage, name: str) -> str:
    """The header's value as the file gives it, unfolded: the ``email`` package's own reading of a Date header
    overflows on a year or a zone of twenty digits, where ``parse_date`` refuses it naming its line."""
    return next((" ".join(value.split()) for key, value in message.raw_items() if key.lower() == name), "")


def _decoded(part: EmailMessage) -> str:
    """A part's text, from its transfer encoding and its charset (the file's own UTF-8 when it names none)."""
    data = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    for encoding in dict.fromkeys((charset, "utf-8")):
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            continue
    raise ParseError(f"the e-mail's text is not valid {charset}; save the story as a plain-text file in UTF-8")


def read_mail(text: str, lines: list[str], end: int) -> Mail:
    """The story's parts of the e-mail ``text``, whose ``lines`` hold its header block up to index ``end``."""
    try:
        message = email.message_from_bytes(text.encode("utf-8", "surrogatepass"), policy=policy.default)
        subject, date = str(message.get("subject", "")), _raw_header(message, "date")
        encoding = str(message.get("content-transfer-encoding", "")).strip().lower()
        if not message.is_multipart() and message.get_content_type() == "text/plain" and encoding not in _ENCODED:
            # The text is the file's own lines under the headers: errors name the file's line.
            body, first_line = "\n".join(lines[end + 1 :]), end + 2
        else:
            part = message.get_body(preferencelist=("plain",))
            if part is None:
                raise ParseError(
                    f"this is an e-mail with no plain text ({message.get_content_type()}), not a plain-text story: "
                    "save the story's text as a plain-text file and give that"
                )
            if attachments := [a.get_filename() or a.get_content_type() for a in message.iter_attachments()]:
                raise ParseError(
                    f"this is an e-mail with attachments ({', '.join(attachments)}), not a plain-text story: save "
                    "the story (if it is attached, the attachment) as a plain-text file and give that"
                )
            body, first_line = _decoded(part), None
    except (MessageError, ValueError, TypeError, LookupError) as exc:
        if isinstance(exc, ParseError):
            raise
        raise ParseError(f"this looks like an e-mail, but it cannot be read as one ({exc})", line=1) from None
    body_lines = body.split("\n")
    if (signature := next((n for n, line in enumerate(body_lines) if line in _SIGNATURE), None)) is not None:
        body = "\n".join(body_lines[:signature])  # the sender's name and address, no part of the story
    return Mail(
        text=body,
        first_line=first_line,
        subject=_SUBJECT_PREFIX.sub("", subject).strip(),
        subject_line=_header_line(lines, end, "subject"),
        date=date.strip(),
        date_line=_header_line(lines, end, "date"),
    )
