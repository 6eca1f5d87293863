"""Search in a real browser: the box on every page suggests as you type, filters, a PDF hit."""

import re
from pathlib import Path

import pytest

from tests.e2e.helpers import (
    assert_no_axe_violations,
    check_page_type,
    follow,
    main_text,
    tab_to,
)

pytestmark = pytest.mark.e2e

DOCUMENT_TITLE = "Jaarverslag meldpunt 2025"
DOCUMENT_TEXT = "Het meldpunt ontving in 2025 tweeenveertig meldingen over zakelijke integriteit."


def make_pdf(text: str) -> bytes:
    """A one-page PDF whose text a PDF reader (and pypdf) can extract."""
    content = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def uploaded_pdf(browsing, tmp_path):
    """A redacteur uploads a PDF through the admin and gives it a title."""
    path = tmp_path / "jaarverslag-meldpunt-2025.pdf"
    path.write_bytes(make_pdf(DOCUMENT_TEXT))
    editor = browsing.new_page("redacteur")
    editor.goto("/admin/")
    editor.get_by_role("link", name="Documenten", exact=True).click()
    editor.get_by_role("link", name="Voeg een document toe").first.click()
    with editor.expect_file_chooser() as chooser:
        # Wagtail lays the (invisible) file input over its button; a click opens the chooser.
        editor.get_by_role("button", name="Of kies vanaf je computer").click(force=True)
    chooser.value.set_files(str(path))
    editor.get_by_text("Upload is gelukt.").wait_for()
    editor.get_by_role("textbox", name="Titel*").fill(DOCUMENT_TITLE)
    editor.get_by_role("button", name="Bijwerken").click()
    editor.get_by_role("button", name="Bijwerken").wait_for(state="detached")
    return DOCUMENT_TITLE


def test_search_with_autocomplete_filter_and_pdf_hit(browsing, uploaded_pdf):
    """Journey 6: suggestions while typing on the home page, filter by type, open a PDF."""
    page = browsing.new_page("medewerker")
    page.goto("/")
    box = page.get_by_role("combobox", name="Zoeken op het Integriteitsplein")
    box.press_sequentially("jaarverslag", delay=30)

    suggestions = page.get_by_role("listbox", name="Suggesties")
    suggestions.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    # The option's name reads "title, type" (a hidden comma for the pause).
    option = suggestions.get_by_role("option", name=re.compile(rf"^{uploaded_pdf}\s*, Document$"))
    option.wait_for()
    page.get_by_role("status").filter(has_text=re.compile(r"suggestie")).wait_for(state="attached")
    assert_no_axe_violations(page, "home met zoeksuggesties")

    # Arrow keys move through the suggestions; Escape closes them; Enter searches.
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=jaarverslag"))
    assert page.get_by_role("combobox", name="Waar zoek je naar?").input_value() == "jaarverslag"

    filters = page.get_by_role("navigation", name="Soort")
    follow(page, filters.get_by_role("link", name=re.compile(r"^Document \(\d+\)")))
    assert "type=document" in page.url
    current = filters.get_by_role("link", name="Document")
    assert current.get_attribute("aria-current") == "true"
    text = main_text(page)
    assert uploaded_pdf in text
    assert "tweeenveertig" in text, "the hit shows a snippet of the PDF's own text"
    assert re.search(r"PDF, \d+ (bytes|kB)", text), "the hit says what kind of file, how big"
    assert re.search(r"1 resultaat voor ‘jaarverslag’", text), "only the document is left"
    check_page_type(page, "zoeken-gefilterd")

    # The hit downloads the PDF: editors' documents are always served as attachments
    # (Wagtail's serve view, with its CSP), never opened inline from the intranet's origin.
    with page.expect_download() as download_info:
        tab_to(page, page.get_by_role("link", name=uploaded_pdf))
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")


def test_suggestions_say_when_there_are_none_and_escape_empties_the_box(browsing):
    page = browsing.new_page("medewerker")
    page.goto("/")
    box = page.get_by_role("combobox", name="Zoeken op het Integriteitsplein")
    box.press_sequentially("qqqq", delay=30)

    # Seen as well as announced: nothing for these letters.
    shown = page.locator("p").filter(has_text="Geen suggesties voor ‘qqqq’. Druk op Enter")
    shown.wait_for()
    status = page.get_by_role("status").filter(has_text="Geen suggesties voor ‘qqqq’")
    status.wait_for(state="attached")
    assert box.get_attribute("aria-expanded") == "false"

    box.press("Escape")
    assert box.input_value() == ""
    assert not shown.is_visible()


