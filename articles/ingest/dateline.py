"""Datelines and headline markers: the agencies' conventions, read from plain text (bylines: ``bylines``; sign-offs
and end marks: ``endings``).

Shared by the plain-text, JSON Lines and WordPress parsers. Pure functions, no database.

A dateline is the place (or places) a story was filed from and the agency that
filed it, at the head of the first paragraph. Each wire service writes it its own
way, and the archive holds them all:

    Moscow, SANA – Russian ...               SANA: place, agency, dash (any dash, spaced or not)
    MOSCOW, SANA-Russia is ...               the same with the text glued to the dash
    Damascus/Hasaka, SANA- ...               several places
    Commack, Reuters – ...                   an agency known by name, in mixed case
    WASHINGTON (Reuters) - ...               Reuters, AP, AFP, dpa, Xinhua: the agency in parentheses
    LONDON, March 3 (Reuters) - ...          with the date, which is dropped
    PARIS, Oct. 5, 2015 (AFP) - ...
    Beirut, 12 January 2016, SANA - ...
    SPRINGFIELD, Ill. (AP) — ...             AP's place with its state or region, kept as one place
    (Bloomberg) -- ...                       an agency and no place
    (ANSA) - ROME, JUN 15 - ...              ANSA: the agency first, then place and date
    MOSCOW, June 15. /TASS/. ...             TASS: the agency between slashes
    ISLAMABAD, Nov 26 (APP): ...             APP: a colon for the dash
    حلب-سانا ... / دمشق - سانا ...            Arabic: place, dash, agency
    بيروت (أ ف ب) - ...                      Arabic with the agency in parentheses
    الدوحة في 26 نوفمبر /قنا/ ...             QNA: the date after "في", the agency between slashes
    الكويت - 26 - 11 (كونا) -- ...           KUNA: the date in figures after a dash
    تهران- ایرنا- ...                        Persian: place, dash, agency, dash
    МОСКВА, 26 ноября. /ТАСС/. ...           Russian and Ukrainian, as the English forms
    МОСКВА, 26 ноя - РИА Новости. ...        RIA: the agency after the date and a dash
    新华社北京11月26日电 ...                   Xinhua: agency, place, date, "电" (filed)
    【東京共同】...                           Kyodo and Jiji: place and agency in lenticular brackets
    (서울=연합뉴스) ...                        Yonhap: place = agency, in parentheses
    TOKYO, Nov. 26 Kyodo - ...               Kyodo's English wire: the agency after the date, unbracketed
    MOSCOW. Nov 26 (Interfax) - ...          Interfax's English wire: a full stop after the place
    ROMA, 26 NOV - ...                       no agency (a wire's own-language service): a date must prove it
    ירושלים (ynet) - ...                     Hebrew, Hindi, Bengali, Thai: the place in their letters, a date
    नयी दिल्ली, 26 नवंबर (भाषा) ...             in their language and figures, the agency in parentheses (known
    ঢাকা, ২৬ নভেম্বর, ২০২৬ (বাসস) : ...          by name); with none, a date, a dash and a town's name
    กรุงเทพฯ 26 พ.ย. - ...
    اسلام آباد: ...                          Urdu: a town alone, then a colon

What keeps an ordinary sentence ("In 2015, the UN - ...", "However, he said - ...")
from being read as a dateline: the agency must be one the archive knows by name,
an all-caps abbreviation of three letters or more, or written in parentheses or
slashes; and each place must look like a place name (at most four words, no
digits, not a word that opens sentences such as "However" or "In").
"""

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .gazetteer import is_town
from .printed_dates import LOCAL_MONTHS, fold_script

_DASHES = "-–—_−‒"
_DASH = f"[{_DASHES}]+"
ARABIC = "\u0600-\u06ff\u0750-\u077f"
_PLACE_WORDS_MAX = 4
_HEAD_MAX = 120  # characters of a dateline before its agency

# Agencies known by name, as printed in mixed case. All-caps abbreviations (AFP,
# IRNA, KUNA, ...) need no list; those of two letters do, to keep "Washington, DC"
# and its like out.
LATIN_AGENCIES = (
    "SANA", "Reuters", "AP", "AFP", "Associated Press", "Agence France-Presse", "Agence France Presse",
    "Xinhua", "dpa", "DPA", "ANSA", "TASS", "Anadolu", "Anadolu Agency", "AA", "IRNA", "UPI", "Bloomberg",
    "EFE", "Kyodo", "Kyodo News", "Yonhap", "Bernama", "Antara", "Interfax", "Sputnik", "RIA Novosti",
    "Petra", "Lusa", "Belga", "Agerpres", "Tanjug", "Ukrinform", "Prensa Latina", "Notimex", "PA", "Agencies",
    "PTI", "IANS", "ANI", "UNI",  # India's, whose wires print no dash after the credit: "(PTI) The ..."
    "Jiji", "Jiji Press",
    # Europe's, Latin America's and Africa's national agencies, as their wires print them
    "PAP", "MTI", "ČTK", "CTK", "Hina", "HINA", "BTA", "LETA", "STT", "NTB", "TT", "Ritzau", "ANP", "APA", "SDA", "ATS",
    "sda", "ats", "Keystone-SDA", "Keystone-ATS", "Europa Press", "EUROPA PRESS", "Télam", "Telam", "Agência Brasil",
    "Agencia Brasil", "Andina", "ANDINA", "AGN", "NAN", "KNA", "ENA", "VNA", "KPL", "Ahram Online",
    "Pajhwok", "TTXVN",  # Afghanistan's Pajhwok Afghan News; VNA as its Vietnamese wire names itself
    # the Gulf's, Egypt's and Asia's, whose sign-offs name them alone ("--SPA", "MENA", "-- BERNAMA")
    "SPA", "WAM", "QNA", "KUNA", "BNA", "ONA", "MENA", "PNA", "CNA", "BSS", "APP", "NNA", "Saba", "SUNA",
    # Press-release wires, which agencies' archives carry too: "NEW YORK, Nov. 26, 2026 /PRNewswire/ -- ..."
    "PRNewswire", "PR Newswire", "Business Wire", "BUSINESS WIRE", "GLOBE NEWSWIRE", "Globe Newswire",
    # Russian and Ukrainian agencies, as their own wires print them
    "ТАСС", "РИА Новости", "Интерфакс", "Укрінформ", "Укринформ", "УНІАН", "УНИАН", "БелТА", "Спутник",
    # the Athens-Macedonian News Agency, as its Greek wire prints it
    "ΑΠΕ-ΜΠΕ", "ΑΠΕ",
)  # fmt: skip
# Capitals that are countries or editors' flags, not agencies: "Dubai, UAE – The company said ..." has no agency.
_NOT_AGENCIES = {
    "USA", "UAE", "KSA", "DRC", "PRC", "ROK", "DPRK", "EU", "UN", "UK", "US", "CORRECTED", "UPDATE", "UPDATED",
    "REFILE", "EXCLUSIVE", "ANALYSIS", "FEATURE", "URGENT", "BREAKING", "WRAPUP", "VIDEO", "PHOTO", "PHOTOS",
    "NATO", "OPEC", "IMF", "WHO", "UNICEF", "UNESCO", "UNHCR", "ASEAN", "OSCE", "ICC",
    "США", "ООН", "ЕС", "РФ", "КНР", "НАТО", "ОАЭ", "СНГ", "ОБСЕ", "МАГАТЭ",
    "ΗΠΑ", "ΟΗΕ", "ΕΕ", "ΝΑΤΟ", "ΔΝΤ",  # Greek: the United States, the UN, the EU, NATO, the IMF
}  # fmt: skip
# "سانا" SANA, "رويترز" Reuters, "أ ف ب" AFP, "د ب أ" dpa, "وكالات" agencies, ...
ARABIC_AGENCIES = (
    "سانا", "رويترز", "وكالات", "أ ف ب", "أ.ف.ب", "ا ف ب", "فرانس برس", "د ب أ", "د.ب.أ", "أ ب", "أسوشيتد برس",
    "شينخوا", "الأناضول", "الاناضول", "إرنا", "ارنا", "تاس", "سبوتنيك", "يو بي آي", "بترا", "واس", "قنا", "كونا",
    "وام", "أ ش أ", "بنا", "وفا", "سبأ", "كيودو", "يونهاب", "آكي", "نوفوستي",
    # Lebanon's NNA, Oman's ONA, Iraq's INA, Morocco's MAP, Algeria's APS, Tunisia's TAP, Sudan's SUNA
    "الوكالة الوطنية للإعلام", "الوكالة الوطنية للاعلام", "العمانية", "واع", "و م ع", "وأج", "واج", "وات", "سونا",
    # Persian: IRNA, ISNA, ILNA, Tasnim, Fars, Mehr
    "ایرنا", "ایسنا", "ایلنا", "تسنیم", "فارس", "مهر",
)  # fmt: skip
# Credits in Hebrew, Hindi, Bengali and Thai datelines, as those wires and sites print them: Ynet, Reuters, "the
# agencies", Walla, Maariv, Kan; PTI-Bhasha ("भाषा"), UNI-Varta ("वार्ता"), UNI, IANS, PTI, ANI, Reuters, AFP; BSS
# ("বাসস"), UNB, Reuters, AFP, PTI; the Thai News Agency ("สำนักข่าวไทย"), MCOT ("อสมท"), NNT.
OTHER_SCRIPT_AGENCIES = (
    "ynet", "Ynet", "רויטרס", "סוכנויות", "סוכנויות הידיעות", "וואלה", "מעריב", "כאן חדשות", "i24NEWS",
    "भाषा", "वार्ता", "यूएनआई", "आईएएनएस", "पीटीआई", "एएनआई", "रॉयटर्स", "एएफपी",
    "বাসস", "ইউএনবি", "রয়টার্স", "এএফপি", "পিটিআই",
    "สำนักข่าวไทย", "อสมท", "สำนักข่าวกรมประชาสัมพันธ์",
)  # fmt: skip


