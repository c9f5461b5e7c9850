"""The agency's plain-text story: optional front matter, headline, paragraphs, byline, "Check Also".

    ---                                   optional front matter, only ever marked by the fence:
    url: https://...                      a headline may itself contain ": "
    published: 2026-10-03T09:15:00+00:00   ("date" too), and authors ("author" too), places, tags, section, ...
    ---
    Updated-Headline as printed-Video      markers are data, not part of the headline
    Moscow, SANA – First paragraph...      the dateline (places, agency) comes out of the text
    Second paragraph...                    one paragraph a line; blank lines between are usual, not certain
    Manar al-Freih / Hazem Sabbagh         optional byline
    Check Also                             optional; "شاهد أيضاً" in Arabic
    A linked headline
    Its teaser, cut short …                a line ending in an ellipsis is the teaser of the headline above

Scraping noise is tolerated: CRLF, a byte-order mark, trailing and no-break
spaces. Typographic quotes in the text are kept as printed.

One story a file: a second story joined after the first (files joined with ``cat``) is refused
where that can be told (``_refuse_a_second_story``). A story saved as an e-mail is read from its
message's text (``mail``); an HTML page or an RTF document is refused, saying so (``documents``).
"""

import re
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..text import NOT_TEXT, clean_line, match_key
from .bylines import split_byline, split_leading_byline, without_leading_byline
from .dateline import closing_credit, split_dateline, split_markers, trailing_credit
from .documents import other_document
from .endings import is_editors_note, is_end_mark, is_rule, without_end_mark
from .language import guess_language, language_code
from .mail import Mail, header_block_end, read_mail
from .parsed import UNSTORABLE, ParsedLink, ParsedStory, ParseError, check_date, check_headline, check_storable, quote
from .printed_dates import fold_script, local_date, printed_date, slashed_date