def test_a_typo_shows_the_results_for_the_word_meant(browsing):
    page = browsing.new_page("medewerker")
    page.goto("/zoeken/?q=vertrouwenpersoon")

    text = main_text(page)
    assert "Niets gevonden voor ‘vertrouwenpersoon’. Je ziet de resultaten voor" in text
    assert "‘vertrouwenspersoon’" in text
    results = page.get_by_role("list").filter(has=page.get_by_role("heading", level=3))
    assert results.get_by_role("link", name="Melden en vertrouwenspersonen").count() == 1
    check_page_type(page, "zoeken-verbeterd")

    page.goto("/zoeken/?q=de+het+een")
    text = main_text(page)
    assert "Je zocht alleen op kleine woorden" in text
    follow(page, page.get_by_role("main").get_by_role("link", name="Met wie kan ik praten?"))
    assert page.get_by_role("heading", level=1).inner_text() == "Met wie kan ik praten?"


def test_a_promoted_result_is_the_first_suggestion(browsing):
    """The demo promotes "Iets melden" for "melden": it also leads for "meldingen"."""
    page = browsing.new_page("medewerker")
    page.goto("/")
    box = page.get_by_role("combobox", name="Zoeken op het Integriteitsplein")
    box.press_sequentially("meldingen", delay=30)

    suggestions = page.get_by_role("listbox", name="Suggesties")
    promoted = suggestions.get_by_role(
        "option", name=re.compile(r"^Iets melden\s*, Tip van de redactie$")
    )
    promoted.wait_for()
    assert suggestions.get_by_role("option").first.inner_text() == promoted.inner_text()

    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/melden/$"))


PHONE = {"width": 375, "height": 667}

# The words of each suggestion's title that the browser broke over two lines.
SPLIT_WORDS = """() => [...document.querySelectorAll('.search-autocomplete__title')].map(el => {
    const node = el.firstChild, split = [], words = /\\S+/g;
    let m;
    while ((m = words.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length > 1) split.push(m[0]);
    }
    return split;
}).flat()"""


def test_on_a_phone_the_results_come_first_and_the_filters_after(browsing):
    page = browsing.new_page("medewerker", viewport=PHONE)
    page.goto("/zoeken/?q=geschenk")

    first = page.locator(".search-result").first.bounding_box()
    assert first["y"] < PHONE["height"], "the first result starts on the first screen"
    filters = page.get_by_role("complementary", name="Filteren")
    assert filters.bounding_box()["y"] > first["y"]
    # "Filteren" at the top jumps to them; choosing one keeps working.
    follow(page, page.get_by_role("link", name="Filteren", exact=True))
    assert page.url.endswith("#filters")
    follow(page, filters.get_by_role("link", name=re.compile(r"^Regeling \(\d+\)")))
    assert "type=regeling" in page.url
    page.get_by_role("link", name="Filteren (1 filter aan)").wait_for()
    assert_no_axe_violations(page, "zoeken op een telefoon")

    wide = browsing.new_page("medewerker")
    wide.goto("/zoeken/?q=geschenk")
    side = wide.get_by_role("complementary", name="Filteren").bounding_box()
    results = wide.locator(".search-results-area").bounding_box()
    assert side["x"] < results["x"], "on a wide screen the filters stand to the left"
    assert not wide.get_by_role("link", name="Filteren", exact=True).is_visible()


def test_suggestions_on_a_phone_keep_words_whole(browsing):
    page = browsing.new_page("medewerker", viewport=PHONE)
    page.goto("/")
    box = page.get_by_role("combobox", name="Zoeken op het Integriteitsplein")
    box.press_sequentially("vertrouwensperson", delay=30)

    option = page.get_by_role("option", name=re.compile(r"^Melden en vertrouwenspersonen"))
    option.wait_for()
    assert page.evaluate(SPLIT_WORDS) == []


GAP_BELOW_JS = """([above, below]) => {
    const a = document.querySelector(above).getBoundingClientRect();
    const b = document.querySelector(below).getBoundingClientRect();
    return Math.round(b.top - a.bottom);
}"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE])
def test_headings_on_the_search_page_do_not_sit_on_the_text_below(browsing, viewport):
    """The theme gives headings no margin: 'Zoeken' touched its label and 'Filteren' the
    heading 'Soort' (0 px), unlike the kennisbank's pages."""
    page = browsing.new_page("medewerker", viewport=viewport)
    page.goto("/zoeken/?q=geschenk")

    pairs = [
        ("main h1", "label[for=zoekterm]"),
        ("#filter-kop", "#filter-soort"),
    ]
    for above, below in pairs:
        gap = page.evaluate(GAP_BELOW_JS, [above, below])
        assert gap >= 8, f"{below} sits {gap} px under {above}"

    page.goto("/zoeken/?q=zzqqxx")
    gap = page.evaluate(GAP_BELOW_JS, [".search-empty__links", ".search-empty h3"])
    assert gap >= 16, f"'Of kijk per onderwerp' sits {gap} px under the links"
