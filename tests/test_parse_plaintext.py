"""The plain-text story parser, on fixtures written for these tests (never the agency's own files)."""

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from articles.ingest.jsonl import parse_lines
from articles.ingest.parsed import ParseError
from articles.ingest.plaintext import parse_story
from articles.ingest.printed_dates import solar_hijri_to_gregorian

STORY = """\
Lavrov: Russia will keep supporting the Damascus water project

Moscow, SANA – Russian Foreign Minister said that Russia will go on supporting the water network.

This came in a speech at a meeting which opened in Kazakhstan’s capital on Tuesday.
“It’s necessary to think about training engineers” the minister said.

The minister stressed that the work had to go on.

Manar al-Freih / Hazem Sabbagh

Check Also

Stop arming the dams otherwise no talks: Engineer warns council

MOSCOW, SANA-Russia is not going to discuss the new dam treaty with the council …
"""


def test_a_story_in_the_agencys_format_is_read_whole():
    story = parse_story(STORY, source="moscow.txt")
    assert story.headline == "Lavrov: Russia will keep supporting the Damascus water project"
    assert story.places == ["Moscow"] and story.agency == "SANA"
    assert story.paragraphs == [
        "Russian Foreign Minister said that Russia will go on supporting the water network.",
        "This came in a speech at a meeting which opened in Kazakhstan’s capital on Tuesday.",
        "“It’s necessary to think about training engineers” the minister said.",
        "The minister stressed that the work had to go on.",
    ]
    assert story.authors == ["Manar al-Freih", "Hazem Sabbagh"]
    assert story.published_at is None and story.status == "published" and story.language == "en"
    [link] = story.check_also
    assert link.title == "Stop arming the dams otherwise no talks: Engineer warns council"
    assert link.teaser == "MOSCOW, SANA-Russia is not going to discuss the new dam treaty with the council …"
    assert (story.source, story.parser, story.raw) == ("moscow.txt", "plaintext/1", STORY)


@pytest.mark.parametrize(
    ("opening", "places", "agency", "text"),
    [
        ("Moscow, SANA – Russian President said", ["Moscow"], "SANA", "Russian President said"),
        ("Damascus, SANA- The ministry said", ["Damascus"], "SANA", "The ministry said"),
        ("Damascus, SANA_ The ministry said", ["Damascus"], "SANA", "The ministry said"),
        ("New York, SANA— The delegation said", ["New York"], "SANA", "The delegation said"),
        ("Damascus/Hasaka, SANA – Farmers said", ["Damascus", "Hasaka"], "SANA", "Farmers said"),
        ("Damascus Countryside, SANA – Engineers said", ["Damascus Countryside"], "SANA", "Engineers said"),
        ("Provinces, SANA – The campaign reached", ["Provinces"], "SANA", "The campaign reached"),
        ("Capitals, SANA-Manufacturers are", ["Capitals"], "SANA", "Manufacturers are"),
        ("Moscow, SANA-Russia is not going to", ["Moscow"], "SANA", "Russia is not going to"),
        ("MOSCOW, SANA-Russia is not going to", ["Moscow"], "SANA", "Russia is not going to"),
        ("Moscow,\u00a0SANA\u00a0– Russia said", ["Moscow"], "SANA", "Russia said"),
        ("دمشق-سانا افتتح المتحف", ["دمشق"], "سانا", "افتتح المتحف"),
        ("دمشق - سانا افتتح المتحف", ["دمشق"], "سانا", "افتتح المتحف"),
        ("دمشق/الحسكة-سانا تجاوزت", ["دمشق", "الحسكة"], "سانا", "تجاوزت"),
    ],
)
def test_every_dateline_form_gives_its_places_and_agency_and_leaves_the_text(opening, places, agency, text):
    story = parse_story(f"A headline\n\n{opening}\n\nA second paragraph.\n")
    assert (story.places, story.agency, story.paragraphs[0]) == (places, agency, text)


@pytest.mark.parametrize(
    "opening",
    ["However, SANA reported that the talks went on.", "In Damascus, the ministry said - it will", "No dateline."],
)
def test_an_ordinary_sentence_is_not_mistaken_for_a_dateline(opening):
    story = parse_story(f"A headline\n\n{opening}\n")
    assert (story.places, story.agency, story.paragraphs) == ([], "", [opening])


@pytest.mark.parametrize(
    ("last_line", "authors"),
    [
        ("Manar al-Freih / Hazem Sabbagh", ["Manar al-Freih", "Hazem Sabbagh"]),
        ("Rasha Milhem", ["Rasha Milhem"]),
        ("Hazem Sabbagh / Manar al-Freih / Basem Kanaan", ["Hazem Sabbagh", "Manar al-Freih", "Basem Kanaan"]),
        ("منار الفريح / حازم صباغ", ["منار الفريح", "حازم صباغ"]),
        ("The talks continue.", []),
        ("He said it was good", []),
        ("Officials met on 12 May", []),
        ("Syria and Russia", []),
        ("Peace in Syria", []),  # "in" is a name's only before "'t"
        ("Sophie in 't Veld", ["Sophie in 't Veld"]),
        ("(Reporting by Tom Balmforth in Moscow and Olena Harmash in Kyiv; Additional reporting by Reuters bureaus;"
         " Editing by Alex Richardson)", ["Tom Balmforth", "Olena Harmash"]),
        ("Reporting by Guy Faulconbridge; Writing by Mark Trevelyan; Editing by Kevin Liffey",
         ["Guy Faulconbridge", "Mark Trevelyan"]),
        ("Reporting by the team; more to follow", []),
        # what else ends a story on a line of its own: a scraped page's links, an Arabic clause
        ("Print This Page", []),
        ("وقال الوزير إن المحادثات ستستمر", []),
        ("على حسن", ["على حسن"]),  # Ali, as Egyptian type prints it: the same letters as "on"
        ("عبد الله الأحمد / رحمة علي", ["عبد الله الأحمد", "رحمة علي"]),  # "الله" and "رحمة" in names
    ],
)  # fmt: skip
def test_a_byline_is_read_from_the_last_body_line_only_when_it_is_names(last_line, authors):
    story = parse_story(f"Headline\n\nDamascus, SANA – First paragraph.\n\n{last_line}\n")
    assert story.authors == authors
    assert (last_line in story.paragraphs) == (not authors)


@pytest.mark.parametrize(
    "end_mark",
    [
        "Enditem",
        "ENDS",
        "(END)",
        "###",
        "-30-",
        "(FIN)",
        "انتهى",
        "ـ انتهى ـ",
        "/ انتهى /",
        "burs-jm/ach",
        "sst/dl",
        "(end) ald.rk",
        "9417**2049",
        "**3128",
        "Follow us on Telegram",
        "Follow Us",
        "تابعونا عبر تطبيق تلغرام",
        # other wires' sign-offs: a desk's codes and initials, the time it was filed, a reporter's address,
        # a copyright line
        "Enditem/AW",
        "dpa jd xx n1 kat",
        "BSS/AAS/1530 hrs",
        "বাসস/এমএইচ/১৫৩০ ঘণ্টা",  # BSS's Bengali wire, in its letters and figures
        "======= L.Y.",
        "=========== ل.ي",
        "EB",
        "ع.ذ",
        "ع خ",
        "14:05 LOCAL TIME 11:05 GMT",
        "15:20ت م",
        "Copyright © ANTARA 2026",
        # a syndicated copy's notes, and Chinese agencies' end and editor's credit
        "Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, "
        "rewritten or redistributed without permission.",
        "(This story has not been edited by NDTV staff and is auto-generated from a syndicated feed.)",
        "A version of this article appears in print on Nov. 26, 2026, Section A, Page 1 of the New York edition.",
        "Published in Dawn, November 26th, 2026",
        "（完）",
        "（责任编辑：王五）",
    ],
)
def test_a_wires_end_mark_is_no_part_of_the_story_and_the_byline_above_it_is_read(end_mark):
    story = parse_story(f"Headline\n\nDamascus, SANA – First paragraph.\n\nLast paragraph.\n\n{end_mark}\n")
    assert story.paragraphs == ["First paragraph.", "Last paragraph."]
    story = parse_story(f"Headline\n\nDamascus, SANA – First paragraph.\n\nManar al-Freih\n{end_mark}\n")
    assert (story.paragraphs, story.authors) == (["First paragraph."], ["Manar al-Freih"])
    [story] = parse_lines([json.dumps({"headline": "H", "body": ["Damascus, SANA – First.", end_mark]})])
    assert story.paragraphs == ["First."]


