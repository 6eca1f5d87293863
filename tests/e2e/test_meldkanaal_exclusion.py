"""Nobody handles a report about themself, in a browser on the served demo: a reporter ticks
on the form that Sanne de Vries (`meldpunt2`) must not read the report; the team sees who is
excluded and why; Sanne, logged in, sees only that the case exists (its number and status)."""

import re

import pytest

from tests.e2e.helpers import assert_no_axe_violations, main_text

pytestmark = pytest.mark.e2e

CANARY = "Kanarie-uitsluiting-5R: het hoofd van het meldpunt nam een reis aan."


def test_a_member_the_reporter_excluded_sees_only_that_the_case_exists(browsing):
    reporter = browsing.new_page()
    reporter.goto("/melden/")
    reporter.get_by_role("radio", name="Zakelijke integriteit").check()
    reporter.get_by_label("Wat is er gebeurd?").fill(CANARY)
    reporter.get_by_role("radio", name="Anoniem").check()
    group = reporter.get_by_role("group", name=re.compile("Wie van het meldpunt mag je melding"))
    assert_no_axe_violations(reporter, "report form with the members to exclude")
    group.get_by_role("checkbox", name=re.compile("Sanne de Vries")).check()
    reporter.get_by_role("button", name="Melding versturen").click()
    reporter.get_by_role("heading", level=1, name="Je melding is verstuurd").wait_for()
    number = re.search(r"Zaaknummer\s+(\S+)", main_text(reporter)).group(1)

    # The team reads it and sees who must not, at the reporter's request.
    team = browsing.new_page("meldpunt")
    team.goto("/admin/meldkanaal/melding/")
    row = team.get_by_role("row").filter(has_text=number)
    case_url = row.get_by_role("link", name="Openen").get_attribute("href")
    team.goto(case_url)
    excluded = team.get_by_role("region", name="Wie mag deze melding niet lezen?")
    assert "Sanne de Vries" in excluded.inner_text()
    assert "op verzoek van de melder" in excluded.inner_text()
    assert CANARY in main_text(team)

    # Sanne: the number and status in the list, nothing else, anywhere she looks.
    sanne = browsing.new_page("meldpunt2")
    sanne.goto("/admin/meldkanaal/melding/")
    section = sanne.get_by_role("region", name="Meldingen waarvan je bent uitgesloten")
    assert f"{number}: Ontvangen" in section.inner_text()
    assert sanne.get_by_role("row").filter(has_text=number).count() == 0
    assert CANARY not in sanne.content()
    assert_no_axe_violations(sanne, "list of an excluded member")

    response = sanne.goto(case_url)
    assert response.status == 403
    sanne.get_by_role("heading", name="Je bent uitgesloten van deze melding").wait_for()
    text = main_text(sanne)
    assert number in text and "Ontvangen" in text
    content = sanne.content()
    for secret in (CANARY, "Anoniem", "Bijlagen", "Berichten met de melder", "Logboek"):
        assert secret not in content, secret
    assert_no_axe_violations(sanne, "case file of an excluded member")

    sanne.goto("/admin/")
    assert CANARY not in sanne.content() and number not in sanne.content()
