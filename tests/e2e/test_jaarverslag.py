"""The yearly report in a browser: the draft's live counts equal "Meldingen in cijfers", the
published report is accessible at 1280 and 375 px and prints without the site's chrome; a
vertrouwenspersoon logs a conversation."""

import datetime
import subprocess
import sys

import pytest

from tests.e2e.helpers import DESKTOP, MOBILE, REPO, assert_no_axe_violations, check_page_type

pytestmark = pytest.mark.e2e


def _draft_pk(live_site) -> int:
    out = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from jaarverslag.models import JaarverslagPage as P;"
            "print(P.objects.get(slug='jaarverslag-integriteit-concept').pk)",
        ],
        cwd=REPO,
        env=live_site.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return int(out.stdout.strip().splitlines()[-1])


def _rows(table) -> dict[str, str]:
    """First column → first number of each body row (row header or plain cell)."""
    rows = {}
    for row in table.locator("tbody tr").all():
        cells = [c.inner_text().strip() for c in row.locator("th, td").all()]
        if len(cells) >= 2:
            rows[cells[0]] = cells[1]
    return rows


def check_both_widths(page, name: str) -> None:
    check_page_type(page, name)
    page.set_viewport_size(MOBILE)
    assert_no_axe_violations(page, f"{name} at 375 px")
    page.set_viewport_size(DESKTOP)


def test_the_draft_counts_what_the_meldkanaal_publishes(browsing, live_site):
    coordinator = browsing.new_page("coordinator")
    coordinator.goto("/admin/meldkanaal/statistiek/")
    statistics = {
        name: _rows(coordinator.get_by_role("table", name=name))
        for name in ("Soort", "Uitkomst", "Team")
    }
    assert statistics["Soort"], "the demo has reports this year"

    coordinator.goto(f"/admin/pages/{_draft_pk(live_site)}/view_draft/")
    year = datetime.date.today().year
    coordinator.get_by_role("heading", level=1, name=f"Jaarverslag integriteit {year}").wait_for()
    for name, heading in (
        ("Soort", "Meldingen per soort"),
        ("Uitkomst", "Meldingen per uitkomst"),
        ("Team", "Meldingen per team"),
    ):
        report = _rows(coordinator.get_by_role("region", name=heading).get_by_role("table"))
        for label, count in statistics[name].items():
            assert report.get(label) == count, (name, label, count, report)
    assert "Concept: de cijfers van de site zijn die van nu" in coordinator.inner_text("main")
    check_both_widths(coordinator, "jaarverslag-concept")


def test_the_published_report_reads_and_prints(browsing):
    employee = browsing.new_page("medewerker")
    employee.goto("/jaarverslag-integriteit-2024/")
    main = employee.locator("main")
    assert "De cijfers van de site zijn vastgelegd op" in main.inner_text()
    cards = employee.locator(".jv-cijfer").all()
    assert len(cards) >= 5
    assert all("Bron: " in card.inner_text() for card in cards)
    kwesties = _rows(
        employee.get_by_role("region", name="Kwesties per onderwerp").get_by_role("table")
    )
    assert kwesties["Intimidatie"] == "17"
    assert kwesties["Discriminatie"] == "<5"
    assert employee.get_by_role("img", name="Staafdiagram").count() >= 1
    check_both_widths(employee, "jaarverslag")

    employee.emulate_media(media="print")
    assert not employee.locator(".site-header").is_visible()
    assert not employee.locator(".site-footer").is_visible()
    assert employee.get_by_role("heading", level=1).is_visible()
    employee.emulate_media(media="screen")


def test_a_vertrouwenspersoon_logs_a_conversation(browsing):
    vp = browsing.new_page("vertrouwenspersoon")
    vp.goto("/admin/kwesties/nieuw/")
    vp.get_by_label("Onderwerp").select_option(label="Discriminatie")
    vp.get_by_label("Vervolg").select_option(label="Doorverwezen naar HR")
    vp.get_by_role("button", name="Opslaan", exact=True).click()
    vp.get_by_text("Kwestie vastgelegd: Discriminatie").wait_for()
    assert "Doorverwezen naar HR" in vp.locator("main").inner_text()
    # Nobody else reaches the list.
    employee = browsing.new_page("coordinator")
    employee.goto("/admin/kwesties/")
    assert "Discriminatie" not in employee.locator("body").inner_text()
