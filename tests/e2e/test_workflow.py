"""Editing in a real browser: Redactie submits a change, the Coördinator approves, it is live."""

import re

from django.utils import timezone

import pytest

from kennisbank.demo import revision_news_title
from tests.e2e.helpers import main_text

pytestmark = pytest.mark.e2e

NEWS_TITLE = "156 nieuwe collega's legden de eed of belofte af"
NEW_INTRO = "Vier bijeenkomsten, 156 nieuwe collega's: allemaal legden ze de eed of belofte af."


def open_news_item(page) -> None:
    page.goto("/")
    # The demo dates its announced revision from the day it is loaded.
    page.get_by_role("link", name=revision_news_title(timezone.localdate())).click()
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Nieuws").click()
    page.get_by_role("heading", level=1, name="Nieuws").wait_for()


def test_redacteur_submits_coordinator_approves_change_is_live(browsing):
    """Journey 5: a redacteur edits and submits; the coördinator approves; readers see it."""
    reader = browsing.new_page("medewerker")
    open_news_item(reader)
    assert NEW_INTRO not in main_text(reader)

    # The redacteur opens the page from the site itself and edits it.
    editor = browsing.new_page("redacteur")
    open_news_item(editor)
    editor.get_by_role("link", name=NEWS_TITLE).click()
    editor.get_by_role("heading", level=1, name=NEWS_TITLE).wait_for()
    editor.get_by_role("button", name="Bekijk Wagtail snel acties").click()
    editor.get_by_role("menuitem", name="Wijzig deze pagina").click()
    editor.get_by_role("textbox", name="Inleiding*", exact=True).fill(NEW_INTRO)
    editor.get_by_role("button", name="Meer acties").click()
    actions = editor.locator("footer")
    assert actions.get_by_role("button", name="Publiceren", exact=True).count() == 0, (
        "Redactie must not be able to publish directly"
    )
    actions.get_by_role("button", name=re.compile("^Stuur door naar")).click()
    editor.get_by_text(re.compile("is ter goedkeuring ingediend")).first.wait_for()

    # Submitted, not yet live.
    reader.reload()
    assert NEW_INTRO not in main_text(reader)

    # The coördinator finds it on the dashboard and approves it.
    coordinator = browsing.new_page("coordinator")
    coordinator.goto("/admin/")
    review = coordinator.get_by_role("region", name="In afwachting van jouw beoordeling")
    review.get_by_role("link", name=NEWS_TITLE).click()
    coordinator.get_by_role("button", name="Meer acties").click()
    coordinator.locator("footer").get_by_role("button", name="Goedkeuren en publiceren").click()
    coordinator.get_by_text(f"Pagina '{NEWS_TITLE}' is gewijzigd.").wait_for()

    # Live for every reader.
    reader.reload()
    assert NEW_INTRO in main_text(reader)
    reader.get_by_role("link", name=NEWS_TITLE).click()
    reader.get_by_role("heading", level=1, name=NEWS_TITLE).wait_for()
    assert NEW_INTRO in main_text(reader)
