"""Datelines of every wire service's style, in English and Arabic, and sentences that only look like them."""

import pytest

from articles.ingest.dateline import split_dateline
from articles.ingest.jsonl import parse_record
from articles.ingest.plaintext import parse_story

ENGLISH = [
    # SANA, and the seed story's own forms
    ("Moscow, SANA – Russian President said", ["Moscow"], "SANA", "Russian President said"),
    ("Moscow, SANA–Russian President said", ["Moscow"], "SANA", "Russian President said"),
    ("MOSCOW, SANA-Russia is not going to", ["Moscow"], "SANA", "Russia is not going to"),
    ("Damascus/Hasaka, SANA- Farmers said", ["Damascus", "Hasaka"], "SANA", "Farmers said"),
    ("Beirut, 12 January 2016, SANA - The talks", ["Beirut"], "SANA", "The talks"),
    ("damascus, SANA - The ministry said", ["Damascus"], "SANA", "The ministry said"),
    ("DEIR EZ-ZOR, SANA - Engineers said", ["Deir ez-Zor"], "SANA", "Engineers said"),
    # AFP, Reuters, IRNA, Kyodo: place, agency by name or abbreviation, dash
    ("Paris, AFP - The talks resumed", ["Paris"], "AFP", "The talks resumed"),
    ("Commack, Reuters – A man was", ["Commack"], "Reuters", "A man was"),
    ("Tehran, IRNA -- Iran said", ["Tehran"], "IRNA", "Iran said"),
    ("Tokyo, Kyodo - The yen fell", ["Tokyo"], "Kyodo", "The yen fell"),
    # the agency in parentheses: AP, Reuters, AFP, dpa, Xinhua, UPI, Anadolu, Yonhap
    ("WASHINGTON (Reuters) - The U.S. Senate", ["Washington"], "Reuters", "The U.S. Senate"),
    ("BEIRUT (AP) — Israeli jets struck", ["Beirut"], "AP", "Israeli jets struck"),
    ("LONDON, March 3 (Reuters) - Shares fell", ["London"], "Reuters", "Shares fell"),
    ("PARIS, Oct. 5, 2015 (AFP) - France said", ["Paris"], "AFP", "France said"),
    ("WASHINGTON, Sept. 3 (Reuters) - The Fed", ["Washington"], "Reuters", "The Fed"),
    ("PARIS, Monday (AFP) - The strike", ["Paris"], "AFP", "The strike"),
    ("Berlin (dpa) - Die Regierung", ["Berlin"], "dpa", "Die Regierung"),
    ("BEIJING, March 3 (Xinhua) -- China's economy", ["Beijing"], "Xinhua", "China's economy"),
    ("Beirut, Jan. 12 (UPI) -- Lebanon's army", ["Beirut"], "UPI", "Lebanon's army"),
    ("ANKARA (AA) - Turkey's president", ["Ankara"], "AA", "Turkey's president"),
    ("SEOUL, March 3 (Yonhap) -- North Korea", ["Seoul"], "Yonhap", "North Korea"),
    ("SPRINGFIELD, Ill. (AP) — The governor", ["Springfield, Ill."], "AP", "The governor"),
    # any one word in parentheses after a place in capitals: the wire's own name
    ("MINSK, Nov 26 (BelTA) - Belarus said", ["Minsk"], "BelTA", "Belarus said"),
    ("ALMATY (Kazinform) - Kazakhstan", ["Almaty"], "Kazinform", "Kazakhstan"),
    ("KYIV. Nov 26 (Interfax-Ukraine) - Kyiv", ["Kyiv"], "Interfax-Ukraine", "Kyiv"),
    ("BUENOS AIRES, 26 nov (Télam) - El", ["Buenos Aires"], "Télam", "El"),
    # a state's initials stay capitals; a name's prefix keeps its case ("McALLEN")
    ("RALEIGH, N.C. (AP) — The governor", ["Raleigh, N.C."], "AP", "The governor"),
    ("WASHINGTON, D.C. (AP) — The mayor", ["Washington, D.C."], "AP", "The mayor"),
    ("McALLEN, Texas (AP) — Agents said", ["McAllen, Texas"], "AP", "Agents said"),
    # an agency's abbreviation and "News"; ANI's country in brackets after the place
    ("Jakarta (ANTARA News) - The president", ["Jakarta"], "ANTARA News", "The president"),
    ("Tokyo [Japan], November 26 (ANI): The talks", ["Tokyo"], "ANI", "The talks"),
    # no agency, no date: a place in capitals, as newspapers date their own reporters' stories
    ("MANILA – The senate", ["Manila"], "", "The senate"),
    ("MANILA, Philippines — The senate", ["Manila, Philippines"], "", "The senate"),
    ("ISLAMABAD: The cabinet", ["Islamabad"], "", "The cabinet"),
    ('WASHINGTON - "We will," he said', ["Washington"], "", '"We will," he said'),
    # Europe's and Latin America's national agencies, their dates in their own languages
    ("Warszawa, 26 listopada (PAP) - Rząd przyjął", ["Warszawa"], "PAP", "Rząd przyjął"),
    ("Zagreb, 26. studenoga 2026. (Hina) - Vlada je", ["Zagreb"], "Hina", "Vlada je"),
    ("BEOGRAD, 26. novembra (Tanjug) - Vlada je", ["Beograd"], "Tanjug", "Vlada je"),
    ("Buenos Aires, 26 de noviembre (Télam).- El gobierno", ["Buenos Aires"], "Télam", "El gobierno"),
    ("Praha (ČTK) - Vláda schválila", ["Praha"], "ČTK", "Vláda schválila"),
    ("Madrid, 26 Nov. (EUROPA PRESS) - El Gobierno", ["Madrid"], "EUROPA PRESS", "El Gobierno"),
    ("Abuja, Nov. 26, 2026 (NAN) The Federal Government", ["Abuja"], "NAN", "The Federal Government"),
    # Turkish capitals, as Anadolu's Turkish wire prints them: "İ" and "I" are two letters, cased as Turkish does
    ("İSTANBUL (AA) - Toplantı", ["İstanbul"], "AA", "Toplantı"),
    ("DİYARBAKIR (AA) - Vali", ["Diyarbakır"], "AA", "Vali"),
    ("ŞANLIURFA (AA) - Vali", ["Şanlıurfa"], "AA", "Vali"),
    ("DeKALB, Ill. (AP) — The college", ["DeKalb, Ill."], "AP", "The college"),
    ("MacDILL AIR FORCE BASE, Fla. (AP) — The", ["MacDill Air Force Base, Fla."], "AP", "The"),
    ("GAZA CITY, Gaza Strip (AP) — Hamas said", ["Gaza City, Gaza Strip"], "AP", "Hamas said"),
    ("RIO DE JANEIRO (AP) — Brazil's", ["Rio de Janeiro"], "AP", "Brazil's"),
    ("RAS AL-AIN (Reuters) - Turkish troops", ["Ras al-Ain"], "Reuters", "Turkish troops"),
    ("N'DJAMENA (Reuters) - Chad's", ["N'Djamena"], "Reuters", "Chad's"),
    ("The Hague (AFP) - The court", ["The Hague"], "AFP", "The court"),
    ("Madrid, 26 nov (EFE).- El Gobierno", ["Madrid"], "EFE", "El Gobierno"),  # EFE's full stop before the dash
    ("BERLIN, 26. November (dpa) - Die Regierung", ["Berlin"], "dpa", "Die Regierung"),  # a German date
    # no place (Bloomberg), the agency first (ANSA), the agency between slashes (TASS)
    ("(Bloomberg) -- Stocks rose", [], "Bloomberg", "Stocks rose"),
    ("(ANSA) - ROME, JUN 15 - The premier", ["Rome"], "ANSA", "The premier"),
    ("MOSCOW, June 15. /TASS/. Russian President", ["Moscow"], "TASS", "Russian President"),
    ("ISLAMABAD, Nov 26 (APP): Prime Minister", ["Islamabad"], "APP", "Prime Minister"),  # a colon for the dash
    # India's agencies print no dash after the credit
    ("NEW DELHI, Nov 26 (PTI) The government", ["New Delhi"], "PTI", "The government"),
    ("Mumbai (IANS) The Sensex rose", ["Mumbai"], "IANS", "The Sensex rose"),
    # Ethiopia's ENA ("26/2026"), Afghanistan's Pajhwok, ČTK with no comma before the date (after a town's name),
    # MTI's year first and weekday after, VNA's day and month in figures (after a credit only)
    ("Addis Ababa, November 26/2026 (ENA) The government", ["Addis Ababa"], "ENA", "The government"),
    ("Kabul, Nov 26 (Pajhwok): The government", ["Kabul"], "Pajhwok", "The government"),
    ("KABUL (Pajhwok): The government", ["Kabul"], "Pajhwok", "The government"),
    ("Praha 26. listopadu (ČTK) - Vláda schválila", ["Praha"], "ČTK", "Vláda schválila"),
    ("Budapest, 2026. november 26., csütörtök (MTI) – A kormány", ["Budapest"], "MTI", "A kormány"),
    ("Hà Nội, 26/11 (TTXVN) - Chính phủ", ["Hà Nội"], "TTXVN", "Chính phủ"),
    ("Hà Nội (TTXVN) - Chính phủ", ["Hà Nội"], "TTXVN", "Chính phủ"),
    # a date with its month in the wire's own language: AFP's French, EFE's Spanish, ANSA's, Lusa's, dpa's, APA's
    ("PARIS, 26 novembre 2026 (AFP) - La France", ["Paris"], "AFP", "La France"),
    ("Madrid, 26 de noviembre de 2026 (EFE).- El Gobierno", ["Madrid"], "EFE", "El Gobierno"),
    ("ROMA, 26 novembre (ANSA) - Il governo", ["Roma"], "ANSA", "Il governo"),
    ("SÃO PAULO, 26 de novembro (Lusa) - O governo", ["São Paulo"], "Lusa", "O governo"),
    ("BERLIN, 26. März 2026 (dpa) - Die Regierung", ["Berlin"], "dpa", "Die Regierung"),
    ("WIEN, 3. Jänner (APA) - Die Regierung", ["Wien"], "APA", "Die Regierung"),
    ("MAYO (Reuters) - Floods closed", ["Mayo"], "Reuters", "Floods closed"),  # a county, not Spanish "May"
    # Kyodo's and NZPA's agency after the date, Interfax's full stop, Jiji's and the press-release wires' credits
    ("TOKYO, Nov. 26 Kyodo - Japan's government", ["Tokyo"], "Kyodo", "Japan's government"),
    ("WELLINGTON, Nov 26 NZPA - The government", ["Wellington"], "NZPA", "The government"),
    ("MOSCOW. Nov 26 (Interfax) - Russia said", ["Moscow"], "Interfax", "Russia said"),
    ("TOKYO (Jiji Press)--Japan's government", ["Tokyo"], "Jiji Press", "Japan's government"),
    ("NEW YORK, Nov. 26, 2026 /PRNewswire/ -- Acme announced", ["New York"], "PRNewswire", "Acme announced"),
    ("NEW YORK--(BUSINESS WIRE)--Acme announced", ["New York"], "BUSINESS WIRE", "Acme announced"),
    # no agency, as a wire's own-language service prints it: the date before the dash makes it a dateline
    ("ROMA, 26 NOV - Il governo", ["Roma"], "", "Il governo"),
    ("MADRID, 26 nov. – El Gobierno", ["Madrid"], "", "El Gobierno"),
    ("BADEN-BADEN, 26. November 2026 - Die Regierung", ["Baden-Baden"], "", "Die Regierung"),
]
ARABIC = [
    ("حلب-سانا أنهى فريق من المتطوعين", ["حلب"], "سانا", "أنهى فريق من المتطوعين"),
    ("دمشق - سانا افتتح المتحف", ["دمشق"], "سانا", "افتتح المتحف"),
    ("دمشق/الحسكة-سانا تجاوزت", ["دمشق", "الحسكة"], "سانا", "تجاوزت"),
    ("حمص-سانا| بدأت", ["حمص"], "سانا", "بدأت"),
    ("بيروت - رويترز قال الجيش", ["بيروت"], "رويترز", "قال الجيش"),
    ("باريس (أ ف ب) - قالت الحكومة", ["باريس"], "أ ف ب", "قالت الحكومة"),
    ("بيروت، 12 كانون الثاني 2016 (رويترز) - قال", ["بيروت"], "رويترز", "قال"),
    ("القاهرة - وكالات أعلنت الوزارة", ["القاهرة"], "وكالات", "أعلنت الوزارة"),
    ("بكين (شينخوا) - أعلنت الصين", ["بكين"], "شينخوا", "أعلنت الصين"),
    ("الدوحة في 26 نوفمبر /قنا/ أعلنت الحكومة", ["الدوحة"], "قنا", "أعلنت الحكومة"),
    # Petra's and Xinhua's Arabic date with no comma and no "في"; Xinhua's credit with no dash after it
    ("عمان 26 تشرين الثاني (بترا)- أعلن الوزير", ["عمان"], "بترا", "أعلن الوزير"),
    ("بكين 26 نوفمبر 2026 (شينخوا) أطلقت الصين", ["بكين"], "شينخوا", "أطلقت الصين"),
    # Anadolu's Arabic: place, agency, between slashes
    ("أنقرة/ الأناضول أعلن الوزير", ["أنقرة"], "الأناضول", "أعلن الوزير"),
    ("تهران- ایرنا- رئیس جمهور گفت", ["تهران"], "ایرنا", "رئیس جمهور گفت"),
    ("الكويت - 26 - 11 (كونا) -- أعلن المجلس", ["الكويت"], "كونا", "أعلن المجلس"),  # KUNA's date in figures
    ("بيروت - الوكالة الوطنية للإعلام أعلن الجيش", ["بيروت"], "الوكالة الوطنية للإعلام", "أعلن الجيش"),
    ("مسقط في 26 نوفمبر /العمانية/ أعلنت الحكومة", ["مسقط"], "العمانية", "أعلنت الحكومة"),
    ("الرباط - و م ع أعلنت الحكومة", ["الرباط"], "و م ع", "أعلنت الحكومة"),
]
# Russian, Ukrainian, Chinese, Japanese and Korean agencies' own wires.
OTHER_SCRIPTS = [
    ("МОСКВА, 26 ноября. /ТАСС/. Россия продолжит", ["Москва"], "ТАСС", "Россия продолжит"),
    ("КИЇВ, Укрінформ – Президент України заявив", ["Київ"], "Укрінформ", "Президент України заявив"),
    ("МОСКВА, 26 ноя - РИА Новости. Россия продолжит", ["Москва"], "РИА Новости", "Россия продолжит"),
    ("МОСКВА, 26 ноября. /Интерфакс/ - Россия продолжит", ["Москва"], "Интерфакс", "Россия продолжит"),
    ("MOSCOW, Nov 26 - RIA Novosti. Russia will", ["Moscow"], "RIA Novosti", "Russia will"),
    # Greek: the Athens-Macedonian News Agency, its capitals and its genitive months, accented or not
    ("ΑΘΗΝΑ (ΑΠΕ) - Η κυβέρνηση", ["Αθηνα"], "ΑΠΕ", "Η κυβέρνηση"),
    ("Θεσσαλονίκη, 26 Νοεμβρίου (ΑΠΕ-ΜΠΕ) - Ο δήμαρχος", ["Θεσσαλονίκη"], "ΑΠΕ-ΜΠΕ", "Ο δήμαρχος"),
    ("ΑΘΗΝΑ, 26 ΝΟΕΜΒΡΙΟΥ (ΑΠΕ-ΜΠΕ) - Η κυβέρνηση", ["Αθηνα"], "ΑΠΕ-ΜΠΕ", "Η κυβέρνηση"),
    ("新华社北京11月26日电 第十届亚洲经济论坛周四开幕。", ["北京"], "新华社", "第十届亚洲经济论坛周四开幕。"),
    ("新华社东京11月26日电 第十届论坛在东京开幕。", ["东京"], "新华社", "第十届论坛在东京开幕。"),
    ("【東京共同】岸田文雄首相は述べた。", ["東京"], "共同", "岸田文雄首相は述べた。"),
    ("(서울=연합뉴스) 대통령은 목요일 말했다.", ["서울"], "연합뉴스", "대통령은 목요일 말했다."),
    # Hebrew, Hindi, Bengali and Thai: the agency known by name, a date in the language and its figures; a town's
    # name where there is no date, or no agency
    ("ירושלים (ynet) - הממשלה החליטה", ["ירושלים"], "ynet", "הממשלה החליטה"),
    ("תל אביב, 26 בנובמבר (רויטרס) - השרים נפגשו", ["תל אביב"], "רויטרס", "השרים נפגשו"),
    ("नयी दिल्ली, 26 नवंबर (भाषा) केंद्र सरकार ने", ["नयी दिल्ली"], "भाषा", "केंद्र सरकार ने"),
    ("मुंबई (भाषा) - सरकार ने कहा", ["मुंबई"], "भाषा", "सरकार ने कहा"),
    ("ঢাকা, ২৬ নভেম্বর, ২০২৬ (বাসস) : সরকার ঘোষণা করেছে", ["ঢাকা"], "বাসস", "সরকার ঘোষণা করেছে"),
    ("กรุงเทพฯ 26 พ.ย. - รัฐบาลประกาศ", ["กรุงเทพฯ"], "", "รัฐบาลประกาศ"),
    # Urdu papers: a town alone and a colon
    ("اسلام آباد: وزیراعظم نے کہا", ["اسلام آباد"], "", "وزیراعظم نے کہا"),
    ("لاہور:پنجاب حکومت نے", ["لاہور"], "", "پنجاب حکومت نے"),
]