PARSER = "plaintext/1"
FRONT_MATTER_KEYS = {
    "url", "published", "updated", "language", "section", "tags", "id", "status", "summary", "agency", "authors",
    "places", "headline", "categories", "draft", "aliases",
}  # fmt: skip
# The names other publishing tools give the same fields: Jekyll's, Hugo's and most static sites' front matter, whose
# posts name their headline "title" (the file then opens with the body), their old address "permalink" (Hugo: the
# "aliases" it redirects), and mark an unpublished post "draft: true".
FRONT_MATTER_ALIASES = {
    "date": "published", "author": "authors", "title": "headline", "lastmod": "updated", "modified": "updated",
    "description": "summary", "excerpt": "summary", "category": "categories", "permalink": "aliases",
    "lang": "language",
}  # fmt: skip
# What such front matter says of a page's look, not of the story: read and left.
FRONT_MATTER_IGNORED = {
    "layout", "slug", "image", "images", "featured_image", "thumbnail", "cover", "weight", "toc", "comments", "type",
    "sidebar", "share", "header", "keywords", "series", "menu", "math", "showtoc", "hidemeta",
}  # fmt: skip
# YAML's ways of writing a list in front matter: "tags: [syria, talks]", or a line "- syria" under "tags:".
_INLINE_LIST = re.compile(r"^\[(?P<items>.*)\]$")
_LIST_ITEM = re.compile(r"^\s*-\s+(?P<item>.+)$")
_NAME_LIST = re.compile(r"\s*[/;,]\s*")  # "Manar al-Freih / Hazem Sabbagh", "Jane Doe, John Roe"
# The box's label on a line of its own, as SANA prints it ("Check Also", "شاهد أيضاً") and other agencies and news
# sites do, in the archive's languages ("Read also", "اقرأ أيضاً", "Lire aussi", "Lea también", "Lesen Sie auch",
# Antara's "Baca juga", Anadolu's "İlgili Haberler", UNIAN's "Вас також можуть зацікавити новини").
CHECK_ALSO_LABELS = {
    match_key(label)
    for label in (
        "Check Also", "شاهد أيضاً", "Read also", "Also read", "See also", "Related stories", "Related articles",
        "Related news", "اقرأ أيضاً", "إقرأ أيضاً", "اقرأ أيضا", "إقرأ أيضا", "أخبار ذات صلة", "مواضيع ذات صلة",
        "Lire aussi", "Voir aussi", "Lea también", "Leer también", "Lesen Sie auch", "Leggi anche", "Читайте также",
        "Смотрите также", "Related coverage", "Baca juga", "İlgili Haberler", "Читайте також",
        "Вас також можуть зацікавити новини", "You may be interested in the news",
        # Vietnamese, Persian, Hebrew, Hindi, Greek, Japanese, Korean, Chinese, Urdu, Bengali, Thai, Malay and
        # Indonesian, Swahili, Portuguese, Spanish, Polish, Czech, Dutch: "read also", "see also", "related news".
        # Persian's, Urdu's, Bengali's and Thai's "read more" is their sites' label for the box, where English's
        # is a link to the rest of the story (or an interview's answer) and is none.
        "Xem thêm", "Tin liên quan", "Bài liên quan", "بیشتر بخوانید", "مطالب مرتبط", "اخبار مرتبط", "קרא גם",
        "קראו גם", "ראו גם", "כתבות קשורות", "यह भी पढ़ें", "ये भी पढ़ें", "इसे भी पढ़ें", "संबंधित खबरें",
        "संबंधित ख़बरें", "Διαβάστε επίσης", "Δείτε επίσης", "Σχετικά άρθρα", "関連記事", "関連ニュース",
        "あわせて読みたい", "관련기사", "관련 기사", "관련뉴스", "관련 뉴스", "相关新闻", "相關新聞", "延伸阅读",
        "延伸閱讀", "相关阅读", "相關閱讀", "相关报道", "相關報導", "相关文章", "相關文章", "یہ بھی پڑھیں",
        "یہ بھی پڑھیے", "مزید پڑھیں", "مزید پڑھیے", "আরও পড়ুন", "আরো পড়ুন", "সম্পর্কিত খবর", "อ่านเพิ่มเติม",
        "ข่าวที่เกี่ยวข้อง", "Berita terkait", "Berita berkaitan", "Artikel terkait", "Soma pia",
        "Habari zinazohusiana", "Leia também", "Veja também", "Lee también", "Noticias relacionadas",
        "Czytaj też", "Czytaj także", "Zobacz też", "Zobacz także", "Čtěte také", "Čtěte též", "Lees ook",
    )
}  # fmt: skip
_ELLIPSIS = ("…", "...")
_URL_LINE = re.compile(r"https?://\S+")
_WORD = re.compile(r"\w")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
# The most words a headline has: a line longer than that is a paragraph.
HEADLINE_WORDS = 30
# How a paragraph ends, and a Check Also box's title or its teaser (cut short, "…") does not.
_SENTENCE_END = (".", "!", "?", "؟", "。", '"', "”", "»", "’", ")")
# A section break in a feature ("* * *", "***", "⁂", "•••"): like a rule, it separates.
_SECTION_BREAK = re.compile(r"[*•⁂∗·#~\s]{1,20}")


