"""The kennisbank in a real browser: the code of conduct and its versions, whom to talk to,
and every page type checked with axe, at 320 px and with text at 200 %."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.helpers import check_page_type, follow, main_text, tab_to

pytestmark = pytest.mark.e2e


def test_code_of_conduct_versions_and_compare(browsing):
    """Journey 1: from home to the code in force, the 2016 version, and the two compared.

    Keyboard only: Tab, Enter and typing in the version choosers.
    """
    page = browsing.new_page("medewerker")
    page.goto("/")
    follow(page, page.get_by_role("link", name="Gedragscode en regels").first)
    page.get_by_role("heading", level=1, name="Gedragscode en regels").wait_for()
    check_page_type(page, "onderwerp")

    follow(page, page.get_by_role("link", name="Gedragscode ambtelijke integriteit"))
    page.get_by_role("heading", level=1, name="Gedragscode ambtelijke integriteit").wait_for()
    text = main_text(page)
    in_force = re.search(
        r"Versie (\S+)\. Vastgesteld door .+ op .+, in werking sinds .+\. Status: in werking", text
    )
    assert in_force, f"the version in force is not stated on the page:\n{text[:1500]}"
    current = in_force.group(1)
    assert current != "2016"
    assert "Artikel 1" in text
    check_page_type(page, "beleidsdocument")

    follow(page, page.get_by_role("link", name="Bekijk alle versies en vergelijk ze"))
    page.get_by_role("heading", level=1, name=re.compile("^Versies van")).wait_for()
    row_2016 = page.get_by_role("row").filter(has=page.get_by_role("link", name="2016", exact=True))
    assert "Vervallen" in row_2016.inner_text()
    check_page_type(page, "beleidsdocument-versies")

    follow(page, row_2016.get_by_role("link", name="2016", exact=True))
    page.get_by_role("heading", level=1, name=re.compile("versie 2016")).wait_for()
    assert "Je bekijkt een oude versie" in main_text(page)
    assert "Status: vervallen" in main_text(page)
    check_page_type(page, "beleidsdocument-oude-versie")

    follow(page, page.get_by_role("link", name="Bekijk alle versies en vergelijk ze"))
    for label, version in (("Oude versie", "2016"), ("Nieuwe versie", current)):
        chooser = page.get_by_label(label)
        tab_to(page, chooser)
        page.keyboard.type(version)  # a closed select picks the option typed
        chosen = chooser.evaluate("el => el.options[el.selectedIndex].text")
        assert chosen == version, f"{label}: typed {version!r}, chosen {chosen!r}"
    tab_to(page, page.get_by_role("button", name="Vergelijk"))
    page.keyboard.press("Enter")
    page.get_by_role(
        "heading", level=1, name=re.compile(f"versie 2016 en {re.escape(current)} vergeleken")
    ).wait_for()
    text = main_text(page)
    # Changes are marked in words, not only by colour.
    assert "verwijderd:" in text
    assert "toegevoegd:" in text
    assert re.search(r"Artikel \d+ .+ \((veranderd|nieuw artikel)\)", text)
    check_page_type(page, "beleidsdocument-vergelijken")


def test_vertrouwenspersoon_ongewenst_gedrag_in_two_clicks(browsing):
    """Journey 2: someone to talk to about bullying, at most two clicks (here: Enters) from home."""
    page = browsing.new_page("medewerker")
    page.goto("/")
    follow(page, page.get_by_role("link", name="Bekijk de vertrouwenspersonen en het meldpunt"))
    page.get_by_role("heading", level=1, name="Met wie kan ik praten?").wait_for()
    follow(page, page.get_by_role("link", name="Vertrouwenspersoon ongewenst gedrag"))

    section = page.get_by_role("region", name="Vertrouwenspersoon ongewenst gedrag")
    heading = section.get_by_role("heading", level=2, name="Vertrouwenspersoon ongewenst gedrag")
    heading.wait_for()
    assert heading.is_visible()
    # The jump to the fragment may land a moment after the URL changed: wait for it.
    try:
        page.wait_for_function("() => window.scrollY > 0", timeout=5_000)
    except PlaywrightTimeoutError:
        raise AssertionError("the link should jump to the section") from None
    assert re.search(r"pesten", section.inner_text(), re.IGNORECASE)
    people = section.get_by_role("list", name=re.compile("contactpersonen"))
    assert people.get_by_role("listitem").count() >= 1
    assert people.get_by_role("link", name=re.compile(r"^0\d")).count() >= 1, "a phone number"
    page.evaluate("() => window.scrollTo(0, 0)")
    check_page_type(page, "contactpersonen")


@pytest.mark.parametrize(
    ("name", "links"),
    [
        ("e-learning", ["Leren en oefenen", "E-learning morele oordeelsvorming"]),
        ("nieuwsbericht", ["Nieuwe gedragscode vanaf 1 januari 2027"]),
        ("nieuws", ["Nieuwe gedragscode vanaf 1 januari 2027", "Nieuws"]),
        ("toegankelijkheidsverklaring", ["Toegankelijkheid"]),
    ],
)
def test_page_type(browsing, name, links):
    """Every page type, reached from home by its links: axe, 320 px, 200 % text, screenshots."""
    page = browsing.new_page("medewerker")
    page.goto("/")
    for link in links:
        before = page.url
        page.get_by_role("link", name=link, exact=True).first.click()
        page.wait_for_url(lambda url, before=before: url != before)
        page.get_by_role("heading", level=1).wait_for()
    assert main_text(page).strip()
    check_page_type(page, name)