@pytest.mark.parametrize(("opening", "places", "agency", "text"), ENGLISH + ARABIC + OTHER_SCRIPTS)
def test_every_wire_services_dateline_gives_its_places_and_agency(opening, places, agency, text):
    dateline = split_dateline(opening)
    assert dateline is not None, opening
    assert (dateline.places, dateline.agency, dateline.text) == (places, agency, text)


@pytest.mark.parametrize(
    ("opening", "places", "agency", "text"), ENGLISH[:3] + ENGLISH[7:9] + ENGLISH[-3:-2] + ARABIC[:3]
)
def test_a_story_takes_its_dateline_out_of_its_first_paragraph(opening, places, agency, text):
    story = parse_story(f"A headline\n\n{opening}\n\nA second paragraph.\n")
    assert (story.places, story.agency, story.paragraphs[0]) == (places, agency, text)
    record = {"headline": "A headline", "body": [opening, "A second paragraph."]}
    from_json = parse_record(record, line=1, raw="", source="feed.jsonl")
    assert (from_json.places, from_json.agency, from_json.paragraphs[0]) == (places, agency, text)


@pytest.mark.parametrize(
    "opening",
    [
        "In 2015, the UN - which had warned",
        "However, he said - without giving details - that",
        "However, NATO - the alliance - said",
        "In 2015, NATO - the alliance - said",
        "Meanwhile, in Damascus, SANA - reported",
        "Monday, AFP - reported",
        "The United Nations (UN) - which",
        "Yesterday (AFP) - reported",
        "He said (Reuters) - that",
        "He met (PTI) officials on Monday",
        "WASHINGTON (the capital) The senator said",
        "In Damascus, the ministry said - it will",
        "However, SANA reported that the talks went on.",
        "Officials met on 12 May - and agreed",
        "WASHINGTON (CORRECTED) - text",
        "WASHINGTON (Monday) - The senator said",  # a day, not a credit
        "Washington (Democrats) - The senator said",  # one word in parentheses: only after capitals
        "قال الوزير إن المحادثات - التي بدأت أمس - ستستمر",
        "وأضاف أن سانا نقلت",
        "وقالت مصادر (رويترز) إن المحادثات",  # an agency in parentheses, no dash and no date: a sentence
        "Brussels, NATO - The alliance said",
        "On 12 May - Reuters: a report",
        "Shares rose, March 3 - the index fell",  # a date, but no place before it
        "He said on March 3 AFP - reported",
        "However, on 12 May - the talks",
        "ROME, 26 NOV - 15:30 The talks",  # a dash, but no word after it
        # a day and a month in figures prove no dateline without a credit (a bet's odds); nor does a date after a
        # word that is no town's name, with no comma
        "Arsenal, 2/1 - The Gunners are favourites",
        "Rome, 3/4 - the majority voted",
        "Released 26 November (AFP) - The album",
        "Trump 26 November (AFP) - He said",
        "Zahájení 26. listopadu (ČTK) - Vláda schválila",
        # capitals that are no place: an acronym, an editor's flag, a kicker
        "NATO – The alliance said",
        "UN – The council met",
        "BREAKING: The minister resigned",
        "BREAKING NEWS – The minister resigned",
        "US-CHINA TALKS: Both sides met",
        # kickers, teams and papers in capitals are no town (the gazetteer's test), nor a town before a clause
        "FACT CHECK: Did the minister say it",
        "JUST IN: A strong earthquake",
        "REAL MADRID – The club said",
        "TEHRAN TIMES – The paper said",
        "Gaza - the ministry said",
        "NNA - President Aoun said",  # an agency's abbreviation, though a town bears it too
        # a town's name in mixed case: a person's, a club's, a speaker's as often ("Nancy: Pelosi said")
        "Dubai, UAE – The company said",
        "Washington, DC - Lawmakers said",
        "Nancy: Pelosi said",
        "Liverpool: Klopp said",
        "Ali: I was born in Aleppo",
        "Victoria — Beckham launched",
        # capitals before a lower-case clause or a subhead in capitals
        "TOYOTA – the carmaker said",
        "MOSCOW: A NEW ERA BEGINS",
        "SPA - The kingdom announced",
        "Вашингтон, США - Президент сказал",
        "Ουάσινγκτον, ΗΠΑ - Ο πρόεδρος είπε",
        "新华社记者在北京报道说",
        "他说新华社北京电",
        # Hebrew, Hindi, Bengali, Thai and Urdu sentences: a place and a dash with no agency and no date, words and a
        # known credit (Hindi's "भाषा" is "language" too) with no date and no town, a date with no dash or credit
        "ירושלים - העירייה הודיעה היום על תוכנית חדשה",
        "השר אמר (ynet) - כי התוכנית תאושר",
        "ב-26 בנובמבר - נפגשו השרים",
        "दिल्ली में 26 नवंबर को बैठक हुई।",
        "उन्होंने कहा कि हिंदी (भाषा) - जो सबसे पुरानी है",
        "हिंदी (भाषा) को बढ़ावा देने के लिए",
        "সরকার ২৬ নভেম্বর ঘোষণা করেছে।",
        "ঢাকায় আজ (বাসস) সরকার ঘোষণা করেছে",
        "เมื่อวันที่ 26 พ.ย. - รัฐบาลประกาศ",
        "กรุงเทพฯ - รัฐบาลประกาศ",
        "وزیراعظم: ہم نے فیصلہ کیا ہے",  # a speaker, no town
        "القاهرة: أعلنت الحكومة",  # a town and a colon: only in Urdu
    ],
)
def test_an_ordinary_sentence_is_not_mistaken_for_a_dateline(opening):
    assert split_dateline(opening) is None
    story = parse_story(f"A headline\n\n{opening}\n")
    assert (story.places, story.agency, story.paragraphs) == ([], "", [opening])


