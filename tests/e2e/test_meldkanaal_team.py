"""The meldpunt's own pages in the admin, in a browser: list, case file, oral report, counts.

Each page has no WCAG 2.1 A/AA violations and no sideways scrolling at 1280 and 375 px; on a
phone the list's table scrolls within itself and the case file's log fits.
"""

import datetime

import pytest

from tests.e2e.helpers import DESKTOP, MOBILE, assert_no_axe_violations, horizontal_overflow

pytestmark = pytest.mark.e2e

PAGES = {
    "lijst": "/admin/meldkanaal/melding/",
    "zoeken-zonder-resultaat": "/admin/meldkanaal/melding/?q=bestaat-niet",
    "mondeling": "/admin/meldkanaal/mondeling/",
    "cijfers": "/admin/meldkanaal/statistiek/",
}


def _first_case_url(page) -> str:
    page.goto(PAGES["lijst"])
    return page.get_by_role("link", name="Openen").first.get_attribute("href")


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1280", "375"])
def test_team_pages_are_accessible_and_fit(browsing, viewport):
    page = browsing.new_page("meldpunt", viewport=viewport)
    for name, url in {**PAGES, "dossier": _first_case_url(page)}.items():
        page.goto(url)
        page.locator("h1").first.wait_for()
        assert horizontal_overflow(page) == 0, f"{name} scrolls sideways at {viewport['width']}"
        assert_no_axe_violations(page, f"{name} at {viewport['width']} px")


def test_search_without_result_leads_back_to_the_list(browsing):
    page = browsing.new_page("meldpunt")
    page.goto(PAGES["lijst"])
    search = page.get_by_placeholder("Zoek meldingen")
    search.fill("bestaat-niet")
    search.press("Enter")
    page.get_by_text("Geen melding gevonden met ‘bestaat-niet’").wait_for()
    page.get_by_role("link", name="Alle meldingen tonen").click()
    page.get_by_role("link", name="Openen").first.wait_for()


def test_oral_report_refuses_a_missing_name_and_keeps_the_rest(browsing):
    page = browsing.new_page("meldpunt", viewport=MOBILE)
    page.goto(PAGES["mondeling"])
    page.get_by_label("Hoe kwam de melding binnen?").select_option("telefoon")
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page.get_by_label("Datum van het telefoongesprek of gesprek").fill(yesterday.isoformat())
    page.get_by_label("Waar gaat de melding over?").select_option("misstand")
    page.get_by_label("Hoe wil de melder melden?").select_option("genoemd")
    page.get_by_label("Wat is er gebeurd?").fill("Verslag van het telefoongesprek.")
    page.get_by_role("button", name="Melding vastleggen").click()
    page.get_by_text("Vul de naam van de melder in").wait_for()
    assert page.get_by_label("Wat is er gebeurd?").input_value() == (
        "Verslag van het telefoongesprek."
    )
    assert horizontal_overflow(page) == 0
    assert_no_axe_violations(page, "mondeling met fout")


def test_case_file_log_fits_a_phone(browsing):
    page = browsing.new_page("meldpunt", viewport=MOBILE)
    page.goto(_first_case_url(page))
    log = page.locator(".meldkanaal-tabel")
    log.wait_for()
    assert log.evaluate("el => el.scrollWidth - el.clientWidth") <= 1
