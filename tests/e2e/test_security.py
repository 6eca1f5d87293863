"""Security in a real browser: the second step before every case URL, a code used once."""

import re

import pytest

from tests.e2e.helpers import DEMO_PASSWORD, assert_no_axe_violations, login, totp_code

pytestmark = pytest.mark.e2e

CASE_LIST = "/admin/meldkanaal/melding/"


def _password_only(page, username: str) -> None:
    """The first step only: the password, on the intranet's login page."""
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def test_case_urls_ask_the_second_step_and_a_used_code_is_refused(browsing):
    # Someone who knows the case's address (the team's e-mail links to it).
    team = browsing.new_page("meldpunt")
    team.goto(CASE_LIST)
    case_url = team.get_by_role("link", name="Openen").first.get_attribute("href")

    # A fresh session with the password only: the case file asks for the code first.
    first = browsing.new_page()
    _password_only(first, "meldpunt")
    first.goto(case_url)
    assert re.search(r"/inloggen/tweede-stap/\?next=", first.url)
    first.get_by_role("heading", level=1, name="Tweede stap: je code").wait_for()
    assert_no_axe_violations(first, "tweede stap")
    code = totp_code("meldpunt")
    first.get_by_label("Code").fill(code)
    first.get_by_role("button", name="Controleren").click()
    first.wait_for_url(lambda url: url.endswith(case_url))
    first.locator("h1").first.wait_for()
    assert "/inloggen/" not in first.url

    # Someone who saw that code types it in another session: refused, the case stays shut.
    thief = browsing.new_page()
    _password_only(thief, "meldpunt")
    thief.goto(case_url)
    thief.get_by_label("Code").fill(code)
    thief.get_by_role("button", name="Controleren").click()
    summary = thief.get_by_role("alert")
    summary.get_by_text("Deze code klopt niet of is al gebruikt").wait_for()
    assert thief.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    assert thief.get_by_label("Code").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(thief, "tweede stap met fout")
    thief.goto(case_url)
    assert "/inloggen/tweede-stap/" in thief.url


def test_admin_login_then_second_step(browsing):
    """The Wagtail login, then the code, then the dashboard (the admin account)."""
    page = browsing.new_page()
    page.goto("/admin/")
    page.get_by_label("Gebruikersnaam").fill("admin")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("Inloggen|Aanmelden")).click()
    page.wait_for_url(re.compile(r"/inloggen/tweede-stap/"))
    page.get_by_label("Code").fill(totp_code("admin"))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(lambda url: url.endswith("/admin/"))
    # The helper's login does the same for every journey of the meldpunt and the admin.
    other = browsing.new_page()
    login(other, "admin")
    other.goto("/admin/")
    assert other.url.endswith("/admin/")