def test_xinhuas_end_mark_after_the_last_sentence_and_aps_rule_above_its_tagline_go():
    story = parse_story("Headline\n\nBEIJING, Nov. 26 (Xinhua) -- First.\n\nThe statement said. Enditem\n")
    assert story.paragraphs == ["First.", "The statement said."]
    story = parse_story(
        "Headline\n\nWASHINGTON (AP) — First.\n\n___\n\nAssociated Press writer Jane Doe contributed to this report.\n"
    )
    assert story.paragraphs == ["First.", "Associated Press writer Jane Doe contributed to this report."]
    # Reuters' site's footer under the reporters' credit
    story = parse_story(
        "Oil rises\n\nLONDON, Nov 26 (Reuters) - Oil rose.\n\nReporting by Jane Doe; Editing by John Roe\n\n"
        "Our Standards: The Thomson Reuters Trust Principles.\n"
    )
    assert (story.paragraphs, story.authors) == (["Oil rose."], ["Jane Doe"])
    [story] = parse_lines([json.dumps({"headline": "H", "body": ["Damascus, SANA – First.", "Last. Enditem"]})])
    assert story.paragraphs == ["First.", "Last."]
    story = parse_story("Titular\n\nMADRID, 26 nov (Xinhua) -- Primero.\n\nLa reunión está prevista. Fin\n")
    assert story.paragraphs == ["Primero.", "La reunión está prevista."]
    # CNA's byline in parentheses, above its end mark; a year, or an agency's own short name, is no sign-off
    story = parse_story("Headline\n\nTAIPEI (CNA) - First.\n\nSecond.\n\n(By Joseph Yeh)\n\nEnditem/AW\n")
    assert (story.paragraphs, story.authors) == (["First.", "Second."], ["Joseph Yeh"])
    # one under another: Yonhap's reporter's address above "(END)", SPA's end mark above the time it was filed
    for end in ("jdoe@yna.co.kr\n\n(END)", "// انتهى //\n\n15:20ت م"):
        assert parse_story(f"Headline\n\nFirst.\n\nSecond.\n\n{end}\n").paragraphs == ["First.", "Second."]
    assert parse_story("Headline\n\nFirst.\n\n2026\n").paragraphs == ["First.", "2026"]
    assert parse_story("Headline\n\nFirst.\n\nAP\n").agency == "AP"


@pytest.mark.parametrize(
    ("text", "agency", "paragraphs"),
    [
        ("Damascus, SANA – First.\n\nSecond.\n\nSource: SANA", "SANA", ["First.", "Second."]),
        ("أعلنت الحكومة اليوم.\n\nفقرة ثانية.\n\nالمصدر: سانا", "سانا", ["أعلنت الحكومة اليوم.", "فقرة ثانية."]),
        ("First.\n\nSecond.\n\n(Reuters)", "Reuters", ["First.", "Second."]),
        # another source than the dateline's agency is the story's own text
        ("Damascus, SANA – First.\n\nSource: Reuters", "SANA", ["First.", "Source: Reuters"]),
        ("First.\n\nSource: the ministry said it would.", "", ["First.", "Source: the ministry said it would."]),
        # agencies' own sign-offs: after a dash, between slashes, alone; the Arabic marks of the name dropped
        ("KUALA LUMPUR, Nov 26 (Bernama) -- First.\n\nSecond.\n\n-- BERNAMA", "Bernama", ["First.", "Second."]),
        ("First.\n\nSecond.\n\n--SPA", "SPA", ["First.", "Second."]),
        ("First.\n\nSecond.\n\n--(Petra)", "Petra", ["First.", "Second."]),
        ("First.\n\nSecond.\n\nMENA", "MENA", ["First.", "Second."]),
        ("أعلن الوزير.\n\nوأضاف.\n\n/أ ش أ/", "أ ش أ", ["أعلن الوزير.", "وأضاف."]),
        ("أعلن الوزير.\n\nوأضاف.\n\n/العُمانية/", "العمانية", ["أعلن الوزير.", "وأضاف."]),
        # or after the last sentence, on its line
        (
            "New Delhi, November 26 (ANI): First.\n\nThe two sides trade. (ANI)",
            "ANI",
            ["First.", "The two sides trade."],
        ),
        # what is no agency's credit stays the story's text
        ("First.\n\nNATO", "", ["First.", "NATO"]),
        ("First.\n\n-- John", "", ["First.", "-- John"]),
        ("First.\n\nThe alliance met. (NATO)", "", ["First.", "The alliance met. (NATO)"]),
        ("Damascus, SANA – First.\n\nThe wire said. (AFP)", "SANA", ["First.", "The wire said. (AFP)"]),
    ],
)
def test_a_source_credit_on_the_last_line_gives_the_agency(text, agency, paragraphs):
    story = parse_story(f"Headline\n\n{text}\n")
    assert (story.agency, story.paragraphs) == (agency, paragraphs)
    [story] = parse_lines([json.dumps({"headline": "Headline", "body": text.split("\n\n")})])
    assert (story.agency, story.paragraphs) == (agency, paragraphs)


@pytest.mark.parametrize(
    ("printed", "headline", "markers"),
    [
        ("UPDATE 2-Oil prices rise", "Oil prices rise", ["updated"]),
        ("REFILE-UPDATE 1-Oil prices rise", "Oil prices rise", ["updated"]),
        ("RPT-Oil prices rise", "Oil prices rise", []),
        ("UPDATE 3-Oil prices rise-Video", "Oil prices rise", ["updated", "video"]),
        # what the story is, not which sending of it: kept
        ("CORRECTED-Oil prices rise", "CORRECTED-Oil prices rise", []),
        ("EXCLUSIVE-Oil firms talk", "EXCLUSIVE-Oil firms talk", []),
        ("Update on the talks", "Update on the talks", []),
    ],
)
def test_reuters_flags_before_a_headline(printed, headline, markers):
    story = parse_story(f"{printed}\n\nLONDON, Nov 26 (Reuters) - Oil rose.\n")
    assert (story.headline, story.markers, story.printed_headline) == (headline, markers, printed)


@pytest.mark.parametrize("printed", ["# Talks resume", "Talks resume\n============", "Talks resume\n------------"])
def test_a_headline_marked_as_markdown_or_underlined_is_read_without_its_marks(printed):
    story = parse_story(f"{printed}\n\nDamascus, SANA – First paragraph.\n\nSecond.\n")
    assert (story.headline, story.places, story.paragraphs) == (
        "Talks resume",
        ["Damascus"],
        ["First paragraph.", "Second."],
    )