def _alternation(names) -> str:
    """A regex for any of ``names``, longest first, with any run of spaces between words."""
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(names, key=len, reverse=True))


_KNOWN = _alternation(LATIN_AGENCIES)
_CAPITAL = "A-ZА-ЯЁІЇЄΑ-Ω"  # Latin, Cyrillic and Greek
ABBREVIATION = rf"[{_CAPITAL}](?:\.?[{_CAPITAL}&]){{2,9}}\.?"  # AFP, A.F.P., KUNA, ТАСС
_LATIN_AGENCY = rf"(?:{_KNOWN}|{ABBREVIATION})(?![^\W_]|&)"  # "SANA_ The ministry": an underscore is a dash
_ARABIC_AGENCY = rf"(?:{_alternation(ARABIC_AGENCIES)})(?![{ARABIC}])"

# What follows a dateline's head (its places, maybe a date), matched where the head ends: at its first
# parenthesis, its first slash, or one of its commas or dashes. Matching from those few places, rather than
# with one pattern that tries every length of head, keeps a paragraph's check to microseconds.
# "WASHINGTON (Reuters) - ...", "LONDON, March 3 (Reuters) - ...", "(Bloomberg) -- ...", "Madrid, 26 nov (EFE).- ..."
_AFTER_PAREN = re.compile(rf"\(\s*(?P<agency>[^()\n]{{1,40}}?)\s*\)\s*\.?\s*(?:{_DASH}|:)\s*(?=\S)")
# "NEW DELHI, Nov 26 (PTI) The government ...": no dash, so only an agency known by name, and a word after it.
_AFTER_PAREN_BARE = re.compile(rf"\(\s*(?P<agency>{_KNOWN})\s*\)\s+(?=[^\W\d_])")
# "Moscow, SANA – ...", "Beirut, 12 January 2016, SANA - ...", "Commack, Reuters – ..."
_AFTER_COMMA = re.compile(rf",\s*(?P<agency>{_LATIN_AGENCY})\s*{_DASH}\s*(?=\S)")
# "MOSCOW, June 15. /TASS/. ..."
_AFTER_SLASH = re.compile(rf"/\s*(?P<agency>{_LATIN_AGENCY})\s*/\s*[.:]?\s*(?:{_DASH}\s*)?(?=\S)")  # Interfax: "/ -"
# "МОСКВА, 26 ноя - РИА Новости. ...": RIA's agency after the date and a dash, a full stop after it
_AFTER_DATE_DASH = re.compile(rf"{_DASH}\s*(?P<agency>{_KNOWN})(?![^\W_])\s*[.:]\s*(?=\S)")
# "TOKYO, Nov. 26 Kyodo - ...", "WELLINGTON, Nov 26 NZPA - ...": the agency after the date, with no parentheses.
_AFTER_DATE_SPACE = re.compile(rf"\s+(?P<agency>{_LATIN_AGENCY})\s*{_DASH}\s*(?=\S)")
_SPACES = re.compile(r"\s+")
# "ROMA, 26 NOV - Il governo ...": a place and a date, and the dash, spaced, before the story's first word.
_DASH_BEFORE_TEXT = re.compile(rf"\s*{_DASH}\s+(?=[^\W\d_])")
# "دمشق-سانا", "دمشق - سانا", "حمص-سانا|", "دمشق/حلب-سانا"
_ARABIC_AFTER_DASH = re.compile(rf"{_DASH}\s*(?P<agency>{_ARABIC_AGENCY})\s*[{_DASHES}|:]*\s*(?=\S)")
# "الدوحة في 26 نوفمبر /قنا/ ..."
_ARABIC_AFTER_SLASH = re.compile(rf"/\s*(?P<agency>{_ARABIC_AGENCY})\s*/\s*[.:]?\s*(?=\S)")
# "بيروت (أ ف ب) - ...", "بيروت، 12 كانون الثاني 2016 (رويترز) - ..."
_ARABIC_AFTER_PAREN = re.compile(rf"\(\s*(?P<agency>{_ARABIC_AGENCY})\s*\)\s*[{_DASHES}:]+\s*(?=\S)")
# Chinese, Japanese and Korean agencies write the place inside the agency's own formula, with no spaces:
# Xinhua "新华社北京11月26日电" (Xinhua, Beijing, 26 November, filed), Kyodo and Jiji "【東京共同】", Yonhap
# "(서울=연합뉴스)".
_CJK_DATELINE = re.compile(
    r"(?:(?P<agency>新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央广网)(?P<place>[\u4e00-\u9fff]{2,8}?)"
    r"(?:\d{1,2}月\d{1,2}日)?[电電]"
    # Taiwan's CNA, in parentheses, its reporter (a name of three characters, as most are) before the place:
    # "（中央社記者王小明台北26日電）", "（中央社台北26日電）"
    r"|[（(](?P<cna>中央社)(?:記者(?P<cna_reporters>[\u4e00-\u9fff]{3}(?:、[\u4e00-\u9fff]{3}){0,3}))?"
    r"(?P<cna_place>[\u4e00-\u9fff]{2,6}?)(?:\d{1,2}月)?\d{1,2}日[电電][)）]"
    r"|【(?P<kyodo_place>[^】\s\d]{1,12}?)(?P<kyodo>共同|時事)】"
    r"|[(（](?P<yonhap_place>[^=()（）\s\d]{1,12})=(?P<yonhap>연합뉴스|뉴시스|뉴스1)[)）])\s*(?=\S)"
)
# The reporters these agencies name after it: Xinhua "（记者 张三、李四）", Yonhap "홍길동 김철수 기자 =" (a
# correspondent abroad: "김철수 특파원 =").
_CJK_REPORTERS = re.compile(
    r"[（(]\s*[记記]者\s*(?P<xinhua>[\u4e00-\u9fff·]{2,6}(?:[、，,\s]+[\u4e00-\u9fff·]{2,6}){0,4})\s*[）)]\s*"
    r"|(?P<yonhap>[가-힣]{2,4}(?:\s+[가-힣]{2,4}){0,3})\s+(?:기자|특파원)\s*=\s*"
)
_CJK_NAME_SEPARATORS = re.compile(r"[、，,\s]+")
_COMMAS = re.compile(",")
_DASH_RUNS = re.compile(_DASH)
# "(ANSA) - ROME, JUN 15 - ...": what follows an agency-only dateline, when a date proves it a dateline too.
_PLACE_AND_DATE = re.compile(rf"^(?P<head>[^\n]{{1,{_HEAD_MAX}}}?)\s*{_DASH}\s*(?=\S)")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    # Russian and Ukrainian, in the genitive datelines print ("26 ноября", "26 листопада") or cut short ("26 ноя")
    r"|январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]"
    r"|декабр[яь]|янв|фев|апр|авг|сен|окт|ноя|дек|січня|лютого|березня|квітня|травня|червня|липня|серпня"
    r"|вересня|жовтня|листопада|грудня)\.?"
)
# A date may also name its month in French, Spanish, Italian, Portuguese, German or Greek, as AFP, EFE, ANSA, Lusa,
# dpa and ANA-MPA date their datelines ("26 novembre", "26 de noviembre de 2026", "26. März"); unlike the months
# above, these do not stop a head's word being a place: "Mayo" is a county before it is "mayo".
_FOREIGN_MONTH = (
    r"(?:janvier|janv|février|fevrier|févr|fevr|avril|avr|mai|juin|juillet|juil|août|aout|septembre|octobre"
    r"|novembre|décembre|decembre|déc|enero|ene|febrero|marzo|abril|abr|mayo|junio|julio|agosto|ago"
    r"|septiembre|setiembre|octubre|noviembre|diciembre|dic|gennaio|gen|febbraio|aprile|maggio|mag|giugno|giu"
    r"|luglio|lug|settembre|set|ottobre|ott|dicembre|janeiro|fevereiro|fev|março|marco|maio|junho|julho"
    r"|setembro|outubro|out|novembro|dezembro|dez|januar|jänner|jaenner|februar|märz|maerz|juni|juli|oktober"
    r"|dezember"
    # Polish, Czech, Croatian and Serbian, in the genitive PAP, ČTK, Hina and Tanjug print ("26 listopada", "26.
    # studenoga", "26. novembra")
    r"|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|wrzesnia|października|pazdziernika"
    r"|listopada|grudnia|ledna|února|unora|března|brezna|dubna|května|kvetna|června|cervna|července|cervence"
    r"|srpna|září|zari|října|rijna|listopadu|prosince|siječnja|veljače|ožujka|travnja|svibnja|lipnja|srpnja"
    r"|kolovoza|rujna|studenoga|studenog|prosinca|januara|februara|marta|aprila|juna|jula|avgusta|septembra"
    r"|oktobra|novembra|decembra"
    # Greek, in the genitive datelines print, with and without the accents capitals drop ("26 Νοεμβρίου")
    r"|ιανουαρίου|ιανουαριου|φεβρουαρίου|φεβρουαριου|μαρτίου|μαρτιου|απριλίου|απριλιου|μαΐου|μαϊου|μαιου"
    r"|ιουνίου|ιουνιου|ιουλίου|ιουλιου|αυγούστου|αυγουστου|σεπτεμβρίου|σεπτεμβριου|οκτωβρίου|οκτωβριου"
    r"|νοεμβρίου|νοεμβριου|δεκεμβρίου|δεκεμβριου)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th|\.)?"  # "3rd", and "26." as German writes it
_YEAR = r"\d{4}"
# Hungarian writes the year first, then the month and the day, and the weekday after: MTI's "2026. november 26.,
# csütörtök".
_HUNGARIAN_DATE = (
    r"\d{4}\.\s+(?:január|február|március|április|május|június|július|augusztus|szeptember|október|november"
    r"|december|jan|febr|márc|ápr|máj|jún|júl|aug|szept|okt|nov|dec)\.?\s+\d{1,2}\.?"
    r"(?:,?\s+(?:hétfő|kedd|szerda|csütörtök|péntek|szombat|vasárnap))?"
)
_DATE = (
    rf"(?:{_WEEKDAY},?\s*)?"
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_MONTH}\s+{_YEAR}"
    rf"|{_MONTH}\s+\d{{1,2}}/{_YEAR}"  # Ethiopia's ENA: "November 26/2026"
    rf"|{_DAY}\s+(?:de\s+)?(?:{_MONTH}|{_FOREIGN_MONTH})(?:,?\s+(?:de\s+)?{_YEAR})?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|{_HUNGARIAN_DATE})"
    rf"|{_WEEKDAY}"
)
# The date that ends a dateline's head, after a comma: "LONDON, March 3", "PARIS, Oct. 5, 2015", "MOSCOW, June 15."
_DATE_AFTER_COMMA = re.compile(rf"\s*(?:{_DATE})\s*[.,]?\s*", re.IGNORECASE)
# Dates that end a head only where an agency's credit follows, not as the proof that a head with none is a dateline:
# a day and a month in figures, after a comma (VNA's "Hà Nội, 26/11 (TTXVN) -"; "Arsenal, 2/1 - The Gunners" is a
# bet's odds); a day and a month after a town's name and a space, with no comma (ČTK's "Praha 26. listopadu (ČTK)").
_DAY_AND_MONTH_AFTER_COMMA = re.compile(r"\s*\d{1,2}/\d{1,2}\s*[.,]?\s*")
_DATE_AFTER_SPACE = re.compile(
    rf"{_DAY}\s+(?:de\s+)?(?:{_MONTH}|{_FOREIGN_MONTH})(?:,?\s+(?:de\s+)?{_YEAR})?\s*[.,]?\s*", re.IGNORECASE
)
_ARABIC_MONTH = (
    "يناير|كانون الثاني|فبراير|شباط|مارس|آذار|أبريل|ابريل|نيسان|مايو|أيار|ايار|يونيو|يونيه|حزيران|يوليو|يوليه|تموز"
    "|أغسطس|اغسطس|آب|سبتمبر|أيلول|ايلول|أكتوبر|اكتوبر|تشرين الأول|تشرين الاول|نوفمبر|تشرين الثاني|ديسمبر"
    "|كانون الأول|كانون الاول"
)
_ARABIC_DIGITS = "0-9٠-٩"
_ARABIC_DATE_AFTER_COMMA = re.compile(
    rf"\s*(?:في\s+)?[{_ARABIC_DIGITS}]{{1,2}}\s+(?:{_ARABIC_MONTH})(?:\s*\([^()]{{1,12}}\))?"
    rf"(?:\s+[{_ARABIC_DIGITS}]{{4}})?\s*[,،]?\s*"
)
# "الكويت - 26 - 11 (كونا) --": KUNA's date, day and month in figures, after a dash.
_ARABIC_DATE_AFTER_DASH = re.compile(
    rf"\s*{_DASH}\s*[{_ARABIC_DIGITS}]{{1,2}}\s*[{_DASHES}/]\s*[{_ARABIC_DIGITS}]{{1,2}}"
    rf"(?:\s*[{_DASHES}/]\s*[{_ARABIC_DIGITS}]{{2,4}})?\s*$"
)
# "الدوحة في 26 نوفمبر": a date after "في" (in, on), or Petra's and Xinhua's "عمان 26 تشرين الثاني", with no comma.
_ARABIC_DATE_AFTER_FI = re.compile(
    rf"\s+(?:في\s+)?[{_ARABIC_DIGITS}]{{1,2}}\s+(?:{_ARABIC_MONTH})(?:\s+[{_ARABIC_DIGITS}]{{4}})?\s*$"
)
# Anadolu's Arabic dateline: the place, then its reporter, then the agency, between slashes: "أنقرة/ الأناضول",
# "إسطنبول/ أحمد يلماز/ الأناضول".
_ARABIC_SLASHED = re.compile(
    rf"(?P<place>[{ARABIC}]+(?:\s+[{ARABIC}]+){{0,3}})\s*/\s*"
    rf"(?:(?P<author>[{ARABIC}]+(?:\s+[{ARABIC}]+){{1,3}})\s*/\s*)?(?P<agency>{_ARABIC_AGENCY})\s*[{_DASHES}/:]*\s*"
)
# Xinhua's Arabic dateline, its agency in parentheses with no dash: "بكين 26 نوفمبر 2026 (شينخوا) أطلقت ..."
_ARABIC_AFTER_PAREN_BARE = re.compile(rf"\(\s*(?P<agency>{_ARABIC_AGENCY})\s*\)\s+(?=[{ARABIC}])")
_SEGMENTS = re.compile("[,،]")
_FULL_STOPS = re.compile(r"\.(?=\s)")
_PREFIXED_PART = re.compile(r"[a-z]{1,3}-\w")  # "al-" in "Ras al-Ain", "ez-" in "Deir ez-Zor"

