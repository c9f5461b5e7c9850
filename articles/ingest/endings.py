"""What ends a story and is no part of it: wires' end marks ("Enditem", "-30-", "(END)"), desks' codes and
sign-offs ("-- BERNAMA", "/أ ش أ/"), rules, footers, and the notes and credits around a byline. Pure functions,
no database.
"""

import re

from .dateline import KNOWN_AGENCIES

# The credit AP prints on the line under a "By" byline: "Associated Press", "AP Congressional Correspondent".
_CREDIT_LINE = re.compile(
    r"(?:The\s+)?(?:Associated\s+Press|AP|Reuters|AFP)"
    r"(?:(?:\s+[A-Z][a-z]+){0,3}\s+(?:[Ww]riter|[Cc]orrespondent|[Rr]eporter|[Ee]ditor))?"
)


# The editor's note under an update's headline, as Reuters prints it: "(Adds analyst comment, updates prices)",
# "(Corrects paragraph 3 to show ...)", "(Refiles to fix typo in headline)".
_EDITORS_NOTE = re.compile(
    r"\((?:Adds|Updates|Recasts|Corrects|Refiles|Repeats|Rewrites|Changes|Fixes|Inserts|Removes|Replaces|Clarifies"
    r"|Combines|Deletes|Amends|Moves|Writes\s+through|Writethru)\b[^()]{0,300}\)"
)


# The marks wires print on a story's last line to say it ends, which are no part of it: Xinhua's "Enditem", "ENDS",
# AP's and press releases' "###", the newsroom's "-30-", EFE's "(FIN)", Arabic agencies' "انتهى" (ended).
_END_MARK = re.compile(
    r"[\s(\[{（【\-–—_*+=./ـ]*(?:enditem|ends?|fin|ende|انتهى|完|#\s*#\s*#|30)(?:/[a-z]{1,4})?[\s)\]}）】\-–—_*+=./ـ]*"
    # the editor's credit Chinese agencies close with: "（责任编辑：王五）", CNA's "（編輯：李大同）1141126"
    r"|[（(]\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\s*[:：][^（）()]{1,30}[)）]\s*\d*",
    re.IGNORECASE,
)


# Sign-offs, a desk's and editors' initials or codes: AFP's "jm/ach", "burs-jm/ach"; KUNA's "(end) ald.rk"; IRNA's
# "9417**2049", "**3128".
_SIGN_OFF = re.compile(
    r"(?:burs-)?[a-z]{2,5}(?:[-/][a-z]{2,5})*/[a-z]{2,5}"
    r"|\(end\)\s*[a-z]{1,5}(?:\.[a-z]{1,5})+"
    r"|\d*\*\*\d+(?:\*\*\d+)*"
    # dpa's codes ("dpa jd xx n1 kat"); BSS's desk and time ("BSS/AAS/1530 hrs"); NNA's rule and initials
    # ("======= L.Y.", "=========== ل.ي"); a reporter's address, as Yonhap prints it above "(END)"
    r"|dpa(?:\s+[a-z0-9]{1,4})+"
    r"|[a-z]{2,6}(?:/[a-z]{2,6})*/\d{3,4}\s*hrs?"
    # and in its Bengali wire's letters and figures: "বাসস/এমএইচ/১৫৩০ ঘণ্টা"
    r"|[\u0980-\u09e3]{2,8}(?:/[\u0980-\u09e3]{1,8})*/[০-৯0-9]{3,4}\s*ঘণ্টা"
    r"|[=_~\-–—]{3,}\s*[^\W\d_]{1,3}(?:\.\s?[^\W\d_]{1,3})*\.?"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    # the time it was filed, on its own line: SPA's "14:05 LOCAL TIME 11:05 GMT", SPA Arabic's "15:20ت م"
    r"|(?:\d{1,2}[:.]\d{2}\s*(?:hrs?|gmt|utc|local\s+time|ت\s*م|ت\s*غ|ت\.م|ت\.غ)?\s*)+"
    # the paper's own line under a story it printed: "Published in Dawn, November 26th, 2026"
    r"|published\s+in\s+\w+(?:\s\w+){0,2},\s+\w+\s+\d{1,2}(?:st|nd|rd|th),\s+\d{4}\.?",
    re.IGNORECASE,
)
# A desk's or an editor's initials alone on the last line: BNA's "EB" and "ع.ذ", ONA's "ع خ" (which was taken for the
# reporter's name): two capitals, or two Arabic letters standing apart. Not a word a story may end with ("OK", "No.",
# "لا."), nor an agency's own short name ("AP", "AA"), which is its credit.
_INITIALS_ALONE = re.compile(r"[A-Z]{2}|[\u0600-\u06ff]\s?[.\s]\s?[\u0600-\u06ff]\.?")
_TWO_LETTER_WORDS = {
    "OK", "NO", "GO", "US", "UK", "UN", "EU", "TV", "AM", "PM", "OR", "IF", "SO", "DO", "BE", "ME", "MY", "WE", "HE",
    "IT", "IN", "ON", "AT", "TO", "UP", "BY", "OH", "HA", "HI", "ID", "IS", "AN", "AS",
}  # fmt: skip
# What only separates ("___" above AP's tagline, "-----"): no part of the text.
_RULE = re.compile(r"[_=~\-–—]{3,}")
# Xinhua's mark on the last paragraph's own line: "... the statement said. Enditem", in Spanish and French "Fin".
_TRAILING_END_MARK = re.compile(r"\s+(?:Enditem|\(END\)|-END-|(?<=[.!?»”\"]\s)Fin\.?)\s*$", re.IGNORECASE)