def parse_date(value: str, *, line: int, field: str) -> datetime:
    """ISO 8601 date or date-time, an RFC 2822 date ("Sat, 03 Oct 2026 09:15:00 +0000", as RSS feeds write it),
    or a date naming its month ("3 October 2026"); one without a zone is UTC. Years outside 1800-2200 are
    refused, and so is a date that could be read two ways ("03/10/2026")."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        parsed = printed_date(value)
        if parsed is None:
            raise ParseError(
                f"{field} {quote(value)} is not a date such as 2026-10-03T09:15:00+00:00 (ISO 8601), "
                "Sat, 03 Oct 2026 09:15:00 +0000 or 3 October 2026 (a time's zone as an offset, +08:00, or GMT)",
                line=line,
            ) from None
    check_date(parsed, printed=value, line=line, field=field)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# What a page prints before the date on a line of its own: "Published: ...", "Posted on ...", "Updated ...".
_DATE_LABEL = re.compile(
    r"(?P<label>published|posted|updated|last updated|modified|date"
    # French, German, Spanish, Portuguese, Italian and Russian sites' words for them
    r"|publié|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado|atualizado|pubblicato|aggiornato"
    r"|опубликовано|обновлено)(?:\s+(?:on|at|le|am|el|em|il))?\s*:?\s*",
    re.IGNORECASE,
)
# The same words as Persian, Urdu, Hebrew, Hindi, Bengali and Thai sites print them (compared after ``fold_script``:
# Persian's "به‌روزرسانی" without its zero-width non-joiner), before a date in their languages or in figures.
_LOCAL_DATE_LABEL = re.compile(
    r"(?:(?P<updated>آخرین\s+به\s?روز\s?رسانی|به\s?روز\s?رسانی|اپ\s+ڈیٹ|עודכן|עדכון\s+אחרון|अपडेटेड|अपडेट|अद्यतन"
    r"|আপডেট|হালনাগাদ|อัปเดต|อัพเดท|แก้ไขล่าสุด)"
    r"|(?P<published>تاریخ\s+انتشار|زمان\s+انتشار|منتشر\s+شده|انتشار|تاریخ|شائع|اشاعت|תאריך\s+פרסום|פורסם"
    r"|प्रकाशन\s+तिथि|प्रकाशित|প্রকাশিত|প্রকাশ|เผยแพร่|วันที่))\s*(?:در|ב|:)?\s*:?\s*"
)
_UPDATED_LABELS = ("updated", "last updated", "modified", "mis à jour", "aktualisiert", "actualizado", "atualizado",
                   "aggiornato", "обновлено")  # fmt: skip


# Arabic dates as Arab agencies print them under a headline: "الأربعاء، 26 تشرين الثاني 2026", "26 نوفمبر 2026"
# (the Levantine and the Egyptian names of the months), in Arabic-Indic figures too.
_ARABIC_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("كانون الثاني", "يناير"), ("شباط", "فبراير"), ("آذار", "اذار", "مارس"),
            ("نيسان", "أبريل", "ابريل"), ("أيار", "ايار", "مايو"), ("حزيران", "يونيو", "يونيه"),
            ("تموز", "يوليو", "يوليه"), ("آب", "اب", "أغسطس", "اغسطس"), ("أيلول", "ايلول", "سبتمبر"),
            ("تشرين الأول", "تشرين الاول", "أكتوبر", "اكتوبر"), ("تشرين الثاني", "نوفمبر"),
            ("كانون الأول", "كانون الاول", "ديسمبر"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_ARABIC_DATE_LINE = re.compile(
    r"(?:(?:نشر|تاريخ النشر|آخر تحديث|اخر تحديث)\s*(?:في)?\s*:?\s*)?"
    r"(?:(?:الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت)\s*[،,]?\s*)?"
    rf"(?P<day>[0-9٠-٩]{{1,2}})\s+(?P<month>{'|'.join(sorted(_ARABIC_MONTHS, key=len, reverse=True))})"
    r"\s+(?P<year>[0-9٠-٩]{4})(?:\s*م)?"
)


def _arabic_date_line(line: str) -> tuple[str, datetime] | None:
    if not (match := _ARABIC_DATE_LINE.fullmatch(line)):
        return None
    figures = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
    try:
        day = datetime(
            int(match["year"].translate(figures)), _ARABIC_MONTHS[match["month"]], int(match["day"].translate(figures))
        )
    except ValueError:
        return None
    kind = "updated" if "تحديث" in line[: match.start("day")] else "published"
    return (kind, day.replace(tzinfo=UTC)) if 1800 <= day.year <= 2200 else None


def date_line(line: str) -> tuple[str, datetime] | None:
    """("published" or "updated", the date) of a line that is only a date, else None. A date that names its month
    or is ISO 8601, in figures when it reads one way only ("26/11/2026"), or in another script's language and
    calendar ("۵ آذر ۱۴۰۵", "26 בנובמבר 2026", "26 พ.ย. 2569"); with a time when one is given (UTC unless it says
    otherwise)."""
    if len(line) > 80:
        return None
    if found := _arabic_date_line(line.strip()):
        return found
    text, label = line.strip(), ""
    if match := _DATE_LABEL.match(text):
        text, label = text[match.end() :], match["label"]
    elif match := _LOCAL_DATE_LABEL.match(folded := fold_script(text)):
        text, label = folded[match.end() :], "updated" if match["updated"] else ""
    # a date that names its month or is ISO 8601; one in figures that reads one way only; one in another script
    day = printed_date(text) or slashed_date(text) or local_date(text)
    if day is None or not 1800 <= day.year <= 2200:
        return None
    return ("updated" if label.lower() in _UPDATED_LABELS else "published"), day


def check_url(value: str, *, line: int | None) -> str:
    try:
        parts = urlsplit(value)
    except ValueError:  # an unbalanced IPv6 bracket, say
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ParseError(f"url {quote(value)} is not an http(s) address", line=line)
    return value


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def _front_matter(lines: list[str]) -> tuple[dict[str, tuple[str | list[str], int]], int]:
    """The front matter's fields with their line numbers, and the index of the first line after it. A value is a
    string, or a list when YAML writes one ("[a, b]", or "- a" lines under the key)."""
    if not lines or clean_line(lines[0]) != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if clean_line(lines[i]) == "---"), None)
    if end is None:
        raise ParseError("the front matter opened here is never closed with a '---' line", line=1)
    fields: dict[str, tuple[str | list[str], int]] = {}
    key, ignored, block = None, False, False  # the key whose list or block lines may follow; one left; a block
    for index in range(1, end):
        line = clean_line(lines[index])
        if not line:
            continue
        indented = lines[index][:1] in (" ", "\t")
        if key and (item := _LIST_ITEM.match(lines[index])):  # "- item" under "tags:"
            if not ignored and isinstance(fields[key][0], list):
                fields[key][0].append(_unquoted(item["item"]))
            continue
        if key and indented and (ignored or block):  # a block's lines ("description: >" then its text)
            if not ignored:
                fields[key] = (f"{fields[key][0]} {line}".strip(), fields[key][1])
            continue
        name, colon, value = line.partition(":")
        key = FRONT_MATTER_ALIASES.get(name.strip().lower(), name.strip().lower())
        ignored = bool(colon) and key in FRONT_MATTER_IGNORED
        value = value.strip()
        block = value in (">", "|", ">-", "|-", ">+", "|+")
        if ignored:
            continue
        if not colon or key not in FRONT_MATTER_KEYS:
            keys = ", ".join(sorted(FRONT_MATTER_KEYS | set(FRONT_MATTER_ALIASES)))
            message = f"front matter line {line[:60]!r} is not 'key: value' with a key among {keys}"
            raise ParseError(message, line=index + 1)
        if inline := _INLINE_LIST.match(value):
            fields[key] = ([item for item in map(_unquoted, inline["items"].split(",")) if item], index + 1)
        elif block:
            fields[key] = ("", index + 1)
        elif not value:
            fields[key] = ([], index + 1)  # a list's "- item" lines may follow
        else:
            fields[key] = (_unquoted(value), index + 1)
    return fields, end + 1


def _names(value: str | list[str]) -> list[str]:
    items = value if isinstance(value, list) else _NAME_LIST.split(value)
    return [clean_line(item) for item in items if clean_line(item)]


def _apply_front_matter(story: ParsedStory, fields: dict[str, tuple[str | list[str], int]]) -> None:
    for key, (value, line) in fields.items():
        if not value:
            continue
        if isinstance(value, list) and key not in ("tags", "authors", "places", "categories", "aliases"):
            value = ", ".join(value)
        if key == "url":
            story.source_url = check_url(value, line=line)
        elif key in ("published", "updated"):
            setattr(story, f"{key}_at", parse_date(value, line=line, field=key))
        elif key == "tags":
            items = value if isinstance(value, list) else value.split(",")
            story.tags = list(dict.fromkeys([*story.tags, *(tag.strip() for tag in items if tag.strip())]))
        elif key == "categories":  # the first is the section (unless one is named), the others tags
            first, *others = _names(value if isinstance(value, list) else value.split(","))
            if not fields.get("section"):
                story.section = first
            story.tags = list(
                dict.fromkeys([*story.tags, *(others if not fields.get("section") else [first, *others])])
            )
        elif key in ("authors", "places"):  # first, then those of the byline or dateline: none is lost
            setattr(story, key, list(dict.fromkeys([*_names(value), *getattr(story, key)])))
        elif key == "id":
            story.legacy_ids = [("id", value)]
        elif key == "aliases":  # old addresses, kept leading to the story
            paths = value if isinstance(value, list) else [value]
            story.legacy_paths = list(dict.fromkeys([*story.legacy_paths, *(p for p in paths if p.startswith("/"))]))
        elif key == "draft":
            if value.lower() in ("true", "yes"):
                story.status = "draft"
        elif key == "status":
            if value not in ("draft", "published", "withdrawn"):
                raise ParseError(f"status {quote(value)} is not draft, published or withdrawn", line=line)
            story.status = value
        elif key == "language":
            story.language = language_code(value, line=line) or story.language
        elif key != "headline":  # section, summary, agency (the headline is read before)
            setattr(story, key, value)


def _address(line: str) -> str:
    """``line`` when it is only a web address, else ""."""
    if not _URL_LINE.fullmatch(line):
        return ""
    try:
        return check_url(line, line=None)
    except ParseError:
        return ""


def _check_also(lines: list[str]) -> list[ParsedLink]:
    """The box's links: a title each, a teaser under it (cut short with an ellipsis, or opening with its story's
    dateline), and its address when a line gives one (under its title, or alone: then it is the title too)."""
    links: list[ParsedLink] = []
    for line in lines:
        if url := _address(line):
            if links and not links[-1].url:
                links[-1] = replace(links[-1], url=url)
            else:
                links.append(ParsedLink(title=url, url=url))
        elif links and not links[-1].teaser and (line.endswith(_ELLIPSIS) or _opens_with_dateline(line)):
            links[-1] = replace(links[-1], teaser=line)
        else:
            links.append(ParsedLink(title=line))
    return links


def _is_title(line: str) -> bool:
    """Whether ``line`` may be a headline: a few words, not a paragraph, a dateline, an address or a teaser."""
    return (
        len(line.split()) <= HEADLINE_WORDS
        and bool(_WORD.search(line))
        and not line.endswith(_ELLIPSIS)
        and not _address(line)
        and match_key(line) not in CHECK_ALSO_LABELS
        and split_dateline(line) is None
    )


def _opens_with_dateline(line: str, *, whole: bool = False) -> bool:
    """Whether ``line`` opens with a dateline ("Tartus, SANA – A ship ..."); with ``whole``, only when it is a
    paragraph too, ending as a sentence does or longer than a headline, or the dateline alone with its agency
    ("DAMASCUS, Nov 26 (SANA)"): not a title that opens with a place ("PARIS, France - Macron meets Scholz"), nor
    a teaser that opens with its dateline and is cut short."""
    if line.endswith(_ELLIPSIS) or (whole and not line.endswith(_SENTENCE_END) and len(line) < 100):
        return False  # (the test that costs least first: reading a dateline takes up to 60 µs)
    if (dateline := split_dateline(line)) is None:
        return False
    if whole and not _WORD.search(dateline.text):
        return bool(dateline.agency)
    return not whole or line.endswith(_SENTENCE_END) or len(line.split()) > HEADLINE_WORDS


def _story_opens_at(content: list[tuple[int, str]], at: int) -> bool:
    """Whether a story opens at ``content[at]``: a headline, then (under a date line or a "By" byline, if any) a
    paragraph with a dateline."""
    if at >= len(content) or not _is_title(content[at][1]):
        return False
    below = at + 1
    while below < min(len(content), at + 4) and (
        date_line(content[below][1]) or split_leading_byline(content[below][1]) is not None
    ):
        below += 1
    return below < len(content) and _opens_with_dateline(content[below][1])


def _page_breaks(lines: list[str], content: list[tuple[int, str]]) -> dict[int, int]:
    """The indexes in ``content`` of the lines that follow a page break, a form feed at a line's start or end (or
    alone on its line), with the line of the form feed. One inside a line ("The\fmuseum") is a space."""
    breaks: dict[int, int] = {}
    for index, line in enumerate(lines):
        stripped = line.strip(" \t")
        if "\f" not in stripped or not (stripped.startswith("\f") or stripped.endswith("\f")):
            continue
        # The line's own text when the form feed opens it, else the lines under it. Line numbers count from 1.
        after = index + 1 if stripped.startswith("\f") and stripped.strip(" \t\f") else index + 2
        following = next((k for k, (number, _) in enumerate(content) if number >= after), None)
        if following:  # not the headline: a page break above it is no second story
            breaks.setdefault(following, index + 1)
    return breaks


def _may_head(line: str) -> bool:
    """Whether ``line`` may be a headline, by what costs nothing to see: short, and not ending in a full stop as a
    sentence does (a headline does not; few stories' paragraphs are then left to look at more closely)."""
    return not line.endswith((".", "。")) and len(line) < 400 and len(line.split()) <= HEADLINE_WORDS


def _separates(line: str) -> bool:
    """Whether ``line`` may end a story, and so stand between two: a rule, a section break, a wire's end mark, a
    byline."""
    if len(line) > 300:  # a paragraph (the longest of these, a copyright footer, is shorter)
        return False
    return bool(is_rule(line) or _SECTION_BREAK.fullmatch(line) or is_end_mark(line) or split_byline(line))


def _refuse_a_second_story(content: list[tuple[int, str]], breaks: dict[int, int], *, label: int) -> None:
    """Refuse a file that holds a second story after the first, as files joined with ``cat`` do: everything after
    the first story's "Check Also" was taken for its links (the next story's headline, dateline, paragraphs and
    byline), and without a box the next story was read as paragraphs of the first.

    Only where it can be told: after a page break (a form feed: ``breaks``, see ``_page_breaks``), a rule, a
    section break, a wire's end mark or a byline, a headline with a dateline under it; and in a Check Also box
    (``label`` is its label's index in ``content``), whose items are titles, teasers and addresses, a paragraph
    with a dateline followed by paragraphs of a story's text. A section break in a feature is followed by its text,
    not by a headline and a dateline; a story's first lines are its own headline and byline; a box in the middle of
    a story is followed by its text without a dateline (see ``parse_story``)."""
    for at in range(2, len(content) - 1):
        if at in breaks:
            after = f"a page break, the form feed of line {breaks[at]}"
        elif 2 < at < label and _may_head(content[at][1]) and _separates(content[at - 1][1]):
            after = quote(content[at - 1][1])
        else:
            continue
        if _story_opens_at(content, at):
            raise ParseError(
                f"a second story seems to start here (a headline and a dateline after {after}): one story a file; "
                "split it",
                line=content[at][0],
            )
    if label >= len(content):  # no Check Also box
        return
    box = f"the Check Also box of line {content[label][0]}, whose items are titles and addresses"
    for at in range(label + 1, len(content)):
        number, line = content[at]
        # A paragraph with a dateline, and under it a sentence of a story's text: a story, not a link's teaser (a
        # teaser that opens with its dateline, as SANA's do, stands alone under its title, the next title under it).
        if (
            at + 1 < len(content)
            and _is_sentence(content[at + 1][1])
            and not _opens_with_dateline(content[at + 1][1])
            and _opens_with_dateline(line, whole=True)
        ):
            if at - 1 > label and _is_title(content[at - 1][1]):
                opening, number = "a headline and a dateline", content[at - 1][0]
            else:
                opening = "a paragraph with a dateline"
            raise ParseError(
                f"a second story seems to start here ({opening} after {box}): one story a file; split it", line=number
            )


_FULL_STOP = re.compile(r"\w[.。۔।]$")


def _is_sentence(line: str) -> bool:
    """Whether ``line`` is a sentence of a story's text, by what titles seldom do: ending with a full stop after a
    word, in three words or more (a title may end with "?" or "!")."""
    return bool(_FULL_STOP.search(line)) and len(line.split()) >= 3 and not _address(line)


def _continues_story(line: str) -> bool:
    """Whether ``line`` is a paragraph of a story's text, which no Check Also box holds: longer than a headline,
    ending as a sentence does, and not opening with a dateline as a link's teaser may."""
    return len(line.split()) > HEADLINE_WORDS and line.endswith(_SENTENCE_END) and not _opens_with_dateline(line)


def _without_date_lines(body: list[str]) -> tuple[list[str], list[tuple[str, datetime]]]:
    """``body`` without the lines opening it that are only a date, and their dates (see ``date_line``): a page
    prints "Published: ..." and "Updated: ..." one under the other."""
    dates = []
    while len(body) > 1 and (found := date_line(body[0])):
        body, dates = body[1:], [*dates, found]
    return body, dates


def parse_story(text: str, *, source: str = "") -> ParsedStory:
    """One story from its plain text; ParseError names the line of what cannot be read."""
    raw = text
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # An HTML page or an RTF document saved as .txt (a PDF's or a Word document's bytes before its NUL bytes)
    if document := other_document(text[:4096].encode("utf-8", "surrogatepass")):
        kind, advice = document
        raise ParseError(f"this is {kind}, not a plain-text story: {advice}")
    if UNSTORABLE.search(text) or NOT_TEXT.search(text):  # rare: then find the line to name
        for number, line in enumerate(lines, 1):
            check_storable(line, line=number, field="the line")
    if (end := header_block_end(lines)) is not None:
        return _mail_story(raw, lines, end, source=source)
    fields, start = _front_matter(lines)
    # (line number, cleaned text) of every non-empty line after the front matter
    content = [(n + 1, cleaned) for n in range(start, len(lines)) if (cleaned := clean_line(lines[n]))]
    if given := fields.get("headline"):  # a static site's post: "title:" names it, and the text opens with the body
        value, headline_line = given
        printed_headline = clean_line(", ".join(value) if isinstance(value, list) else value)
        content.insert(0, (headline_line, printed_headline))
    if not content:
        raise ParseError("the file is empty" if not fields else "there is no headline after the front matter")

    headline_line, printed_headline = content[0]
    # A headline as Markdown marks it, "# Headline" (one underlined, "=====" under it, is a rule: see below).
    headline, markers = split_markers(_MARKDOWN_HEADING.sub("", printed_headline))
    check_headline(headline, line=headline_line)
    rest = [line for _, line in content[1:]]
    label = next((i for i, line in enumerate(rest) if match_key(line) in CHECK_ALSO_LABELS), len(rest))
    _refuse_a_second_story(content, _page_breaks(lines, content) if "\f" in text else {}, label=label + 1)
    # A box set in the middle of the story, as news sites place one after a few paragraphs: it ends where the
    # story's text goes on, and that text is the story's (it was taken for links, or the file refused).
    box = rest[label + 1 :]
    ends = next((i for i, line in enumerate(box) if _continues_story(line)), len(box))
    body, links = rest[:label] + box[ends:], _check_also(box[:ends])
    # A wire's end mark ("Enditem", "###", "-30-", AFP's "burs-jm/ach") is no part of the story, and may stand under
    # the byline; so is a rule ("___").
    body = [line for line in body if not is_rule(line)] or body
    while len(body) > 1 and is_end_mark(body[-1]):
        body = body[:-1]
    if body:
        body[-1] = without_end_mark(body[-1])

    # A line that is only a date, under the headline or under the byline ("Published: 26 November 2026 10:30"): the
    # story's date (unless the front matter gives it), not its text.
    body, dated = _without_date_lines(body)
    # An update's note under the headline, as Reuters prints it ("(Adds analyst comment, updates prices)"): it stays
    # where it stands, and the byline and the dateline are read under it.
    notes: list[str] = []
    if len(body) > 1 and is_editors_note(body[0]):
        notes, body = body[:1], body[1:]
    # AP: "By ZEKE MILLER" under the headline; "By The Associated Press" names no one, and goes too.
    body, authors = without_leading_byline(body)
    body, dated_under_byline = _without_date_lines(body)
    dated += dated_under_byline
    if len(body) > 1 and (names := split_byline(body[-1])):  # SANA's names, Reuters' credits: the last line
        authors, body = list(dict.fromkeys([*authors, *names])), body[:-1]
    if not body:
        raise ParseError(f"headline {quote(headline)} has no body", line=headline_line)

    story = ParsedStory(
        headline=headline,
        markers=markers,
        printed_headline=printed_headline,
        authors=authors,
        check_also=links,
        raw=raw,
        source=source,
        parser=PARSER,
    )
    dateline = split_dateline(body[0])
    # A dateline on a line of its own, above the first paragraph: "DAMASCUS, Nov 26 (SANA)", "MOSCOW, November 26.
    # /TASS/." (read with the line as its text, "."; no text is lost: the line is all dateline).
    if dateline and len(body) > 1 and not _WORD.search(dateline.text):
        dateline, body = replace(dateline, text=body[1]), body[1:]
    elif not dateline and len(body) > 1 and len(body[0]) <= 80:
        # Not a town alone: a line "HASSAN:" or "SALT" above a paragraph is a speaker or a heading.
        joined = split_dateline(f"{body[0].rstrip(' -–—:')} - {body[1]}", town_alone=False)
        if joined and joined.text == body[1]:
            dateline, body = joined, body[1:]
    if dateline:
        story.places, story.agency = dateline.places, dateline.agency
        story.authors = story.authors or list(dateline.authors)
        body = [dateline.text, *body[1:]]
    # A credit on the story's last line: ANSA names itself there ("(ANSA).", its dateline naming none), news sites
    # a wire ("Source: SANA", "المصدر: سانا"). It gives the agency, or goes when it names the dateline's.
    agency = closing_credit(body[-1]) if len(body) > 1 else None
    if agency and (not story.agency or match_key(agency) == match_key(story.agency)):
        story.agency, body = story.agency or agency, body[:-1]
    elif (credit := trailing_credit(body[-1])) and (
        not story.agency or match_key(credit[1]) == match_key(story.agency)
    ):
        body[-1], story.agency = credit[0], story.agency or credit[1]  # "... trade. (ANI)"
    story.paragraphs = body = [*notes, *body]
    story.language = guess_language(headline, *body)
    for kind, when in reversed(dated):  # the first of each kind wins
        setattr(story, f"{kind}_at", when)
    _apply_front_matter(story, fields)
    return story


def _mail_story(raw: str, lines: list[str], end: int, *, source: str) -> ParsedStory:
    """The story an e-mail's text holds (see ``mail``): under its Subject when the text opens without a headline,
    dated by its Date when the text gives no date."""
    mail = read_mail("\n".join(lines), lines, end)
    content = [cleaned for line in mail.text.split("\n") if (cleaned := clean_line(line))]
    if not content:
        raise ParseError("this e-mail's message holds no story: no text above its signature", line=mail.first_line)
    while len(content) > 1 and date_line(content[0]):  # "Published: ..." heads the text, as it may a story's
        content = content[1:]
    subject = clean_line(mail.subject)
    # No headline: the text opens with its dateline, with a paragraph, or is one paragraph.
    headless = bool(content) and content[0] != "---" and (
        len(content) == 1 or split_dateline(content[0]) is not None or len(content[0].split()) > HEADLINE_WORDS
    )  # fmt: skip
    shift = 2 if subject and headless else 0  # the lines the subject and a blank line add above the text
    try:
        story = parse_story(f"{subject}\n\n{mail.text}" if shift else mail.text, source=source)
    except ParseError as error:
        raise _in_mail(error, mail, shift) from None
    story.raw = raw
    if story.published_at is None and mail.date:
        story.published_at = parse_date(mail.date, line=mail.date_line, field="the e-mail's Date")
    return story


def _in_mail(error: ParseError, mail: Mail, shift: int) -> ParseError:
    """``error``, met in the e-mail's text, naming the file's line (the text's own when it was decoded)."""
    if error.line is None:
        return error
    if error.line <= shift:
        return ParseError(f"the e-mail's Subject: {error.message}", line=mail.subject_line)
    if mail.first_line is not None:
        return ParseError(error.message, line=mail.first_line + error.line - 1 - shift)
    return ParseError(f"line {error.line - shift} of the e-mail's decoded text: {error.message}")