# Words that open sentences, never a dateline's place: "However, NATO – ..." is no dateline.
_NOT_PLACES = {
    "a", "about", "according", "after", "also", "although", "an", "and", "as", "at", "because", "before",
    "besides", "but", "by", "despite", "during", "earlier", "finally", "first", "for", "from", "furthermore",
    "he", "her", "here", "his", "however", "i", "if", "in", "indeed", "instead", "it", "its", "last", "later",
    "likewise", "meanwhile", "moreover", "my", "nevertheless", "next", "no", "nonetheless", "now", "of", "on",
    "or", "our", "overall", "previously", "recently", "said", "says", "second", "separately", "she",
    "similarly", "since", "so", "still", "that", "the", "their", "then", "there", "these", "they", "this",
    "those", "though", "thus", "to", "today", "tomorrow", "tonight", "until", "we", "well", "when", "where",
    "while", "with", "yes", "yesterday", "yet", "you", "your",
}  # fmt: skip
_PLACES_THAT_LOOK_LIKE_SENTENCES = {"the hague", "the valley", "the bronx", "the gambia", "a coruña"}
# Lower-case words inside place names: "Rio de Janeiro", "Deir ez-Zor", "Bosnia and Herzegovina".
_PARTICLES = {
    "al", "an", "and", "ar", "as", "ash", "at", "az", "d", "da", "das", "de", "del", "den", "der", "des", "di",
    "do", "dos", "du", "ed", "el", "en", "es", "ez", "au", "im", "la", "le", "les", "of", "on", "sur", "upon", "van",
    "von", "y",
}  # fmt: skip
_LATIN_PLACE_WORD = re.compile(r"^[^\W\d_](?:(?:[^\W\d_]|['’.-])*[^\W\d_])?\.?$")
_ARABIC_PLACE_WORD = re.compile(rf"^[{ARABIC}]+$")
_NOT_MONTHS_OR_DAYS = re.compile(rf"^(?:{_MONTH}|{_WEEKDAY})$", re.IGNORECASE)