@pytest.mark.parametrize(
    ("head", "published", "updated"),
    [
        ("26 November 2026", "2026-11-26T00:00:00+00:00", None),
        ("Published: Wednesday, November 26, 2026 10:30 PM GMT", "2026-11-26T22:30:00+00:00", None),
        ("By Jane Doe\n\nPosted on 26 Nov 2026 at 10:30 +03:00", "2026-11-26T10:30:00+03:00", None),
        ("Updated: 2026-11-26 10:30", None, "2026-11-26T10:30:00+00:00"),
        ("November 26, 2026 10:30 PM (GMT+8)", "2026-11-26T22:30:00+08:00", None),
        ("Nov 26, 2026 - 10:30 am GMT+3", "2026-11-26T10:30:00+03:00", None),
        (
            "Published: 26 Nov 2026 10:00 GMT\n\nUpdated: 26 Nov 2026 14:00 GMT",
            "2026-11-26T10:00:00+00:00",
            "2026-11-26T14:00:00+00:00",
        ),
        # as Europe's and Turkey's sites print them: day.month.year, the month named in their language
        ("26.11.2026 11:25", "2026-11-26T11:25:00+00:00", None),
        ("26 ноября 2026, 10:30", "2026-11-26T10:30:00+00:00", None),
        ("26 листопада 2026", "2026-11-26T00:00:00+00:00", None),
        ("26 Kasım 2026", "2026-11-26T00:00:00+00:00", None),
        # America's zones by the season of the date; other languages' words, weekdays and times; Chinese dates
        ("Nov. 26, 2026, 10:30 a.m. ET", "2026-11-26T10:30:00-05:00", None),
        ("July 4, 2026 10:30 PM PT", "2026-07-04T22:30:00-07:00", None),
        ("Publié le 26 novembre 2026 à 10h30", "2026-11-26T10:30:00+00:00", None),
        ("Mittwoch, 26. November 2026, 10:30 Uhr", "2026-11-26T10:30:00+00:00", None),
        ("Aktualisiert am 26.11.2026 um 14:00 Uhr", None, "2026-11-26T14:00:00+00:00"),
        ("26 de novembro de 2026 às 10h30", "2026-11-26T10:30:00+00:00", None),
        ("2026年11月26日 10:30", "2026-11-26T10:30:00+00:00", None),
        # Arab agencies' dates: the Levantine and Egyptian months' names, Arabic-Indic figures
        ("الأربعاء، 26 تشرين الثاني 2026", "2026-11-26T00:00:00+00:00", None),
        ("نشر في: ٢٦ نوفمبر ٢٠٢٦", "2026-11-26T00:00:00+00:00", None),
        ("آخر تحديث: 26 آب 2026", None, "2026-08-26T00:00:00+00:00"),
        # figures that read one way only: the day is more than 12, or the month's own number
        ("26/11/2026 10:30", "2026-11-26T10:30:00+00:00", None),
        ("11/26/2026", "2026-11-26T00:00:00+00:00", None),
        ("05/05/2026", "2026-05-05T00:00:00+00:00", None),
        # Persian: the Solar Hijri calendar (5 Azar 1405 is 26 November 2026), or the Gregorian months' names
        ("۵ آذر ۱۴۰۵", "2026-11-26T00:00:00+00:00", None),
        ("۲۶ نوامبر ۲۰۲۶", "2026-11-26T00:00:00+00:00", None),
        ("تاریخ انتشار: ۵ آذر ۱۴۰۵", "2026-11-26T00:00:00+00:00", None),
        ("پنجشنبه ۵ آذر ۱۴۰۵، ساعت ۱۰:۳۰", "2026-11-26T10:30:00+00:00", None),
        ("به‌روزرسانی: ۲۶ نوامبر ۲۰۲۶ - ۱۴:۰۰", None, "2026-11-26T14:00:00+00:00"),
        # Urdu, Hebrew, Hindi and Bengali months, their own figures too; Thai's, in the Buddhist Era (2569 is 2026)
        ("26 نومبر 2026", "2026-11-26T00:00:00+00:00", None),
        ("26 בנובמבר 2026", "2026-11-26T00:00:00+00:00", None),
        ("יום חמישי, 26 בנובמבר 2026 בשעה 10:30", "2026-11-26T10:30:00+00:00", None),
        ("26 नवंबर 2026", "2026-11-26T00:00:00+00:00", None),
        ("प्रकाशित: २६ नवम्बर २०२६, 10:30", "2026-11-26T10:30:00+00:00", None),
        ("২৬ নভেম্বর ২০২৬", "2026-11-26T00:00:00+00:00", None),
        ("26 พ.ย. 2569", "2026-11-26T00:00:00+00:00", None),
        ("วันพฤหัสบดีที่ 26 พฤศจิกายน พ.ศ. 2569 10:30 น.", "2026-11-26T10:30:00+00:00", None),
    ],
)
def test_a_line_that_is_only_a_date_under_the_headline_is_the_storys_date(head, published, updated):
    story = parse_story(f"Headline\n\n{head}\n\nDamascus, SANA – First paragraph.\n\nSecond.\n")
    assert (story.places, story.paragraphs) == (["Damascus"], ["First paragraph.", "Second."])
    assert story.published_at == (datetime.fromisoformat(published) if published else None)
    assert story.updated_at == (datetime.fromisoformat(updated) if updated else None)
    # The front matter's date wins; a date in a sentence, or one that could be read two ways, is text.
    story = parse_story(f"---\npublished: 2020-01-01\n---\nHeadline\n\n{head}\n\nDamascus, SANA – First.\n")
    assert story.published_at == datetime(2020, 1, 1, tzinfo=UTC)
    for line in ("The talks of 26 November 2026 went on.", "03/10/2026"):
        assert parse_story(f"Headline\n\n{line}\n\nSecond.\n").paragraphs[0] == line


@pytest.mark.parametrize(
    ("year", "month", "day", "gregorian"),
    [
        (1357, 11, 22, date(1979, 2, 11)),  # 22 Bahman 1357, the revolution's day
        (1399, 1, 1, date(2020, 3, 20)),
        (1403, 12, 30, date(2025, 3, 20)),  # 1403 is a leap year: Esfand has 30 days
        (1404, 1, 1, date(2025, 3, 21)),
        (1405, 9, 5, date(2026, 11, 26)),
        (1408, 1, 1, date(2029, 3, 20)),  # 1408, not 1407, is the leap year after 1403
    ],
)
def test_a_solar_hijri_day_is_its_gregorian_day(year, month, day, gregorian):
    assert solar_hijri_to_gregorian(year, month, day).date() == gregorian


@pytest.mark.parametrize(
    "line",
    [
        # figures that read two ways; a day no month has; a date in a sentence, in each language
        "03/10/2026", "03/10/2026 10:30", "31/02/2026", "26/11/26",
        "دیروز ۵ آذر ۱۴۰۵ وزیر خارجه به مسکو رفت.", "در ۲۶ نوامبر ۲۰۲۶ نشست برگزار شد.",
        "۵ آذر ۲۰۲۶", "30 اسفند 1404",  # a Solar Hijri month in a Gregorian year; 1404 is no leap year
        "ב-26 בנובמבר 2026 נפגשו השרים בירושלים.", "26 नवंबर 2026 को सरकार ने घोषणा की।",
        "২৬ নভেম্বর ২০২৬ তারিখে সরকার ঘোষণা করেছে।", "เมื่อวันที่ 26 พ.ย. 2569 รัฐบาลประกาศ",
        "26 พ.ย. ค.ศ. 2569",  # the Common Era named, in a Buddhist year
    ],
)  # fmt: skip
def test_a_line_that_only_holds_a_date_or_names_one_ambiguously_is_text(line):
    story = parse_story(f"Headline\n\n{line}\n\nDamascus, SANA – First.\n")
    assert (story.published_at, story.updated_at, story.paragraphs[0]) == (None, None, line)


def test_a_persian_date_line_under_the_headline_no_longer_hides_irnas_dateline():
    story = parse_story("عنوان خبر\n\nتاریخ انتشار: ۵ آذر ۱۴۰۵\n\nتهران- ایرنا- رئیس جمهور گفت.\n\nدوم.\n")
    assert (story.places, story.agency, story.paragraphs) == (["تهران"], "ایرنا", ["رئیس جمهور گفت.", "دوم."])
    assert story.published_at == datetime(2026, 11, 26, tzinfo=UTC)


@pytest.mark.parametrize(
    ("dateline", "places", "agency"),
    [
        ("DAMASCUS, Nov 26 (SANA)", ["Damascus"], "SANA"),
        ("MOSCOW, November 26. /TASS/.", ["Moscow"], "TASS"),
        ("Damascus, SANA –", ["Damascus"], "SANA"),
    ],
)
def test_a_dateline_on_a_line_of_its_own_is_read_and_leaves_no_paragraph(dateline, places, agency):
    story = parse_story(f"Headline\n\n{dateline}\n\nThe ministry said.\n\nSecond.\n")
    assert (story.places, story.agency, story.paragraphs) == (places, agency, ["The ministry said.", "Second."])


