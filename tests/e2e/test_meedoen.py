"""Polls in a browser: vote once from the home page, a second vote refused, the result shown."""

import pytest

from tests.e2e.helpers import DESKTOP, MOBILE, assert_no_axe_violations, check_page_type, main_text

pytestmark = pytest.mark.e2e

QUESTION = "Weet jij bij wie je terechtkunt als je twijfelt over een geschenk?"


def check_new_page_type(page, name: str) -> None:
    check_page_type(page, name)
    page.set_viewport_size(MOBILE)
    assert_no_axe_violations(page, f"{name} at 375 px")
    page.set_viewport_size(DESKTOP)


def test_vote_once_and_see_the_result(browsing):
    employee = browsing.new_page("medewerker")
    # A second tab, opened before voting: its form goes stale.
    stale = browsing.new_page("medewerker")
    stale.goto("/meedoen/")
    check_new_page_type(stale, "meedoen-peiling-open")

    employee.goto("/")
    poll = employee.get_by_role("region", name=QUESTION)
    poll.get_by_label("Ja, bij de integriteitscoördinator").check()
    poll.get_by_role("button", name="Stem").click()
    employee.get_by_text("Dank je wel! Je stem is geteld.").wait_for()

    poll = employee.get_by_role("region", name=QUESTION)
    assert poll.get_by_role("button", name="Stem").count() == 0
    rows = {
        row.get_by_role("rowheader").inner_text(): row.get_by_role("cell").inner_text()
        for row in poll.get_by_role("row").all()
        if row.get_by_role("rowheader").count()
    }
    assert rows == {
        "Ja, bij mijn leidinggevende": "23",
        "Ja, bij de integriteitscoördinator": "12",
        "Nee, dat weet ik niet": "*",
        "Ik krijg nooit geschenken": "<5",
    }
    assert poll.get_by_role("img").count() == 1  # the bar chart, named by its title
    assert_no_axe_violations(employee, "home with a poll result")

    # The stale form: the second vote is refused and nothing is counted.
    stale_poll = stale.get_by_role("region", name=QUESTION)
    stale_poll.get_by_label("Nee, dat weet ik niet").check()
    stale_poll.get_by_role("button", name="Stem").click()
    stale.get_by_role("heading", level=1, name="Stemmen niet gelukt").wait_for()
    assert "Je hebt al gestemd op deze peiling" in main_text(stale)
    check_new_page_type(stale, "meedoen-stem-geweigerd")

    stale.get_by_role("link", name="Terug naar de pagina").click()
    stale_poll = stale.get_by_role("region", name=QUESTION)
    assert "Je hebt gestemd." in stale_poll.inner_text()
    assert "12" in stale_poll.get_by_role("table").inner_text()
    check_new_page_type(stale, "meedoen-peiling-uitslag")


def test_closed_poll_shows_its_result(browsing):
    employee = browsing.new_page("meldpunt")
    employee.goto("/meedoen/")
    poll = employee.get_by_role("region", name="Hoe vond je de Week van de integriteit?")
    assert "Dit is de uitslag" in poll.inner_text()
    assert poll.get_by_role("button", name="Stem").count() == 0


def test_play_a_dilemma_alone_and_together(browsing):
    employee = browsing.new_page("redacteur")
    employee.goto("/meedoen/")
    employee.get_by_role("link", name="Dilemmaspel").first.click()
    employee.get_by_role("heading", level=1, name="Dilemmaspel").wait_for()
    check_new_page_type(employee, "dilemmaspel")

    employee.get_by_role("link", name="De kaartjes voor de wedstrijd").click()
    check_new_page_type(employee, "dilemma-kiezen")
    employee.get_by_label("Ik sla ze vriendelijk af").check()
    employee.get_by_role("button", name="Kies").click()
    employee.get_by_role("heading", name="Zo kozen collega's").wait_for()
    result = employee.get_by_role("region", name="Zo kozen collega's")
    assert "32" in result.get_by_role("table").inner_text()  # 31 colleagues and this one
    assert "<5" in result.get_by_role("table").inner_text()
    assert "Je neemt geen geschenken of uitnodigingen aan" in main_text(employee)
    check_new_page_type(employee, "dilemma-uitslag")

    # Together on one screen: step through without choosing anything.
    employee.goto("/meedoen/dilemmaspel/")
    employee.get_by_role("link", name="Start samen spelen").click()
    employee.get_by_text("Samen spelen · dilemma 1 van 6").wait_for()
    check_new_page_type(employee, "dilemma-samen")
    employee.get_by_role("link", name="Toon wat de gedragscode zegt").click()
    employee.get_by_role("heading", name="Wat zegt de gedragscode?").wait_for()
    employee.get_by_role("link", name="Volgend dilemma").click()
    employee.get_by_text("Samen spelen · dilemma 2 van 6").wait_for()
    assert "De collega die grappen maakt" in main_text(employee)


def test_guide_reaches_each_door_without_javascript(browser, live_site, _login_states, browsing):
    """'Waar meld ik wat?' with JavaScript switched off: every door by plain links."""
    context = browser.new_context(
        base_url=live_site.url,
        java_script_enabled=False,
        storage_state=_login_states("medewerker"),
    )
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("link", name="Twijfel je bij wie je moet zijn? Waar meld ik wat?").click()
        page.get_by_role("heading", level=2, name="Waar gaat het over?").wait_for()
        routes = {
            "De vertrouwenspersoon": ["Hoe collega's", "Eerst in vertrouwen praten"],
            "Je leidinggevende": ["Hoe collega's", "Dat er in mijn team iets verandert"],
            "HR": ["Hoe collega's", "Het gaat om mijn contract"],
            "Het meldpunt integriteit": ["Iets in het werk", "Ik wil het melden", "Ja, ik meld"],
            "Het Huis voor Klokkenluiders": [
                "Iets in het werk",
                "Ik wil het melden",
                "Nee: intern",
            ],
            "De politie": ["Een strafbaar feit"],
            "Een datalek: meld het meteen intern": ["Persoonsgegevens"],
        }
        start = page.url
        for door, answers in routes.items():
            page.goto(start)
            for answer in answers:
                page.get_by_role("link", name=answer).click()
            page.get_by_role("heading", level=2, name=door).wait_for()
            assert "Welke bescherming heb je?" in main_text(page)
        page.get_by_role("link", name="Opnieuw beginnen").click()
        page.get_by_role("heading", level=2, name="Waar gaat het over?").wait_for()
        door_url = page.url + "?stap=meldpunt"
    finally:
        context.close()

    # The same pages with JavaScript, for axe.
    checked = browsing.new_page("medewerker")
    checked.goto("/waar-meld-ik-wat/")
    check_new_page_type(checked, "wegwijzer")
    checked.goto(door_url.replace(live_site.url, ""))
    checked.get_by_role("heading", level=2, name="Het meldpunt integriteit").wait_for()
    check_new_page_type(checked, "wegwijzer-deur")