@dataclass(frozen=True)
class Dateline:
    places: list[str]
    agency: str
    text: str  # the paragraph without its dateline
    authors: tuple[str, ...] = ()  # reporters named in it: Xinhua's "（记者 张三）", Yonhap's "홍길동 기자 ="


# Initials, as AP writes a state ("RALEIGH, N.C.") or a reporter's first names ("E.J."): they stay capitals.
_INITIALS = re.compile(r"(?:\w\.)+\w?")
# AP's capitals keep a name's prefix as it is spelt: "McALLEN, Texas", "DeKALB, Ill.", "MacDILL AIR FORCE BASE".
_PREFIXED_CAPITALS = re.compile(r"(Mc|Mac|De|Di|Du|La|Le)(\w\w[\w'’-]*)")


# Letters only Turkish (and Azerbaijani) capitals hold: a word with one is cased as Turkish cases it.
_TURKISH_CAPITALS = re.compile("[İŞĞ]")
_TURKISH_LOWER = str.maketrans({"İ": "i", "I": "ı"})


def _lower(word: str) -> str:
    """``word`` in lower case; Turkish capitals as Turkish writes them small: "DİYARBAKIR" -> "diyarbakır" (not
    Python's "di̇yarbakir", whose "i" keeps a combining dot above, which is no letter: no place was read)."""
    return word.translate(_TURKISH_LOWER).lower() if _TURKISH_CAPITALS.search(word) else word.lower()