@pytest.mark.parametrize(
    ("first_line", "authors"),
    [
        ("By ZEKE MILLER and AAMER MADHANI", ["Zeke Miller", "Aamer Madhani"]),
        (
            "BY JOSH BOAK, CHRISTOPHER RUGABER and FATIMA HUSSEIN",
            ["Josh Boak", "Christopher Rugaber", "Fatima Hussein"],
        ),
        ("By Lisa Mascaro, AP Congressional Correspondent", ["Lisa Mascaro"]),
        # the agency after the names with no comma, or after a bar or a slash: the names before it kept
        ("BY AAMER MADHANI and ZEKE MILLER Associated Press", ["Aamer Madhani", "Zeke Miller"]),
        ("By Jane Doe | Reuters", ["Jane Doe"]),
        ("By Jane Doe / AFP", ["Jane Doe"]),
        ("By MARÍA VERZA", ["María Verza"]),
        # initials and suffixes: a full stop ends no name
        ("By MICHAEL R. SISAK and JAKE OFFENHARTZ", ["Michael R. Sisak", "Jake Offenhartz"]),
        ("By E.J. DIONNE", ["E.J. Dionne"]),
        ("By Martin Luther King Jr.", ["Martin Luther King Jr."]),
        # AP's capitals keep a name's prefix as spelt
        ("By JOHN McCAIN", ["John McCain"]),
        # a paper, a place or AFP's "with" beside the names; "By" in other languages
        ("By Jane Doe, BBC News", ["Jane Doe"]),
        # where the reporter wrote from, her beat and title, her paper's service: no authors
        ("By Jane Doe, BBC News, Damascus", ["Jane Doe"]),
        ("By Jane Doe, Kyiv", ["Jane Doe"]),
        ("By Jane Doe, Political Editor", ["Jane Doe"]),
        ("By Jane Doe, Senior Middle East Correspondent", ["Jane Doe"]),
        ("By Jane Doe and John Roe, Political Editors", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, Tribune News Service", ["Jane Doe"]),
        # a reporter whose name is a town's, after "and"
        ("By Jane Doe and Santa Rosa", ["Jane Doe", "Santa Rosa"]),
        ("By JOHN SMITH, CNN", ["John Smith"]),
        ("By Jane Doe in Damascus", ["Jane Doe"]),
        # Dutch names with "'t": "in 't" was read as where she wrote from, and the name cut to "Sophie"
        ("By Sophie in 't Veld", ["Sophie in 't Veld"]),
        ("By Jan van \u2019t Hoff and Maria de la Cruz", ["Jan van \u2019t Hoff", "Maria de la Cruz"]),
        ("By Jean-Marc MOJON with Jane DOE in Paris", ["Jean-Marc MOJON", "Jane DOE"]),
        ("Par Jean Dupont", ["Jean Dupont"]),
        ("Von Hans Müller", ["Hans Müller"]),
        ("Por Juan Pérez", ["Juan Pérez"]),
        ("بقلم: محمد علي / وليد أحمد", ["محمد علي", "وليد أحمد"]),
        ("متابعة: محمد علي", ["محمد علي"]),
        ("By the way, the rebels had left", []),
        ("By Monday the rebels had left.", []),
        ("Zeke Miller", []),  # a name above the story without "By" is not taken for a byline
    ],
)
def test_a_byline_above_the_story_is_read_when_it_says_by(first_line, authors):
    story = parse_story(f"Headline\n\n{first_line}\n\nWASHINGTON (AP) — First paragraph.\n\nSecond paragraph.\n")
    assert story.authors == authors
    assert (first_line in story.paragraphs) == (not authors)
    if authors:  # the dateline is then the first paragraph's
        assert story.places == ["Washington"] and story.agency == "AP"


@pytest.mark.parametrize(
    "first_line",
    ["By The Associated Press", "BY THE ASSOCIATED PRESS", "By Our Correspondent", "By Agencies", "By SANA"],
)
def test_a_by_line_that_names_no_one_names_no_author_and_hides_no_dateline(first_line):
    story = parse_story(f"Headline\n\n{first_line}\n\nWASHINGTON (AP) — First paragraph.\n\nSecond.\n")
    assert (story.authors, story.places, story.agency) == ([], ["Washington"], "AP")
    assert story.paragraphs == ["First paragraph.", "Second."]


@pytest.mark.parametrize("credit", ["Associated Press", "AP Congressional Correspondent", "The Associated Press"])
def test_the_credit_under_a_by_line_goes_with_it_and_the_dateline_is_read(credit):
    story = parse_story(f"Headline\n\nBy ZEKE MILLER\n{credit}\n\nWASHINGTON (AP) — First paragraph.\n\nSecond.\n")
    assert story.authors == ["Zeke Miller"]
    assert (story.places, story.agency, story.paragraphs) == (["Washington"], "AP", ["First paragraph.", "Second."])


def test_a_first_paragraph_that_opens_with_an_agencys_name_is_no_credit():
    story = parse_story("Headline\n\nBy ZEKE MILLER\n\nReuters reported the vote.\n\nSecond.\n")
    assert story.paragraphs == ["Reuters reported the vote.", "Second."]


def test_a_one_paragraph_story_keeps_its_paragraph_even_if_it_looks_like_names():
    story = parse_story("Headline\n\nRasha Milhem\n")
    assert (story.paragraphs, story.authors) == (["Rasha Milhem"], [])


@pytest.mark.parametrize(
    ("printed", "headline", "markers"),
    [
        ("Updated-Rain floods the coast", "Rain floods the coast", ["updated"]),
        ("UPDATED – Rain floods the coast", "Rain floods the coast", ["updated"]),
        ("Souk reopens-Video", "Souk reopens", ["video"]),
        ("Mosaic found near Hama – Photos", "Mosaic found near Hama", ["photos"]),
        ("Updated-Souk reopens-Video-Photos", "Souk reopens", ["updated", "video", "photos"]),
        ("Anti-drone video systems", "Anti-drone video systems", []),
        ("Video-games fair opens", "Video-games fair opens", []),
    ],
)
def test_headline_markers_are_kept_as_data_and_taken_out_of_the_title(printed, headline, markers):
    story = parse_story(f"{printed}\n\nText.\n")
    assert (story.headline, story.markers) == (headline, markers)


def test_several_check_also_links_with_and_without_teasers():
    story = parse_story(
        "Headline\n\nText.\n\nCheck also\n\nFirst linked story\nHoms, SANA – It began...\n"
        "Second linked story\nThird linked story\n\nAleppo, SANA – Teaser …\n"
    )
    assert [(link.title, link.teaser) for link in story.check_also] == [
        ("First linked story", "Homs, SANA – It began..."),
        ("Second linked story", ""),
        ("Third linked story", "Aleppo, SANA – Teaser …"),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Macron reçoit le président turc à l'Élysée\n\nParis, AFP – Le président français a déclaré mardi que la "
         "France continuerait à soutenir les efforts de paix au Proche-Orient.\n", "fr"),
        ("El Gobierno anuncia nuevas medidas\n\nMadrid, EFE – El presidente del Gobierno anunció el martes nuevas "
         "medidas para frenar la inflación en España.\n", "es"),
        ("Путин встретился с Асадом\n\nМосква, ТАСС – Президент России Владимир Путин заявил, что Россия "
         "продолжит оказывать помощь Сирии.\n", "ru"),
        ("Putin meets Assad\n\nMoscow, SANA – Russian President Vladimir Putin affirmed that Russia will continue "
         "to provide assistance.\n", "en"),
        ("Le Monde\n\nBody text.\n", "en"),  # too little text to tell: the archive's default
        ("Regierung beschließt Entlastungen\n\nBERLIN, 26. November (dpa) - Die Bundesregierung hat am Donnerstag "
         "neue Maßnahmen gegen die hohen Preise beschlossen, sagte der Kanzler.\n", "de"),
        ("Governo approva il decreto\n\nROMA, 26 novembre (ANSA) - Il governo ha approvato giovedì un nuovo "
         "decreto per sostenere le famiglie colpite dall'aumento dei prezzi.\n", "it"),
        ("Cumhurbaşkanı açıklama yaptı\n\nANKARA (AA) - Cumhurbaşkanı perşembe günü yaptığı açıklamada "
         "enflasyonla mücadelede yeni adımlar atılacağını söyledi.\n", "tr"),
        ("Президент провів зустріч\n\nКИЇВ, Укрінформ – Президент України заявив у четвер, що уряд продовжить "
         "роботу над реформами та зміцненням економіки країни.\n", "uk"),
        ("رئیس جمهور در تهران سخنرانی کرد\n\nتهران، ایرنا – رئیس جمهور ایران گفت که دولت به تلاش‌های خود برای "
         "بهبود وضعیت اقتصادی مردم ادامه خواهد داد.\n", "fa"),
        ("第十届亚洲经济论坛开幕\n\n新华社东京11月26日电 第十届亚洲经济论坛周四在东京开幕，来自NATO和G20的代表出席。\n",
         "zh"),
        ("岸田首相が経済対策を発表\n\n【東京共同】岸田文雄首相は木曜日、東京で記者団に対し、新たな経済対策を発表すると"
         "述べた。\n", "ja"),
        ("대통령, 경제 대책 발표\n\n서울, 연합뉴스 - 대통령은 목요일 서울에서 기자들에게 새로운 경제 대책을 "
         "발표하겠다고 말했다.\n", "ko"),
        ("Νέα μέτρα κατά του πληθωρισμού\n\nΑΘΗΝΑ (ΑΠΕ) – Η κυβέρνηση ανακοίνωσε την Πέμπτη νέα μέτρα για την "
         "αντιμετώπιση του πληθωρισμού.\n", "el"),
        # languages so close the model splits its certainty between them: Indonesian and Malay, Croatian and Bosnian
        ("Presiden resmikan jalan tol\n\nJakarta (ANTARA) - Presiden meresmikan jalan tol baru di Jawa Tengah pada "
         "hari Rabu. Menurut pernyataan resmi, proyek ini diharapkan dapat mengurangi kemacetan dan meningkatkan "
         "perekonomian daerah.\n", "id"),
        ("Vlada usvojila proračun\n\nZAGREB (Hina) - Vlada je u četvrtak usvojila prijedlog proračuna za sljedeću "
         "godinu. Ministar financija rekao je da će proračun pomoći građanima i gospodarstvu u teškim vremenima.\n",
         "hr"),
    ],
)  # fmt: skip
def test_a_story_that_names_no_language_gets_the_one_it_is_written_in(text, language):
    assert parse_story(text).language == language