@pytest.mark.parametrize(
    ("opening", "authors", "text"),
    [
        ("新华社东京11月26日电（记者 张三）论坛开幕。", ("张三",), "论坛开幕。"),
        ("新华社北京11月26日电（记者张三、李四）论坛开幕。", ("张三", "李四"), "论坛开幕。"),
        ("(서울=연합뉴스) 홍길동 기자 = 대통령은 말했다.", ("홍길동",), "대통령은 말했다."),
        ("(서울=연합뉴스) 홍길동 김철수 기자 = 대통령은 말했다.", ("홍길동", "김철수"), "대통령은 말했다."),
        ("(서울=연합뉴스) 대통령은 목요일 말했다.", (), "대통령은 목요일 말했다."),
        # traditional characters; Taiwan's CNA, its reporter inside its dateline; Yonhap's correspondent abroad
        ("新華社北京11月26日電（記者張三、李四）國務院今天召開會議。", ("張三", "李四"), "國務院今天召開會議。"),
        ("（中央社記者王小明台北26日電）行政院今天通過預算。", ("王小明",), "行政院今天通過預算。"),
        ("（中央社台北26日電）行政院今天通過預算。", (), "行政院今天通過預算。"),
        ("(도쿄=연합뉴스) 김철수 특파원 = 일본 정부는 발표했다.", ("김철수",), "일본 정부는 발표했다."),
    ],
)
def test_the_reporters_chinese_and_korean_agencies_name_after_the_dateline_are_its_authors(opening, authors, text):
    dateline = split_dateline(opening)
    assert (dateline.authors, dateline.text) == (authors, text)