def _capitalised(part: str, *, turkish: bool) -> str:
    return ("İ" if turkish and part[:1] == "i" else part[:1].upper()) + part[1:]


def _title_word(word: str, *, first: bool) -> str:
    """One word of an ALL-CAPS place in title case: "DEIR EZ-ZOR" -> "Deir ez-Zor", "N'DJAMENA" -> "N'Djamena",
    "İZMİR" -> "İzmir"."""
    if _INITIALS.fullmatch(word):
        return word.upper()  # "N.C.", not "N.c."
    if (prefixed := _PREFIXED_CAPITALS.fullmatch(word)) and prefixed[2].isupper():
        return prefixed[1] + _title_word(prefixed[2], first=True)  # "McAllen"
    turkish = bool(_TURKISH_CAPITALS.search(word))
    parts = re.split(r"([-'’])", _lower(word))  # words and the hyphens and apostrophes between them
    for index in range(0, len(parts), 2):
        part = parts[index]
        if index and parts[index - 1] in "'’" and len(parts[index - 2]) > 1:
            continue  # "JOHN'S" -> "John's"
        joined = index + 1 < len(parts) and parts[index + 1] == "-"
        if part in _PARTICLES and not (first and index == 0) and (joined or len(parts) == 1):
            continue  # "al-" in "Ras al-Ain", "de" in "Rio de Janeiro"
        parts[index] = _capitalised(part, turkish=turkish)
    return "".join(parts)


def tidy_place(place: str) -> str:
    place = " ".join(place.split())
    unprefixed = " ".join(
        prefixed[2] if (prefixed := _PREFIXED_CAPITALS.fullmatch(word)) and prefixed[2].isupper() else word
        for word in place.split()
    )
    if unprefixed.isupper() or place.islower():
        return " ".join(_title_word(word, first=index == 0) for index, word in enumerate(place.split()))
    return place


def _is_place(place: str) -> bool:
    words = place.split()
    if not 1 <= len(words) <= _PLACE_WORDS_MAX:
        return False
    if all(_ARABIC_PLACE_WORD.match(word) for word in words):
        return True
    if not all(_LATIN_PLACE_WORD.match(word) for word in words):
        return False
    lowered = place.lower()
    if lowered not in _PLACES_THAT_LOOK_LIKE_SENTENCES and words[0].lower().rstrip(".") in _NOT_PLACES:
        return False
    if _NOT_MONTHS_OR_DAYS.match(place):
        return False
    # Capitalised words with lower-case particles between them, or a place written all in lower case.
    return place.islower() or all(
        word[0].isupper() or word.lower() in _PARTICLES or _PREFIXED_PART.match(word) for word in words
    )


def _without_date(head: str, *, arabic: bool, credited: bool = False) -> str:
    """``head`` without the date that ends it; ``credited``: an agency's credit follows it, and a date that proves
    nothing alone may end it too (``_DAY_AND_MONTH_AFTER_COMMA``, ``_DATE_AFTER_SPACE``)."""
    date = _ARABIC_DATE_AFTER_COMMA if arabic else _DATE_AFTER_COMMA
    for comma in _SEGMENTS.finditer(head):
        if date.fullmatch(head, comma.end()) or (
            credited and not arabic and _DAY_AND_MONTH_AFTER_COMMA.fullmatch(head, comma.end())
        ):
            return head[: comma.start()]
    for stop in () if arabic else _FULL_STOPS.finditer(head):  # Interfax: "MOSCOW. Nov 26 (Interfax) - ..."
        if date.fullmatch(head, stop.end()):
            return head[: stop.start()]
    if arabic and (found := _ARABIC_DATE_AFTER_FI.search(head) or _ARABIC_DATE_AFTER_DASH.search(head)):
        return head[: found.start()]
    if credited and not arabic and any(character.isdigit() for character in head):
        for space in _SPACES.finditer(head):
            if _DATE_AFTER_SPACE.fullmatch(head, space.end()) and is_town(head[: space.start()]):
                return head[: space.start()]
    return head


def _places(head: str, *, arabic: bool = False) -> list[str] | None:
    """The places of a dateline's head, its date dropped; None when the head is not places."""
    places = _cached_places(head, arabic)
    return list(places) if places is not None else None


@functools.lru_cache(maxsize=4096)  # an archive's datelines repeat: the same few hundred places
def _cached_places(head: str, arabic: bool) -> tuple[str, ...] | None:
    head = _without_date(head, arabic=arabic, credited=True).strip().rstrip(",،").strip()
    segments = [segment.strip() for segment in _SEGMENTS.split(head)]
    if len(segments) > 2:  # a place and its state or region at most: "SPRINGFIELD, Ill."
        return None
    places = [tidy_place(place) for place in segments[0].split("/")]
    if not all(_is_place(place) for place in places):
        return None
    if len(segments) == 2:
        # A country's or a state's abbreviation after a place in mixed case stays as it is: "Dubai, UAE", "Washington,
        # DC" (after capitals, "LIMA, PERU", it is a word in capitals: "Lima, Peru").
        abbreviated = not segments[0].isupper() and re.fullmatch(r"[A-Z]{2,4}", segments[1])
        region = segments[1] if abbreviated else tidy_place(segments[1])
        if not _is_place(region):
            return None
        places[-1] = f"{places[-1]}{'، ' if arabic else ', '}{region}"
    return tuple(places)


# What follows an agency's abbreviation in its own credit: "(ANTARA News)", "(IRNA English)", "(PTI Online)".
_AGENCY_WORDS = {"News", "Agency", "Press", "English", "Online", "TV", "Wire"}