@pytest.mark.parametrize(
    "label",
    [
        "READ ALSO:",
        "See also",
        "Related stories",
        "إقرأ أيضاً",
        "Lire aussi",
        "Lesen Sie auch",
        "Baca juga:",
        "İlgili Haberler",
        "Читайте також:",
        "Вас також можуть зацікавити новини:",
        # the box as news sites in other languages label it
        "Xem thêm:", "Tin liên quan", "بیشتر بخوانید:", "مطالب مرتبط", "קרא גם:", "यह भी पढ़ें:", "ये भी पढ़ें",
        "Διαβάστε επίσης:", "関連記事", "관련기사", "相关新闻", "延伸閱讀", "یہ بھی پڑھیں:", "مزید پڑھیں:",
        "আরও পড়ুন", "อ่านเพิ่มเติม", "Berita terkait", "Soma pia:", "Leia também", "Czytaj też:",
    ],
)  # fmt: skip
def test_other_agencies_labels_of_the_check_also_box(label):
    story = parse_story(f"Headline\n\nDamascus, SANA – First.\n\nSecond.\n\n{label}\n\nOther story\n\nIts teaser …\n")
    assert story.paragraphs == ["First.", "Second."]
    assert [(link.title, link.teaser) for link in story.check_also] == [("Other story", "Its teaser …")]


@pytest.mark.parametrize(
    "line",
    [
        # a generic word alone is no label in English ("Related." an interview's answer, "Read more" a link to the
        # rest of the story), nor is a label's words inside a sentence in any language
        "Related", "Read more", "Read more:", "Related.", "Xem thêm các quy định mới của chính phủ.",
        "بیشتر بخوانید تا بیشتر بدانید، گفت وزیر.", "קרא גם את הדוח המלא, אמר השר.",
        "यह भी पढ़ें कि सरकार ने क्या कहा।", "Διαβάστε επίσης την ανακοίνωση του υπουργείου.",
        "関連記事によると、政府は発表した。", "관련기사에 따르면 정부는 발표했다.", "相关新闻发布会将于周四举行。",
        "مزید پڑھیں کہ حکومت نے کیا کہا۔", "আরও পড়ুন এবং জানুন, বললেন মন্ত্রী।", "Soma pia ripoti kamili ya serikali.",
    ],
)  # fmt: skip
def test_a_labels_words_in_a_sentence_or_a_generic_word_alone_label_no_box(line):
    story = parse_story(f"Headline\n\nDamascus, SANA – First.\n\n{line}\n\nThird paragraph.\n")
    assert (story.paragraphs, story.check_also) == (["First.", line, "Third paragraph."], [])


def test_an_arabic_story_with_its_check_also_label():
    story = parse_story(
        "المتحف الوطني يفتح أبوابه مساءً\n\nدمشق-سانا أعلنت إدارة المتحف أن أبوابه ستبقى مفتوحة.\n\n"
        "وقال مدير المتحف إن الجناح يضم قطعاً أثرية.\n\nمنار الفريح / حازم صباغ\n\nشاهد أيضاً\n\n"
        "متطوعون يفهرسون المخطوطات\n\nحلب-سانا أنهى فريق من المتطوعين …\n"
    )
    assert story.language == "ar"
    assert (story.places, story.agency) == (["دمشق"], "سانا")
    assert story.authors == ["منار الفريح", "حازم صباغ"]
    assert story.check_also[0].title == "متطوعون يفهرسون المخطوطات"
    assert story.check_also[0].teaser == "حلب-سانا أنهى فريق من المتطوعين …"
    assert len(story.paragraphs) == 2


def test_front_matter_names_the_language_as_sources_do():
    story = parse_story("---\nlanguage: fr-FR\n---\nLe titre\n\nLe texte de la dépêche.\n")
    assert story.language == "fr"


def test_front_matter_is_read_only_inside_its_fence():
    story = parse_story(
        "---\nurl: https://example.org/en/1/\npublished: 2026-10-03T09:15:00+00:00\nupdated: 2026-10-04\n"
        "language: en\nsection: Culture\ntags: museums, heritage\nid: 4211\nstatus: draft\n---\n"
        "Putin: a headline with a colon\n\nText.\n"
    )
    assert story.headline == "Putin: a headline with a colon"
    assert story.source_url == "https://example.org/en/1/"
    assert story.published_at == datetime(2026, 10, 3, 9, 15, tzinfo=UTC)
    assert story.updated_at == datetime(2026, 10, 4, tzinfo=UTC)
    assert (story.section, story.tags, story.status) == ("Culture", ["museums", "heritage"], "draft")
    assert story.legacy_ids == [("id", "4211")]
    assert parse_story("url: https://example.org\n\nText.\n").headline == "url: https://example.org"


