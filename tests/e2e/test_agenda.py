"""The agenda in a browser: register, wait, move up, cancel, import the iCal file; axe clean."""

from pathlib import Path

import pytest
from icalendar import Calendar

from tests.e2e.helpers import DESKTOP, MOBILE, assert_no_axe_violations, check_page_type, main_text

pytestmark = pytest.mark.e2e

FULL = "Moreel beraad: geschenken en uitnodigingen"
TRAINING = "Training: dilemma's in je werk"


def check_new_page_type(page, name: str) -> None:
    """The project's check (axe at 1280, reflow at 320 and 200 %), plus axe at 375 px."""
    check_page_type(page, name)
    page.set_viewport_size(MOBILE)
    assert_no_axe_violations(page, f"{name} at 375 px")
    page.set_viewport_size(DESKTOP)


def test_register_wait_move_up_and_cancel(browsing):
    """Journey: register from the home page, the iCal file, the waiting list moving up."""
    employee = browsing.new_page("medewerker")
    employee.goto("/")
    agenda_block = employee.get_by_role("region", name="In de agenda")
    agenda_block.get_by_role("link", name=TRAINING).click()
    employee.get_by_role("heading", level=1, name=TRAINING).wait_for()
    check_new_page_type(employee, "agenda-bijeenkomst")

    employee.get_by_role("button", name="Aanmelden", exact=True).click()
    employee.get_by_text(f"Je bent aangemeld voor ‘{TRAINING}’.").wait_for()
    assert employee.get_by_role("button", name="Afmelden").is_visible()

    with employee.expect_download() as download:
        employee.get_by_role("link", name="Zet in je agenda (.ics)").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == TRAINING
    assert str(entry["LOCATION"]) == "Provinciehuis, zaal 0.08"
    assert entry.decoded("DTEND") > entry.decoded("DTSTART")

    # A full session: a place is refused, the waiting list is offered.
    employee.goto("/agenda/")
    check_new_page_type(employee, "agenda")
    employee.get_by_role("link", name=FULL).click()
    assert "Vol" in main_text(employee)
    employee.get_by_role("button", name="Zet me op de wachtlijst").click()
    employee.get_by_text("Je staat op de wachtlijst (plaats 1).").wait_for()

    # The coördinator cancels from "Mijn aanmeldingen": the employee moves up (the e-mail is a
    # task for the worker, which the e2e site does not run: tests/agenda checks it).
    coordinator = browsing.new_page("coordinator")
    coordinator.goto("/agenda/mijn-aanmeldingen/")
    coordinator.get_by_role("button", name=f"Afmelden voor {FULL}").click()
    coordinator.get_by_text(f"Je bent afgemeld voor ‘{FULL}’.").wait_for()

    employee.goto("/agenda/mijn-aanmeldingen/")
    check_new_page_type(employee, "agenda-mijn-aanmeldingen")
    item = employee.get_by_role("listitem").filter(has_text=FULL)
    assert "Aangemeld" in item.inner_text()
    assert "Eed afgelegd op" in main_text(employee)  # the demo's oath session

    # Cancelling the training frees the place again.
    item = employee.get_by_role("listitem").filter(has_text=TRAINING)
    item.get_by_role("button", name=f"Afmelden voor {TRAINING}").click()
    employee.get_by_text(f"Je bent afgemeld voor ‘{TRAINING}’.").wait_for()
    assert TRAINING not in employee.get_by_role("region", name="Komende bijeenkomsten").inner_text()


def test_past_sessions_stay_readable(browsing):
    employee = browsing.new_page("medewerker")
    employee.goto("/agenda/")
    employee.get_by_role("link", name="Bijeenkomsten die geweest zijn").click()
    employee.get_by_role("heading", level=1, name="Bijeenkomsten die geweest zijn").wait_for()
    check_new_page_type(employee, "agenda-archief")
    employee.get_by_role("link", name="Ambtseed-bijeenkomst najaar").click()
    text = main_text(employee)
    assert "Deze bijeenkomst is geweest" in text
    assert employee.get_by_role("button", name="Aanmelden", exact=True).count() == 0


def test_organiser_sees_attendees_and_exports_them(browsing):
    coordinator = browsing.new_page("coordinator")
    coordinator.goto("/admin/")
    panel = coordinator.get_by_role("region", name="Komende bijeenkomsten")
    assert "Nieuwe medewerkers zonder vastgelegde ambtseed" in panel.inner_text()
    coordinator.get_by_role("link", name="Alle aanmeldingen").click()
    coordinator.get_by_role("link", name="Ambtseed-bijeenkomst najaar").click()
    assert "Eden en beloften vastgelegd: 2." in coordinator.locator("main").inner_text()
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="Download deelnemers als CSV").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "naam;e-mail;status;aangemeld op;aanwezig;ambtseed"
    assert len(rows) == 3