def _is_credit(agency: str) -> bool:
    """What may stand in parentheses as the agency: a known name, an abbreviation, or a known name and a word."""
    agency = " ".join(agency.split())
    if re.fullmatch(_LATIN_AGENCY, agency) or re.fullmatch(r"[A-Z](?:\.?[A-Z&]){1,9}\.?", agency):
        return agency not in _NOT_AGENCIES or agency in LATIN_AGENCIES
    first, _, rest = agency.partition(" ")
    if rest.title() in _AGENCY_WORDS and re.fullmatch(ABBREVIATION, first) and first not in _NOT_AGENCIES:
        return True  # "(ANTARA News)", "(IRNA English)"
    return bool(rest) and first in LATIN_AGENCIES and bool(re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", rest))


# One word in parentheses after a place in capitals is the agency, known or not, as every wire prints its own
# name: "MINSK, Nov 26 (BelTA) -", "ALMATY (Kazinform) -", "KYIV (Interfax-Ukraine) -", "SANAA (Saba) -".
_ONE_WORD_CREDIT = re.compile(r"[^\W\d_][\w'’.&-]{1,24}")


def _is_credit_after_capitals(agency: str, head: str) -> bool:
    place = _without_date(head.strip(), arabic=False).strip().rstrip(",")
    return (
        bool(place)
        and place.isupper()
        and agency[:1].isupper()
        and bool(_ONE_WORD_CREDIT.fullmatch(agency))
        and not _NOT_MONTHS_OR_DAYS.match(agency)
        and agency.upper() not in _NOT_AGENCIES
    )


def _agency_first(agency: str, rest: str) -> Dateline:
    """An agency-only dateline ("(Bloomberg) -- ..."), and the place after it when a date proves it one (ANSA)."""
    match = _PLACE_AND_DATE.match(rest)
    head = match["head"] if match else ""
    if match and _without_date(head, arabic=False) != head and (places := _places(head)):
        return Dateline(places=places, agency=agency, text=rest[match.end() :].strip())
    return Dateline(places=[], agency=agency, text=rest.strip())


def _ends(paragraph: str, marks: re.Pattern, after: re.Pattern) -> Iterator[tuple[str, re.Match]]:
    """(head, match) where ``after`` matches at a ``marks`` within a head's reach, nearest first."""
    for mark in marks.finditer(paragraph, 0, _HEAD_MAX + 1):
        if match := after.match(paragraph, mark.start()):
            yield paragraph[: mark.start()], match


def _first(paragraph: str, char: str, after: re.Pattern) -> tuple[str, re.Match] | None:
    index = paragraph.find(char, 0, _HEAD_MAX + 1)
    match = after.match(paragraph, index) if index >= 0 else None
    return (paragraph[:index], match) if match else None


# Datelines in Hebrew, Devanagari, Bengali and Thai letters: (letters, figures) of each script, the letters without
# the figures and a sentence's marks (Devanagari's danda "।").
_OTHER_SCRIPTS = {
    "hebrew": ("\u05d0-\u05ea\u05f3\u05f4", ""),
    "devanagari": ("\u0900-\u0963\u0971-\u097f", "\u0966-\u096f"),
    "bengali": ("\u0980-\u09e3\u09f0-\u09ff", "\u09e6-\u09ef"),
    "thai": ("\u0e01-\u0e4e", "\u0e50-\u0e59"),
}
_OTHER_SCRIPT_OPENING = re.compile("[" + "".join(letters for letters, _figures in _OTHER_SCRIPTS.values()) + "]")


def _other_script_pattern(letters: str, figures: str) -> re.Pattern:
    word = f"[{letters}]+(?:[-'\"][{letters}]+)*"  # "תל אביב", "ת\"א", "नयी दिल्ली", "กรุงเทพฯ"
    return re.compile(
        rf"(?P<place>{word}(?:\s+{word}){{0,3}})"
        # a date: the day, the month's name (checked against the language's months), perhaps the year
        rf"(?:\s*,?\s*(?P<day>[0-9{figures}]{{1,2}})\s+(?P<month>[^{_DASHES}\s\d(),:]+)"
        rf"(?:\s*,?\s*(?P<year>[0-9{figures}]{{4}}))?)?"
        r"\s*(?:\(\s*(?P<agency>[^()\n]{1,40}?)\s*\)\s*)?"
        rf"(?P<end>[{_DASHES}]+|:)?\s*(?=\S)"
    )


_OTHER_SCRIPT_DATELINES = tuple(_other_script_pattern(*script) for script in _OTHER_SCRIPTS.values())
_OTHER_SCRIPT_KNOWN = {" ".join(name.split()) for name in (*LATIN_AGENCIES, *OTHER_SCRIPT_AGENCIES)}


def _other_script_dateline(paragraph: str) -> Dateline | None:
    """A Hebrew, Hindi, Bengali or Thai dateline: the place (one to four words of the script), a date naming its
    month in the language, and an agency known by name in parentheses, then a dash or a colon ("ঢাকা, ২৬ নভেম্বর,
    ২০২৬ (বাসস) :"), or none when a date shows it (PTI-Bhasha's "नयी दिल्ली, 26 नवंबर (भाषा)", as PTI's English
    wire); with no date, the place a town's ("ירושלים (ynet) -"); with no agency, a date, a dash and a town's name
    ("กรุงเทพฯ 26 พ.ย. -")."""
    match = next((m for pattern in _OTHER_SCRIPT_DATELINES if (m := pattern.match(paragraph))), None)
    if match is None:
        return None
    dated = match["day"] is not None
    if dated:
        month = fold_script(match["month"])
        if month not in LOCAL_MONTHS and not (month[:1] == "ב" and month[1:] in LOCAL_MONTHS):  # "בנובמבר"
            return None
        if not 1 <= int(fold_script(match["day"])) <= 31:
            return None
    text = paragraph[match.end() :].strip()
    agency = " ".join((match["agency"] or "").split())
    if agency:
        # These scripts have no capitals to tell a place from a sentence's first words ("हिंदी (भाषा) - ...", Hindi
        # (the language)): with no date, the place must be a town's name.
        if agency not in _OTHER_SCRIPT_KNOWN or not (match["end"] or (dated and _WORD_FIRST.match(text))):
            return None
        if not dated and not is_town(match["place"]):
            return None
    elif not (dated and match["end"] and match["end"] != ":" and is_town(match["place"])):
        return None
    return Dateline([" ".join(match["place"].split())], agency, text)


_WORD_FIRST = re.compile(r"[^\W\d_]")
# Urdu papers' dateline, a town alone and a colon: "اسلام آباد: وزیراعظم نے ...". Only in Urdu (a letter Arabic and
# Persian do not write: "ے", "ں", "ٹ", "ڈ", "ڑ") and only a town's name: "وزیراعظم: ..." is a speaker.
_URDU_PLACE_ALONE = re.compile(rf"(?P<head>[{ARABIC}]+(?:[\s\u200c]+[{ARABIC}]+){{0,2}})\s*:\s*(?=[{ARABIC}])")
_URDU_LETTERS = re.compile("[\u06d2\u06ba\u0679\u0688\u0691]")


def split_dateline(paragraph: str, *, town_alone: bool = True) -> Dateline | None:
    """The dateline that opens ``paragraph``, or None when it opens with none; ``town_alone``: also a town alone,
    with no agency and no date ("MANILA – ...")."""
    paragraph = paragraph.replace("\u00a0", " ").strip()
    if match := _CJK_DATELINE.match(paragraph):
        place = match["place"] or match["kyodo_place"] or match["yonhap_place"] or match["cna_place"]
        agency = match["agency"] or match["kyodo"] or match["yonhap"] or match["cna"]
        text = paragraph[match.end() :].strip()
        authors = tuple(match["cna_reporters"].split("、")) if match["cna_reporters"] else ()
        if reporters := _CJK_REPORTERS.match(text):
            names = reporters["xinhua"] or reporters["yonhap"]
            text, authors = (
                text[reporters.end() :].strip(),
                tuple(dict.fromkeys(_CJK_NAME_SEPARATORS.split(names.strip()))),
            )
        return Dateline([place], agency, text, authors)
    if "\u0600" <= paragraph[:1] <= "\u077f":
        if (match := _ARABIC_SLASHED.match(paragraph)) and (places := _places(match["place"], arabic=True)):
            authors = (" ".join(match["author"].split()),) if match["author"] else ()
            return Dateline(places, " ".join(match["agency"].split()), paragraph[match.end() :].strip(), authors)
        # An agency in parentheses with no dash after it only when a date proves the head a dateline.
        if (found := _first(paragraph, "(", _ARABIC_AFTER_PAREN_BARE)) and (
            _without_date(found[0].strip(), arabic=True) != found[0].strip()
            and (places := _places(found[0], arabic=True))
        ):
            return Dateline(places, " ".join(found[1]["agency"].split()), paragraph[found[1].end() :].strip())
        found = [
            f for f in (_first(paragraph, "(", _ARABIC_AFTER_PAREN), _first(paragraph, "/", _ARABIC_AFTER_SLASH)) if f
        ]
        for head, match in itertools.chain(found, _ends(paragraph, _DASH_RUNS, _ARABIC_AFTER_DASH)):
            if ")" not in head and (places := _places(head, arabic=True)):
                return Dateline(places, " ".join(match["agency"].split()), paragraph[match.end() :].strip())
        if (
            town_alone
            and (match := _URDU_PLACE_ALONE.match(paragraph))
            and _URDU_LETTERS.search(paragraph, match.end(), match.end() + 200)
            and is_town(match["head"])
        ):
            return Dateline([" ".join(match["head"].split())], "", paragraph[match.end() :].strip())
        return None
    if _OTHER_SCRIPT_OPENING.match(paragraph) and (dateline := _other_script_dateline(paragraph)):
        return dateline
    if found := _first(paragraph, "(", _AFTER_PAREN) or _first(paragraph, "(", _AFTER_PAREN_BARE):
        head, match = found
        agency = " ".join(match["agency"].split())
        if ")" not in head and (_is_credit(agency) or _is_credit_after_capitals(agency, head)):
            if not head.strip():
                return _agency_first(agency, paragraph[match.end() :])
            # Business Wire dashes the place to its parentheses: "NEW YORK--(BUSINESS WIRE)--Acme ..."; ANI names
            # the country in brackets: "Tokyo [Japan], November 26 (ANI):".
            if places := _places(_BRACKETED_COUNTRY.sub("", head).rstrip(_DASHES + " ")):
                return Dateline(places, agency, paragraph[match.end() :].strip())
    found = _first(paragraph, "/", _AFTER_SLASH)
    for head, match in itertools.chain(_ends(paragraph, _COMMAS, _AFTER_COMMA), [found] if found else []):
        if head.strip() and _is_agency(match["agency"]) and (places := _places(head)):
            return Dateline(places, " ".join(match["agency"].split()), paragraph[match.end() :].strip())
    # Only after a date, and only an agency known by name: "Brussels - NATO. The alliance ..." is no dateline.
    for head, match in _ends(paragraph, _DASH_RUNS, _AFTER_DATE_DASH):
        if _without_date(head.strip(), arabic=False) != head.strip() and (places := _places(head)):
            return Dateline(places, " ".join(match["agency"].split()), paragraph[match.end() :].strip())
    for head, match in _ends(paragraph, _SPACES, _AFTER_DATE_SPACE):  # "TOKYO, Nov. 26 Kyodo - ..."
        if (
            _without_date(head.strip(), arabic=False) != head.strip()
            and _is_agency(match["agency"])
            and (places := _places(head))
        ):
            return Dateline(places, " ".join(match["agency"].split()), paragraph[match.end() :].strip())
    # No agency at all, as a wire's own-language service prints it ("ROMA, 26 NOV - Il governo ..."): only with a
    # date between the place and the dash, which a sentence's opening words never are.
    for head, match in _ends(paragraph, _DASH_RUNS, _DASH_BEFORE_TEXT):
        if _without_date(head.strip(), arabic=False) != head.strip() and (places := _places(head)):
            return Dateline(places, "", paragraph[match.end() :].strip())
    # No agency and no date, as newspapers date their own reporters' stories: a town alone, then a dash or a colon
    # ("MANILA – ...", "MANILA, Philippines — ...", "ISLAMABAD: ...", "DUBAI: ..."). Kickers, teams and
    # papers look the same ("FACT CHECK:", "REAL MADRID –", "TEHRAN TIMES –"): the gazetteer tells them apart.
    if (
        town_alone
        and (match := _PLACE_ALONE.match(paragraph))
        and _is_town_alone(match["head"], paragraph[match.end() :])
        and (places := _places(match["head"]))
    ):
        return Dateline(places, "", paragraph[match.end() :].strip())
    return None


_PLACE_ALONE = re.compile(
    rf"(?P<head>[{_CAPITAL}][^\W\d_]*(?:[ .'’-]+[^\W\d_]+)*\.?(?:,\s*[^\W\d_][^\W\d_ .]*(?:[ .]+[^\W\d_]+)*\.?)?)"
    rf"\s*(?:\s{_DASH}|{_DASH}\s|:)\s*(?=[^\W\d_]|[\"“‘'])"
)
# Institutions' acronyms, which no town's region is (countries' are: "Dubai, UAE", "Washington, DC").
_INSTITUTIONS = {
    "NATO", "OPEC", "IMF", "WHO", "UNICEF", "UNESCO", "UNHCR", "ASEAN", "OSCE", "ICC", "UN", "EU", "ООН", "ЕС",
    "НАТО", "ОБСЕ", "МАГАТЭ", "ΟΗΕ", "ΕΕ", "ΝΑΤΟ", "ΔΝΤ",
}  # fmt: skip
# Capitals that open a story and are no place: editors' flags and kinds of story.
_NOT_PLACES_IN_CAPITALS = {
    "BREAKING", "BREAKING NEWS", "URGENT", "FLASH", "ALERT", "NEWSALERT", "UPDATE", "UPDATED", "CORRECTION",
    "CORRECTED", "EXCLUSIVE", "ANALYSIS", "FEATURE", "FACTBOX", "EXPLAINER", "INTERVIEW", "OPINION", "EDITORIAL",
    "COMMENT", "REVIEW", "WATCH", "LIVE", "VIDEO", "PHOTO", "PHOTOS", "NOTE", "EDITOR'S NOTE", "EDITORS NOTE",
    "WARNING", "ADVISORY", "EMBARGOED", "SOURCE", "SOURCES", "WRAPUP", "NEWS", "SPORTS", "BUSINESS",
    "ISIS", "ISIL", "COVID", "NOTICE", "FYI", "PS", "RE", "Q", "A",
}  # fmt: skip
# ANI's country after the place, in brackets: "New Delhi [India]".
_BRACKETED_COUNTRY = re.compile(r"\s*\[[^\[\]]{1,30}\]")


def _is_town_alone(head: str, text: str) -> bool:
    """Whether a dateline's head with no agency and no date is a town (then its region, after a comma): in
    capitals, before a sentence that opens with a capital ("DUBAI: The UAE ..."; Gulf News' "Dubai: ..." in mixed
    case is not read, see below); and no flag an editor prints in capitals ("LIVE", "NOTE"), which a town may be
    named too."""
    place, _, region = (part.strip().rstrip(".") for part in head.partition(","))
    if place.upper() in _NOT_PLACES_IN_CAPITALS or place.upper() in _NOT_AGENCIES or region.upper() in _INSTITUTIONS:
        return False  # "Brussels, NATO - ..." names no region
    # Only in capitals, before a sentence that opens with a capital or a quote and is no subhead in capitals: a name
    # in mixed case before a colon is a person's, a club's or an interview's speaker as often as a town's ("Nancy:
    # Pelosi said", "Liverpool: Klopp said", "Ali: I was born"), and "TOYOTA – the carmaker said" a kicker.
    opening = text.split()[:3]
    if not place.isupper() or not (text[:1].isupper() or text[:1] in "\"“‘'"):
        return False
    if len(opening) > 1 and all(word.isupper() for word in opening):
        return False  # "MOSCOW: A NEW ERA BEGINS"
    # An agency's name or three capitals are its credit, though a town somewhere bears it: "SPA - ", "NNA - ".
    if place.lower() in KNOWN_AGENCIES or (place.isupper() and len(place) <= 3):
        return False
    return is_town(place)


_CLOSING_CREDIT = re.compile(r"\(\s*(?P<agency>[^()\n]{1,40}?)\s*\)\s*\.?")
# "Source: SANA", "المصدر: سانا": the credit news sites end a wire's story with.
_SOURCE_CREDIT = re.compile(r"\(?(?:source|sources|المصدر|المصادر)\s*:\s*(?P<agency>[^():\n]{1,40}?)\s*\)?\s*\.?", re.I)
# The agency's name after a dash or between slashes, or alone, as agencies close their stories: Bernama's
# "-- BERNAMA", SPA's "--SPA", Petra's "--(Petra)", MENA's "/أ ش أ/", ONA's "/العُمانية/", MENA's bare "MENA".
_SIGNED_CREDIT = re.compile(
    rf"(?:[{_DASHES}]{{1,3}}\s*\(?\s*(?P<dashed>[^()/\n]{{1,40}}?)\s*\)?|/\s*(?P<slashed>[^/\n]{{1,40}}?)\s*/"
    r"|(?P<bare>[^\W\d_][^()/\n]{1,39}?))\s*\.?"
)
# A credit after the last sentence, on its line: "... the two countries' trade. (ANI)".
_TRAILING_CREDIT = re.compile(r"(?<=[.!?\"”’»])\s+\(\s*(?P<agency>[^()\n]{1,40}?)\s*\)\s*\.?$")
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0640]")  # harakat and tatweel: "العُمانية" is "العمانية"


