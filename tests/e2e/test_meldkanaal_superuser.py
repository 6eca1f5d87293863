"""A superuser tries the remaining doors to a planted canary report, in a browser on the served
demo (issue 11): the group editor (every meldkanaal permission given to Redactie, whose member
the superuser can take over), the history and its exports, the admin searches, the site search
and the read API. Every door shows nothing of the report; the case list stays the team's."""

import re

import pytest

from tests.e2e.helpers import DEMO_PASSWORD, login

pytestmark = pytest.mark.e2e

CANARY = "taxiritten declareren"  # in a demo report of Meldpunt integriteit
CANARY_WORD = "taxiritten"


def _redactie_group_url(page) -> str:
    page.goto("/admin/groups/")
    return page.get_by_role("link", name=re.compile("^Redactie$")).first.get_attribute("href")


def test_a_superuser_finds_no_report_through_groups_history_exports_search_or_api(browsing):
    admin = browsing.new_page("admin")

    # The group editor: tick every permission on the page for Redactie and save. Teams are no
    # groups, so no permission a group can hold opens a case. The served demo is shared by the
    # journeys: the permissions are taken back at the end, whatever happens.
    group_url = _redactie_group_url(admin)
    ticked = _set_permissions(admin, group_url, None, True)
    assert ticked
    try:
        _try_the_doors(browsing, admin)
    finally:
        restored = _set_permissions(admin, group_url, ticked, False)
    assert sorted(restored) == sorted(ticked)


def _set_permissions(page, group_url: str, boxes: list | None, checked: bool) -> list:
    """Tick (or untick) the group's permission boxes (all unticked ones when `boxes` is None),
    save the group, return the boxes changed as [name, value] pairs."""
    page.goto(group_url)
    changed = page.evaluate(
        """([boxes, checked]) => {
            const changed = [];
            for (const box of document.querySelectorAll("input[type=checkbox]")) {
                if (box.disabled || !/permission/.test(box.name)) continue;
                const wanted = boxes === null
                    ? !box.checked
                    : boxes.some(([name, value]) => name === box.name && value === box.value);
                if (wanted && box.checked !== checked) {
                    box.checked = checked;
                    changed.push([box.name, box.value]);
                }
            }
            return changed;
        }""",
        [boxes, checked],
    )
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()
    assert "/admin/groups/" in page.url and "/edit/" not in page.url, page.url
    return changed


def _try_the_doors(browsing, admin) -> None:
    # Redactie's member (not a team member: the superuser may take this account over).
    reader = browsing.new_page()
    login(reader, "redacteur", DEMO_PASSWORD)
    for url in (
        "/admin/meldkanaal/melding/",
        "/admin/meldkanaal/melding/inspect/1/",
        "/admin/meldkanaal/teams/",
    ):
        reader.goto(url)
        assert CANARY not in reader.content(), url
    assert reader.get_by_role("link", name="Openen").count() == 0

    # History, its exports and the admin's own searches, as the superuser.
    doors = [
        "/admin/reports/site-history/",
        "/admin/reports/site-history/?export=csv",
        "/admin/reports/site-history/?export=xlsx",
        "/admin/reports/aging-pages/?export=csv",
        "/admin/users/?export=csv",
        f"/admin/pages/search/?q={CANARY_WORD}",
        f"/admin/documents/?q={CANARY_WORD}",
        f"/admin/images/?q={CANARY_WORD}",
        f"/admin/meldkanaal/melding/?q={CANARY_WORD}",
        f"/admin/meldkanaal/melding/?export=csv&q={CANARY_WORD}",
        f"/zoeken/?q={CANARY_WORD}",
        f"/api/v2/pages/?search={CANARY_WORD}",
        "/api/v2/pages/?limit=100",
    ]
    for url in doors:
        response = admin.request.get(url)
        assert response.status < 500, (url, response.status)
        body = response.body()
        assert CANARY.encode() not in body, url
        assert CANARY_WORD.encode() not in body.lower() or url.endswith(CANARY_WORD), url

    # The page of history entries for the Meldpunt's page says nothing of the report either.
    admin.goto("/admin/reports/site-history/")
    assert CANARY not in admin.content()

    # The team still reads its own case: the doors above changed nothing for it.
    member = browsing.new_page()
    login(member, "meldpunt", DEMO_PASSWORD)
    member.goto("/admin/meldkanaal/melding/")
    cases = member.get_by_role("link", name="Openen")
    cases.first.wait_for()
    # The canary is real: one of the team's cases shows it (the doors above are no empty test).
    hrefs = [cases.nth(i).get_attribute("href") for i in range(cases.count())]
    shown = []
    for href in hrefs:
        member.goto(href)
        shown.append(CANARY in member.content())
    assert any(shown)
