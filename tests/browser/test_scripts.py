"""Stories in Hindi, Bengali, Thai, Hebrew, Persian and Urdu in a real browser on a phone: nothing clipped, nothing
wider than the page."""

import pytest

from tests.browser.test_reading import OVERFLOW
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINES = {
    "hi": "प्रधानमंत्री ने नई शिक्षा नीति की घोषणा की और राज्यों से सुझाव मांगे",
    "bn": "প্রধানমন্ত্রী নতুন শিক্ষানীতি ঘোষণা করলেন এবং রাজ্যগুলির পরামর্শ চাইলেন",
    # Thai writes no space between words: this is one unbroken run of 80 letters and marks.
    "th": "นายกรัฐมนตรีประกาศนโยบายการศึกษาใหม่ในกรุงเทพมหานครวันนี้และขอความคิดเห็นจากทุกจังหวัดทั่วประเทศไทย",
    "he": "ראש הממשלה הכריז על מדיניות חינוך חדשה וביקש הצעות מכל המחוזות",
    "fa": "نخست‌وزیر سیاست آموزشی تازه را اعلام کرد و از استان‌ها پیشنهاد خواست",
    "ur": "وزیراعظم نے نئی تعلیمی پالیسی کا اعلان کیا اور صوبوں سے تجاویز مانگیں",
}

# Each heading's line height to its font size, and whether it or an ancestor clips what stands past its box.
HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4')].filter(h => h.closest('[lang]').lang !== 'en')
    .map(heading => {
        const style = getComputedStyle(heading);
        let clipped = false;
        for (let element = heading; element; element = element.parentElement) {
            const overflow = getComputedStyle(element).overflowY;
            if (overflow === 'hidden' || overflow === 'clip') clipped = true;
        }
        return {lang: heading.closest('[lang]').lang, text: heading.textContent.trim().slice(0, 20),
                ratio: parseFloat(style.lineHeight) / parseFloat(style.fontSize), clipped};
    })"""


@pytest.fixture
def stories():
    return {code: make_article(headline, language=code, summary=headline) for code, headline in HEADLINES.items()}


def test_headlines_with_marks_above_and_below_the_line_have_room_for_them(page, live_server, stories):
    # A headline's line height was 1.25 (h1) and 1.3 (h2): Devanagari's and Bengali's vowel signs, Thai's tone marks
    # over its vowels and Urdu's dots reach past such a line into the next one on a two-line headline. Arabic
    # had 1.9 (:lang(ar)); Persian and Urdu headlines, not lang="ar", kept 1.25.
    page.set_viewport_size({"width": 360, "height": 800})
    for path in ["/", *(story.get_absolute_url() for story in stories.values())]:
        page.goto(live_server.url + path)
        headings = page.evaluate(HEADINGS)
        assert headings, path
        for heading in headings:
            assert heading["ratio"] >= 1.5 and not heading["clipped"], (path, heading)


def test_a_thai_headline_a_german_compound_and_an_address_never_widen_a_phones_page(page, live_server, stories):
    german = make_article(
        "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetzänderungsverordnung tritt in Kraft"
    )
    address = make_article("Die Seite https://example.org/" + "verzeichnis/" * 8 + " ist neu", language="de")
    page.set_viewport_size({"width": 360, "height": 800})
    paths = [
        "/",
        "/search/?q=%E0%B8%99%E0%B8%B2%E0%B8%A2%E0%B8%81%E0%B8%A3%E0%B8%B1%E0%B8%90%E0%B8%A1%E0%B8%99%E0%B8%95%E0%B8%A3%E0%B8%B5",
    ]
    for path in [*paths, stories["th"].get_absolute_url(), german.get_absolute_url(), address.get_absolute_url()]:
        page.goto(live_server.url + path)
        measured = page.evaluate(OVERFLOW)
        assert measured["scrollWidth"] <= measured["clientWidth"], (path, measured)