def _credited(agency: str, *, known: bool = False) -> str | None:
    """``agency`` (spaces tidied, Arabic marks dropped) when it may credit a story; ``known``: only an agency known by
    name does (a sign-off or a credit after the last sentence: "NASA", "-- UEFA", "... in 1994. (NAFTA)" are none)."""
    agency = _ARABIC_MARKS.sub("", " ".join(agency.split()))
    if agency.lower() in KNOWN_AGENCIES:
        return agency
    return agency if agency and not known and _is_credit(agency) else None


def closing_credit(line: str) -> str | None:
    """The agency of a story's last line when it is only a credit, as ANSA closes its stories ("(ANSA)."), news
    sites a wire's ("Source: SANA", "المصدر: سانا") and agencies sign them ("-- BERNAMA", "/أ ش أ/")."""
    line = line.strip()
    if match := _CLOSING_CREDIT.fullmatch(line) or _SOURCE_CREDIT.fullmatch(line):
        return _credited(match["agency"])
    if match := _SIGNED_CREDIT.fullmatch(line):
        return _credited(match["dashed"] or match["slashed"] or match["bare"], known=True)
    return None


def trailing_credit(paragraph: str) -> tuple[str, str] | None:
    """The last paragraph without the agency's credit after its last sentence, and the agency: "... trade. (ANI)"
    gives ("... trade.", "ANI"); None when it ends with no credit."""
    if not paragraph.endswith((")", ").")) or not (match := _TRAILING_CREDIT.search(paragraph)):
        return None
    agency = _credited(match["agency"], known=True)
    return (paragraph[: match.start()], agency) if agency else None


