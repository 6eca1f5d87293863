"""The foundation in a real browser: login, home, 404, search; skip link, reflow, zoom, axe."""

import re

import pytest

from tests.e2e.helpers import assert_focus_visible, check_page_type

pytestmark = pytest.mark.e2e


def test_login_page_then_home(page, live_site):
    """An employee opens the plein, is asked to log in, and lands on the home page."""
    page.goto("/")
    assert "/inloggen/" in page.url
    page.get_by_role("heading", level=1, name="Inloggen op het Integriteitsplein").wait_for()
    check_page_type(page, "inloggen")

    page.get_by_label("Gebruikersnaam").fill("medewerker")
    page.get_by_label("Wachtwoord").fill("integriteit")
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("heading", level=1, name="Integriteitsplein").wait_for()
    assert page.url == live_site.url + "/"
    assert page.get_by_role("button", name="Uitloggen").is_visible()
    check_page_type(page, "home")


def test_skip_link_moves_focus_to_the_content(browsing):
    page = browsing.new_page("medewerker")
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Naar de inhoud"
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    assert skip_link.is_visible(), "the skip link must become visible when it has focus"

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
    # The next Tab continues inside the content, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main, footer') !== null")


def test_not_found_page(browsing):
    page = browsing.new_page("medewerker")
    response = page.goto("/deze-pagina-bestaat-echt-niet/")
    assert response.status == 404
    page.get_by_role("heading", level=1, name="Deze pagina bestaat niet (meer)").wait_for()
    assert page.get_by_role("link", name="zoeken").is_visible()
    check_page_type(page, "niet-gevonden")


def test_search_without_results(browsing):
    page = browsing.new_page("medewerker")
    page.goto("/zoeken/?q=xyzzyquux")
    page.get_by_text(re.compile("Niets gevonden")).wait_for()
    check_page_type(page, "zoeken-zonder-resultaten")


def test_search_with_results(browsing):
    page = browsing.new_page("medewerker")
    page.goto("/")
    box = page.get_by_role("combobox", name="Zoeken op het Integriteitsplein")
    box.fill("geschenken")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=geschenken"))
    summary = re.compile(r"\d+ (resultaat|resultaten) voor")
    page.get_by_role("status").filter(has_text=summary).wait_for()
    hit = page.get_by_role("main").get_by_role("link", name="Regeling geschenken en uitnodigingen")
    assert hit.count() == 1
    check_page_type(page, "zoeken-met-resultaten")


def test_login_errors_are_announced_and_values_kept(page):
    """A form with errors: the summary is an alert, gets focus, and the typed name stays."""
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("medewerker")
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_label("Wachtwoord").press("Enter")

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Inloggen lukte niet" in alert.inner_text()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "alert"
    assert page.get_by_label("Gebruikersnaam").input_value() == "medewerker"
    check_page_type(page, "inloggen-met-fouten")


@pytest.mark.parametrize(("username", "path"), [("medewerker", "/"), (None, "/melden/")])
def test_focus_is_visible_on_every_control(browsing, username, path):
    """Tab through the whole page: every control that gets focus shows it (WCAG 2.4.7)."""
    page = browsing.new_page(username)
    page.goto(path)
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        current = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e === document.body ? null : e.outerHTML.slice(0, 120); }"
        )
        if current is None or current in seen[:1]:
            break
        seen.append(current)
        assert_focus_visible(page)
    assert len(seen) >= 5, f"only {len(seen)} controls reachable with Tab on {path}"


def test_menu_folds_on_a_phone_and_opens_by_keyboard(browsing):
    """At 375 px the main menu sits behind a button, so the page starts on the first screen."""
    page = browsing.new_page("medewerker")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    button = page.get_by_role("button", name="Menu")
    assert not menu.is_visible()
    assert page.get_by_role("heading", level=1).bounding_box()["y"] < 250

    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="Gedragscode en regels").is_visible()
    assert menu.get_by_role("button", name="Uitloggen").is_visible()
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Menu"

    page.set_viewport_size({"width": 1280, "height": 800})
    assert menu.is_visible() and not button.is_visible()