def test_scraping_noise_is_tolerated():
    text = "\ufeffHeadline  \r\n\r\nDamascus,\u00a0SANA – First\u00a0paragraph.  \r\nSecond paragraph.\r\n"
    story = parse_story(text)
    assert story.headline == "Headline"
    assert story.paragraphs == ["First paragraph.", "Second paragraph."]
    assert story.places == ["Damascus"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "the file is empty", None),
        ("   \n\n  \n", "the file is empty", None),
        ("Just a headline\n", "headline 'Just a headline' has no body", 1),
        ("\n\nHeadline\n\nCheck Also\n\nA link\n", "has no body", 3),
        ("---\nurl: https://example.org\nHeadline\n\nText\n", "never closed", 1),
        ("---\nfoo: someone\n---\nHeadline\n\nText\n", "front matter line 'foo: someone'", 2),
        ("---\npublished: last tuesday\n---\nHeadline\n\nText\n", "published 'last tuesday' is not a date such as", 2),
        ("---\nurl: ftp://example.org/x\n---\nHeadline\n\nText\n", "is not an http(s) address", 2),
        ("---\nstatus: hidden\n---\nHeadline\n\nText\n", "status 'hidden'", 2),
    ],
)
def test_malformed_stories_are_refused_with_the_line(text, message, line):
    with pytest.raises(ParseError, match=re.escape(message)) as caught:
        parse_story(text)
    assert caught.value.line == line


def test_an_updates_note_under_the_headline_stays_and_the_byline_and_dateline_under_it_are_read():
    story = parse_story(
        "UPDATE 2-Oil prices rise\n\n(Adds analyst comment, updates prices)\n\nBy Jane Doe\n\n"
        "LONDON, Nov 26 (Reuters) - Oil prices rose.\n\nBrent rose.\n\n"
        "(Reporting by Jane Doe; Editing by Mark Potter)\n"
    )
    assert (story.authors, story.places, story.agency) == (["Jane Doe"], ["London"], "Reuters")
    assert story.paragraphs == ["(Adds analyst comment, updates prices)", "Oil prices rose.", "Brent rose."]
    # A first paragraph in parentheses that is no such note is the story's own.
    story = parse_story("Headline\n\n(Photo: the minister at the talks)\n\nDamascus, SANA – Text.\n")
    assert story.places == [] and story.paragraphs[0] == "(Photo: the minister at the talks)"


def test_an_agency_less_datelines_agency_is_read_from_the_credit_that_closes_the_story():
    story = parse_story("Governo\n\nROMA, 26 NOV - Il governo ha approvato.\n\nIl testo passa.\n\n(ANSA).\n")
    assert (story.places, story.agency, story.paragraphs) == (
        ["Roma"],
        "ANSA",
        ["Il governo ha approvato.", "Il testo passa."],
    )
    # Not a caption in parentheses; where the dateline named the agency already, the same credit goes, another stays.
    story = parse_story("Governo\n\nROMA, 26 NOV - Il governo.\n\nIl testo.\n\n(Foto di archivio)\n")
    assert story.agency == "" and story.paragraphs[-1] == "(Foto di archivio)"
    story = parse_story("Governo\n\nRoma (ANSA) - Il governo.\n\n(ANSA).\n")
    assert story.agency == "ANSA" and story.paragraphs == ["Il governo."]
    story = parse_story("Governo\n\nRoma (ANSA) - Il governo.\n\n(AGI).\n")
    assert story.agency == "ANSA" and story.paragraphs == ["Il governo.", "(AGI)."]


def test_front_matter_names_authors_and_places_and_takes_other_tools_names_for_its_keys():
    story = parse_story(
        "---\ndate: 2026-11-26\nauthor: Jane Doe / John Roe\nplaces: Homs, Damascus\n---\n"
        "Headline\n\nDamascus, SANA – Text.\n\nManar al-Freih\n"
    )
    assert story.published_at.date().isoformat() == "2026-11-26"
    assert story.authors == ["Jane Doe", "John Roe", "Manar al-Freih"]  # the byline's too: none is lost
    assert (story.places, story.agency, story.paragraphs) == (["Homs", "Damascus"], "SANA", ["Text."])
    with pytest.raises(ParseError, match="with a key among agency, aliases, author, authors"):
        parse_story("---\nfoo: Hello\n---\nHeadline\n\nText.\n")


def test_a_static_sites_post_names_its_headline_and_lists_in_its_front_matter():
    story = parse_story(
        "---\nlayout: post\ntitle: \"Talks: they resume\"\ndate: 2026-11-26 10:00:00 +0300\ntags: [syria, 'talks']\n"
        "categories:\n  - Politics\n  - Diplomacy\nauthor:\n  - Manar al-Freih\n  - Hazem Sabbagh\n"
        "description: The talks resume.\npermalink: /2026/11/26/talks/\n---\n\nDamascus, SANA – First.\n\nSecond.\n"
    )
    assert (story.headline, story.summary, story.section) == ("Talks: they resume", "The talks resume.", "Politics")
    assert story.published_at == datetime.fromisoformat("2026-11-26T10:00:00+03:00")
    assert (story.tags, story.authors) == (["syria", "talks", "Diplomacy"], ["Manar al-Freih", "Hazem Sabbagh"])
    assert (story.places, story.paragraphs) == (["Damascus"], ["First.", "Second."])
    assert (story.legacy_paths, story.status) == (["/2026/11/26/talks/"], "published")
    assert parse_story("---\ntitle: Draft\ndraft: true\n---\nText.\n").status == "draft"
    # a key left with its list, and a folded block's lines
    story = parse_story(
        "---\ntitle: Talks\nimages:\n  - a.jpg\n  - b.jpg\ndescription: >\n  A long\n  summary.\n---\nText.\n"
    )
    assert (story.headline, story.summary, story.paragraphs) == ("Talks", "A long summary.", ["Text."])


def test_a_check_also_links_address_under_its_title_or_alone_is_kept():
    story = parse_story(
        "Headline\n\nFirst.\n\nSecond.\n\nCheck Also\n\nOther story\nhttps://example.org/other\nIts teaser …\n\n"
        "https://example.org/third\n"
    )
    assert [(link.title, link.url, link.teaser) for link in story.check_also] == [
        ("Other story", "https://example.org/other", "Its teaser …"),
        ("https://example.org/third", "https://example.org/third", ""),
    ]


@pytest.mark.parametrize(
    "last",
    [
        # short answers and words a story may end with; sentences that open like a call to follow a site, or a
        # copyright line; a journal's publication; an institution's abbreviation after the last sentence
        "OK.", "No.", "لا.", "好",
        "Join us, the protest leader shouted, and the crowd marched on parliament.",
        "Subscribe to the view that prices will fall, the analyst said.",
        "اشترك في الورشة عشرون متدرباً من المحافظات.",
        "Copyright 2019 reforms were the last major change, he said.",
        "© The artist retains the rights to the work, the museum said.",
        "Published in The Lancet, March 3, 2026.",
        "The deal was signed in 1994. (NAFTA)",
        "NASA",
        "Related.",
        # slogans and wishes are no reporters' names
        "Never Again",
        "Happy New Year",
        "Long Live Free Syria",
        "সভা চলে ১৫৩০ ঘণ্টা পর্যন্ত।",  # a Bengali sentence naming an hour
        "المجد والخلود لشهدائنا الأبرار",
        "والله ولي التوفيق",
    ],
)  # fmt: skip
def test_a_last_paragraph_that_only_looks_like_an_end_mark_or_a_credit_stays(last):
    story = parse_story(f"Headline\n\nDamascus, SANA – First paragraph.\n\n{last}\n")
    assert story.paragraphs == ["First paragraph.", last]
    assert (story.agency, story.authors) == ("SANA", [])


def test_a_front_matter_language_the_archive_does_not_hold_is_refused_naming_its_line():
    # It failed only when stored, naming no line.
    with pytest.raises(ParseError, match=r"^line 3: language 'Klingon' is no language the archive holds"):
        parse_story("---\nsection: Culture\nlanguage: Klingon\n---\nThe headline\n\nThe text.\n")
    assert parse_story("---\nlang: nb-NO\n---\nOverskrift\n\nTeksten.\n").language == "no"


