"""Finding and approving in a real browser (issue 15): a synonym the Redactie adds makes a
search that found nothing find the page; the Coördinator approves a new version of a rule
from a page that shows its changes word by word."""

import re

import pytest

from tests.e2e.helpers import main_text

pytestmark = pytest.mark.e2e

RULES = "Regeling geschenken en uitnodigingen"
SIDE_JOBS = "Regeling nevenfuncties"


def search(page, query: str) -> str:
    page.goto("/zoeken/?q=" + query)
    page.get_by_role("heading", level=1, name="Zoeken").wait_for()
    return main_text(page)


def test_redacteur_adds_a_synonym_and_a_search_that_found_nothing_finds_the_page(browsing):
    reader = browsing.new_page("medewerker")
    assert "Niets gevonden voor ‘snoepreisje’" in search(reader, "snoepreisje")

    editor = browsing.new_page("redacteur")
    editor.goto("/admin/snippets/search/synoniem/")
    editor.get_by_role("link", name=re.compile("synoniem toevoegen", re.I)).first.click()
    editor.get_by_role("textbox", name=re.compile("^Zoekwoord")).fill("snoepreisje")
    editor.get_by_role("textbox", name=re.compile("^Betekent ook")).fill("reizen, diners")
    editor.get_by_role("button", name="Opslaan").first.click()
    editor.get_by_text(re.compile("snoepreisje")).first.wait_for()

    text = search(reader, "snoepreisje")
    assert RULES in text
    assert "Niets gevonden" not in text


def test_coordinator_approves_a_new_version_from_a_page_with_word_changes(browsing):
    editor = browsing.new_page("redacteur")
    editor.goto("/zoeken/?q=" + SIDE_JOBS)
    editor.get_by_role("link", name=SIDE_JOBS).first.click()
    editor.get_by_role("heading", level=1, name=SIDE_JOBS).wait_for()
    editor.get_by_role("button", name="Bekijk Wagtail snel acties").click()
    editor.get_by_role("menuitem", name="Wijzig deze pagina").click()

    # "Voeg versie toe" starts from the latest version: its articles are there already.
    editor.get_by_role("button", name=re.compile("versie toe", re.I)).click()
    label = editor.locator("input[value='concept nieuwe versie']")
    label.wait_for()
    label.fill("2026")
    prefix = label.get_attribute("id").removesuffix("-label")
    editor.locator(f"#{prefix}-adopted_on").fill("2026-01-13")
    editor.locator(f"#{prefix}-in_force_from").fill("2026-02-01")
    # The new version's own panel holds its copied articles; the last rich text in it is
    # the last article.
    panel = label.locator("xpath=ancestor::*[starts-with(@id, 'inline_child_')][1]")
    article = panel.locator("[contenteditable='true']").last
    article.scroll_into_view_if_needed()
    article.click()
    editor.keyboard.press("End")
    editor.keyboard.type(" Ook vrijwilligerswerk meld je.")
    # Sent at once, well within the 250 ms Draftail waits before it writes the text into
    # its input: admin-draftail-save.js writes it when the form's data is gathered.

    editor.get_by_role("button", name="Meer acties").click()
    editor.locator("footer").get_by_role("button", name=re.compile("^Stuur door naar")).click()
    editor.get_by_text(re.compile("is ter goedkeuring ingediend")).first.wait_for()

    coordinator = browsing.new_page("coordinator")
    coordinator.goto("/admin/")
    review = coordinator.get_by_role("region", name="In afwachting van jouw beoordeling")
    review.get_by_role("link", name=SIDE_JOBS).click()
    changes = coordinator.get_by_role("link", name="Bekijk de wijzigingen in de versies, per woord")
    # In the page's status panel (the "Live" button at the top opens it).
    coordinator.get_by_role("button", name="Toon/verberg status").click()
    changes.click()

    coordinator.get_by_role(
        "heading", level=1, name=re.compile("Wijzigingen ter goedkeuring")
    ).wait_for()
    heading = coordinator.get_by_role("heading", name=re.compile("Nieuwe versie ‘2026’"))
    heading.wait_for()
    inserted = coordinator.locator("ins.kb-ins", has_text="vrijwilligerswerk")
    assert inserted.count() >= 1
    assert "toegevoegd:" in inserted.first.inner_text()
    coordinator.get_by_role("button", name="Goedkeuren en publiceren").click()
    coordinator.wait_for_url(re.compile("/admin/"))

    reader = browsing.new_page("medewerker")
    reader.goto("/zoeken/?q=" + SIDE_JOBS)
    reader.get_by_role("link", name=SIDE_JOBS).first.click()
    assert "Ook vrijwilligerswerk meld je." in main_text(reader)
