"""Dates as pages, feeds and front matter print them, with their time and zone when they give one.

    26 November 2026                          26th November, 2026            26 de noviembre de 2026
    November 26, 2026 10:30 PM (GMT+8)        Nov 26, 2026 - 10:30 am GMT+3  26 Nov 2026, 10:30 UTC+04:00
    Wed, 26 Nov 2026 10:00:00 +0300           26.11.2026 11:25               26 ноября 2026, 10:30

Read strictly: every part of the text is read, or the date is not (None), and the caller says so or leaves
the line as text. ``email.utils`` reads RFC 2822 leniently, skipping what it does not know: "10:30 PM
(GMT+8)" was 10:30 UTC and "03:15 PM MYT" 03:15 UTC, up to twelve hours out, stored without a word. A
zone in letters is read only when it names one offset wherever news is written: "IST" is India's, Israel's
and Ireland's, "BST" Britain's and Bangladesh's, so a date with one is not read rather than read wrong.
"CST" is read as RFC 2822 defines it (America's Central) only in RFC 2822's own shape, as RSS feeds print it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Offsets from UTC in minutes.
ZONES = {
    "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0, "CET": 60, "WAT": 60, "CEST": 120, "EET": 120, "CAT": 120,
    "SAST": 120, "EEST": 180, "MSK": 180, "TRT": 180, "EAT": 180, "IRST": 210, "GST": 240, "PKT": 300,
    "NPT": 345, "WIB": 420, "ICT": 420, "MYT": 480, "SGT": 480, "HKT": 480, "PHT": 480, "AWST": 480, "WITA": 480,
    "JST": 540, "KST": 540, "WIT": 540, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "EST": -300, "EDT": -240, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
}  # fmt: skip
RFC_2822_ZONES = {**ZONES, "CST": -360}
# America's zones as its papers print them without saying summer or winter ("10:30 a.m. ET"): the date tells.
SEASONAL_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
# Chinese and Japanese sites' dates: "2026年11月26日 10:30".
_CJK_DATE = re.compile(
    r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?:\s*(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
)

# Months by name, in the languages dates are printed in under headlines and in feeds (the genitive where a
# language declines them: "26 ноября", "26 listopada" is Polish's and not here).
_MONTH_NAMES = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec"),
)  # fmt: skip
_FOREIGN_MONTH_NAMES = (
    "janvier janv enero ene gennaio januar jänner janeiro января январь січня ocak",
    "février fevrier févr fevr febrero febbraio februar fevereiro февраля февраль лютого şubat subat",
    "mars marzo märz maerz março marco марта март березня mart",
    "avril avr abril aprile april апреля апрель квітня nisan",
    "mai mayo maggio maio мая май травня mayıs mayis",
    "juin junio giugno juni junho июня июнь червня haziran",
    "juillet juil julio luglio juli julho июля июль липня temmuz",
    "août aout agosto augusti августа август серпня ağustos agustos",
    "septembre septiembre setiembre settembre setembro сентября сентябрь вересня eylül eylul",
    "octobre octubre ottobre oktober outubro октября октябрь жовтня ekim",
    "novembre noviembre novembro ноября ноябрь листопада kasım kasim",
    "décembre decembre diciembre dicembre dezember dezembro декабря декабрь грудня aralık aralik",
)
MONTHS = {
    name: number
    for number, (english, foreign) in enumerate(zip(_MONTH_NAMES, _FOREIGN_MONTH_NAMES, strict=True), start=1)
    for name in (*english, *foreign.split())
}

_WEEKDAY = (
    r"(?:(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?"
    # and as French, German, Spanish, Portuguese, Italian, Russian and Turkish sites print them
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag"
    r"|sonntag|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|segunda-feira|terça-feira"
    r"|quarta-feira|quinta-feira|sexta-feira|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica"
    r"|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|pazartesi|salı|çarşamba|perşembe|cuma"
    r"|cumartesi|pazar)\.?,?\s+)?"
)
_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th|\.)?"
_MONTH = r"(?P<{}>[^\W\d_]{{3,10}})\.?"
_DATE = (
    rf"(?:{_DAY.format('day')}\s+(?:de\s+|of\s+)?{_MONTH.format('month')}(?:\s+de)?,?\s+(?P<year>\d{{4}})"
    rf"|{_MONTH.format('month2')}\s+{_DAY.format('day2')},?\s+(?P<year2>\d{{4}})"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2})"
    r"|(?P<dot_day>\d{1,2})\.(?P<dot_month>\d{1,2})\.(?P<dot_year>\d{4}))"
    r"(?:\s*(?:г\.|yıl|yil))?"
)
_TIME = (
    # "at 10:30", and "à 10h30", "às 10h30", "um 10:30 Uhr", "a las 10:30", "alle 10:30", "в 10:30", "saat 10.30"
    r"(?:\s*(?:,|at|-|–|—|\||à|às|um|a\s+las|alle|ore|в|saat)?\s*(?P<hour>\d{1,2})(?:[:.]|h)(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2}))?(?:\s*(?:uhr|h))?"
    r"\s*(?P<half>[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?\s*(?P<zone>[a-z]{1,5})?\s*(?:(?P<sign>[+\-−])\s*(?P<zone_hours>\d{1,2})(?::?(?P<zone_minutes>\d{2}))?)?"
    r"\s*\)?)?)?"
)
_PRINTED = re.compile(_WEEKDAY + _DATE + _TIME, re.IGNORECASE)
# RFC 2822 as RSS prints it: "Wed, 26 Nov 2026 10:00:00 CST", where CST has the RFC's meaning.
_RFC_2822 = re.compile(r"(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}:\d{2}\s+[a-z]{2,3}", re.IGNORECASE)


def printed_date(text: str) -> datetime | None:
    """The date and time ``text`` is, aware (UTC when it gives no zone), or None when any part is not read."""
    text = " ".join(text.split())
    if cjk := _CJK_DATE.fullmatch(text):
        try:
            return datetime(
                int(cjk["year"]), int(cjk["month"]), int(cjk["day"]), int(cjk["hour"] or 0), int(cjk["minute"] or 0),
                tzinfo=UTC,
            )  # fmt: skip
        except ValueError:
            return None
    if not (match := _PRINTED.fullmatch(text)):
        return None
    try:
        day = _day(match)
        if day is None:
            return None
        if match["hour"] is not None:
            hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
            if half := (match["half"] or "").replace(".", "").replace(" ", "").lower():
                if not 1 <= hour <= 12:
                    return None
                hour = hour % 12 + (12 if half == "pm" else 0)
            day = day.replace(hour=hour, minute=minute, second=second)
    except ValueError:  # 31 November, 25:00
        return None
    if (match["zone"] or "").upper() in SEASONAL_ZONES and not match["sign"]:
        try:
            return day.replace(tzinfo=ZoneInfo(SEASONAL_ZONES[match["zone"].upper()]))
        except ZoneInfoNotFoundError:  # a system without the zone database: not read, rather than read wrong
            return None
    zone = _zone(match, RFC_2822_ZONES if _RFC_2822.fullmatch(text) else ZONES)
    return None if zone is None else day.replace(tzinfo=zone)


def _day(match: re.Match) -> datetime | None:
    if match["iso_year"]:
        return datetime(int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"]))
    if match["dot_year"]:
        return datetime(int(match["dot_year"]), int(match["dot_month"]), int(match["dot_day"]))
    name, day, year = (
        (match["month"], match["day"], match["year"])
        if match["month"]
        else (match["month2"], match["day2"], match["year2"])
    )
    month = MONTHS.get(name.lower())
    return datetime(int(year), month, int(day)) if month else None


def _zone(match: re.Match, names: dict[str, int]) -> timezone | None:
    """The zone the date gives (UTC when none), None when it names one not known for sure."""
    minutes = 0
    if name := match["zone"]:
        if name.upper() not in names:
            return None
        minutes = names[name.upper()]
        if match["sign"] and minutes:  # "EST+3" means nothing
            return None
    if match["sign"]:
        offset = int(match["zone_hours"]) * 60 + int(match["zone_minutes"] or 0)
        if offset > 15 * 60 + 59:  # the most PostgreSQL holds (articles/timestamps.py)
            return None
        minutes += -offset if match["sign"] in "-−" else offset
    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


# Dates printed in figures, day and month both: read only when they can be read one way, the day being more than 12
# ("26/11/2026", "11/26/2026") or the same as the month ("05/05/2026"); "03/10/2026" is March or October.
_SLASHED = re.compile(
    r"(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})"
    r"(?:\s*(?:,|-|–|—|\||at)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second_>\d{2}))?)?",
    re.IGNORECASE,
)


def slashed_date(text: str) -> datetime | None:
    """The day of "26/11/2026 10:30" (UTC: it gives no zone), when it can be read only one way; else None."""
    if not (match := _SLASHED.fullmatch(" ".join(text.split()))):
        return None
    first, second = int(match["first"]), int(match["second"])
    if first <= 12 and second <= 12 and first != second:
        return None
    day, month = (first, second) if first > 12 or first == second else (second, first)
    try:
        return datetime(
            int(match["year"]), month, day, int(match["hour"] or 0), int(match["minute"] or 0),
            int(match["second_"] or 0), tzinfo=UTC,
        )  # fmt: skip
    except ValueError:
        return None


# Dates as sites in other scripts print them under a headline, with their own figures or ours: Persian, in the Solar
# Hijri calendar ("۵ آذر ۱۴۰۵") or naming the Gregorian months ("۲۶ نوامبر ۲۰۲۶"); Urdu ("26 نومبر 2026"); Hebrew
# ("26 בנובמבר 2026"); Hindi ("26 नवंबर 2026"); Bengali ("২৬ নভেম্বর ২০২৬"); Thai, in the Buddhist Era, 543 years
# ahead ("26 พ.ย. 2569"). A weekday may come first and a time after (UTC: none gives a zone).
_FIGURES = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩०१२३४५६७८९০১২৩৪৫৬৭৮৯๐๑๒๓๔๕๖๗๘๙", "0123456789" * 5)
_NUKTA = re.compile("[\u093c\u09bc\u200c\u200d]")  # marks a script may write or leave out: "फ़" is "फ"; ZWNJ


def fold_script(text: str) -> str:
    """``text`` with its figures as ours, Persian's and Arabic's letters alike (ي ی, ك ک), and without the nuktas,
    composed or not, and the zero-width joiners that one writer types and another does not."""
    text = unicodedata.normalize("NFD", text.translate(_FIGURES)).replace("ي", "ی").replace("ك", "ک")
    return unicodedata.normalize("NFC", _NUKTA.sub("", text))


_SOLAR_HIJRI = "solar hijri"
_BUDDHIST = "buddhist"
_GREGORIAN = "gregorian"
# Each language's months, January (or Farvardin) first: (calendar, names a month, one line each).
_LOCAL_MONTHS = (
    (_SOLAR_HIJRI, "فروردین|اردیبهشت|خرداد|تیر|مرداد امرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"),
    (  # Persian's names of the Gregorian months, and Urdu's
        _GREGORIAN,
        "ژانویه ژانویهٔ جنوری|فوریه فروری|مارس مارچ|آوریل اپریل|مه می مئی|ژوئن جون|ژوئیه جولای جولائی|اوت آگوست اگست"
        "|سپتامبر ستمبر|اکتبر اکتوبر|نوامبر نومبر|دسامبر دسمبر",
    ),
    (_GREGORIAN, "ינואר|פברואר|מרץ מרס|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר"),
    (
        _GREGORIAN,
        "जनवरी|फ़रवरी|मार्च|अप्रैल अप्रेल|मई|जून|जुलाई|अगस्त|सितंबर सितम्बर|अक्टूबर अक्तूबर|नवंबर नवम्बर|दिसंबर दिसम्बर",
    ),
    (
        _GREGORIAN,
        "জানুয়ারি জানুয়ারী|ফেব্রুয়ারি ফেব্রুয়ারী|মার্চ|এপ্রিল|মে|জুন|জুলাই|আগস্ট আগষ্ট|সেপ্টেম্বর|অক্টোবর|নভেম্বর|ডিসেম্বর",
    ),
    (
        _BUDDHIST,
        "มกราคม ม.ค.|กุมภาพันธ์ ก.พ.|มีนาคม มี.ค.|เมษายน เม.ย.|พฤษภาคม พ.ค.|มิถุนายน มิ.ย.|กรกฎาคม ก.ค.|สิงหาคม ส.ค."
        "|กันยายน ก.ย.|ตุลาคม ต.ค.|พฤศจิกายน พ.ย.|ธันวาคม ธ.ค.",
    ),
)
LOCAL_MONTHS = {
    fold_script(name): (calendar, number)
    for calendar, months in _LOCAL_MONTHS
    for number, names in enumerate(months.split("|"), start=1)
    for name in names.split()
}
_LOCAL_WEEKDAYS = (
    "شنبه یکشنبه دوشنبه سه‌شنبه سه شنبه چهارشنبه پنجشنبه پنج‌شنبه پنج شنبه جمعه پیر منگل بدھ جمعرات جمعہ ہفتہ اتوار"
    " सोमवार मंगलवार बुधवार गुरुवार बृहस्पतिवार शुक्रवार शनिवार रविवार"
    " সোমবার মঙ্গলবার বুধবার বৃহস্পতিবার শুক্রবার শনিবার রবিবার"
    " วันจันทร์ วันอังคาร วันพุธ วันพฤหัสบดี วันพฤหัสฯ วันศุกร์ วันเสาร์ วันอาทิตย์"
)
_HEBREW_WEEKDAY = r"יום\s+(?:ראשון|שני|שלישי|רביעי|חמישי|שישי|שבת)"


def _names(names) -> str:
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(names, key=len, reverse=True))


_LOCAL_DATE = re.compile(
    rf"(?:(?:{_names(map(fold_script, _LOCAL_WEEKDAYS.split()))}|{_HEBREW_WEEKDAY})(?:\s*ที่)?\s*[,،]?\s*)?"
    # Hebrew prefixes "in" to the month ("בנובמבר"); Thai may name its era ("พ.ศ. 2569", "ค.ศ. 2026")
    rf"(?P<day>\d{{1,2}})\s+ב?(?P<month>{_names(LOCAL_MONTHS)})\s*[,،]?\s*(?P<era>พ\.\s?ศ\.|ค\.\s?ศ\.)?\s*"
    r"(?P<year>\d{4})"
    # the time: "، ساعت ۱۰:۳۰", "- 10:30", "בשעה 10:30", "10:30 น."
    r"(?:\s*(?:(?:[,،\-–—|]|ساعت|بجے|בשעה|เวลา)\s*){0,2}(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:\s*(?:น\.|น|बजे))?)?"
)


def _solar_hijri_leap(year: int) -> bool:
    """Whether Esfand of ``year`` has 30 days, by the 33-year cycle (which Iran's calendar agrees with in this
    archive's years: 1403 and 1408 are leap years)."""
    return (year + 12) % 33 % 4 == 1


def solar_hijri_to_gregorian(year: int, month: int, day: int) -> datetime:
    """The Gregorian day of a Solar Hijri one (1 Farvardin 1400 is 21 March 2021); ValueError when there is none."""
    if not 1300 <= year <= 1499 or not 1 <= month <= 12:
        raise ValueError(f"{year}/{month}/{day} is no Solar Hijri day this reader knows")
    length = 31 if month <= 6 else 30 if month <= 11 or _solar_hijri_leap(year) else 29
    if not 1 <= day <= length:
        raise ValueError(f"{year}/{month}/{day} is no Solar Hijri day")
    years = range(1400, year) if year >= 1400 else range(year, 1400)
    days = sum(366 if _solar_hijri_leap(y) else 365 for y in years) * (1 if year >= 1400 else -1)
    days += (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return datetime(2021, 3, 21) + timedelta(days=days + day - 1)


def local_date(text: str) -> datetime | None:
    """The date of ``text`` printed in Persian, Urdu, Hebrew, Hindi, Bengali or Thai (see ``_LOCAL_MONTHS``),
    aware, in UTC; None when any part is not read."""
    if not (match := _LOCAL_DATE.fullmatch(" ".join(fold_script(text).split()))):
        return None
    calendar, month = LOCAL_MONTHS[re.sub(r"\s+", " ", match["month"])]
    year, day = int(match["year"]), int(match["day"])
    if match["era"] and calendar != _BUDDHIST:
        return None
    # Thai sites print the Buddhist Era ("2569", "พ.ศ. 2569"), and some the Common Era ("2026", "ค.ศ. 2026")
    era = match["era"] or ("พ.ศ." if year >= 2400 else "ค.ศ.")
    if calendar == _BUDDHIST and era.startswith("พ"):
        year -= 543
    try:
        if calendar == _SOLAR_HIJRI:
            printed = solar_hijri_to_gregorian(year, month, day)
        elif not 1800 <= year <= 2200:  # a Solar Hijri year under a Gregorian month's name: no date
            return None
        else:
            printed = datetime(year, month, day)
        return printed.replace(hour=int(match["hour"] or 0), minute=int(match["minute"] or 0), tzinfo=UTC)
    except ValueError:
        return None