RLO, RLE, PDF, LRI, RLI, PDI, RLM = "\u202e", "\u202b", "\u202c", "\u2066", "\u2067", "\u2069", "\u200f"


def test_bidi_controls_that_turn_text_around_are_dropped_from_every_field():
    # A right-to-left override reverses what follows it; an embedding or an isolate never closed turns the text after
    # it (in lists, the page's <title>, feeds) the wrong way. The headline was stored with them.
    text = (
        f"---\nsummary: {RLO}The museum reopens\nsection: {RLE}Culture\ntags: [{RLI}heritage]\n---\n"
        f"{RLO}Museum reopens in Damascus\n\n"
        f"{RLE}Damascus{PDF}, SANA – The national museum opened its doors{LRI}.\n\n"
        f"Second paragraph{PDI}.\n\n"
        f"Manar al-Freih{RLO} / {RLI}Hazem Sabbagh\n\n"
        f"Check Also\n\n{RLO}Other story\n{RLE}Its teaser …\n"
    )
    story = parse_story(text)
    assert story.headline == story.printed_headline == "Museum reopens in Damascus"
    assert story.paragraphs == ["The national museum opened its doors.", "Second paragraph."]
    assert (story.places, story.agency) == (["Damascus"], "SANA")
    assert story.authors == ["Manar al-Freih", "Hazem Sabbagh"]
    assert [(link.title, link.teaser) for link in story.check_also] == [("Other story", "Its teaser …")]
    assert (story.summary, story.section, story.tags) == ("The museum reopens", "Culture", ["heritage"])


def test_an_isolate_closed_in_its_line_and_the_marks_of_arabic_typing_stay():
    # An isolate closed by its PDI sets a Latin name apart in an Arabic sentence, and ends where it is closed; a
    # right-to-left mark places the punctuation beside it. Neither can turn the text after them around.
    headline = f"قال {LRI}Joe Biden{PDI} إن المحادثات مستمرة{RLM}"
    story = parse_story(f"{headline}\n\nدمشق-سانا أعلن الوزير اليوم.\n")
    assert story.headline == headline
    # Only the isolate left open goes: here the first, whose PDI closes the second.
    assert parse_story(f"{LRI}a {RLI}b{PDI} c\n\nText.\n").headline == f"a {RLI}b{PDI} c"


def test_a_headline_of_bidi_controls_and_marks_only_is_refused():
    with pytest.raises(ParseError, match="has no letter or digit"):
        parse_story(f"{RLM}{RLE}\u200e\n\nLONDON (Reuters) - Body.\n")


def test_a_json_lines_storys_section_agency_and_check_also_lose_their_bidi_controls():
    record = {
        "headline": f"{RLO}Museum reopens", "body": ["Text."], "section": f"{RLO}Culture", "agency": f"SANA{RLE}",
        "summary": f"{RLE}The museum reopens", "check_also": [{"title": f"{RLO}Other story", "teaser": f"{LRI}Its …"}],
    }  # fmt: skip
    [story] = parse_lines([json.dumps(record)])
    assert (story.headline, story.section, story.agency, story.summary) == (
        "Museum reopens", "Culture", "SANA", "The museum reopens"
    )  # fmt: skip
    assert [(link.title, link.teaser) for link in story.check_also] == [("Other story", "Its …")]


MAIL = """\
From: desk@agency.example
To: archive@example.org
Subject: Museum reopens in Damascus
Date: Thu, 26 Nov 2026 10:30:00 +0000
Content-Type: text/plain; charset=utf-8

Museum reopens in Damascus

Damascus, SANA – The national museum opened its doors.

Manar al-Freih

--
The news desk
desk@agency.example
""".replace("--\n", "-- \n")  # a signature's opening line, with its space


def test_a_story_saved_as_an_e_mail_is_its_text_dated_by_the_message():
    # It was archived under the headline "From: desk@agency.example", its headers its first paragraphs.
    story = parse_story(MAIL, source="mail.txt")
    assert story.headline == "Museum reopens in Damascus"
    assert (story.places, story.agency, story.authors) == (["Damascus"], "SANA", ["Manar al-Freih"])
    assert story.paragraphs == ["The national museum opened its doors."]  # the signature is the sender's, not its
    assert story.published_at == datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
    assert (story.raw, story.source) == (MAIL, "mail.txt")


def test_an_e_mails_subject_heads_a_text_that_opens_with_its_dateline_and_a_date_in_the_text_wins():
    text = MAIL.replace("Subject: ", "Subject: Fwd: RE: ")
    text = text.replace("Museum reopens in Damascus\n\n", "Published: 3 October 2026\n\n", 1)
    story = parse_story(text)
    assert story.headline == "Museum reopens in Damascus"
    assert story.paragraphs == ["The national museum opened its doors."]
    assert story.published_at == datetime(2026, 10, 3, tzinfo=UTC)


def test_an_encoded_e_mail_is_decoded_and_a_plain_text_part_read():
    encoded = (
        "From: desk@sana.example\nTo: archive@example.org\nSubject: =?utf-8?b?2KfZgdiq2KrYp9itINin2YTZhdiq2K3ZgQ==?=\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        "=D8=AF=D9=85=D8=B4=D9=82-=D8=B3=D8=A7=D9=86=D8=A7 =D8=A3=D8=B9=D9=84=D9=86 =D8=A7=D9=84=D9=88=D8=B2=D9=8A=\n"
        "=D8=B1 =D8=A7=D9=84=D9=8A=D9=88=D9=85.\n"
    )
    story = parse_story(encoded)
    assert (story.headline, story.places, story.paragraphs) == ("افتتاح المتحف", ["دمشق"], ["أعلن الوزير اليوم."])
    alternative = (
        "From: desk@agency.example\nTo: archive@example.org\nSubject: Museum reopens\nMIME-Version: 1.0\n"
        'Content-Type: multipart/alternative; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n'
        "Damascus, SANA – The museum opened.\n--b\nContent-Type: text/html\n\n<p>The museum opened.</p>\n--b--\n"
    )
    story = parse_story(alternative)
    assert (story.headline, story.paragraphs) == ("Museum reopens", ["The museum opened."])


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "From: a@b.example\nSubject: Museum\nMIME-Version: 1.0\nContent-Type: text/html\n\n<p>Text.</p>\n",
            r"this is an e-mail with no plain text \(text/html\), not a plain-text story",
            None,
        ),
        (
            'From: a@b.example\nSubject: Museum\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
            "--b\nContent-Type: text/plain\n\nSee the story attached.\n--b\nContent-Type: text/plain\n"
            'Content-Disposition: attachment; filename="museum.txt"\n\nMuseum reopens\n--b--\n',
            r"this is an e-mail with attachments \(museum.txt\)",
            None,
        ),
        (MAIL.replace("Thu, 26 Nov 2026", "someday"), "the e-mail's Date 'someday", 4),
        (MAIL.replace("\nMuseum reopens in Damascus\n", "\n---\nplaces: Damascus\n", 1), "never closed", 7),
        (MAIL.replace("Museum reopens in Damascus", "...", 1).replace("\nMuseum reopens in Damascus\n", "\n", 1),
         "has no letter or digit", 3),
    ],
)  # fmt: skip
def test_an_e_mail_that_holds_no_story_to_read_is_refused_naming_the_files_line(text, message, line):
    with pytest.raises(ParseError, match=message) as caught:
        parse_story(text)
    assert caught.value.line == line


@pytest.mark.parametrize(
    "text",
    [
        "From: Damascus to Aleppo, the road reopens\n\nDamascus, SANA – The road reopened.\n",
        "Subject: the talks\nDate: 26 November 2026\n\nDamascus, SANA – The talks went on.\n",
    ],
)
def test_a_story_whose_first_lines_only_look_like_headers_is_no_e_mail(text):
    story = parse_story(text)
    assert story.headline == text.split("\n")[0]