def _is_agency(agency: str) -> bool:
    agency = " ".join(agency.split())
    return agency in LATIN_AGENCIES or agency.rstrip(".").replace(".", "") not in _NOT_AGENCIES


_UPDATED_MARKER = re.compile(rf"^\s*updated\s*[{_DASHES}:]+\s*", re.IGNORECASE)
_MEDIA_MARKER = re.compile(rf"\s*[{_DASHES}]+\s*(?P<kind>video|photos?)\s*$", re.IGNORECASE)


# Reuters' flags before a headline, in capitals: "UPDATE 2-Oil prices rise" (the story's second update), "REFILE-"
# and "RPT-" (sent again as it was). Others ("CORRECTED-", "EXCLUSIVE-", "ANALYSIS-") say what the story is: kept.
_WIRE_FLAG = re.compile(rf"^\s*(?P<flag>UPDATE\s*\d{{0,3}}|REFILE|RPT)\s*[{_DASHES}]\s*(?=\S)")


def split_markers(headline: str) -> tuple[str, list[str]]:
    """A headline without its "Updated-" and "-Video"/"-Photos" markers and Reuters' "UPDATE 2-" and "REFILE-"
    flags, and the markers as data."""
    markers = []
    while match := _WIRE_FLAG.match(headline):
        if match["flag"].startswith("UPDATE") and "updated" not in markers:
            markers.append("updated")
        headline = headline[match.end() :]
    match = _UPDATED_MARKER.match(headline)
    if match and headline[match.end() :].strip():
        markers = markers if "updated" in markers else [*markers, "updated"]
        headline = headline[match.end() :]
    media = []
    while (match := _MEDIA_MARKER.search(headline)) and headline[: match.start()].strip():
        media.insert(0, "video" if match["kind"].lower() == "video" else "photos")
        headline = headline[: match.start()]
    return headline.strip(), markers + [m for m in dict.fromkeys(media)]


# Every agency the archive knows by name, folded: credits, sign-offs and bylines are told apart by them.
KNOWN_AGENCIES = {
    " ".join(name.lower().split()) for name in (*LATIN_AGENCIES, *ARABIC_AGENCIES, *OTHER_SCRIPT_AGENCIES)
}