def test_a_xinhua_story_gets_its_reporter_as_author():
    story = parse_story("东京经济论坛开幕\n\n新华社东京11月26日电（记者 张三）第十届亚洲经济论坛周四在东京开幕。\n")
    assert (story.places, story.agency, story.authors) == (["东京"], "新华社", ["张三"])
    assert story.paragraphs[0] == "第十届亚洲经济论坛周四在东京开幕。"


def test_anadolus_arabic_dateline_names_its_reporter_between_place_and_agency():
    story = parse_story("عنوان الخبر\n\nإسطنبول/ أحمد يلماز/ الأناضول\n\nأعلن الوزير اليوم.\n\nوأضاف.\n")
    assert (story.places, story.agency, story.authors) == (["إسطنبول"], "الأناضول", ["أحمد يلماز"])
    assert story.paragraphs == ["أعلن الوزير اليوم.", "وأضاف."]


def test_a_paragraph_in_the_middle_of_a_story_that_opens_like_a_dateline_stays_as_it_is():
    story = parse_story(
        "כותרת\n\nהממשלה החליטה היום על תוכנית חדשה.\n\nירושלים - העירייה הודיעה על תמיכה.\n\n"
        "ירושלים (ynet) - הודעה נוספת.\n"
    )
    assert (story.places, story.agency) == ([], "")
    assert story.paragraphs[1:] == ["ירושלים - העירייה הודיעה על תמיכה.", "ירושלים (ynet) - הודעה נוספת."]


def test_a_bengali_story_from_bss_gives_its_place_and_agency_and_drops_its_sign_off():
    text = "শিরোনাম\n\nঢাকা, ২৬ নভেম্বর, ২০২৬ (বাসস) : সরকার আজ ঘোষণা করেছে।\n\nদ্বিতীয় অনুচ্ছেদ।\n\nবাসস/এমএইচ/১৫৩০ ঘণ্টা\n"
    story = parse_story(text)
    assert (story.places, story.agency, story.language) == (["ঢাকা"], "বাসস", "bn")
    assert story.paragraphs == ["সরকার আজ ঘোষণা করেছে।", "দ্বিতীয় অনুচ্ছেদ।"]
    record = {"headline": "শিরোনাম", "body": text.split("\n\n")[1:]}
    from_json = parse_record(record, line=1, raw="", source="feed.jsonl")
    assert (from_json.places, from_json.agency, from_json.paragraphs) == (story.places, story.agency, story.paragraphs)