# A site's call to follow it, which scraped and exported stories end with: "Follow us on Telegram", "تابعونا عبر
# تطبيق واتس آب", "Subscribe to our newsletter"; and Reuters' site's footer, "Our Standards: The Thomson Reuters Trust
# Principles.", under the reporters' credit.
_PROMOTION = re.compile(
    r"(?:follow\s+us|join\s+(?:us|our)|subscribe\s+to|sign\s+up\s+for|تابعونا|تابعوا\s+(?:آخر|اخر|أخبار|اخبار)"
    r"|للاشتراك|اشترك)\b.{0,100}",
    re.IGNORECASE,
)
# What makes such a line a call to follow a site, not a sentence ("Join us, the protest leader shouted ...", "اشترك
# في الورشة عشرون متدرباً": took part): where to follow it. A call of three words or fewer ("Follow Us") needs none.
_PLATFORM = re.compile(
    r"telegram|whats\s?app|twitter|facebook|instagram|youtube|tiktok|linkedin|newsletter|channel|google\s+news|"
    r"\bapp\b|\bour\b|\bx\b|تلغرام|تليغرام|تيليجرام|واتس|تويتر|فيسبوك|فيس\s+بوك|يوتيوب|انستغرام|قناة|قناتنا|النشرة|تطبيق",
    re.IGNORECASE,
)
# Footers: Reuters' site's "Our Standards: The Thomson Reuters Trust Principles."; a copyright notice with its
# year ("Copyright © ANTARA 2026", AP's "Copyright 2026 The Associated Press. All rights reserved. ..."); a
# syndicated copy's notes ("(This story has not been edited by NDTV staff ...)", "A version of this article
# appears in print on ...").
_FOOTER = re.compile(
    r"our\s+standards\s*:\s*the\s+thomson\s+reuters\s+trust\s+principles\.?"
    r"|(?:copyright\s*)?(?:©|\(c\))[^.©]{0,40}?\b(?:19|20)\d\d\b[^.]{0,60}(?:\.\s*all\s+rights\s+reserved\b.{0,200})?"
    r"|copyright\s+(?:19|20)\d\d\b.{0,120}?all\s+rights\s+reserved\b.{0,200}"
    r"|\(?this\s+story\s+has\s+not\s+been\s+edited\s+by.{0,200}"
    r"|a\s+version\s+of\s+this\s+article\s+appears\s+in\s+print.{0,200}",
    re.IGNORECASE,
)


def is_end_mark(line: str) -> bool:
    """Whether ``line`` is only a wire's mark that the story ends there ("Enditem", "###", "-30-", "(FIN)", AFP's
    "burs-jm/ach", KUNA's "(end) ald.rk", IRNA's "9417**2049"), only a rule ("___"), or a site's call to follow
    it ("Follow us on Telegram")."""
    line = line.strip()
    if not line or line == "30":
        return False
    if _INITIALS_ALONE.fullmatch(line):
        return line not in _TWO_LETTER_WORDS and " ".join(line.lower().split()) not in KNOWN_AGENCIES
    if _PROMOTION.fullmatch(line):
        return len(line.split()) <= 3 or bool(_PLATFORM.search(line))
    return bool(
        _END_MARK.fullmatch(line) or _SIGN_OFF.fullmatch(line) or _RULE.fullmatch(line) or _FOOTER.fullmatch(line)
    )


def is_rule(line: str) -> bool:
    """Whether ``line`` only separates: "___", "-----", "=====" (under a headline too)."""
    return bool(_RULE.fullmatch(line.strip()))


def without_end_mark(paragraph: str) -> str:
    """The story's last paragraph without the end mark a wire prints after its last sentence ("... said. Enditem")."""
    if not paragraph[-12:].rstrip().lower().endswith(("enditem", "(end)", "-end-", "fin", "fin.")):  # most: no regex
        return paragraph
    return _TRAILING_END_MARK.sub("", paragraph)


def is_editors_note(line: str) -> bool:
    """Whether ``line``, under a headline, is an update's note on what changed, and not the story's first words."""
    return bool(_EDITORS_NOTE.fullmatch(" ".join(line.split())))


def is_byline_credit(line: str) -> bool:
    """Whether ``line``, under a "By" byline, is only its reporters' credit (and not the story's first words)."""
    return bool(_CREDIT_LINE.fullmatch(" ".join(line.split())))
