"""Mandatory training in a browser: an employee marks the e-learning done and sees the date;
the Coördinator's start page counts it."""

import datetime

import pytest

from tests.e2e.helpers import DESKTOP, MOBILE, assert_no_axe_violations, check_page_type, main_text

pytestmark = pytest.mark.e2e

MODULE = "E-learning morele oordeelsvorming"
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"


def check_new_page_type(page, name: str) -> None:
    """The project's check (axe at 1280, reflow at 320 and 200 %), plus axe at 375 px."""
    check_page_type(page, name)
    page.set_viewport_size(MOBILE)
    assert_no_axe_violations(page, f"{name} at 375 px")
    page.set_viewport_size(DESKTOP)


def _done_cell(coordinator) -> str:
    coordinator.goto("/admin/")
    panel = coordinator.get_by_role("region", name="Verplichte trainingen")
    row = panel.get_by_role("row").filter(has_text=MODULE)
    return row.get_by_role("cell").nth(2).inner_text()


def test_employee_marks_elearning_done_and_the_dashboard_counts_it(browsing):
    coordinator = browsing.new_page("coordinator")
    before = _done_cell(coordinator)
    assert before.startswith("17")  # the demo: 17 of 28 done
    for viewport in (DESKTOP, MOBILE):
        coordinator.set_viewport_size(viewport)
        assert_no_axe_violations(coordinator, f"admin start page at {viewport['width']} px")
    coordinator.set_viewport_size(DESKTOP)

    employee = browsing.new_page("medewerker")
    employee.goto("/leren-en-oefenen/morele-oordeelsvorming/")
    progress = employee.get_by_role("region", name="Jouw voortgang")
    assert "Deze e-learning is verplicht voor jou." in progress.inner_text()
    check_new_page_type(employee, "e-learning-verplicht-open")

    progress.get_by_role("button", name="Ik heb deze e-learning gedaan").click()
    employee.get_by_text("Vastgelegd: je hebt").wait_for()
    today = datetime.date.today()
    day = f"{today.day} {MONTHS.split()[today.month - 1]} {today.year}"
    progress = employee.get_by_role("region", name="Jouw voortgang")
    assert f"Gedaan op {day}" in progress.inner_text()
    assert progress.get_by_role("button").count() == 0
    check_new_page_type(employee, "e-learning-verplicht-gedaan")

    employee.get_by_role("link", name="Al mijn verplichte trainingen").click()
    employee.get_by_role("heading", level=1, name="Mijn trainingen").wait_for()
    assert f"Gedaan op {day}" in main_text(employee)
    check_new_page_type(employee, "mijn-trainingen")

    after = _done_cell(coordinator)
    assert after != before and after.split()[0] in ("18", "*")

    coordinator.get_by_role("link", name=MODULE).click()
    coordinator.get_by_role("heading", name="Gedaan per afdeling").wait_for()
    for viewport in (DESKTOP, MOBILE):
        coordinator.set_viewport_size(viewport)
        assert_no_axe_violations(coordinator, f"admin training module at {viewport['width']} px")
    coordinator.set_viewport_size(DESKTOP)