FIRST = """\
Syria, Russia sign trade deal

Damascus, SANA – Syria and Russia signed a trade agreement on Monday, officials said.

The deal covers wheat and oil.

Manar al-Freih / Hazem Sabbagh
"""
SECOND = """\
Grain shipment arrives in Tartus

Tartus, SANA – A ship carrying 30,000 tons of wheat docked in Tartus port on Tuesday.

Officials said more were expected.

Hazem Sabbagh
"""
BOX = "\nCheck Also\nMinister receives delegation\nThe minister received a delegation …\n"
LONG = " ".join(["The ministry said the harvest would be larger than last year's"] * 4) + "."


@pytest.mark.parametrize(
    ("text", "line", "after"),
    [
        # files joined with cat: the second after the first's Check Also box (it was read as 7 links), after a form
        # feed (a page break), a section break, a wire's end mark, or right under the first's byline
        (FIRST + BOX + "\n" + SECOND + BOX, 13, "after the Check Also box of line 9"),
        (FIRST + BOX + "\f\n" + SECOND, 13, "after a page break, the form feed of line 12"),
        (FIRST + "\f" + SECOND, 8, "after a page break, the form feed of line 8"),
        (FIRST + "\n* * *\n\n" + SECOND, 11, "after '* * *'"),
        (FIRST.replace("Manar al-Freih / Hazem Sabbagh\n", "Enditem\n") + "\n" + SECOND, 9, "after 'Enditem'"),
        (FIRST + SECOND, 8, "after 'Manar al-Freih / Hazem Sabbagh'"),
        (FIRST + "\n___\n\n" + SECOND.replace("\n\n", "\n\nPublished: 3 October 2026\n\n", 1), 11, "after '___'"),
    ],
)
def test_a_second_story_joined_to_the_first_is_refused_naming_its_line(text, line, after):
    with pytest.raises(ParseError, match=r"a second story seems to start here \(a headline and a dateline ") as caught:
        parse_story(text)
    assert caught.value.line == line
    assert after in caught.value.message and caught.value.message.endswith("one story a file; split it")


@pytest.mark.parametrize(
    ("box", "message", "line"),
    [
        # the next story without its headline: a paragraph with a dateline, and its story's text under it
        (
            "Tartus, SANA – A ship docked in Tartus port on Tuesday.\n\nOfficials said more were expected.\n",
            "a paragraph with a dateline after the",
            11,
        ),
        ("MOSCOW, November 26. /TASS/.\nThe ship docked.\n", "a paragraph with a dateline after the", 11),
    ],
)
def test_a_story_in_a_check_also_box_is_refused(box, message, line):
    with pytest.raises(ParseError, match=re.escape(message)) as caught:
        parse_story(f"{FIRST}\nCheck Also\n\n{box}")
    assert caught.value.line == line


@pytest.mark.parametrize(
    "box",
    [
        # a teaser that opens with its dateline and ends as a sentence, under its title (not cut short as SANA's)
        "Minister receives delegation\n\nTartus, SANA – The minister received a delegation on Tuesday.\n",
        "Minister receives delegation\n\nTartus, SANA – The minister received a delegation.\n\nPort reopens!\n",
        # a teaser alone
        "Tartus, SANA – A ship docked in Tartus port on Tuesday.\n",
    ],
)
def test_a_check_also_teaser_that_opens_with_its_dateline_is_a_teaser_not_a_second_story(box):
    story = parse_story(f"{FIRST}\nCheck Also\n\n{box}")
    link = story.check_also[0]
    assert (link.teaser or link.title).startswith("Tartus, SANA")
    assert len(story.paragraphs) == 2


def test_a_check_also_box_in_the_middle_of_a_story_leaves_the_text_under_it_to_the_story():
    # News sites set the box after a few paragraphs: the text under it was read as links, then refused.
    story = parse_story(
        "Syria, Russia sign trade deal\n\nDamascus, SANA – Syria and Russia signed a trade agreement on Monday.\n\n"
        f"Check Also\n\nMinister receives delegation\n\n{LONG}\n\nThe deal covers wheat.\n\nManar al-Freih\n"
    )
    assert [link.title for link in story.check_also] == ["Minister receives delegation"]
    assert story.paragraphs[1:] == [LONG, "The deal covers wheat."]
    assert story.authors == ["Manar al-Freih"]


@pytest.mark.parametrize(
    "text",
    [
        # a feature's section break, and the text under it, a subheading too
        FIRST + "\n* * *\n\nA long road\n\nThe work took three years, engineers said.\n\n***\n\nIt goes on.\n",
        # a box of three titles of 25 words, each with its address and a teaser that opens with its dateline
        FIRST + "\nCheck Also\n\n" + "".join(
            f"{' '.join(['Word'] * 24)} {n}?\nhttps://sana.sy/en/?p={n}\n"
            f"Damascus, SANA – The ministry announced today that the new program would start …\n\n"
            for n in range(3)
        ),
        # a title that opens with a place, a long one, and one ending with a full stop
        FIRST + "\nRead also\nPARIS, France - Macron meets Scholz\n"
        "President receives credentials of new ambassadors of Brazil, Argentina, and Chile, stressing the importance "
        "of strengthening relations between Syria and Latin American countries in all fields\n"
        "Talks end without a deal.\n",
        # a page break in a story turned from a PDF, and a running header on the new page
        "Museum reopens\n\nDamascus, SANA – The national museum opened its doors after\n\fyears of work.\n\nMore.\n\f",
        "Museum reopens\n\nDamascus, SANA – The museum opened.\n\f\nSANA page 2\n\nThe minister said more.\n",
        # a press release's end mark and what follows it; AP's byline; Reuters' credits
        "Acme opens plant\n\nDAMASCUS (SANA) - Acme opened a plant.\n\n###\n\nAbout Acme\n\nAcme makes tools.\n",
        "Biden signs bill\n\nBy ZEKE MILLER\n\nWASHINGTON (AP) — The president signed.\n\nMore text.\n",
        "Oil rises\n\nLONDON (Reuters) - Oil rose.\n\n(Reporting by Tom Balmforth; Editing by Alex Richardson)\n",
    ],
)  # fmt: skip
def test_a_story_with_breaks_credits_and_a_long_check_also_box_is_one_story(text):
    story = parse_story(text)
    assert story.paragraphs


def test_the_fixtures_each_read_and_joined_in_either_order_are_refused():
    fixtures = Path(__file__).parent / "fixtures" / "stories"
    dams, moscow = ((fixtures / name).read_text() for name in ("dams-target.txt", "moscow-seedlike.txt"))
    assert parse_story(dams).paragraphs and parse_story(moscow).check_also
    with pytest.raises(ParseError, match=r"after 'Rasha Milhem'\)") as caught:
        parse_story(dams + moscow)  # the first's byline, then the second's headline and dateline
    assert caught.value.line == 11
    with pytest.raises(ParseError, match=r"after the Check Also box of line 24,") as caught:
        parse_story(moscow + dams)  # its front matter, then its headline, in the first's box
    assert caught.value.line == 32


@pytest.mark.parametrize(
    "date", ["Sat, 03 Oct 99999999999999999999 09:15:00 +0000", "Sat, 03 Oct 2026 09:15:00 +99999999999999999999"]
)
def test_an_e_mails_date_whose_year_or_zone_overflows_is_refused_naming_its_line(date):
    # The email package's own reading of the Date header raised OverflowError, a traceback for the file.
    with pytest.raises(ParseError, match="the e-mail's Date") as caught:
        parse_story(MAIL.replace("Thu, 26 Nov 2026 10:30:00 +0000", date))
    assert caught.value.line == 4


def test_an_e_mail_whose_text_is_only_a_signature_is_refused_saying_so():
    # The signature's "-- " opening the text was kept, and the file refused for a headline "--" with no letter.
    text = (
        "From: desk@agency.example\nTo: archive@agency.example\nSubject: Minister resigns\n"
        "Date: Thu, 26 Nov 2026 10:30:00 +0300\n\n-- \nDesk\n"
    )
    with pytest.raises(ParseError, match="no text above its signature"):
        parse_story(text)
