"""iCal files parsed by the icalendar library, the home page's next three, query budgets."""

import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from agenda import services
from agenda.constants import Soort
from tests.agenda.factories import EventPageFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_ics_of_one_event_is_valid_icalendar(employee_client, agenda):
    event = EventPageFactory(
        parent=agenda,
        title="Training morele oordeelsvorming",
        soort=Soort.TRAINING,
        location="Provinciehuis, zaal 0.08",
        online_link="https://teams.example/training",
    )
    response = employee_client.get(f"{event.url}ical/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert ".ics" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Training morele oordeelsvorming"
    assert entry.decoded("DTSTART") == event.start
    assert entry.decoded("DTEND") == event.end
    assert str(entry["LOCATION"]) == "Provinciehuis, zaal 0.08"
    assert str(entry["URL"]).endswith(event.url)
    assert str(entry["UID"]).startswith(f"bijeenkomst-{event.pk}@")


def test_feed_has_coming_and_recent_events_with_stable_uids(employee_client, agenda):
    now = timezone.now()
    coming = EventPageFactory(parent=agenda, title="Komt nog")
    EventPageFactory(
        parent=agenda,
        title="Lang geleden",
        start=now - datetime.timedelta(days=200),
        end=now - datetime.timedelta(days=200, hours=-1),
    )
    recent = EventPageFactory(
        parent=agenda,
        title="Vorige week",
        start=now - datetime.timedelta(days=7),
        end=now - datetime.timedelta(days=7, hours=-1),
    )
    draft = EventPageFactory(parent=agenda, title="Concept")
    draft.unpublish()

    first = Calendar.from_ical(employee_client.get("/agenda/ical/").content)
    second = Calendar.from_ical(employee_client.get("/agenda/ical/").content)

    titles = [str(entry["SUMMARY"]) for entry in first.walk("VEVENT")]
    assert titles == ["Vorige week", "Komt nog"]
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in second.walk("VEVENT")
    ]
    assert {str(e["UID"]) for e in first.walk("VEVENT")} == {
        f"bijeenkomst-{recent.pk}@127.0.0.1",
        f"bijeenkomst-{coming.pk}@127.0.0.1",
    }


def test_home_shows_the_next_three_events(employee_client, agenda):
    now = timezone.now()
    for days in (30, 2, 9, 5, 60):
        EventPageFactory(
            parent=agenda,
            title=f"Over {days} dagen",
            start=now + datetime.timedelta(days=days),
            end=now + datetime.timedelta(days=days, hours=1),
        )
    EventPageFactory(
        parent=agenda,
        title="Gisteren",
        start=now - datetime.timedelta(days=1),
        end=now - datetime.timedelta(days=1, hours=-1),
    )
    soup = BeautifulSoup(employee_client.get("/").content, "html.parser")
    section = soup.find(id="agenda-komend").parent
    titles = [h.get_text(strip=True) for h in section.select(".kb-news__title")]
    assert titles == ["Over 2 dagen", "Over 5 dagen", "Over 9 dagen"]
    assert section.find("a", string="De hele agenda")["href"] == "/agenda/"


def test_a_restricted_session_is_left_out_of_the_agenda_its_feed_and_home(employee_client, agenda):
    """Its title must not show to readers who may not open it; a restriction added after
    the lists were read counts at once (they read restrictions once per change)."""
    now = timezone.now()
    for title in ("Open sessie", "Besloten sessie"):
        EventPageFactory(
            parent=agenda,
            title=title,
            start=now + datetime.timedelta(days=3),
            end=now + datetime.timedelta(days=3, hours=1),
        )
    addresses = ("/agenda/", "/agenda/ical/", "/")
    with override_settings(PAGE_CACHE_ENABLED=False):
        for address in addresses:
            assert "Besloten sessie" in employee_client.get(address).content.decode()

        closed = agenda.get_children().get(title="Besloten sessie")
        PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.GROUPS)

        for address in addresses:
            content = employee_client.get(address).content.decode()
            assert "Open sessie" in content
            assert "Besloten sessie" not in content, address


def test_a_session_that_ends_leaves_home_without_any_change_of_the_site(
    employee_client, agenda, monkeypatch
):
    """Home's lists are kept per process until the site changes (HomePage.shared_lists);
    a session ending changes nothing in the site, so they also run out when the first
    listed session ends: the next one moves up at once."""
    now = timezone.now()
    for hours in (2, 30, 60, 90):
        EventPageFactory(
            parent=agenda,
            title=f"Over {hours} uur",
            start=now + datetime.timedelta(hours=hours - 1),
            end=now + datetime.timedelta(hours=hours),
        )

    def titles():
        soup = BeautifulSoup(employee_client.get("/").content, "html.parser")
        section = soup.find(id="agenda-komend").parent
        return [h.get_text(strip=True) for h in section.select(".kb-news__title")]

    with override_settings(PAGE_CACHE_ENABLED=False):
        assert titles() == ["Over 2 uur", "Over 30 uur", "Over 60 uur"]
        assert titles() == ["Over 2 uur", "Over 30 uur", "Over 60 uur"]  # from the memo
        later = now + datetime.timedelta(hours=3)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert titles() == ["Over 30 uur", "Over 60 uur", "Over 90 uur"]


def test_home_without_events_has_no_agenda_block(employee_client, home_page):
    soup = BeautifulSoup(employee_client.get("/").content, "html.parser")
    assert soup.find(id="agenda-komend") is None


def _queries(client, url) -> int:
    # What rendering costs: the page cache (ADR 0019) would answer these from its copy.
    with override_settings(PAGE_CACHE_ENABLED=False):
        # What is read once per change of the site (the menu, the view restrictions) is read
        # by an earlier reader (twice: the first visit creates the site settings, a change).
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _events(agenda, count, users):
    events = [EventPageFactory(parent=agenda, capacity=2) for _ in range(count)]
    for event in events:
        for user in users:
            services.register(event.pk, user, wachtlijst=True)
    return events


def test_agenda_pages_cost_the_same_for_3_or_30_events(client, medewerker, agenda):
    users = [UserFactory() for _ in range(3)]
    client.force_login(medewerker)
    events = _events(agenda, 3, users)
    for event in events:
        services.register(event.pk, medewerker, wachtlijst=True)
    few = {url: _queries(client, url) for url in ("/agenda/", "/agenda/mijn-aanmeldingen/", "/")}

    for event in _events(agenda, 27, users):
        services.register(event.pk, medewerker, wachtlijst=True)
    many = {url: _queries(client, url) for url in few}

    assert many == few
    assert few["/agenda/"] <= 20  # session, user, site, menu, settings: most are the base page


def test_event_page_has_a_fixed_query_budget(client, medewerker, agenda):
    event = EventPageFactory(parent=agenda, capacity=2)
    client.force_login(medewerker)
    services.register(event.pk, medewerker)
    few = _queries(client, event.url)
    for _ in range(30):
        services.register(event.pk, UserFactory(), wachtlijst=True)
    assert _queries(client, event.url) == few


def test_the_agenda_and_its_archive_show_a_page_of_sessions_at_the_same_cost(
    client, medewerker, agenda
):
    """Issue 13: every listing paginated, page 1 costing what the last page costs."""
    client.force_login(medewerker)
    now = timezone.now().replace(second=0, microsecond=0)
    for n in range(45):
        start = now + datetime.timedelta(days=n + 1)
        EventPageFactory(parent=agenda, title=f"Komend {n:02}", start=start, capacity=5)
    for n in range(25):
        start = now - datetime.timedelta(days=n + 1)
        EventPageFactory(parent=agenda, title=f"Geweest {n:02}", start=start)
    services.register(agenda.get_children().first().pk, medewerker)

    def titles(url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        return [h.get_text(strip=True) for h in soup.select(".kb-news__title")], soup

    first, soup = titles("/agenda/")
    assert first == [f"Komend {n:02}" for n in range(20)]
    assert soup.select_one(".kb-pagination [aria-current]").get_text() == "Pagina 1 van 3"
    assert soup.select_one(".kb-pagination a[rel=next]")["href"] == "?pagina=2"
    assert "Je bent aangemeld" in soup.text  # the reader's own status on the cards
    last, soup = titles("/agenda/?pagina=3")
    assert last == [f"Komend {n:02}" for n in range(40, 45)]
    assert soup.select_one(".kb-pagination a[rel=prev]").get_text() == "Eerder"
    assert titles("/agenda/?pagina=99")[0] == last  # past the end: the last page
    assert titles("/agenda/?pagina=x")[0] == first

    past, _ = titles("/agenda/archief/?pagina=2")
    assert past == [f"Geweest {n:02}" for n in range(20, 25)]  # newest first

    assert _queries(client, "/agenda/") == _queries(client, "/agenda/?pagina=3")
    assert _queries(client, "/agenda/archief/") == _queries(client, "/agenda/archief/?pagina=2")
